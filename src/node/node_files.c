/* node_files.c — file roles resolved against the node's real configuration. */
#include "node_files.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

/* The static Pod manifest that runs component c, else the kubeadm name in the
 * manifest directory. */
static const char *manifest_of(struct node_host *h, enum node_component c, const char *base)
{
    const char *m = h->comp[c].manifest;
    size_t rl = strlen(h->root);
    if (m)
        return m + rl;
    return arena_printf(&h->arena, "%s/%s.yaml", h->manifest_dir, base);
}

static const char *flag_or(struct node_host *h, enum node_component c, const char *flag,
                           const char *fallback)
{
    const char *v = node_host_flag(h, c, flag);
    return v ? v : fallback;
}

/* Every entry under dir (dir itself first), depth first; with suffix, only
 * files whose names end so. */
static size_t walk(struct node_host *h, const char *dir, const char *suffix, bool self,
                   const char **paths, size_t n, size_t max, int depth)
{
    struct stat st;
    if (stat(node_host_path(h, dir), &st) != 0)
        return n;
    if (self && !suffix && n < max)
        paths[n++] = dir;
    DIR *d = opendir(node_host_path(h, dir));
    if (!d || depth > 8) {
        if (d)
            closedir(d);
        return n;
    }
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        const char *p = arena_printf(&h->arena, "%s/%s", dir, e->d_name);
        struct stat es;
        if (lstat(node_host_path(h, p), &es) != 0)
            continue;
        if (S_ISDIR(es.st_mode)) {
            n = walk(h, p, suffix, true, paths, n, max, depth + 1);
        } else {
            size_t ln = strlen(e->d_name), ls = suffix ? strlen(suffix) : 0;
            if (!suffix || (ln >= ls && strcmp(e->d_name + ln - ls, suffix) == 0))
                paths[n++] = p;
        }
    }
    closedir(d);
    return n;
}

static const struct {
    const char *role;
    enum node_component c;
} MANIFESTS[] = {
    {"apiserver-manifest", NODE_APISERVER},
    {"controller-manager-manifest", NODE_CONTROLLER_MANAGER},
    {"scheduler-manifest", NODE_SCHEDULER},
    {"etcd-manifest", NODE_ETCD},
};

int node_files(struct node_host *h, const char *role, const char **paths, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < sizeof MANIFESTS / sizeof *MANIFESTS; i++)
        if (!strcmp(role, MANIFESTS[i].role)) {
            paths[n++] = manifest_of(h, MANIFESTS[i].c, node_component_name(MANIFESTS[i].c));
            return (int)n;
        }
    if (!strcmp(role, "cni-files")) {
        n = walk(h, flag_or(h, NODE_KUBELET, "--cni-conf-dir", "/etc/cni/net.d"), NULL, false,
                 paths, n, max, 0);
        n = walk(h, "/var/lib/cni/networks", NULL, false, paths, n, max, 0);
    } else if (!strcmp(role, "etcd-data-dir")) {
        paths[n++] = flag_or(h, NODE_ETCD, "--data-dir", "/var/lib/etcd");
    } else if (!strcmp(role, "admin-kubeconfigs")) {
        struct stat st;
        if (stat(node_host_path(h, "/etc/kubernetes/super-admin.conf"), &st) == 0)
            paths[n++] = "/etc/kubernetes/super-admin.conf";
        paths[n++] = "/etc/kubernetes/admin.conf";
    } else if (!strcmp(role, "scheduler-kubeconfig")) {
        paths[n++] = flag_or(h, NODE_SCHEDULER, "--kubeconfig", "/etc/kubernetes/scheduler.conf");
    } else if (!strcmp(role, "controller-manager-kubeconfig")) {
        paths[n++] = flag_or(h, NODE_CONTROLLER_MANAGER, "--kubeconfig",
                             "/etc/kubernetes/controller-manager.conf");
    } else if (!strcmp(role, "pki-files")) {
        n = walk(h, "/etc/kubernetes/pki", NULL, true, paths, n, max, 0);
    } else if (!strcmp(role, "pki-certificates")) {
        n = walk(h, "/etc/kubernetes/pki", ".crt", true, paths, n, max, 0);
    } else if (!strcmp(role, "pki-keys")) {
        n = walk(h, "/etc/kubernetes/pki", ".key", true, paths, n, max, 0);
    } else if (!strcmp(role, "kubelet-service")) {
        /* the drop-ins (kubeadm's 10-kubeadm.conf), else the unit itself */
        size_t rl = strlen(h->root), nf = h->kubelet_unit.nfiles;
        for (size_t i = nf > 1 ? 1 : 0; i < nf && n < max; i++)
            paths[n++] = h->kubelet_unit.files[i] + rl;
        if (n == 0)
            paths[n++] = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";
    } else if (!strcmp(role, "proxy-kubeconfig")) {
        const char *p = node_host_flag(h, NODE_PROXY, "--kubeconfig");
        if (!p)
            p = node_text(node_host_key(h, NODE_PROXY, "clientConnection.kubeconfig"));
        paths[n++] = p ? p : "/etc/kubernetes/proxy.conf";
    } else if (!strcmp(role, "kubelet-kubeconfig")) {
        paths[n++] = flag_or(h, NODE_KUBELET, "--kubeconfig", "/etc/kubernetes/kubelet.conf");
    } else if (!strcmp(role, "kubelet-client-ca")) {
        const char *p = node_host_flag(h, NODE_KUBELET, "--client-ca-file");
        if (!p)
            p = node_text(node_host_key(h, NODE_KUBELET, "authentication.x509.clientCAFile"));
        paths[n++] = p ? p : "/etc/kubernetes/pki/ca.crt";
    } else if (!strcmp(role, "kubelet-config")) {
        paths[n++] = h->config_path[NODE_KUBELET] ? h->config_path[NODE_KUBELET]
                                                  : "/var/lib/kubelet/config.yaml";
    } else {
        return -1;
    }
    return (int)n;
}

enum node_component node_file_owner(const char *role)
{
    static const struct {
        const char *prefix;
        enum node_component c;
    } OWNERS[] = {
        {"apiserver-", NODE_APISERVER}, {"controller-manager-", NODE_CONTROLLER_MANAGER},
        {"scheduler-", NODE_SCHEDULER}, {"etcd-", NODE_ETCD},
        {"kubelet-", NODE_KUBELET},     {"proxy-", NODE_PROXY},
    };
    for (size_t i = 0; i < sizeof OWNERS / sizeof *OWNERS; i++)
        if (strncmp(role, OWNERS[i].prefix, strlen(OWNERS[i].prefix)) == 0)
            return OWNERS[i].c;
    return NODE_NONE;
}
