/* workload_runtime.c — what a pod runs as and with (family "workload"):
 * service account identity and token, resource limits, credentials written
 * into the environment. */
#include <string.h>

#include "check.h"
#include "credential.h"
#include "workload.h"

static void sa_token_automount(const struct pod_view *pod, struct report_ctx *r)
{
    const struct node *v = node_get(pod->spec, "automountServiceAccountToken");
    if (node_is_false(v))
        return;
    const char *path = arena_printf(r->scratch, "%s.automountServiceAccountToken", pod->spec_path);
    if (node_is_true(v)) {
        report_at_severity(r, SEV_INFO, v, NULL, path,
                           "pod mounts its service account token, as automountServiceAccountToken: "
                           "true asks");
        return;
    }
    report(r, v ? v : pod->spec, NULL, path,
           "pod mounts a service account token: set automountServiceAccountToken: false unless "
           "it calls the API");
}

static void default_service_account(const struct pod_view *pod, struct report_ctx *r)
{
    const char *field = "serviceAccountName";
    const struct node *v = node_get(pod->spec, field);
    if (!node_str(v) || !*node_str(v)) {
        const struct node *legacy = node_get(pod->spec, "serviceAccount");
        if (node_str(legacy) && *node_str(legacy)) {
            field = "serviceAccount";
            v = legacy;
        }
    }
    const char *name = node_str(v);
    if (name && *name && strcmp(name, "default") != 0)
        return;
    report(r, name ? v : pod->spec, NULL, arena_printf(r->scratch, "%s.%s", pod->spec_path, field),
           "pod runs as the namespace's default service account");
}

static void no_resource_limits(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (c->kind == CONTAINER_EPHEMERAL) /* the API forbids resources there */
            continue;
        const struct node *resources = node_get(c->node, "resources");
        const struct node *limits = node_get(resources, "limits");
        bool cpu = node_get(limits, "cpu") != NULL;
        bool memory = node_get(limits, "memory") != NULL;
        if (cpu && memory)
            continue;
        report(r, limits ? limits : resources ? resources : c->node, c->name,
               arena_printf(r->scratch, "%s.resources.limits", c->path),
               "%s \"%s\" has no %s limit", container_kind_name(c->kind), c->name,
               !cpu && !memory ? "cpu or memory" : !cpu ? "cpu" : "memory");
    }
}

static void secret_in_env(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *env = node_get(c->node, "env");
        for (size_t k = 0; k < node_len(env); k++) {
            const struct node *var = node_at(env, k);
            const char *name = node_str(node_get(var, "name"));
            const struct node *value = node_get(var, "value");
            const char *text = node_is_scalar(value) && value->type != NODE_NULL
                                   ? node_text(value) : NULL;
            if (!name || !text || !credential_literal(text))
                continue;
            const char *material = credential_material(text, value->len);
            if (credential_name(name) || material)
                report(r, value, c->name, arena_printf(r->scratch, "%s.env[%zu].value", c->path, k),
                       "%s \"%s\" sets %s to %s", container_kind_name(c->kind), c->name, name,
                       material ? material : "a literal credential");
        }
    }
}

static const struct check WORKLOAD_RUNTIME_CHECKS[] = {
    {
        .id = "workload/sa-token-automount",
        .severity = SEV_LOW,
        .title = "Service account token mounted",
        .why = "Unless automountServiceAccountToken is false, every container gets an API "
               "token: whoever compromises the pod acts with its service account's rights. "
               "Only the pod spec is read; a ServiceAccount's own setting is not looked up. "
               "The finding is low when the pod spec leaves the field unset (the token comes "
               "by default) and info when it sets it to true (the token was asked for; what "
               "it may do is judged by the rbac checks).",
        .fix = "Set spec.automountServiceAccountToken: false in pods that do not call the "
               "Kubernetes API.",
        .refs = {"CIS 5.1.6", "NSA-CISA: service account tokens", "MITRE ATT&CK T1528"},
        .aliases = {"KSV-0036", "CKV_K8S_38", "C-0034", "automount-service-account-token"},
        .pod = sa_token_automount,
    },
    {
        .id = "workload/default-service-account",
        .severity = SEV_LOW,
        .title = "Default service account used",
        .why = "Every pod of a namespace without its own service account shares the default "
               "one, so a permission granted for one workload reaches them all.",
        .fix = "Create a service account per workload and set spec.serviceAccountName.",
        .refs = {"CIS 5.1.5", "NSA-CISA: least privilege"},
        .aliases = {"default-service-account"},
        .pod = default_service_account,
    },
    {
        .id = "workload/no-resource-limits",
        .severity = SEV_LOW,
        .title = "No cpu or memory limit",
        .why = "A container without limits can starve its neighbours on the node: a "
               "compromised or runaway pod becomes a denial of service. Ephemeral containers "
               "cannot set resources and are skipped.",
        .fix = "Set resources.limits.cpu and resources.limits.memory on every container.",
        .refs = {"NSA-CISA: resource policies", "MITRE ATT&CK T1496"},
        .aliases = {"KSV-0011", "KSV-0018", "CKV_K8S_11", "CKV_K8S_13", "C-0009",
                    "unset-cpu-requirements", "unset-memory-requirements"},
        .pod = no_resource_limits,
    },
    {
        .id = "workload/secret-in-env",
        .severity = SEV_HIGH,
        .title = "Credential in an environment variable",
        .why = "A literal value of a variable named like a credential (PASSWORD, SECRET, "
               "TOKEN, API_KEY, PRIVATE_KEY, ...) or holding key material sits in clear text in "
               "the manifest, its repository, the API server and every `kubectl get`. "
               "valueFrom references and $(VAR) expansions are not reported.",
        .fix = "Move the value to a Secret and reference it with valueFrom.secretKeyRef, or "
               "mount the Secret as a file.",
        .refs = {"CIS 5.4.1", "NSA-CISA: secrets", "MITRE ATT&CK T1552.007"},
        .aliases = {"env-var-secret"},
        .pod = secret_in_env,
    },
};

const struct check_family FAMILY_WORKLOAD_RUNTIME = {
    .name = "workload",
    .checks = WORKLOAD_RUNTIME_CHECKS,
    .nchecks = sizeof WORKLOAD_RUNTIME_CHECKS / sizeof *WORKLOAD_RUNTIME_CHECKS,
};
