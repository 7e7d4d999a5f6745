/* fuzz_list.c — libFuzzer differential target for List item streaming: the
 * objects (and skipped counts) of each document are the same whether its
 * items are taken while it loads (load_buffer_items + k8s_item_known, as
 * source.c does) or expanded from the whole tree (load_buffer +
 * k8s_each_object). Documents outside that promise are left out: those with
 * a duplicate key or after an error, and, once items were taken, those
 * whose root is not a *List in the end or that hold a merge key (docs/input.md
 * says how those differ). Items whose memory the loader lets go are moved
 * out (as the loading threads of scan -j do) and read again once the
 * loading is over: they must be whole, and the same. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/load.h"
#include "../../src/k8s/object.h"

enum { MAX_DOCS = 64 };

struct run {
    uint64_t hash[MAX_DOCS];   /* the objects of each document, in order */
    size_t skipped[MAX_DOCS];
    bool done[MAX_DOCS];       /* delivered without a duplicate key */
    bool taken[MAX_DOCS];      /* items were taken while it loaded */
    bool list[MAX_DOCS];       /* its root is a *List with items */
    bool dup_item;             /* an item held a duplicate key */
    struct arena moved;        /* the memory of the items moved out */
    struct load_item *kept;    /* those items, up to MAX_DOCS */
    size_t nkept;
    uint64_t kept_hash;        /* of those items' objects, while they loaded */
};

static uint64_t mix(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (h ^ 0xFF) * 1099511628211ull;
}

static void add_object(const struct k8s_object *o, void *ctx)
{
    struct run *r = ctx;
    if (o->doc_index >= MAX_DOCS)
        return;
    uint64_t *h = &r->hash[o->doc_index];
    *h = mix(mix(mix(mix(*h, o->api_version), o->kind), o->namespace), o->name);
    *h = (*h ^ ((uint64_t)o->node->line << 32 | o->node->col)) * 1099511628211ull;
}

static bool take_item(const struct load_item *it, void *ctx)
{
    struct run *r = ctx;
    if (it->doc_index >= MAX_DOCS || !k8s_item_known(it->head, it->node))
        return false;
    if (it->duplicate_key) {
        r->dup_item = true;
        return true;
    }
    r->skipped[it->doc_index] += k8s_each_item(it->head, it->node, it->file, it->doc_index,
                                               add_object, r);
    if (it->arena && r->nkept < MAX_DOCS) {
        struct load_item *k = &r->kept[r->nkept++];
        *k = *it;
        k->head = NULL; /* the document's */
        k->file = "fuzz.yaml";
        r->kept_hash = mix(r->kept_hash, node_text(node_get(it->node, "kind")));
        r->kept_hash = mix(r->kept_hash, node_text(node_path(it->node, "metadata.name")));
        arena_adopt(&r->moved, it->arena);
    }
    return true;
}

/* The items moved out, read again after the loader and the documents are gone. */
static void check_kept(struct run *r)
{
    uint64_t h = 0;
    for (size_t i = 0; i < r->nkept; i++) {
        const struct node *n = r->kept[i].node;
        h = mix(h, node_text(node_get(n, "kind")));
        h = mix(h, node_text(node_path(n, "metadata.name")));
        struct arena copy = {0};
        if (node_copy(&copy, n)->weight != n->weight) /* reads every node */
            abort();
        arena_free(&copy);
    }
    if (h != r->kept_hash)
        abort();
    arena_free(&r->moved);
}

static int end_doc(struct doc *d, void *ctx)
{
    struct run *r = ctx;
    if (d->index < MAX_DOCS && !d->duplicate_key) {
        r->skipped[d->index] += k8s_each_object(d->root, d->file, d->index, add_object, r);
        r->done[d->index] = true;
        r->taken[d->index] = d->items_taken > 0;
        const char *kind = node_str(node_get(d->root, "kind"));
        size_t len = kind ? strlen(kind) : 0;
        r->list[d->index] = len >= 4 && strcmp(kind + len - 4, "List") == 0 &&
                            node_is_seq(node_get(d->root, "items"));
    }
    doc_free(d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct load_limits lim = {
        .max_doc_bytes = 1u << 20, .max_depth = 64, .max_scalar_bytes = 1u << 16,
        .max_nodes = 1u << 16,
    };
    struct run *whole = calloc(1, sizeof *whole), *streamed = calloc(1, sizeof *streamed);
    struct load_item kept[MAX_DOCS];
    streamed->kept = kept;
    struct load_error err;
    const char *text = (const char *)data;
    int rc_whole = load_buffer("fuzz.yaml", text, size, &lim, end_doc, whole, &err);
    int rc_streamed = load_buffer_items("fuzz.yaml", text, size, &lim, take_item, end_doc,
                                        streamed, &err);
    if (rc_whole != rc_streamed)
        abort();
    check_kept(streamed);
    bool merges = memmem(data, size, "<<", 2) != NULL;
    for (size_t i = 0; i < MAX_DOCS && !streamed->dup_item; i++) {
        if (!whole->done[i] || !streamed->done[i])
            continue;
        if (streamed->taken[i] && (merges || !streamed->list[i]))
            continue;
        if (whole->hash[i] != streamed->hash[i] || whole->skipped[i] != streamed->skipped[i])
            abort();
    }
    free(whole);
    free(streamed);
    return 0;
}
