/* audit_gke.h — GKE Cloud Audit Log records (protoPayload) mapped onto the
 * fields of an audit.k8s.io Event. */
#ifndef RINGWALL_AUDIT_GKE_H
#define RINGWALL_AUDIT_GKE_H

#include <stdbool.h>

#include "../core/doc.h"
#include "audit_text.h"

/* Writes the Event equivalent to the record as JSON into b; false when the
 * record is not about the Kubernetes API (methodName not io.k8s.*). */
bool audit_gke_to_event(const struct node *rec, struct audit_buf *b);

#endif
