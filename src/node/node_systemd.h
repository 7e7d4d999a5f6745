/* node_systemd.h — the kubelet's command line as systemd would start it,
 * read from its unit and drop-ins under a root directory: [Service]
 * ExecStart= (an empty assignment resets the list), Environment= and
 * EnvironmentFile= (a leading '-' tolerates a missing file; files override
 * Environment=), and $VAR / ${VAR} expansion in ExecStart (an unquoted $VAR
 * splits into words, ${VAR} stays one word). kubeadm's 10-kubeadm.conf,
 * /etc/default/kubelet, /etc/sysconfig/kubelet and kubeadm-flags.env all come
 * in this way. */
#ifndef RINGWALL_NODE_SYSTEMD_H
#define RINGWALL_NODE_SYSTEMD_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "node_args.h"

enum { NODE_UNIT_MAX_FILES = 32 };

struct node_unit {
    struct node_args args;                  /* the last ExecStart after resets */
    const char *files[NODE_UNIT_MAX_FILES]; /* the unit, then its drop-ins (under root) */
    size_t nfiles;
    const char *exec_file;                  /* the file whose ExecStart won */
    unsigned exec_line;
};

/* Assembles unit `name` (e.g. "kubelet.service") from the systemd
 * directories under root ("" for /). False when no unit file exists or none
 * sets ExecStart. Strings live in arena. */
bool node_unit_load(struct node_unit *u, const char *root, const char *name, struct arena *arena);

/* The pieces, for the fuzz target and tests: one unit file's text applied to
 * the state, and an environment file's text read into it. */
struct node_unit_state;
/* root NULL: EnvironmentFile= is noted but not read. */
struct node_unit_state *node_unit_state_new(struct arena *arena, const char *root);
void node_unit_apply(struct node_unit_state *st, const char *file, const char *text, size_t len,
                     const char *root);
void node_unit_env_file(struct node_unit_state *st, const char *text, size_t len);
bool node_unit_finish(struct node_unit_state *st, struct node_unit *u);

#endif
