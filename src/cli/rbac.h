/* rbac.h — what the `ringwall rbac` subcommands share: their options, and
 * the paths subcommand (rbac_paths.c) that rbac.c dispatches to. */
#ifndef RINGWALL_CLI_RBAC_H
#define RINGWALL_CLI_RBAC_H

#include <stdbool.h>
#include <stdio.h>

#include "../rbac/query.h"

struct rbac_options {
    const char *format;        /* text, json (risks: every scan format) */
    const char *output;        /* -o FILE; NULL for stdout */
    const char *namespace;     /* -n */
    bool all_namespaces;       /* -A */
    const char *name;          /* --name */
    const char *subresource;   /* --subresource */
    const char *to;            /* paths --to */
    const char *from;          /* paths --from */
    const char *fail_on;       /* risks --fail-on */
    bool allow_empty;          /* --allow-empty */
    char **args;               /* positional arguments */
    int nargs;
};

/* `rbac paths` over a loaded model, printed to out; returns the exit status. */
int rbac_cmd_paths(struct rbac_model *m, const struct rbac_options *o, bool json, FILE *out);

#endif
