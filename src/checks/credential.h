/* credential.h — does a name or a value look like a credential? Shared by
 * workload/secret-in-env and configmap/credentials. Heuristics, tuned on
 * real install manifests: names are matched on their letters only
 * ("DB_PASSWORD", "dbPassword", "db-password"), and names that point at a
 * credential rather than hold one ("PASSWORD_FILE", "TOKEN_URL",
 * "secretName") are left out. */
#ifndef RINGWALL_CREDENTIAL_H
#define RINGWALL_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>

/* A key or variable name that suggests a credential value. */
bool credential_name(const char *name);

/* A literal that could be a credential: not empty, not a $(VAR)/${VAR}
 * reference, not a boolean. */
bool credential_literal(const char *value);

/* What credential material a value contains ("a private key", "an AWS access
 * key", "a JSON Web Token", "a connection string with a password", ...), or
 * NULL. Placeholders ($, {, <, %, *) in a password's place are not. */
const char *credential_material(const char *value, size_t len);

#endif
