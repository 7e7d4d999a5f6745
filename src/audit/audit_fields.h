/* audit_fields.h — the fields a rule can read from an audit event: every
 * ka.* field of Falco's k8saudit plugin, with its semantics (objects and
 * numbers read as their JSON text, lists flattened), plus jevt.value[/json
 * pointer], jevt.obj, jevt.time and jevt.rawtime. */
#ifndef RINGWALL_AUDIT_FIELDS_H
#define RINGWALL_AUDIT_FIELDS_H

#include <stdbool.h>

#include "audit_event.h"

struct audit_field_def;

/* A field reference: definition plus its [argument] (or NULL). */
struct audit_field {
    const struct audit_field_def *def;
    const char *name; /* as written, argument included */
    const char *arg;
    unsigned slot;    /* index into the per-event cache */
};

/* Finds a field by name (without the argument); NULL when unknown. */
const struct audit_field_def *audit_field_lookup(const char *name, size_t len);
/* Does the field need / accept an argument? */
bool audit_field_arg_required(const struct audit_field_def *d);
bool audit_field_is_list(const struct audit_field_def *d);

/* The field's values for an event, extracted on first use and cached. */
const struct audit_vals *audit_field_get(const struct audit_field *f, struct audit_event *ev);

/* The event's time (stageTimestamp, else requestReceivedTimestamp, else
 * timestamp) as text, and in nanoseconds since the epoch (0: none). */
const char *audit_event_time(const struct audit_event *ev);
unsigned long long audit_event_time_ns(const struct audit_event *ev);

/* Every field name, for listings and documentation (NULL-terminated). */
const char *audit_field_name_at(size_t i);

#endif
