/* diag.c — error and warning printing (diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

static unsigned error_count;

void diag_error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (line)
        fprintf(stderr, "ringwall: %s:%u:%u: ", file, line, col ? col : 1);
    else
        fprintf(stderr, "ringwall: %s: ", file);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    error_count++;
}

void diag_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ringwall: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    error_count++;
}

void diag_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("ringwall: warning: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

unsigned diag_error_count(void)
{
    return error_count;
}
