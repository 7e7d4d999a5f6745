/* workload_token.c — service account tokens mounted into pods (family
 * "workload"). Whether a pod gets a token depends on its own
 * automountServiceAccountToken and, when that is unset, on its
 * ServiceAccount's: so pods are decided at the end of the input, once every
 * ServiceAccount has been seen. A ServiceAccount that mounts its token by
 * default is reported on itself too. */
#include <stdlib.h>
#include <string.h>

#include "check.h"

enum token_setting { TOKEN_UNSET = -1, TOKEN_OFF = 0, TOKEN_ON = 1 };

static enum token_setting setting_of(const struct node *v)
{
    return node_is_false(v) ? TOKEN_OFF : node_is_true(v) ? TOKEN_ON : TOKEN_UNSET;
}

/* The ServiceAccount a pod spec names ("default" when none). */
static const char *account_of(const struct node *spec)
{
    const char *name = node_str(node_get(spec, "serviceAccountName"));
    if (!name || !*name)
        name = node_str(node_get(spec, "serviceAccount"));
    return name && *name ? name : "default";
}

struct account {
    const char *ns, *name;
    enum token_setting setting;
};

/* A pod that mounts a token unless its ServiceAccount says otherwise. */
struct pending_pod {
    struct object_ref ref;
    const char *path, *account;
    bool explicit_on;
};

struct token_state {
    struct arena a, scratch;
    struct account *accounts;
    size_t naccounts, cap_accounts;
    struct pending_pod *pods;
    size_t npods, cap_pods;
};

static void *token_begin(const struct scan_config *cfg)
{
    (void)cfg;
    return xcalloc(1, sizeof(struct token_state));
}

static const char *copy(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

static bool is_service_account(const struct k8s_object *o)
{
    return strcmp(o->kind, "ServiceAccount") == 0 && strcmp(o->api_version, "v1") == 0;
}

/* The object's ignore annotation and its pod template's, one per line. */
static const char *ignores_of(struct arena *a, const struct k8s_object *o,
                              const struct pod_view *pv)
{
    const char *own = k8s_annotation(o, "ringwall.io/ignore");
    const char *tpl = pv->meta && pv->meta != o->metadata
                          ? node_str(node_get(node_get(pv->meta, "annotations"),
                                              "ringwall.io/ignore"))
                          : NULL;
    if (own && tpl)
        return arena_printf(a, "%s\n%s", own, tpl);
    return copy(a, own ? own : tpl);
}

static void add_pod(struct token_state *st, const struct k8s_object *o, const struct pod_view *pv)
{
    const struct node *v = node_get(pv->spec, "automountServiceAccountToken");
    enum token_setting pod = setting_of(v);
    if (pod == TOKEN_OFF)
        return;
    const struct node *at = v ? v : pv->spec;
    if (st->npods == st->cap_pods) {
        st->cap_pods = st->cap_pods ? 2 * st->cap_pods : 32;
        st->pods = xrealloc(st->pods, st->cap_pods * sizeof *st->pods);
    }
    st->pods[st->npods++] = (struct pending_pod){
        .ref = {.api_version = copy(&st->a, o->api_version), .kind = copy(&st->a, o->kind),
                .namespace = copy(&st->a, o->namespace), .name = copy(&st->a, o->name),
                .file = copy(&st->a, o->file), .line = at->line, .col = at->col,
                .ignore = ignores_of(&st->a, o, pv)},
        .path = arena_printf(&st->a, "%s.automountServiceAccountToken", pv->spec_path),
        .account = copy(&st->a, account_of(pv->spec)),
        .explicit_on = pod == TOKEN_ON,
    };
}

static void token_add(void *state, const struct k8s_object *o)
{
    struct token_state *st = state;
    if (is_service_account(o)) {
        if (st->naccounts == st->cap_accounts) {
            st->cap_accounts = st->cap_accounts ? 2 * st->cap_accounts : 32;
            st->accounts = xrealloc(st->accounts, st->cap_accounts * sizeof *st->accounts);
        }
        st->accounts[st->naccounts++] = (struct account){
            .ns = copy(&st->a, o->namespace), .name = copy(&st->a, o->name ? o->name : ""),
            .setting = setting_of(node_get(o->node, "automountServiceAccountToken")),
        };
        return;
    }
    struct pod_view pv;
    if (pod_view_init(&pv, o, &st->scratch))
        add_pod(st, o, &pv);
    arena_free(&st->scratch);
}

static bool same_ns(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The first definition of the pod's ServiceAccount in the input, or NULL. */
static const struct account *find_account(const struct token_state *st,
                                          const struct pending_pod *p)
{
    for (size_t i = 0; i < st->naccounts; i++)
        if (same_ns(st->accounts[i].ns, p->ref.namespace) &&
            strcmp(st->accounts[i].name, p->account) == 0)
            return &st->accounts[i];
    return NULL;
}

static void token_end(void *state, struct report_ctx *r)
{
    struct token_state *st = state;
    const char *id = "workload/sa-token-automount";
    for (size_t i = 0; i < st->npods; i++) {
        struct pending_pod *p = &st->pods[i];
        if (p->explicit_on) {
            p->ref.lower = true; /* a choice, not an oversight: info */
            report_ref(r, id, &p->ref, NULL, p->path,
                       "pod mounts its service account token, as automountServiceAccountToken: "
                       "true asks");
            continue;
        }
        const struct account *sa = find_account(st, p);
        if (sa && sa->setting == TOKEN_OFF)
            continue;
        if (sa && sa->setting == TOKEN_ON)
            report_ref(r, id, &p->ref, NULL, p->path,
                       "pod mounts a service account token, as its ServiceAccount \"%s\" asks: "
                       "set automountServiceAccountToken: false in the pod unless it calls the "
                       "API", p->account);
        else
            report_ref(r, id, &p->ref, NULL, p->path,
                       "pod mounts a service account token: set automountServiceAccountToken: "
                       "false unless it calls the API");
    }
}

static void token_destroy(void *state)
{
    struct token_state *st = state;
    arena_free(&st->a);
    arena_free(&st->scratch);
    free(st->accounts);
    free(st->pods);
    free(st);
}

/* every copy: each repeated pod is reported as the per-object checks do; a
 * repeated ServiceAccount's first definition is the one looked up */
static const struct analyzer TOKEN_ANALYZER = {
    .every_copy = true, .begin = token_begin, .add = token_add, .end = token_end, .destroy = token_destroy,
};

static void account_automount(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_service_account(o))
        return;
    const struct node *v = node_get(o->node, "automountServiceAccountToken");
    enum token_setting s = setting_of(v);
    if (s == TOKEN_OFF)
        return;
    if (s == TOKEN_ON)
        report_at_severity(r, SEV_INFO, v, NULL, "automountServiceAccountToken",
                           "ServiceAccount mounts its token into every pod that does not opt "
                           "out, as automountServiceAccountToken: true asks");
    else
        report(r, NULL, NULL, "automountServiceAccountToken",
               "ServiceAccount mounts its token into every pod that does not opt out: set "
               "automountServiceAccountToken: false and let the pods that call the API ask");
}

static const struct check WORKLOAD_TOKEN_CHECKS[] = {
    {
        .id = "workload/sa-token-automount",
        .severity = SEV_LOW,
        .title = "Service account token mounted",
        .why = "Unless automountServiceAccountToken is false, every container gets an API "
               "token: whoever compromises the pod acts with its service account's rights. "
               "When the pod spec leaves the field unset, its ServiceAccount decides: a "
               "ServiceAccount in the input (same namespace and name) with "
               "automountServiceAccountToken: false means no token, and nothing is reported. "
               "The finding is low when the token comes by default and info when the pod "
               "spec sets the field to true (the token was asked for; what it may do is "
               "judged by the rbac checks).",
        .fix = "Set spec.automountServiceAccountToken: false in pods that do not call the "
               "Kubernetes API, or on their ServiceAccount.",
        .refs = {"CIS 5.1.6", "NSA-CISA: service account tokens", "MITRE ATT&CK T1528"},
        .aliases = {"KSV-0036", "CKV_K8S_38", "C-0034", "automount-service-account-token",
                    "C-0190"},
    },
    {
        .id = "workload/serviceaccount-token-automount",
        .severity = SEV_LOW,
        .title = "ServiceAccount mounts its token by default",
        .why = "A ServiceAccount whose automountServiceAccountToken is unset or true gives "
               "its API token to every pod that runs as it and does not opt out, including "
               "pods that never call the API. Info when the field is set to true (a choice).",
        .fix = "Set automountServiceAccountToken: false on the ServiceAccount and true only in "
               "the pods that call the API.",
        .refs = {"CIS 5.1.6", "NSA-CISA: service account tokens", "MITRE ATT&CK T1528"},
        .aliases = {"C-0034", "C-0190"},
        .object = account_automount,
    },
};

const struct check_family FAMILY_WORKLOAD_TOKEN = {
    .name = "workload",
    .checks = WORKLOAD_TOKEN_CHECKS,
    .nchecks = sizeof WORKLOAD_TOKEN_CHECKS / sizeof *WORKLOAD_TOKEN_CHECKS,
    .analyzer = &TOKEN_ANALYZER,
};
