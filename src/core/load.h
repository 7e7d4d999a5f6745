/* load.h — turn a byte stream (YAML 1.1 or JSON) into documents, one at a
 * time, with limits on every dimension an attacker controls. The callback
 * owns each document and must doc_free() it; memory is bounded by the largest
 * document, never by the stream. */
#ifndef RINGWALL_LOAD_H
#define RINGWALL_LOAD_H

#include <stdbool.h>
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
    size_t bytes;       /* of the input read, after an error or not (--stats) */
};

/* Return 0 to continue with the next document, non-zero to stop. */
typedef int (*doc_fn)(struct doc *doc, void *ctx);

/* Item streaming, for Lists (what `kubectl get -o json|yaml` prints): when a
 * document's root is a mapping, each mapping element of its `items`
 * sequence (the value of the explicit key `items`, without an anchor) is
 * offered as soon as it is complete. An item the callback takes is removed
 * from the sequence and its memory released (kept when it defines an anchor,
 * which a later alias may use), so memory follows the largest item, not the
 * List. An item it refuses stays in the document, and so does every later
 * one: objects keep their document order. Limits count the whole document
 * as without streaming (max_nodes too). After an error, items of the failed
 * document may already have been taken, as documents before it are. */
struct load_item {
    const struct node *node;          /* the element: a mapping */
    /* the root mapping as far as it was read before `items` (merges applied;
     * keys after `items` are unknown yet: kubectl prints `kind` there) */
    const struct node *head;
    const struct node *duplicate_key; /* first duplicate key inside the element */
    const char *file;
    unsigned doc_index;
    void *prepared; /* work done on it by a loading thread (load_pool.h) */
    /* Where node and everything under it live (and nothing else), when the
     * taker may keep them: arena_adopt() moves them out of the loader,
     * which then no longer frees them. NULL when the element shares memory
     * with the document (it defines or uses an anchor). */
    struct arena *arena;
};

/* Return true to take the item, false to leave it (and all later items of
 * the document) in the document. Everything it points to is valid during
 * the call only. */
typedef bool (*item_fn)(const struct load_item *item, void *ctx);

/* Loads every document of the stream. Returns 0 on success, -1 after a syntax
 * or limit error (described in *err); documents before the error were
 * already delivered. `name` is the display name stored in each doc. */
int load_stream(const char *name, FILE *in, const struct load_limits *lim, doc_fn fn,
                void *ctx, struct load_error *err);
int load_buffer(const char *name, const char *buf, size_t len, const struct load_limits *lim,
                doc_fn fn, void *ctx, struct load_error *err);

/* The same with item streaming: on_item (may be NULL) and fn share ctx. */
int load_stream_items(const char *name, FILE *in, const struct load_limits *lim,
                      item_fn on_item, doc_fn fn, void *ctx, struct load_error *err);
int load_buffer_items(const char *name, const char *buf, size_t len,
                      const struct load_limits *lim, item_fn on_item, doc_fn fn, void *ctx,
                      struct load_error *err);

#endif
