/* workload_runtime.c — what a pod runs as and with (family "workload"):
 * service account identity, resource limits, credentials written into the
 * environment. Service account tokens: workload_token.c. */
#include <string.h>

#include "check.h"
#include "credential.h"
#include "workload.h"

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
                    "unset-cpu-requirements", "unset-memory-requirements", "C-0270", "C-0271"},
        .pod = no_resource_limits,
    },
    {
        .id = "workload/secret-in-env",
        .severity = SEV_HIGH,
        .title = "Credential in an environment variable",
        .why = "A literal value of a variable named like a credential (PASSWORD, *_PWD, "
               "SECRET, TOKEN, API_KEY, PRIVATE_KEY, ENCRYPTION_KEY, SIGNING_KEY, MASTER_KEY, "
               "SSH_KEY, *_ACCOUNT_KEY, AZURE_*_KEY, OCI_*_KEY_CONTENT, ...; not PWD, the "
               "working directory) or holding credential material (a PEM private key, with or "
               "without its dashes; AWS access keys and secret keys; GitHub, GitLab, Slack and "
               "Stripe tokens; JSON Web Tokens; a connection string or URL with a password) "
               "sits in clear text in the manifest, its repository, the API server and every "
               "`kubectl get`. valueFrom references, $(VAR) expansions and ${VAR} "
               "placeholders are not reported.",
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
