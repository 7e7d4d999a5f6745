/* json.h — a fast front end for plain JSON documents (what `kubectl get -o
 * json` prints). It produces exactly the libyaml events the YAML parser
 * would produce for the same bytes (same scalars, styles and positions), so
 * the loader builds an identical tree. Anything it is not certain about
 * (comments, YAML syntax, surrogate escapes, control characters, keys libyaml
 * would not take as simple keys, long strings, trailing content, ...) makes it decline,
 * and the loader parses the input with libyaml instead. */
#ifndef RINGWALL_JSON_H
#define RINGWALL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* Strings longer than this (in bytes as written, 1 MiB: more than any string
 * of an object the API server stores) are left to libyaml, whose reading is
 * bounded per token, so that memory stays bounded by the scalar limit. */
enum { JSON_LONG_STRING = 1u << 20 };

/* Where a scan of JSON text read piece by piece stands. */
struct json_lookahead {
    bool in_string, escape;
    size_t run; /* bytes of the current string, or since the last punctuation */
};

/* Scans the next piece of a JSON text: true as soon as a string, or what
 * comes between two punctuation characters outside strings (a plain scalar
 * in YAML that merely starts like JSON), is longer than JSON_LONG_STRING. */
bool json_lookahead_long(struct json_lookahead *st, const char *buf, size_t len);

/* Receives each event; returns false to abandon the document. */
typedef bool (*json_event_fn)(const yaml_event_t *ev, void *ctx);

/* True when buf (after a UTF-8 byte order mark and whitespace) starts like
 * a JSON object or array. */
bool json_looks_like(const char *buf, size_t len);

/* Emits DOCUMENT_START ... DOCUMENT_END for the single JSON document in buf
 * (the loader builds its tree from the same scan: json_scan.h).
 * Returns false, possibly after some events, when the input is not plain
 * JSON or an event was refused: the caller then discards what it built. */
bool json_events(const char *buf, size_t len, json_event_fn fn, void *ctx);

#endif
