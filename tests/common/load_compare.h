/* load_compare.h — loads the same YAML bytes from memory (where the YAML
 * reader reads what it can, libyaml the rest, document by document) and
 * from a stream libyaml alone reads, and says where the results differ:
 * outcome, error message and position, and every document's tree, size,
 * index and duplicate key. Shared by the reader's unit test and its
 * fuzzer, which also compare the events themselves (event_compare.h). */
#ifndef RINGWALL_LOAD_COMPARE_H
#define RINGWALL_LOAD_COMPARE_H

#include "tree_compare.h"

enum { LC_MAX_DOCS = 64 };

struct loaded_all {
    struct doc *docs[LC_MAX_DOCS];
    unsigned n, total;
};

static int lc_keep(struct doc *d, void *ctx)
{
    struct loaded_all *l = ctx;
    l->total++;
    if (l->n < LC_MAX_DOCS)
        l->docs[l->n++] = d;
    else
        doc_free(d);
    return 0;
}

static void lc_free(struct loaded_all *l)
{
    for (unsigned i = 0; i < l->n; i++)
        doc_free(l->docs[i]);
}

/* NULL when both ways agree on buf (lim may be NULL); else what differs. */
static const char *lc_compare(const char *buf, size_t len, const struct load_limits *lim,
                              char *why, size_t size)
{
    struct loaded_all a = {0}, b = {0};
    struct load_error ea, eb;
    int ra = load_buffer("t.yaml", buf, len, lim, lc_keep, &a, &ea);
    FILE *in = fmemopen((void *)buf, len ? len : 1, "rb"); /* no descriptor: read in chunks */
    int rb = len ? load_stream("t.yaml", in, lim, lc_keep, &b, &eb)
                 : load_buffer("t.yaml", buf, len, lim, lc_keep, &b, &eb);
    fclose(in);
    const char *w = NULL;
    if (ra != rb || a.total != b.total) {
        snprintf(why, size, "outcome differs: rc %d/%d, %u/%u documents (%.100s / %.100s)", ra,
                 rb, a.total, b.total, ea.message, eb.message);
        w = why;
    } else if (ra != 0 && (ea.line != eb.line || ea.col != eb.col ||
                           strcmp(ea.message, eb.message) != 0)) {
        snprintf(why, size, "error differs: %u:%u %.100s / %u:%u %.100s", ea.line, ea.col,
                 ea.message, eb.line, eb.col, eb.message);
        w = why;
    }
    for (unsigned i = 0; !w && i < a.n; i++) {
        const struct doc *x = a.docs[i], *y = b.docs[i];
        if (x->bytes != y->bytes || x->index != y->index || x->items_taken != y->items_taken ||
            !x->duplicate_key != !y->duplicate_key) {
            snprintf(why, size, "document %u differs: %zu/%zu bytes, index %u/%u", i, x->bytes,
                     y->bytes, x->index, y->index);
            w = why;
        } else {
            w = tc_nodes(x->root, y->root, 0, why, size);
        }
    }
    lc_free(&a);
    lc_free(&b);
    return w;
}

#endif
