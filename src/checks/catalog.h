/* catalog.h — the single table of checks, built from each family's rows.
 * `ringwall checks`, `explain`, SARIF rules and docs/checks.md all read it. */
#ifndef RINGWALL_CATALOG_H
#define RINGWALL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "check.h"

size_t catalog_count(void);
const struct check *catalog_at(size_t i);
/* Index of a check in the catalog (for per-check configuration arrays). */
size_t catalog_index(const struct check *c);
/* Exact id or alias (KSV-0017, CKV_K8S_16, C-0057, kube-linter names). */
const struct check *catalog_find(const char *id_or_alias);

size_t catalog_family_count(void);
const struct check_family *catalog_family_at(size_t i);

/* Does id match a pattern: an exact id, an alias, or a glob (workload/...). */
bool catalog_matches(const struct check *c, const char *pattern);

#endif
