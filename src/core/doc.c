/* doc.c — read-only accessors over the document tree, and the seal of a
 * mapping that lets lookups skip most absent keys (see doc.h). */
#include "doc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void node_seal_map(struct node *map)
{
    uint64_t present = 0;
    for (uint32_t i = 0; i < map->n; i++)
        present |= node_key_bit(map->u.pairs[i].key->str, map->u.pairs[i].key->len);
    map->num.absent = ~present;
}

static uint32_t load32(const char *p)
{
    uint32_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

static uint64_t load64(const char *p)
{
    uint64_t x;
    memcpy(&x, p, sizeof x);
    return x;
}

/* Whether a and b, len bytes each and equal in their first byte, are equal:
 * in words that may overlap, never past the last byte, without a call. */
static bool same_text(const char *a, const char *b, size_t len)
{
    if (len < 4) /* bytes 0, len / 2 and len - 1 are all of them */
        return len < 2 || (a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
    if (len < 8)
        return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
    for (size_t i = 0; i < len - 8; i += 8)
        if (load64(a + i) != load64(b + i))
            return false;
    return load64(a + len - 8) == load64(b + len - 8);
}

const struct node *node_find_len(const struct node *map, const char *key, size_t klen)
{
    if (!map || map->type != NODE_MAP)
        return NULL;
    for (uint32_t i = 0; i < map->n; i++) {
        const struct node *k = map->u.pairs[i].key;
        /* the first byte first: keys of one length mostly differ there (both
         * are NUL-terminated: an empty key compares its NUL) */
        if (k->len == klen && k->str[0] == key[0] && same_text(k->str, key, klen))
            return map->u.pairs[i].value;
    }
    return NULL;
}

const struct node *node_path(const struct node *n, const char *dotted)
{
    while (n && *dotted) {
        const char *dot = strchr(dotted, '.');
        size_t len = dot ? (size_t)(dot - dotted) : strlen(dotted);
        if (len >= 128) /* no key of the API is that long */
            return NULL;
        n = node_get_len(n, len ? dotted : "", len);
        dotted += len + (dot ? 1 : 0);
    }
    return n;
}

const struct node *node_at(const struct node *seq, size_t i)
{
    if (!seq || seq->type != NODE_SEQ || i >= seq->n)
        return NULL;
    return seq->u.items[i];
}

size_t node_len(const struct node *n)
{
    return n && (n->type == NODE_MAP || n->type == NODE_SEQ) ? n->n : 0;
}

const char *node_str(const struct node *n)
{
    return n && n->type == NODE_STR ? n->str : NULL;
}

const char *node_text(const struct node *n)
{
    return node_is_scalar(n) ? n->str : NULL;
}

bool node_is_true(const struct node *n)
{
    return n && n->type == NODE_BOOL && n->num.b;
}

bool node_is_false(const struct node *n)
{
    return n && n->type == NODE_BOOL && !n->num.b;
}

bool node_is_map(const struct node *n) { return n && n->type == NODE_MAP; }
bool node_is_seq(const struct node *n) { return n && n->type == NODE_SEQ; }

bool node_is_scalar(const struct node *n)
{
    return n && n->type != NODE_MAP && n->type != NODE_SEQ;
}

bool node_int(const struct node *n, int64_t *out)
{
    if (!n)
        return false;
    if (n->type == NODE_INT) {
        *out = n->num.i;
        return true;
    }
    if (n->type == NODE_FLOAT && isfinite(n->num.f) && n->num.f == floor(n->num.f) &&
        fabs(n->num.f) < 9.2e18) {
        *out = (int64_t)n->num.f;
        return true;
    }
    return false;
}

bool node_str_eq(const struct node *n, const char *s)
{
    const char *v = node_str(n);
    return v && strcmp(v, s) == 0;
}

const char *node_type_name(const struct node *n)
{
    static const char *names[] = {"null", "bool", "int", "float", "string", "mapping", "sequence"};
    return n ? names[n->type] : "missing";
}

void doc_free(struct doc *d)
{
    if (d) {
        struct arena a = d->arena; /* the doc lives in its own arena */
        arena_free(&a);
    }
}
