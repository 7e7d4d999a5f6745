/* cli_util.c — usage errors, format names, colour and report sinks shared
 * by the subcommands (cli_util.h). */
#include "cli_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../core/diag.h"

int cli_usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(fmt, ap);
    va_end(ap);
    fputs(usage, stderr);
    return 2;
}

int cli_help(const char *usage)
{
    fputs(usage, stdout);
    return 0;
}

int cli_bad_option(const char *usage)
{
    fputs(usage, stderr);
    return 2;
}

int cli_output_arg(const char *usage, const char *arg, const char **out)
{
    if (!*arg)
        return cli_usage_error(usage, "--output needs a file name");
    *out = arg;
    return -1;
}

int cli_need_inputs(const char *usage, int optind_, int argc)
{
    if (optind_ >= argc)
        return cli_usage_error(usage, "no input: give files, directories, or - for stdin");
    return -1;
}

const char *cli_format_other(const char *name)
{
    static const char *const PAIRS[][2] = {{"text", "txt"}, {"markdown", "md"}};
    for (size_t i = 0; i < sizeof PAIRS / sizeof *PAIRS; i++)
        for (int k = 0; k < 2; k++)
            if (strcmp(name, PAIRS[i][k]) == 0)
                return PAIRS[i][!k];
    return name;
}

int cli_format_index(const char *name, const char *const *names)
{
    const char *other = cli_format_other(name);
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0 || strcmp(other, names[i]) == 0)
            return i;
    return -1;
}

void cli_push_arg(const char ***v, size_t *n, const char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

bool cli_parse_count(const char *arg, unsigned long min, unsigned long max, unsigned long *out)
{
    if (*arg < '0' || *arg > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 10);
    if (*end || errno == ERANGE || v < min || v > max)
        return false;
    *out = v;
    return true;
}

bool cli_require_objects(const struct scan_summary *s, bool allow_empty)
{
    if (s->objects || allow_empty || s->input_errors)
        return s->objects || allow_empty;
    if (!s->files)
        diag_error("%s", "no manifests (.yaml, .yml, .json) in the input "
                         "(use --allow-empty to accept)");
    else if (s->skipped)
        diag_error("no Kubernetes objects in the input (%zu document%s without apiVersion "
                   "and kind; use --allow-empty to accept)",
                   s->skipped, s->skipped == 1 ? "" : "s");
    else
        diag_error("%s", "no Kubernetes objects in the input (use --allow-empty to accept)");
    return false;
}

int cli_finish_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        diag_error("standard output: %s", strerror(errno ? errno : EIO));
        return 2;
    }
    /* nothing pending: a standard output closed from the start (>&-) that
     * was never written to is no error */
    if (fclose(stdout) != 0 && errno != EBADF) {
        diag_error("standard output: %s", strerror(errno));
        return 2;
    }
    return rc;
}

bool cli_use_color(bool text, bool to_file, bool no_color)
{
    const char *env = getenv("NO_COLOR");
    return text && !to_file && !no_color && isatty(STDOUT_FILENO) && !(env && *env);
}

/* A report written to a regular file goes out in large writes: a system
 * call per 4 KiB block (stdio's usual buffer) costs more than the copying.
 * The buffer is the sink's (stdio ignores the size unless given one). */
static void buffer_for_file(struct cli_sink *s)
{
    enum { SIZE = 64 << 10 };
    struct stat st;
    if (fstat(fileno(s->f), &st) != 0 || !S_ISREG(st.st_mode))
        return;
    s->buf = xmalloc(SIZE);
    setvbuf(s->f, s->buf, _IOFBF, SIZE);
}

bool cli_sink_open(struct cli_sink *s, const char *path)
{
    s->path = path;
    s->buf = NULL;
    if (!path) {
        s->f = stdout;
        return true;
    }
    s->f = atomic_open(&s->af, path);
    if (!s->f)
        diag_error("%s: %s", path, strerror(errno));
    else
        buffer_for_file(s);
    return s->f != NULL;
}

int cli_sink_close(struct cli_sink *s)
{
    if (!s->path) {
        fflush(stdout);
        return 0;
    }
    int rc = atomic_commit(&s->af), e = errno; /* closes s->f, whatever happens */
    free(s->buf);
    s->buf = NULL;
    errno = e;
    if (rc != 0) {
        diag_error("%s: %s", s->path, strerror(errno));
        return -1;
    }
    return 0;
}
