/* node_args.h — a component's command line as its flag parser reads it
 * (--name=value, --name value, a bare --name is true; the last occurrence
 * wins), feature gates (--feature-gates A=true,B=false), and the word
 * splitting /proc/PID/cmdline and systemd ExecStart lines need. */
#ifndef RINGWALL_NODE_ARGS_H
#define RINGWALL_NODE_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"

struct node_args {
    const char **argv; /* argv[0] is the program */
    size_t argc;
};

/* The value of flag `name` (with its dashes), or NULL when it is not given.
 * A bare flag (followed by another flag, or last) reads "true". */
const char *node_args_get(const struct node_args *a, const char *name);

/* The value of feature gate `gate` in a --feature-gates list ("A=true,B=false"),
 * or NULL when the list does not name it. */
const char *node_gate_get(const char *gates, const char *gate, struct arena *arena);

/* Splits NUL-separated /proc/PID/cmdline bytes into a->argv (strings copied
 * into arena). False when there is no word at all. */
bool node_args_from_cmdline(struct node_args *a, const char *buf, size_t len, struct arena *arena);

/* Appends one word to a->argv. */
void node_args_push(struct node_args *a, const char *word, struct arena *arena);

/* The basename of a program path ("/usr/bin/kubelet" -> "kubelet"). */
const char *node_basename(const char *path);

#endif
