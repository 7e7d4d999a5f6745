/* load.h — turn a byte stream (YAML 1.1 or JSON) into documents, one at a
 * time, with limits on every dimension an attacker controls. The callback
 * owns each document and must doc_free() it; memory is bounded by the largest
 * document, never by the stream. */
#ifndef RINGWALL_LOAD_H
#define RINGWALL_LOAD_H

#include <stdio.h>

#include "doc.h"

struct load_limits {
    size_t max_doc_bytes;    /* text of one document */
    size_t max_depth;        /* nesting of mappings and sequences */
    size_t max_scalar_bytes; /* one scalar */
    size_t max_nodes;        /* nodes of one document, aliases expanded */
};

extern const struct load_limits LOAD_LIMITS_DEFAULT;

struct load_error {
    char message[256];
    unsigned line, col; /* 1-based; 0 when unknown */
};

/* Return 0 to continue with the next document, non-zero to stop. */
typedef int (*doc_fn)(struct doc *doc, void *ctx);

/* Loads every document of the stream. Returns 0 on success, -1 after a syntax
 * or limit error (described in *err); documents before the error were
 * already delivered. `name` is the display name stored in each doc. */
int load_stream(const char *name, FILE *in, const struct load_limits *lim, doc_fn fn,
                void *ctx, struct load_error *err);
int load_buffer(const char *name, const char *buf, size_t len, const struct load_limits *lim,
                doc_fn fn, void *ctx, struct load_error *err);

#endif
