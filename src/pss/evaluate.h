/* evaluate.h — Pod Security verdicts over extracted facts. pss_evaluate is
 * the fast path: one walk of the pod and its containers, a bit per violated
 * control, no allocation. pss_describe builds the API server's wording for
 * the violated controls only, and pss_message joins it the way the API server
 * does: `violates PodSecurity "restricted:v1.30": reason (detail), ...`. */
#ifndef RINGWALL_PSS_EVALUATE_H
#define RINGWALL_PSS_EVALUATE_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "policy.h"

/* PSS_BIT mask of the controls the pod violates; 0 means allowed. */
uint32_t pss_evaluate(const struct pss_policy *p, const struct pss_facts *f);

struct pss_violation {
    enum pss_control control;
    const char *reason; /* e.g. "allowPrivilegeEscalation != false" */
    const char *detail; /* e.g. `container "app" must set ...`; "" when none */
    const char *text;   /* "reason (detail)" */
};

/* One entry per bit of `violated`, in the API server's order; strings live in
 * `a`. Returns the count (at most PSS_NCONTROLS). */
size_t pss_describe(const struct pss_policy *p, const struct pss_facts *f, uint32_t violated,
                    struct arena *a, struct pss_violation out[PSS_NCONTROLS]);

/* `violates PodSecurity "LEVEL:VERSION": text, text, ...` in `a`. */
const char *pss_message(const struct pss_policy *p, const struct pss_violation *v, size_t n,
                        struct arena *a);

/* The whole verdict for one policy: allowed, or the violations and message. */
struct pss_verdict {
    enum pss_level level;
    struct pss_version version;
    bool allowed;
    size_t nviolations;
    struct pss_violation *violations; /* in `a` */
    const char *message;              /* NULL when allowed */
};

void pss_judge(const struct pss_policy *p, const struct pss_facts *f, struct arena *a,
               struct pss_verdict *out);

#endif
