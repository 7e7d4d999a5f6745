/* audit_state.c — keyed sliding windows with expiry and an LRU cap
 * (audit_state.h). */
#include "audit_state.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/strmap.h"

struct audit_state_entry {
    struct audit_state_entry *next;             /* bucket chain */
    struct audit_state_entry *newer, *older;    /* LRU list */
    uint64_t hash, last;
    unsigned n, head;                           /* times stored, ring start */
    uint64_t *times;
    size_t klen;
    char key[];
};

void audit_state_init(struct audit_state *s, unsigned threshold, double window_s, size_t cap)
{
    memset(s, 0, sizeof *s);
    s->threshold = threshold;
    s->window_ns = (uint64_t)(window_s * 1e9);
    s->cap = cap ? cap : 1;
    s->nbuckets = 1024;
    s->buckets = xcalloc(s->nbuckets, sizeof *s->buckets);
}

static void lru_unlink(struct audit_state *s, struct audit_state_entry *e)
{
    if (e->newer)
        e->newer->older = e->older;
    else
        s->lru_head = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        s->lru_tail = e->newer;
    e->newer = e->older = NULL;
}

static void lru_front(struct audit_state *s, struct audit_state_entry *e)
{
    e->older = s->lru_head;
    e->newer = NULL;
    if (s->lru_head)
        s->lru_head->newer = e;
    s->lru_head = e;
    if (!s->lru_tail)
        s->lru_tail = e;
}

static void remove_entry(struct audit_state *s, struct audit_state_entry *e)
{
    struct audit_state_entry **pp = &s->buckets[e->hash & (s->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->next;
    *pp = e->next;
    lru_unlink(s, e);
    free(e->times);
    free(e);
    s->count--;
}

static void grow(struct audit_state *s)
{
    size_t nb = s->nbuckets * 2;
    struct audit_state_entry **b = xcalloc(nb, sizeof *b);
    for (size_t i = 0; i < s->nbuckets; i++)
        for (struct audit_state_entry *e = s->buckets[i], *next; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (nb - 1)];
            b[e->hash & (nb - 1)] = e;
        }
    free(s->buckets);
    s->buckets = b;
    s->nbuckets = nb;
}

/* Drops keys not seen within the window (oldest first), then evicts the
 * least recently seen while at the cap. */
static void make_room(struct audit_state *s, uint64_t t)
{
    while (s->lru_tail && s->lru_tail->last + s->window_ns < t) {
        remove_entry(s, s->lru_tail);
        s->expired++;
    }
    while (s->count >= s->cap && s->lru_tail) {
        remove_entry(s, s->lru_tail);
        s->evicted++;
    }
}

static struct audit_state_entry *find(struct audit_state *s, const char *key, size_t len,
                                      uint64_t h)
{
    for (struct audit_state_entry *e = s->buckets[h & (s->nbuckets - 1)]; e; e = e->next)
        if (e->hash == h && e->klen == len && memcmp(e->key, key, len) == 0)
            return e;
    return NULL;
}

/* A new entry for key, made the most recently seen (room made first). */
static struct audit_state_entry *insert(struct audit_state *s, const char *key, size_t len,
                                        uint64_t h, uint64_t t)
{
    make_room(s, t);
    if (s->count * 2 >= s->nbuckets)
        grow(s);
    struct audit_state_entry *e = xcalloc(1, sizeof *e + len);
    e->hash = h;
    e->klen = len;
    memcpy(e->key, key, len);
    e->times = s->threshold ? xcalloc(s->threshold, sizeof *e->times) : NULL;
    e->next = s->buckets[h & (s->nbuckets - 1)];
    s->buckets[h & (s->nbuckets - 1)] = e;
    s->count++;
    e->last = t;
    lru_front(s, e);
    return e;
}

bool audit_state_hit(struct audit_state *s, const char *key, size_t len, uint64_t t,
                     unsigned *count)
{
    uint64_t h = fnv1a(FNV1A_INIT, key, len);
    struct audit_state_entry *e = find(s, key, len, h);
    if (e && e->last + s->window_ns < t) { /* not seen for a window: forgotten */
        remove_entry(s, e);
        s->expired++;
        e = NULL;
    }
    if (!e) {
        e = insert(s, key, len, h, t);
        if (s->threshold == 0) {
            *count = 1;
            return true;
        }
    } else {
        lru_unlink(s, e);
        lru_front(s, e);
        if (t > e->last)
            e->last = t;
    }
    if (s->threshold == 0) {
        *count = 0;
        return false;
    }
    /* drop times that fell out of the window */
    while (e->n && e->times[e->head] + s->window_ns < t) {
        e->head = (e->head + 1) % s->threshold;
        e->n--;
    }
    if (e->n == s->threshold) { /* full: the oldest goes */
        e->head = (e->head + 1) % s->threshold;
        e->n--;
    }
    e->times[(e->head + e->n) % s->threshold] = t;
    e->n++;
    *count = e->n;
    if (e->n < s->threshold)
        return false;
    e->n = 0;
    e->head = 0;
    return true;
}

void audit_state_free(struct audit_state *s)
{
    while (s->lru_tail)
        remove_entry(s, s->lru_tail);
    free(s->buckets);
    memset(s, 0, sizeof *s);
}

void audit_state_each(const struct audit_state *s, audit_state_key_fn fn, void *ctx)
{
    uint64_t *times = s->threshold ? xcalloc(s->threshold, sizeof *times) : NULL;
    for (const struct audit_state_entry *e = s->lru_tail; e; e = e->newer) {
        for (unsigned i = 0; i < e->n; i++)
            times[i] = e->times[(e->head + i) % s->threshold];
        fn(e->key, e->klen, e->last, times, e->n, ctx);
    }
    free(times);
}

void audit_state_restore(struct audit_state *s, const char *key, size_t len, uint64_t last,
                         const uint64_t *times, unsigned n)
{
    uint64_t h = fnv1a(FNV1A_INIT, key, len);
    struct audit_state_entry *e = find(s, key, len, h);
    if (e)
        remove_entry(s, e);
    e = insert(s, key, len, h, last);
    if (n > s->threshold) {
        times += n - s->threshold;
        n = s->threshold;
    }
    for (unsigned i = 0; i < n; i++)
        e->times[i] = times[i];
    e->n = n;
}
