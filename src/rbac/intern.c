/* intern.c — open-addressing string table (intern.h). */
#include "intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static size_t find_slot(const struct intern *t, const char *s)
{
    size_t mask = t->cap - 1;
    for (size_t i = hash_str(s) & mask;; i = (i + 1) & mask)
        if (!t->slots[i] || strcmp(t->slots[i], s) == 0)
            return i;
}

static void grow(struct intern *t)
{
    struct intern old = *t;
    t->cap = old.cap ? old.cap * 2 : 64;
    t->slots = xcalloc(t->cap, sizeof *t->slots);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i])
            t->slots[find_slot(t, old.slots[i])] = old.slots[i];
    free(old.slots);
}

const char *intern_str(struct intern *t, const char *s)
{
    if (!s)
        return NULL;
    if ((t->n + 1) * 2 > t->cap)
        grow(t);
    size_t i = find_slot(t, s);
    if (!t->slots[i]) {
        t->slots[i] = arena_strdup(&t->arena, s);
        t->n++;
    }
    return t->slots[i];
}

const char *intern_find(const struct intern *t, const char *s)
{
    if (!s || !t->cap)
        return NULL;
    return t->slots[find_slot(t, s)];
}

void intern_free(struct intern *t)
{
    free(t->slots);
    arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}
