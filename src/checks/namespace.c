/* namespace.c — checks of Namespace objects (family "namespace"). */
#include <string.h>

#include "../pss/namespace.h"
#include "check.h"

static bool is_namespace(const struct k8s_object *o)
{
    return o->kind && strcmp(o->kind, "Namespace") == 0 && o->api_version &&
           strcmp(o->api_version, "v1") == 0;
}

static void no_pss_enforce(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_namespace(o))
        return;
    struct pss_namespace_policy p;
    pss_namespace_policy(o, &p);
    const struct pss_mode_policy *e = &p.mode[PSS_ENFORCE];
    const char *label = pss_mode_label(PSS_ENFORCE);
    const struct node *at = node_get(o->labels, label);
    const char *path = "metadata.labels";
    if (!e->labelled)
        report(r, o->metadata, NULL, path,
               "namespace \"%s\" has no %s label: Pod Security Admission admits any pod "
               "(the cluster default is usually privileged)", o->name ? o->name : "", label);
    else if (!e->invalid && e->level == PSS_LEVEL_PRIVILEGED)
        report(r, at, NULL, path,
               "namespace \"%s\" enforces the privileged Pod Security level: any pod is "
               "admitted", o->name ? o->name : "");
}

static const struct check NAMESPACE_CHECKS[] = {
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

const struct check_family FAMILY_NAMESPACE = {
    .name = "namespace",
    .checks = NAMESPACE_CHECKS,
    .nchecks = sizeof NAMESPACE_CHECKS / sizeof *NAMESPACE_CHECKS,
};
