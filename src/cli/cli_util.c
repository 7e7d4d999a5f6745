/* cli_util.c — usage errors, format names, colour and report sinks shared
 * by the subcommands (cli_util.h). */
#include "cli_util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int cli_format_index(const char *name, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

bool cli_use_color(bool text, bool to_file, bool no_color)
{
    const char *env = getenv("NO_COLOR");
    return text && !to_file && !no_color && isatty(STDOUT_FILENO) && !(env && *env);
}

bool cli_sink_open(struct cli_sink *s, const char *path)
{
    s->path = path;
    if (!path) {
        s->f = stdout;
        return true;
    }
    s->f = atomic_open(&s->af, path);
    if (!s->f)
        diag_error("%s: %s", path, strerror(errno));
    return s->f != NULL;
}

int cli_sink_close(struct cli_sink *s)
{
    if (!s->path) {
        if (fflush(stdout) == 0 && !ferror(stdout))
            return 0;
        diag_error("standard output: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    if (fflush(s->f) != 0 || ferror(s->f)) {
        int e = errno ? errno : EIO;
        atomic_abort(&s->af);
        diag_error("%s: %s", s->path, strerror(e));
        return -1;
    }
    if (atomic_commit(&s->af) != 0) {
        diag_error("%s: %s", s->path, strerror(errno));
        return -1;
    }
    return 0;
}
