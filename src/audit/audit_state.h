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

/* Saving and restoring the keys (a checkpoint): each key with the time it
 * was last seen and the times still counted (oldest first). */
typedef void (*audit_state_key_fn)(const char *key, size_t len, uint64_t last,
                                   const uint64_t *times, unsigned n, void *ctx);
/* Visits every key, least recently seen first. */
void audit_state_each(const struct audit_state *s, audit_state_key_fn fn, void *ctx);
/* Adds a key as saved, as the most recently seen (so restoring in the order
 * audit_state_each gave keeps the order); times beyond the threshold are
 * dropped, oldest first. The cap applies as for a new key. */
void audit_state_restore(struct audit_state *s, const char *key, size_t len, uint64_t last,
                         const uint64_t *times, unsigned n);

#endif
