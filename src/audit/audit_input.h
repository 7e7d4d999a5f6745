/* audit_input.h — read an audit log (plain or gzip, a file or standard
 * input) and cut it into records: one JSON value per line (the API server's
 * log backend), or, when the first value spans several lines, the rest of
 * the input as one value (an EventList or a JSON array, pretty-printed). */
#ifndef RINGWALL_AUDIT_INPUT_H
#define RINGWALL_AUDIT_INPUT_H

#include <stdio.h>

#include "audit_event.h"

struct audit_input_stats {
    unsigned long records, events, rejected;
    unsigned long long bytes;
};

/* Decodes every record of `in` (display name `name`), handing events to fn.
 * Returns 0, or -1 after a read error (reported). */
int audit_input_read(const char *name, FILE *in, audit_event_fn fn, void *ctx,
                     struct audit_input_stats *st);

/* Decodes one record (a line's text; a blank one is no record), counting it
 * in st: what audit_input_read does for each line, for readers of their
 * own (audit_follow.h). */
void audit_input_record(const char *name, unsigned line, const char *s, size_t n,
                        audit_event_fn fn, void *ctx, struct audit_input_stats *st);

#endif
