/* paths.c — shortest escalation paths to cluster-admin (paths.h). Each
 * principal's grants (the input's bindings, and the bootstrap policy's that
 * the input does not redefine) are turned into holds (action, namespace,
 * binding, rule); distances to a target are relaxed round by round using,
 * per namespace, the closest service account (and the closest one a
 * workload runs as), so a round is linear in principals and holds. */
#include "paths.h"
#include "../core/sort.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

enum { UNREACHED = INT_MAX / 2, MAX_ROUNDS = 16 };

struct hold {
    enum path_action action;
    const char *ns; /* NULL: cluster-wide */
    const struct rbac_binding *binding;
    const struct rbac_rule *rule;
    const struct rbac_pod_kind *pod_kind; /* ACT_CREATE_PODS */
};

struct principal {
    struct rbac_principal p;
    bool component;
    bool listed;           /* named by the input (or --from): its paths are reported */
    size_t ns_id;          /* service accounts: their namespace's index */
    struct hold *holds;
    size_t nholds, cap;
    int dist;
    struct path_step step; /* first step of the best path */
    size_t next;           /* index of step.becomes */
};

/* Interned string → index, open addressing. */
struct pmap {
    const char **keys;
    size_t *vals, slots, n;
};

struct state {
    struct principal *v;
    size_t n, cap;
    struct pmap by_key; /* principal display name → index */
    struct pmap by_ns;  /* namespace → ns_id */
};

static const struct {
    enum path_action action;
    const char *verbs[4], *group, *resources[8];
} PROBES[] = {
    {ACT_ADMIN, {"*"}, "*", {"*"}},
    {ACT_READ_SECRETS, {"get", "list"}, "", {"secrets"}},
    {ACT_TOKEN, {"create"}, "", {"serviceaccounts/token"}},
    {ACT_IMPERSONATE_SA, {"impersonate"}, "", {"serviceaccounts"}},
    {ACT_EXEC, {"create", "get"}, "", {"pods/exec", "pods/attach"}},
    {ACT_NODE_PROXY, {"get", "create"}, "", {"nodes/proxy"}},
    {ACT_IMPERSONATE_USERS, {"impersonate"}, "", {"users"}},
    {ACT_IMPERSONATE_GROUPS, {"impersonate"}, "", {"groups"}},
    {ACT_BIND, {"bind"}, "rbac.authorization.k8s.io", {"clusterroles"}},
    {ACT_CREATE_CRB, {"create"}, "rbac.authorization.k8s.io", {"clusterrolebindings"}},
    {ACT_ESCALATE, {"escalate"}, "rbac.authorization.k8s.io", {"clusterroles"}},
    {ACT_UPDATE_CR, {"update", "patch"}, "rbac.authorization.k8s.io", {"clusterroles"}},
};

enum { NPROBES = sizeof PROBES / sizeof *PROBES };

/* What `create` makes pods out of, most direct first (the first one a role
 * allows explains its step). extensions/v1beta1 is served up to 1.15. */
static const struct rbac_pod_kind POD_KINDS[] = {
    {"", "pods", "v1", "Pod"},
    {"apps", "deployments", "apps/v1", "Deployment"},
    {"apps", "daemonsets", "apps/v1", "DaemonSet"},
    {"apps", "statefulsets", "apps/v1", "StatefulSet"},
    {"apps", "replicasets", "apps/v1", "ReplicaSet"},
    {"batch", "jobs", "batch/v1", "Job"},
    {"batch", "cronjobs", "batch/v1", "CronJob"},
    {"", "replicationcontrollers", "v1", "ReplicationController"},
    {"extensions", "deployments", "extensions/v1beta1", "Deployment"},
    {"extensions", "daemonsets", "extensions/v1beta1", "DaemonSet"},
    {"extensions", "replicasets", "extensions/v1beta1", "ReplicaSet"},
};

/* The actions a role allows: the first rule allowing each, and what it may
 * create pods as. */
struct role_acts {
    const struct rbac_rule *rule[ACT_COUNT];
    const struct rbac_pod_kind *pod_kind;
};

/* Actions that only count cluster-wide (their resources are cluster-scoped
 * or the step needs every namespace). */
static bool cluster_only(enum path_action a)
{
    return a == ACT_ADMIN || a == ACT_NODE_PROXY || a == ACT_IMPERSONATE_USERS ||
           a == ACT_IMPERSONATE_GROUPS || a == ACT_BIND || a == ACT_CREATE_CRB ||
           a == ACT_ESCALATE || a == ACT_UPDATE_CR;
}

const char *rbac_path_action_text(enum path_action a)
{
    static const char *const TEXT[ACT_COUNT] = {
        "has '*' on '*' (cluster-admin)", "is a member of system:masters",
        "can create pods", "can read secrets (service account token secrets)",
        "can create service account tokens", "can impersonate service accounts",
        "can exec into pods", "can reach the kubelet through nodes/proxy",
        "can impersonate users", "can impersonate groups", "can bind any ClusterRole",
        "can create ClusterRoleBindings", "can escalate ClusterRoles",
        "can update ClusterRoles",
    };
    return TEXT[a];
}

/* ---------------------------------------------------------------- principals */

static size_t key_hash(const char *k)
{
    size_t h = (size_t)(uintptr_t)k;
    return (h >> 4) ^ (h >> 17);
}

static size_t pmap_slot(const struct pmap *pm, const char *key)
{
    size_t mask = pm->slots - 1;
    for (size_t i = key_hash(key) & mask;; i = (i + 1) & mask)
        if (!pm->keys[i] || pm->keys[i] == key)
            return i;
}

/* The value of key; when absent, stores *val and returns it with *added. */
static size_t pmap_get(struct pmap *pm, const char *key, size_t val, bool *added)
{
    if ((pm->n + 1) * 2 > pm->slots) {
        struct pmap old = *pm;
        pm->slots = old.slots ? old.slots * 2 : 1024;
        pm->keys = xcalloc(pm->slots, sizeof *pm->keys);
        pm->vals = xcalloc(pm->slots, sizeof *pm->vals);
        for (size_t i = 0; i < old.slots; i++)
            if (old.keys[i]) {
                size_t s = pmap_slot(pm, old.keys[i]);
                pm->keys[s] = old.keys[i];
                pm->vals[s] = old.vals[i];
            }
        free(old.keys);
        free(old.vals);
    }
    size_t s = pmap_slot(pm, key);
    *added = !pm->keys[s];
    if (*added) {
        pm->keys[s] = key;
        pm->vals[s] = val;
        pm->n++;
    }
    return pm->vals[s];
}

static bool pmap_find(const struct pmap *pm, const char *key, size_t *val)
{
    if (!pm->slots)
        return false;
    size_t s = pmap_slot(pm, key);
    *val = pm->vals[s];
    return pm->keys[s] != NULL;
}

static void pmap_free(struct pmap *pm)
{
    free(pm->keys);
    free(pm->vals);
}

static size_t add_principal(struct state *st, const struct rbac_principal *p, bool component,
                            bool listed)
{
    bool added;
    size_t i = pmap_get(&st->by_key, p->display, st->n, &added);
    if (!added) {
        st->v[i].listed |= listed;
        return i;
    }
    if (st->n == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 256;
        st->v = xrealloc(st->v, st->cap * sizeof *st->v);
    }
    struct principal *pr = &st->v[st->n];
    memset(pr, 0, sizeof *pr);
    pr->p = *p;
    pr->component = component;
    pr->listed = listed;
    pr->dist = UNREACHED;
    if (p->kind == SUBJECT_SA)
        pr->ns_id = pmap_get(&st->by_ns, p->sa_namespace, st->by_ns.n, &added);
    return st->n++;
}

static size_t add_subject(struct rbac_model *m, struct state *st, const struct rbac_subject *s,
                          bool listed)
{
    struct rbac_principal p;
    char text[1100], err[64];
    if (s->kind == SUBJECT_SA)
        snprintf(text, sizeof text, "ServiceAccount:%s/%s", s->namespace, s->name);
    else
        snprintf(text, sizeof text, "%s:%s", s->kind == SUBJECT_USER ? "User" : "Group", s->name);
    if (!rbac_principal_parse(m, text, &p, err, sizeof err))
        return (size_t)-1;
    return add_principal(st, &p, rbac_is_component(m, s), listed);
}

static void add_sa(struct rbac_model *m, struct state *st, const char *ns, const char *name,
                   bool listed)
{
    struct rbac_principal p;
    rbac_principal_sa(m, ns, name, &p);
    struct rbac_subject s = {.kind = SUBJECT_SA, .name = name, .namespace = ns};
    add_principal(st, &p, rbac_is_component(m, &s), listed);
}

static void add_hold(struct principal *p, const struct hold *h)
{
    for (size_t i = 0; i < p->nholds; i++)
        if (p->holds[i].action == h->action && p->holds[i].ns == h->ns)
            return;
    if (p->nholds == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->holds = xrealloc(p->holds, p->cap * sizeof *p->holds);
    }
    p->holds[p->nholds++] = *h;
}

static const struct rbac_rule *role_probe(struct rbac_model *m, const struct rbac_role *role,
                                          const char *verb, const char *group,
                                          const char *resource)
{
    struct rbac_request q;
    rbac_request_make(m, verb, group, resource, &q);
    return rbac_role_allows(m, role, &q);
}

static void role_actions(struct rbac_model *m, const struct rbac_role *role, struct role_acts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t k = 0; k < NPROBES; k++) {
        const struct rbac_rule **slot = &out->rule[PROBES[k].action];
        for (size_t v = 0; v < 4 && PROBES[k].verbs[v]; v++)
            for (size_t r = 0; r < 8 && PROBES[k].resources[r] && !*slot; r++)
                *slot = role_probe(m, role, PROBES[k].verbs[v], PROBES[k].group,
                                   PROBES[k].resources[r]);
    }
    for (size_t k = 0; k < sizeof POD_KINDS / sizeof *POD_KINDS && !out->pod_kind; k++) {
        out->rule[ACT_CREATE_PODS] =
            role_probe(m, role, "create", POD_KINDS[k].group, POD_KINDS[k].resource);
        if (out->rule[ACT_CREATE_PODS])
            out->pod_kind = &POD_KINDS[k];
    }
}

static bool is_group(const struct rbac_subject *s, const char *name)
{
    return s->kind == SUBJECT_GROUP && strcmp(s->name, name) == 0;
}

/* Does a broad group subject cover principal p? (Named groups, users and
 * service accounts are looked up directly.) */
static bool broad_member(const struct rbac_subject *s, const struct principal *p)
{
    if (is_group(s, "system:authenticated"))
        return !(p->p.kind == SUBJECT_GROUP && p->p.groups[0] &&
                 strcmp(p->p.groups[0], "system:unauthenticated") == 0);
    if (is_group(s, "system:serviceaccounts"))
        return p->p.kind == SUBJECT_SA;
    return s->kind == SUBJECT_GROUP && p->p.kind == SUBJECT_SA &&
           rbac_subject_applies(s, &p->p);
}

static void give(struct principal *p, const struct rbac_binding *b, const struct role_acts *acts)
{
    for (int a = 0; a < ACT_COUNT; a++) {
        if (!acts->rule[a] || (cluster_only((enum path_action)a) && !b->cluster))
            continue;
        struct hold h = {(enum path_action)a, b->cluster ? NULL : b->namespace, b, acts->rule[a],
                         a == ACT_CREATE_PODS ? acts->pod_kind : NULL};
        add_hold(p, &h);
    }
}

static bool same_binding(const struct rbac_binding *a, const struct rbac_binding *b)
{
    return a->cluster == b->cluster && a->name == b->name && a->namespace == b->namespace;
}

/* The bindings in force: the input's, then the bootstrap policy's that the
 * input does not redefine (the API server keeps those in every cluster).
 * Returns how many; the first m->nbindings are the input's. */
static size_t bindings_in_force(const struct rbac_model *m, const struct rbac_binding ***out)
{
    const struct rbac_binding **v =
        xmalloc((m->nbindings + m->ndefault_bindings + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < m->nbindings; i++)
        v[n++] = m->bindings[i];
    for (size_t i = 0; i < m->ndefault_bindings; i++) {
        bool redefined = false;
        for (size_t j = 0; j < m->nbindings && !redefined; j++)
            redefined = same_binding(m->default_bindings[i], m->bindings[j]);
        if (!redefined)
            v[n++] = m->default_bindings[i];
    }
    *out = v;
    return n;
}

/* The namespace of a system:serviceaccounts:NS group subject, or NULL. */
static const char *group_namespace(struct rbac_model *m, const struct rbac_subject *s)
{
    const char *prefix = "system:serviceaccounts:";
    if (s->kind != SUBJECT_GROUP || strncmp(s->name, prefix, strlen(prefix)) != 0 ||
        !s->name[strlen(prefix)])
        return NULL;
    return intern_str(&m->strings, s->name + strlen(prefix));
}

/* Every service account the model knows of: ServiceAccount objects, the
 * ones workloads run as, binding subjects, and `default` in every namespace
 * (namespaces of bindings, accounts, workloads and system:serviceaccounts:NS
 * groups). Those the input names are listed; the bootstrap policy's
 * (kube-system controllers) are not. */
static void add_accounts(struct rbac_model *m, struct state *st, const struct rbac_binding **bs,
                         size_t nbs)
{
    const char *dflt = intern_str(&m->strings, "default");
    for (size_t i = 0; i < nbs; i++)
        if (bs[i]->namespace)
            add_sa(m, st, bs[i]->namespace, dflt, i < m->nbindings);
    for (size_t i = 0; i < m->naccounts; i++) {
        add_sa(m, st, m->accounts[i].namespace, dflt, true);
        add_sa(m, st, m->accounts[i].namespace, m->accounts[i].name, true);
    }
    for (size_t i = 0; i < m->nworkloads; i++) {
        add_sa(m, st, m->workloads[i].namespace, dflt, true);
        add_sa(m, st, m->workloads[i].namespace, m->workloads[i].service_account, true);
    }
    for (size_t i = 0; i < nbs; i++)
        for (size_t s = 0; s < bs[i]->nsubjects; s++) {
            const struct rbac_subject *sub = &bs[i]->subjects[s];
            const char *group_ns = group_namespace(m, sub);
            if (group_ns)
                add_sa(m, st, group_ns, dflt, i < m->nbindings);
            if (sub->kind != SUBJECT_SA || sub->namespace)
                add_subject(m, st, sub, i < m->nbindings);
        }
}

static void build(struct rbac_model *m, struct state *st, const struct rbac_principal *from)
{
    const struct rbac_binding **bs;
    size_t nbs = bindings_in_force(m, &bs);
    add_accounts(m, st, bs, nbs);
    if (from)
        add_principal(st, from, false, true);
    struct role_acts *memo = xcalloc(m->nroles + 1, sizeof *memo);
    unsigned char *done = xcalloc(m->nroles + 1, 1);
    for (size_t i = 0; i < nbs; i++) {
        const struct rbac_binding *b = bs[i];
        if (!b->role)
            continue;
        if (!done[b->role->id]) {
            role_actions(m, b->role, &memo[b->role->id]);
            done[b->role->id] = 1;
        }
        const struct role_acts *acts = &memo[b->role->id];
        bool any = false;
        for (int a = 0; a < ACT_COUNT; a++)
            any |= acts->rule[a] != NULL;
        for (size_t s = 0; any && s < b->nsubjects; s++) {
            const struct rbac_subject *sub = &b->subjects[s];
            if (sub->kind == SUBJECT_SA && !sub->namespace)
                continue;
            size_t j = add_subject(m, st, sub, i < m->nbindings);
            if (j != (size_t)-1)
                give(&st->v[j], b, acts);
            if (rbac_subject_is_broad(sub) || strncmp(sub->name, "system:serviceaccounts", 22) == 0)
                for (size_t k = 0; k < st->n; k++)
                    if (k != j && broad_member(sub, &st->v[k]))
                        give(&st->v[k], b, acts);
        }
    }
    free(memo);
    free(done);
    free(bs);
}

/* ---------------------------------------------------------------- distances */

struct best {
    int dist;
    size_t idx;
    const struct rbac_workload *wl;
};

static void consider(struct best *b, int dist, size_t idx, const struct rbac_workload *wl)
{
    if (dist < b->dist) {
        b->dist = dist;
        b->idx = idx;
        b->wl = wl;
    }
}

static bool improve(struct principal *p, int dist, const struct path_step *step, size_t next)
{
    if (dist >= p->dist)
        return false;
    p->dist = dist;
    p->step = *step;
    p->next = next;
    return true;
}

static const struct hold *find_hold(const struct principal *p, enum path_action a)
{
    for (size_t i = 0; i < p->nholds; i++)
        if (p->holds[i].action == a)
            return &p->holds[i];
    return NULL;
}

/* The nearest principal each kind of step can lead to: a service account or
 * an automounting workload per namespace (indexed by ns_id) and anywhere,
 * and any user or service account. */
struct targets {
    struct best *sa, *wl;
    struct best sa_all, wl_all, user_all;
};

static void find_targets(struct rbac_model *m, struct state *st, struct targets *t)
{
    size_t nns = st->by_ns.n;
    struct best none = {UNREACHED, 0, NULL};
    t->sa = xmalloc((nns + 1) * sizeof *t->sa);
    t->wl = xmalloc((nns + 1) * sizeof *t->wl);
    t->sa_all = t->wl_all = t->user_all = none;
    for (size_t i = 0; i <= nns; i++)
        t->sa[i] = t->wl[i] = none;
    for (size_t i = 0; i < st->n; i++) {
        const struct principal *p = &st->v[i];
        if (p->p.kind == SUBJECT_SA) {
            consider(&t->sa[p->ns_id], p->dist, i, NULL);
            consider(&t->sa_all, p->dist, i, NULL);
        }
        if (p->p.kind != SUBJECT_GROUP)
            consider(&t->user_all, p->dist, i, NULL);
    }
    for (size_t i = 0; i < m->nworkloads; i++) {
        const struct rbac_workload *w = &m->workloads[i];
        struct rbac_principal pr;
        size_t j;
        if (!w->automount)
            continue;
        rbac_principal_sa(m, w->namespace, w->service_account, &pr);
        if (!pmap_find(&st->by_key, pr.display, &j))
            continue;
        consider(&t->wl[st->v[j].ns_id], st->v[j].dist, j, w);
        consider(&t->wl_all, st->v[j].dist, j, w);
    }
}

/* Completes a step that needs a second permission (impersonating users
 * needs groups too, bind needs create, escalate needs update). */
static bool improve_with(struct principal *p, struct path_step *step, size_t i,
                         enum path_action needed)
{
    const struct hold *other = find_hold(p, needed);
    if (!other)
        return false;
    step->binding2 = other->binding;
    step->rule2 = other->rule;
    return improve(p, 1, step, i);
}

/* Whether the permission h of principal i gives i a shorter path. */
static bool relax_hold(struct state *st, size_t i, const struct hold *h, const struct targets *t)
{
    struct principal *p = &st->v[i];
    struct path_step step = {.who = &p->p, .action = h->action, .binding = h->binding,
                             .rule = h->rule, .namespace = h->ns, .pod_kind = h->pod_kind};
    const struct best *to = NULL;
    bool ns_known = true;
    size_t ns_id = 0;
    if (h->ns)
        ns_known = pmap_find(&st->by_ns, h->ns, &ns_id);
    switch (h->action) {
    case ACT_ADMIN:
    case ACT_MASTERS:
        return improve(p, 1, &step, i);
    case ACT_CREATE_PODS:
    case ACT_READ_SECRETS:
    case ACT_TOKEN:
    case ACT_IMPERSONATE_SA:
        to = !h->ns ? &t->sa_all : ns_known ? &t->sa[ns_id] : NULL;
        break;
    case ACT_EXEC:
        to = !h->ns ? &t->wl_all : ns_known ? &t->wl[ns_id] : NULL;
        break;
    case ACT_NODE_PROXY:
        to = &t->wl_all;
        break;
    case ACT_IMPERSONATE_USERS:
        if (find_hold(p, ACT_IMPERSONATE_GROUPS))
            return improve_with(p, &step, i, ACT_IMPERSONATE_GROUPS);
        to = &t->user_all;
        break;
    case ACT_BIND:
        return improve_with(p, &step, i, ACT_CREATE_CRB);
    case ACT_ESCALATE:
        return improve_with(p, &step, i, ACT_UPDATE_CR);
    default:
        return false;
    }
    if (!to || to->dist >= UNREACHED || to->idx == i)
        return false;
    step.becomes = &st->v[to->idx].p;
    step.via_workload = to->wl;
    return improve(p, to->dist + 1, &step, to->idx);
}

static bool relax_round(struct rbac_model *m, struct state *st)
{
    struct targets t;
    find_targets(m, st, &t);
    bool changed = false;
    for (size_t i = 0; i < st->n; i++)
        for (size_t k = 0; k < st->v[i].nholds; k++)
            changed |= relax_hold(st, i, &st->v[i].holds[k], &t);
    free(t.sa);
    free(t.wl);
    return changed;
}

static void mark_masters(struct state *st)
{
    for (size_t i = 0; i < st->n; i++) {
        struct principal *p = &st->v[i];
        if (p->p.kind == SUBJECT_GROUP && strcmp(p->p.groups[0], "system:masters") == 0) {
            struct path_step step = {.who = &p->p, .action = ACT_MASTERS};
            improve(p, 1, &step, i);
        }
    }
}

static int cmp_paths(const void *pa, const void *pb)
{
    const struct rbac_path *a = pa, *b = pb;
    if (a->component != b->component)
        return a->component ? 1 : -1;
    if (a->nsteps != b->nsteps)
        return a->nsteps < b->nsteps ? -1 : 1;
    return strcmp(a->from->display, b->from->display);
}

void rbac_paths_to_admin(struct rbac_model *m, const struct rbac_principal *from,
                         struct rbac_paths *out)
{
    rbac_model_finish(m, false);
    struct state *st = xcalloc(1, sizeof *st);
    build(m, st, from);
    mark_masters(st);
    for (int round = 0; round < MAX_ROUNDS && relax_round(m, st); round++)
        ;
    memset(out, 0, sizeof *out);
    out->state = st;
    out->v = xcalloc(st->n + 1, sizeof *out->v);
    for (size_t i = 0; i < st->n; i++) {
        const struct principal *p = &st->v[i];
        if (p->dist >= UNREACHED || !p->listed ||
            (from && strcmp(from->display, p->p.display) != 0))
            continue;
        struct rbac_path *path = &out->v[out->n++];
        path->from = &p->p;
        path->component = p->component;
        path->steps = xcalloc((size_t)p->dist, sizeof *path->steps);
        for (size_t j = i; path->nsteps < (size_t)p->dist; j = st->v[j].next) {
            path->steps[path->nsteps++] = st->v[j].step;
            if (!st->v[j].step.becomes)
                break;
        }
    }
    sort_array(out->v, out->n, sizeof *out->v, cmp_paths);
}

void rbac_paths_free(struct rbac_paths *p)
{
    struct state *st = p->state;
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].steps);
    free(p->v);
    for (size_t i = 0; st && i < st->n; i++)
        free(st->v[i].holds);
    if (st) {
        free(st->v);
        pmap_free(&st->by_key);
        pmap_free(&st->by_ns);
        free(st);
    }
    memset(p, 0, sizeof *p);
}

/* ---------------------------------------------------------------- manifests */

/* A name from the input as a double-quoted YAML scalar, whatever it holds. */
static void yaml_quoted(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            fprintf(f, "\\x%02x", *c);
        else
            fputc(*c, f);
    }
    fputc('"', f);
}

/* The lines between a kind's spec and its pod spec, and how deep the pod
 * spec is indented. */
static const char *pod_spec_path(const char *kind, int *indent)
{
    if (strcmp(kind, "Pod") == 0) {
        *indent = 2;
        return "spec:\n  restartPolicy: Never\n";
    }
    if (strcmp(kind, "Job") == 0) {
        *indent = 6;
        return "spec:\n  template:\n    spec:\n      restartPolicy: Never\n";
    }
    if (strcmp(kind, "CronJob") == 0) {
        *indent = 10;
        return "spec:\n  schedule: \"*/5 * * * *\"\n  jobTemplate:\n    spec:\n      template:\n"
               "        spec:\n          restartPolicy: Never\n";
    }
    *indent = 6;
    if (strcmp(kind, "ReplicationController") == 0)
        return "spec:\n  template:\n    metadata: {labels: {app: escalation}}\n    spec:\n";
    return "spec:\n  selector: {matchLabels: {app: escalation}}\n  template:\n"
           "    metadata: {labels: {app: escalation}}\n    spec:\n";
}

char *rbac_path_manifest(const struct path_step *s)
{
    if (s->action != ACT_CREATE_PODS || !s->pod_kind || !s->becomes ||
        s->becomes->kind != SUBJECT_SA)
        return NULL;
    static const char *const POD_SPEC[] = {
        "automountServiceAccountToken: true",
        "securityContext:",
        "  runAsNonRoot: true",
        "  runAsUser: 65534",
        "  seccompProfile: {type: RuntimeDefault}",
        "containers:",
        "- name: token",
        "  image: busybox",
        "  command: [cat, /var/run/secrets/kubernetes.io/serviceaccount/token]",
        "  securityContext:",
        "    allowPrivilegeEscalation: false",
        "    capabilities: {drop: [ALL]}",
    };
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return NULL;
    int indent;
    const char *path = pod_spec_path(s->pod_kind->kind, &indent);
    fprintf(f, "apiVersion: %s\nkind: %s\nmetadata:\n  name: escalation\n  namespace: ",
            s->pod_kind->api_version, s->pod_kind->kind);
    yaml_quoted(f, s->becomes->sa_namespace);
    fprintf(f, "\n%s%*sserviceAccountName: ", path, indent, "");
    yaml_quoted(f, s->becomes->sa_name);
    fputc('\n', f);
    for (size_t i = 0; i < sizeof POD_SPEC / sizeof *POD_SPEC; i++)
        fprintf(f, "%*s%s\n", indent, "", POD_SPEC[i]);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}
