/* rbac.c — risky RBAC grants as findings (family "rbac"). The analyzer
 * builds the RBAC model from every object of the input (src/rbac), then
 * reports each risky (binding, subject) pair on the binding. Grants held by
 * control-plane components (system: users and groups, subjects of the
 * default bootstrap bindings) are reported suppressed with a reason, so they
 * are shown but never fail a scan. */
#include "rbac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rbac/risk.h"
#include "catalog.h"
#include "check.h"
#include "config.h"

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
    bool subsume; /* rbac/wildcard is enabled: report full wildcards alone */
};

static void *analyzer_begin(const struct scan_config *cfg)
{
    struct rbac_state *st = xmalloc(sizeof *st);
    rbac_model_init(&st->m);
    st->subsume = !cfg || config_enabled(cfg, catalog_find("rbac/wildcard"));
    return st;
}

static void analyzer_add(void *state, const struct k8s_object *o)
{
    struct rbac_state *st = state;
    rbac_model_add(&st->m, o);
}

static void report_hit(const struct rbac_risk_hit *h, void *ctx)
{
    struct report_ctx *r = ctx;
    const struct rbac_binding *b = h->binding;
    const struct rbac_subject *s = h->subject;
    char who[512], via[512], scope[300], rule[600], path[32] = "roleRef";
    struct object_ref ref = {
        .api_version = "rbac.authorization.k8s.io/v1",
        .kind = b->cluster ? "ClusterRoleBinding" : "RoleBinding",
        .namespace = b->namespace, .name = b->name, .file = b->file,
        .line = s ? s->line : b->line, .col = s ? s->col : b->col, .ignore = b->ignore,
        .exempt = h->component ? "system component (control plane); shown, not failing" : NULL,
        .floor = strcmp(h->id, "rbac/cluster-admin-binding") == 0 && h->broad ? SEV_CRITICAL
                                                                               : SEV_INFO,
    };
    if (!s) {
        report_ref(r, h->id, &ref, NULL, path, "%s refers to %s %s, which is not defined",
                   rbac_binding_label(b, via, sizeof via), b->role_cluster ? "ClusterRole" : "Role",
                   b->role_name);
        return;
    }
    snprintf(path, sizeof path, "subjects[%u]", s->index);
    rbac_subject_label(s, who, sizeof who);
    rbac_binding_label(b, via, sizeof via);
    rbac_scope_label(b, scope, sizeof scope);
    if (h->rule)
        report_ref(r, h->id, &ref, NULL, path, "%s %s %s through %s (%s)", who, h->what, scope,
                   via, rbac_rule_label(h->rule, rule, sizeof rule));
    else
        report_ref(r, h->id, &ref, NULL, path, "%s %s %s through %s", who, h->what, scope, via);
}

static void analyzer_end(void *state, struct report_ctx *r)
{
    struct rbac_state *st = state;
    if (st->m.nbindings == 0)
        return; /* nothing granted: no need for the default roles */
    rbac_checks_load_bootstrap(&st->m);
    rbac_risks(&st->m, st->subsume, report_hit, r);
}

static void analyzer_destroy(void *state)
{
    struct rbac_state *st = state;
    rbac_model_free(&st->m);
    free(st);
}

static const struct analyzer RBAC_ANALYZER = {
    .begin = analyzer_begin, .add = analyzer_add, .end = analyzer_end,
    .destroy = analyzer_destroy,
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
        .aliases = {"C-0187", "C-0035"},
    },
    {
        .id = "rbac/cluster-admin-binding",
        .severity = SEV_HIGH,
        .title = "Binding to cluster-admin",
        .why = "cluster-admin can do anything anywhere; bound to a service account or a broad "
               "group (critical) it is one stolen token away from cluster takeover.",
        .fix = "Bind a role with only the permissions needed, or a namespaced RoleBinding.",
        .refs = {"CIS 5.1.1"},
        .aliases = {"C-0185"},
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
        .aliases = {"C-0191", "C-0065"},
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
        .aliases = {"C-0015", "C-0186"},
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
        .aliases = {"C-0188"},
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
        .aliases = {"C-0280"},
    },
    {
        .id = "rbac/webhook-config",
        .severity = SEV_CRITICAL,
        .title = "Change admission webhook configurations",
        .why = "A mutating webhook sees and rewrites every object sent to the API server; a "
               "validating one can block or leak them; deleting one disables policy.",
        .fix = "Remove write access to mutating and validating webhook configurations.",
        .refs = {"CIS 5.1.12"},
        .aliases = {"C-0281"},
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
