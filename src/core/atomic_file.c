/* atomic_file.c — report sinks (atomic_file.h): symbolic links resolved by
 * hand so that a link to a missing file still names the file to create,
 * special files opened in place, regular files replaced by rename. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

enum { MAX_LINK_HOPS = 40 }; /* as the kernel's ELOOP limit */

/* The directory part of path with its '/' ("" for a bare name). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* The target of the symbolic link at path, relative to the link's
 * directory as the kernel reads it; NULL with errno set. */
static char *read_link(const char *path)
{
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target);
    if (n < 0)
        return NULL;
    if ((size_t)n == sizeof target) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    target[n] = '\0';
    size_t dir = target[0] == '/' ? 0 : dir_len(path);
    char *joined = xmalloc(dir + (size_t)n + 1);
    memcpy(joined, path, dir);
    memcpy(joined + dir, target, (size_t)n + 1);
    return joined;
}

/* path with every symbolic link at its end followed: the file to write.
 * The result may not exist yet (a link to a file still to be created).
 * *descriptor tells whether a link on the way is one of /proc's links to an
 * open file (/dev/stdout, /dev/fd/N): its text is no path to rename over. */
static char *resolve_links(const char *path, bool *descriptor)
{
    char *cur = xstrdup(path);
    *descriptor = false;
    for (int hops = 0;; hops++) {
        struct stat st;
        if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
            return cur;
        if (strncmp(cur, "/proc/", 6) == 0)
            *descriptor = true;
        char *next = hops < MAX_LINK_HOPS ? read_link(cur) : (errno = ELOOP, NULL);
        free(cur);
        if (!next)
            return NULL;
        cur = next;
    }
}

static void release(struct atomic_file *af)
{
    free(af->path);
    free(af->tmp);
    free(af->buf);
    memset(af, 0, sizeof *af);
}

/* Fails the open: frees what it holds, keeps errno. */
static FILE *fail(struct atomic_file *af)
{
    int e = errno;
    release(af);
    errno = e;
    return NULL;
}

/* A device, a FIFO or an open file reached through /proc (flags O_APPEND:
 * after what the descriptor's owner wrote, as `>>`): written where it is,
 * never truncated or replaced. */
static FILE *open_direct(struct atomic_file *af, const char *path, int flags)
{
    free(af->path);
    af->path = xstrdup(path);
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | flags);
    if (fd < 0)
        return fail(af);
    af->f = fdopen(fd, "w");
    if (!af->f) {
        close(fd);
        return fail(af);
    }
    return af->f;
}

/* The mode a new file gets: 0666 less the umask, as a shell redirection. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* Gives the new file old's owner, or at least its group; when neither is
 * ours to give, it stays the writer's, as with an editor that replaces files. */
static void keep_owner(int fd, const struct stat *old)
{
    if (old->st_uid == geteuid() && old->st_gid == getegid())
        return;
    if (fchown(fd, old->st_uid, old->st_gid) != 0 && fchown(fd, (uid_t)-1, old->st_gid) != 0)
        return;
}

/* A report of tens of megabytes is written in a few hundred system calls,
 * not ten thousand (stdio's own buffer is a page). */
enum { TEMP_BUFFER = 64 * 1024 };

/* A temporary file beside path, with the mode and owner of old, the file it
 * replaces (NULL: a new file). A file the writer may not write is not
 * replaced either: -o fails as a shell redirection would. */
static FILE *open_temp(struct atomic_file *af, const struct stat *old)
{
    if (old && faccessat(AT_FDCWD, af->path, W_OK, AT_EACCESS) != 0)
        return fail(af);
    size_t n = strlen(af->path) + sizeof ".tmpXXXXXX";
    af->tmp = xmalloc(n);
    snprintf(af->tmp, n, "%s.tmpXXXXXX", af->path);
    int fd = mkstemp(af->tmp);
    if (fd < 0)
        return fail(af);
    if (old)
        keep_owner(fd, old);
    if (fchmod(fd, old ? old->st_mode & 07777 : new_file_mode()) != 0 ||
        !(af->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        unlink(af->tmp);
        errno = e;
        return fail(af);
    }
    af->buf = xmalloc(TEMP_BUFFER);
    setvbuf(af->f, af->buf, _IOFBF, TEMP_BUFFER);
    return af->f;
}

FILE *atomic_open(struct atomic_file *af, const char *path)
{
    memset(af, 0, sizeof *af);
    struct stat st; /* what path is, through every link */
    bool exists = stat(path, &st) == 0;
    if (!exists && errno != ENOENT)
        return fail(af);
    if (exists && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return fail(af);
    }
    if (exists && !S_ISREG(st.st_mode))
        return open_direct(af, path, 0);
    bool descriptor;
    af->path = resolve_links(path, &descriptor);
    if (!af->path)
        return fail(af);
    if (descriptor) /* the open file of a descriptor, or none (ENOENT) */
        return exists ? open_direct(af, path, O_APPEND) : (errno = ENOENT, fail(af));
    return open_temp(af, exists ? &st : NULL);
}

/* Makes the rename durable; a directory that cannot be synced (some file
 * systems refuse) does not fail the write. */
static void sync_dir(const char *path)
{
    size_t n = dir_len(path);
    char *dir = n ? xmalloc(n + 1) : xstrdup(".");
    if (n) {
        memcpy(dir, path, n);
        dir[n] = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

int atomic_commit(struct atomic_file *af)
{
    int e = 0;
    bool failed = fflush(af->f) != 0 || ferror(af->f);
    if (failed)
        e = errno ? errno : EIO;
    else if (af->tmp && fsync(fileno(af->f)) != 0)
        failed = true, e = errno;
    if (fclose(af->f) != 0 && !failed)
        failed = true, e = errno;
    if (!failed && af->tmp && rename(af->tmp, af->path) != 0)
        failed = true, e = errno;
    if (failed && af->tmp)
        unlink(af->tmp);
    else if (af->tmp)
        sync_dir(af->path);
    release(af);
    errno = e;
    return failed ? -1 : 0;
}

void atomic_abort(struct atomic_file *af)
{
    fclose(af->f);
    if (af->tmp)
        unlink(af->tmp);
    release(af);
}
