/* json_scan.h — the grammar of the JSON front end (json.h) as an inline
 * function over a sink that is known when compiling: each caller gets its
 * own copy of the scanner with the sink's functions called directly (and
 * mostly inlined), so that building a tree costs no call per token. json.c
 * makes libyaml events with it, the loader (load.c) the document tree.
 *
 * Positions follow libyaml: 0-based line and column counted in characters
 * (a UTF-8 sequence is one column, a tab one, CRLF one line break, a
 * leading byte order mark nothing) and a character index. The scanner
 * keeps them as pointers: a character index is the distance from where
 * index 0 would be (the first byte, past a byte order mark, moved on by
 * the bytes that are no character of their own: the continuation bytes of
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
    /* where character index 0 would be: past a byte order mark, moved on
     * by the bytes before p that are no character */
    const unsigned char *index_origin;
    const unsigned char *origin; /* where column 0 would be on p's line */
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
    return (yaml_mark_t){.index = (size_t)(s->p - s->index_origin),
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

/* Is c what ends a value in compact JSON (',', ']' or '}')? */
static inline bool json_compact_end(unsigned char c)
{
    return c == ',' || (c | 0x20) == '}'; /* (']' is 0x5D, '}' 0x7D) */
}

/* json_scan_plain, with what most JSON writes at once: true, false, null
 * and unsigned integers, followed by ',', ']' or '}'. */
static inline const unsigned char *json_scan_plain_fast(const unsigned char *p,
                                                        const unsigned char *end)
{
    if (end - p >= 6) {
        if (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0)
            return json_compact_end(p[4]) ? p + 4 : json_scan_plain(p, end);
        if (memcmp(p, "false", 5) == 0)
            return json_compact_end(p[5]) ? p + 5 : json_scan_plain(p, end);
    }
    const unsigned char *q = p;
    while (q < end && (unsigned)(*q - '0') < 10)
        q++;
    /* one digit or more, no leading zero, then the end */
    if (q > p && (*p != '0' || q == p + 1) && q < end && json_compact_end(*q))
        return q;
    return json_scan_plain(p, end);
}

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
 * q, up to stop, eight bytes a step (on little-endian machines; byte by
 * byte elsewhere). In each flag word only bytes above a true match can be
 * flagged falsely (borrows run upwards), so the lowest flag is exact. */
static inline const unsigned char *json_plain_run_short(const unsigned char *q,
                                                        const unsigned char *stop)
{
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

#ifdef __SSE2__
/* Which of the sixteen bytes at q are no part of such a run, a bit each. */
static inline unsigned json_special16(const unsigned char *q)
{
    /* adding 0x60 takes ' ' .. 0x7E to the signed bytes -128 .. -34, and
     * every other byte above them */
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
    __m128i special = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
        _mm_cmpgt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x60)), _mm_set1_epi8(-34)));
    return (unsigned)_mm_movemask_epi8(special);
}

/* json_plain_run from q on, sixteen bytes a step: out of line (json.c),
 * for the runs longer than one step. */
const unsigned char *json_plain_run_long(const unsigned char *q, const unsigned char *stop);
#endif

/* Past the run of printable ASCII other than '"' and '\\' that starts at
 * q, up to stop: with SSE2 its first sixteen bytes at once (most strings
 * end within them), and the rest out of line. */
static inline const unsigned char *json_plain_run(const unsigned char *q,
                                                  const unsigned char *stop)
{
#ifdef __SSE2__
    if (stop - q >= 16) {
        unsigned mask = json_special16(q);
        return mask ? q + __builtin_ctz(mask) : json_plain_run_long(q + 16, stop);
    }
#endif
    return json_plain_run_short(q, stop);
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

/* Where a string whose text starts at `from` must have ended: the byte at
 * offset JSON_LONG_STRING + 1 of its text is the first too many. */
static inline const unsigned char *json_string_stop(const struct json_scan *s,
                                                    const unsigned char *from)
{
    return (size_t)(s->end - from) > JSON_LONG_STRING + 2 ? from + JSON_LONG_STRING + 2 : s->end;
}

/* The string at s->p (its opening quote) as a scalar for the sink (`what`:
 * JSON_KEY or 0), s->p past its closing quote. Most strings are printable
 * ASCII to the closing quote: one run, whose text goes to the sink from
 * the input. The rest (escapes, UTF-8, long strings) is decoded out of
 * line; the sink gets its own call for each, so that neither has to pass
 * its text through memory. */
static inline __attribute__((always_inline)) bool
json_scan_quoted(struct json_scan *s, const struct json_sink *sink, void *ctx, unsigned what)
{
    yaml_mark_t start = json_scan_mark(s);
    const unsigned char *from = s->p + 1;
    const unsigned char *stop = json_string_stop(s, from);
    const unsigned char *q = json_plain_run(from, stop);
    if (q < stop && *q == '"') { /* (before stop: within JSON_LONG_STRING + 1 bytes) */
        s->p = q + 1;
        yaml_mark_t end = json_scan_mark(s);
        return sink->scalar(ctx, &start, &end, (const char *)from, (size_t)(q - from),
                            what | JSON_QUOTED);
    }
    /* a copy goes out of line, so that the scanner's own stays in registers */
    struct json_scan out = *s;
    const char *text;
    size_t n;
    bool escaped;
    bool ok = json_scan_string_rest(&out, q, &text, &n, &escaped);
    *s = out;
    if (!ok)
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
    struct json_scan s = {.p = base, .end = (const unsigned char *)buf + len,
                          .index_origin = base, .origin = base};
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

value: /* s.p at a value (or at whitespace before it), within JSON_MAX_DEPTH */
    json_skip_space(&s);
    if (s.p >= s.end)
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
        if (depth > JSON_MAX_DEPTH) /* (a value inside would be too deep) */
            goto out;
        if (map)
            goto key;
        goto value;
    }
    if (*s.p == '"') {
        if (!json_scan_quoted(&s, sink, ctx, 0))
            goto out;
    } else {
        /* (NULL for a control character: no value) */
        const unsigned char *q = json_scan_plain_fast(s.p, s.end);
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
    /* a comma or the closing bracket, maybe after whitespace (skipped
     * without a loop back here, so that nothing is set up for it on the
     * way in) */
    if (s.p >= s.end || (*s.p != ',' && *s.p != (map ? '}' : ']'))) {
        json_skip_space(&s);
        if (s.p >= s.end || (*s.p != ',' && *s.p != (map ? '}' : ']')))
            goto out;
    }
    if (*s.p == ',') {
        s.p++;
        if (map)
            goto key;
        goto value;
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
        json_skip_space(&s);
        if (s.p >= s.end || *s.p != '"')
            goto out;
    }
    {
        const unsigned char *key = s.p, *index_origin = s.index_origin; /* where it starts */
        if (!json_scan_quoted(&s, sink, ctx, JSON_KEY))
            goto out;
        /* libyaml takes it as a key only on one line (a string is on
         * one) and within 1024 chars (never more than bytes) */
        if (s.p >= s.end || *s.p != ':') {
            size_t line = s.line;
            json_skip_space(&s);
            if (s.p >= s.end || *s.p != ':' || s.line != line)
                goto out;
        }
        if (((size_t)(s.p - key) > JSON_SIMPLE_KEY_CHARS &&
             json_scan_mark(&s).index - (size_t)(key - index_origin) > JSON_SIMPLE_KEY_CHARS))
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
