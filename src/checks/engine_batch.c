/* engine_batch.c — per-object checks run ahead on other threads, their
 * findings recorded per object and stored later in input order (engine.h).
 * A recorded finding owns copies of its strings: the checks' messages,
 * paths and reasons live only as long as the report() call. */
#include <string.h>

#include "engine.h"

struct recorded {
    struct finding f;
    struct recorded *next;
};

/* The findings of one object, and how many --min-severity dropped. */
struct engine_prepared {
    struct recorded *first, *last;
    size_t filtered;
    struct engine_prepared *next;
};

struct engine_batch {
    struct engine_prepared *first, *last;
};

struct recording {
    struct arena *keep;
    struct engine_prepared *obj;
};

static const char *keep_str(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static void record(const struct finding *f, void *ctx)
{
    struct recording *rec = ctx;
    struct arena *a = rec->keep;
    struct recorded *r = arena_alloc(a, sizeof *r);
    r->f = *f;
    r->f.message = keep_str(a, f->message);
    r->f.api_version = keep_str(a, f->api_version);
    r->f.kind = keep_str(a, f->kind);
    r->f.namespace = keep_str(a, f->namespace);
    r->f.name = keep_str(a, f->name);
    r->f.container = keep_str(a, f->container);
    r->f.path = keep_str(a, f->path);
    r->f.file = keep_str(a, f->file);
    r->f.suppressed = keep_str(a, f->suppressed);
    r->next = NULL;
    if (rec->obj->last)
        rec->obj->last->next = r;
    else
        rec->obj->first = r;
    rec->obj->last = r;
}

void engine_prepare(const struct engine *e, const struct k8s_object *o, struct arena *keep,
                    struct arena *scratch, struct engine_batch **batch)
{
    if (!*batch)
        *batch = arena_zalloc(keep, sizeof **batch);
    struct engine_batch *b = *batch;
    struct engine_prepared *po = arena_zalloc(keep, sizeof *po);
    if (b->last)
        b->last->next = po;
    else
        b->first = po;
    b->last = po;
    struct recording rec = {.keep = keep, .obj = po};
    /* counts what it is given and passes it on, storing nothing */
    struct findings out = {.discard = true, .on_add = record, .on_add_ctx = &rec};
    struct pod_view pod;
    bool has_pod = pod_view_init(&pod, o, scratch);
    struct k8s_object with_pod = *o;
    with_pod.pod = &pod;
    struct report_ctx r = {
        .out = &out, .cfg = e->cfg, .obj = &with_pod, .pod = has_pod ? &pod : NULL,
        .scratch = scratch,
    };
    engine_checks(e, &with_pod, &r);
    po->filtered = out.filtered;
    arena_release(scratch, (struct arena_mark){0});
}

void engine_use_batch(struct engine *e, const struct engine_batch *b)
{
    e->batched = b != NULL;
    e->next_prepared = b ? b->first : NULL;
}

void engine_replay(struct engine *e)
{
    const struct engine_prepared *po = e->next_prepared;
    e->next_prepared = po->next;
    e->out->filtered += po->filtered;
    for (const struct recorded *r = po->first; r; r = r->next)
        findings_add(e->out, &r->f);
}
