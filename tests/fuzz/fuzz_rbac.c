/* fuzz_rbac.c — libFuzzer target for the RBAC queries over fuzzed roles,
 * bindings, service accounts and workloads: who-can, can-i and list for
 * requests built from the input's own rules (and a few fixed probes) and
 * principals built from its subjects, then risks and escalation paths.
 * Checks that can-i agrees with who-can, that every grant really allows
 * its request through a binding naming the principal, and that every path
 * is a chain of steps ending at cluster-admin. The bootstrap policy is not
 * loaded: the input brings the roles it binds. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/rbac/model.h"
#include "../../src/rbac/paths.h"
#include "../../src/rbac/query.h"
#include "../../src/rbac/risk.h"
#include "fuzz_util.h"

enum { MAX_REQUESTS = 24, MAX_PRINCIPALS = 16, MAX_GRANTS = 4096 };

struct grants {
    struct rbac_grant v[MAX_GRANTS];
    size_t n;
};

static void add_object(const struct k8s_object *o, void *ctx)
{
    rbac_model_add(ctx, o);
}

static void keep_grant(const struct rbac_grant *g, void *ctx)
{
    struct grants *gs = ctx;
    if (gs->n < MAX_GRANTS)
        gs->v[gs->n++] = *g;
}

static bool binding_applies(const struct rbac_binding *b, const struct rbac_principal *p)
{
    for (size_t s = 0; s < b->nsubjects; s++)
        if (rbac_subject_applies(&b->subjects[s], p))
            return true;
    return false;
}

static void add_request(struct rbac_model *m, struct rbac_request *q, size_t *n, const char *verb,
                        const char *resource, const char *name, const char *ns)
{
    char err[256];
    if (*n < MAX_REQUESTS && verb && resource && resource[0] &&
        rbac_request_parse(m, verb, resource, NULL, name, ns, &q[*n], err, sizeof err))
        (*n)++;
}

/* Fixed probes, then one request per rule of the input (its first verb,
 * resource or URL and name, in its role's namespace). */
static size_t make_requests(struct rbac_model *m, struct rbac_request *q)
{
    static const char *const PROBES[][3] = {
        {"get", "secrets", "default"},      {"create", "pods", "kube-system"},
        {"*", "*", NULL},                   {"create", "pods/exec", "default"},
        {"get", "nodes/proxy", NULL},       {"impersonate", "users", NULL},
        {"bind", "clusterroles.rbac.authorization.k8s.io", NULL},
        {"get", "/healthz", NULL},
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof PROBES / sizeof *PROBES; i++)
        add_request(m, q, &n, PROBES[i][0], PROBES[i][1], NULL, PROBES[i][2]);
    for (size_t r = 0; r < m->nroles && n < MAX_REQUESTS; r++) {
        const struct rbac_role *role = m->roles[r];
        for (size_t k = 0; k < role->nrules && n < MAX_REQUESTS; k++) {
            const struct rbac_rule *rule = &role->rules[k];
            const char *verb = rule->verbs.n ? rule->verbs.v[0] : NULL;
            const char *res = rule->urls.n ? rule->urls.v[0]
                              : rule->resources.n ? rule->resources.v[0] : NULL;
            add_request(m, q, &n, verb, res, rule->names.n ? rule->names.v[0] : NULL,
                        role->namespace);
        }
    }
    return n;
}

/* Principals named by the input's subjects and workloads. */
static size_t make_principals(struct rbac_model *m, struct rbac_principal *p)
{
    size_t n = 0;
    for (size_t b = 0; b < m->nbindings && n < MAX_PRINCIPALS; b++)
        for (size_t s = 0; s < m->bindings[b]->nsubjects && n < MAX_PRINCIPALS; s++) {
            char key[1024], err[256];
            rbac_format_subject_key(key, sizeof key, &m->bindings[b]->subjects[s]);
            n += rbac_principal_parse(m, key, &p[n], err, sizeof err);
        }
    for (size_t w = 0; w < m->nworkloads && n < MAX_PRINCIPALS; w++)
        if (m->workloads[w].namespace && m->workloads[w].service_account)
            rbac_principal_sa(m, m->workloads[w].namespace, m->workloads[w].service_account,
                              &p[n++]);
    return n;
}

static void check_grants(const struct rbac_model *m, const struct grants *gs,
                         const struct rbac_request *q, bool all_namespaces)
{
    for (size_t i = 0; i < gs->n; i++) {
        const struct rbac_grant *g = &gs->v[i];
        if (!g->binding || !g->rule || !rbac_rule_allows(m, g->rule, q) ||
            !rbac_binding_in_scope(g->binding, q, all_namespaces))
            abort();
    }
}

static void check_queries(struct rbac_model *m, const struct rbac_request *q, size_t nq,
                          const struct rbac_principal *p, size_t np, struct grants *who,
                          struct grants *mine)
{
    for (size_t i = 0; i < nq; i++) {
        who->n = 0;
        rbac_who_can(m, &q[i], true, keep_grant, who);
        check_grants(m, who, &q[i], true);
        who->n = 0;
        size_t nwho = rbac_who_can(m, &q[i], false, keep_grant, who);
        check_grants(m, who, &q[i], false);
        for (size_t k = 0; k < np; k++) {
            mine->n = 0;
            size_t can = rbac_can_i(m, &p[k], &q[i], keep_grant, mine);
            check_grants(m, mine, &q[i], false);
            bool listed = false;
            for (size_t g = 0; g < who->n && nwho <= MAX_GRANTS && !listed; g++)
                listed = rbac_subject_applies(who->v[g].subject, &p[k]);
            if (nwho <= MAX_GRANTS && (can > 0) != listed)
                abort(); /* can-i and who-can disagree */
            for (size_t g = 0; g < mine->n; g++)
                if (!rbac_subject_applies(mine->v[g].subject, &p[k]))
                    abort();
        }
    }
    for (size_t k = 0; k < np; k++) {
        mine->n = 0;
        rbac_list(m, &p[k], keep_grant, mine);
        for (size_t g = 0; g < mine->n; g++)
            if (!binding_applies(mine->v[g].binding, &p[k]))
                abort();
    }
}

static void check_paths(struct rbac_model *m, const struct rbac_principal *from)
{
    struct rbac_paths ps;
    rbac_paths_to_admin(m, from, &ps);
    for (size_t i = 0; i < ps.n; i++) {
        const struct rbac_path *path = &ps.v[i];
        if (!path->nsteps || path->steps[0].who != path->from ||
            path->steps[path->nsteps - 1].becomes)
            abort(); /* a path must start at its principal and end at cluster-admin */
        for (size_t k = 0; k < path->nsteps; k++) {
            const struct path_step *s = &path->steps[k];
            if (k + 1 < path->nsteps && (!s->becomes || path->steps[k + 1].who != s->becomes))
                abort();
            if ((s->binding && !binding_applies(s->binding, s->who)) ||
                (s->binding2 && !binding_applies(s->binding2, s->who)))
                abort(); /* a step through a binding that does not name its principal */
        }
    }
    rbac_paths_free(&ps);
}

static void count_risk(const struct rbac_risk_hit *h, void *ctx)
{
    if (!h->id || !h->binding)
        abort();
    ++*(size_t *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rbac_model m;
    rbac_model_init(&m);
    fuzz_each_object(data, size, add_object, &m);
    rbac_model_finish(&m, false);
    struct rbac_request q[MAX_REQUESTS];
    struct rbac_principal p[MAX_PRINCIPALS];
    size_t nq = make_requests(&m, q), np = make_principals(&m, p);
    struct grants *who = malloc(sizeof *who), *mine = malloc(sizeof *mine);
    check_queries(&m, q, nq, p, np, who, mine);
    free(who);
    free(mine);
    size_t risks = 0;
    rbac_risks(&m, true, count_risk, &risks);
    rbac_risks(&m, false, count_risk, &risks);
    check_paths(&m, NULL);
    for (size_t k = 0; k < np && k < 4; k++)
        check_paths(&m, &p[k]);
    rbac_model_free(&m);
    return 0;
}
