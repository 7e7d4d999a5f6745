/* mapping.c — a mapping's pairs from its children (mapping.h). */
#include "mapping.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"

struct mctx {
    struct arena *arena;
    const struct node **duplicate;
    struct mapping_error *err;
};

static void fail(struct mctx *m, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct mctx *m, const struct node *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->err->message, sizeof m->err->message, fmt, ap);
    va_end(ap);
    m->err->line = at->line;
    m->err->col = at->col;
}


/* Open-addressing index from key text to a position in the pairs array. */
struct key_index {
    uint32_t *slots; /* position + 1; 0 is empty */
    size_t mask;
};

static uint64_t hash_key(const struct node *k)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->str[i]) * 1099511628211ull;
    return h;
}

static bool same_key(const struct node *a, const struct node *b)
{
    /* (the first bytes, or both NULs, before a call: keys of one mapping
     * rarely share them and their length) */
    return a->len == b->len && a->str[0] == b->str[0] && memcmp(a->str, b->str, a->len) == 0;
}

static void index_init(struct key_index *ix, size_t capacity)
{
    size_t size = 16;
    while (size < capacity * 2)
        size *= 2;
    ix->slots = xcalloc(size, sizeof *ix->slots);
    ix->mask = size - 1;
}

/* The slot holding key k, or the empty slot where it belongs. */
static uint32_t *index_slot(const struct key_index *ix, const struct pair *pairs,
                            const struct node *k)
{
    size_t i = (size_t)hash_key(k) & ix->mask;
    while (ix->slots[i] && !same_key(pairs[ix->slots[i] - 1].key, k))
        i = (i + 1) & ix->mask;
    return &ix->slots[i];
}

static bool before(const struct node *a, const struct node *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

static void note_duplicate(struct mctx *m, const struct node *k)
{
    if (!*m->duplicate || before(k, *m->duplicate))
        *m->duplicate = k;
}

/* Builds a mapping's pairs into out[0..*n) as go-yaml v2 does. explicit[i]
 * marks pairs set by a key written in this mapping. */
struct map_builder {
    struct pair *out;
    bool *explicit;
    size_t n;
    struct key_index ix;
};

static void builder_set(struct mctx *m, struct map_builder *b, struct node *k, struct node *v,
                        bool explicit)
{
    uint32_t *slot = index_slot(&b->ix, b->out, k);
    if (*slot) {
        size_t i = *slot - 1;
        if (explicit && b->explicit[i])
            note_duplicate(m, k);
        b->out[i].value = v;
        b->explicit[i] |= explicit;
        return;
    }
    b->out[b->n].key = k;
    b->out[b->n].value = v;
    b->explicit[b->n] = explicit;
    *slot = (uint32_t)++b->n;
}

static bool merge_source(struct mctx *m, struct map_builder *b, const struct node *src)
{
    if (src->type != NODE_MAP) {
        fail(m, src, "map merge requires a mapping or a sequence of mappings as the "
                          "value of <<, not a %s", node_type_name(src));
        return false;
    }
    for (uint32_t i = 0; i < src->n; i++)
        builder_set(m, b, src->u.pairs[i].key, src->u.pairs[i].value, false);
    return true;
}

static bool build_merged(struct mctx *m, struct map_builder *b, struct node **kids,
                         size_t nkids)
{
    for (size_t i = 0; i < nkids; i += 2) {
        struct node *k = kids[i], *v = kids[i + 1];
        if (!k->merge) {
            builder_set(m, b, k, v, true);
        } else if (v->type == NODE_SEQ) {
            for (size_t j = v->n; j-- > 0;) /* earlier mappings win */
                if (!merge_source(m, b, v->u.items[j]))
                    return false;
        } else if (!merge_source(m, b, v)) {
            return false;
        }
    }
    return true;
}

/* One bit of 64 for key k: keys whose bits differ are different. */
static uint64_t key_bit(const struct node *k)
{
    return node_key_bit(k->str, k->len);
}

/* Each key compared with the keys before it only when their bits meet. */
static __attribute__((noinline)) void find_duplicate(const struct pair *pairs, size_t n,
                                                     const struct node **duplicate)
{
    struct mctx m = {.duplicate = duplicate};
    uint64_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t bit = key_bit(pairs[i].key);
        bool met = seen & bit;
        seen |= bit;
        for (size_t j = 0; met && j < i; j++)
            if (same_key(pairs[i].key, pairs[j].key)) {
                note_duplicate(&m, pairs[i].key);
                return;
            }
    }
}

/* Without merges small maps need no index: the bits of their keys (doc.h)
 * seal them, and only keys whose bits meet can be duplicates. */
void mapping_finish_small(struct node *map, const struct node **duplicate)
{
    uint64_t seen = 0;
    bool met = false;
    for (size_t i = 0; i < map->n; i++) {
        uint64_t bit = key_bit(map->u.pairs[i].key);
        met |= (seen & bit) != 0;
        seen |= bit;
    }
    mapping_finish_small_bits(map, seen, met, duplicate);
}

void mapping_finish_small_bits(struct node *map, uint64_t bits, bool met,
                               const struct node **duplicate)
{
    map->num.absent = ~bits;
    if (met)
        find_duplicate(map->u.pairs, map->n, duplicate);
}

/* Replaces each key's text by the JSON key it becomes; counts merged pairs. */
static bool prepare_keys(struct mctx *m, struct node **kids, size_t nkids, size_t *nmerged,
                         bool *has_merge)
{
    for (size_t i = 0; i < nkids; i += 2) {
        struct node *k = kids[i];
        if (k->type == NODE_MAP || k->type == NODE_SEQ) {
            fail(m, k, "a mapping key must be a scalar, not a %s", node_type_name(k));
            return false;
        }
        if (k->merge) {
            *has_merge = true;
            const struct node *v = kids[i + 1];
            for (size_t j = 0; v->type == NODE_SEQ && j < v->n; j++)
                *nmerged += node_len(v->u.items[j]);
            *nmerged += node_len(v);
            continue;
        }
        const char *text = scalar_key_text(k, m->arena);
        if (!text) {
            fail(m, k, "a mapping key must not be null");
            return false;
        }
        k->str = text;
        k->len = (uint32_t)strlen(text);
    }
    return true;
}

bool mapping_build(struct node *map, struct node **kids, size_t nkids, bool keys_ready,
                   struct arena *arena, const struct node **duplicate,
                   struct mapping_error *err)
{
    struct mctx ctx = {.arena = arena, .duplicate = duplicate, .err = err};
    struct mctx *m = &ctx;
    size_t npairs = nkids / 2, nmerged = 0;
    bool has_merge = false;
    if (!keys_ready && !prepare_keys(m, kids, nkids, &nmerged, &has_merge))
        return false;
    size_t cap = npairs + nmerged;
    struct map_builder b = {.out = arena_alloc(m->arena, (cap + 1) * sizeof *b.out)};
    if (!has_merge && npairs <= MAPPING_SMALL) {
        /* kids are key, value, key, value, ...: the pairs as they are */
        _Static_assert(sizeof *b.out == 2 * sizeof *kids, "a pair is two node pointers");
        if (npairs)
            memcpy(b.out, kids, npairs * sizeof *b.out);
        map->u.pairs = b.out;
        map->n = (uint32_t)npairs;
        mapping_finish_small(map, m->duplicate);
        return true;
    }
    b.explicit = xmalloc(cap + 1);
    index_init(&b.ix, cap);
    bool ok = build_merged(m, &b, kids, nkids);
    free(b.explicit);
    free(b.ix.slots);
    map->u.pairs = b.out;
    map->n = (uint32_t)b.n;
    node_seal_map(map);
    return ok;
}
