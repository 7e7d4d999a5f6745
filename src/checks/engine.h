/* engine.h — runs the enabled checks over objects as they stream by, then
 * lets each family's analyzer report on the whole input. Used identically by
 * every front end (scan, admission webhook, live cluster). */
#ifndef RINGWALL_ENGINE_H
#define RINGWALL_ENGINE_H

#include "check.h"
#include "config.h"

struct engine {
    const struct scan_config *cfg;
    struct findings *out;
    void **analyzer_state; /* per family */
    struct arena scratch;
    size_t objects;        /* objects checked */
};

void engine_init(struct engine *e, const struct scan_config *cfg, struct findings *out);
void engine_object(struct engine *e, const struct k8s_object *o);
/* Analyzer reports; then frees their state. */
void engine_finish(struct engine *e);

#endif
