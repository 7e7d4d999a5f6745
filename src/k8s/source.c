/* source.c — paths → documents → objects (source.h). The items of a List
 * are taken while it loads (load.h) when their objects are already known
 * (k8s_item_known); the others stay in the document, handled when it is
 * complete, so objects come in document order either way. */
#include "source.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../core/diag.h"
#include "../core/load_pool.h"
#include "../core/stats.h"

static void count_object(const struct k8s_object *o, void *ctx)
{
    struct object_source *s = ctx;
    s->summary.objects++;
    stats_count(STATS_OBJECTS, 1);
    enum stats_phase was = stats_enter(STATS_CHECKS);
    s->on_object(o, s->ctx);
    stats_enter(was);
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
    if (r->s->on_prepared)
        r->s->on_prepared(it->prepared, r->s->ctx);
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
    if (d->duplicate_key) {
        report_duplicate(s, d);
    } else {
        if (s->on_prepared)
            s->on_prepared(d->prepared, s->ctx);
        skipped = k8s_each_object(d->root, d->file, d->index, count_object, s);
    }
    s->summary.skipped += skipped;
    if (skipped + r->item_skipped && s->verbose)
        list_skipped(d, skipped + r->item_skipped);
    r->item_skipped = 0;
    doc_free(d);
    return 0;
}

static void begin_file(struct object_source *s)
{
    s->summary.files++;
    stats_count(STATS_FILES, 1);
    progress_update(&s->shown, s->summary.files, s->summary.objects);
}

static void end_file(struct object_source *s, const char *name, const struct load_error *err)
{
    diag_error_at(name, err->line, err->col, "%s", err->message);
    s->summary.input_errors++;
    if (s->on_load_error)
        s->on_load_error(name, s->ctx);
}

static void read_file(const char *name, FILE *in, void *ctx)
{
    struct object_source *s = ctx;
    struct load_error err;
    struct reading r = {.s = s};
    begin_file(s);
    int rc = load_stream_items(name, in, s->limits, on_item, on_doc, &r, &err);
    stats_count(STATS_BYTES, err.bytes);
    if (rc != 0)
        end_file(s, name, &err);
}

/* ---------------------------------------------------------------- threads */

/* The inputs a walk found, each handed to the pool at once (loading starts
 * while the walk goes on), and what the walk said about the paths
 * (unreadable, a directory loop): captured, to be said in its place among
 * the errors of the inputs. */
struct walked {
    struct reading r; /* first: the context of on_item and on_doc */
    struct load_pool *pool;
    struct load_input *inputs;
    size_t *said;     /* said[i]: bytes of `text` said before input i ends */
    size_t n, cap;
    char *text;
    size_t len, shown; /* text captured; text replayed */
    FILE *capture;
};

/* A regular file is opened again by the worker that reads it (any number of
 * files, not as many descriptors); standard input and anything else that
 * cannot be read twice stays open. */
static void found(const char *name, FILE *in, void *ctx)
{
    struct walked *w = ctx;
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 64;
        w->inputs = xrealloc(w->inputs, w->cap * sizeof *w->inputs);
        w->said = xrealloc(w->said, w->cap * sizeof *w->said);
    }
    struct load_input *li = &w->inputs[w->n];
    struct stat st;
    if (in == stdin) {
        *li = (struct load_input){.name = name, .in = stdin};
    } else {
        *li = (struct load_input){.name = xstrdup(name)};
        int fd = -1;
        bool regular = fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode);
        if (!regular && (fd = dup(fileno(in))) >= 0 && !(li->in = fdopen(fd, "rb")))
            close(fd);
        if (!li->in)
            li->path = li->name;
    }
    fflush(w->capture);
    w->said[w->n++] = (size_t)ftell(w->capture);
    load_pool_add(w->pool, li);
}

static void replay_until(struct walked *w, size_t end)
{
    diag_replay(w->text + w->shown, end - w->shown);
    w->shown = end;
}

static void pool_begin(size_t i, void *ctx)
{
    struct walked *w = ctx;
    replay_until(w, w->said[i]);
    begin_file(w->r.s);
}

static bool pool_will_take(const struct load_item *it, void *ctx)
{
    return k8s_item_known(it->head, it->node);
}

static void pool_end(size_t i, int rc, const struct load_error *err, int open_errno, void *ctx)
{
    struct walked *w = ctx;
    stats_count(STATS_BYTES, err->bytes);
    if (open_errno) {
        input_report_error(w->inputs[i].name, open_errno);
        w->r.s->summary.input_errors++;
    } else if (rc != 0) {
        end_file(w->r.s, w->inputs[i].name, err);
    }
}

/* A worker's side of object_source.prepare. */
struct preparing {
    const struct object_source *s;
    struct arena scratch;
    struct arena *keep;
    void *batch;
};

static void *prepare_begin(void *ctx)
{
    struct preparing *p = xcalloc(1, sizeof *p);
    p->s = ((struct walked *)ctx)->r.s;
    return p;
}

static void prepare_end(void *wctx)
{
    struct preparing *p = wctx;
    arena_free(&p->scratch);
    free(p);
}

static void prepare_object(const struct k8s_object *o, void *ctx)
{
    struct preparing *p = ctx;
    p->s->prepare(o, p->keep, &p->scratch, &p->batch, p->s->ctx);
}

static void *prepare_doc(struct doc *d, struct arena *keep, void *wctx)
{
    struct preparing *p = wctx;
    if (d->duplicate_key)
        return NULL;
    p->keep = keep;
    p->batch = NULL;
    k8s_each_object(d->root, d->file, d->index, prepare_object, p);
    return p->batch;
}

static void *prepare_item(const struct load_item *it, struct arena *keep, void *wctx)
{
    struct preparing *p = wctx;
    if (it->duplicate_key)
        return NULL;
    p->keep = keep;
    p->batch = NULL;
    k8s_each_item(it->head, it->node, it->file, it->doc_index, prepare_object, p);
    return p->batch;
}

static void read_in_threads(struct object_source *s, const char *const *paths, size_t npaths)
{
    struct walked w = {.r = {.s = s}};
    w.capture = open_memstream(&w.text, &w.len);
    if (!w.capture) {
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
    struct load_pool_calls calls = {
        .will_take = pool_will_take, .on_begin = pool_begin, .on_item = on_item,
        .on_doc = on_doc, .on_end = pool_end, .ctx = &w,
    };
    if (s->prepare) {
        calls.worker_begin = prepare_begin;
        calls.worker_end = prepare_end;
        calls.prepare_doc = prepare_doc;
        calls.prepare_item = prepare_item;
    }
    w.pool = load_pool_start(s->jobs, s->limits, &calls);
    diag_capture(w.capture);
    s->summary.input_errors += input_walk(paths, npaths, s->filter, found, &w);
    diag_capture(NULL);
    fclose(w.capture);
    load_pool_finish(w.pool);
    replay_until(&w, w.len);
    for (size_t i = 0; i < w.n; i++) {
        if (w.inputs[i].in && w.inputs[i].in != stdin)
            fclose(w.inputs[i].in);
        if (w.inputs[i].in != stdin)
            free((char *)w.inputs[i].name);
    }
    free(w.inputs);
    free(w.said);
    free(w.text);
}

void source_read(struct object_source *s, const char *const *paths, size_t npaths)
{
    progress_begin(&s->shown, s->progress);
    stats_enter(STATS_LOAD);
    if (s->jobs > 1)
        read_in_threads(s, paths, npaths);
    else
        s->summary.input_errors += input_walk(paths, npaths, s->filter, read_file, s);
    progress_end(&s->shown);
    stats_enter(STATS_ANALYZERS); /* what the command does with all the objects */
}
