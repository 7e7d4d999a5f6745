/* selector.h — Kubernetes label sets and label selectors (matchLabels and
 * matchExpressions with In, NotIn, Exists, DoesNotExist), validated as the
 * API server validates them, copied into an arena so they outlive the
 * document they were read from. */
#ifndef RINGWALL_NETPOL_SELECTOR_H
#define RINGWALL_NETPOL_SELECTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/doc.h"

struct label {
    const char *key, *value;
};

/* Sorted by key; keys are unique. */
struct labels {
    struct label *v;
    size_t n;
};

enum sel_op { SEL_IN, SEL_NOT_IN, SEL_EXISTS, SEL_DOES_NOT_EXIST };

struct sel_req {
    const char *key;
    enum sel_op op;
    bool from_labels;  /* written in matchLabels (key=value), not matchExpressions */
    const char **values;
    size_t nvalues;
};

/* A selector that is present; the empty selector matches everything. */
struct selector {
    struct sel_req *req;
    size_t n;
};

/* Reads a labels map (non-string values are skipped: the API server rejects
 * them elsewhere). `extra_key`/`extra_value` add one label (may be NULL). */
struct labels labels_read(struct arena *a, const struct node *map, const char *extra_key,
                          const char *extra_value);
const char *labels_get(const struct labels *l, const char *key);
/* Every label of `want` is in `have` with the same value (a Service selector). */
bool labels_subset(const struct labels *want, const struct labels *have);

/* Parses a LabelSelector mapping. On an invalid selector returns false and
 * points *bad at the offending node with a message in *why. */
bool selector_read(struct arena *a, const struct node *n, struct selector *out,
                   const struct node **bad, const char **why);
bool selector_matches(const struct selector *s, const struct labels *l);
bool selector_is_empty(const struct selector *s);

#endif
