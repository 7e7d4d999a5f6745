/* admit_cli.h — what `admit review` and `admit serve` share: the parsed
 * command line and building the policy from it. */
#ifndef RINGWALL_ADMIT_CLI_H
#define RINGWALL_ADMIT_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "../admit/policy.h"

struct admit_cli {
    const char *config;
    struct admit_option *opts; /* policy options, in command-line order */
    size_t nopts;
    bool batch, log;
    const char *listen, *tls_cert, *tls_key;
    unsigned threads;
    unsigned long max_body;
};

/* The configuration file, then the options over it; false after reporting.
 * first: the process's first load (pod-locations are applied only then). */
bool admit_cli_policy(const struct admit_cli *o, struct admit_policy *p, bool first);

/* `admit serve`; nargs: operands left after the options (none allowed). */
int admit_serve(const struct admit_cli *o, int nargs);

#endif
