/* report_check.h — small validators for fuzz_report.c: strict JSON (RFC 8259
 * over UTF-8; the decoded strings are collected so a caller can look for
 * what it wrote) and XML 1.0 well-formedness for the subset a JUnit report
 * uses (declaration, elements, attributes, character data, references,
 * CDATA, comments). Each returns NULL when the document is good, else what
 * is wrong. */
#ifndef RINGWALL_REPORT_CHECK_H
#define RINGWALL_REPORT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/utf8.h"

static inline bool fuzz_utf8_valid(const char *s)
{
    size_t len;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len)
        if (utf8_decode(p, &len) < 0)
            return false;
    return true;
}

/* ------------------------------------------------------------------ JSON */

struct json_strings {
    char **v;
    size_t n, cap;
};

static inline void json_strings_free(struct json_strings *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (struct json_strings){0};
}

static inline bool json_strings_has(const struct json_strings *s, const char *want)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], want) == 0)
            return true;
    return false;
}

struct jr {
    const unsigned char *p, *end; /* *end is NUL */
    int depth;
    struct json_strings *out;
    const char *why;
};

static inline bool jr_fail(struct jr *r, const char *why)
{
    if (!r->why)
        r->why = why;
    return false;
}

static inline void jr_space(struct jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static inline bool jr_literal(struct jr *r, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, lit, n) != 0)
        return jr_fail(r, "bad literal");
    r->p += n;
    return true;
}

static inline size_t jr_digits(struct jr *r)
{
    const unsigned char *s = r->p;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
        r->p++;
    return (size_t)(r->p - s);
}

static inline bool jr_number(struct jr *r)
{
    if (*r->p == '-')
        r->p++;
    if (r->p < r->end && *r->p == '0')
        r->p++;
    else if (!jr_digits(r))
        return jr_fail(r, "bad number");
    if (r->p < r->end && *r->p == '.') {
        r->p++;
        if (!jr_digits(r))
            return jr_fail(r, "bad fraction");
    }
    if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
        r->p++;
        if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
            r->p++;
        if (!jr_digits(r))
            return jr_fail(r, "bad exponent");
    }
    return true;
}

static inline long jr_hex4(struct jr *r)
{
    long v = 0;
    for (int i = 0; i < 4; i++, r->p++) {
        if (r->p >= r->end)
            return -1;
        unsigned char c = *r->p;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static inline size_t jr_put_utf8(char *o, long cp)
{
    if (cp < 0x80)
        return o[0] = (char)cp, 1;
    if (cp < 0x800)
        return o[0] = (char)(0xc0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3f)), 2;
    if (cp < 0x10000)
        return o[0] = (char)(0xe0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 0x3f)),
               o[2] = (char)(0x80 | (cp & 0x3f)), 3;
    return o[0] = (char)(0xf0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 0x3f)),
           o[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), o[3] = (char)(0x80 | (cp & 0x3f)), 4;
}

/* One escape after the backslash: its code point, or -1. */
static inline long jr_escape(struct jr *r)
{
    if (r->p >= r->end)
        return -1;
    unsigned char c = *r->p++;
    switch (c) {
    case '"': case '\\': case '/': return c;
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'u': break;
    default: return -1;
    }
    long cp = jr_hex4(r);
    if (cp >= 0xdc00 && cp <= 0xdfff)
        return -1; /* a lone low surrogate */
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
            return -1;
        r->p += 2;
        long lo = jr_hex4(r);
        if (lo < 0xdc00 || lo > 0xdfff)
            return -1;
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    return cp == 0 ? -1 : cp; /* a writer of C strings never has NUL */
}

/* Appends the string's decoded text to r->out, when the caller keeps it. */
static inline void jr_keep(struct jr *r, const unsigned char *raw, const unsigned char *stop)
{
    char *s = malloc((size_t)(stop - raw) + 1); /* decoded text is never longer */
    size_t n = 0;
    for (const unsigned char *p = raw; p < stop;) {
        if (*p != '\\') {
            s[n++] = (char)*p++;
            continue;
        }
        struct jr esc = {p + 1, stop, 0, NULL, NULL};
        n += jr_put_utf8(s + n, jr_escape(&esc));
        p = esc.p;
    }
    s[n] = '\0';
    if (r->out->n == r->out->cap) {
        r->out->cap = r->out->cap ? 2 * r->out->cap : 64;
        r->out->v = realloc(r->out->v, r->out->cap * sizeof *r->out->v);
    }
    r->out->v[r->out->n++] = s;
}

static inline bool jr_string(struct jr *r)
{
    const unsigned char *raw = ++r->p; /* after the opening quote */
    for (;;) {
        if (r->p >= r->end)
            return jr_fail(r, "unterminated string");
        unsigned char c = *r->p;
        size_t len = 1;
        if (c == '"')
            break;
        if (c < 0x20)
            return jr_fail(r, "raw control character in a string");
        if (c == '\\') {
            r->p++;
            if (jr_escape(r) < 0)
                return jr_fail(r, "bad escape");
            continue;
        }
        if (c >= 0x80 && utf8_decode(r->p, &len) < 0)
            return jr_fail(r, "invalid UTF-8 in a string");
        r->p += len;
    }
    if (r->out)
        jr_keep(r, raw, r->p);
    r->p++;
    return true;
}

static inline bool jr_value(struct jr *r);

/* An object (close '}') or an array (close ']') after its opening bracket. */
static inline bool jr_members(struct jr *r, unsigned char close)
{
    if (++r->depth > 100)
        return jr_fail(r, "nested too deep");
    r->p++;
    jr_space(r);
    if (r->p < r->end && *r->p == close) {
        r->p++;
        r->depth--;
        return true;
    }
    for (;;) {
        if (close == '}') {
            if (r->p >= r->end || *r->p != '"')
                return jr_fail(r, "expected a key");
            if (!jr_string(r))
                return false;
            jr_space(r);
            if (r->p >= r->end || *r->p != ':')
                return jr_fail(r, "expected ':'");
            r->p++;
        }
        if (!jr_value(r))
            return false;
        jr_space(r);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            jr_space(r);
            continue;
        }
        if (r->p < r->end && *r->p == close) {
            r->p++;
            r->depth--;
            return true;
        }
        return jr_fail(r, "expected ',' or a closing bracket");
    }
}

static inline bool jr_value(struct jr *r)
{
    jr_space(r);
    if (r->p >= r->end)
        return jr_fail(r, "expected a value");
    switch (*r->p) {
    case '{': return jr_members(r, '}');
    case '[': return jr_members(r, ']');
    case '"': return jr_string(r);
    case 't': return jr_literal(r, "true");
    case 'f': return jr_literal(r, "false");
    case 'n': return jr_literal(r, "null");
    default:
        if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
            return jr_number(r);
        return jr_fail(r, "unexpected character");
    }
}

/* One JSON text in [doc, doc + len) (doc[len] is NUL); out (or NULL)
 * receives the decoded strings. */
static inline const char *fuzz_json_check(const char *doc, size_t len, struct json_strings *out)
{
    struct jr r = {(const unsigned char *)doc, (const unsigned char *)doc + len, 0, out, NULL};
    if (jr_value(&r)) {
        jr_space(&r);
        if (r.p != r.end)
            jr_fail(&r, "text after the value");
    }
    return r.why;
}

/* JSON Lines: every line one JSON text, the last one ending in a newline. */
static inline const char *fuzz_jsonl_check(const char *doc, size_t len, struct json_strings *out)
{
    if (len && doc[len - 1] != '\n')
        return "the last line has no newline";
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(doc + at, '\n', len - at);
        size_t n = (size_t)(nl - (doc + at));
        struct jr r = {(const unsigned char *)doc + at, (const unsigned char *)nl, 0, out, NULL};
        if (jr_value(&r)) {
            jr_space(&r);
            if (r.p != r.end)
                jr_fail(&r, "text after the value");
        }
        if (r.why)
            return r.why;
        at += n + 1;
    }
    return NULL;
}

/* ------------------------------------------------------------------- XML */

struct xr {
    const unsigned char *p, *end;
    const char *why;
};

static inline bool xr_fail(struct xr *r, const char *why)
{
    if (!r->why)
        r->why = why;
    return false;
}

static inline bool xr_is_char(int32_t cp)
{
    return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

static inline bool xr_at(const struct xr *r, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(r->end - r->p) >= n && memcmp(r->p, s, n) == 0;
}

static inline bool xr_skip_past(struct xr *r, const char *s, const char *why)
{
    const unsigned char *q = memmem(r->p, (size_t)(r->end - r->p), s, strlen(s));
    if (!q)
        return xr_fail(r, why);
    r->p = q + strlen(s);
    return true;
}

static inline void xr_space(struct xr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* A name (the ASCII subset a JUnit report uses): its length, 0 when none. */
static inline size_t xr_name(struct xr *r)
{
    const unsigned char *s = r->p;
    if (r->p < r->end && ((*r->p | 32) >= 'a' && (*r->p | 32) <= 'z' ? 1 : *r->p == '_' ||
                                                                            *r->p == ':'))
        for (r->p++; r->p < r->end; r->p++) {
            unsigned char c = *r->p;
            if (!((c | 32) >= 'a' && (c | 32) <= 'z') && !(c >= '0' && c <= '9') && c != '.' &&
                c != '-' && c != '_' && c != ':')
                break;
        }
    return (size_t)(r->p - s);
}

/* A reference after '&': a predefined entity or a character reference. */
static inline bool xr_reference(struct xr *r)
{
    static const char *const ENTITIES[] = {"lt;", "gt;", "amp;", "quot;", "apos;"};
    r->p++;
    for (size_t i = 0; i < 5; i++)
        if (xr_at(r, ENTITIES[i])) {
            r->p += strlen(ENTITIES[i]);
            return true;
        }
    if (!xr_at(r, "#"))
        return xr_fail(r, "unknown entity");
    r->p++;
    bool hex = r->p < r->end && *r->p == 'x';
    r->p += hex;
    int64_t cp = 0;
    size_t digits = 0;
    for (; r->p < r->end && *r->p != ';'; r->p++, digits++) {
        unsigned char c = *r->p;
        int d = c >= '0' && c <= '9' ? c - '0'
              : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
        if (d < 0 || digits > 8)
            return xr_fail(r, "bad character reference");
        cp = cp * (hex ? 16 : 10) + d;
    }
    if (!digits || r->p >= r->end || !xr_is_char((int32_t)cp))
        return xr_fail(r, "bad character reference");
    r->p++;
    return true;
}

/* Character data up to the next '<' (or the end). */
static inline bool xr_text(struct xr *r)
{
    while (r->p < r->end && *r->p != '<') {
        if (*r->p == '&') {
            if (!xr_reference(r))
                return false;
        } else if (xr_at(r, "]]>")) {
            return xr_fail(r, "\"]]>\" in character data");
        } else {
            r->p++;
        }
    }
    return true;
}

/* The attributes and end of a start tag; *empty when it ends in "/>". */
static inline bool xr_attributes(struct xr *r, bool *empty)
{
    for (;;) {
        const unsigned char *before = r->p;
        xr_space(r);
        if (xr_at(r, "/>") || xr_at(r, ">")) {
            *empty = *r->p == '/';
            r->p += *empty ? 2 : 1;
            return true;
        }
        if (r->p == before || !xr_name(r))
            return xr_fail(r, "bad attribute");
        xr_space(r);
        if (!xr_at(r, "="))
            return xr_fail(r, "attribute without '='");
        r->p++;
        xr_space(r);
        if (r->p >= r->end || (*r->p != '"' && *r->p != '\''))
            return xr_fail(r, "unquoted attribute value");
        unsigned char quote = *r->p++;
        while (r->p < r->end && *r->p != quote) {
            if (*r->p == '<')
                return xr_fail(r, "'<' in an attribute value");
            if (*r->p == '&') {
                if (!xr_reference(r))
                    return false;
            } else {
                r->p++;
            }
        }
        if (r->p >= r->end)
            return xr_fail(r, "unterminated attribute value");
        r->p++;
    }
}

static inline const char *fuzz_xml_check(const char *doc, size_t len)
{
    size_t n;
    for (const unsigned char *p = (const unsigned char *)doc; p < (const unsigned char *)doc + len;
         p += n)
        if (!xr_is_char(utf8_decode(p, &n)))
            return "a byte or character XML 1.0 cannot carry";
    struct xr r = {(const unsigned char *)doc, (const unsigned char *)doc + len, NULL};
    enum { MAX_DEPTH = 64 };
    struct { const unsigned char *name; size_t len; } open[MAX_DEPTH];
    size_t depth = 0, roots = 0;
    if (xr_at(&r, "<?xml") && !xr_skip_past(&r, "?>", "unterminated declaration"))
        return r.why;
    while (r.p < r.end) {
        if (!xr_at(&r, "<")) {
            const unsigned char *s = r.p;
            if (!xr_text(&r))
                return r.why;
            if (!depth)
                for (; s < r.p; s++)
                    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
                        return "text outside the root element";
        } else if (xr_at(&r, "<!--")) {
            if (!xr_skip_past(&r, "-->", "unterminated comment"))
                return r.why;
        } else if (xr_at(&r, "<![CDATA[")) {
            if (!depth)
                return "CDATA outside the root element";
            if (!xr_skip_past(&r, "]]>", "unterminated CDATA section"))
                return r.why;
        } else if (xr_at(&r, "<?")) {
            if (!xr_skip_past(&r, "?>", "unterminated processing instruction"))
                return r.why;
        } else if (xr_at(&r, "</")) {
            r.p += 2;
            const unsigned char *name = r.p;
            size_t nlen = xr_name(&r);
            xr_space(&r);
            if (!depth || !nlen || !xr_at(&r, ">") || open[depth - 1].len != nlen ||
                memcmp(open[depth - 1].name, name, nlen) != 0)
                return "mismatched end tag";
            r.p++;
            depth--;
        } else {
            r.p++;
            const unsigned char *name = r.p;
            size_t nlen = xr_name(&r);
            bool empty = false;
            if (!nlen)
                return "bad element name";
            if (!depth && roots++)
                return "a second root element";
            if (!xr_attributes(&r, &empty))
                return r.why;
            if (!empty) {
                if (depth == MAX_DEPTH)
                    return "nested too deep";
                open[depth].name = name;
                open[depth++].len = nlen;
            }
        }
    }
    if (depth)
        return "unclosed element";
    return roots == 1 ? NULL : "no root element";
}

#endif
