/* mapping.h — a mapping's pairs from its children, as go-yaml v2 decodes a
 * mapping into the API server's map[interface{}]interface{}: pairs apply in
 * document order, so a `<<` merge overrides keys set before it and keys
 * after it override merged ones; in a `<<` sequence earlier mappings win.
 * The value of `<<` must be a mapping, an alias of one, or a sequence of
 * those (an alias of a sequence is refused as the loader sees it). A key
 * given twice explicitly is a duplicate (strict decoding rejects it); keys
 * brought in by a merge never are (kubectl converts YAML without strictness,
 * and overriding is the point of merging). Keys compare by the JSON key they
 * become, so `yes:` and `true:` collide. Large mappings use a hash index. */
#ifndef RINGWALL_MAPPING_H
#define RINGWALL_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "doc.h"

struct mapping_error {
    char message[200];
    unsigned line, col;
};

/* Sets map->u.pairs and map->n from kids (key, value, key, value, ...),
 * rewriting each key's text to its JSON key; with keys_ready, every key is
 * already a string that is its own JSON key, without a NUL in its text
 * (what the JSON front end makes). *duplicate keeps the earliest duplicate
 * key seen in the document. False on an invalid key or merge. */
bool mapping_build(struct node *map, struct node **kids, size_t nkids, bool keys_ready,
                   struct arena *arena, const struct node **duplicate,
                   struct mapping_error *err);

/* Mappings of up to this many pairs, without merges, take their pairs as
 * the children are (key, value, ...) and look for duplicates pair by pair. */
enum { MAPPING_SMALL = 16 };

/* Notes in *duplicate the first duplicate key (by position) of a small
 * mapping whose keys are their JSON keys already (map->u.pairs and map->n
 * set), and seals it for lookups (doc.h). */
void mapping_finish_small(struct node *map, const struct node **duplicate);
/* The same for a builder that gathered its keys' node_key_bit()s as they
 * came: bits, all of them ORed; met, whether two of them were the same. */
void mapping_finish_small_bits(struct node *map, uint64_t bits, bool met,
                               const struct node **duplicate);

#endif
