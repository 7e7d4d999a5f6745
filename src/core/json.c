/* json.c — plain JSON → the libyaml events of the same bytes (json.h), and
 * the parts of the scanner (json_scan.h) that are out of line: strings with
 * escapes or UTF-8, numbers and literals. */
#include "json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hex.h"
#include "json_scan.h"

static void put_text(struct json_scan *s, size_t *n, const void *bytes, size_t len)
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

/* One escape after the backslash (at s->p); false for what libyaml or JSON
 * would treat otherwise (surrogates, YAML-only escapes). One column a byte. */
static bool take_escape(struct json_scan *s, size_t *n)
{
    static const char FROM[] = "\"\\/bfnrt", TO[] = "\"\\/\b\f\n\r\t";
    if (s->p >= s->end)
        return false;
    const char *hit = memchr(FROM, *s->p, sizeof FROM - 1);
    if (hit) {
        put_text(s, n, &TO[hit - FROM], 1);
        s->p++;
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
    s->p += 5;
    return true;
}

#ifdef __SSE2__
/* (a run longer than sixteen bytes: json_scan.h) */
const unsigned char *json_plain_run_long(const unsigned char *q, const unsigned char *stop)
{
    while (stop - q >= 16) {
        unsigned mask = json_special16(q);
        if (mask)
            return q + __builtin_ctz(mask);
        q += 16;
    }
    return json_plain_run_short(q, stop);
}
#endif

bool json_scan_string_rest(struct json_scan *s, const unsigned char *q, const char **text,
                           size_t *len, bool *escaped)
{
    const unsigned char *start = s->p + 1;
    /* (never reading past the limit: a long string is declined as soon as
     * it is known to be long, without touching the rest of it) */
    const unsigned char *stop = json_string_stop(s, start);
    size_t n = 0;
    bool decoded = false;
    s->p = q; /* past the first run of printable ASCII */
    for (;;) {
        /* the byte at offset JSON_LONG_STRING + 1 is the first too many */
        if ((size_t)(s->p - start) > JSON_LONG_STRING + 1)
            return false;
        if (s->p >= s->end || *s->p == '"')
            break;
        if ((size_t)(s->p - start) > JSON_LONG_STRING)
            return false;
        unsigned char c = *s->p;
        if (c == '\\') {
            if (!decoded)
                put_text(s, &n, start, (size_t)(s->p - start));
            decoded = true;
            s->p++;
            if (!take_escape(s, &n))
                return false;
        } else {
            size_t w = c >= 0x20 && c < 0x7F ? 1 : c >= 0x80 ? printable_char(s->p, s->end) : 0;
            if (w == 0)
                return false;
            if (decoded)
                put_text(s, &n, s->p, w);
            s->p += w; /* one character */
            s->index_origin += w - 1;
            s->origin += w - 1;
        }
        if (s->p >= s->end || *s->p == '"')
            break;
        /* a run of printable ASCII other than '"' and '\\': one column a byte */
        q = json_plain_run(s->p, stop);
        if (decoded)
            put_text(s, &n, s->p, (size_t)(q - s->p));
        s->p = q;
    }
    if (s->p >= s->end)
        return false;
    *text = decoded ? s->text : (const char *)start;
    *len = decoded ? n : (size_t)(s->p - start);
    *escaped = decoded;
    s->p++;
    return true;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Does the literal `word` (of n bytes) start at q? */
static bool has_word(const unsigned char *q, const unsigned char *end, const char *word, size_t n)
{
    return (size_t)(end - q) >= n && memcmp(q, word, n) == 0;
}

const unsigned char *json_scan_plain(const unsigned char *q, const unsigned char *end)
{
    if (has_word(q, end, "true", 4) || has_word(q, end, "null", 4)) {
        q += 4;
    } else if (has_word(q, end, "false", 5)) {
        q += 5;
    } else {
        if (q < end && *q == '-')
            q++;
        if (q >= end || !is_digit(*q))
            return NULL;
        if (*q == '0')
            q++;
        else
            while (q < end && is_digit(*q))
                q++;
        if (q < end && *q == '.') {
            if (++q >= end || !is_digit(*q))
                return NULL;
            while (q < end && is_digit(*q))
                q++;
        }
        if (q < end && (*q == 'e' || *q == 'E')) {
            q++;
            if (q < end && (*q == '+' || *q == '-'))
                q++;
            if (q >= end || !is_digit(*q))
                return NULL;
            while (q < end && is_digit(*q))
                q++;
        }
    }
    /* the plain scalar must end here, as libyaml ends it in flow context */
    if (q == end)
        return q;
    switch (*q) {
    case ' ': case '\t': case '\r': case '\n': case ',': case ']': case '}':
        return q;
    default:
        return NULL;
    }
}

bool json_looks_like(const char *buf, size_t len)
{
    size_t i = json_bom_length(buf, len);
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
                         const char *text, size_t len, unsigned what)
{
    bool quoted = what & JSON_QUOTED;
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
    return json_scan_document(buf, len, &EVENTS, &e);
}
