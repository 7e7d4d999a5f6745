/* namespace.c — Pod Security Admission namespace labels (namespace.h). */
#include "namespace.h"

#include <stdio.h>

static const char *const MODES[PSS_NMODES] = {"enforce", "warn", "audit"};
static const char *const LEVEL_LABELS[PSS_NMODES] = {
    "pod-security.kubernetes.io/enforce", "pod-security.kubernetes.io/warn",
    "pod-security.kubernetes.io/audit"};
static const char *const VERSION_LABELS[PSS_NMODES] = {
    "pod-security.kubernetes.io/enforce-version", "pod-security.kubernetes.io/warn-version",
    "pod-security.kubernetes.io/audit-version"};

const char *pss_mode_name(enum pss_mode m)
{
    return MODES[m];
}

const char *pss_mode_label(enum pss_mode m)
{
    return LEVEL_LABELS[m];
}

void pss_namespace_policy(const struct k8s_object *ns, struct pss_namespace_policy *out)
{
    for (int m = 0; m < PSS_NMODES; m++) {
        struct pss_mode_policy *p = &out->mode[m];
        *p = (struct pss_mode_policy){.level = PSS_LEVEL_PRIVILEGED, .version = {.latest = true}};
        const struct node *level = node_get(ns->labels, LEVEL_LABELS[m]);
        const struct node *version = node_get(ns->labels, VERSION_LABELS[m]);
        p->labelled = level != NULL;
        p->version_labelled = version != NULL;
        if (level && !(node_is_scalar(level) && pss_level_parse(node_text(level), &p->level))) {
            /* enforce fails closed, warn and audit fail open */
            p->invalid = true;
            p->level = m == PSS_ENFORCE ? PSS_LEVEL_RESTRICTED : PSS_LEVEL_PRIVILEGED;
        }
        if (version &&
            !(node_is_scalar(version) && pss_version_parse(node_text(version), &p->version))) {
            p->invalid = true;
            p->version = (struct pss_version){.latest = true};
        }
    }
}
