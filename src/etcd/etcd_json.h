/* etcd_json.h — the JSON of etcd's v3 HTTP gateway: a small tree parser
 * (one response held in an arena; depth and size bounded), lookups by
 * member name, the gateway's encodings (64-bit integers as strings, bytes
 * as base64), and a splitter for the stream of objects a server-streaming
 * call (maintenance/snapshot) returns. */
#ifndef RINGWALL_ETCD_JSON_H
#define RINGWALL_ETCD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"

enum ej_type { EJ_NULL, EJ_BOOL, EJ_NUMBER, EJ_STRING, EJ_ARRAY, EJ_OBJECT };

struct ej_value {
    enum ej_type type;
    const char *str;   /* EJ_STRING: decoded (NUL-terminated); EJ_NUMBER: as written */
    size_t len;
    bool boolean;
    const char *key;   /* the member name, for a member of an object */
    size_t keylen;
    struct ej_value *child, *next; /* arrays and objects: members in order */
};

enum { EJ_MAX_DEPTH = 32 };

/* Parses one JSON value (surrounded by whitespace only) into a. NULL when
 * the text is not JSON; *err_at is then the byte offset of the error and
 * *err a static message. */
struct ej_value *ej_parse(struct arena *a, const char *buf, size_t len, size_t *err_at,
                          const char **err);

/* The member `key` of an object, or NULL (also when v is NULL or no object). */
const struct ej_value *ej_get(const struct ej_value *v, const char *key);
/* An unsigned integer written as a number or, as the gateway writes int64
 * and uint64, as a string of digits; absent (NULL) is 0, proto3's default.
 * False when it is something else. */
bool ej_u64(const struct ej_value *v, uint64_t *out);
/* A string member's text, or NULL. */
const char *ej_str(const struct ej_value *v);
/* A bytes field (base64) decoded into a (NUL-terminated); absent is empty.
 * False when it is not a base64 string. */
bool ej_bytes(struct arena *a, const struct ej_value *v, const unsigned char **out,
              size_t *len);

/* Splits a stream of concatenated JSON objects (`{...}{...}`, whitespace
 * between) fed in arbitrary pieces. Each complete object is handed to the
 * callback; an object larger than `max` bytes, or bytes outside an object
 * that are not whitespace, fail the stream. */
typedef bool (*ej_object_fn)(const char *obj, size_t len, void *ctx);

struct ej_splitter {
    char *buf;
    size_t len, cap, max;
    unsigned depth;
    bool in_string, escape;
    ej_object_fn fn;
    void *ctx;
    const char *error; /* set when the stream failed */
};

void ej_splitter_init(struct ej_splitter *s, size_t max, ej_object_fn fn, void *ctx);
/* False once the stream failed (s->error says why) or the callback refused. */
bool ej_splitter_feed(struct ej_splitter *s, const char *data, size_t n);
/* True when the stream ended between objects. */
bool ej_splitter_done(const struct ej_splitter *s);
void ej_splitter_free(struct ej_splitter *s);

#endif
