/* query.c — who-can, can-i and list over the model (query.h). A role's
 * answer to one request is computed once and reused by every binding that
 * refers to it, so a query costs one pass over the rules plus one over the
 * bindings. */
#include "query.h"

#include <stdlib.h>

/* Per-role memo for one request: NULL = not yet asked. */
struct memo {
    const struct rbac_rule **rule;
    unsigned char *done;
};

static const struct rbac_rule *role_answer(const struct rbac_model *m, struct memo *mo,
                                           const struct rbac_role *role,
                                           const struct rbac_request *q)
{
    if (!role)
        return NULL;
    if (!mo->done[role->id]) {
        mo->done[role->id] = 1;
        mo->rule[role->id] = rbac_role_allows(m, role, q);
    }
    return mo->rule[role->id];
}

static void memo_init(struct memo *mo, const struct rbac_model *m)
{
    mo->rule = xcalloc(m->nroles + 1, sizeof *mo->rule);
    mo->done = xcalloc(m->nroles + 1, 1);
}

static void memo_free(struct memo *mo)
{
    free(mo->rule);
    free(mo->done);
}

size_t rbac_who_can(const struct rbac_model *m, const struct rbac_request *q, bool all_namespaces,
                    rbac_grant_fn fn, void *ctx)
{
    struct memo mo;
    memo_init(&mo, m);
    size_t n = 0;
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        if (!rbac_binding_in_scope(b, q, all_namespaces))
            continue;
        const struct rbac_rule *r = role_answer(m, &mo, b->role, q);
        for (size_t s = 0; r && s < b->nsubjects; s++) {
            struct rbac_grant g = {b, &b->subjects[s], r};
            if (g.subject->kind == SUBJECT_SA && !g.subject->namespace)
                continue; /* matches no one */
            fn(&g, ctx);
            n++;
        }
    }
    memo_free(&mo);
    return n;
}

static const struct rbac_subject *applies(const struct rbac_binding *b,
                                          const struct rbac_principal *p)
{
    for (size_t s = 0; s < b->nsubjects; s++)
        if (rbac_subject_applies(&b->subjects[s], p))
            return &b->subjects[s];
    return NULL;
}

size_t rbac_can_i(const struct rbac_model *m, const struct rbac_principal *p,
                  const struct rbac_request *q, rbac_grant_fn fn, void *ctx)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        if (!rbac_binding_in_scope(b, q, false))
            continue;
        const struct rbac_subject *s = applies(b, p);
        const struct rbac_rule *r = s ? rbac_role_allows(m, b->role, q) : NULL;
        if (r) {
            struct rbac_grant g = {b, s, r};
            fn(&g, ctx);
            n++;
        }
    }
    return n;
}

size_t rbac_list(const struct rbac_model *m, const struct rbac_principal *p, rbac_grant_fn fn,
                 void *ctx)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        const struct rbac_subject *s = applies(b, p);
        for (size_t k = 0; s && b->role && k < b->role->neff; k++) {
            struct rbac_grant g = {b, s, b->role->eff[k]};
            fn(&g, ctx);
            n++;
        }
    }
    return n;
}

/* q as another verb or resource name would make it. */
static bool allows_as(const struct rbac_model *m, const struct rbac_rule *r,
                      const struct rbac_request *q, const char *verb, const char *name)
{
    struct rbac_request v = *q;
    v.verb = verb;
    v.name = name;
    return rbac_rule_allows(m, r, &v);
}

/* How close r comes to q: -1 not close, 0 it allows q, else 1 + the miss. */
static int rule_closeness(const struct rbac_model *m, const struct rbac_rule *r,
                          const struct rbac_request *q)
{
    if (rbac_rule_allows(m, r, q))
        return 0;
    const char *named = r->names.n ? r->names.v[0] : q->name;
    if (r->names.n && allows_as(m, r, q, q->verb, named))
        return 1 + MISS_NAMES;
    for (size_t i = 0; i < r->verbs.n; i++)
        if (allows_as(m, r, q, r->verbs.v[i], q->name) ||
            allows_as(m, r, q, r->verbs.v[i], named))
            return 1 + MISS_VERB;
    return -1;
}

size_t rbac_near_misses(const struct rbac_model *m, const struct rbac_principal *p,
                        const struct rbac_request *q, rbac_near_fn fn, void *ctx)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        const struct rbac_subject *s = applies(b, p);
        bool in_scope = rbac_binding_in_scope(b, q, false);
        for (size_t k = 0; s && b->role && k < b->role->neff; k++) {
            int c = rule_closeness(m, b->role->eff[k], q);
            /* elsewhere, only what would allow this very verb counts */
            if (c < 0 || (in_scope && c == 0) || (!in_scope && c > 1 + MISS_NAMES))
                continue;
            struct rbac_near near = {{b, s, b->role->eff[k]},
                                     in_scope ? (enum rbac_miss)(c - 1) : MISS_NAMESPACE};
            fn(&near, ctx);
            n++;
        }
    }
    return n;
}
