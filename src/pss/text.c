/* text.c — message building helpers (text.h). */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(struct pss_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void pss_buf_puts(struct pss_buf *b, const char *s)
{
    size_t n = strlen(s);
    reserve(b, n);
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
}

void pss_buf_printf(struct pss_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void pss_buf_join_quoted(struct pss_buf *b, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pss_buf_puts(b, i ? ", \"" : "\"");
        pss_buf_puts(b, items[i]);
        pss_buf_puts(b, "\"");
    }
}

void pss_buf_noun_list(struct pss_buf *b, const char *singular, const char *plural,
                       const char *const *items, size_t n)
{
    pss_buf_puts(b, n == 1 ? singular : plural);
    pss_buf_puts(b, " ");
    pss_buf_join_quoted(b, items, n);
}

void pss_buf_free(struct pss_buf *b)
{
    free(b->s);
    *b = (struct pss_buf){0};
}

const char *pss_quote(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 4 + 3), *p = out;
    *p++ = '"';
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"': *p++ = '\\'; *p++ = '"'; break;
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        default:
            if (*c < 0x20 || *c == 0x7f)
                p += sprintf(p, "\\x%02x", *c);
            else
                *p++ = (char)*c;
        }
    }
    *p++ = '"';
    *p = '\0';
    return out;
}
