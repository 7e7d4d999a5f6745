/* json_scan.h — the grammar of the JSON front end (json.h) as an inline
 * function over a sink that is known when compiling: each caller gets its
 * own copy of the scanner with the sink's functions called directly (and
 * mostly inlined), so that building a tree costs no call per token. json.c
 * makes libyaml events with it, the loader (load.c) the document tree.
 *
 * Positions follow libyaml: 0-based line and column counted in characters
 * (a UTF-8 sequence is one column, a tab one, CRLF one line break, a
 * leading byte order mark nothing) and a character index. The scanner
 * keeps them as pointers: a character index is the byte offset less the
 * bytes that are no character of their own (the continuation bytes of
 * UTF-8 sequences), a column the distance from where column 0 would be on
 * the line (its first byte, moved on by such bytes). Strings become
 * double-quoted scalars, numbers and true/false/null plain scalars. */
#ifndef RINGWALL_JSON_SCAN_H
#define RINGWALL_JSON_SCAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "json.h"

/* Deeper input is left to libyaml (and to the loader's nesting limit). */
enum { JSON_MAX_DEPTH = 4096 };
/* libyaml stops treating a scalar as a mapping key past 1024 characters
 * (a "simple key"); stay well inside that. */
enum { JSON_SIMPLE_KEY_CHARS = 1000 };

/* What a scalar is, for the sink. */
enum {
    JSON_QUOTED = 1,  /* a string; else a number or a literal (plain) */
    JSON_KEY = 2,     /* a mapping's key */
    JSON_ESCAPED = 4, /* its text was decoded from escapes (it may hold a NUL) */
};

/* What the scan reports, event by event: the document's start and end (at
 * the same mark), a collection opened (from its bracket to past it) or
 * closed (likewise), a scalar (its text, not NUL-terminated, valid only
 * during the call; `what` as above). Each returns false to abandon the
 * document. */
struct json_sink {
    bool (*document)(void *ctx, bool start, const yaml_mark_t *at);
    bool (*open)(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end);
    bool (*close)(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end);
    bool (*scalar)(void *ctx, const yaml_mark_t *start, const yaml_mark_t *end,
                   const char *text, size_t len, unsigned what);
};

struct json_scan {
    const unsigned char *p, *end;
    const unsigned char *base;   /* character index 0 (past a byte order mark) */
    const unsigned char *origin; /* where column 0 would be on p's line */
    size_t skew;                 /* bytes before p that are no character */
    size_t line;
    char *text;                  /* a string decoded from escapes */
    size_t cap;
};

/* Bytes of a UTF-8 byte order mark at the start of buf. */
static inline size_t json_bom_length(const char *buf, size_t len)
{
    return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

static inline yaml_mark_t json_scan_mark(const struct json_scan *s)
{
    return (yaml_mark_t){.index = (size_t)(s->p - s->base) - s->skew,
                         .line = s->line,
                         .column = (size_t)(s->p - s->origin)};
}

/* The rest of a string whose first run of plain ASCII ends at q (before
 * its closing quote or what needs a closer look); s->p is at the opening
 * quote. Out of line (json.c): escapes, UTF-8, long strings. */
bool json_scan_string_rest(struct json_scan *s, const unsigned char *q, const char **text,
                           size_t *len, bool *escaped);
/* Past the number or literal at p (ending where libyaml ends a plain
 * scalar in flow context); NULL when it is none. */
const unsigned char *json_scan_plain(const unsigned char *p, const unsigned char *end);

/* Past the spaces and tabs from q on, up to end: sixteen bytes a step
 * with SSE2 (indentation is most of what a pretty-printed List holds). */
static inline const unsigned char *json_blank_run(const unsigned char *q,
                                                  const unsigned char *end)
{
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    while (end - q >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
        unsigned blank = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, space), _mm_cmpeq_epi8(x, tab)));
        if (blank != 0xFFFF)
            return q + __builtin_ctz(~blank);
        q += 16;
    }
#endif
    while (q < end && (*q == ' ' || *q == '\t'))
        q++;
    return q;
}

/* Is one of the 8 bytes of x zero? (exact, no false positives) */
static inline uint64_t json_any_zero_byte(uint64_t x)
{
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Past the run of printable ASCII other than '"' and '\\' that starts at
 * q, up to stop: sixteen bytes a step with SSE2, then eight (on
 * little-endian machines; byte by byte elsewhere). In each flag word only
 * bytes above a true match can be flagged falsely (borrows run upwards), so
 * the lowest flag is exact. */
static inline const unsigned char *json_plain_run(const unsigned char *q,
                                                  const unsigned char *stop)
{
#ifdef __SSE2__
    /* signed bytes: those from 0x80 up are below ' ' too */
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  del = _mm_set1_epi8(0x7F), space = _mm_set1_epi8(' ');
    while (stop - q >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i special = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
            _mm_or_si128(_mm_cmpeq_epi8(x, del), _mm_cmplt_epi8(x, space)));
        unsigned mask = (unsigned)_mm_movemask_epi8(special);
        if (mask)
            return q + __builtin_ctz(mask);
        q += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ull;
    while (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && stop - q >= 8) {
        uint64_t x;
        memcpy(&x, q, 8);
        uint64_t special = (x & 0x8080808080808080ull) |                      /* >= 0x80 */
                           ((x - 0x20 * ones) & ~x & 0x8080808080808080ull) | /* < 0x20 */
                           json_any_zero_byte(x ^ (0x7F * ones)) |
                           json_any_zero_byte(x ^ ('"' * ones)) |
                           json_any_zero_byte(x ^ ('\\' * ones));
        if (special) /* the lowest flag marks the first special byte (little-endian) */
            return q + (__builtin_ctzll(special) >> 3);
        q += 8;
    }
    while (q < stop && *q >= 0x20 && *q < 0x7F && *q != '"' && *q != '\\')
        q++;
    return q;
}

static inline void json_skip_space_run(struct json_scan *s)
{
    while (s->p < s->end) {
        unsigned char c = *s->p;
        if (c == ' ' || c == '\t') {
            s->p = json_blank_run(s->p + 1, s->end); /* one column a byte */
        } else if (c == '\n' || c == '\r') {
            bool crlf = c == '\r' && s->p + 1 < s->end && s->p[1] == '\n';
            s->p += crlf ? 2 : 1; /* one line break, two characters */
            s->line++;
            s->origin = s->p;
        } else {
            return;
        }
    }
}

/* Whitespace is rare in what programs write: one test when there is none. */
static inline void json_skip_space(struct json_scan *s)
{
    if (s->p < s->end && *s->p > ' ')
        return;
    json_skip_space_run(s);
}

/* Outside the top-level value libyaml is in block context, where a tab may
 * not start a line: whitespace there must be free of tabs. */
static inline bool json_skip_top_space(struct json_scan *s)
{
    const unsigned char *from = s->p;
    json_skip_space(s);
    return !memchr(from, '\t', (size_t)(s->p - from));
}

/* The string at s->p (its opening quote): its text (in the input when it
 * holds no escape), s->p past its closing quote. */
static inline __attribute__((always_inline)) bool
json_scan_string(struct json_scan *s, const char **text, size_t *len, bool *escaped)
{
    const unsigned char *start = s->p + 1;
    /* most strings are printable ASCII to the closing quote: one run */
    const unsigned char *stop = (size_t)(s->end - start) > JSON_LONG_STRING + 2
                                    ? start + JSON_LONG_STRING + 2 : s->end;
    const unsigned char *q = json_plain_run(start, stop);
    if (q < stop && *q == '"') { /* (before stop: within JSON_LONG_STRING + 1 bytes) */
        *text = (const char *)start;
        *len = (size_t)(q - start);
        *escaped = false;
        s->p = q + 1;
        return true;
    }
    /* a copy goes out of line, so that the scanner's own stays in registers */
    struct json_scan out = *s;
    bool ok = json_scan_string_rest(&out, q, text, len, escaped);
    *s = out;
    return ok;
}

/* The string at s->p as a scalar for the sink (`what`: JSON_KEY or 0). */
static inline __attribute__((always_inline)) bool
json_scan_quoted(struct json_scan *s, const struct json_sink *sink, void *ctx, unsigned what)
{
    yaml_mark_t start = json_scan_mark(s);
    const char *text;
    size_t n;
    bool escaped;
    if (!json_scan_string(s, &text, &n, &escaped))
        return false;
    yaml_mark_t end = json_scan_mark(s);
    return sink->scalar(ctx, &start, &end, text, n,
                        what | JSON_QUOTED | (escaped ? JSON_ESCAPED : 0));
}

/* The single JSON document in buf, as calls to the sink; false, possibly
 * after some calls, when the input is not plain JSON (json.h) or the sink
 * refused a call. Each mark lives in a block of its own: one the sink
 * keeps the address of keeps no other in memory. */
static inline __attribute__((always_inline)) bool
json_scan_document(const char *buf, size_t len, const struct json_sink *sink, void *ctx)
{
    const unsigned char *base = (const unsigned char *)buf + json_bom_length(buf, len);
    struct json_scan s = {.p = base, .end = (const unsigned char *)buf + len, .base = base,
                          .origin = base};
    bool is_map[JSON_MAX_DEPTH + 1]; /* which open container is a mapping */
    size_t depth = 0; /* containers open */
    bool map = false; /* the innermost is a mapping */
    bool ok = false;

    if (!json_skip_top_space(&s) || s.p >= s.end || (*s.p != '{' && *s.p != '['))
        goto out;
    {
        yaml_mark_t at = json_scan_mark(&s);
        if (!sink->document(ctx, true, &at))
            goto out;
    }

value: /* s.p at a value (or at whitespace before it) */
    if (s.p >= s.end || depth > JSON_MAX_DEPTH)
        goto out;
    if (*s.p == '{' || *s.p == '[') {
        map = *s.p == '{';
        yaml_mark_t start = json_scan_mark(&s);
        s.p++;
        yaml_mark_t end = json_scan_mark(&s);
        if (!sink->open(ctx, map, &start, &end))
            goto out;
        is_map[depth++] = map;
        json_skip_space(&s);
        if (s.p < s.end && *s.p == (map ? '}' : ']'))
            goto close;
        if (map)
            goto key;
        goto value;
    }
    if (*s.p == '"') {
        if (!json_scan_quoted(&s, sink, ctx, 0))
            goto out;
    } else if (*s.p <= ' ') { /* whitespace first, or no value (a control character) */
        const unsigned char *from = s.p;
        json_skip_space_run(&s);
        if (s.p == from)
            goto out;
        goto value;
    } else {
        const unsigned char *q = json_scan_plain(s.p, s.end);
        if (!q)
            goto out;
        yaml_mark_t start = json_scan_mark(&s);
        const char *text = (const char *)s.p;
        s.p = q;
        yaml_mark_t end = json_scan_mark(&s);
        if (!sink->scalar(ctx, &start, &end, text, (size_t)(q - (const unsigned char *)text), 0))
            goto out;
    }

after: /* past a value (and maybe whitespace) */
    if (depth == 0)
        goto done;
    if (s.p < s.end && *s.p == ',') {
        s.p++;
        if (map)
            goto key;
        goto value;
    }
    if (s.p >= s.end || *s.p != (map ? '}' : ']')) {
        const unsigned char *from = s.p;
        json_skip_space(&s);
        if (s.p == from)
            goto out;
        goto after;
    }

close: /* s.p at the innermost container's closing bracket */
    {
        yaml_mark_t start = json_scan_mark(&s);
        s.p++;
        yaml_mark_t end = json_scan_mark(&s);
        if (!sink->close(ctx, map, &start, &end))
            goto out;
    }
    depth--;
    map = depth && is_map[depth - 1];
    goto after;

key: /* s.p at a mapping's key (or at whitespace before it) */
    if (s.p >= s.end || *s.p != '"') {
        const unsigned char *from = s.p;
        json_skip_space(&s);
        if (s.p == from)
            goto out;
        goto key;
    }
    {
        const unsigned char *key = s.p;
        size_t line = s.line, skew = s.skew; /* where the key starts */
        if (!json_scan_quoted(&s, sink, ctx, JSON_KEY))
            goto out;
        json_skip_space(&s);
        /* libyaml takes it as a key only on one line and within 1024
         * chars (never more than bytes) */
        if (s.p >= s.end || *s.p != ':' || s.line != line ||
            ((size_t)(s.p - key) > JSON_SIMPLE_KEY_CHARS &&
             json_scan_mark(&s).index - ((size_t)(key - s.base) - skew) >
                 JSON_SIMPLE_KEY_CHARS))
            goto out;
    }
    s.p++;
    goto value;

done:
    if (!json_skip_top_space(&s) || s.p != s.end)
        goto out;
    {
        yaml_mark_t at = json_scan_mark(&s);
        if (at.column != 0) /* libyaml ends the stream on a fresh line */
            at.line++, at.column = 0;
        ok = sink->document(ctx, false, &at);
    }
out:
    free(s.text);
    return ok;
}

#endif
