/* node_copy.c — a node tree copied into another arena (doc.h), for a part of
 * a document that must outlive the document's memory (a List item handed to
 * another thread). */
#include <string.h>

#include "doc.h"

struct node *node_copy(struct arena *a, const struct node *n)
{
    struct node *c = arena_alloc(a, sizeof *c);
    *c = *n;
    if (n->str)
        c->str = arena_strndup(a, n->str, n->len);
    if (n->type == NODE_MAP && n->n) {
        c->u.pairs = arena_alloc(a, n->n * sizeof *c->u.pairs);
        for (uint32_t i = 0; i < n->n; i++) {
            c->u.pairs[i].key = node_copy(a, n->u.pairs[i].key);
            c->u.pairs[i].value = node_copy(a, n->u.pairs[i].value);
        }
    } else if (n->type == NODE_SEQ && n->n) {
        c->u.items = arena_alloc(a, n->n * sizeof *c->u.items);
        for (uint32_t i = 0; i < n->n; i++)
            c->u.items[i] = node_copy(a, n->u.items[i]);
    }
    return c;
}
