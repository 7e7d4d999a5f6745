/* audit_workload.h — scan's workload checks run on an audit event's
 * requestObject, so that "privileged" in an audit rule means what `ringwall
 * scan` means. Read by the field ringwall.check[CHECK-ID]. */
#ifndef RINGWALL_AUDIT_WORKLOAD_H
#define RINGWALL_AUDIT_WORKLOAD_H

#include <stdbool.h>

#include "audit_event.h"

/* Is `id` a check that runs on pod specs? */
bool audit_workload_check_known(const char *id);

/* Runs check `id` on the request object: false when the object carries no
 * pod spec (or the check is unknown), else *found tells whether the check
 * reports anything. */
bool audit_workload_run(struct audit_event *ev, const char *id, bool *found);

#endif
