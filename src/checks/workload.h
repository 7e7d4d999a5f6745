/* workload.h — helpers shared by the workload check files (workload.c,
 * workload_host.c, workload_profiles.c, workload_runtime.c): capability
 * names as the runtimes read them, host paths, and the first present node to
 * point a finding at. */
#ifndef RINGWALL_WORKLOAD_H
#define RINGWALL_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"
#include "../k8s/pod.h"

/* Is the capability list item `n` the capability `name` (upper case, no
 * prefix)? Runtimes upper-case names and add the CAP_ prefix when missing, so
 * "sys_admin", "CAP_SYS_ADMIN" and "SYS_ADMIN" are the same capability; ALL is
 * a keyword of its own (any case, no prefix). */
bool capability_is(const struct node *n, const char *name);

/* The item of a capability list (add or drop) naming `name`, or NULL. */
const struct node *capability_find(const struct node *list, const char *name);

/* securityContext.capabilities.<which> of a container, or NULL. */
const struct node *container_capabilities(const struct container_view *c, const char *which);

/* Lexically cleans an absolute host path ("/etc/../var//run/" -> "/var/run")
 * into out; false when it does not fit. */
bool host_path_clean(const char *path, char *out, size_t size);

/* Is `path` (clean) `dir` or below it? */
bool host_path_under(const char *path, const char *dir);

/* Does a clean host path reach a container runtime socket: the socket
 * itself or a directory above it (other than / and /var)? */
bool host_path_reaches_runtime(const char *path);

/* The clean hostPath.path of a volume into buf, or NULL when the volume is
 * not a hostPath or the path is not a string. */
const char *volume_host_path(const struct node *volume, char *buf, size_t size);

/* Where a container finding points: the first present of a, b, the
 * container's securityContext and the container itself. */
const struct node *container_at(const struct container_view *c, const struct node *a,
                                const struct node *b);

#endif
