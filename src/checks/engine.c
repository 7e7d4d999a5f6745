/* engine.c — the per-object check loop and analyzer hand-off (engine.h). */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "catalog.h"

/* An analyzer reports the checks of its family that have no per-object
 * function: it runs only when one of those is enabled (the webhook, which
 * skips the whole-input checks, builds no model it would not report on). */
static bool analyzer_needed(const struct scan_config *cfg, const struct check_family *f)
{
    for (size_t i = 0; i < f->nchecks; i++) {
        const struct check *c = &f->checks[i];
        if (!c->pod && !c->object && config_enabled(cfg, c))
            return true;
    }
    return false;
}

void engine_plan_init(struct engine_plan *pl, const struct scan_config *cfg)
{
    size_t n = catalog_count(), nf = catalog_family_count();
    pl->run = xmalloc((n ? n : 1) * sizeof *pl->run);
    pl->nrun = 0;
    for (size_t i = 0; i < n; i++) {
        const struct check *c = catalog_at(i);
        if (cfg->enabled[i] && (c->object || c->pod))
            pl->run[pl->nrun++] = c;
    }
    pl->analyzer = xcalloc(nf ? nf : 1, sizeof *pl->analyzer);
    for (size_t i = 0; i < nf; i++) {
        const struct check_family *f = catalog_family_at(i);
        pl->analyzer[i] = f->analyzer && analyzer_needed(cfg, f);
    }
}

void engine_plan_free(struct engine_plan *pl)
{
    free(pl->run);
    free(pl->analyzer);
    memset(pl, 0, sizeof *pl);
}

/* The planned analyzers, in family order; for a single object `alone`,
 * only those it could make report. */
static void begin_analyzers(struct engine *e, const struct k8s_object *alone)
{
    size_t nf = catalog_family_count();
    if (!e->running)
        e->running = xmalloc((nf ? nf : 1) * sizeof *e->running);
    e->nrunning = 0;
    for (size_t i = 0; i < nf; i++) {
        const struct analyzer *an = catalog_family_at(i)->analyzer;
        if (!e->plan->analyzer[i] || (alone && an->alone && !an->alone(e->cfg, alone)))
            continue;
        void *state = an->begin(e->cfg);
        if (state)
            e->running[e->nrunning++] = (struct engine_analyzer){an, state};
    }
}

void engine_init(struct engine *e, const struct scan_config *cfg, struct findings *out)
{
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->out = out;
    engine_plan_init(&e->own_plan, cfg);
    e->plan = &e->own_plan;
    begin_analyzers(e, NULL);
}

void engine_init_one(struct engine *e, const struct scan_config *cfg,
                     const struct engine_plan *plan, struct findings *out)
{
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->out = out;
    e->plan = plan;
    e->one_object = true; /* the analyzers begin once the object is known */
}

static bool any_analyzer(const struct engine *e)
{
    return e->nrunning != 0;
}

/* False (after a warning) when o repeats an object already analyzed. Only
 * tracked while an analyzer runs: the per-object checks keep memory flat. */
static bool first_definition(struct engine *e, const struct k8s_object *o)
{
    if (e->one_object || !o->name || !o->kind || !any_analyzer(e))
        return true; /* generateName: every one is another object */
    const char *slash = strchr(o->api_version, '/');
    size_t glen = slash ? (size_t)(slash - o->api_version) : 0;
    const char *ns = o->namespace ? o->namespace : "";
    /* group, kind, namespace and name, each after a NUL but the first */
    const char *part[] = {o->api_version, o->kind, ns, o->name};
    size_t plen[] = {glen, strlen(o->kind), strlen(ns), strlen(o->name)};
    size_t len = plen[0] + plen[1] + plen[2] + plen[3] + 3;
    char *key = arena_alloc(&e->scratch, len), *at = key;
    for (int i = 0; i < 4; i++) {
        if (i)
            *at++ = '\0';
        memcpy(at, part[i], plen[i]);
        at += plen[i];
    }
    size_t known = e->seen.count, rank = strmap_rank(&e->seen, key, len);
    if (rank == known) {
        if (rank == e->cap_first) {
            e->cap_first = e->cap_first ? 2 * e->cap_first : 256;
            e->first = xrealloc(e->first, e->cap_first * sizeof *e->first);
        }
        /* the identity's file name outlives the document */
        e->first[rank] = (struct engine_first){o->identity->file, o->node->line};
        return true;
    }
    if (e->repeated++ == 0) /* one warning; the others are counted at the end */
        diag_warn("%s:%u:%u: %s %s%s%s is defined again (first at %s:%u); whole-input checks "
                  "use the first definition (--cluster-per-arg analyzes each path on its own)",
                  o->file, o->node->line, o->node->col, o->kind, ns, *ns ? "/" : "", o->name,
                  e->first[rank].file, e->first[rank].line);
    return false;
}

void engine_checks(const struct engine *e, const struct k8s_object *o, struct report_ctx *r)
{
    /* read once: the checks, which write to memory, cannot change them */
    const struct check *const *run = e->plan->run;
    size_t nrun = e->plan->nrun;
    const struct pod_view *pod = r->pod;
    for (size_t i = 0; i < nrun; i++) {
        const struct check *c = run[i];
        r->check = c;
        if (c->object)
            c->object(o, r);
        if (c->pod && pod)
            c->pod(pod, r);
    }
}

void engine_object(struct engine *e, const struct k8s_object *o)
{
    struct pod_view pod;
    bool has_pod = pod_view_init(&pod, o, &e->scratch);
    struct k8s_object with_pod = *o; /* the view is made once for every check and analyzer */
    with_pod.pod = &pod;
    o = &with_pod;
    if (e->one_object && !e->running)
        begin_analyzers(e, o);
    if (any_analyzer(e)) /* one copy of what the analyzers keep of it */
        with_pod.identity = k8s_identity(&e->identities, o);
    findings_see_file(e->out, o->file);
    if (e->batched) {
        engine_replay(e);
    } else {
        struct report_ctx r = {
            .out = e->out, .cfg = e->cfg, .obj = o, .pod = has_pod ? &pod : NULL,
            .scratch = &e->scratch,
        };
        engine_checks(e, o, &r);
    }
    bool first = first_definition(e, o);
    for (size_t i = 0; i < e->nrunning; i++) {
        const struct engine_analyzer *a = &e->running[i];
        if (first || a->an->every_copy)
            a->an->add(a->state, o);
    }
    e->objects++;
    arena_free(&e->scratch);
}

/* The analyzers' reports; then their state goes. */
static void end_analyzers(struct engine *e)
{
    struct report_ctx r = {.out = e->out, .cfg = e->cfg, .scratch = &e->scratch};
    for (size_t i = 0; i < e->nrunning; i++) {
        const struct engine_analyzer *a = &e->running[i];
        a->an->end(a->state, &r);
        a->an->destroy(a->state);
        arena_free(&e->scratch);
    }
    free(e->running);
    e->running = NULL;
    e->nrunning = 0;
    if (e->repeated > 1)
        diag_warn("%zu more objects are defined again; whole-input checks use their first "
                  "definitions", e->repeated - 1);
    e->repeated = 0;
    strmap_free(&e->seen);
    k8s_identities_free(&e->identities);
    free(e->first);
    e->first = NULL;
    e->cap_first = 0;
}

void engine_finish(struct engine *e)
{
    end_analyzers(e);
    engine_plan_free(&e->own_plan);
    e->plan = NULL;
}

void engine_next_cluster(struct engine *e)
{
    end_analyzers(e);
    begin_analyzers(e, NULL); /* the same configuration: the same plan */
}
