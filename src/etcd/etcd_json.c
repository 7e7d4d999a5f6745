/* etcd_json.c — JSON trees for etcd gateway responses, and the splitter of
 * the streams of objects it sends for server-streaming calls. */
#include "etcd_json.h"

#include <stdlib.h>
#include <string.h>

#include "../core/base64.h"
#include "../core/hex.h"

struct parser {
    struct arena *a;
    const char *p, *end, *start;
    const char *err;
};

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end &&
           (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static bool fail(struct parser *ps, const char *msg)
{
    if (!ps->err)
        ps->err = msg;
    return false;
}

static bool read_hex4(struct parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4)
        return fail(ps, "truncated \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(ps->p[i]);
        if (h < 0)
            return fail(ps, "invalid \\u escape");
        v = v << 4 | (unsigned)h;
    }
    ps->p += 4;
    *out = v;
    return true;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* A \u escape (after the backslash and the u); a lone surrogate becomes
 * U+FFFD, as Go's decoder makes it. */
static bool read_unicode(struct parser *ps, unsigned *cp)
{
    if (!read_hex4(ps, cp))
        return false;
    if (*cp < 0xd800 || *cp > 0xdfff)
        return true;
    if (*cp >= 0xdc00 || ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
        *cp = 0xfffd;
        return true;
    }
    const char *save = ps->p;
    ps->p += 2;
    unsigned lo;
    if (!read_hex4(ps, &lo))
        return false;
    if (lo < 0xdc00 || lo > 0xdfff) {
        ps->p = save;
        *cp = 0xfffd;
        return true;
    }
    *cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
    return true;
}

/* The first '"' or '\\' in [p, end), or end. */
static const char *next_special(const char *p, const char *end)
{
    const char *q = memchr(p, '"', (size_t)(end - p));
    const char *b = memchr(p, '\\', (size_t)((q ? q : end) - p));
    return b ? b : q ? q : end;
}

/* A string (at its opening quote): decoded into the arena. Escapes only
 * shrink the text, so its written length bounds the decoded one; runs
 * without escapes are copied whole (a snapshot chunk is one such run). */
static bool parse_string(struct parser *ps, const char **out, size_t *outlen)
{
    const char *q = ++ps->p;
    for (;;) {
        q = next_special(q, ps->end);
        if (q >= ps->end)
            return fail(ps, "unterminated string");
        if (*q == '"')
            break;
        q += 2; /* an escape: skip the escaped character */
        if (q > ps->end)
            return fail(ps, "unterminated string");
    }
    char *o = arena_alloc(ps->a, (size_t)(q - ps->p) + 1);
    size_t n = 0;
    while (*ps->p != '"') {
        const char *run = next_special(ps->p, q + 1);
        for (const char *c = ps->p; c < run; c++)
            if ((unsigned char)*c < 0x20)
                return fail(ps, "control character in string");
        memcpy(o + n, ps->p, (size_t)(run - ps->p));
        n += (size_t)(run - ps->p);
        ps->p = run;
        if (*ps->p == '"')
            break;
        ps->p++;
        char e = *ps->p++;
        static const char FROM[] = "\"\\/bfnrt", TO[] = "\"\\/\b\f\n\r\t";
        const char *k = e ? strchr(FROM, e) : NULL;
        if (k) {
            o[n++] = TO[k - FROM];
        } else if (e == 'u') {
            unsigned cp;
            if (!read_unicode(ps, &cp))
                return false;
            n += put_utf8(o + n, cp);
        } else {
            return fail(ps, "invalid escape in string");
        }
    }
    ps->p++;
    o[n] = '\0';
    *out = o;
    *outlen = n;
    return true;
}

static bool parse_number(struct parser *ps, struct ej_value *v)
{
    const char *s = ps->p;
    if (ps->p < ps->end && *ps->p == '-')
        ps->p++;
    const char *digits = ps->p;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
        ps->p++;
    if (ps->p == digits || (*digits == '0' && ps->p - digits > 1))
        return fail(ps, "invalid number");
    if (ps->p < ps->end && *ps->p == '.') {
        const char *f = ++ps->p;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
        if (ps->p == f)
            return fail(ps, "invalid number");
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        const char *x = ps->p;
        while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
            ps->p++;
        if (ps->p == x)
            return fail(ps, "invalid number");
    }
    v->type = EJ_NUMBER;
    v->str = arena_strndup(ps->a, s, (size_t)(ps->p - s));
    v->len = (size_t)(ps->p - s);
    return true;
}

static bool literal(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
        return fail(ps, "invalid literal");
    ps->p += n;
    return true;
}

static bool parse_value(struct parser *ps, struct ej_value *v, unsigned depth);

/* The members of an array or object, after its opening bracket. */
static bool parse_members(struct parser *ps, struct ej_value *v, unsigned depth, char close)
{
    struct ej_value **tail = &v->child;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == close) {
        ps->p++;
        return true;
    }
    for (;;) {
        struct ej_value *m = arena_zalloc(ps->a, sizeof *m);
        skip_ws(ps);
        if (close == '}') {
            if (ps->p >= ps->end || *ps->p != '"')
                return fail(ps, "expected a member name");
            if (!parse_string(ps, &m->key, &m->keylen))
                return false;
            skip_ws(ps);
            if (ps->p >= ps->end || *ps->p != ':')
                return fail(ps, "expected ':'");
            ps->p++;
        }
        if (!parse_value(ps, m, depth + 1))
            return false;
        *tail = m;
        tail = &m->next;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return true;
        }
        return fail(ps, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool parse_value(struct parser *ps, struct ej_value *v, unsigned depth)
{
    if (depth > EJ_MAX_DEPTH)
        return fail(ps, "nested too deeply");
    skip_ws(ps);
    if (ps->p >= ps->end)
        return fail(ps, "unexpected end of input");
    switch (*ps->p) {
    case '{':
        v->type = EJ_OBJECT;
        return parse_members(ps, v, depth, '}');
    case '[':
        v->type = EJ_ARRAY;
        return parse_members(ps, v, depth, ']');
    case '"':
        v->type = EJ_STRING;
        return parse_string(ps, &v->str, &v->len);
    case 't':
        v->type = EJ_BOOL;
        v->boolean = true;
        return literal(ps, "true");
    case 'f':
        v->type = EJ_BOOL;
        return literal(ps, "false");
    case 'n':
        v->type = EJ_NULL;
        return literal(ps, "null");
    default:
        return parse_number(ps, v);
    }
}

struct ej_value *ej_parse(struct arena *a, const char *buf, size_t len, size_t *err_at,
                          const char **err)
{
    struct parser ps = {.a = a, .p = buf, .end = buf + len, .start = buf};
    struct ej_value *root = arena_zalloc(a, sizeof *root);
    bool ok = parse_value(&ps, root, 0);
    if (ok) {
        skip_ws(&ps);
        if (ps.p != ps.end)
            ok = fail(&ps, "trailing content after the value");
    }
    if (ok)
        return root;
    *err_at = (size_t)(ps.p - buf);
    *err = ps.err;
    return NULL;
}

const struct ej_value *ej_get(const struct ej_value *v, const char *key)
{
    if (!v || v->type != EJ_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (const struct ej_value *m = v->child; m; m = m->next)
        if (m->keylen == n && memcmp(m->key, key, n) == 0)
            return m;
    return NULL;
}

bool ej_u64(const struct ej_value *v, uint64_t *out)
{
    *out = 0;
    if (!v)
        return true;
    if (v->type != EJ_STRING && v->type != EJ_NUMBER)
        return false;
    if (v->len == 0 || v->len > 20)
        return false;
    uint64_t r = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (v->str[i] < '0' || v->str[i] > '9')
            return false;
        unsigned d = (unsigned)(v->str[i] - '0');
        if (r > (UINT64_MAX - d) / 10)
            return false;
        r = r * 10 + d;
    }
    *out = r;
    return true;
}

const char *ej_str(const struct ej_value *v)
{
    return v && v->type == EJ_STRING ? v->str : NULL;
}

bool ej_bytes(struct arena *a, const struct ej_value *v, const unsigned char **out, size_t *len)
{
    if (!v) {
        *out = (const unsigned char *)"";
        *len = 0;
        return true;
    }
    if (v->type != EJ_STRING)
        return false;
    unsigned char *b = arena_alloc(a, base64_decoded_max(v->len));
    if (!base64_decode(v->str, v->len, b, len))
        return false;
    *out = b;
    return true;
}

void ej_splitter_init(struct ej_splitter *s, size_t max, ej_object_fn fn, void *ctx)
{
    *s = (struct ej_splitter){.max = max, .fn = fn, .ctx = ctx};
}

static bool splitter_fail(struct ej_splitter *s, const char *msg)
{
    s->error = msg;
    return false;
}

static bool splitter_append(struct ej_splitter *s, const char *data, size_t n)
{
    if (n > s->max - s->len)
        return splitter_fail(s, "object in the stream too large");
    if (s->len + n > s->cap) {
        while (s->len + n > s->cap)
            s->cap = s->cap ? s->cap * 2 : 4096;
        if (s->cap > s->max)
            s->cap = s->max;
        s->buf = xrealloc(s->buf, s->cap);
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return true;
}

bool ej_splitter_feed(struct ej_splitter *s, const char *data, size_t n)
{
    if (s->error)
        return false;
    const char *p = data, *end = data + n;
    while (p < end) {
        if (s->in_string && !s->escape) { /* a run of plain string bytes at once */
            const char *stop = next_special(p, end);
            if (!splitter_append(s, p, (size_t)(stop - p)))
                return false;
            p = stop;
            if (p == end)
                break;
        }
        char c = *p++;
        if (s->depth == 0) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                continue;
            if (c != '{')
                return splitter_fail(s, "expected a JSON object in the stream");
        }
        if (!splitter_append(s, &c, 1))
            return false;
        if (s->in_string) {
            if (s->escape)
                s->escape = false;
            else if (c == '\\')
                s->escape = true;
            else if (c == '"')
                s->in_string = false;
            continue;
        }
        if (c == '"') {
            s->in_string = true;
        } else if (c == '{' || c == '[') {
            if (++s->depth > EJ_MAX_DEPTH)
                return splitter_fail(s, "object in the stream nested too deeply");
        } else if ((c == '}' || c == ']') && --s->depth == 0) {
            size_t len = s->len;
            s->len = 0;
            if (!s->fn(s->buf, len, s->ctx))
                return splitter_fail(s, "stream refused");
        }
    }
    return true;
}

bool ej_splitter_done(const struct ej_splitter *s)
{
    return !s->error && s->depth == 0 && s->len == 0;
}

void ej_splitter_free(struct ej_splitter *s)
{
    free(s->buf);
    s->buf = NULL;
}
