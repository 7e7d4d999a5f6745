/* node_host.c — component discovery: processes first, then static Pod
 * manifests, then (for the kubelet) its systemd unit. */
#include "node_host.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/input.h"
#include "../core/load.h"

enum { CMDLINE_MAX = 1 << 20, CONFIG_MAX = 4 << 20 };

static const char *const NAMES[NODE_COMPONENT_COUNT] = {
    "kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet", "kube-proxy",
};

const char *node_component_name(enum node_component c)
{
    return c < NODE_COMPONENT_COUNT ? NAMES[c] : "";
}

enum node_component node_component_of(const struct node_args *a, size_t *shift)
{
    *shift = 0;
    const char *prog = node_basename(a->argv[0]);
    if (strcmp(prog, "hyperkube") == 0 && a->argc > 1) {
        *shift = 1;
        prog = a->argv[1];
    }
    for (int c = 0; c < NODE_COMPONENT_COUNT; c++)
        if (strcmp(prog, NAMES[c]) == 0 || strcmp(prog, NAMES[c] + 5 * (c != NODE_ETCD &&
                                                                       c != NODE_KUBELET)) == 0)
            return (enum node_component)c;
    return NODE_NONE;
}

const char *node_host_path(struct node_host *h, const char *path)
{
    return arena_printf(&h->arena, "%s%s", h->root, path);
}

const char *node_host_flag(const struct node_host *h, enum node_component c, const char *flag)
{
    return h->comp[c].source ? node_args_get(&h->comp[c].args, flag) : NULL;
}

const struct node *node_host_key(const struct node_host *h, enum node_component c,
                                 const char *key)
{
    return h->config[c] ? node_path(h->config[c], key) : NULL;
}

static int take_first(struct doc *d, void *ctx)
{
    *(struct doc **)ctx = d;
    return 1;
}

struct doc *node_load_doc(const char *path, bool *missing)
{
    *missing = false;
    size_t len;
    char *text = input_slurp(path, CONFIG_MAX, &len);
    if (!text) {
        *missing = errno == ENOENT || errno == ENOTDIR;
        if (!*missing)
            input_report_error(path, errno);
        return NULL;
    }
    struct doc *d = NULL;
    struct load_error err;
    if (load_buffer(path, text, len, NULL, take_first, &d, &err) != 0) {
        diag_error_at(path, err.line, err.col, "%s", err.message);
        if (d)
            doc_free(d);
        d = NULL;
    } else if (!d) {
        diag_error_at(path, 1, 1, "empty file");
    }
    free(text);
    return d;
}

struct doc *node_host_flag_doc(struct node_host *h, enum node_component c, const char *flag,
                               const char **path, const char **problem)
{
    *path = node_host_flag(h, c, flag);
    if (!*path) {
        *problem = arena_printf(&h->arena, "%s not set", flag);
        return NULL;
    }
    bool missing;
    struct doc *d = node_load_doc(node_host_path(h, *path), &missing);
    if (!d) {
        h->input_errors += !missing;
        *problem = arena_printf(&h->arena, "%s %s", *path,
                                missing ? "does not exist" : "does not parse");
    }
    return d;
}

static bool covers_secrets(const struct node *resource)
{
    const struct node *names = node_get(resource, "resources");
    for (size_t j = 0; j < node_len(names); j++)
        if (node_str_eq(node_at(names, j), "secrets") || node_str_eq(node_at(names, j), "*.*"))
            return true;
    return false;
}

const char *node_encryption_provider(struct node_host *h, const char **problem)
{
    if (!h->encryption_read) {
        h->encryption_read = true;
        const char *path;
        struct doc *d = node_host_flag_doc(h, NODE_APISERVER, "--encryption-provider-config",
                                           &path, &h->encryption_problem);
        const struct node *res = d ? node_get(d->root, "resources") : NULL;
        for (size_t i = 0; i < node_len(res) && !h->encryption_provider; i++) {
            if (!covers_secrets(node_at(res, i)))
                continue;
            const struct node *p0 = node_at(node_get(node_at(res, i), "providers"), 0);
            if (node_is_map(p0) && node_len(p0) && node_text(node_key(p0, 0)))
                h->encryption_provider = arena_strdup(&h->arena, node_text(node_key(p0, 0)));
            else
                h->encryption_problem = arena_printf(&h->arena, "%s lists no provider for secrets",
                                                     path);
            break;
        }
        if (d && !h->encryption_provider && !h->encryption_problem)
            h->encryption_problem = arena_printf(&h->arena, "%s covers no secrets", path);
        if (d)
            doc_free(d);
    }
    *problem = h->encryption_problem;
    return h->encryption_provider;
}

static void add_process(struct node_host *h, const char *pid)
{
    const char *path = arena_printf(&h->arena, "%s/proc/%s/cmdline", h->root, pid);
    size_t len;
    char *buf = input_slurp(path, CMDLINE_MAX, &len);
    if (!buf)
        return;
    struct node_args a;
    size_t shift;
    enum node_component c;
    if (node_args_from_cmdline(&a, buf, len, &h->arena) &&
        (c = node_component_of(&a, &shift)) != NODE_NONE && h->comp[c].source != NODE_SRC_PROCESS) {
        h->comp[c] = (struct node_running){
            .source = NODE_SRC_PROCESS,
            .args = {a.argv + shift, a.argc - shift},
            .origin = path,
        };
    }
    free(buf);
}

static void read_processes(struct node_host *h)
{
    DIR *d = opendir(node_host_path(h, "/proc"));
    if (!d)
        return;
    /* in pid order, so the oldest process of a component is the one read */
    struct dirent *e;
    long pids[4096];
    size_t n = 0;
    while ((e = readdir(d)) && n < sizeof pids / sizeof *pids)
        if (isdigit((unsigned char)e->d_name[0]))
            pids[n++] = strtol(e->d_name, NULL, 10);
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && pids[j - 1] > pids[j]; j--) {
            long t = pids[j];
            pids[j] = pids[j - 1];
            pids[j - 1] = t;
        }
    char pid[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(pid, sizeof pid, "%ld", pids[i]);
        add_process(h, pid);
    }
}

/* "registry.k8s.io/kube-apiserver:v1.32.3" -> "1.32" */
static void note_version(struct node_host *h, const char *image)
{
    const char *tag = image ? strrchr(image, ':') : NULL;
    if (h->version || !tag || tag[1] != 'v' || !isdigit((unsigned char)tag[2]))
        return;
    const char *dot = strchr(tag + 2, '.');
    if (!dot)
        return;
    size_t n = (size_t)(dot - tag - 2) + 1 + strspn(dot + 1, "0123456789");
    h->version = arena_strndup(&h->arena, tag + 2, n);
}

bool node_pod_command(const struct node *pod, struct node_args *a, const struct node **container,
                      struct arena *arena)
{
    const struct node *c0 = node_at(node_path(pod, "spec.containers"), 0);
    *container = c0;
    *a = (struct node_args){0};
    if (!node_is_map(c0))
        return false;
    const struct node *cmd = node_get(c0, "command"), *args = node_get(c0, "args");
    for (size_t i = 0; i < node_len(cmd); i++)
        if (node_text(node_at(cmd, i)))
            node_args_push(a, node_text(node_at(cmd, i)), arena);
    if (a->argc == 0 && node_str(node_get(c0, "name")))
        node_args_push(a, node_str(node_get(c0, "name")), arena);
    for (size_t i = 0; i < node_len(args); i++)
        if (node_text(node_at(args, i)))
            node_args_push(a, node_text(node_at(args, i)), arena);
    return a->argc > 0;
}

static void add_manifest(struct node_host *h, const char *path)
{
    bool missing;
    struct doc *d = node_load_doc(path, &missing);
    if (!d) {
        h->input_errors += !missing;
        return;
    }
    struct node_args a;
    const struct node *c0;
    size_t shift;
    enum node_component c = node_pod_command(d->root, &a, &c0, &h->arena)
                                ? node_component_of(&a, &shift)
                                : NODE_NONE;
    if (c != NODE_NONE) {
        note_version(h, node_str(node_get(c0, "image")));
        if (h->comp[c].source == NODE_SRC_NONE)
            h->comp[c] = (struct node_running){
                .source = NODE_SRC_MANIFEST,
                .args = {a.argv + shift, a.argc - shift},
                .origin = path,
                .line = c0->line,
            };
        if (!h->comp[c].manifest)
            h->comp[c].manifest = path;
    }
    doc_free(d);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void read_manifests(struct node_host *h)
{
    const char *dir = node_host_path(h, h->manifest_dir);
    DIR *d = opendir(dir);
    if (!d)
        return;
    const char *files[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < sizeof files / sizeof *files) {
        const char *dot = strrchr(e->d_name, '.');
        if (e->d_name[0] != '.' && dot &&
            (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".json") ||
             !strcmp(dot, ".manifest")))
            files[n++] = arena_printf(&h->arena, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(files, n, sizeof *files, by_string);
    for (size_t i = 0; i < n; i++)
        add_manifest(h, files[i]);
}

static void load_config(struct node_host *h, enum node_component c)
{
    const char *path = node_host_flag(h, c, "--config");
    if (!path && c == NODE_KUBELET)
        path = "/var/lib/kubelet/config.yaml";
    if (!path)
        return;
    bool missing;
    h->config_doc[c] = node_load_doc(node_host_path(h, path), &missing);
    h->config[c] = h->config_doc[c] ? h->config_doc[c]->root : NULL;
    h->config_path[c] = arena_strdup(&h->arena, path);
    h->input_errors += !h->config[c] && !missing;
}

void node_host_discover(struct node_host *h, const char *root)
{
    memset(h, 0, sizeof *h);
    h->root = root && strcmp(root, "/") != 0 ? root : "";
    read_processes(h);
    if (!h->comp[NODE_KUBELET].source &&
        node_unit_load(&h->kubelet_unit, h->root, "kubelet.service", &h->arena)) {
        h->comp[NODE_KUBELET] = (struct node_running){
            .source = NODE_SRC_UNIT,
            .args = h->kubelet_unit.args,
            .origin = h->kubelet_unit.exec_file,
            .line = h->kubelet_unit.exec_line,
        };
    } else if (!h->kubelet_unit.nfiles) {
        node_unit_load(&h->kubelet_unit, h->root, "kubelet.service", &h->arena);
    }
    load_config(h, NODE_KUBELET);
    const char *static_path = node_host_flag(h, NODE_KUBELET, "--pod-manifest-path");
    if (!static_path)
        static_path = node_text(node_host_key(h, NODE_KUBELET, "staticPodPath"));
    h->manifest_dir = static_path ? static_path : "/etc/kubernetes/manifests";
    read_manifests(h);
    load_config(h, NODE_PROXY);
}

void node_host_free(struct node_host *h)
{
    for (int c = 0; c < NODE_COMPONENT_COUNT; c++)
        if (h->config_doc[c])
            doc_free(h->config_doc[c]);
    arena_free(&h->arena);
}
