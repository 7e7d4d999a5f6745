/* query.h — the three questions: who can do X (who-can), may subject S do X
 * (can-i, with the near misses of a "no"), and what may S do (list). Each
 * answer is a list of grants: the binding, the subject it names and the rule
 * that allows. */
#ifndef RINGWALL_RBAC_QUERY_H
#define RINGWALL_RBAC_QUERY_H

#include "match.h"

struct rbac_grant {
    const struct rbac_binding *binding;
    const struct rbac_subject *subject;
    const struct rbac_rule *rule;
};

typedef void (*rbac_grant_fn)(const struct rbac_grant *g, void *ctx);

/* Every (binding, subject) allowed q; with all_namespaces, RoleBindings of
 * every namespace count (q->namespace is ignored for them). */
size_t rbac_who_can(const struct rbac_model *m, const struct rbac_request *q, bool all_namespaces,
                    rbac_grant_fn fn, void *ctx);
/* Every binding through which p may do q; 0 means denied. */
size_t rbac_can_i(const struct rbac_model *m, const struct rbac_principal *p,
                  const struct rbac_request *q, rbac_grant_fn fn, void *ctx);
/* Every effective rule of every binding that applies to p. */
size_t rbac_list(const struct rbac_model *m, const struct rbac_principal *p, rbac_grant_fn fn,
                 void *ctx);

/* How a grant falls short of a request (closest first). */
enum rbac_miss {
    MISS_NAMES,     /* the verb on the resource, but only for some resourceNames */
    MISS_VERB,      /* the resource, with other verbs */
    MISS_NAMESPACE, /* the verb on the resource, in another namespace */
};

struct rbac_near {
    struct rbac_grant grant;
    enum rbac_miss miss;
};

typedef void (*rbac_near_fn)(const struct rbac_near *n, void *ctx);

/* The rules of p's bindings that come close to allowing q without allowing
 * it (near misses), in binding order; returns how many. */
size_t rbac_near_misses(const struct rbac_model *m, const struct rbac_principal *p,
                        const struct rbac_request *q, rbac_near_fn fn, void *ctx);

#endif
