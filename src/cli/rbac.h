/* rbac.h — shared pieces of the `ringwall rbac` subcommands: options,
 * loading the model from paths, and printing grants. */
#ifndef RINGWALL_CLI_RBAC_H
#define RINGWALL_CLI_RBAC_H

#include <stdbool.h>
#include <stdio.h>

#include "../output/jsonw.h"
#include "../rbac/query.h"

struct rbac_options {
    const char *format;        /* text, json (risks: every scan format) */
    const char *namespace;     /* -n */
    bool all_namespaces;       /* -A */
    const char *name;          /* --name */
    const char *subresource;   /* --subresource */
    const char *to;            /* paths --to */
    const char *from;          /* paths --from */
    const char *fail_on;       /* risks --fail-on */
    char **args;               /* positional arguments */
    int nargs;
};

/* Loads the paths into m (bootstrap first); false after input errors. */
bool rbac_cli_load(struct rbac_model *m, char **paths, int npaths);

void rbac_json_grant(struct jsonw *w, const struct rbac_grant *g);
void rbac_text_grant(FILE *out, const struct rbac_grant *g, bool with_scope);

int rbac_cmd_paths(struct rbac_model *m, const struct rbac_options *o, bool json);

#endif
