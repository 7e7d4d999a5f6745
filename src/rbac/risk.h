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
    const struct rbac_binding *binding; /* NULL for latent hits */
    const struct rbac_role *role;      /* latent hits: the role no binding uses */
    const struct rbac_subject *subject; /* NULL for findings about the binding itself */
    const struct rbac_rule *rule;      /* NULL when the binding, not a rule, is risky */
    bool broad;                        /* subject is a service account or a broad group */
    bool granted_by_default;           /* the bootstrap policy grants the subject this
                                          risk in the binding's scope too */
    bool component;                    /* the platform's own grant: the binding
                                          reproduces a bootstrap binding and
                                          granted_by_default */
    bool latent;                       /* the role's own risk: no binding of the
                                          input grants it (yet) */
};

/* What rbac_risks reports alone and what else it reports. */
enum {
    RBAC_SUBSUME_WILDCARD = 1, /* a full wildcard stands for every rule-based risk */
    RBAC_SUBSUME_ADMIN = 2,    /* an admin-equivalent rule stands for every rule-based risk */
    RBAC_LATENT = 4,           /* report the risks of input roles no binding uses */
};

typedef void (*rbac_risk_fn)(const struct rbac_risk_hit *h, void *ctx);

/* Calls fn once per (risk, binding, subject), in binding order, then (with
 * RBAC_LATENT) once per (risk, unused role). flags: RBAC_* above. An
 * admin-equivalent rule (every verb, or every write verb, on every resource
 * of every API group: rbac/admin-equivalent) and a full wildcard
 * (rbac/wildcard) imply every other rule-based risk; subsumed, they are
 * reported alone, the admin-equivalent rule first. */
void rbac_risks(struct rbac_model *m, unsigned flags, rbac_risk_fn fn, void *ctx);

#endif
