/* node_files.h — the files a file check is about, by role (the names
 * data/node/ use): what the running components name on their command
 * lines first, the kubeadm defaults otherwise. */
#ifndef RINGWALL_NODE_FILES_H
#define RINGWALL_NODE_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "node_host.h"

enum { NODE_FILES_MAX = 256 };

/* Fills paths (on the node, without the root) for role; returns how many, or
 * -1 for an unknown role. A role whose file is absent gives the path it would
 * have (the check then says it is missing), except directory walks, which give
 * what they find. */
int node_files(struct node_host *h, const char *role, const char **paths, size_t max);

/* The component whose file a role is (the kube-proxy kubeconfig is
 * kube-proxy's), or NODE_NONE for files of the node itself (PKI, admin
 * kubeconfigs, CNI). */
enum node_component node_file_owner(const char *role);

#endif
