/* jsonw.c — streaming JSON writer (jsonw.h). */
#include "jsonw.h"

#include <inttypes.h>

#include "../core/utf8.h"

/* Bytes that go out as they are: printable ASCII but the two JSON escapes. */
static size_t plain_span(const unsigned char *p)
{
    const unsigned char *q = p;
    while (*q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
        q++;
    return (size_t)(q - p);
}

void json_write_string(FILE *out, const char *s)
{
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = plain_span(p);
        if (len) {
            fwrite(p, 1, len, out);
            p += len;
            continue;
        }
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (*p < 0x20) {
                fprintf(out, "\\u%04x", *p);
            } else if (utf8_decode(p, &len) < 0) {
                fputs("\\ufffd", out); /* not UTF-8: replaced, JSON must be text */
            } else {
                fwrite(p, 1, len, out);
                p += len;
                continue;
            }
        }
        p++;
    }
    putc('"', out);
}

void jsonw_init(struct jsonw *w, FILE *out)
{
    w->out = out;
    w->depth = 0;
    w->first[0] = true;
    w->after_key = false;
}

/* Comma before a value unless it is the first at its level or follows a key. */
static void before_value(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (!w->first[w->depth])
        putc(',', w->out);
    w->first[w->depth] = false;
}

static void begin_container(struct jsonw *w, char c)
{
    before_value(w);
    putc(c, w->out);
    if (w->depth + 1 < JSONW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void end_container(struct jsonw *w, char c)
{
    putc(c, w->out);
    if (w->depth > 0)
        w->depth--;
}

void jsonw_object(struct jsonw *w) { begin_container(w, '{'); }
void jsonw_object_end(struct jsonw *w) { end_container(w, '}'); }
void jsonw_array(struct jsonw *w) { begin_container(w, '['); }
void jsonw_array_end(struct jsonw *w) { end_container(w, ']'); }

void jsonw_key(struct jsonw *w, const char *key)
{
    before_value(w);
    json_write_string(w->out, key);
    putc(':', w->out);
    w->after_key = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
    before_value(w);
    if (s)
        json_write_string(w->out, s);
    else
        fputs("null", w->out);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
    before_value(w);
    fprintf(w->out, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, bool v)
{
    before_value(w);
    fputs(v ? "true" : "false", w->out);
}

void jsonw_kv_string(struct jsonw *w, const char *key, const char *s)
{
    jsonw_key(w, key);
    jsonw_string(w, s);
}

void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v)
{
    jsonw_key(w, key);
    jsonw_int(w, v);
}

void jsonw_kv_bool(struct jsonw *w, const char *key, bool v)
{
    jsonw_key(w, key);
    jsonw_bool(w, v);
}
