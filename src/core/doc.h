/* doc.h — the document model: an arena-allocated tree of typed nodes, each
 * with its 1-based line and column. YAML and JSON both load into it, with
 * scalars already resolved the way the API server's decoder resolves them
 * (see scalar.h). Aliases share nodes, so the tree is a DAG; walkers must not
 * assume a node has a single parent. */
#ifndef RINGWALL_DOC_H
#define RINGWALL_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum node_type {
    NODE_NULL,
    NODE_BOOL,
    NODE_INT,
    NODE_FLOAT,
    NODE_STR,
    NODE_MAP,
    NODE_SEQ,
};

struct pair;

struct node {
    uint8_t type;      /* enum node_type */
    uint8_t quoted;    /* scalar was quoted or a block scalar: always a string */
    uint8_t merge;     /* scalar is the merge key `<<` (plain untagged, or !!merge) */
    uint8_t reserved;
    uint32_t line, col; /* 1-based position of the node's first character */
    uint32_t weight;   /* nodes in this subtree with aliases expanded (saturating) */
    uint32_t len;      /* scalar text length */
    uint32_t n;        /* number of items (seq) or pairs (map) */
    union {
        bool b;
        int64_t i;
        double f;
        uint64_t absent; /* NODE_MAP: node_key_bit()s of keys it lacks, below */
    } num;
    const char *str;   /* scalar text (NUL-terminated); for map keys the JSON key
                          it becomes (`yes:` is "true", `0x10:` is "16") */
    union {
        struct node **items;
        struct pair *pairs;
    } u;
};

struct pair {
    struct node *key, *value;
};

/* One YAML/JSON document of a stream. */
struct doc {
    struct arena arena;
    struct node *root;     /* never NULL once loaded; NODE_NULL for empty docs */
    const char *file;      /* display name of the source ("-" is "<stdin>") */
    unsigned index;        /* 0-based position in its stream */
    size_t bytes;          /* size of the document's text */
    /* first duplicate mapping key, if any: the document is invalid for the
     * API server, but the stream can go on */
    const struct node *duplicate_key;
    size_t items_taken;    /* items handed out while loading (load.h), not in the tree */
    void *prepared;        /* work done on it by a loading thread (load_pool.h) */
};

/* Lookups. All accept NULL and return NULL/false on a type mismatch. */

/* Most keys looked up are absent, and a lookup skips the scan of a map's
 * pairs for most of them: each key has one bit of 64 (a hash of its length
 * and two of its bytes, which the compiler works out for a literal key), and
 * a map's num.absent has the bits that none of its keys has (node_seal_map).
 * 0, as in a zeroed node, claims no key absent and is always right; code
 * that adds keys to a sealed map must seal it again or set 0. A node of
 * another type has no keys, so whatever its num holds hides none. */
static inline uint64_t node_key_bit(const char *key, size_t klen)
{
    unsigned h = (unsigned)klen * 5u + (unsigned char)key[0] + (unsigned char)key[klen / 2] * 3u;
    return 1ull << (h & 63);
}
/* Sets map->num.absent from its keys' texts. */
void node_seal_map(struct node *map);
/* The scan of map's pairs for key (klen bytes). */
const struct node *node_find_len(const struct node *map, const char *key, size_t klen);
/* The value of key (klen bytes; key[0] is read even when klen is 0) in map. */
static inline const struct node *node_get_len(const struct node *map, const char *key,
                                              size_t klen)
{
    if (!map || (map->num.absent & node_key_bit(key, klen)))
        return NULL;
    return node_find_len(map, key, klen);
}
/* Inline, so that the length and bit of a literal key are known when compiling. */
static inline const struct node *node_get(const struct node *map, const char *key)
{
    return node_get_len(map, key, __builtin_strlen(key));
}
const struct node *node_path(const struct node *n, const char *dotted);
const struct node *node_at(const struct node *seq, size_t i);
size_t node_len(const struct node *n);
const char *node_str(const struct node *n);   /* NODE_STR only */
const char *node_text(const struct node *n);  /* any scalar's text */
bool node_is_true(const struct node *n);
bool node_is_false(const struct node *n);
bool node_is_map(const struct node *n);
bool node_is_seq(const struct node *n);
bool node_is_scalar(const struct node *n);
/* An integer value; integral floats count (the API server's JSON decoding
 * accepts 8.0 for an int field). */
bool node_int(const struct node *n, int64_t *out);
bool node_str_eq(const struct node *n, const char *s);
const char *node_type_name(const struct node *n);

/* Iterate a sequence or a map: for (size_t i = 0; i < node_len(n); i++) */
#define node_key(map, i) ((map)->u.pairs[i].key)
#define node_value(map, i) ((map)->u.pairs[i].value)

void doc_free(struct doc *d);

/* A copy of the tree under n, allocated from a (a subtree that aliases share
 * is copied for each use: as many nodes as n->weight). */
struct node *node_copy(struct arena *a, const struct node *n);

#endif
