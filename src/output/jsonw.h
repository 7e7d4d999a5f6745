/* jsonw.h — a small streaming JSON writer: correct string escaping and
 * comma placement, nothing else. Every JSON-speaking formatter uses it. */
#ifndef RINGWALL_JSONW_H
#define RINGWALL_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { JSONW_MAX_DEPTH = 64 };

struct jsonw {
    FILE *out;
    int depth;
    bool first[JSONW_MAX_DEPTH]; /* no member written yet at this depth */
    bool after_key;
};

void jsonw_init(struct jsonw *w, FILE *out);
void jsonw_object(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_string(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, bool v);

/* Shorthands for "key": value members. */
void jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_kv_bool(struct jsonw *w, const char *key, bool v);

/* Writes s as a JSON string literal (with quotes). */
void json_write_string(FILE *out, const char *s);

#endif
