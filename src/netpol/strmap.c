/* strmap.c — string → index hash map (strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

long strmap_get(const struct strmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t i = hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->keys[i], key) == 0)
            return m->values[i];
    return -1;
}

static void insert(struct strmap *m, const char *key, uint32_t value)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key;
    m->values[i] = value;
}

void strmap_put(struct strmap *m, const char *key, uint32_t value)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct strmap g = {.cap = m->cap ? m->cap * 2 : 64};
        g.keys = xcalloc(g.cap, sizeof *g.keys);
        g.values = xcalloc(g.cap, sizeof *g.values);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                insert(&g, m->keys[i], m->values[i]);
        strmap_free(m);
        *m = g;
    }
    insert(m, key, value);
}

void strmap_free(struct strmap *m)
{
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}
