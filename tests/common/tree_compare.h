/* tree_compare.h — loads the same bytes through the JSON front end and
 * through libyaml alone, and says where the results differ. Shared by the
 * JSON unit test and the JSON differential fuzzer. libyaml alone is forced
 * by a leading comment line (after a byte order mark), which moves every
 * line by one and changes nothing else. */
#ifndef RINGWALL_TREE_COMPARE_H
#define RINGWALL_TREE_COMPARE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/load.h"

struct loaded_one {
    struct doc *doc; /* the first document */
    unsigned docs;
};

static int tc_keep(struct doc *d, void *ctx)
{
    struct loaded_one *l = ctx;
    if (l->docs++ == 0)
        l->doc = d;
    else
        doc_free(d);
    return 0;
}

static const char *tc_nodes(const struct node *a, const struct node *b, unsigned shift,
                            char *why, size_t size)
{
    if (a->type != b->type || a->quoted != b->quoted || a->merge != b->merge ||
        a->len != b->len || a->n != b->n || a->line + shift != b->line || a->col != b->col ||
        a->weight != b->weight) {
        snprintf(why, size, "node at %u:%u differs (type %d/%d, at %u:%u)", a->line, a->col,
                 a->type, b->type, b->line - shift, b->col);
        return why;
    }
    if ((a->str || b->str) && (!a->str || !b->str || memcmp(a->str, b->str, a->len) != 0)) {
        snprintf(why, size, "text differs at %u:%u", a->line, a->col);
        return why;
    }
    if ((a->type == NODE_INT || a->type == NODE_FLOAT || a->type == NODE_BOOL) &&
        memcmp(&a->num, &b->num, sizeof a->num) != 0) {
        snprintf(why, size, "value differs at %u:%u", a->line, a->col);
        return why;
    }
    for (uint32_t i = 0; i < a->n; i++) {
        const char *w;
        if (a->type == NODE_SEQ) {
            if ((w = tc_nodes(a->u.items[i], b->u.items[i], shift, why, size)))
                return w;
        } else if ((w = tc_nodes(a->u.pairs[i].key, b->u.pairs[i].key, shift, why, size)) ||
                   (w = tc_nodes(a->u.pairs[i].value, b->u.pairs[i].value, shift, why, size))) {
            return w;
        }
    }
    return NULL;
}

/* NULL when both front ends agree on buf; else what differs. */
static inline const char *tc_compare(const char *buf, size_t len, const struct load_limits *lim,
                              char *why, size_t size)
{
    size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    char *yaml = malloc(len + 3);
    memcpy(yaml, buf, bom);
    memcpy(yaml + bom, "#\n", 2);
    memcpy(yaml + bom + 2, buf + bom, len - bom);
    struct loaded_one a = {0}, b = {0};
    struct load_error ea, eb;
    int ra = load_buffer("t.json", buf, len, lim, tc_keep, &a, &ea);
    int rb = load_buffer("t.json", yaml, len + 2, lim, tc_keep, &b, &eb);
    const char *w = NULL;
    if (ra != rb || a.docs != b.docs) {
        snprintf(why, size, "outcome differs: rc %d/%d, %u/%u documents (%.100s / %.100s)", ra, rb,
                 a.docs, b.docs, ea.message, eb.message);
        w = why;
    } else if (ra != 0 && (ea.line + 1 != eb.line || ea.col != eb.col)) {
        snprintf(why, size, "error position differs: %u:%u %.100s / %u:%u %.100s", ea.line, ea.col,
                 ea.message, eb.line - 1, eb.col, eb.message);
        w = why;
    } else if (a.doc && (a.doc->bytes != b.doc->bytes ||
                         !a.doc->duplicate_key != !b.doc->duplicate_key)) {
        snprintf(why, size, "document differs: %zu/%zu bytes", a.doc->bytes, b.doc->bytes);
        w = why;
    } else if (a.doc) {
        w = tc_nodes(a.doc->root, b.doc->root, 1, why, size);
    }
    doc_free(a.doc);
    doc_free(b.doc);
    free(yaml);
    return w;
}

#endif
