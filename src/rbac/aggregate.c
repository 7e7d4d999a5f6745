/* aggregate.c — ClusterRole aggregation as the controller computes it, and
 * the per-role index signatures that let queries skip roles (model.h). */
#include <stdlib.h>
#include <string.h>

#include "model.h"

static bool strs_has(const struct strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v)
            return true;
    return false;
}

static const char *label_of(const struct rbac_role *r, const char *key)
{
    for (size_t i = 0; i < r->label_keys.n; i++)
        if (r->label_keys.v[i] == key)
            return r->label_values.v[i];
    return NULL;
}

static bool selector_matches(const struct selector *sel, const struct rbac_role *r)
{
    for (size_t i = 0; i < sel->n; i++) {
        const struct selector_expr *e = &sel->exprs[i];
        const char *v = label_of(r, e->key);
        bool ok = e->op == SEL_IN       ? v && strs_has(&e->values, v)
                  : e->op == SEL_NOT_IN ? !v || !strs_has(&e->values, v)
                  : e->op == SEL_EXISTS ? v != NULL
                                        : v == NULL;
        if (!ok)
            return false;
    }
    return true;
}

static bool aggregates(const struct rbac_role *a, const struct rbac_role *b)
{
    if (a == b || !b->cluster)
        return false;
    for (size_t i = 0; i < a->nselectors; i++)
        if (selector_matches(&a->selectors[i], b))
            return true;
    return false;
}

/* The aggregation controller replaces an aggregated role's rules with the
 * union of the rules of every other ClusterRole its selectors match, and
 * re-syncs when those change, so chains of aggregated roles converge to a
 * fixed point. Computing that fixed point makes the result independent of
 * input order. */
void rbac_aggregate(struct rbac_model *m)
{
    size_t *cap = xcalloc(m->nroles + 1, sizeof *cap);
    /* stamp[rule id] == current stamp: the rule is already in a->eff */
    unsigned nrules = 0, now = 0;
    for (size_t i = 0; i < m->nroles; i++)
        for (size_t j = 0; j < m->roles[i]->nrules; j++)
            m->roles[i]->rules[j].id = nrules++;
    unsigned *stamp = xcalloc(nrules + 1, sizeof *stamp);
    for (size_t i = 0; i < m->nroles; i++) {
        struct rbac_role *r = m->roles[i];
        if (r->aggregated)
            continue;
        r->eff = xmalloc((r->nrules ? r->nrules : 1) * sizeof *r->eff);
        for (size_t j = 0; j < r->nrules; j++)
            r->eff[j] = &r->rules[j];
        r->neff = r->nrules;
    }
    size_t nagg = 0;
    struct rbac_role **agg = xmalloc((m->nroles + 1) * sizeof *agg);
    for (size_t i = 0; i < m->nroles; i++)
        if (m->roles[i]->aggregated)
            agg[nagg++] = m->roles[i];
    for (bool changed = nagg > 0; changed;) {
        changed = false;
        for (size_t i = 0; i < nagg; i++) {
            struct rbac_role *a = agg[i];
            now++;
            for (size_t k = 0; k < a->neff; k++)
                stamp[a->eff[k]->id] = now;
            for (size_t j = 0; j < m->nroles; j++) {
                const struct rbac_role *b = m->roles[j];
                if (!aggregates(a, b))
                    continue;
                for (size_t k = 0; k < b->neff; k++) {
                    if (stamp[b->eff[k]->id] == now)
                        continue;
                    stamp[b->eff[k]->id] = now;
                    if (a->neff == cap[i]) {
                        cap[i] = cap[i] ? cap[i] * 2 : 16;
                        a->eff = xrealloc(a->eff, cap[i] * sizeof *a->eff);
                    }
                    a->eff[a->neff++] = b->eff[k];
                    changed = true;
                }
            }
        }
    }
    free(agg);
    free(cap);
    free(stamp);
}

uint64_t rbac_sig_bit(const char *interned)
{
    return 1ull << (((uintptr_t)interned * 0x9E3779B97F4A7C15ull) >> 58);
}

static uint64_t signature(const struct rbac_model *m, const struct strs *s)
{
    uint64_t sig = 0;
    for (size_t i = 0; i < s->n; i++)
        sig |= s->v[i] == m->star ? ~0ull : rbac_sig_bit(s->v[i]);
    return sig;
}

void rbac_index_roles(struct rbac_model *m)
{
    for (size_t i = 0; i < m->nroles; i++) {
        struct rbac_role *r = m->roles[i];
        for (size_t j = 0; j < r->neff; j++) {
            const struct rbac_rule *ru = r->eff[j];
            r->sig_verbs |= signature(m, &ru->verbs);
            r->sig_groups |= signature(m, &ru->groups);
            r->sig_resources |= signature(m, &ru->resources);
            r->has_urls |= ru->urls.n > 0;
        }
    }
}
