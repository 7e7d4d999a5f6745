/* strmap.h — a string → index hash map (open addressing) for the network
 * model's lookups by name; keys are borrowed and must outlive the map. */
#ifndef RINGWALL_NETPOL_STRMAP_H
#define RINGWALL_NETPOL_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap {
    const char **keys;
    uint32_t *values;
    size_t cap, n;
};

/* The value stored for key, or -1. */
long strmap_get(const struct strmap *m, const char *key);
void strmap_put(struct strmap *m, const char *key, uint32_t value);
void strmap_free(struct strmap *m);

#endif
