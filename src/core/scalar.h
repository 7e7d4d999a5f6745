/* scalar.h — YAML 1.1 scalar resolution as the Kubernetes API server's
 * decoder (sigs.k8s.io/yaml over go-yaml v2) performs it:
 *   null   "", ~, null, Null, NULL
 *   bool   y Y yes Yes YES on On ON true True TRUE  (and n/no/off/false forms)
 *   int    Go strconv.ParseInt(s, 0, 64) after removing every "_": 10, +1,
 *          -0x1F, 0o17, 017 (octal), 0b101, -0b101; then ParseUint(s, 0, 64)
 *          (kept as a float: no int field accepts it); hexadecimal, octal or
 *          binary beyond 64 bits are big integers (also kept as floats)
 *   float  [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)? after removing
 *          "_" (a leading "." form keeps its "_" and fails), .inf/.nan forms;
 *          overflow (1e400) stays a string, underflow is 0
 *   string everything else; timestamps (2001-12-14, 2001-12-14T21:59:43Z)
 *          too, with their text unchanged, as go-yaml v2 does when decoding
 *          into interface{}
 * Quoted and block scalars are strings unless an explicit tag says otherwise.
 * Tags: !!str and unknown tags (`!`, `!foo`) give strings, !!binary decodes
 * base64, !!bool/!!int/!!float/!!null/!!timestamp resolve the text (quoted
 * or not) and fail when it is of another type (an int is a valid !!float). */
#ifndef RINGWALL_SCALAR_H
#define RINGWALL_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "doc.h"

enum scalar_tag {
    TAG_NONE,      /* no tag: plain scalars resolve, quoted ones are strings */
    TAG_STR,
    TAG_BINARY,
    TAG_BOOL,
    TAG_INT,
    TAG_FLOAT,
    TAG_NULL,
    TAG_TIMESTAMP,
    TAG_MERGE,
    TAG_OTHER,     /* `!`, local or unknown tags: the text as a string */
};

/* Classifies a tag as libyaml reports it (long form, NULL when absent). */
enum scalar_tag scalar_tag_kind(const char *tag);

/* Sets n->type and n->num from the plain scalar text n->str / n->len. */
void scalar_resolve(struct node *n);

/* Applies an explicit tag to the scalar n (text in n->str / n->len; may
 * rewrite it, in arena a, for !!binary). Returns NULL on success, else an
 * error message in the form go-yaml uses. */
const char *scalar_apply_tag(struct node *n, enum scalar_tag tag, struct arena *a);

/* True when s (NUL-terminated) is a timestamp go-yaml v2 recognises. */
bool scalar_is_timestamp(const char *s);

/* The JSON object key a resolved scalar map key becomes (sigs.k8s.io/yaml):
 * booleans "true"/"false", integers in decimal, floats as Go formats a
 * float32 ('g', shortest), strings unchanged. NULL for a null key, which
 * the API server rejects. */
const char *scalar_key_text(const struct node *k, struct arena *a);

#endif
