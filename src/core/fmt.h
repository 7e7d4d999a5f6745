/* fmt.h — printf for the directives that build paths and messages (%s, %.*s,
 * %c, %d, %u, %ld, %lu, %lld, %llu, %zu, %%), without the cost of the C
 * library's general formatter. Gives up, untouched, on anything else, so
 * callers keep vsnprintf as the fallback and the text is always the same as
 * printf's. */
#ifndef RINGWALL_FMT_H
#define RINGWALL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into buf[size] with a terminating NUL, like vsnprintf. Returns the
 * length, or -1 when fmt has another directive or a NULL %s argument, or the
 * text does not fit: then buf holds nothing usable. ap is consumed either
 * way (pass a va_copy to fall back). */
int fmt_plain(char *buf, size_t size, const char *fmt, va_list ap);

/* vsnprintf and snprintf, by fmt_plain when it can (same text, same return
 * value), else by the C library's. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes v in decimal into buf (FMT_UINT_MAX bytes are enough), without a
 * NUL; returns the number of digits. */
enum { FMT_UINT_MAX = 20 };
size_t fmt_uint(char *buf, unsigned long long v);

#endif
