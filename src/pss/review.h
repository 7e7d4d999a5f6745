/* review.h — "what would the API server admit" over a stream of objects.
 * With a fixed level, each pod (or workload pod template) is judged as it
 * arrives. Without one, pods are judged against their own Namespace's
 * pod-security.kubernetes.io labels, which may come later in the input: each
 * pod's compact facts are kept (never its document) until the end. Pods whose
 * namespace is not in the input, or inputs without any Namespace, fall back to
 * the default policy. */
#ifndef RINGWALL_PSS_REVIEW_H
#define RINGWALL_PSS_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../k8s/object.h"
#include "evaluate.h"
#include "namespace.h"

struct pss_review_item {
    const char *file;
    unsigned line;
    const char *api_version, *kind, *namespace, *name;
    struct pss_facts *facts;                /* kept until finish in namespace mode */
    bool judged[PSS_NMODES];                /* which verdicts below are set */
    struct pss_verdict verdict[PSS_NMODES]; /* enforce always, warn/audit when labelled */
    const char *note;                       /* how the policy was chosen, when notable */
};

struct pss_review {
    struct arena arena;        /* items, their facts and verdicts */
    bool namespace_mode;       /* no fixed level: read Namespace labels */
    struct pss_policy fallback;
    struct pss_review_item *items;
    size_t nitems, cap;
    struct pss_ns_entry *namespaces;
    size_t nnamespaces, nscap;
    size_t denied;
};

/* level NULL: namespace mode, with restricted at `version` as the fallback. */
void pss_review_init(struct pss_review *r, const enum pss_level *level, struct pss_version version);
void pss_review_add(struct pss_review *r, const struct k8s_object *o, struct arena *scratch);
/* Judges what was kept; afterwards items are final. */
void pss_review_finish(struct pss_review *r);
void pss_review_free(struct pss_review *r);

#endif
