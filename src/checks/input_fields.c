/* input_fields.c — checks on the shape of the input (family "input"): a
 * field the checks read that holds the wrong type of value is a finding,
 * so that an object the checks cannot read never passes as clean. The
 * fields are those of the k8s views (k8s_invalid_fields, pod_invalid_fields). */
#include "check.h"

static void report_invalid_field(const struct k8s_invalid_field *f, void *ctx)
{
    report(ctx, f->at, f->container, f->path, "%s: expected %s, found %s", f->path, f->expected,
           f->found);
}

static void invalid_field(const struct k8s_object *o, struct report_ctx *r)
{
    struct k8s_field_walk w = {.a = r->scratch, .fn = report_invalid_field, .ctx = r};
    k8s_invalid_fields(o, &w);
    pod_invalid_fields(o, &w);
}

static const struct check INPUT_CHECKS[] = {
    {
        .id = "input/invalid-field",
        .severity = SEV_HIGH,
        .title = "Field of the wrong type",
        .why = "A field that holds the wrong type of value, such as a string where a mapping "
               "belongs (a manifest cut short: `securityContext:` followed by `runA`) or a "
               "mapping where a list belongs, is rejected by the API server, and the checks "
               "cannot read what it was meant to configure: without this finding the object "
               "would look clean. Checked: metadata with its labels and annotations; the "
               "spec of every kind of the Kubernetes API groups (custom resources are their "
               "own); for the workload kinds every step to the pod spec (spec, template, "
               "jobTemplate) and the template's metadata; in any pod spec its "
               "securityContext, volumes and their hostPath, the container lists, the "
               "booleans hostNetwork, hostPID, hostIPC, hostUsers, shareProcessNamespace and "
               "automountServiceAccountToken and, in each container, securityContext, "
               "capabilities with add and drop, resources with limits and requests, env and "
               "ports; in every securityContext runAsNonRoot (a boolean), runAsUser, "
               "runAsGroup and fsGroup (integers), and in a container's privileged, "
               "allowPrivilegeEscalation and readOnlyRootFilesystem (booleans): a quoted "
               "\"true\" is a string, which the API server rejects. Null is accepted "
               "everywhere. Also known as manifest/invalid-type.",
        .fix = "Complete or correct the field as the Kubernetes API reference gives its type, "
               "then scan again.",
        .refs = {"Kubernetes API reference: PodSpec, Container, ObjectMeta"},
        .aliases = {"invalid-field"},
        .object = invalid_field,
    },
};

const struct check_family FAMILY_INPUT = {
    .name = "input",
    .checks = INPUT_CHECKS,
    .nchecks = sizeof INPUT_CHECKS / sizeof *INPUT_CHECKS,
};
