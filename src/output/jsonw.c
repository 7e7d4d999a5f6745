/* jsonw.c — streaming JSON writer (jsonw.h). */
#include "jsonw.h"

#include <stdint.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static const uint64_t ONES = 0x0101010101010101ULL, HIGHS = 0x8080808080808080ULL;

/* Whether any byte of w is below n (n <= 128; exact as a yes or no). */
static uint64_t byte_below(uint64_t w, unsigned n)
{
    return (w - n * ONES) & ~w & HIGHS;
}

/* Whether any of the eight bytes of w must be escaped or decoded. */
static uint64_t word_not_plain(uint64_t w)
{
    return (w & HIGHS) | byte_below(w, 0x20) | byte_below(w ^ ('"' * ONES), 1) |
           byte_below(w ^ ('\\' * ONES), 1);
}

/* Bytes that go out as they are: printable ASCII but the two JSON escapes.
 * Sixteen bytes at a time with SSE2, then eight while they are all plain,
 * then byte by byte. */
static size_t plain_span(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = p;
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                  backslash = _mm_set1_epi8('\\');
    for (; end - q >= 16; q += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
        /* signed: below 0x20, or 0x80 and above */
        __m128i special = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                       _mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                    _mm_cmpeq_epi8(x, backslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(special);
        if (mask)
            return (size_t)(q - p) + (size_t)__builtin_ctz(mask);
    }
#endif
    for (; end - q >= 8; q += 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        if (word_not_plain(w))
            break;
    }
    if (end - q < 8 && q < end) {
        uint64_t w = 'a' * ONES; /* the short last word is padded with plain bytes */
        memcpy(&w, q, (size_t)(end - q));
        if (!word_not_plain(w))
            q = end;
    }
    if (q >= end)
        return (size_t)(end - p);
    while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
        q++;
    return (size_t)(q - p);
}

/* Not zeroed: only the first n bytes of buf are ever read. */
static void sink_init(struct jsonw_sink *k, FILE *out)
{
    k->out = out;
    k->mem = NULL;
    k->mem_len = 0;
    k->n = 0;
}

/* Writes p out, or (a sink without a FILE) appends it to the memory text. */
static void sink_emit(struct jsonw_sink *k, const void *p, size_t len)
{
    if (k->out) {
        fwrite_unlocked(p, 1, len, k->out);
        return;
    }
    k->mem = xrealloc(k->mem, k->mem_len + len + 1);
    memcpy(k->mem + k->mem_len, p, len);
    k->mem_len += len;
    k->mem[k->mem_len] = '\0';
}

static void sink_flush(struct jsonw_sink *k)
{
    if (k->n)
        sink_emit(k, k->buf, k->n);
    k->n = 0;
}

static void sink_put(struct jsonw_sink *k, const void *p, size_t len)
{
    if (len > sizeof k->buf - k->n) {
        sink_flush(k);
        if (len > sizeof k->buf) {
            sink_emit(k, p, len);
            return;
        }
    }
    memcpy(k->buf + k->n, p, len);
    k->n += len;
}

static void sink_char(struct jsonw_sink *k, char c)
{
    if (k->n == sizeof k->buf)
        sink_flush(k);
    k->buf[k->n++] = c;
}

/* The bytes of s, escaped, without quotes. */
static void sink_escaped(struct jsonw_sink *k, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
    while (p < end) {
        size_t len = plain_span(p, end);
        sink_put(k, p, len);
        p += len;
        if (p == end)
            break;
        switch (*p) {
        case '"': sink_put(k, "\\\"", 2); break;
        case '\\': sink_put(k, "\\\\", 2); break;
        case '\n': sink_put(k, "\\n", 2); break;
        case '\r': sink_put(k, "\\r", 2); break;
        case '\t': sink_put(k, "\\t", 2); break;
        case '\b': sink_put(k, "\\b", 2); break;
        case '\f': sink_put(k, "\\f", 2); break;
        default:
            if (*p < 0x20) {
                char u[8];
                snprintf(u, sizeof u, "\\u%04x", *p);
                sink_put(k, u, 6);
            } else if (utf8_decode(p, &len) < 0) {
                sink_put(k, "\\ufffd", 6); /* not UTF-8: replaced, JSON must be text */
            } else {
                sink_put(k, p, len);
                p += len;
                continue;
            }
        }
        p++;
    }
}

static void sink_string(struct jsonw_sink *k, const char *s)
{
    sink_char(k, '"');
    sink_escaped(k, s);
    sink_char(k, '"');
}

void json_write_string(FILE *out, const char *s)
{
    struct jsonw_sink k;
    sink_init(&k, out);
    sink_string(&k, s);
    sink_flush(&k);
}

void jsonw_init(struct jsonw *w, FILE *out)
{
    w->out = out;
    w->held = NULL;
    w->depth = 0;
    w->first[0] = true;
    w->after_key = false;
}

/* Comma before a value unless it is the first at its level or follows a key. */
static void before_value(struct jsonw *w, struct jsonw_sink *k)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        sink_char(k, ',');
    w->first[w->depth] = false;
}

/* The held sink, or `local` made ready for one call's text. */
static struct jsonw_sink *sink_of(struct jsonw *w, struct jsonw_sink *local)
{
    if (w->held)
        return w->held;
    sink_init(local, w->out);
    return local;
}

static void sink_done(struct jsonw *w, struct jsonw_sink *k)
{
    if (k != w->held)
        sink_flush(k);
}

void jsonw_hold(struct jsonw *w, struct jsonw_sink *s)
{
    sink_init(s, w->out);
    w->held = s;
}

void jsonw_release(struct jsonw *w)
{
    if (w->held)
        sink_flush(w->held);
    w->held = NULL;
}

void jsonw_memory(struct jsonw *w, struct jsonw_sink *s)
{
    jsonw_init(w, NULL);
    jsonw_hold(w, s);
}

char *jsonw_memory_take(struct jsonw *w, size_t *len)
{
    struct jsonw_sink *k = w->held;
    sink_flush(k);
    w->held = NULL;
    *len = k->mem_len;
    return k->mem ? k->mem : xstrdup("");
}

void jsonw_members(struct jsonw *w, const char *json, size_t len)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    before_value(w, k);
    sink_put(k, json, len);
    sink_done(w, k);
}

static void begin_container(struct jsonw *w, char c)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    before_value(w, k);
    sink_char(k, c);
    sink_done(w, k);
    if (w->depth + 1 < JSONW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void end_container(struct jsonw *w, char c)
{
    if (w->held)
        sink_char(w->held, c);
    else
        putc_unlocked(c, w->out);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_object(struct jsonw *w) { begin_container(w, '{'); }
void jsonw_object_end(struct jsonw *w) { end_container(w, '}'); }
void jsonw_array(struct jsonw *w) { begin_container(w, '['); }
void jsonw_array_end(struct jsonw *w) { end_container(w, ']'); }

static void key(struct jsonw *w, struct jsonw_sink *k, const char *name)
{
    before_value(w, k);
    sink_string(k, name);
    sink_char(k, ':');
    w->after_key = true;
}

static void string_value(struct jsonw *w, struct jsonw_sink *k, const char *s)
{
    before_value(w, k);
    if (s)
        sink_string(k, s);
    else
        sink_put(k, "null", 4);
}

static void int_value(struct jsonw *w, struct jsonw_sink *k, int64_t v)
{
    before_value(w, k);
    char digits[24], *p = digits + sizeof digits;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    sink_put(k, p, (size_t)(digits + sizeof digits - p));
}

static void bool_value(struct jsonw *w, struct jsonw_sink *k, bool v)
{
    before_value(w, k);
    if (v)
        sink_put(k, "true", 4);
    else
        sink_put(k, "false", 5);
}

void jsonw_key(struct jsonw *w, const char *name)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    key(w, k, name);
    sink_done(w, k);
}

void jsonw_string(struct jsonw *w, const char *s)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    string_value(w, k, s);
    sink_done(w, k);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    int_value(w, k, v);
    sink_done(w, k);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    bool_value(w, k, v);
    sink_done(w, k);
}

void jsonw_kv_string(struct jsonw *w, const char *name, const char *s)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    key(w, k, name);
    string_value(w, k, s);
    sink_done(w, k);
}

void jsonw_kv_int(struct jsonw *w, const char *name, int64_t v)
{
    jsonw_key(w, name);
    jsonw_int(w, v);
}

void jsonw_kv_bool(struct jsonw *w, const char *name, bool v)
{
    jsonw_key(w, name);
    jsonw_bool(w, v);
}

void jsonw_string_open(struct jsonw *w)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    before_value(w, k);
    sink_char(k, '"');
    sink_done(w, k);
}

void jsonw_string_part(struct jsonw *w, const char *s)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    sink_escaped(k, s);
    sink_done(w, k);
}

void jsonw_string_close(struct jsonw *w)
{
    struct jsonw_sink local, *k = sink_of(w, &local);
    sink_char(k, '"');
    sink_done(w, k);
}
