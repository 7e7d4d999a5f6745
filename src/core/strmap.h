/* strmap.h — a string-keyed hash table that numbers keys in order of first
 * appearance: strmap_rank("a") is 0, a new key gets the next number, a known
 * key its old one. Formatters use it to group findings by file and object in
 * O(n). Also home of the FNV-1a hash used for stable fingerprints. */
#ifndef RINGWALL_STRMAP_H
#define RINGWALL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* 64-bit FNV-1a of n bytes, continuing from h (start with FNV1A_INIT). */
#define FNV1A_INIT 0xcbf29ce484222325ULL
uint64_t fnv1a(uint64_t h, const void *data, size_t n);

struct strmap_slot;

struct strmap {
    struct arena keys;          /* copies of every key */
    struct strmap_slot *slots;
    size_t cap, count;          /* count = number of distinct keys */
};

/* The key's rank: its number in order of first appearance. n is the key's
 * length (keys may contain NUL bytes). */
size_t strmap_rank(struct strmap *m, const char *key, size_t n);
/* The table's one copy of the string s (NULL for NULL): equal strings come
 * back as the same pointer. */
const char *strmap_intern(struct strmap *m, const char *s);
/* As strmap_intern for a string s of length n, also giving its rank. */
const char *strmap_intern_ranked(struct strmap *m, const char *s, size_t n, size_t *rank);
void strmap_free(struct strmap *m);

#endif
