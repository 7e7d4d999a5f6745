/* diag.h — user-facing errors: `ringwall: FILE:LINE:COL: message` on stderr.
 * Every input error goes through here so the format never drifts. */
#ifndef RINGWALL_DIAG_H
#define RINGWALL_DIAG_H

#include <stdarg.h>

void diag_error_at(const char *file, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_verror(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Number of errors reported so far (decides exit status 2). */
unsigned diag_error_count(void);

#endif
