/* source.c — paths → documents → objects (source.h). The items of a List
 * are taken while it loads (load.h) when their objects are already known
 * (k8s_item_known); the others stay in the document, handled when it is
 * complete, so objects come in document order either way. */
#include "source.h"

#include "../core/diag.h"

static void count_object(const struct k8s_object *o, void *ctx)
{
    struct object_source *s = ctx;
    s->summary.objects++;
    s->on_object(o, s->ctx);
    progress_update(&s->shown, s->summary.files, s->summary.objects);
}

/* -v: where documents (or items of a List) were skipped. */
static void list_skipped(const struct doc *d, size_t skipped)
{
    const struct node *r = d->root;
    struct k8s_object o;
    if (k8s_object_init(&o, r, d->file, d->index))
        diag_warn("%s:%u:%u: skipped %zu item%s of %s without apiVersion and kind", d->file,
                  r->line, r->col, skipped, skipped == 1 ? "" : "s", o.kind);
    else
        diag_warn("%s:%u:%u: skipped 1 document without apiVersion and kind", d->file, r->line,
                  r->col);
}

/* One file being read: items taken from the current document skipped this
 * many of theirs (for the -v line of the document). */
struct reading {
    struct object_source *s;
    size_t item_skipped;
};

static void report_duplicate(struct object_source *s, const struct doc *d)
{
    const struct node *k = d->duplicate_key;
    diag_error_at(d->file, k->line, k->col, "duplicate key \"%s\" in a mapping", k->str);
    s->summary.input_errors++;
    if (s->on_duplicate_key)
        s->on_duplicate_key(d, s->ctx);
}

/* An item with a duplicate key is an input error of its own, reported as a
 * document made of that item would be; the other items go on. */
static bool on_item(const struct load_item *it, void *ctx)
{
    struct reading *r = ctx;
    if (!k8s_item_known(it->head, it->node))
        return false;
    if (it->duplicate_key) {
        struct doc d = {.root = (struct node *)it->node, .file = it->file,
                        .index = it->doc_index, .duplicate_key = it->duplicate_key};
        report_duplicate(r->s, &d);
        return true;
    }
    size_t skipped = k8s_each_item(it->head, it->node, it->file, it->doc_index, count_object, r->s);
    r->s->summary.skipped += skipped;
    r->item_skipped += skipped;
    return true;
}

static int on_doc(struct doc *d, void *ctx)
{
    struct reading *r = ctx;
    struct object_source *s = r->s;
    if (d->root->type != NODE_NULL)
        s->summary.documents++;
    size_t skipped = 0;
    if (d->duplicate_key)
        report_duplicate(s, d);
    else
        skipped = k8s_each_object(d->root, d->file, d->index, count_object, s);
    s->summary.skipped += skipped;
    if (skipped + r->item_skipped && s->verbose)
        list_skipped(d, skipped + r->item_skipped);
    r->item_skipped = 0;
    doc_free(d);
    return 0;
}

static void read_file(const char *name, FILE *in, void *ctx)
{
    struct object_source *s = ctx;
    struct load_error err;
    struct reading r = {.s = s};
    s->summary.files++;
    progress_update(&s->shown, s->summary.files, s->summary.objects);
    if (load_stream_items(name, in, s->limits, on_item, on_doc, &r, &err) != 0) {
        diag_error_at(name, err.line, err.col, "%s", err.message);
        s->summary.input_errors++;
        if (s->on_load_error)
            s->on_load_error(name, s->ctx);
    }
}

void source_read(struct object_source *s, const char *const *paths, size_t npaths)
{
    progress_begin(&s->shown, s->progress);
    s->summary.input_errors += input_walk(paths, npaths, s->filter, read_file, s);
    progress_end(&s->shown);
}
