/* deprecated_api.c — apiVersions Kubernetes deprecated or stopped serving
 * (family "api"), from the Kubernetes deprecated API migration guide. Each
 * row gives the release that deprecated the version of a kind, the release
 * that removed it (0: still served) and what to use instead. Without
 * `scan --target-version`, every removed version is reported as removed and
 * every deprecated one as deprecated; with it, what is removed at or before
 * the target is removed, what is deprecated at or before it is deprecated,
 * and the rest is silent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "deprecated_api.h"

struct api_row {
    const char *api_version;
    const char *kind;        /* NULL: every kind of that version */
    unsigned deprecated;     /* minor release of 1.x */
    unsigned removed;        /* 0: still served */
    const char *replacement;
};

static const struct api_row API_ROWS[] = {
    {"extensions/v1beta1", "Deployment", 9, 16, "apps/v1"},
    {"extensions/v1beta1", "DaemonSet", 9, 16, "apps/v1"},
    {"extensions/v1beta1", "ReplicaSet", 9, 16, "apps/v1"},
    {"extensions/v1beta1", "NetworkPolicy", 9, 16, "networking.k8s.io/v1"},
    {"extensions/v1beta1", "PodSecurityPolicy", 10, 16,
     "Pod Security Admission (policy/v1beta1 until v1.25)"},
    {"extensions/v1beta1", "Ingress", 14, 22, "networking.k8s.io/v1"},
    {"apps/v1beta1", NULL, 9, 16, "apps/v1"},
    {"apps/v1beta2", NULL, 9, 16, "apps/v1"},
    {"policy/v1beta1", "PodSecurityPolicy", 21, 25,
     "Pod Security Admission (namespace labels) or a policy engine"},
    {"policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"},
    {"batch/v2alpha1", "CronJob", 8, 21, "batch/v1"},
    {"batch/v1beta1", "CronJob", 21, 25, "batch/v1"},
    {"networking.k8s.io/v1beta1", "Ingress", 19, 22, "networking.k8s.io/v1"},
    {"networking.k8s.io/v1beta1", "IngressClass", 19, 22, "networking.k8s.io/v1"},
    {"rbac.authorization.k8s.io/v1alpha1", NULL, 17, 22, "rbac.authorization.k8s.io/v1"},
    {"rbac.authorization.k8s.io/v1beta1", NULL, 17, 22, "rbac.authorization.k8s.io/v1"},
    {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", 16, 22,
     "admissionregistration.k8s.io/v1"},
    {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", 16, 22,
     "admissionregistration.k8s.io/v1"},
    {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", 16, 22,
     "apiextensions.k8s.io/v1"},
    {"apiregistration.k8s.io/v1beta1", "APIService", 19, 22, "apiregistration.k8s.io/v1"},
    {"authentication.k8s.io/v1beta1", "TokenReview", 19, 22, "authentication.k8s.io/v1"},
    {"authorization.k8s.io/v1beta1", NULL, 19, 22, "authorization.k8s.io/v1"},
    {"certificates.k8s.io/v1beta1", "CertificateSigningRequest", 19, 22,
     "certificates.k8s.io/v1"},
    {"coordination.k8s.io/v1beta1", "Lease", 19, 22, "coordination.k8s.io/v1"},
    {"scheduling.k8s.io/v1beta1", "PriorityClass", 14, 22, "scheduling.k8s.io/v1"},
    {"storage.k8s.io/v1beta1", "CSIDriver", 19, 22, "storage.k8s.io/v1"},
    {"storage.k8s.io/v1beta1", "CSINode", 17, 22, "storage.k8s.io/v1"},
    {"storage.k8s.io/v1beta1", "StorageClass", 19, 22, "storage.k8s.io/v1"},
    {"storage.k8s.io/v1beta1", "VolumeAttachment", 19, 22, "storage.k8s.io/v1"},
    {"storage.k8s.io/v1beta1", "CSIStorageCapacity", 24, 27, "storage.k8s.io/v1"},
    {"autoscaling/v2beta1", "HorizontalPodAutoscaler", 22, 25, "autoscaling/v2"},
    {"autoscaling/v2beta2", "HorizontalPodAutoscaler", 23, 26, "autoscaling/v2"},
    {"discovery.k8s.io/v1beta1", "EndpointSlice", 21, 25, "discovery.k8s.io/v1"},
    {"events.k8s.io/v1beta1", "Event", 19, 25, "events.k8s.io/v1"},
    {"node.k8s.io/v1beta1", "RuntimeClass", 20, 25, "node.k8s.io/v1"},
    {"flowcontrol.apiserver.k8s.io/v1beta1", NULL, 23, 26, "flowcontrol.apiserver.k8s.io/v1"},
    {"flowcontrol.apiserver.k8s.io/v1beta2", NULL, 26, 29, "flowcontrol.apiserver.k8s.io/v1"},
    {"flowcontrol.apiserver.k8s.io/v1beta3", NULL, 29, 32, "flowcontrol.apiserver.k8s.io/v1"},
    {"v1", "ComponentStatus", 19, 0, "the components' own health endpoints"},
    {"v1", "Endpoints", 33, 0, "discovery.k8s.io/v1 EndpointSlice"},
};

enum { NROWS = sizeof API_ROWS / sizeof *API_ROWS };

static const struct api_row *api_row(const struct k8s_object *o)
{
    for (size_t i = 0; i < NROWS; i++) /* the first byte before a call: most differ there */
        if (API_ROWS[i].api_version[0] == o->api_version[0] &&
            strcmp(API_ROWS[i].api_version, o->api_version) == 0 &&
            (!API_ROWS[i].kind || strcmp(API_ROWS[i].kind, o->kind) == 0))
            return &API_ROWS[i];
    return NULL;
}

bool api_target_parse(const char *s, unsigned *minor)
{
    if (*s == 'v')
        s++;
    char *end;
    if (strncmp(s, "1.", 2) != 0)
        return false;
    unsigned long m = strtoul(s + 2, &end, 10);
    if (end == s + 2 || (*end && *end != '.') || m == 0 || m > 999)
        return false;
    *minor = (unsigned)m;
    return true;
}

static const struct node *api_version_at(const struct k8s_object *o)
{
    return node_get(o->node, "apiVersion");
}

static void removed(const struct k8s_object *o, struct report_ctx *r)
{
    const struct api_row *row = api_row(o);
    unsigned target = r->cfg ? r->cfg->target_minor : 0;
    if (!row || !row->removed || (target && row->removed > target))
        return;
    report(r, api_version_at(o), NULL, "apiVersion",
           "%s %s is no longer served since Kubernetes v1.%u (deprecated in v1.%u): use %s",
           o->api_version, o->kind, row->removed, row->deprecated, row->replacement);
}

static void deprecated(const struct k8s_object *o, struct report_ctx *r)
{
    const struct api_row *row = api_row(o);
    unsigned target = r->cfg ? r->cfg->target_minor : 0;
    if (!row || (target && row->deprecated > target) ||
        (row->removed && (!target || row->removed <= target)))
        return;
    char until[64] = "";
    if (row->removed)
        snprintf(until, sizeof until, ", and removed in v1.%u", row->removed);
    report(r, api_version_at(o), NULL, "apiVersion", "%s %s is deprecated since Kubernetes v1.%u%s: use %s",
           o->api_version, o->kind, row->deprecated, until, row->replacement);
}

/* The API groups Kubernetes itself serves: core, the unqualified ones
 * (apps, batch, ...) and *.k8s.io. */
static bool builtin_group(const char *api_version)
{
    const char *slash = strchr(api_version, '/');
    if (!slash)
        return true;
    size_t n = (size_t)(slash - api_version);
    return !memchr(api_version, '.', n) ||
           (n > 7 && memcmp(api_version + n - 7, ".k8s.io", 7) == 0);
}

static void alpha(const struct k8s_object *o, struct report_ctx *r)
{
    const char *slash = strrchr(o->api_version, '/');
    const char *version = slash ? slash + 1 : o->api_version;
    if (builtin_group(o->api_version) && strstr(version, "alpha") && !api_row(o))
        report(r, api_version_at(o), NULL, "apiVersion",
               "%s %s is an alpha API: it is off unless the cluster enables it (feature gate and "
               "--runtime-config), and may change or go away in any release",
               o->api_version, o->kind);
}

static const struct check API_CHECKS[] = {
    {
        .id = "api/removed",
        .severity = SEV_HIGH,
        .title = "apiVersion no longer served",
        .why = "The API server stopped serving this apiVersion of the kind: applying the "
               "manifest fails, and a chart using it cannot be installed or upgraded. With "
               "--target-version, only versions removed at or before that release are "
               "reported. The table follows the Kubernetes deprecated API migration guide "
               "(extensions/v1beta1, apps/v1beta1 and v1beta2, policy/v1beta1, batch/v2alpha1 "
               "and v1beta1, the v1beta1 groups removed in v1.22, autoscaling v2beta1 and "
               "v2beta2, flowcontrol v1beta1 to v1beta3, ...).",
        .fix = "Move the manifest to the replacement apiVersion the message names "
               "(`kubectl convert` helps) and review the fields that changed.",
        .refs = {"Kubernetes docs: Deprecated API Migration Guide",
                 "Kubernetes Deprecation Policy"},
        .aliases = {"no-extensions-v1beta"},
        .object = removed,
    },
    {
        .id = "api/deprecated",
        .severity = SEV_LOW,
        .title = "Deprecated apiVersion",
        .why = "This apiVersion of the kind is deprecated: it will stop being served (the "
               "message says when, if that is decided) and the manifest will then fail to "
               "apply. With --target-version, versions deprecated after that release are not "
               "reported, and those removed after it are reported here.",
        .fix = "Move the manifest to the replacement apiVersion before upgrading the cluster.",
        .refs = {"Kubernetes docs: Deprecated API Migration Guide",
                 "Kubernetes Deprecation Policy"},
        .aliases = {"stable-version"},
        .object = deprecated,
    },
    {
        .id = "api/alpha",
        .severity = SEV_LOW,
        .title = "Alpha apiVersion of a built-in API",
        .why = "Alpha versions of Kubernetes' own API groups (core, apps, *.k8s.io, ...) are "
               "disabled by default and carry no compatibility promise: the manifest fails on "
               "clusters that do not enable them and may break on the next upgrade. Custom "
               "resources' alpha versions are their projects' business and are not reported.",
        .fix = "Use the beta or stable version of the API, or document the feature gates the "
               "manifest needs.",
        .refs = {"Kubernetes Deprecation Policy", "Kubernetes docs: API versioning"},
        .object = alpha,
    },
};

const struct check_family FAMILY_API = {
    .name = "api",
    .checks = API_CHECKS,
    .nchecks = sizeof API_CHECKS / sizeof *API_CHECKS,
};
