/* fmt.c — the plain-directive formatter (fmt.h). */
#include "fmt.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Appends s[0, n) when it fits below end (one byte kept for the NUL). */
static char *put(char *p, const char *end, const char *s, size_t n)
{
    if ((size_t)(end - p) <= n)
        return NULL;
    memcpy(p, s, n);
    return p + n;
}

size_t fmt_uint(char *buf, unsigned long long v)
{
    char digits[FMT_UINT_MAX], *d = digits + sizeof digits;
    do
        *--d = (char)('0' + v % 10);
    while (v /= 10);
    size_t n = (size_t)(digits + sizeof digits - d);
    memcpy(buf, d, n);
    return n;
}

static char *put_unsigned(char *p, const char *end, unsigned long long v, bool negative)
{
    char digits[24], *d = digits + sizeof digits;
    do
        *--d = (char)('0' + v % 10);
    while (v /= 10);
    if (negative)
        *--d = '-';
    return put(p, end, d, (size_t)(digits + sizeof digits - d));
}

int fmt_plain(char *buf, size_t size, const char *fmt, va_list ap)
{
    if (!size)
        return -1;
    char *p = buf;
    const char *end = buf + size;
    while (p && *fmt) {
        const char *pct = strchrnul(fmt, '%'); /* one pass for the last literal too */
        p = put(p, end, fmt, (size_t)(pct - fmt));
        fmt = pct;
        if (!*pct || !p)
            break;
        fmt++; /* past '%' */
        if (*fmt == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                return -1; /* printf's "(null)" is left to printf */
            p = put(p, end, s, strlen(s));
        } else if (fmt[0] == '.' && fmt[1] == '*' && fmt[2] == 's') {
            int prec = va_arg(ap, int);
            const char *s = va_arg(ap, const char *);
            if (!s)
                return -1;
            p = put(p, end, s, prec < 0 ? strlen(s) : strnlen(s, (size_t)prec));
            fmt += 2;
        } else if (*fmt == 'c') {
            char c = (char)va_arg(ap, int);
            p = put(p, end, &c, 1);
        } else if (*fmt == 'd') {
            long long v = va_arg(ap, int);
            p = put_unsigned(p, end, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
                             v < 0);
        } else if (*fmt == 'u') {
            p = put_unsigned(p, end, va_arg(ap, unsigned), false);
        } else if (fmt[0] == 'l' && (fmt[1] == 'd' || fmt[1] == 'u' ||
                                     (fmt[1] == 'l' && (fmt[2] == 'd' || fmt[2] == 'u')))) {
            bool wide = fmt[1] == 'l'; /* %lld, %llu */
            fmt += wide ? 2 : 1;
            if (*fmt == 'd') {
                long long v = wide ? va_arg(ap, long long) : va_arg(ap, long);
                p = put_unsigned(p, end, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
                                 v < 0);
            } else {
                p = put_unsigned(p, end, wide ? va_arg(ap, unsigned long long)
                                              : va_arg(ap, unsigned long), false);
            }
        } else if (fmt[0] == 'z' && fmt[1] == 'u') {
            p = put_unsigned(p, end, va_arg(ap, size_t), false);
            fmt++;
        } else if (*fmt == '%') {
            p = put(p, end, "%", 1);
        } else {
            return -1;
        }
        fmt++;
    }
    if (!p)
        return -1;
    *p = '\0';
    return (int)(p - buf);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    va_list plain;
    va_copy(plain, ap);
    int n = fmt_plain(buf, size, fmt, plain);
    va_end(plain);
    return n >= 0 ? n : vsnprintf(buf, size, fmt, ap);
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
