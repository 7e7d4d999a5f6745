/* risk.c — the risky-grant table and its evaluation (risk.h). A risk is a
 * list of probes (verbs × API group × resources); a rule is risky when the
 * authorizer would let it perform any probe. Rules limited by resourceNames
 * never match a probe (probes carry no name), so name-restricted grants are
 * not reported. Each role is evaluated once and shared by its bindings. */
#include "risk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

enum { MAX_PROBES = 4, MAX_ITEMS = 8 };

struct probe {
    const char *verbs[MAX_ITEMS];
    const char *group;
    const char *resources[MAX_ITEMS];
};

struct risk {
    const char *id, *what;
    struct probe probes[MAX_PROBES];
};

static const struct risk RISKS[] = {
    /* evaluated by is_wildcard(): '*' verbs on '*' resources of any group */
    {"rbac/wildcard", "can do anything ('*' verbs on '*' resources)", {{{NULL}, NULL, {NULL}}}},
    {"rbac/escalate-bind-impersonate", "can escalate, bind or impersonate",
     {{{"escalate", "bind"}, "rbac.authorization.k8s.io", {"roles", "clusterroles"}},
      {{"impersonate"}, "", {"users", "groups", "serviceaccounts"}},
      {{"impersonate"}, "authentication.k8s.io", {"uids", "userextras"}}}},
    {"rbac/secrets-read", "can read secrets", {{{"get", "list", "watch"}, "", {"secrets"}}}},
    {"rbac/pod-exec", "can exec or attach into pods",
     {{{"create", "get"}, "", {"pods/exec", "pods/attach"}}}},
    {"rbac/create-pods", "can create pods or workloads",
     {{{"create"}, "", {"pods", "replicationcontrollers", "podtemplates"}},
      {{"create"}, "apps", {"deployments", "daemonsets", "statefulsets", "replicasets"}},
      {{"create"}, "batch", {"jobs", "cronjobs"}}}},
    {"rbac/node-proxy", "can use the kubelet API through nodes/proxy",
     {{{"get", "create", "update", "patch", "delete"}, "", {"nodes/proxy"}}}},
    {"rbac/token-create", "can create service account tokens",
     {{{"create"}, "", {"serviceaccounts/token"}}}},
    {"rbac/csr-approve", "can approve certificate signing requests",
     {{{"update", "patch"}, "certificates.k8s.io", {"certificatesigningrequests/approval"}}}},
    {"rbac/webhook-config", "can change admission webhook configurations",
     {{{"create", "update", "patch", "delete"}, "admissionregistration.k8s.io",
       {"mutatingwebhookconfigurations", "validatingwebhookconfigurations"}}}},
    {"rbac/persistentvolume-create", "can create persistent volumes",
     {{{"create"}, "", {"persistentvolumes"}}}},
    {"rbac/ephemeral-containers", "can add ephemeral containers to running pods",
     {{{"update", "patch"}, "", {"pods/ephemeralcontainers"}}}},
    {"rbac/port-forward", "can port-forward into pods",
     {{{"create", "get"}, "", {"pods/portforward"}}}},
    {"rbac/node-status", "can change node status (labels and taints that steer pods)",
     {{{"update", "patch"}, "", {"nodes/status"}}}},
};

enum { NRISKS = sizeof RISKS / sizeof *RISKS };

_Static_assert(NRISKS <= 32, "risk masks are 32 bits");

/* The probes of every risk as requests, built once per model. */
struct compiled {
    struct rbac_request *q[NRISKS];
    size_t n[NRISKS];
};

static void compile_probes(struct rbac_model *m, struct compiled *c)
{
    for (size_t k = 0; k < NRISKS; k++) {
        c->q[k] = xcalloc(MAX_PROBES * MAX_ITEMS * MAX_ITEMS, sizeof *c->q[k]);
        for (size_t p = 0; p < MAX_PROBES && RISKS[k].probes[p].verbs[0]; p++) {
            const struct probe *pr = &RISKS[k].probes[p];
            for (size_t v = 0; v < MAX_ITEMS && pr->verbs[v]; v++)
                for (size_t i = 0; i < MAX_ITEMS && pr->resources[i]; i++)
                    rbac_request_make(m, pr->verbs[v], pr->group, pr->resources[i],
                                      &c->q[k][c->n[k]++]);
        }
    }
}

static void compiled_free(struct compiled *c)
{
    for (size_t k = 0; k < NRISKS; k++)
        free(c->q[k]);
}

static bool risk_allows(const struct rbac_model *m, const struct compiled *c, size_t k,
                        const struct rbac_rule *r)
{
    for (size_t i = 0; i < c->n[k]; i++)
        if (rbac_rule_allows(m, r, &c->q[k][i]))
            return true;
    return false;
}

static bool has_star(const struct strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], "*") == 0)
            return true;
    return false;
}

static bool is_wildcard(const struct rbac_rule *r)
{
    return has_star(&r->verbs) && has_star(&r->resources);
}

/* Per role: which risks it carries and the first rule for each. */
struct role_risks {
    uint32_t mask;
    bool done, beyond_discovery;
    bool everything; /* a wildcard rule in every API group: implies all risks */
    const struct rbac_rule *rule[NRISKS];
};

/* What every authenticated user gets by default: non-resource reads
 * (discovery, health, version) and reviews of one's own access. */
static bool is_discovery_rule(const struct rbac_rule *r)
{
    static const char *const SELF[] = {"selfsubjectaccessreviews", "selfsubjectrulesreviews",
                                       "selfsubjectreviews"};
    if (r->resources.n == 0) {
        for (size_t i = 0; i < r->verbs.n; i++)
            if (strcmp(r->verbs.v[i], "get") != 0)
                return false;
        return true;
    }
    for (size_t i = 0; i < r->verbs.n; i++)
        if (strcmp(r->verbs.v[i], "create") != 0)
            return false;
    for (size_t i = 0; i < r->resources.n; i++) {
        bool ok = false;
        for (size_t j = 0; j < 3; j++)
            ok |= strcmp(r->resources.v[i], SELF[j]) == 0;
        if (!ok)
            return false;
    }
    return true;
}

static void evaluate_role(const struct rbac_model *m, const struct compiled *c,
                          const struct rbac_role *role, struct role_risks *rr)
{
    rr->done = true;
    for (size_t i = 0; i < role->neff; i++) {
        const struct rbac_rule *r = role->eff[i];
        if (!is_discovery_rule(r))
            rr->beyond_discovery = true;
        if (is_wildcard(r)) {
            rr->everything |= has_star(&r->groups);
            if (!(rr->mask & 1u)) {
                rr->mask |= 1u;
                rr->rule[0] = r;
            }
        }
        for (size_t k = 0; k < NRISKS; k++)
            if (!(rr->mask & (1u << k)) && risk_allows(m, c, k, r)) {
                rr->mask |= 1u << k;
                rr->rule[k] = r;
            }
    }
}

static bool is_anonymous(const struct rbac_subject *s)
{
    return (s->kind == SUBJECT_USER && strcmp(s->name, "system:anonymous") == 0) ||
           (s->kind == SUBJECT_GROUP && strcmp(s->name, "system:unauthenticated") == 0);
}

static void emit(struct rbac_model *m, const struct rbac_binding *b, const struct rbac_subject *s,
                 const char *id, const char *what, const struct rbac_rule *rule,
                 rbac_risk_fn fn, void *ctx)
{
    struct rbac_risk_hit h = {
        .id = id, .what = what, .binding = b, .subject = s, .rule = rule,
        .broad = s && (s->kind == SUBJECT_SA || rbac_subject_is_broad(s)),
        .component = s && rbac_is_component(m, s),
    };
    fn(&h, ctx);
}

void rbac_risks(struct rbac_model *m, bool subsume, rbac_risk_fn fn, void *ctx)
{
    rbac_model_finish(m, false);
    struct role_risks *memo = xcalloc(m->nroles + 1, sizeof *memo);
    struct compiled c = {0};
    compile_probes(m, &c);
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        if (!b->role) {
            emit(m, b, NULL, "rbac/unknown-role", "refers to a role that is not defined", NULL,
                 fn, ctx);
            continue;
        }
        struct role_risks *rr = &memo[b->role->id];
        if (!rr->done)
            evaluate_role(m, &c, b->role, rr);
        bool admin = b->cluster && b->role_cluster && strcmp(b->role_name, "cluster-admin") == 0;
        for (size_t s = 0; s < b->nsubjects; s++) {
            const struct rbac_subject *sub = &b->subjects[s];
            if (admin)
                emit(m, b, sub, "rbac/cluster-admin-binding", "is bound to cluster-admin", NULL,
                     fn, ctx);
            bool authenticated = sub->kind == SUBJECT_GROUP &&
                                 strcmp(sub->name, "system:authenticated") == 0;
            if (is_anonymous(sub) || (authenticated && rr->beyond_discovery))
                emit(m, b, sub, "rbac/anonymous-binding",
                     is_anonymous(sub) ? "grants permissions to unauthenticated requests"
                                       : "grants more than discovery to every authenticated user",
                     NULL, fn, ctx);
            /* a full wildcard implies every other risk: report it alone */
            uint32_t mask = subsume && rr->everything ? 1u : rr->mask;
            for (size_t k = 0; k < NRISKS; k++)
                if (mask & (1u << k))
                    emit(m, b, sub, RISKS[k].id, RISKS[k].what, rr->rule[k], fn, ctx);
        }
    }
    compiled_free(&c);
    free(memo);
}
