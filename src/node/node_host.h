/* node_host.h — what runs on a node and how it is configured, found without
 * running anything: processes (/proc/PID/cmdline under the root), static Pod
 * manifests (the kubelet's staticPodPath, /etc/kubernetes/manifests by
 * default), the kubelet's systemd unit when it is not running, and the config
 * files the command lines name (the kubelet's --config, kube-proxy's
 * --config), loaded with ringwall's YAML/JSON loader. Every path a component
 * names is looked up under the root. */
#ifndef RINGWALL_NODE_HOST_H
#define RINGWALL_NODE_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/doc.h"
#include "node_args.h"
#include "node_defs.h"
#include "node_systemd.h"

enum node_source { NODE_SRC_NONE, NODE_SRC_PROCESS, NODE_SRC_MANIFEST, NODE_SRC_UNIT };

struct node_running {
    enum node_source source;
    struct node_args args;
    const char *origin;   /* /proc/PID/cmdline, the manifest or the unit file (under root) */
    unsigned line;        /* of the command in the manifest or unit, 0 for a process */
    const char *manifest; /* the static Pod manifest that runs it (under root), or NULL */
};

struct node_host {
    const char *root;     /* "" for / */
    struct arena arena;
    struct node_running comp[NODE_COMPONENT_COUNT];
    const char *manifest_dir;      /* on the node (without root) */
    struct node_unit kubelet_unit; /* nfiles 0 when there is none */
    const struct node *config[NODE_COMPONENT_COUNT]; /* --config files (kubelet, kube-proxy) */
    struct doc *config_doc[NODE_COMPONENT_COUNT];    /* what owns them (NULL: borrowed) */
    const char *config_path[NODE_COMPONENT_COUNT]; /* on the node */
    const char *version;           /* Kubernetes minor ("1.32") seen in an image tag, or NULL */
    unsigned input_errors;         /* files that did not parse (reported) */
    bool encryption_read;          /* node_encryption_provider's answer, once */
    const char *encryption_provider, *encryption_problem;
};

const char *node_component_name(enum node_component c); /* kube-apiserver, ... */

/* The component a command line runs (NODE_NONE for another program);
 * *shift is 1 for "hyperkube NAME ...", whose flags follow the second word. */
enum node_component node_component_of(const struct node_args *a, size_t *shift);

/* A Pod's first container's command and args as one command line (the
 * container's name standing for the program when it has no command); the
 * container in *container. False when the Pod has no container. */
bool node_pod_command(const struct node *pod, struct node_args *a, const struct node **container,
                      struct arena *arena);

/* Looks at the node under root ("" or NULL for /). Never fails: what is not
 * found stays empty; a config file that does not parse is reported and
 * counted in input_errors. */
void node_host_discover(struct node_host *h, const char *root);
void node_host_free(struct node_host *h);

/* root + path, in the host's arena. */
const char *node_host_path(struct node_host *h, const char *path);

/* The value of a flag of component c, or NULL (component absent or flag not given). */
const char *node_host_flag(const struct node_host *h, enum node_component c, const char *flag);

/* A config file key (dotted path) of component c, or NULL. */
const struct node *node_host_key(const struct node_host *h, enum node_component c,
                                 const char *key);

/* The file flag of component c names, loaded (free it with doc_free); NULL
 * with *problem saying why: the flag is not set, the file does not exist, or
 * it does not parse (reported, and counted as an input error). *path is the
 * flag's value. */
struct doc *node_host_flag_doc(struct node_host *h, enum node_component c, const char *flag,
                               const char **path, const char **problem);

/* The first provider the API server's encryption config lists for secrets
 * ("aescbc", "identity", ...), or NULL with *problem saying why there is none. */
const char *node_encryption_provider(struct node_host *h, const char **problem);

/* The first document of a YAML or JSON file (path under root already), or
 * NULL: *missing tells a file that does not exist from one that did not parse
 * (reported as FILE:LINE:COL). */
struct doc *node_load_doc(const char *path, bool *missing);

#endif
