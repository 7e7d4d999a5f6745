/* atomic_file.c — temp-file-and-rename writes (atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

FILE *atomic_open(struct atomic_file *af, const char *path)
{
    memset(af, 0, sizeof *af);
    size_t n = strlen(path) + 16;
    af->path = xstrdup(path);
    af->tmp = xmalloc(n);
    snprintf(af->tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        free(af->path);
        free(af->tmp);
        errno = e;
        return NULL;
    }
    fchmod(fd, 0644);
    af->f = fdopen(fd, "w");
    return af->f;
}

int atomic_commit(struct atomic_file *af)
{
    int rc = 0;
    if (fflush(af->f) != 0 || fsync(fileno(af->f)) != 0)
        rc = -1;
    int e = errno;
    if (fclose(af->f) != 0 && rc == 0)
        rc = -1, e = errno;
    if (rc == 0 && rename(af->tmp, af->path) != 0)
        rc = -1, e = errno;
    if (rc != 0)
        unlink(af->tmp);
    free(af->path);
    free(af->tmp);
    errno = e;
    return rc;
}

void atomic_abort(struct atomic_file *af)
{
    fclose(af->f);
    unlink(af->tmp);
    free(af->path);
    free(af->tmp);
}
