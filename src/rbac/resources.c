/* resources.c — the built-in resource table (resources.h). */
#include "resources.h"

#include <string.h>

static const struct api_resource RESOURCES[] = {
    {"bindings", "", true},
    {"configmaps", "", true},
    {"endpoints", "", true},
    {"events", "", true},
    {"limitranges", "", true},
    {"namespaces", "", false},
    {"nodes", "", false},
    {"persistentvolumeclaims", "", true},
    {"persistentvolumes", "", false},
    {"pods", "", true},
    {"podtemplates", "", true},
    {"replicationcontrollers", "", true},
    {"resourcequotas", "", true},
    {"secrets", "", true},
    {"serviceaccounts", "", true},
    {"services", "", true},
    {"componentstatuses", "", false},
    {"mutatingwebhookconfigurations", "admissionregistration.k8s.io", false},
    {"validatingwebhookconfigurations", "admissionregistration.k8s.io", false},
    {"validatingadmissionpolicies", "admissionregistration.k8s.io", false},
    {"validatingadmissionpolicybindings", "admissionregistration.k8s.io", false},
    {"customresourcedefinitions", "apiextensions.k8s.io", false},
    {"apiservices", "apiregistration.k8s.io", false},
    {"controllerrevisions", "apps", true},
    {"daemonsets", "apps", true},
    {"deployments", "apps", true},
    {"replicasets", "apps", true},
    {"statefulsets", "apps", true},
    {"tokenreviews", "authentication.k8s.io", false},
    {"selfsubjectreviews", "authentication.k8s.io", false},
    {"localsubjectaccessreviews", "authorization.k8s.io", true},
    {"selfsubjectaccessreviews", "authorization.k8s.io", false},
    {"selfsubjectrulesreviews", "authorization.k8s.io", false},
    {"subjectaccessreviews", "authorization.k8s.io", false},
    {"horizontalpodautoscalers", "autoscaling", true},
    {"cronjobs", "batch", true},
    {"jobs", "batch", true},
    {"certificatesigningrequests", "certificates.k8s.io", false},
    {"leases", "coordination.k8s.io", true},
    {"endpointslices", "discovery.k8s.io", true},
    {"ingressclasses", "networking.k8s.io", false},
    {"ingresses", "networking.k8s.io", true},
    {"networkpolicies", "networking.k8s.io", true},
    {"runtimeclasses", "node.k8s.io", false},
    {"poddisruptionbudgets", "policy", true},
    {"clusterrolebindings", "rbac.authorization.k8s.io", false},
    {"clusterroles", "rbac.authorization.k8s.io", false},
    {"rolebindings", "rbac.authorization.k8s.io", true},
    {"roles", "rbac.authorization.k8s.io", true},
    {"priorityclasses", "scheduling.k8s.io", false},
    {"csidrivers", "storage.k8s.io", false},
    {"csinodes", "storage.k8s.io", false},
    {"storageclasses", "storage.k8s.io", false},
    {"volumeattachments", "storage.k8s.io", false},
    {"signers", "certificates.k8s.io", false},
    {"users", "", false},
    {"groups", "", false},
    {"uids", "authentication.k8s.io", false},
    {"userextras", "authentication.k8s.io", false},
};

const struct api_resource *api_resource_find(const char *resource)
{
    for (size_t i = 0; i < sizeof RESOURCES / sizeof *RESOURCES; i++)
        if (strcmp(RESOURCES[i].resource, resource) == 0)
            return &RESOURCES[i];
    return NULL;
}

const struct api_resource *api_resource_find_in(const char *resource, const char *group)
{
    for (size_t i = 0; i < sizeof RESOURCES / sizeof *RESOURCES; i++)
        if (strcmp(RESOURCES[i].resource, resource) == 0 &&
            strcmp(RESOURCES[i].group, group) == 0)
            return &RESOURCES[i];
    return NULL;
}
