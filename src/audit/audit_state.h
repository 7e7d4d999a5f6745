/* audit_state.h — bounded memory for stateful rules: per key, the times of
 * the last N matching events. Keys expire after the window; when the cap is
 * reached the least recently seen key is evicted (and counted). */
#ifndef RINGWALL_AUDIT_STATE_H
#define RINGWALL_AUDIT_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct audit_state_entry;

struct audit_state {
    struct audit_state_entry **buckets;
    size_t nbuckets, count, cap;
    unsigned threshold;
    uint64_t window_ns;
    struct audit_state_entry *lru_head, *lru_tail; /* head: most recent */
    unsigned long long evicted, expired;
};

void audit_state_init(struct audit_state *s, unsigned threshold, double window_s, size_t cap);
/* Records an event for key at time t (ns). Returns true when the key now has
 * `threshold` events within the window (the key's history is then cleared,
 * so the next alert needs `threshold` new events); *count gets the number of
 * events in the window. With threshold 0 (first seen), true the first time
 * the key is seen. */
bool audit_state_hit(struct audit_state *s, const char *key, size_t len, uint64_t t,
                     unsigned *count);
void audit_state_free(struct audit_state *s);

#endif
