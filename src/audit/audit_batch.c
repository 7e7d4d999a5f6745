/* audit_batch.c — a webhook body's check before queuing (audit_batch.h).
 * The fast JSON scanner reads the text as events without a tree, noting the
 * top-level `kind`, the nesting depth and the number of values (the
 * loader's limits, which the queue's consumer applies); only when it declines (input that is valid for the
 * YAML parser but not plain JSON: rare from an API server) does the loader
 * parse the body to decide, with its limits and its error message. */
#include "audit_batch.h"

#include <stdio.h>
#include <string.h>

#include "../core/json.h"
#include "../core/load.h"

struct top_scan {
    unsigned depth;
    bool key_next;       /* at depth 1 in the top mapping, a key comes next */
    bool want_kind;      /* the value that comes next is the top-level kind's */
    bool top_map;
    char kind[32];
    bool has_kind;
    size_t max_depth, nodes; /* for the loader's limits */
};

static bool on_event(const yaml_event_t *ev, void *ctx)
{
    struct top_scan *t = ctx;
    bool start = ev->type == YAML_MAPPING_START_EVENT || ev->type == YAML_SEQUENCE_START_EVENT;
    bool scalar = ev->type == YAML_SCALAR_EVENT;
    if ((start || scalar) && t->depth == 1 && t->top_map) {
        const char *v = scalar ? (const char *)ev->data.scalar.value : "";
        size_t n = scalar ? ev->data.scalar.length : 0;
        if (t->key_next) {
            t->want_kind = n == 4 && !memcmp(v, "kind", 4);
        } else if (t->want_kind && scalar) {
            n = n < sizeof t->kind - 1 ? n : sizeof t->kind - 1;
            memcpy(t->kind, v, n);
            t->kind[n] = '\0';
            t->has_kind = true;
        }
        t->key_next = !t->key_next;
    }
    if (start || scalar)
        t->nodes++;
    if (start) {
        if (t->depth + 1 > t->max_depth)
            t->max_depth = t->depth + 1;
        if (t->depth == 0)
            t->top_map = ev->type == YAML_MAPPING_START_EVENT;
        if (++t->depth == 1)
            t->key_next = true;
    } else if (ev->type == YAML_MAPPING_END_EVENT || ev->type == YAML_SEQUENCE_END_EVENT) {
        t->depth--;
    }
    return true;
}

static int drop_doc(struct doc *doc, void *ctx)
{
    (void)ctx;
    doc_free(doc);
    return 0;
}

bool audit_batch_check(const char *body, size_t len, char *why, size_t why_size)
{
    if (!json_looks_like(body, len)) {
        snprintf(why, why_size, "malformed JSON: want an audit.k8s.io EventList object");
        return false;
    }
    struct top_scan t = {0};
    if (!json_events(body, len, on_event, &t)) {
        struct load_error err = {0};
        if (load_buffer("request body", body, len, &LOAD_LIMITS_DEFAULT, drop_doc, NULL,
                        &err) != 0) {
            if (err.line)
                snprintf(why, why_size, "malformed JSON: line %u, column %u: %s", err.line,
                         err.col, err.message);
            else
                snprintf(why, why_size, "malformed JSON: %s", err.message);
            return false;
        }
        return true; /* the consumer's decoder reports what it cannot use */
    }
    const struct load_limits *lim = &LOAD_LIMITS_DEFAULT;
    if (t.max_depth > lim->max_depth || t.nodes > lim->max_nodes) {
        snprintf(why, why_size, "over a limit: %zu levels of nesting (limit %zu), %zu values "
                 "(limit %zu)", t.max_depth, lim->max_depth, t.nodes, lim->max_nodes);
        return false;
    }
    if (t.top_map && t.has_kind && strcmp(t.kind, "EventList") != 0 &&
        strcmp(t.kind, "Event") != 0) {
        snprintf(why, why_size, "not an audit EventList: kind \"%s\"", t.kind);
        return false;
    }
    return true;
}
