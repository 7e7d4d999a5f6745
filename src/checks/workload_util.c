/* workload_util.c — helpers shared by the workload checks (workload.h). */
#include "workload.h"

#include <string.h>
#include <strings.h>

bool capability_is(const struct node *n, const char *name)
{
    const char *s = node_str(n);
    if (!s)
        return false;
    if (strncasecmp(s, "CAP_", 4) == 0 && strcmp(name, "ALL") != 0)
        s += 4; /* "ALL" is a keyword, never prefixed */
    return strcasecmp(s, name) == 0;
}

const struct node *capability_find(const struct node *list, const char *name)
{
    for (size_t i = 0; i < node_len(list); i++)
        if (capability_is(node_at(list, i), name))
            return node_at(list, i);
    return NULL;
}

const struct node *container_capabilities(const struct container_view *c, const char *which)
{
    const struct node *list = node_get(node_get(c->sc, "capabilities"), which);
    return node_is_seq(list) ? list : NULL;
}

bool host_path_clean(const char *path, char *out, size_t size)
{
    size_t n = 0;
    if (size < 2)
        return false;
    out[n++] = '/';
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - start);
        if (len == 0 || (len == 1 && start[0] == '.'))
            continue;
        if (len == 2 && start[0] == '.' && start[1] == '.') {
            while (n > 1 && out[n - 1] != '/')
                n--;
            if (n > 1)
                n--;
            continue;
        }
        if (n + (n > 1) + len >= size)
            return false;
        if (n > 1)
            out[n++] = '/';
        memcpy(out + n, start, len);
        n += len;
    }
    out[n] = '\0';
    return true;
}

bool host_path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static const char *const RUNTIME_SOCKETS[] = {
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/var/run/docker/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/containerd/containerd.sock",
    "/var/run/crio/crio.sock",
    "/run/crio/crio.sock",
    "/var/run/cri-dockerd.sock",
    "/run/cri-dockerd.sock",
    "/var/run/dockershim.sock",
    "/run/k3s/containerd/containerd.sock",
    "/var/snap/microk8s/common/run/containerd.sock",
    "/var/run/podman/podman.sock",
    "/run/podman/podman.sock",
};

static const char *const SOCKET_NAMES[] = {
    "docker.sock", "containerd.sock", "crio.sock", "cri-dockerd.sock", "dockershim.sock",
    "podman.sock",
};

bool host_path_reaches_runtime(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; i < sizeof SOCKET_NAMES / sizeof *SOCKET_NAMES; i++)
        if (strcmp(base, SOCKET_NAMES[i]) == 0)
            return true;
    if (strcmp(path, "/") == 0 || strcmp(path, "/var") == 0)
        return false;
    for (size_t i = 0; i < sizeof RUNTIME_SOCKETS / sizeof *RUNTIME_SOCKETS; i++)
        if (host_path_under(RUNTIME_SOCKETS[i], path))
            return true;
    return false;
}

const char *volume_host_path(const struct node *volume, char *buf, size_t size)
{
    const char *path = node_str(node_get(node_get(volume, "hostPath"), "path"));
    if (!path || !host_path_clean(path, buf, size))
        return NULL;
    return buf;
}

const struct node *container_at(const struct container_view *c, const struct node *a,
                                const struct node *b)
{
    return a ? a : b ? b : c->sc ? c->sc : c->node;
}
