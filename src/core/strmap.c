/* strmap.c — open-addressing table for first-appearance ranks (strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

struct strmap_slot {
    const char *key;  /* NULL when empty */
    size_t len, rank;
    uint64_t hash;
};

uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static struct strmap_slot *find_slot(struct strmap_slot *slots, size_t cap, uint64_t hash,
                                     const char *key, size_t n)
{
    for (size_t i = (size_t)hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        struct strmap_slot *s = &slots[i];
        if (!s->key || (s->hash == hash && s->len == n && memcmp(s->key, key, n) == 0))
            return s;
    }
}

static void grow(struct strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct strmap_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            *find_slot(slots, cap, m->slots[i].hash, m->slots[i].key, m->slots[i].len) =
                m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

size_t strmap_rank(struct strmap *m, const char *key, size_t n)
{
    if ((m->count + 1) * 4 > m->cap * 3)
        grow(m);
    uint64_t hash = fnv1a(FNV1A_INIT, key, n);
    struct strmap_slot *s = find_slot(m->slots, m->cap, hash, key, n);
    if (!s->key) {
        char *copy = arena_alloc(&m->keys, n ? n : 1);
        memcpy(copy, key, n);
        *s = (struct strmap_slot){.key = copy, .len = n, .rank = m->count++, .hash = hash};
    }
    return s->rank;
}

void strmap_free(struct strmap *m)
{
    arena_free(&m->keys);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
