/* deprecated_api.h — the release `scan --target-version` names, for the
 * api/removed and api/deprecated checks (deprecated_api.c). */
#ifndef RINGWALL_DEPRECATED_API_H
#define RINGWALL_DEPRECATED_API_H

#include <stdbool.h>

/* "v1.32" or "1.32" (a patch release is accepted and ignored): the minor
 * release; false for anything else. */
bool api_target_parse(const char *s, unsigned *minor);

#endif
