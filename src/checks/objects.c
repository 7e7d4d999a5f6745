/* objects.c — checks on objects other than workloads' security settings:
 * credentials committed in Secrets and ConfigMaps (families "secret" and
 * "configmap"), workloads placed in the default namespace and Namespaces
 * that enforce no Pod Security level (family "namespace"). */
#include <string.h>

#include "../pss/namespace.h"
#include "check.h"
#include "credential.h"

static bool is_core(const struct k8s_object *o, const char *kind)
{
    return strcmp(o->kind, kind) == 0 && strcmp(o->api_version, "v1") == 0;
}

/* Does a Secret's data or stringData map hold a non-empty value? */
static bool has_value(const struct node *map)
{
    for (size_t i = 0; node_is_map(map) && i < map->n; i++) {
        const char *v = node_text(node_value(map, i));
        if (v && *v && node_value(map, i)->type != NODE_NULL)
            return true;
    }
    return false;
}

static void secret_in_manifest(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_core(o, "Secret"))
        return;
    static const char *const FIELDS[] = {"data", "stringData"};
    for (size_t i = 0; i < 2; i++) {
        const struct node *map = node_get(o->node, FIELDS[i]);
        if (has_value(map)) {
            report(r, map, NULL, FIELDS[i], "Secret carries %u value%s in %s", map->n,
                   map->n == 1 ? "" : "s", FIELDS[i]);
            return;
        }
    }
}

static void configmap_credentials(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_core(o, "ConfigMap"))
        return;
    const struct node *data = node_get(o->node, "data");
    for (size_t i = 0; node_is_map(data) && i < data->n; i++) {
        const char *key = node_key(data, i)->str;
        const struct node *value = node_value(data, i);
        const char *text = node_is_scalar(value) && value->type != NODE_NULL ? node_text(value)
                                                                              : NULL;
        if (!text || !credential_literal(text))
            continue;
        const char *material = credential_material(text, value->len);
        if (material)
            report(r, value, NULL, arena_printf(r->scratch, "data[%s]", key),
                   "ConfigMap key \"%s\" holds %s", key, material);
        else if (credential_name(key) && !memchr(text, '\n', value->len) && text[0] != '{' &&
                 text[0] != '[')
            report(r, value, NULL, arena_printf(r->scratch, "data[%s]", key),
                   "ConfigMap key \"%s\" looks like a credential", key);
    }
}

static void namespace_default(const struct pod_view *pod, struct report_ctx *r)
{
    const struct k8s_object *o = pod->obj;
    if (o->namespace && strcmp(o->namespace, "default") == 0)
        report(r, node_get(o->metadata, "namespace"), NULL, "metadata.namespace",
               "%s runs in the default namespace", o->kind);
}

static const struct check SECRET_CHECKS[] = {
    {
        .id = "secret/in-manifest",
        .severity = SEV_MEDIUM,
        .title = "Secret values committed in a manifest",
        .why = "A Secret with data or stringData in a manifest puts the credential in clear "
               "text (base64 is an encoding) in the repository, its history, its forks and "
               "CI logs. Secrets with only empty values are not reported.",
        .fix = "Keep the manifest without values and deliver them from a secret manager "
               "(External Secrets, Sealed Secrets, SOPS, Vault); rotate any value already "
               "committed.",
        .refs = {"CIS 5.4.2", "NSA-CISA: secrets", "MITRE ATT&CK T1552.001"},
        .object = secret_in_manifest,
    },
};

static const struct check CONFIGMAP_CHECKS[] = {
    {
        .id = "configmap/credentials",
        .severity = SEV_HIGH,
        .title = "Credential in a ConfigMap",
        .why = "ConfigMaps are neither encrypted at rest nor access-restricted like Secrets: "
               "any reader of the namespace's configuration gets the credential. Reports keys "
               "named like credentials with a one-line literal value (a multi-line or JSON "
               "value is configuration, not a password), and values holding credential "
               "material, as workload/secret-in-env describes (private keys, cloud and "
               "service tokens, JSON Web Tokens, connection strings with a password).",
        .fix = "Move the value to a Secret (or a secret manager) and reference it from the "
               "workload.",
        .refs = {"CIS 5.4.1", "NSA-CISA: secrets", "MITRE ATT&CK T1552.007"},
        .aliases = {"KSV-0109", "KSV-01010", "C-0012", "configmap-with-credentials"},
        .object = configmap_credentials,
    },
};

static void no_pss_enforce(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_core(o, "Namespace"))
        return;
    struct pss_namespace_policy p;
    pss_namespace_policy(o, &p);
    const struct pss_mode_policy *e = &p.mode[PSS_ENFORCE];
    const char *label = pss_mode_label(PSS_ENFORCE);
    const char *name = o->name ? o->name : "";
    if (!e->labelled)
        report(r, o->metadata, NULL, "metadata.labels",
               "namespace \"%s\" has no %s label: Pod Security Admission admits any pod "
               "(the cluster default is usually privileged)", name, label);
    else if (!e->invalid && e->level == PSS_LEVEL_PRIVILEGED)
        report(r, node_get(o->labels, label), NULL, "metadata.labels",
               "namespace \"%s\" enforces the privileged Pod Security level: any pod is "
               "admitted", name);
}

static const struct check NAMESPACE_CHECKS[] = {
    {
        .id = "namespace/default",
        .severity = SEV_LOW,
        .title = "Workload in the default namespace",
        .why = "The default namespace is where everything lands by accident; policies, quotas "
               "and RBAC are rarely scoped for it, so workloads there share exposure. Only an "
               "explicit metadata.namespace: default is reported: a manifest without a "
               "namespace takes the one it is applied to.",
        .fix = "Create a namespace per application or team and set metadata.namespace.",
        .refs = {"CIS 5.7.1", "CIS 5.7.4"},
        .aliases = {"KSV-0110", "CKV_K8S_21", "C-0061", "use-namespace"},
        .pod = namespace_default,
    },
    {
        .id = "namespace/no-pss-enforce",
        .severity = SEV_MEDIUM,
        .title = "Namespace does not enforce a Pod Security level",
        .why = "Without pod-security.kubernetes.io/enforce (or with it set to privileged), "
               "Pod Security Admission lets privileged, host-sharing pods into the namespace.",
        .fix = "Label the namespace pod-security.kubernetes.io/enforce=baseline (or restricted) "
               "and pin pod-security.kubernetes.io/enforce-version.",
        .refs = {"PSS: Pod Security Admission", "CIS 5.2.1"},
        .object = no_pss_enforce,
    },
};

const struct check_family FAMILY_SECRET = {
    .name = "secret",
    .checks = SECRET_CHECKS,
    .nchecks = sizeof SECRET_CHECKS / sizeof *SECRET_CHECKS,
};

const struct check_family FAMILY_CONFIGMAP = {
    .name = "configmap",
    .checks = CONFIGMAP_CHECKS,
    .nchecks = sizeof CONFIGMAP_CHECKS / sizeof *CONFIGMAP_CHECKS,
};

const struct check_family FAMILY_NAMESPACE = {
    .name = "namespace",
    .checks = NAMESPACE_CHECKS,
    .nchecks = sizeof NAMESPACE_CHECKS / sizeof *NAMESPACE_CHECKS,
};
