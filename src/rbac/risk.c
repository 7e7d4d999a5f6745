/* risk.c — the risky-grant table and its evaluation (risk.h). A risk is a
 * list of probes (verbs × API group × resources); a rule is risky when the
 * authorizer would let it perform any probe. Rules limited by resourceNames
 * never match a probe (probes carry no name), so name-restricted grants are
 * not reported. Each role is evaluated once per scope (cluster-wide, or in
 * a namespace, where cluster-scoped resources do not exist) and shared by
 * its bindings.
 * A grant is the platform's own (hit.component) only when its binding
 * reproduces a bootstrap binding and the bootstrap policy grants that
 * subject the same risk there; see platform_hits(). */
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
    /* evaluated by is_admin_equivalent() */
    {"rbac/admin-equivalent",
     "can do what cluster-admin does (every write verb on every resource of every API group)",
     {{{NULL}, NULL, {NULL}}}},
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

/* In a namespace (a RoleBinding's grant) cluster-scoped resources do not
 * exist: their probes never match there, as the authorizer has it. */
static bool risk_allows(const struct rbac_model *m, const struct compiled *c, size_t k,
                        const struct rbac_rule *r, bool namespaced)
{
    for (size_t i = 0; i < c->n[k]; i++)
        if (!(namespaced && c->q[k][i].cluster_scoped) && rbac_rule_allows(m, r, &c->q[k][i]))
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

static bool has_verb(const struct strs *s, const char *verb)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], verb) == 0 || strcmp(s->v[i], "*") == 0)
            return true;
    return false;
}

/* Every write verb on every resource of every API group: whoever holds it
 * can write roles, bindings, pods and secrets anywhere in its scope. */
static bool is_admin_equivalent(const struct rbac_rule *r)
{
    static const char *const WRITES[] = {"create", "update", "patch", "delete"};
    if (!has_star(&r->groups) || !has_star(&r->resources))
        return false;
    for (size_t i = 0; i < sizeof WRITES / sizeof *WRITES; i++)
        if (!has_verb(&r->verbs, WRITES[i]))
            return false;
    return true;
}

enum { RISK_WILDCARD = 0, RISK_ADMIN = 1 };

/* Per role: which risks it carries and the first rule for each. */
struct role_risks {
    uint32_t mask;
    bool done, beyond_discovery;
    bool everything; /* a wildcard rule in every API group: implies all risks */
    bool admin;      /* an admin-equivalent rule: implies all risks */
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

/* The rules a role grants: its effective rules when it is in use (finish
 * computed them), else (a default role the input overrides) as declared. */
static size_t role_nrules(const struct rbac_role *role)
{
    return role->eff ? role->neff : role->nrules;
}

static const struct rbac_rule *role_rule(const struct rbac_role *role, size_t i)
{
    return role->eff ? role->eff[i] : &role->rules[i];
}

static void evaluate_role(const struct rbac_model *m, const struct compiled *c,
                          const struct rbac_role *role, bool namespaced, struct role_risks *rr)
{
    rr->done = true;
    for (size_t i = 0; i < role_nrules(role); i++) {
        const struct rbac_rule *r = role_rule(role, i);
        if (!is_discovery_rule(r))
            rr->beyond_discovery = true;
        if (is_wildcard(r)) {
            rr->everything |= has_star(&r->groups);
            if (!(rr->mask & (1u << RISK_WILDCARD))) {
                rr->mask |= 1u << RISK_WILDCARD;
                rr->rule[RISK_WILDCARD] = r;
            }
        }
        if (is_admin_equivalent(r) && !rr->admin) {
            rr->admin = true;
            rr->mask |= 1u << RISK_ADMIN;
            rr->rule[RISK_ADMIN] = r;
        }
        for (size_t k = 0; k < NRISKS; k++)
            if (!(rr->mask & (1u << k)) && risk_allows(m, c, k, r, namespaced)) {
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

/* Checks about the binding's subject rather than a rule, after the RISKS bits. */
enum { HIT_ADMIN = NRISKS, HIT_NAMESPACE_ADMIN, HIT_ANONYMOUS, NHITS };

_Static_assert(NHITS <= 32, "hit masks are 32 bits");

/* The rule-based risks of a role, as a mask of RISKS bits: an
 * admin-equivalent rule or a full wildcard alone when they subsume. */
static uint32_t role_hits(const struct role_risks *rr, unsigned flags)
{
    if ((flags & RBAC_SUBSUME_ADMIN) && rr->admin)
        return 1u << RISK_ADMIN;
    if ((flags & RBAC_SUBSUME_WILDCARD) && rr->everything)
        return 1u << RISK_WILDCARD;
    return rr->mask;
}

/* The checks a (binding, subject) pair raises, as a mask of RISKS and HIT_*
 * bits. */
static uint32_t subject_hits(const struct rbac_binding *b, const struct rbac_subject *s,
                             const struct role_risks *rr, unsigned flags)
{
    uint32_t hits = role_hits(rr, flags);
    if (b->role_cluster && strcmp(b->role_name, "cluster-admin") == 0)
        hits |= 1u << (b->cluster ? HIT_ADMIN : HIT_NAMESPACE_ADMIN);
    bool authenticated = s->kind == SUBJECT_GROUP && strcmp(s->name, "system:authenticated") == 0;
    if (is_anonymous(s) || (authenticated && rr->beyond_discovery))
        hits |= 1u << HIT_ANONYMOUS;
    return hits;
}

/* The bootstrap policy's bindings with the risks of their own (default)
 * roles: what the platform grants, whatever the input does to those roles. */
struct platform {
    struct role_risks *rr; /* per m->default_bindings entry */
    unsigned flags;
};

static void platform_init(struct rbac_model *m, const struct compiled *c, unsigned flags,
                          struct platform *p)
{
    p->flags = flags;
    p->rr = xcalloc(m->ndefault_bindings + 1, sizeof *p->rr);
    for (size_t i = 0; i < m->ndefault_bindings; i++) {
        const struct rbac_binding *d = m->default_bindings[i];
        const struct rbac_role *role = rbac_find_default_role(
            m, d->role_cluster, d->role_cluster ? NULL : d->namespace, d->role_name);
        if (role)
            evaluate_role(m, c, role, !d->cluster, &p->rr[i]);
    }
}

/* What the bootstrap policy grants subject s where b applies (cluster-wide
 * for a ClusterRoleBinding, b's namespace for a RoleBinding). */
static uint32_t platform_hits(const struct rbac_model *m, const struct platform *p,
                              const struct rbac_binding *b, const struct rbac_subject *s)
{
    uint32_t hits = 0;
    for (size_t i = 0; i < m->ndefault_bindings; i++) {
        const struct rbac_binding *d = m->default_bindings[i];
        if (!p->rr[i].done || (!d->cluster && (b->cluster || d->namespace != b->namespace)))
            continue;
        for (size_t j = 0; j < d->nsubjects; j++)
            if (rbac_subject_eq(&d->subjects[j], s))
                hits |= subject_hits(d, s, &p->rr[i], p->flags);
    }
    return hits;
}

static const char *hit_id(size_t k)
{
    return k == HIT_ADMIN             ? "rbac/cluster-admin-binding"
           : k == HIT_NAMESPACE_ADMIN ? "rbac/namespace-admin-binding"
           : k == HIT_ANONYMOUS       ? "rbac/anonymous-binding"
                                      : RISKS[k].id;
}

static const char *hit_what(size_t k, const struct rbac_subject *s)
{
    if (k == HIT_ADMIN)
        return "is bound to cluster-admin";
    if (k == HIT_NAMESPACE_ADMIN)
        return "is bound to cluster-admin, which makes it admin of the namespace";
    if (k == HIT_ANONYMOUS)
        return is_anonymous(s) ? "grants permissions to unauthenticated requests"
                               : "grants more than discovery to every authenticated user";
    return RISKS[k].what;
}

/* Reports the pair's hits; platform: b reproduces a bootstrap binding. */
static void emit_subject(const struct rbac_model *m, const struct platform *p,
                         const struct rbac_binding *b, bool platform,
                         const struct rbac_subject *s, const struct role_risks *rr,
                         rbac_risk_fn fn, void *ctx)
{
    uint32_t hits = subject_hits(b, s, rr, p->flags);
    if (!hits)
        return;
    uint32_t granted = platform_hits(m, p, b, s);
    for (size_t k = 0; k < NHITS; k++) {
        if (!(hits & (1u << k)))
            continue;
        struct rbac_risk_hit h = {
            .id = hit_id(k), .what = hit_what(k, s), .binding = b, .subject = s,
            .rule = k < NRISKS ? rr->rule[k] : NULL,
            .broad = s->kind == SUBJECT_SA || rbac_subject_is_broad(s),
            .granted_by_default = granted & (1u << k),
            .component = platform && (granted & (1u << k)),
        };
        fn(&h, ctx);
    }
}

/* The risks of the input's roles that no binding of the input uses, on the
 * roles themselves: a chart whose bindings live elsewhere is not silent. */
static void latent_roles(const struct rbac_model *m, const struct compiled *c,
                         struct role_risks *memo, unsigned flags, rbac_risk_fn fn, void *ctx)
{
    bool *used = xcalloc(m->nroles + 1, sizeof *used);
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_role *bound = m->bindings[i]->role;
        if (!bound)
            continue;
        used[bound->id] = true;
        /* the roles aggregated into a bound one are in use through it */
        for (size_t k = 0; k < role_nrules(bound); k++) {
            const struct rbac_role *from = role_rule(bound, k)->role;
            if (from && !from->is_default)
                used[from->id] = true;
        }
    }
    for (size_t i = 0; i < m->nroles; i++) {
        const struct rbac_role *role = m->roles[i];
        /* a default role's copy (a cluster dump) is the platform's own */
        if (role->is_default || used[role->id] ||
            rbac_find_default_role(m, role->cluster, role->namespace, role->name))
            continue;
        struct role_risks *rr = &memo[2 * role->id + !role->cluster];
        if (!rr->done)
            evaluate_role(m, c, role, !role->cluster, rr);
        uint32_t hits = role_hits(rr, flags);
        for (size_t k = 0; k < NRISKS; k++)
            if (hits & (1u << k))
                fn(&(struct rbac_risk_hit){.id = RISKS[k].id, .what = RISKS[k].what,
                                           .role = role, .rule = rr->rule[k], .latent = true},
                   ctx);
    }
    free(used);
}

void rbac_risks(struct rbac_model *m, unsigned flags, rbac_risk_fn fn, void *ctx)
{
    rbac_model_finish(m, false);
    /* per role, granted cluster-wide [2 id] or in a namespace [2 id + 1] */
    struct role_risks *memo = xcalloc(2 * (m->nroles + 1), sizeof *memo);
    struct compiled c = {0};
    compile_probes(m, &c);
    struct platform p;
    platform_init(m, &c, flags, &p);
    for (size_t i = 0; i < m->nbindings; i++) {
        const struct rbac_binding *b = m->bindings[i];
        if (!b->role) {
            fn(&(struct rbac_risk_hit){.id = "rbac/unknown-role",
                                       .what = "refers to a role that is not defined",
                                       .binding = b},
               ctx);
            continue;
        }
        struct role_risks *rr = &memo[2 * b->role->id + !b->cluster];
        if (!rr->done)
            evaluate_role(m, &c, b->role, !b->cluster, rr);
        bool platform = rbac_platform_binding(m, b) != NULL;
        for (size_t s = 0; s < b->nsubjects; s++)
            emit_subject(m, &p, b, platform, &b->subjects[s], rr, fn, ctx);
    }
    if (flags & RBAC_LATENT)
        latent_roles(m, &c, memo, flags, fn, ctx);
    compiled_free(&c);
    free(p.rr);
    free(memo);
}
