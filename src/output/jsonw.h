/* jsonw.h — a small streaming JSON writer: correct string escaping and
 * comma placement, nothing else. Every JSON-speaking formatter uses it. */
#ifndef RINGWALL_JSONW_H
#define RINGWALL_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { JSONW_MAX_DEPTH = 64 };

/* Text on its way to stdio: each call's JSON is escaped into one of these
 * and written in one stdio call, per-byte putc and per-run fwrite costing
 * more than the escaping. */
struct jsonw_sink {
    FILE *out;   /* NULL: the text collects in mem (see jsonw_memory) */
    char *mem;
    size_t mem_len;
    size_t n;
    char buf[4096];
};

struct jsonw {
    FILE *out;
    struct jsonw_sink *held; /* see jsonw_hold, or NULL */
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

/* A string value written in parts, escaped part by part: the same text as
 * jsonw_string of the parts joined, unless a UTF-8 character is split
 * between two parts (each part's piece of it would be replaced). */
void jsonw_string_open(struct jsonw *w);
void jsonw_string_part(struct jsonw *w, const char *s);
void jsonw_string_close(struct jsonw *w);

/* Shorthands for "key": value members. */
void jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_int(struct jsonw *w, const char *key, int64_t v);
void jsonw_kv_bool(struct jsonw *w, const char *key, bool v);

/* Keeps what w writes in s, written out when s fills and at jsonw_release:
 * one stdio call for a whole record rather than one per member. Nothing else
 * may write to w's FILE in between. */
void jsonw_hold(struct jsonw *w, struct jsonw_sink *s);
void jsonw_release(struct jsonw *w);

/* Writes JSON text made earlier (by jsonw_memory): one or more "key":value
 * members of the current object, separated by commas, placed as
 * jsonw_kv_string would place them. */
void jsonw_members(struct jsonw *w, const char *json, size_t len);

/* A writer into memory: what w writes from here on collects in s, handed
 * over (malloc'd, NUL-terminated, length in *len) by jsonw_memory_take.
 * Writing it once and copying it with jsonw_members costs far less than
 * escaping the same text again. */
void jsonw_memory(struct jsonw *w, struct jsonw_sink *s);
char *jsonw_memory_take(struct jsonw *w, size_t *len);

/* Writes s as a JSON string literal (with quotes). */
void json_write_string(FILE *out, const char *s);

#endif
