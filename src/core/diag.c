/* diag.c — error and warning printing (diag.h). */
#include "diag.h"

#include <stdatomic.h>
#include <stdio.h>

#include "progress.h"

static atomic_uint error_count;
static _Thread_local FILE *captured; /* diag_capture */

/* `ringwall: ` + optional prefix + message + newline, on stderr (or where
 * this thread's messages are captured). */
static void print(const char *prefix, const char *fmt, va_list ap)
{
    FILE *out = captured ? captured : stderr;
    if (!captured)
        progress_interrupt();
    fputs("ringwall: ", out);
    if (prefix)
        fputs(prefix, out);
    vfprintf(out, fmt, ap);
    fputc('\n', out);
}

void diag_capture(FILE *f)
{
    captured = f;
}

void diag_replay(const char *text, size_t len)
{
    if (!len)
        return;
    progress_interrupt();
    fwrite(text, 1, len, stderr);
}

void diag_error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    char where[4096];
    if (line)
        snprintf(where, sizeof where, "%s:%u:%u: ", file, line, col ? col : 1);
    else
        snprintf(where, sizeof where, "%s: ", file);
    va_list ap;
    va_start(ap, fmt);
    print(where, fmt, ap);
    va_end(ap);
    error_count++;
}

void diag_verror(const char *fmt, va_list ap)
{
    print(NULL, fmt, ap);
    error_count++;
}

void diag_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_verror(fmt, ap);
    va_end(ap);
}

void diag_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print("warning: ", fmt, ap);
    va_end(ap);
}

unsigned diag_error_count(void)
{
    return error_count;
}
