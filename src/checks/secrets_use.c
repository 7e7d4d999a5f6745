/* secrets_use.c — how Secrets are consumed and made (family "secret", with
 * objects.c): Secrets read into environment variables, and service account
 * token Secrets created by hand. */
#include <string.h>

#include "check.h"

static void secret_as_env(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *env = node_get(c->node, "env"), *first = NULL;
        const char *path = NULL, *secret = NULL;
        size_t count = 0;
        for (size_t k = 0; k < node_len(env); k++) {
            const struct node *ref = node_path(node_at(env, k), "valueFrom.secretKeyRef");
            if (!ref)
                continue;
            if (!count++) {
                first = ref;
                secret = node_str(node_get(ref, "name"));
                path = arena_printf(r->scratch, "%s.env[%zu].valueFrom.secretKeyRef", c->path, k);
            }
        }
        const struct node *env_from = node_get(c->node, "envFrom");
        for (size_t k = 0; k < node_len(env_from); k++) {
            const struct node *ref = node_get(node_at(env_from, k), "secretRef");
            if (!ref)
                continue;
            if (!count++) {
                first = ref;
                secret = node_str(node_get(ref, "name"));
                path = arena_printf(r->scratch, "%s.envFrom[%zu].secretRef", c->path, k);
            }
        }
        if (count)
            report(r, first, c->name, path,
                   "%s \"%s\" reads Secret%s into %zu environment source%s (first: \"%s\"): "
                   "environment variables leak into logs, crash dumps and child processes",
                   container_kind_name(c->kind), c->name, count == 1 ? "" : "s", count,
                   count == 1 ? "" : "s", secret ? secret : "");
    }
}

static void sa_token_by_hand(const struct k8s_object *o, struct report_ctx *r)
{
    const struct node *type = node_get(o->node, "type");
    if (strcmp(o->kind, "Secret") != 0 || strcmp(o->api_version, "v1") != 0 ||
        !node_str_eq(type, "kubernetes.io/service-account-token"))
        return;
    const char *sa = k8s_annotation(o, "kubernetes.io/service-account.name");
    report(r, type, NULL, "type",
           "Secret asks for a long-lived token of service account \"%s\": it never expires and "
           "survives the pods that use it", sa ? sa : "");
}

static const struct check SECRET_USE_CHECKS[] = {
    {
        .id = "secret/as-env",
        .severity = SEV_LOW,
        .title = "Secret consumed as environment variables",
        .why = "Values read from Secrets into environment variables are inherited by child "
               "processes, printed by debugging tools and crash reporters, and cannot be "
               "rotated without a restart; mounted files can. One finding per container.",
        .fix = "Mount the Secret as a volume and read the file; keep the volume readOnly.",
        .refs = {"CIS 5.4.1"},
        .aliases = {"CKV_K8S_35", "C-0207", "read-secret-from-env-var"},
        .pod = secret_as_env,
    },
    {
        .id = "secret/sa-token-by-hand",
        .severity = SEV_MEDIUM,
        .title = "Service account token Secret created by hand",
        .why = "A Secret of type kubernetes.io/service-account-token makes the control plane "
               "fill in a token that never expires and is not bound to a pod: stolen once, it "
               "works until the Secret is deleted. Since v1.24 pods get short-lived projected "
               "tokens instead.",
        .fix = "Delete the Secret; use projected service account tokens (the default), or "
               "`kubectl create token` / the TokenRequest API for a bounded token.",
        .refs = {"Kubernetes docs: Service account tokens (long-lived API tokens)",
                 "MITRE ATT&CK T1528"},
        .object = sa_token_by_hand,
    },
};

const struct check_family FAMILY_SECRET_USE = {
    .name = "secret",
    .checks = SECRET_USE_CHECKS,
    .nchecks = sizeof SECRET_USE_CHECKS / sizeof *SECRET_USE_CHECKS,
};
