/* workload.c — container security-context checks (family "workload"):
 * privilege, user, capabilities, root filesystem, /proc masking. Host access
 * lives in workload_host.c, seccomp/AppArmor/SELinux in workload_profiles.c,
 * identity and resources in workload_runtime.c. Each check is one function
 * over a pod view; its catalog row sits in the table at the bottom. Messages
 * name the container; paths point at the field to change (where it is set, or
 * where it should be set). */
#include <string.h>
#include <strings.h>

#include "check.h"
#include "workload.h"

static bool is_privileged(const struct container_view *c)
{
    return node_is_true(node_get(c->sc, "privileged"));
}

static void privileged(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "privileged");
        if (node_is_true(v))
            report(r, v, c->name,
                   arena_printf(r->scratch, "%s.securityContext.privileged", c->path),
                   "%s \"%s\" runs privileged", container_kind_name(c->kind), c->name);
    }
}

static void privilege_escalation(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "allowPrivilegeEscalation");
        if (node_is_false(v) || is_privileged(c))
            continue;
        report(r, container_at(c, v, NULL), c->name,
               arena_printf(r->scratch, "%s.securityContext.allowPrivilegeEscalation", c->path),
               "%s \"%s\" does not set allowPrivilegeEscalation: false",
               container_kind_name(c->kind), c->name);
    }
}

/* Windows has no UIDs: the user is windowsOptions.runAsUserName, and
 * ContainerAdministrator is the image default. */
static void run_as_root_windows(const struct pod_view *pod, const struct container_view *c,
                                struct report_ctx *r)
{
    const char *path;
    const struct node *nonroot = container_effective(pod, c, "runAsNonRoot", NULL, NULL);
    const struct node *user = container_effective_windows(pod, c, "runAsUserName", NULL, NULL);
    const char *name = node_str(user);
    if (node_is_true(nonroot))
        return;
    if (name && strcasecmp(name, "ContainerAdministrator") == 0) {
        container_effective_windows(pod, c, "runAsUserName", r->scratch, &path);
        report(r, user, c->name, path, "%s \"%s\" runs as ContainerAdministrator",
               container_kind_name(c->kind), c->name);
    } else if (!name) {
        container_effective(pod, c, "runAsNonRoot", r->scratch, &path);
        report(r, container_at(c, nonroot, NULL), c->name, path,
               "%s \"%s\" may run as ContainerAdministrator: set runAsNonRoot: true or "
               "windowsOptions.runAsUserName",
               container_kind_name(c->kind), c->name);
    }
}

static void run_as_root(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (pod->windows) {
            run_as_root_windows(pod, c, r);
            continue;
        }
        const char *path;
        const struct node *user = container_effective(pod, c, "runAsUser", NULL, NULL);
        const struct node *nonroot = container_effective(pod, c, "runAsNonRoot", NULL, NULL);
        int64_t uid;
        if (node_int(user, &uid) && uid == 0) {
            container_effective(pod, c, "runAsUser", r->scratch, &path);
            report(r, user, c->name, path, "%s \"%s\" runs as user 0 (root)",
                   container_kind_name(c->kind), c->name);
        } else if (!node_is_true(nonroot) && !(node_int(user, &uid) && uid > 0)) {
            container_effective(pod, c, "runAsNonRoot", r->scratch, &path);
            report(r, container_at(c, nonroot, NULL), c->name, path,
                   "%s \"%s\" may run as root: set runAsNonRoot: true or a non-zero runAsUser",
                   container_kind_name(c->kind), c->name);
        }
    }
}

/* Capabilities that open a way out of the container or into the node. */
static const char *const DANGEROUS_CAPABILITIES[] = {
    "ALL",     "SYS_ADMIN", "NET_ADMIN",  "SYS_MODULE",      "SYS_PTRACE",
    "SYS_RAWIO", "SYS_BOOT", "SYS_TIME",  "BPF",             "PERFMON",
    "DAC_READ_SEARCH", "MAC_ADMIN", "MAC_OVERRIDE", "SYSLOG",
};

enum { NDANGEROUS = sizeof DANGEROUS_CAPABILITIES / sizeof *DANGEROUS_CAPABILITIES };

/* The index in DANGEROUS_CAPABILITIES of what an item of capabilities.add
 * names, or NDANGEROUS. */
static size_t dangerous_capability(const struct node *item)
{
    size_t d = 0;
    while (d < NDANGEROUS && !capability_is(item, DANGEROUS_CAPABILITIES[d]))
        d++;
    return d;
}

/* One finding per container, at its first dangerous capability, naming each once. */
static void dangerous_capabilities(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *add = container_capabilities(c, "add");
        bool seen[NDANGEROUS] = {false};
        const char *names = NULL, *at_path = NULL;
        const struct node *at = NULL;
        for (size_t k = 0; k < node_len(add); k++) {
            size_t d = dangerous_capability(node_at(add, k));
            if (d == NDANGEROUS || seen[d])
                continue;
            seen[d] = true;
            if (!at) {
                at = node_at(add, k);
                at_path = arena_printf(r->scratch, "%s.securityContext.capabilities.add[%zu]",
                                       c->path, k);
            }
            names = names ? arena_printf(r->scratch, "%s, %s", names, DANGEROUS_CAPABILITIES[d])
                          : DANGEROUS_CAPABILITIES[d];
        }
        if (at)
            report(r, at, c->name, at_path, "%s \"%s\" adds %s %s", container_kind_name(c->kind),
                   c->name, strchr(names, ',') ? "capabilities" : "capability", names);
    }
}

static void capabilities_not_dropped(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *drop = container_capabilities(c, "drop");
        if (capability_find(drop, "ALL") || is_privileged(c))
            continue;
        report(r, container_at(c, drop, node_get(c->sc, "capabilities")),
               c->name, arena_printf(r->scratch, "%s.securityContext.capabilities.drop", c->path),
               "%s \"%s\" does not drop ALL capabilities", container_kind_name(c->kind), c->name);
    }
}

static void net_raw_not_dropped(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (is_privileged(c))
            continue;
        const struct node *add = container_capabilities(c, "add");
        const struct node *added = capability_find(add, "NET_RAW");
        if (added) {
            report(r, added, c->name,
                   arena_printf(r->scratch, "%s.securityContext.capabilities.add", c->path),
                   "%s \"%s\" adds capability NET_RAW", container_kind_name(c->kind), c->name);
            continue;
        }
        const struct node *drop = container_capabilities(c, "drop");
        if (capability_find(drop, "ALL") || capability_find(drop, "NET_RAW"))
            continue;
        report(r, container_at(c, drop, node_get(c->sc, "capabilities")),
               c->name, arena_printf(r->scratch, "%s.securityContext.capabilities.drop", c->path),
               "%s \"%s\" keeps NET_RAW: drop it (or ALL)", container_kind_name(c->kind), c->name);
    }
}

static void writable_root_fs(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "readOnlyRootFilesystem");
        if (node_is_true(v))
            continue;
        report(r, container_at(c, v, NULL), c->name,
               arena_printf(r->scratch, "%s.securityContext.readOnlyRootFilesystem", c->path),
               "%s \"%s\" has a writable root filesystem", container_kind_name(c->kind), c->name);
    }
}

static void proc_mount(const struct pod_view *pod, struct report_ctx *r)
{
    /* inside a user namespace (hostUsers: false) the unmasked /proc is the pod's own */
    if (node_is_false(node_get(pod->spec, "hostUsers")))
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = node_get(c->sc, "procMount");
        const char *text = node_str(v); /* other types: input/invalid-field's */
        if (!text || strcmp(text, "Default") == 0)
            continue;
        report(r, v, c->name, arena_printf(r->scratch, "%s.securityContext.procMount", c->path),
               "%s \"%s\" sets procMount: %s (only Default keeps /proc masked)",
               container_kind_name(c->kind), c->name, text);
    }
}

static const struct check WORKLOAD_CHECKS[] = {
    {
        .id = "workload/privileged",
        .severity = SEV_CRITICAL,
        .title = "Privileged container",
        .why = "A privileged container holds every capability and sees every host device; "
               "escaping to the node is trivial.",
        .fix = "Remove securityContext.privileged or set it to false.",
        .refs = {"CIS 5.2.1", "PSS baseline: Privileged Containers",
                 "NSA-CISA: non-root, unprivileged containers", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0017", "CKV_K8S_16", "C-0057", "privileged-container"},
        .pod = privileged,
    },
    {
        .id = "workload/privilege-escalation",
        .severity = SEV_HIGH,
        .title = "Privilege escalation allowed",
        .why = "Unless allowPrivilegeEscalation is false, a process can gain more privileges "
               "than its parent through setuid binaries or file capabilities. Privileged "
               "containers are left to workload/privileged; Windows pods have no such setting.",
        .fix = "Set securityContext.allowPrivilegeEscalation: false on every container.",
        .refs = {"CIS 5.2.5", "PSS restricted: Privilege Escalation",
                 "NSA-CISA: non-root, unprivileged containers", "MITRE ATT&CK T1068"},
        .aliases = {"KSV-0001", "CKV_K8S_20", "C-0016", "privilege-escalation-container"},
        .pod = privilege_escalation,
    },
    {
        .id = "workload/run-as-root",
        .severity = SEV_HIGH,
        .title = "Container may run as root",
        .why = "A process running as UID 0 owns the container's files and is one kernel or "
               "runtime bug away from root on the node. runAsUser and runAsNonRoot are "
               "inherited from the pod securityContext unless the container sets them. On "
               "Windows pods (spec.os.name: windows) the user is windowsOptions.runAsUserName "
               "and ContainerAdministrator plays the part of root.",
        .fix = "Set runAsNonRoot: true and a non-zero runAsUser in the pod or container "
               "securityContext (Windows: runAsUserName: ContainerUser).",
        .refs = {"CIS 5.2.6", "PSS restricted: Running as Non-root",
                 "PSS restricted: Running as Non-root user", "NSA-CISA: non-root containers",
                 "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0012", "CKV_K8S_23", "C-0013", "run-as-non-root"},
        .pod = run_as_root,
    },
    {
        .id = "workload/dangerous-capabilities",
        .severity = SEV_CRITICAL,
        .title = "Dangerous capability added",
        .why = "Capabilities such as SYS_ADMIN, SYS_MODULE, SYS_PTRACE, NET_ADMIN, BPF or ALL "
               "let a container load kernel modules, mount filesystems, trace host processes "
               "or reconfigure the network: each is a known path out of the container. Names "
               "match the way runtimes read them: any case, with or without CAP_. One finding "
               "per container, at its first dangerous capability, lists them all.",
        .fix = "Remove the capability from securityContext.capabilities.add; grant only narrow "
               "ones such as NET_BIND_SERVICE.",
        .refs = {"CIS 5.2.9", "PSS baseline: Capabilities", "NSA-CISA: least privilege",
                 "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0005", "CKV_K8S_39", "C-0046"},
        .pod = dangerous_capabilities,
    },
    {
        .id = "workload/capabilities-not-dropped",
        .severity = SEV_MEDIUM,
        .title = "Capabilities not dropped",
        .why = "Runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, "
               "SETUID, SETGID, NET_RAW, ...) that most applications never use and an attacker "
               "can. Privileged containers are left to workload/privileged.",
        .fix = "Set securityContext.capabilities.drop: [ALL] and add back only what is needed.",
        .refs = {"CIS 5.2.9", "PSS restricted: Capabilities", "NSA-CISA: least privilege"},
        .aliases = {"KSV-0003", "CKV_K8S_37"},
        .pod = capabilities_not_dropped,
    },
    {
        .id = "workload/net-raw-not-dropped",
        .severity = SEV_LOW,
        .title = "NET_RAW capability kept",
        .why = "NET_RAW, in the runtimes' default set, lets a process craft raw packets: ARP "
               "and DNS spoofing against its neighbours on the node.",
        .fix = "Drop NET_RAW (or ALL) in securityContext.capabilities.drop and do not add it.",
        .refs = {"CIS 5.2.7", "PSS restricted: Capabilities", "MITRE ATT&CK T1557"},
        .aliases = {"KSV-0119", "CKV_K8S_28", "drop-net-raw-capability"},
        .pod = net_raw_not_dropped,
    },
    {
        .id = "workload/writable-root-fs",
        .severity = SEV_MEDIUM,
        .title = "Writable root filesystem",
        .why = "A writable root filesystem lets an intruder drop tools and modify binaries of "
               "the running container; read-only images make tampering visible and harder.",
        .fix = "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes "
               "where the application must write.",
        .refs = {"NSA-CISA: immutable container file systems", "MITRE ATT&CK T1036"},
        .aliases = {"KSV-0014", "CKV_K8S_22", "C-0017", "no-read-only-root-fs"},
        .pod = writable_root_fs,
    },
    {
        .id = "workload/proc-mount",
        .severity = SEV_HIGH,
        .title = "Unmasked /proc",
        .why = "procMount: Unmasked removes the runtime's masking of sensitive /proc and /sys "
               "paths, exposing kernel interfaces to the container. Any value but Default "
               "(or none) is what Pod Security baseline forbids, and is reported. Pods in a user namespace "
               "(hostUsers: false) may, as the Pod Security Standards allow.",
        .fix = "Remove securityContext.procMount or set it to Default.",
        .refs = {"PSS baseline: /proc Mount Type", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0027", "unsafe-proc-mount"},
        .pod = proc_mount,
    },
};

const struct check_family FAMILY_WORKLOAD = {
    .name = "workload",
    .checks = WORKLOAD_CHECKS,
    .nchecks = sizeof WORKLOAD_CHECKS / sizeof *WORKLOAD_CHECKS,
};
