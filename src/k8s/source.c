/* source.c — paths → documents → objects (source.h). */
#include "source.h"

#include "../core/diag.h"

static void count_object(const struct k8s_object *o, void *ctx)
{
    struct object_source *s = ctx;
    s->summary.objects++;
    s->on_object(o, s->ctx);
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

static int on_doc(struct doc *d, void *ctx)
{
    struct object_source *s = ctx;
    if (d->root->type != NODE_NULL)
        s->summary.documents++;
    if (d->duplicate_key) {
        const struct node *k = d->duplicate_key;
        diag_error_at(d->file, k->line, k->col, "duplicate key \"%s\" in a mapping", k->str);
        s->summary.input_errors++;
        if (s->on_duplicate_key)
            s->on_duplicate_key(d, s->ctx);
    } else {
        size_t skipped = k8s_each_object(d->root, d->file, d->index, count_object, s);
        if (skipped && s->verbose)
            list_skipped(d, skipped);
        s->summary.skipped += skipped;
    }
    doc_free(d);
    return 0;
}

static void read_file(const char *name, FILE *in, void *ctx)
{
    struct object_source *s = ctx;
    struct load_error err;
    s->summary.files++;
    if (load_stream(name, in, s->limits, on_doc, s, &err) != 0) {
        diag_error_at(name, err.line, err.col, "%s", err.message);
        s->summary.input_errors++;
    }
}

void source_read(struct object_source *s, const char *const *paths, size_t npaths)
{
    s->summary.input_errors += input_walk(paths, npaths, s->filter, read_file, s);
}
