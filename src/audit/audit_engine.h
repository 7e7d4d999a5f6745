/* audit_engine.h — runs a compiled rule set over events: every rule's
 * condition, stateful counting for ringwall's threshold and first-seen rules,
 * and once-per-rule-per-auditID deduplication (an event logged at several
 * stages alerts once). */
#ifndef RINGWALL_AUDIT_ENGINE_H
#define RINGWALL_AUDIT_ENGINE_H

#include "audit_rules.h"
#include "audit_state.h"

struct audit_alert {
    const struct audit_rule *rule;
    struct audit_event *ev;
    const char *output;  /* the rendered output string */
    unsigned count;      /* stateful: events counted in the window; else 0 */
};

typedef void (*audit_alert_fn)(const struct audit_alert *a, void *ctx);

/* Seen (rule, auditID) pairs: two generations of a fixed-size hash set, so
 * memory stays bounded. */
struct audit_seen {
    uint64_t *cur, *old;
    size_t cap, ncur;
};

struct audit_engine {
    struct audit_ruleset *rs;
    struct audit_vals *cache;
    uint32_t gen;
    struct audit_state *states; /* per rule (used by stateful rules) */
    struct audit_seen seen;
    audit_alert_fn fn;
    void *ctx;
    unsigned long long events, alerts;
    /* Rule conditions that matched: the rules' memory (stateful keys, seen
     * requests) changes only then. */
    unsigned long long matched;
};

void audit_engine_init(struct audit_engine *e, struct audit_ruleset *rs, audit_alert_fn fn,
                       void *ctx);
/* An audit_event_fn: evaluates every rule on the event. */
bool audit_engine_event(struct audit_event *ev, void *engine);
void audit_engine_free(struct audit_engine *e);
/* Keys the stateful rules dropped: evicted at the cap, expired. */
unsigned long long audit_engine_evicted(const struct audit_engine *e);
unsigned long long audit_engine_expired(const struct audit_engine *e);

/* The (rule, auditID) pairs that alerted, as the hashes the engine keeps
 * (older first; *out malloc'd), and putting them back: a checkpoint's way
 * to keep a request from alerting again after a restart. */
size_t audit_engine_seen_export(const struct audit_engine *e, uint64_t **out);
void audit_engine_seen_import(struct audit_engine *e, const uint64_t *h, size_t n);

/* The output template of a rule rendered for an event: %field replaced by
 * its value (a list as "(a,b)"), <NA> when absent. */
const char *audit_render(const struct audit_rule *r, struct audit_event *ev);
/* One field's value as rendered in outputs; NULL when absent. */
const char *audit_render_field(const struct audit_field *f, struct audit_event *ev);

#endif
