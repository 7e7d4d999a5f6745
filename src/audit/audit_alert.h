/* audit_alert.h — alerts as text, one JSON report, JSON lines, or Falco's
 * own JSON alert layout. */
#ifndef RINGWALL_AUDIT_ALERT_H
#define RINGWALL_AUDIT_ALERT_H

#include <stdio.h>

#include "audit_engine.h"
#include "../output/jsonw.h"

enum audit_format { AUDIT_TEXT, AUDIT_JSON, AUDIT_JSONL, AUDIT_FALCO };

struct alert_keys;

struct audit_writer {
    FILE *out;
    enum audit_format format;
    struct jsonw w; /* AUDIT_JSON: the report being written */
    unsigned long long n;
    /* Alerts already in the file (audit_alert_keys.h): an alert with one of
     * these keys is not written, its key consumed (not for AUDIT_JSON). */
    struct alert_keys *skip;
    unsigned long long skipped;
};

void audit_writer_begin(struct audit_writer *aw, FILE *out, enum audit_format f);
void audit_writer_alert(struct audit_writer *aw, const struct audit_alert *a);
/* Closes the report (json) with the run's counts. */
void audit_writer_end(struct audit_writer *aw, const struct audit_engine *e,
                      unsigned long long rejected);

#endif
