/* engine.c — the per-object check loop and analyzer hand-off (engine.h). */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "catalog.h"

static bool family_enabled(const struct scan_config *cfg, const struct check_family *f)
{
    for (size_t i = 0; i < f->nchecks; i++)
        if (config_enabled(cfg, &f->checks[i]))
            return true;
    return false;
}

void engine_init(struct engine *e, const struct scan_config *cfg, struct findings *out)
{
    memset(e, 0, sizeof *e);
    e->cfg = cfg;
    e->out = out;
    size_t nf = catalog_family_count();
    e->analyzer_state = xcalloc(nf, sizeof *e->analyzer_state);
    for (size_t i = 0; i < nf; i++) {
        const struct check_family *f = catalog_family_at(i);
        if (f->analyzer && family_enabled(cfg, f))
            e->analyzer_state[i] = f->analyzer->begin(cfg);
    }
}

void engine_object(struct engine *e, const struct k8s_object *o)
{
    struct pod_view pod;
    bool has_pod = pod_view_init(&pod, o, &e->scratch);
    struct report_ctx r = {
        .out = e->out, .cfg = e->cfg, .obj = o, .pod = has_pod ? &pod : NULL,
        .scratch = &e->scratch,
    };
    findings_see_file(e->out, o->file);
    size_t n = catalog_count();
    for (size_t i = 0; i < n; i++) {
        const struct check *c = catalog_at(i);
        if (!e->cfg->enabled[i])
            continue;
        r.check = c;
        if (c->object)
            c->object(o, &r);
        if (c->pod && has_pod)
            c->pod(&pod, &r);
    }
    for (size_t i = 0; i < catalog_family_count(); i++)
        if (e->analyzer_state[i])
            catalog_family_at(i)->analyzer->add(e->analyzer_state[i], o);
    e->objects++;
    arena_free(&e->scratch);
}

void engine_finish(struct engine *e)
{
    struct report_ctx r = {.out = e->out, .cfg = e->cfg, .scratch = &e->scratch};
    for (size_t i = 0; i < catalog_family_count(); i++) {
        const struct check_family *f = catalog_family_at(i);
        if (!e->analyzer_state[i])
            continue;
        f->analyzer->end(e->analyzer_state[i], &r);
        f->analyzer->destroy(e->analyzer_state[i]);
        arena_free(&e->scratch);
    }
    free(e->analyzer_state);
    e->analyzer_state = NULL;
}
