/* engine.h — runs the enabled checks over objects as they stream by, then
 * lets each family's analyzer report on the whole input. Used identically by
 * every front end (scan, admission webhook, live cluster). An object defined
 * again (same API group, kind, namespace and name: overlays rendered side by
 * side) is checked again, but the analyzers see only its first definition
 * (unless they ask for every copy): the first repetition is warned about,
 * the others counted in one more warning. */
#ifndef RINGWALL_ENGINE_H
#define RINGWALL_ENGINE_H

#include "../core/strmap.h"
#include "../k8s/identity.h"
#include "check.h"
#include "config.h"

/* Where an object was first defined, by its rank in engine.seen. */
struct engine_first {
    const char *file;
    unsigned line;
};

struct engine_prepared;

/* An analyzer that runs, with its state. */
struct engine_analyzer {
    const struct analyzer *an;
    void *state;
};

/* What a configuration runs, chosen once from all the catalog's rows (most
 * of which have no per-object function): an engine may take a plan made
 * earlier, so that a caller checking one object at a time under the same
 * configuration (the webhook) does not choose again for every object. */
struct engine_plan {
    const struct check **run; /* the enabled checks with a per-object function */
    size_t nrun;
    bool *analyzer;           /* per family: its analyzer runs */
};
void engine_plan_init(struct engine_plan *pl, const struct scan_config *cfg);
void engine_plan_free(struct engine_plan *pl);

struct engine {
    const struct scan_config *cfg;
    struct findings *out;
    struct engine_analyzer *running; /* the analyzers begun, in family order */
    size_t nrunning;
    const struct engine_plan *plan; /* own_plan, or one made by the caller */
    struct engine_plan own_plan;
    bool one_object;       /* the input is a single object: no repeats to track */
    struct arena scratch;
    size_t objects;        /* objects checked */
    struct strmap seen;    /* group/kind/namespace/name of the objects analyzed */
    struct k8s_identities identities; /* of the objects analyzed, while analyzers run */
    struct engine_first *first;
    size_t cap_first;
    size_t repeated;       /* objects defined again, left out of the analyzers */
    bool batched;          /* the next objects' checks were run ahead ... */
    const struct engine_prepared *next_prepared; /* ... with these findings */
};

void engine_init(struct engine *e, const struct scan_config *cfg, struct findings *out);
/* As engine_init with a plan made for cfg, which must outlive the engine,
 * for an input of exactly one object (the webhook's). */
void engine_init_one(struct engine *e, const struct scan_config *cfg,
                     const struct engine_plan *plan, struct findings *out);
void engine_object(struct engine *e, const struct k8s_object *o);

/* Per-object checks run ahead on other threads (scan -j N). engine_prepare
 * runs them there on one object, recording its findings in *batch (NULL
 * before a batch's first object; allocated from keep, which must outlive
 * the batch's use; scratch holds the checks' temporaries). On the engine's
 * thread, in input order, engine_use_batch says that the next objects given
 * to engine_object are a batch's, in its order: their recorded findings are
 * stored instead of running the checks again. A NULL batch: the checks run
 * in engine_object. */
struct engine_batch;
void engine_prepare(const struct engine *e, const struct k8s_object *o, struct arena *keep,
                    struct arena *scratch, struct engine_batch **batch);
void engine_use_batch(struct engine *e, const struct engine_batch *b);

/* For the above: every enabled check on o (whose pod view r->pod is, if it
 * has one) reports to r; and the findings engine_prepare recorded for the
 * next object of the batch in use, stored. */
void engine_checks(const struct engine *e, const struct k8s_object *o, struct report_ctx *r);
void engine_replay(struct engine *e);

/* Analyzer reports; then frees their state. */
void engine_finish(struct engine *e);
/* Analyzer reports, then fresh analyzers: what follows is another cluster. */
void engine_next_cluster(struct engine *e);

#endif
