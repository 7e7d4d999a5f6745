/* suppress.h — the ringwall.io/ignore annotation, on an object or on its pod
 * template:
 *   workload/privileged="needs raw devices, see RUNBOOK-12", image/latest-tag,
 *   image/no-digest[sidecar]=vendor image
 * Entries are separated by commas or newlines. Each is a check id, alias or
 * glob, optionally limited to containers with [name] (a glob), optionally
 * followed by =reason. A reason that contains a comma is written in double
 * quotes (\" and \\ escape inside them); an unquoted reason ends at the next
 * comma or newline. A malformed entry (unclosed bracket or quote) ignores
 * nothing, so the finding stays visible. */
#ifndef RINGWALL_SUPPRESS_H
#define RINGWALL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

struct check;

/* True when the annotation value suppresses `check` for `container` (NULL for
 * object-level findings, which a [container] entry never matches); the
 * reason is written to reason[size] ("no reason given" when none is). */
bool suppress_match(const char *annotation, const struct check *check, const char *container,
                    char *reason, size_t size);

#endif
