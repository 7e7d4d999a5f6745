/* intern.h — string interning for the RBAC model: every verb, group,
 * resource, name and namespace is stored once, so rule matching compares
 * pointers instead of strings. */
#ifndef RINGWALL_INTERN_H
#define RINGWALL_INTERN_H

#include <stddef.h>

#include "../core/arena.h"

struct intern {
    const char **slots; /* open addressing, NULL = empty */
    size_t cap, n;
    struct arena arena;
};

/* The canonical copy of s (added when new). */
const char *intern_str(struct intern *t, const char *s);
/* The canonical copy of s, or NULL when s was never interned. */
const char *intern_find(const struct intern *t, const char *s);
void intern_free(struct intern *t);

#endif
