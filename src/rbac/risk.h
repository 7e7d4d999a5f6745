/* risk.h — risky grants: which (binding, subject) pairs hold a permission
 * that lets them take over workloads, credentials, nodes or the cluster.
 * Each risk is a check id of family "rbac" (ids are a contract); the
 * permissions it looks for are requests evaluated with the authorizer's own
 * matching (match.h), so `*`, `* /subresource` and aggregation all count. */
#ifndef RINGWALL_RBAC_RISK_H
#define RINGWALL_RBAC_RISK_H

#include "model.h"

struct rbac_risk_hit {
    const char *id;                    /* "rbac/secrets-read" */
    const char *what;                  /* "can read secrets" */
    const struct rbac_binding *binding;
    const struct rbac_subject *subject; /* NULL for findings about the binding itself */
    const struct rbac_rule *rule;      /* NULL when the binding, not a rule, is risky */
    bool broad;                        /* subject is a service account or a broad group */
    bool granted_by_default;           /* the bootstrap policy grants the subject this
                                          risk in the binding's scope too */
    bool component;                    /* the platform's own grant: the binding
                                          reproduces a bootstrap binding and
                                          granted_by_default */
};

typedef void (*rbac_risk_fn)(const struct rbac_risk_hit *h, void *ctx);

/* Calls fn once per (risk, binding, subject), in binding order. With
 * subsume, a wildcard in verbs, resources and API groups (rbac/wildcard) is
 * reported alone: it implies every other rule-based risk. */
void rbac_risks(struct rbac_model *m, bool subsume, rbac_risk_fn fn, void *ctx);

#endif
