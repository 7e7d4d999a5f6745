/* diag.c — error and warning printing (diag.h). */
#include "diag.h"

#include <stdio.h>

#include "progress.h"

static unsigned error_count;

/* `ringwall: ` + optional prefix + message + newline, on stderr. */
static void print(const char *prefix, const char *fmt, va_list ap)
{
    progress_interrupt();
    fputs("ringwall: ", stderr);
    if (prefix)
        fputs(prefix, stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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
