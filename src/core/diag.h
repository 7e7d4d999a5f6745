/* diag.h — user-facing errors: `ringwall: FILE:LINE:COL: message` on stderr.
 * Every input error goes through here so the format never drifts. */
#ifndef RINGWALL_DIAG_H
#define RINGWALL_DIAG_H

#include <stdarg.h>
#include <stdio.h>

void diag_error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Until diag_capture(NULL), this thread's messages are written to f (an
 * open_memstream, say) instead of standard error, counted all the same:
 * to print them later, in the order of the work they belong to. */
void diag_capture(FILE *f);
/* Prints text captured earlier on standard error. */
void diag_replay(const char *text, size_t len);
/* Number of errors reported so far (decides exit status 2). */
unsigned diag_error_count(void);

#endif
