/* workload_host.c — checks on what a pod takes from its node (family
 * "workload"): host namespaces, ports, paths and runtime sockets, Windows
 * host processes, /etc/hosts entries, node-wide sysctls, Docker-in-Docker. */
#include <string.h>

#include "catalog.h"
#include "check.h"
#include "config.h"
#include "workload.h"

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

static void host_port(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *ports = node_get(c->node, "ports");
        for (size_t k = 0; k < node_len(ports); k++) {
            const struct node *v = node_get(node_at(ports, k), "hostPort");
            int64_t port;
            if (node_int(v, &port) && port != 0)
                report(r, v, c->name,
                       arena_printf(r->scratch, "%s.ports[%zu].hostPort", c->path, k),
                       "%s \"%s\" binds host port %lld", container_kind_name(c->kind), c->name,
                       (long long)port);
        }
    }
}

/* Host directories whose exposure hands over the node: its root and its
 * configuration (below which, say, /etc/ssl/certs is ordinary)... */
static const char *const CRITICAL_HOST_PATHS[] = {"/", "/etc"};
/* ...and trees sensitive all the way down: kernel interfaces, boot files,
 * root's home, the kubelet's state and the cluster's configuration. */
static const char *const CRITICAL_HOST_TREES[] = {
    "/boot", "/root", "/proc", "/sys", "/var/lib/kubelet", "/etc/kubernetes",
};

static bool host_path_critical(const char *path)
{
    for (size_t i = 0; i < sizeof CRITICAL_HOST_PATHS / sizeof *CRITICAL_HOST_PATHS; i++)
        if (strcmp(path, CRITICAL_HOST_PATHS[i]) == 0)
            return true;
    for (size_t i = 0; i < sizeof CRITICAL_HOST_TREES / sizeof *CRITICAL_HOST_TREES; i++)
        if (host_path_under(path, CRITICAL_HOST_TREES[i]))
            return true;
    return false;
}

typedef void (*volume_fn)(const struct pod_view *pod, struct report_ctx *r,
                          const struct node *volume, size_t index, const char *path);

static void each_host_path(const struct pod_view *pod, struct report_ctx *r, volume_fn fn)
{
    const struct node *volumes = node_get(pod->spec, "volumes");
    char buf[4096];
    for (size_t i = 0; i < node_len(volumes); i++) {
        const struct node *v = node_at(volumes, i);
        const char *path = volume_host_path(v, buf, sizeof buf);
        if (path)
            fn(pod, r, v, i, path);
    }
}

/* A runtime socket is workload/runtime-socket's finding, reported once,
 * unless that check is off. */
static bool host_path_left_to_runtime_socket(const struct report_ctx *r, const char *path)
{
    return host_path_reaches_runtime(path) &&
           (!r->cfg || config_enabled(r->cfg, catalog_find("workload/runtime-socket")));
}

static void report_host_path(const struct pod_view *pod, struct report_ctx *r,
                             const struct node *volume, size_t index, const char *path)
{
    if (host_path_left_to_runtime_socket(r, path))
        return;
    const struct node *at = node_path(volume, "hostPath.path");
    const char *where = arena_printf(r->scratch, "%s.volumes[%zu].hostPath.path", pod->spec_path,
                                     index);
    const char *name = node_str(node_get(volume, "name"));
    if (host_path_critical(path))
        report_at_severity(r, SEV_CRITICAL, at, NULL, where,
                           "volume \"%s\" mounts the sensitive host path %s", name ? name : "",
                           path);
    else
        report(r, at, NULL, where, "volume \"%s\" mounts host path %s", name ? name : "", path);
}

static void host_path(const struct pod_view *pod, struct report_ctx *r)
{
    each_host_path(pod, r, report_host_path);
}

static void report_runtime_socket(const struct pod_view *pod, struct report_ctx *r,
                                  const struct node *volume, size_t index, const char *path)
{
    if (!host_path_reaches_runtime(path))
        return;
    const char *name = node_str(node_get(volume, "name"));
    report(r, node_path(volume, "hostPath.path"), NULL,
           arena_printf(r->scratch, "%s.volumes[%zu].hostPath.path", pod->spec_path, index),
           "volume \"%s\" exposes the container runtime socket (%s)", name ? name : "", path);
}

static void runtime_socket(const struct pod_view *pod, struct report_ctx *r)
{
    each_host_path(pod, r, report_runtime_socket);
}

static void host_process(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *v = container_effective_windows(pod, c, "hostProcess", NULL, NULL);
        const char *path;
        if (!node_is_true(v))
            continue;
        container_effective_windows(pod, c, "hostProcess", r->scratch, &path);
        report(r, v, c->name, path, "%s \"%s\" runs as a Windows host process",
               container_kind_name(c->kind), c->name);
    }
}

static void host_aliases(const struct pod_view *pod, struct report_ctx *r)
{
    const struct node *v = node_get(pod->spec, "hostAliases");
    if (node_is_seq(v) && node_len(v) > 0)
        report(r, v, NULL, arena_printf(r->scratch, "%s.hostAliases", pod->spec_path),
               "pod rewrites /etc/hosts with %zu hostAliases entr%s", node_len(v),
               node_len(v) == 1 ? "y" : "ies");
}

/* The Pod Security Standards' safe set (baseline, latest version): namespaced
 * sysctls isolated from the other pods of the node. */
static const char *const SAFE_SYSCTLS[] = {
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
    "net.ipv4.tcp_rmem",
    "net.ipv4.tcp_wmem",
    "net.ipv4.tcp_notsent_lowat",
    "net.ipv4.tcp_slow_start_after_idle",
};

/* "net/ipv4/tcp_syncookies" is the same sysctl as "net.ipv4.tcp_syncookies":
 * with a '/' separator the two characters swap roles. */
static const char *sysctl_canonical(const char *name, char *buf, size_t size)
{
    if (!strchr(name, '/'))
        return name;
    size_t n = strlen(name);
    if (n >= size)
        return name;
    for (size_t i = 0; i <= n; i++)
        buf[i] = name[i] == '/' ? '.' : name[i] == '.' ? '/' : name[i];
    return buf;
}

static void unsafe_sysctls(const struct pod_view *pod, struct report_ctx *r)
{
    const struct node *list = node_get(pod->sc, "sysctls");
    for (size_t i = 0; i < node_len(list); i++) {
        const struct node *name = node_get(node_at(list, i), "name");
        const char *s = node_str(name);
        if (!s)
            continue;
        char buf[256];
        const char *canon = sysctl_canonical(s, buf, sizeof buf);
        bool safe = false;
        for (size_t k = 0; k < sizeof SAFE_SYSCTLS / sizeof *SAFE_SYSCTLS && !safe; k++)
            safe = strcmp(canon, SAFE_SYSCTLS[k]) == 0;
        if (!safe)
            report(r, name, NULL,
                   arena_printf(r->scratch, "%s.securityContext.sysctls[%zu].name",
                                pod->spec_path, i),
                   "pod sets the unsafe sysctl %s", s);
    }
}

/* The official docker image's dind tags, or a repository named for it. */
static bool image_is_dind(const struct image_ref *ref)
{
    const char *base = strrchr(ref->repository, '/');
    base = base ? base + 1 : ref->repository;
    return strstr(base, "dind") || (strcmp(ref->repository, "library/docker") == 0 &&
                                     strstr(ref->tag, "dind"));
}

/* Is the container a Docker client: the docker image, or DOCKER_HOST set? */
static bool container_docker_client(const struct container_view *c)
{
    if (c->ref) {
        const char *base = strrchr(c->ref->repository, '/');
        base = base ? base + 1 : c->ref->repository;
        if (strcmp(base, "docker") == 0 || strcmp(base, "docker-cli") == 0)
            return true;
    }
    const struct node *env = node_get(c->node, "env");
    for (size_t i = 0; i < node_len(env); i++)
        if (node_str_eq(node_get(node_at(env, i), "name"), "DOCKER_HOST"))
            return true;
    return false;
}

/* The container's mount of a hostPath volume that reaches a runtime socket. */
static const struct node *container_socket_mount(const struct pod_view *pod,
                                                 const struct container_view *c)
{
    const struct node *mounts = node_get(c->node, "volumeMounts");
    char buf[4096];
    for (size_t i = 0; i < node_len(mounts); i++) {
        const struct node *m = node_at(mounts, i);
        const char *name = node_str(node_get(m, "name"));
        const char *path = name ? volume_host_path(pod_volume(pod, name), buf, sizeof buf) : NULL;
        if (path && host_path_reaches_runtime(path))
            return m;
    }
    return NULL;
}

static void docker_in_docker(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (c->ref && image_is_dind(c->ref)) {
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" runs Docker-in-Docker (%s)", container_kind_name(c->kind), c->name,
                   node_str(c->image));
            continue;
        }
        const struct node *mount = container_socket_mount(pod, c);
        if (mount && container_docker_client(c))
            report(r, mount, c->name, arena_printf(r->scratch, "%s.volumeMounts", c->path),
                   "%s \"%s\" drives the node's container runtime through its socket",
                   container_kind_name(c->kind), c->name);
    }
}

static const struct check WORKLOAD_HOST_CHECKS[] = {
    {
        .id = "workload/host-network",
        .severity = SEV_HIGH,
        .title = "Host network namespace shared",
        .why = "With hostNetwork the pod sees every interface of the node, can sniff traffic "
               "and reach services bound to localhost, and bypasses NetworkPolicy.",
        .fix = "Remove hostNetwork: true.",
        .refs = {"CIS 5.2.4", "PSS baseline: Host Namespaces", "NSA-CISA: network separation",
                 "MITRE ATT&CK T1046"},
        .aliases = {"KSV-0009", "CKV_K8S_19", "C-0041", "host-network"},
        .pod = host_network,
    },
    {
        .id = "workload/host-pid",
        .severity = SEV_HIGH,
        .title = "Host PID namespace shared",
        .why = "With hostPID the pod sees and can signal or ptrace every process of the node.",
        .fix = "Remove hostPID: true.",
        .refs = {"CIS 5.2.2", "PSS baseline: Host Namespaces", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0010", "CKV_K8S_17", "C-0038", "host-pid", "C-0275"},
        .pod = host_pid,
    },
    {
        .id = "workload/host-ipc",
        .severity = SEV_HIGH,
        .title = "Host IPC namespace shared",
        .why = "With hostIPC the pod can read and write the shared memory of every process on "
               "the node.",
        .fix = "Remove hostIPC: true.",
        .refs = {"CIS 5.2.3", "PSS baseline: Host Namespaces", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0008", "CKV_K8S_18", "C-0038", "host-ipc", "C-0276"},
        .pod = host_ipc,
    },
    {
        .id = "workload/host-port",
        .severity = SEV_MEDIUM,
        .title = "Host port bound",
        .why = "A hostPort exposes the container on the node's address, outside Services and "
               "NetworkPolicy, and pins the pod to nodes where the port is free.",
        .fix = "Remove ports[].hostPort and expose the container through a Service.",
        .refs = {"PSS baseline: HostPorts", "NSA-CISA: network separation"},
        .aliases = {"KSV-0024", "CKV_K8S_26", "C-0044"},
        .pod = host_port,
    },
    {
        .id = "workload/host-path",
        .severity = SEV_HIGH,
        .title = "Host path mounted",
        .why = "A hostPath volume gives the container the node's files; writable ones let it "
               "plant binaries or credentials on the node. The finding is critical for /, /etc, "
               "/boot, /root, /proc, /sys, /var/lib/kubelet and /etc/kubernetes (and everything "
               "below all but / and /etc). Paths are compared after resolving '.', '..' and "
               "repeated slashes. A container runtime socket, or a directory above one, is "
               "reported by workload/runtime-socket instead (unless that check is off). "
               "Read-only mounts are reported too (a node's files can be read secrets), where "
               "kube-linter's writable-host-mount and Kubescape's C-0045 flag writable ones "
               "only.",
        .fix = "Replace the hostPath volume with a configMap, secret, emptyDir or persistent "
               "volume; if it must stay, mount it readOnly and as narrow as possible.",
        .refs = {"PSS baseline: HostPath Volumes", "NSA-CISA: limit container access to hosts",
                 "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0023", "KSV-0121", "C-0048", "sensitive-host-mounts", "C-0045",
                    "writable-host-mount"},
        .pod = host_path,
    },
    {
        .id = "workload/runtime-socket",
        .severity = SEV_CRITICAL,
        .title = "Container runtime socket mounted",
        .why = "Whoever reaches the Docker, containerd or CRI-O socket can start a privileged "
               "container on the node: root on the node. A read-only mount does not help "
               "(connecting to a socket is not a write). Fires on the sockets, any file named "
               "like one, and their directories such as /var/run and /run; a mount of / is "
               "left to workload/host-path.",
        .fix = "Remove the volume; build images with a daemonless builder (BuildKit rootless, "
               "kaniko) instead of the node's runtime.",
        .refs = {"PSS baseline: HostPath Volumes", "NSA-CISA: limit container access to hosts",
                 "MITRE ATT&CK T1610", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0006", "CKV_K8S_27", "C-0074", "docker-sock", "container-runtime-sock"},
        .pod = runtime_socket,
    },
    {
        .id = "workload/host-process",
        .severity = SEV_CRITICAL,
        .title = "Windows host process container",
        .why = "A HostProcess container runs directly on the Windows node, outside any "
               "isolation, with the node's network and file system.",
        .fix = "Remove securityContext.windowsOptions.hostProcess at pod and container level.",
        .refs = {"PSS baseline: HostProcess", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0103"},
        .pod = host_process,
    },
    {
        .id = "workload/host-aliases",
        .severity = SEV_LOW,
        .title = "hostAliases rewrite /etc/hosts",
        .why = "hostAliases pin names to addresses inside the pod, bypassing cluster DNS: a "
               "quiet way to redirect a dependency, and entries go stale when addresses move.",
        .fix = "Remove spec.hostAliases and publish the names through DNS (a Service, an "
               "ExternalName or your DNS zone).",
        .refs = {"MITRE ATT&CK T1565"},
        .aliases = {"KSV-0007"},
        .pod = host_aliases,
    },
    {
        .id = "workload/unsafe-sysctls",
        .severity = SEV_HIGH,
        .title = "Unsafe sysctl",
        .why = "Sysctls outside the safe set are not isolated per pod: they change the kernel "
               "for every workload of the node or disable protections. The safe set is the Pod "
               "Security Standards' latest one.",
        .fix = "Remove the sysctl from spec.securityContext.sysctls, or tune the node instead.",
        .refs = {"PSS baseline: Sysctls", "MITRE ATT&CK T1562"},
        .aliases = {"KSV-0026", "unsafe-sysctls"},
        .pod = unsafe_sysctls,
    },
    {
        .id = "workload/docker-in-docker",
        .severity = SEV_HIGH,
        .title = "Docker-in-Docker",
        .why = "A Docker-in-Docker image (docker:dind) needs a privileged container, and a "
               "Docker client talking to the node's runtime socket controls every container "
               "of the node: either way a build job owns the node.",
        .fix = "Build images with a daemonless, unprivileged builder (BuildKit rootless, "
               "kaniko, buildah) and remove the runtime socket mount.",
        .refs = {"NSA-CISA: non-root, unprivileged containers", "MITRE ATT&CK T1610"},
        .pod = docker_in_docker,
    },
};

const struct check_family FAMILY_WORKLOAD_HOST = {
    .name = "workload",
    .checks = WORKLOAD_HOST_CHECKS,
    .nchecks = sizeof WORKLOAD_HOST_CHECKS / sizeof *WORKLOAD_HOST_CHECKS,
};
