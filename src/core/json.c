/* json.c — plain JSON → the libyaml events of the same bytes, as calls to
 * a sink or as the events themselves (json.h).
 *
 * Positions follow libyaml: 0-based line and column counted in characters
 * (a UTF-8 sequence is one column, a tab one, CRLF one line break, a
 * leading byte order mark nothing) and a character index. Strings become
 * double-quoted scalars, numbers and true/false/null plain scalars, so the
 * loader resolves them exactly as it resolves libyaml's. */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "arena.h"
#include "hex.h"

/* Deeper input is left to libyaml (and to the loader's nesting limit). */
enum { JSON_MAX_DEPTH = 4096 };
/* libyaml stops treating a scalar as a mapping key past 1024 characters
 * (a "simple key"); stay well inside that. */
enum { SIMPLE_KEY_CHARS = 1000 };

struct jscan {
    const unsigned char *p, *end;
    yaml_mark_t mark;    /* position of *p */
    char *text;          /* decoded string with escapes */
    size_t cap;
    const struct json_sink *sink;
    void *ctx;
};

static void advance(struct jscan *s, size_t bytes)
{
    s->p += bytes;
    s->mark.index++;
    s->mark.column++;
}

/* Past the spaces and tabs from q on, up to end: sixteen bytes a step
 * with SSE2 (indentation is most of what a pretty-printed List holds). */
static const unsigned char *blank_run(const unsigned char *q, const unsigned char *end)
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

static void skip_space_run(struct jscan *s)
{
    while (s->p < s->end) {
        unsigned char c = *s->p;
        if (c == ' ' || c == '\t') {
            const unsigned char *q = blank_run(s->p + 1, s->end);
            size_t n = (size_t)(q - s->p); /* one column a byte */
            s->p = q;
            s->mark.index += n;
            s->mark.column += n;
        } else if (c == '\n' || c == '\r') {
            bool crlf = c == '\r' && s->p + 1 < s->end && s->p[1] == '\n';
            s->p += crlf ? 2 : 1;
            s->mark.index += crlf ? 2 : 1;
            s->mark.line++;
            s->mark.column = 0;
        } else {
            return;
        }
    }
}

/* Whitespace is rare in what programs write: one test when there is none. */
static inline void skip_space(struct jscan *s)
{
    if (s->p < s->end && *s->p > ' ')
        return;
    skip_space_run(s);
}

/* Outside the top-level value libyaml is in block context, where a tab may
 * not start a line: whitespace there must be free of tabs. */
static bool skip_top_space(struct jscan *s)
{
    const unsigned char *from = s->p;
    skip_space(s);
    return !memchr(from, '\t', (size_t)(s->p - from));
}

static bool emit_scalar(struct jscan *s, yaml_mark_t start, const char *text, size_t len,
                        bool quoted)
{
    return s->sink->scalar(s->ctx, &start, &s->mark, text, len, quoted);
}

static void put_text(struct jscan *s, size_t *n, const void *bytes, size_t len)
{
    if (len == 0)
        return;
    if (*n + len > s->cap) {
        s->cap = (*n + len) * 2 + 64;
        s->text = xrealloc(s->text, s->cap);
    }
    memcpy(s->text + *n, bytes, len);
    *n += len;
}

static size_t utf8_encode(unsigned v, unsigned char *out)
{
    if (v < 0x80)
        return out[0] = (unsigned char)v, 1;
    if (v < 0x800) {
        out[0] = (unsigned char)(0xC0 | v >> 6);
        out[1] = (unsigned char)(0x80 | (v & 0x3F));
        return 2;
    }
    out[0] = (unsigned char)(0xE0 | v >> 12);
    out[1] = (unsigned char)(0x80 | (v >> 6 & 0x3F));
    out[2] = (unsigned char)(0x80 | (v & 0x3F));
    return 3;
}

/* Length of the valid UTF-8 character at p that libyaml would take inside a
 * quoted scalar without changing lines; 0 for anything else. */
static size_t printable_char(const unsigned char *p, const unsigned char *end)
{
    size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || p[0] > 0xF4 || (size_t)(end - p) < n)
        return 0;
    unsigned v = p[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3F);
    }
    static const unsigned MIN[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < MIN[n] || v > 0x10FFFF)
        return 0;
    bool printable = (v >= 0xA0 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
                     v >= 0x10000;
    if (!printable || v == 0x2028 || v == 0x2029 || v == 0xFEFF)
        return 0;
    return n;
}

/* One escape after the backslash; false for what libyaml or JSON would
 * treat otherwise (surrogates, YAML-only escapes). */
static bool take_escape(struct jscan *s, size_t *n)
{
    static const char FROM[] = "\"\\/bfnrt", TO[] = "\"\\/\b\f\n\r\t";
    if (s->p >= s->end)
        return false;
    const char *hit = memchr(FROM, *s->p, sizeof FROM - 1);
    if (hit) {
        put_text(s, n, &TO[hit - FROM], 1);
        advance(s, 1);
        return true;
    }
    if (*s->p != 'u' || s->end - s->p < 5)
        return false;
    unsigned v = 0;
    for (int i = 1; i <= 4; i++) {
        int d = hex_value(s->p[i]);
        if (d < 0)
            return false;
        v = v << 4 | (unsigned)d;
    }
    if (v >= 0xD800 && v <= 0xDFFF)
        return false;
    unsigned char out[4];
    put_text(s, n, out, utf8_encode(v, out));
    for (int i = 0; i < 5; i++)
        advance(s, 1);
    return true;
}

/* Is one of the 8 bytes of x zero? (exact, no false positives) */
static inline uint64_t any_zero_byte(uint64_t x)
{
    return (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
}

/* Past the run of printable ASCII other than '"' and '\\' that starts at
 * q, up to stop: sixteen bytes a step with SSE2, then eight (on
 * little-endian machines; byte by byte elsewhere). In each flag word only
 * bytes above a true match can be flagged falsely (borrows run upwards), so
 * the lowest flag is exact. */
static const unsigned char *plain_run(const unsigned char *q, const unsigned char *stop)
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
        uint64_t special = (x & 0x8080808080808080ull) |          /* >= 0x80 */
                           ((x - 0x20 * ones) & ~x & 0x8080808080808080ull) | /* < 0x20 */
                           any_zero_byte(x ^ (0x7F * ones)) | any_zero_byte(x ^ ('"' * ones)) |
                           any_zero_byte(x ^ ('\\' * ones));
        if (special) /* the lowest flag marks the first special byte (little-endian) */
            return q + (__builtin_ctzll(special) >> 3);
        q += 8;
    }
    while (q < stop && *q >= 0x20 && *q < 0x7F && *q != '"' && *q != '\\')
        q++;
    return q;
}

/* A string at s->p (the opening quote); its decoded text in *text. */
static bool take_string(struct jscan *s, const char **text, size_t *len)
{
    advance(s, 1);
    const unsigned char *start = s->p;
    /* most strings are printable ASCII to the closing quote: one run */
    const unsigned char *stop = (size_t)(s->end - start) > JSON_LONG_STRING + 2
                                    ? start + JSON_LONG_STRING + 2 : s->end;
    const unsigned char *q = plain_run(start, stop);
    if (q < s->end && *q == '"' && (size_t)(q - start) <= JSON_LONG_STRING + 1) {
        size_t run = (size_t)(q - start);
        *text = (const char *)start;
        *len = run;
        s->p = q + 1;
        s->mark.index += run + 1;
        s->mark.column += run + 1;
        return true;
    }
    size_t n = 0;
    bool escaped = false;
    while (s->p < s->end && *s->p != '"') {
        /* a run of printable ASCII other than '"' and '\\': one column a byte */
        /* (never reading past the limit: a long string is declined as soon
         * as it is known to be long, without touching the rest of it) */
        const unsigned char *q = s->p, *stop = s->end;
        if ((size_t)(stop - start) > JSON_LONG_STRING + 2)
            stop = start + JSON_LONG_STRING + 2;
        q = plain_run(q, stop);
        if (q > s->p) {
            size_t run = (size_t)(q - s->p);
            if (escaped)
                put_text(s, &n, s->p, run);
            s->p = q;
            s->mark.index += run;
            s->mark.column += run;
        }
        /* the byte at offset JSON_LONG_STRING + 1 is the first too many */
        if ((size_t)(s->p - start) > JSON_LONG_STRING + 1)
            return false;
        if (s->p >= s->end || *s->p == '"')
            break;
        if ((size_t)(s->p - start) > JSON_LONG_STRING)
            return false;
        unsigned char c = *s->p;
        if (c == '\\') {
            if (!escaped)
                put_text(s, &n, start, (size_t)(s->p - start));
            escaped = true;
            advance(s, 1);
            if (!take_escape(s, &n))
                return false;
            continue;
        }
        size_t w = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? printable_char(s->p, s->end) : 0;
        if (w == 0)
            return false;
        if (escaped)
            put_text(s, &n, s->p, w);
        advance(s, w);
    }
    if (s->p >= s->end)
        return false;
    *text = escaped ? s->text : (const char *)start;
    *len = escaped ? n : (size_t)(s->p - start);
    advance(s, 1);
    return true;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* A JSON number or literal as a plain scalar. */
static bool take_plain(struct jscan *s)
{
    yaml_mark_t start = s->mark;
    const unsigned char *b = s->p, *q = s->p;
    static const char *const WORDS[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++) {
        size_t wl = strlen(WORDS[i]);
        if ((size_t)(s->end - q) >= wl && memcmp(q, WORDS[i], wl) == 0) {
            q += wl;
            goto done;
        }
    }
    if (q < s->end && *q == '-')
        q++;
    if (q >= s->end || !is_digit(*q))
        return false;
    if (*q == '0')
        q++;
    else
        while (q < s->end && is_digit(*q))
            q++;
    if (q < s->end && *q == '.') {
        if (++q >= s->end || !is_digit(*q))
            return false;
        while (q < s->end && is_digit(*q))
            q++;
    }
    if (q < s->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < s->end && (*q == '+' || *q == '-'))
            q++;
        if (q >= s->end || !is_digit(*q))
            return false;
        while (q < s->end && is_digit(*q))
            q++;
    }
done:
    /* the plain scalar must end here, as libyaml ends it in flow context */
    if (q < s->end && (!*q || !strchr(" \t\r\n,]}", *q)))
        return false;
    size_t len = (size_t)(q - b);
    s->p = q;
    s->mark.index += len;
    s->mark.column += len;
    return emit_scalar(s, start, (const char *)b, len, false);
}

static bool take_value(struct jscan *s, unsigned depth);

/* Opens a collection (a mapping when map), then the empty case `{}` / `[]`.
 * Returns false on failure; *empty tells whether it is already closed. */
static bool take_open(struct jscan *s, bool map, bool *empty)
{
    yaml_mark_t start = s->mark;
    advance(s, 1);
    if (!s->sink->open(s->ctx, map, &start, &s->mark))
        return false;
    skip_space(s);
    *empty = s->p < s->end && *s->p == (map ? '}' : ']');
    if (!*empty)
        return true;
    yaml_mark_t at = s->mark;
    advance(s, 1);
    return s->sink->close(s->ctx, map, &at, &s->mark);
}

enum item_end { ITEM_FAIL, ITEM_NEXT, ITEM_CLOSED };

/* After an item: a comma leads to the next one, the bracket closes. */
static enum item_end take_item_end(struct jscan *s, bool map)
{
    skip_space(s);
    if (s->p < s->end && *s->p == ',') {
        advance(s, 1);
        skip_space(s);
        return ITEM_NEXT;
    }
    if (s->p >= s->end || *s->p != (map ? '}' : ']'))
        return ITEM_FAIL;
    yaml_mark_t at = s->mark;
    advance(s, 1);
    return s->sink->close(s->ctx, map, &at, &s->mark) ? ITEM_CLOSED : ITEM_FAIL;
}

static bool take_object(struct jscan *s, unsigned depth)
{
    bool empty;
    if (!take_open(s, true, &empty))
        return false;
    enum item_end next = empty ? ITEM_CLOSED : ITEM_NEXT;
    while (next == ITEM_NEXT) {
        if (s->p >= s->end || *s->p != '"')
            return false;
        yaml_mark_t key = s->mark;
        const char *text;
        size_t len;
        if (!take_string(s, &text, &len) || !emit_scalar(s, key, text, len, true))
            return false;
        skip_space(s);
        /* libyaml takes it as a key only on one line and within 1024 chars */
        if (s->p >= s->end || *s->p != ':' || s->mark.line != key.line ||
            s->mark.index - key.index > SIMPLE_KEY_CHARS)
            return false;
        advance(s, 1);
        skip_space(s);
        if (!take_value(s, depth + 1))
            return false;
        next = take_item_end(s, true);
    }
    return next == ITEM_CLOSED;
}

static bool take_array(struct jscan *s, unsigned depth)
{
    bool empty;
    if (!take_open(s, false, &empty))
        return false;
    enum item_end next = empty ? ITEM_CLOSED : ITEM_NEXT;
    while (next == ITEM_NEXT) {
        if (!take_value(s, depth + 1))
            return false;
        next = take_item_end(s, false);
    }
    return next == ITEM_CLOSED;
}

static bool take_value(struct jscan *s, unsigned depth)
{
    if (s->p >= s->end || depth > JSON_MAX_DEPTH)
        return false;
    if (*s->p == '{')
        return take_object(s, depth);
    if (*s->p == '[')
        return take_array(s, depth);
    if (*s->p == '"') {
        yaml_mark_t start = s->mark;
        const char *text;
        size_t len;
        return take_string(s, &text, &len) && emit_scalar(s, start, text, len, true);
    }
    return take_plain(s);
}

static size_t bom_length(const char *buf, size_t len)
{
    return len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

bool json_looks_like(const char *buf, size_t len)
{
    size_t i = bom_length(buf, len);
    while (i < len && strchr(" \t\r\n", buf[i]) && buf[i])
        i++;
    return i < len && (buf[i] == '{' || buf[i] == '[');
}

/* JSON punctuation: outside strings, nothing but whitespace, numbers and
 * literals comes between two of these. */
static bool is_punctuation(char c)
{
    return c == '"' || c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']';
}

bool json_lookahead_long(struct json_lookahead *st, const char *buf, size_t len)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *q = p;
        if (!st->in_string) {
            while (q < end && !is_punctuation(*q))
                q++;
        } else {
            if (st->escape) {
                st->escape = false;
                q++;
            }
            while (q < end && *q != '"' && *q != '\\')
                q++;
        }
        st->run += (size_t)(q - p);
        if (st->run > JSON_LONG_STRING)
            return true;
        if (q >= end)
            return false;
        if (st->in_string && *q == '\\') {
            st->escape = true;
            st->run++;
        } else {
            st->in_string = st->in_string ? false : *q == '"';
            st->run = 0;
        }
        p = q + 1;
    }
    return false;
}

bool json_parse(const char *buf, size_t len, const struct json_sink *sink, void *ctx)
{
    size_t bom = bom_length(buf, len);
    struct jscan s = {.p = (const unsigned char *)buf + bom,
                      .end = (const unsigned char *)buf + len, .sink = sink, .ctx = ctx};
    bool ok = skip_top_space(&s) && s.p < s.end && (*s.p == '{' || *s.p == '[') &&
              sink->document(ctx, true, &s.mark) && take_value(&s, 0) &&
              skip_top_space(&s) && s.p == s.end;
    if (ok) {
        /* libyaml ends the stream on a fresh line */
        if (s.mark.column != 0)
            s.mark.line++, s.mark.column = 0;
        ok = sink->document(ctx, false, &s.mark);
    }
    free(s.text);
    return ok;
}

/* ---------------------------------------------------------------- as events */

struct event_sink {
    json_event_fn fn;
    void *ctx;
};

static bool send(void *ctx, yaml_event_t *ev, const yaml_mark_t *start, const yaml_mark_t *end)
{
    struct event_sink *e = ctx;
    ev->start_mark = *start;
    ev->end_mark = *end;
    return e->fn(ev, e->ctx);
}

static bool event_document(void *ctx, bool start, const yaml_mark_t *at)
{
    yaml_event_t ev = {.type = start ? YAML_DOCUMENT_START_EVENT : YAML_DOCUMENT_END_EVENT};
    ev.data.document_start.implicit = 1; /* document_end.implicit alike */
    return send(ctx, &ev, at, at);
}

static bool event_open(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end)
{
    yaml_event_t ev = {.type = map ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT};
    if (map) {
        ev.data.mapping_start.implicit = 1;
        ev.data.mapping_start.style = YAML_FLOW_MAPPING_STYLE;
    } else {
        ev.data.sequence_start.implicit = 1;
        ev.data.sequence_start.style = YAML_FLOW_SEQUENCE_STYLE;
    }
    return send(ctx, &ev, start, end);
}

static bool event_close(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end)
{
    yaml_event_t ev = {.type = map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT};
    return send(ctx, &ev, start, end);
}

static bool event_scalar(void *ctx, const yaml_mark_t *start, const yaml_mark_t *end,
                         const char *text, size_t len, bool quoted)
{
    yaml_event_t ev = {.type = YAML_SCALAR_EVENT};
    ev.data.scalar.value = (yaml_char_t *)text;
    ev.data.scalar.length = len;
    ev.data.scalar.plain_implicit = !quoted;
    ev.data.scalar.quoted_implicit = quoted;
    ev.data.scalar.style = quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
    return send(ctx, &ev, start, end);
}

bool json_events(const char *buf, size_t len, json_event_fn fn, void *ctx)
{
    static const struct json_sink EVENTS = {event_document, event_open, event_close,
                                            event_scalar};
    struct event_sink e = {fn, ctx};
    return json_parse(buf, len, &EVENTS, &e);
}
