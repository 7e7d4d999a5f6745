/* suppress.h — the ringwall.io/ignore annotation:
 *   "workload/privileged=needs raw devices, image/latest-tag, image/no-digest[sidecar]=vendor image"
 * Entries are comma-separated; each is a check id, alias or glob, optionally
 * limited to one container with [name], optionally followed by =reason. */
#ifndef RINGWALL_SUPPRESS_H
#define RINGWALL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

struct check;

/* True when the annotation value suppresses `check` for `container` (NULL for
 * object-level findings); the reason is written to reason[size]. */
bool suppress_match(const char *annotation, const struct check *check, const char *container,
                    char *reason, size_t size);

#endif
