/* review.h — "what would the API server admit" over a stream of objects.
 * With a fixed level, each pod (or workload pod template) is judged as it
 * arrives. Without one, pods are judged against their own Namespace's
 * pod-security.kubernetes.io labels, which may come later in the input: each
 * pod's compact facts are kept (never its document) until the end. Where a
 * label is missing (no enforce label, no enforce-version label, or no
 * Namespace object at all) the default policy applies, as the API server
 * applies its AdmissionConfiguration defaults; ringwall's default is
 * restricted:latest, so shipping an unlabelled Namespace never weakens a
 * verdict. Every verdict records why its policy was chosen. */
#ifndef RINGWALL_PSS_REVIEW_H
#define RINGWALL_PSS_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../k8s/object.h"
#include "evaluate.h"
#include "namespace.h"

/* Why a pod was judged at its policy. */
enum pss_reason {
    PSS_REASON_DEFAULT,   /* the default policy: no enforce label, or no Namespace */
    PSS_REASON_LEVEL,     /* --level */
    PSS_REASON_NAMESPACE, /* the namespace's enforce label */
};

/* "default", "--level", "namespace-label" */
const char *pss_reason_name(enum pss_reason reason);

struct pss_review_item {
    const char *file;
    unsigned line;
    const char *api_version, *kind, *namespace, *name;
    struct pss_facts *facts;                /* kept until finish in namespace mode */
    bool judged[PSS_NMODES];                /* which verdicts below are set */
    struct pss_verdict verdict[PSS_NMODES]; /* enforce always, warn/audit when labelled */
    enum pss_reason reason;                 /* why the enforce policy was chosen */
    const char *note;                       /* how the policy was chosen, when notable */
};

struct pss_review {
    struct arena arena;        /* items, their facts and verdicts */
    struct arena scratch;      /* one object's views, freed after each */
    bool namespace_mode;       /* no fixed level: read Namespace labels */
    struct pss_policy fallback; /* --level, or the default policy */
    struct pss_review_item *items;
    size_t nitems, cap;
    struct pss_ns_entry *namespaces;
    size_t nnamespaces, nscap;
    size_t denied;
};

/* level NULL: namespace mode, with restricted at `version` as the default. */
void pss_review_init(struct pss_review *r, const enum pss_level *level, struct pss_version version);
/* Namespace mode: the policy where labels are missing (the API server's
 * AdmissionConfiguration defaults; privileged:latest for a stock one). */
void pss_review_set_default(struct pss_review *r, enum pss_level level,
                            struct pss_version version);
void pss_review_add(struct pss_review *r, const struct k8s_object *o, struct arena *scratch);
/* An object_source callback (ctx: the review): pss_review_add with the
 * review's own scratch arena. */
void pss_review_add_object(const struct k8s_object *o, void *review);
/* Judges what was kept; afterwards items are final. */
void pss_review_finish(struct pss_review *r);
void pss_review_free(struct pss_review *r);

#endif
