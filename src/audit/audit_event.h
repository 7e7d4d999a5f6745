/* audit_event.h — one Kubernetes audit event as the rules see it: an
 * audit.k8s.io Event mapping (cloud exports already mapped onto it), where it
 * came from, and the per-event cache of extracted field values. Decoding
 * turns a JSON text (a line, an EventList, an array, an AKS or GKE export
 * record) into such events. */
#ifndef RINGWALL_AUDIT_EVENT_H
#define RINGWALL_AUDIT_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/doc.h"

/* Values of one field for one event: absent, or a list of strings (a
 * single-valued field has n == 1). */
struct audit_vals {
    uint32_t gen;        /* event generation this entry was computed for */
    bool present;
    uint32_t n;
    const char **v;
};

struct audit_event {
    const struct node *root; /* the Event mapping */
    const char *file;
    unsigned line;           /* 1-based line of the record in file */
    struct arena *scratch;   /* per-event allocations (values, renderings) */
    struct audit_vals *cache; /* one slot per field of the rule set */
    uint32_t gen;
};

/* Receives each decoded event; returns false to stop. */
typedef bool (*audit_event_fn)(struct audit_event *ev, void *ctx);

/* Decodes one JSON record (the text of a line, or of a multi-line value)
 * starting at `line` of `file`. Events are handed to fn one by one; their
 * documents are freed after the call. Malformed or unrecognised records are
 * reported as warnings with file:line. Returns the number of events, or -1
 * when the record was rejected. */
long audit_decode(const char *file, unsigned line, const char *buf, size_t len,
                  audit_event_fn fn, void *ctx);

/* Is this mapping an audit Event (kind Event, or auditID with stage/verb)? */
bool audit_is_event(const struct node *n);

#endif
