/* audit_engine.c — rule evaluation per event (audit_engine.h). */
#include "audit_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/strmap.h"
#include "audit_text.h"

enum { SEEN_CAP = 1 << 17 };

static bool seen_has(const uint64_t *set, size_t cap, uint64_t h)
{
    for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
        if (set[i] == h)
            return true;
        if (set[i] == 0)
            return false;
    }
}

/* True when (rule, auditID) was already seen; records it otherwise. */
static bool seen_test_and_set(struct audit_seen *s, uint64_t h)
{
    h |= 1; /* never 0: 0 marks an empty slot */
    if (seen_has(s->cur, s->cap, h) || (s->old && seen_has(s->old, s->cap, h)))
        return true;
    if (s->ncur * 2 >= s->cap) {
        if (!s->old)
            s->old = xcalloc(s->cap, sizeof *s->old);
        uint64_t *t = s->old;
        s->old = s->cur;
        s->cur = t;
        memset(s->cur, 0, s->cap * sizeof *s->cur);
        s->ncur = 0;
    }
    size_t i = h & (s->cap - 1);
    while (s->cur[i])
        i = (i + 1) & (s->cap - 1);
    s->cur[i] = h;
    s->ncur++;
    return false;
}

void audit_engine_init(struct audit_engine *e, struct audit_ruleset *rs, audit_alert_fn fn,
                       void *ctx)
{
    memset(e, 0, sizeof *e);
    e->rs = rs;
    e->fn = fn;
    e->ctx = ctx;
    e->cache = xcalloc(rs->nfields ? rs->nfields : 1, sizeof *e->cache);
    e->states = xcalloc(rs->nrules ? rs->nrules : 1, sizeof *e->states);
    for (size_t i = 0; i < rs->nrules; i++) {
        const struct audit_rule *r = &rs->rules[i];
        if (r->threshold || r->first_seen)
            audit_state_init(&e->states[i], r->first_seen ? 0 : r->threshold, r->window, r->cap);
    }
    e->seen.cap = SEEN_CAP;
    e->seen.cur = xcalloc(SEEN_CAP, sizeof *e->seen.cur);
}

void audit_engine_free(struct audit_engine *e)
{
    for (size_t i = 0; i < e->rs->nrules; i++)
        if (e->states[i].buckets)
            audit_state_free(&e->states[i]);
    free(e->states);
    free(e->cache);
    free(e->seen.cur);
    free(e->seen.old);
    memset(e, 0, sizeof *e);
}

unsigned long long audit_engine_evicted(const struct audit_engine *e)
{
    unsigned long long n = 0;
    for (size_t i = 0; i < e->rs->nrules; i++)
        n += e->states[i].evicted;
    return n;
}

unsigned long long audit_engine_expired(const struct audit_engine *e)
{
    unsigned long long n = 0;
    for (size_t i = 0; i < e->rs->nrules; i++)
        n += e->states[i].expired;
    return n;
}

const char *audit_render_field(const struct audit_field *f, struct audit_event *ev)
{
    const struct audit_vals *v = audit_field_get(f, ev);
    if (!v->present)
        return NULL;
    if (!audit_field_is_list(f->def))
        return v->n ? v->v[0] : "";
    struct audit_buf b = {0};
    audit_buf_putc(&b, '(');
    for (uint32_t i = 0; i < v->n; i++) {
        if (i)
            audit_buf_putc(&b, ',');
        audit_buf_puts(&b, v->v[i]);
    }
    audit_buf_putc(&b, ')');
    char *s = arena_strndup(ev->scratch, b.p, b.len);
    audit_buf_free(&b);
    return s;
}

const char *audit_render(const struct audit_rule *r, struct audit_event *ev)
{
    struct audit_buf b = {0};
    for (size_t i = 0; i < r->nout; i++) {
        const char *s = r->out[i].text;
        if (!s) {
            s = audit_render_field(r->out[i].field, ev);
            if (!s)
                s = "<NA>";
        }
        audit_buf_puts(&b, s);
    }
    char *s = arena_strdup(ev->scratch, audit_buf_str(&b));
    audit_buf_free(&b);
    return s;
}

/* Stateful rules: the key of the event, and whether it crosses the line. */
static bool stateful_fires(struct audit_engine *e, size_t i, struct audit_event *ev,
                           unsigned *count)
{
    const struct audit_rule *r = &e->rs->rules[i];
    struct audit_buf key = {0};
    for (size_t k = 0; k < r->nby; k++) {
        const char *v = audit_render_field(r->by[k], ev);
        audit_buf_puts(&key, v ? v : "");
        audit_buf_putc(&key, '\x1f');
    }
    bool fire = audit_state_hit(&e->states[i], key.p, key.len, audit_event_time_ns(ev), count);
    audit_buf_free(&key);
    return fire;
}

/* (rule, auditID) by the rule's name, not its index: a checkpoint's pairs
 * stay meaningful when the rules change. */
static bool duplicate(struct audit_engine *e, size_t i, struct audit_event *ev)
{
    const char *id = node_str(node_get(ev->root, "auditID"));
    if (!id || !*id)
        return false;
    const char *name = e->rs->rules[i].name;
    uint64_t h = fnv1a(FNV1A_INIT, name, strlen(name) + 1);
    h = fnv1a(h, id, strlen(id));
    return seen_test_and_set(&e->seen, h);
}

size_t audit_engine_seen_export(const struct audit_engine *e, uint64_t **out)
{
    const struct audit_seen *s = &e->seen;
    size_t n = 0;
    *out = xmalloc((2 * s->cap) * sizeof **out);
    for (int gen = 0; gen < 2; gen++) {
        const uint64_t *set = gen == 0 ? s->old : s->cur;
        for (size_t i = 0; set && i < s->cap; i++)
            if (set[i])
                (*out)[n++] = set[i];
    }
    return n;
}

void audit_engine_seen_import(struct audit_engine *e, const uint64_t *h, size_t n)
{
    for (size_t i = 0; i < n; i++)
        seen_test_and_set(&e->seen, h[i]);
}

bool audit_engine_event(struct audit_event *ev, void *engine)
{
    struct audit_engine *e = engine;
    ev->cache = e->cache;
    ev->gen = ++e->gen;
    if (e->gen == 0) { /* wrapped: forget every cached value and result */
        memset(e->cache, 0, e->rs->nfields * sizeof *e->cache);
        for (size_t i = 0; i < e->rs->nrules; i++)
            cond_forget(e->rs->rules[i].cond);
        ev->gen = e->gen = 1;
    }
    e->events++;
    for (size_t i = 0; i < e->rs->nrules; i++) {
        const struct audit_rule *r = &e->rs->rules[i];
        if (!cond_eval(r->cond, ev))
            continue;
        e->matched++;
        bool stateful = r->threshold || r->first_seen;
        if (!stateful && duplicate(e, i, ev))
            continue;
        unsigned count = 0;
        if (stateful && (duplicate(e, i, ev) || !stateful_fires(e, i, ev, &count)))
            continue;
        struct audit_alert a = {.rule = r, .ev = ev, .output = audit_render(r, ev), .count = count};
        e->alerts++;
        e->fn(&a, e->ctx);
    }
    return true;
}
