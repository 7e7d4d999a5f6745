/* rbac.c — risky RBAC grants as findings (family "rbac"). The analyzer
 * builds the RBAC model from every object of the input (src/rbac), then
 * reports each risk once per subject, on the first binding that grants it,
 * naming every binding that does. The platform's own grants (a binding that
 * reproduces one of the bootstrap policy's, granting what the policy grants)
 * are reported suppressed with a reason, so they are shown but never fail a
 * scan; any other grant, to system: subjects too, is reported. A role no
 * binding of the input uses has its risks reported on itself, latent and one
 * severity step lower. */
#include "rbac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rbac/risk.h"
#include "catalog.h"
#include "check.h"
#include "config.h"
#include "../core/sort.h"

static const char *bootstrap_dir;
static bool bootstrap_off;

void rbac_checks_set_bootstrap(const char *dir, bool off)
{
    bootstrap_dir = dir;
    bootstrap_off = off;
}

bool rbac_checks_load_bootstrap(struct rbac_model *m)
{
    if (bootstrap_off)
        return true;
    if (bootstrap_dir)
        return rbac_model_load_defaults(m, bootstrap_dir);
    rbac_model_load_builtin(m);
    return true;
}

struct rbac_state {
    struct rbac_model m;
    unsigned flags; /* RBAC_* of risk.h: what subsumes, latent roles */
    struct rbac_risk_hit *hits;
    size_t nhits, cap;
};

static void *analyzer_begin(const struct scan_config *cfg)
{
    struct rbac_state *st = xcalloc(1, sizeof *st);
    rbac_model_init(&st->m);
    st->flags = RBAC_LATENT;
    if (!cfg || config_enabled(cfg, catalog_find("rbac/wildcard")))
        st->flags |= RBAC_SUBSUME_WILDCARD;
    if (!cfg || config_enabled(cfg, catalog_find("rbac/admin-equivalent")))
        st->flags |= RBAC_SUBSUME_ADMIN;
    return st;
}

static void analyzer_add(void *state, const struct k8s_object *o)
{
    struct rbac_state *st = state;
    rbac_model_add(&st->m, o);
}

static void collect_hit(const struct rbac_risk_hit *h, void *ctx)
{
    struct rbac_state *st = ctx;
    if (st->nhits == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        st->hits = xrealloc(st->hits, st->cap * sizeof *st->hits);
    }
    st->hits[st->nhits++] = *h;
}

/* ------------------------------------------------ one finding per problem */

/* Hits of one check for one subject are one problem, reported once on the
 * first binding that grants it and naming every binding. Bindings suppressed
 * differently (annotation, platform grant) stay apart. */
struct hit_key {
    const char *id, *subject, *ignore;
    bool component, by_default;
    size_t index; /* position in the hit list */
};

static int cmp_hit_keys(const void *pa, const void *pb)
{
    const struct hit_key *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);
    if (c)
        return c;
    if (a->subject != b->subject)
        return a->subject < b->subject ? -1 : 1;
    if (a->ignore != b->ignore)
        return a->ignore < b->ignore ? -1 : 1;
    if (a->component != b->component)
        return a->component ? 1 : -1;
    if (a->by_default != b->by_default)
        return a->by_default ? 1 : -1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static bool same_problem(const struct hit_key *a, const struct hit_key *b)
{
    return a->subject && strcmp(a->id, b->id) == 0 && a->subject == b->subject &&
           a->ignore == b->ignore && a->component == b->component &&
           a->by_default == b->by_default;
}

/* A group of hits: keys[start, start + n), first reported at hit `first`. */
struct hit_group {
    size_t first, start, n;
};

static int cmp_groups(const void *pa, const void *pb)
{
    const struct hit_group *a = pa, *b = pb;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* "cluster-wide through ClusterRoleBinding x (ClusterRole y rules[2])" */
static void format_grant(char *buf, size_t size, const struct rbac_risk_hit *h)
{
    char scope[300], via[512], rule[600];
    rbac_scope_label(h->binding, scope, sizeof scope);
    rbac_binding_label(h->binding, via, sizeof via);
    if (h->rule)
        snprintf(buf, size, "%s through %s (%s)", scope, via,
                 rbac_rule_label(h->rule, rule, sizeof rule));
    else
        snprintf(buf, size, "%s through %s", scope, via);
}

/* Room kept at the end of a message for "; and through N more bindings"
 * and the note on default grants. */
enum { MESSAGE_TAIL = 120 };

/* Appends the group's grants, "; "-separated, as many as fit in size. */
static void append_grants(char *buf, size_t size, const struct rbac_state *st,
                          const struct hit_key *keys, const struct hit_group *g)
{
    size_t listed = 0;
    for (; listed < g->n; listed++) {
        char grant[1400];
        format_grant(grant, sizeof grant, &st->hits[keys[g->start + listed].index]);
        size_t len = strlen(buf);
        if (listed && len + 2 + strlen(grant) + MESSAGE_TAIL >= size)
            break;
        snprintf(buf + len, size - len, "%s%s", listed ? "; " : "", grant);
    }
    size_t len = strlen(buf);
    if (listed < g->n)
        snprintf(buf + len, size - len, "; and through %zu more bindings", g->n - listed);
}

static void report_unknown_role(struct report_ctx *r, const struct rbac_risk_hit *h,
                                struct object_ref *ref)
{
    const struct rbac_binding *b = h->binding;
    char via[512];
    report_ref(r, h->id, ref, NULL, "roleRef", "%s refers to %s %s, which is not defined",
               rbac_binding_label(b, via, sizeof via), b->role_cluster ? "ClusterRole" : "Role",
               b->role_name);
}

/* A risk of a role no binding of the input uses: on the role, one step
 * less severe, since whoever binds it later grants it. */
static void report_latent(struct report_ctx *r, const struct rbac_risk_hit *h)
{
    const struct rbac_role *role = h->role;
    struct object_ref ref = {
        .api_version = "rbac.authorization.k8s.io/v1",
        .kind = role->cluster ? "ClusterRole" : "Role",
        .namespace = role->namespace, .name = role->name, .file = role->file,
        .line = h->rule ? h->rule->line : role->line, .col = h->rule ? h->rule->col : role->col,
        .ignore = role->ignore, .lower = true,
    };
    char label[512], rule[600], path[32];
    snprintf(path, sizeof path, "rules[%u]", h->rule ? h->rule->index : 0);
    report_ref(r, h->id, &ref, NULL, path,
               "latent: whoever is bound to %s %s (%s); no binding in the input uses it",
               rbac_role_label(role, label, sizeof label), h->what,
               h->rule ? rbac_rule_label(h->rule, rule, sizeof rule) : "its rules");
}

static void report_group(struct report_ctx *r, const struct rbac_state *st,
                         const struct hit_key *keys, const struct hit_group *g)
{
    const struct rbac_risk_hit *h = &st->hits[g->first];
    if (h->latent) {
        report_latent(r, h);
        return;
    }
    const struct rbac_binding *b = h->binding;
    const struct rbac_subject *s = h->subject;
    struct object_ref ref = {
        .api_version = "rbac.authorization.k8s.io/v1",
        .kind = b->cluster ? "ClusterRoleBinding" : "RoleBinding",
        .namespace = b->namespace, .name = b->name, .file = b->file,
        .line = s ? s->line : b->line, .col = s ? s->col : b->col, .ignore = b->ignore,
        .exempt = h->component ? "the bootstrap policy's own grant (control plane); shown, "
                                 "not failing"
                               : NULL,
        .floor = strcmp(h->id, "rbac/cluster-admin-binding") == 0 && h->broad ? SEV_CRITICAL
                                                                               : SEV_INFO,
    };
    if (!s) {
        report_unknown_role(r, h, &ref);
        return;
    }
    char message[1024], path[32];
    rbac_subject_label(s, message, sizeof message);
    snprintf(message + strlen(message), sizeof message - strlen(message), " %s ", h->what);
    append_grants(message, sizeof message, st, keys, g);
    size_t len = strlen(message);
    if (h->granted_by_default && !h->component)
        snprintf(message + len, sizeof message - len,
                 " (the bootstrap policy grants this too, through its own bindings)");
    snprintf(path, sizeof path, "subjects[%u]", s->index);
    report_ref(r, h->id, &ref, NULL, path, "%s", message);
}

static void report_hits(struct rbac_state *st, struct report_ctx *r)
{
    struct hit_key *keys = xcalloc(st->nhits + 1, sizeof *keys);
    for (size_t i = 0; i < st->nhits; i++) {
        const struct rbac_risk_hit *h = &st->hits[i];
        keys[i] = (struct hit_key){
            .id = h->id, .ignore = h->binding ? h->binding->ignore : h->role->ignore,
            .component = h->component,
            .by_default = h->granted_by_default, .index = i,
            .subject = h->subject ? rbac_subject_key(&st->m, h->subject) : NULL,
        };
    }
    sort_array(keys, st->nhits, sizeof *keys, cmp_hit_keys);
    struct hit_group *groups = xcalloc(st->nhits + 1, sizeof *groups);
    size_t ngroups = 0;
    for (size_t i = 0; i < st->nhits; i++) {
        if (i && same_problem(&keys[i - 1], &keys[i])) {
            groups[ngroups - 1].n++;
            continue;
        }
        groups[ngroups++] = (struct hit_group){.first = keys[i].index, .start = i, .n = 1};
    }
    sort_array(groups, ngroups, sizeof *groups, cmp_groups);
    for (size_t i = 0; i < ngroups; i++)
        report_group(r, st, keys, &groups[i]);
    free(groups);
    free(keys);
}

static void analyzer_end(void *state, struct report_ctx *r)
{
    struct rbac_state *st = state;
    if (st->m.nbindings == 0 && st->m.nroles == 0)
        return; /* nothing granted: no need for the default roles */
    rbac_checks_load_bootstrap(&st->m);
    rbac_risks(&st->m, st->flags, collect_hit, st);
    report_hits(st, r);
}

static void analyzer_destroy(void *state)
{
    struct rbac_state *st = state;
    rbac_model_free(&st->m);
    free(st->hits);
    free(st);
}

/* Only roles and bindings grant: without one the analyzer says nothing. */
static bool analyzer_alone(const struct scan_config *cfg, const struct k8s_object *o)
{
    (void)cfg;
    return rbac_model_grants(o);
}

static const struct analyzer RBAC_ANALYZER = {
    .begin = analyzer_begin, .add = analyzer_add, .end = analyzer_end,
    .destroy = analyzer_destroy, .alone = analyzer_alone,
};

static const struct check RBAC_CHECKS[] = {
    {
        .id = "rbac/wildcard",
        .severity = SEV_CRITICAL,
        .title = "Wildcard grant of every verb on every resource",
        .why = "A rule with '*' verbs on '*' resources is admin of its API groups within its "
               "scope (with '*' groups: cluster-admin), including everything added later.",
        .fix = "List the verbs, API groups and resources the subject needs.",
        .refs = {"CIS 5.1.3", "MITRE ATT&CK T1078"},
        .aliases = {"C-0187", "wildcard-in-rules"},
    },
    {
        .id = "rbac/admin-equivalent",
        .severity = SEV_CRITICAL,
        .title = "Role equivalent to cluster-admin",
        .why = "A rule granting every verb, or every write verb (create, update, patch, "
               "delete), on every resource of every API group is cluster-admin in practice "
               "(namespace admin through a RoleBinding): it writes roles, bindings, pods and "
               "secrets. It is reported alone, instead of each narrower risk it implies "
               "(rbac/wildcard included).",
        .fix = "Bind cluster-admin explicitly where that is the intent, so reviews see it; "
               "otherwise list the API groups, resources and verbs the subject needs.",
        .refs = {"CIS 5.1.1", "CIS 5.1.3", "MITRE ATT&CK T1078"},
        .aliases = {"C-0035"},
    },
    {
        .id = "rbac/cluster-admin-binding",
        .severity = SEV_HIGH,
        .title = "Binding to cluster-admin",
        .why = "cluster-admin can do anything anywhere; bound to a service account or a broad "
               "group (critical) it is one stolen token away from cluster takeover.",
        .fix = "Bind a role with only the permissions needed, or a namespaced RoleBinding.",
        .refs = {"CIS 5.1.1"},
        .aliases = {"C-0185", "cluster-admin-role-binding"},
    },
    {
        .id = "rbac/namespace-admin-binding",
        .severity = SEV_HIGH,
        .title = "RoleBinding to cluster-admin (namespace admin)",
        .why = "A RoleBinding to the ClusterRole cluster-admin grants everything in its "
               "namespace: its secrets and service-account tokens, its pods, its roles and "
               "bindings. It is often meant as a harmless namespaced grant.",
        .fix = "Bind the ClusterRole admin or edit, or a role listing what the subject needs.",
        .refs = {"CIS 5.1.1"},
    },
    {
        .id = "rbac/anonymous-binding",
        .severity = SEV_CRITICAL,
        .title = "Permissions for anonymous or every authenticated user",
        .why = "system:anonymous and system:unauthenticated are anyone who reaches the API "
               "server; system:authenticated is every user and service account. Beyond "
               "discovery, their grants are everyone's.",
        .fix = "Remove these subjects from the binding; bind named users or groups instead.",
        .refs = {"CIS 5.1.1", "CIS 1.2.1"},
        .aliases = {"C-0262", "C-0265"},
    },
    {
        .id = "rbac/escalate-bind-impersonate",
        .severity = SEV_CRITICAL,
        .title = "escalate, bind or impersonate permission",
        .why = "escalate lets a subject write roles with more than it holds, bind lets it bind "
               "any role, impersonate lets it act as any user, group or service account.",
        .fix = "Remove these verbs, or limit them with resourceNames to specific roles or "
               "identities.",
        .refs = {"CIS 5.1.8", "MITRE ATT&CK T1078"},
        .aliases = {"C-0191", "C-0065", "CKV_K8S_157", "CKV_K8S_158"},
    },
    {
        .id = "rbac/secrets-read",
        .severity = SEV_HIGH,
        .title = "Read access to secrets",
        .why = "Secrets hold credentials, including service-account tokens of more privileged "
               "identities; list and watch return every secret's content.",
        .fix = "Remove get, list and watch on secrets, or limit get to named secrets with "
               "resourceNames.",
        .refs = {"CIS 5.1.2", "MITRE ATT&CK T1552.007"},
        .aliases = {"C-0015", "C-0186", "access-to-secrets"},
    },
    {
        .id = "rbac/pod-exec",
        .severity = SEV_HIGH,
        .title = "exec or attach into pods",
        .why = "pods/exec and pods/attach run commands inside containers, with their service "
               "account token and mounted secrets (get suffices over WebSockets on older API "
               "servers).",
        .fix = "Remove create and get on pods/exec and pods/attach.",
        .refs = {"MITRE ATT&CK T1609"},
        .aliases = {"C-0002"},
    },
    {
        .id = "rbac/create-pods",
        .severity = SEV_MEDIUM,
        .title = "Create pods or workloads",
        .why = "Whoever creates a pod (directly or through a Deployment, Job, ...) can run it "
               "as any service account of the namespace and mount its secrets.",
        .fix = "Limit workload creation to deployment pipelines; enforce Pod Security "
               "admission in the namespace.",
        .refs = {"CIS 5.1.4"},
        .aliases = {"C-0188", "access-to-create-pods"},
    },
    {
        .id = "rbac/node-proxy",
        .severity = SEV_HIGH,
        .title = "Access to nodes/proxy",
        .why = "nodes/proxy reaches the kubelet API, which runs commands in any pod of the "
               "node and bypasses admission and audit.",
        .fix = "Remove access to nodes/proxy.",
        .refs = {"CIS 5.1.10"},
        .aliases = {"C-0279"},
    },
    {
        .id = "rbac/token-create",
        .severity = SEV_HIGH,
        .title = "Create service account tokens",
        .why = "serviceaccounts/token mints a token for any service account in scope, "
               "inheriting its permissions.",
        .fix = "Remove create on serviceaccounts/token.",
        .refs = {"CIS 5.1.13"},
        .aliases = {"C-0282"},
    },
    {
        .id = "rbac/csr-approve",
        .severity = SEV_HIGH,
        .title = "Approve certificate signing requests",
        .why = "Approving CSRs can issue client certificates for any user or group, "
               "system:masters included.",
        .fix = "Remove update and patch on certificatesigningrequests/approval.",
        .refs = {"CIS 5.1.11"},
        .aliases = {"C-0280", "CKV_K8S_156"},
    },
    {
        .id = "rbac/webhook-config",
        .severity = SEV_CRITICAL,
        .title = "Change admission webhook configurations",
        .why = "A mutating webhook sees and rewrites every object sent to the API server; a "
               "validating one can block or leak them; deleting one disables policy.",
        .fix = "Remove write access to mutating and validating webhook configurations.",
        .refs = {"CIS 5.1.12"},
        .aliases = {"C-0281", "CKV_K8S_155"},
    },
    {
        .id = "rbac/persistentvolume-create",
        .severity = SEV_HIGH,
        .title = "Create persistent volumes",
        .why = "A hostPath PersistentVolume mounts any directory of a node into a pod.",
        .fix = "Remove create on persistentvolumes; use dynamic provisioning.",
        .refs = {"CIS 5.1.9"},
        .aliases = {"C-0278"},
    },
    {
        .id = "rbac/ephemeral-containers",
        .severity = SEV_HIGH,
        .title = "Add ephemeral containers",
        .why = "pods/ephemeralcontainers starts a new container, with any image, inside a "
               "running pod: exec without pods/exec.",
        .fix = "Remove update and patch on pods/ephemeralcontainers.",
        .refs = {"MITRE ATT&CK T1609"},
    },
    {
        .id = "rbac/port-forward",
        .severity = SEV_MEDIUM,
        .title = "Port-forward into pods",
        .why = "pods/portforward opens connections to any port of a pod, bypassing network "
               "policy and services.",
        .fix = "Remove create and get on pods/portforward.",
        .aliases = {"C-0063"},
    },
    {
        .id = "rbac/node-status",
        .severity = SEV_MEDIUM,
        .title = "Change node status",
        .why = "Writing nodes/status changes what the scheduler believes about a node, steering "
               "pods (and their secrets) to a node the subject controls.",
        .fix = "Remove update and patch on nodes/status; only kubelets need it.",
    },
    {
        .id = "rbac/unknown-role",
        .severity = SEV_LOW,
        .title = "Binding to a role that does not exist",
        .why = "The binding grants nothing now, and whoever later creates a role of that name "
               "grants it to the binding's subjects.",
        .fix = "Remove the binding or create the role it refers to.",
    },
};

const struct check_family FAMILY_RBAC = {
    .name = "rbac",
    .checks = RBAC_CHECKS,
    .nchecks = sizeof RBAC_CHECKS / sizeof *RBAC_CHECKS,
    .analyzer = &RBAC_ANALYZER,
};
