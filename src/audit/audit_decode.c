/* audit_decode.c — from one JSON record to audit events: plain Events,
 * EventLists, JSON arrays, AKS diagnostic records (the Event as a JSON string
 * in properties.log) and GKE Cloud Audit Logs (see audit_gke.c). Parsing goes
 * through the project's loader, so its limits apply to every record. */
#include "audit_event.h"

#include <string.h>

#include "../core/diag.h"
#include "../core/load.h"
#include "audit_gke.h"

struct decode {
    const char *file;
    unsigned line;
    audit_event_fn fn;
    void *ctx;
    long count;
    bool stop, rejected;
    struct arena scratch;
};

bool audit_is_event(const struct node *n)
{
    if (!node_is_map(n))
        return false;
    const struct node *kind = node_get(n, "kind");
    if (kind)
        return node_str_eq(kind, "Event");
    return node_get(n, "auditID") && (node_get(n, "stage") || node_get(n, "verb"));
}

static void deliver(struct decode *d, const struct node *ev)
{
    if (d->stop)
        return;
    struct arena_mark m = arena_mark(&d->scratch);
    struct audit_event e = {.root = ev, .file = d->file, .line = d->line, .scratch = &d->scratch};
    d->count++;
    if (!d->fn(&e, d->ctx))
        d->stop = true;
    arena_release(&d->scratch, m);
}

static void decode_value(struct decode *d, const struct node *n, unsigned depth);

static int decode_doc(struct doc *doc, void *ctx)
{
    struct decode *d = ctx;
    decode_value(d, doc->root, 0);
    doc_free(doc);
    return 0;
}

static void reject(struct decode *d, const char *why)
{
    diag_warn("%s:%u: %s; record skipped", d->file, d->line, why);
    d->rejected = true;
}

static void decode_text(struct decode *d, const char *buf, size_t len)
{
    struct load_error err = {0};
    if (load_buffer(d->file, buf, len, &LOAD_LIMITS_DEFAULT, decode_doc, d, &err) != 0) {
        char why[320];
        snprintf(why, sizeof why, "malformed JSON: %s", err.message);
        reject(d, why);
    }
}

static void decode_value(struct decode *d, const struct node *n, unsigned depth)
{
    if (depth > 2) {
        reject(d, "data not recognized as a k8s audit event (nested too deep)");
        return;
    }
    if (node_is_seq(n)) {
        for (size_t i = 0; i < node_len(n); i++)
            decode_value(d, node_at(n, i), depth + 1);
        return;
    }
    if (audit_is_event(n)) {
        deliver(d, n);
        return;
    }
    if (node_str_eq(node_get(n, "kind"), "EventList") || (node_is_map(n) && node_is_seq(node_get(n, "items")))) {
        const struct node *items = node_get(n, "items");
        for (size_t i = 0; i < node_len(items); i++)
            decode_value(d, node_at(items, i), depth + 1);
        return;
    }
    const struct node *log = node_path(n, "properties.log");
    if (node_str(log)) {
        decode_text(d, log->str, log->len);
        return;
    }
    if (node_is_map(node_get(n, "protoPayload"))) {
        struct audit_buf b = {0};
        if (audit_gke_to_event(n, &b))
            decode_text(d, b.p, b.len);
        else
            reject(d, "data not recognized as a k8s audit event (a Cloud Audit Log record of "
                      "another service)");
        audit_buf_free(&b);
        return;
    }
    reject(d, "data not recognized as a k8s audit event");
}

long audit_decode(const char *file, unsigned line, const char *buf, size_t len,
                  audit_event_fn fn, void *ctx)
{
    struct decode d = {.file = file, .line = line, .fn = fn, .ctx = ctx};
    decode_text(&d, buf, len);
    arena_free(&d.scratch);
    if (d.rejected && d.count == 0)
        return -1;
    return d.count;
}
