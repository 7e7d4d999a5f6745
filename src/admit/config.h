/* config.h — the admit: section of ringwall.yaml, read into an
 * admit_policy with the same strictness as the rest of the file (an
 * unknown key, a wrong type or a pattern that matches no check is an error
 * at FILE:LINE:COL). Keys: docs/admit.md. */
#ifndef RINGWALL_ADMIT_CONFIG_H
#define RINGWALL_ADMIT_CONFIG_H

#include <stdbool.h>

#include "../checks/config_file.h"
#include "policy.h"

/* The section reader config_file_load_admit calls; ctx is the policy. */
void admit_config_section(struct cf *cf, const struct node *v, void *ctx);

/* "LEVEL[:VERSION]" or "none" (Pod Security off). */
bool admit_pss_parse(const char *s, struct pss_policy *out, bool *off);
/* "deny" or "allow" (true). */
bool admit_failure_parse(const char *s, bool *allow);
/* A pattern against a check id (catalog ids, aliases and globs; the
 * webhook's own admit/... and pss/... ids by glob). */
bool admit_id_matches(const char *id, const char *pattern);

#endif
