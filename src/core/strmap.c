/* strmap.c — open-addressing table for first-appearance ranks (strmap.h). */
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sixteen bytes, so that a large table stays small in the caches. */
struct strmap_slot {
    const char *key;  /* NULL when empty; its length is stored just before it */
    uint32_t hash;    /* slot_hash(): where the key goes, and a quick compare */
    uint32_t rank;
};

static size_t key_len(const char *key)
{
    uint32_t n;
    memcpy(&n, key - sizeof n, sizeof n);
    return n;
}

uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static struct strmap_slot *find_slot(struct strmap_slot *slots, size_t cap, uint32_t hash,
                                     const char *key, size_t n)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        struct strmap_slot *s = &slots[i];
        if (!s->key ||
            (s->hash == hash && key_len(s->key) == n && memcmp(s->key, key, n) == 0))
            return s;
    }
}

/* The first table is small: many maps (one request's inventory, say) never
 * hold more than a few keys, and a cleared table costs its whole size. */
enum { STRMAP_FIRST_CAP = 16 };

static void grow(struct strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : STRMAP_FIRST_CAP;
    struct strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find_slot(slots, cap, m->slots[i].hash, m->slots[i].key,
                       key_len(m->slots[i].key)) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

/* The slots' hash: word at a time, as the table's order never depends on it
 * (fnv1a stays the stable one, for fingerprints). */
static uint32_t slot_hash(const char *key, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ n;
    for (; n >= 8; key += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, key, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, key, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    return (uint32_t)(h ^ (h >> 32));
}

/* The key's slot, added (with `extra` more bytes of key copied: the NUL of
 * an interned string) when new. */
static struct strmap_slot *lookup(struct strmap *m, const char *key, size_t n, size_t extra)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    uint32_t hash = slot_hash(key, n), len = (uint32_t)n;
    struct strmap_slot *s = find_slot(m->slots, m->cap, hash, key, n);
    if (!s->key) {
        if (len != n || m->count == UINT32_MAX) {
            fputs("ringwall: out of memory (string table)\n", stderr);
            abort();
        }
        char *copy = arena_alloc(&m->keys, sizeof len + n + extra);
        memcpy(copy, &len, sizeof len);
        memcpy(copy + sizeof len, key, n + extra);
        *s = (struct strmap_slot){.key = copy + sizeof len, .hash = hash,
                                  .rank = (uint32_t)m->count++};
    }
    return s;
}

size_t strmap_rank(struct strmap *m, const char *key, size_t n)
{
    return lookup(m, key, n, 0)->rank;
}

const char *strmap_intern(struct strmap *m, const char *s)
{
    return s ? lookup(m, s, strlen(s), 1)->key : NULL;
}

const char *strmap_intern_ranked(struct strmap *m, const char *s, size_t n, size_t *rank)
{
    const struct strmap_slot *slot = lookup(m, s, n, 1);
    *rank = slot->rank;
    return slot->key;
}

void strmap_free(struct strmap *m)
{
    arena_free(&m->keys);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
