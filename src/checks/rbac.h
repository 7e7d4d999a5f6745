/* rbac.h — the "rbac" check family's knobs shared with `ringwall rbac`:
 * where the default (bootstrap) roles come from. */
#ifndef RINGWALL_CHECKS_RBAC_H
#define RINGWALL_CHECKS_RBAC_H

#include <stdbool.h>

#include "../rbac/model.h"

/* dir: --bootstrap DIR (NULL: the policy built into the binary); off:
 * --no-bootstrap. */
void rbac_checks_set_bootstrap(const char *dir, bool off);
/* Loads the chosen bootstrap policy into m; false after reporting errors. */
bool rbac_checks_load_bootstrap(struct rbac_model *m);

#endif
