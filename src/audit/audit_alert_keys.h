/* audit_alert_keys.h — what tells one alert from another in an alerts file
 * written by `audit --follow -o FILE`, and a multiset of such keys. After a
 * crash, the alerts written past the checkpoint stay in the file; their
 * keys are collected, and the alerts that reading the same events again
 * produces are left out of the file, each key consumed once.
 *
 * A key is a 64-bit hash of, per format (one alert per line):
 *   jsonl: the rule and the auditID (the engine alerts once per rule and
 *          auditID); without an auditID, the rule, time and output;
 *   falco: the rule and the output (the event's time leads it);
 *   text:  the line after its "FILE:LINE: " source (the same event read
 *          from a rotated, compressed file has another source).
 * `json` (one document per run) has no per-line alerts: no keys. */
#ifndef RINGWALL_AUDIT_ALERT_KEYS_H
#define RINGWALL_AUDIT_ALERT_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit_alert.h"

struct alert_keys {
    uint64_t *key;        /* open addressing; 0: an empty slot */
    unsigned *count;
    size_t cap, used;     /* slots, slots in use (counts may drop to 0) */
    size_t total;         /* the sum of the counts */
};

/* The key of one alert line (without its newline); false when the line is
 * not an alert of that format. */
bool alert_key_of_line(enum audit_format f, const char *line, size_t len, uint64_t *key);

void alert_keys_add(struct alert_keys *k, uint64_t key);
/* True, and one count of key consumed, when key is there. */
bool alert_keys_take(struct alert_keys *k, uint64_t key);
/* Every key, once per count (*out malloc'd; a checkpoint's record). */
size_t alert_keys_export(const struct alert_keys *k, uint64_t **out);
void alert_keys_free(struct alert_keys *k);

/* What a tail of an alerts file holds: the keys of its whole lines added to
 * k; *whole is the length of its whole lines (what follows is a last line
 * without its newline), *unkeyed the number of whole lines that are not
 * alerts of the format. */
void alert_keys_of_text(enum audit_format f, const char *p, size_t len, struct alert_keys *k,
                        size_t *whole, size_t *unkeyed);

#endif
