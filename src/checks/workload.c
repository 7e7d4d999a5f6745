/* workload.c — security-context and pod-spec checks (family "workload").
 * Each check is one function over a pod view; its catalog row sits in
 * WORKLOAD_CHECKS at the bottom. Messages name the container; paths point at
 * the field to change (where it is set, or where it should be set). */
#include <string.h>

#include "check.h"

static void privileged(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "privileged");
        if (node_is_true(v))
            report(r, v, c->name, arena_printf(r->scratch, "%s.securityContext.privileged", c->path),
                   "%s \"%s\" runs privileged", container_kind_name(c->kind), c->name);
    }
}

static void privilege_escalation(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "allowPrivilegeEscalation");
        if (node_is_false(v) || node_is_true(node_get(c->sc, "privileged")))
            continue;
        report(r, v ? v : c->node, c->name,
               arena_printf(r->scratch, "%s.securityContext.allowPrivilegeEscalation", c->path),
               "%s \"%s\" does not set allowPrivilegeEscalation: false",
               container_kind_name(c->kind), c->name);
    }
}

static void run_as_root(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const char *user_path, *nonroot_path;
        const struct node *user = container_effective(pod, c, "runAsUser", r->scratch, &user_path);
        const struct node *nonroot =
            container_effective(pod, c, "runAsNonRoot", r->scratch, &nonroot_path);
        int64_t uid;
        if (node_int(user, &uid) && uid == 0)
            report(r, user, c->name, user_path, "%s \"%s\" runs as user 0 (root)",
                   container_kind_name(c->kind), c->name);
        else if (!node_is_true(nonroot) && !(node_int(user, &uid) && uid > 0))
            report(r, nonroot ? nonroot : c->node, c->name, nonroot_path,
                   "%s \"%s\" may run as root: set runAsNonRoot: true or a non-zero runAsUser",
                   container_kind_name(c->kind), c->name);
    }
}

static void host_namespace(const struct pod_view *pod, struct report_ctx *r, const char *field,
                           const char *what)
{
    const struct node *v = node_get(pod->spec, field);
    if (node_is_true(v))
        report(r, v, NULL, arena_printf(r->scratch, "%s.%s", pod->spec_path, field),
               "pod shares the host's %s namespace (%s: true)", what, field);
}

static void host_network(const struct pod_view *pod, struct report_ctx *r)
{
    host_namespace(pod, r, "hostNetwork", "network");
}

static void host_pid(const struct pod_view *pod, struct report_ctx *r)
{
    host_namespace(pod, r, "hostPID", "process ID");
}

static void host_ipc(const struct pod_view *pod, struct report_ctx *r)
{
    host_namespace(pod, r, "hostIPC", "IPC");
}

static const struct check WORKLOAD_CHECKS[] = {
    {
        .id = "workload/privileged",
        .severity = SEV_CRITICAL,
        .title = "Privileged container",
        .why = "A privileged container holds every capability and sees every host device; "
               "escaping to the node is trivial.",
        .fix = "Remove securityContext.privileged or set it to false.",
        .refs = {"CIS 5.2.1", "PSS baseline: Privileged Containers", "NSA-CISA: non-root, "
                 "unprivileged containers", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0017", "CKV_K8S_16", "C-0057", "privileged-container"},
        .pod = privileged,
    },
    {
        .id = "workload/privilege-escalation",
        .severity = SEV_HIGH,
        .title = "Privilege escalation allowed",
        .why = "Unless allowPrivilegeEscalation is false, a process can gain more privileges "
               "than its parent through setuid binaries or file capabilities.",
        .fix = "Set securityContext.allowPrivilegeEscalation: false on every container.",
        .refs = {"CIS 5.2.5", "PSS restricted: Privilege Escalation", "NSA-CISA: non-root, "
                 "unprivileged containers"},
        .aliases = {"KSV-0001", "CKV_K8S_20", "C-0016", "privilege-escalation-container"},
        .pod = privilege_escalation,
    },
    {
        .id = "workload/run-as-root",
        .severity = SEV_HIGH,
        .title = "Container may run as root",
        .why = "A process running as UID 0 owns the container's files and is one kernel or "
               "runtime bug away from root on the node.",
        .fix = "Set runAsNonRoot: true and a non-zero runAsUser in the pod or container "
               "securityContext.",
        .refs = {"CIS 5.2.6", "PSS restricted: Running as Non-root", "PSS restricted: Running "
                 "as Non-root user", "NSA-CISA: non-root containers"},
        .aliases = {"KSV-0012", "CKV_K8S_23", "C-0013", "run-as-non-root"},
        .pod = run_as_root,
    },
    {
        .id = "workload/host-network",
        .severity = SEV_HIGH,
        .title = "Host network namespace shared",
        .why = "With hostNetwork the pod sees every interface of the node, can sniff traffic "
               "and reach services bound to localhost, and bypasses NetworkPolicy.",
        .fix = "Remove hostNetwork: true.",
        .refs = {"CIS 5.2.4", "PSS baseline: Host Namespaces"},
        .aliases = {"KSV-0009", "CKV_K8S_19", "C-0041", "host-network"},
        .pod = host_network,
    },
    {
        .id = "workload/host-pid",
        .severity = SEV_HIGH,
        .title = "Host PID namespace shared",
        .why = "With hostPID the pod sees and can signal or ptrace every process of the node.",
        .fix = "Remove hostPID: true.",
        .refs = {"CIS 5.2.2", "PSS baseline: Host Namespaces"},
        .aliases = {"KSV-0010", "CKV_K8S_17", "C-0038", "host-pid"},
        .pod = host_pid,
    },
    {
        .id = "workload/host-ipc",
        .severity = SEV_HIGH,
        .title = "Host IPC namespace shared",
        .why = "With hostIPC the pod can read and write the shared memory of every process on "
               "the node.",
        .fix = "Remove hostIPC: true.",
        .refs = {"CIS 5.2.3", "PSS baseline: Host Namespaces"},
        .aliases = {"KSV-0008", "CKV_K8S_18", "C-0038", "host-ipc"},
        .pod = host_ipc,
    },
};

const struct check_family FAMILY_WORKLOAD = {
    .name = "workload",
    .checks = WORKLOAD_CHECKS,
    .nchecks = sizeof WORKLOAD_CHECKS / sizeof *WORKLOAD_CHECKS,
};
