/* response.c — what a decision says: the response AdmissionReview (the
 * request's apiVersion and kind echoed, uid, allowed, status on denial,
 * warnings, audit annotations) and the one-line JSON log record. */
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../output/jsonw.h"
#include "admit.h"

static bool same_container(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ringwall.io/findings: every item as `id` or `id:container`, once each,
 * written in parts (ids and containers end at the ASCII separators). */
static void write_findings_annotation(struct jsonw *w, const struct admit_decision *d)
{
    jsonw_key(w, "ringwall.io/findings");
    jsonw_string_open(w);
    bool first = true;
    for (size_t i = 0; i < d->nitems; i++) {
        const struct admit_item *it = &d->items[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = (d->items[j].id == it->id || strcmp(d->items[j].id, it->id) == 0) &&
                   same_container(d->items[j].container, it->container);
        if (seen)
            continue;
        if (!first)
            jsonw_string_part(w, ",");
        first = false;
        jsonw_string_part(w, it->id);
        if (it->container) {
            jsonw_string_part(w, ":");
            jsonw_string_part(w, it->container);
        }
    }
    jsonw_string_close(w);
}

/* The response AdmissionReview, without its line end. */
static void write_review(struct jsonw *w, const struct admit_decision *d)
{
    jsonw_object(w);
    jsonw_kv_string(w, "apiVersion", d->req.api_version);
    jsonw_kv_string(w, "kind", "AdmissionReview");
    jsonw_key(w, "response");
    jsonw_object(w);
    jsonw_kv_string(w, "uid", d->req.uid);
    jsonw_kv_bool(w, "allowed", d->status == ADMIT_ALLOWED);
    if (d->status == ADMIT_DENIED) {
        jsonw_key(w, "status");
        jsonw_object(w);
        jsonw_kv_string(w, "status", "Failure");
        jsonw_kv_int(w, "code", 403);
        jsonw_kv_string(w, "reason", "Forbidden");
        jsonw_kv_string(w, "message", d->message);
        jsonw_object_end(w);
    }
    if (d->nwarnings) {
        jsonw_key(w, "warnings");
        jsonw_array(w);
        for (size_t i = 0; i < d->nwarnings; i++)
            jsonw_string(w, d->warnings[i]);
        jsonw_array_end(w);
    }
    jsonw_key(w, "auditAnnotations");
    jsonw_object(w);
    jsonw_kv_string(w, "ringwall.io/decision", admit_decision_name(d));
    write_findings_annotation(w, d);
    if (d->note)
        jsonw_kv_string(w, "ringwall.io/note", d->note);
    jsonw_object_end(w);
    jsonw_object_end(w);
    jsonw_object_end(w);
}

void admit_write_response(FILE *out, const struct admit_decision *d)
{
    struct jsonw w;
    struct jsonw_sink sink; /* the whole review, then one write */
    jsonw_init(&w, out);
    jsonw_hold(&w, &sink);
    write_review(&w, d);
    jsonw_release(&w);
    fputc('\n', out);
}

/* Written in memory by the JSON writer itself: no stdio stream to set up. */
char *admit_response(const struct admit_decision *d, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink sink;
    jsonw_memory(&w, &sink);
    write_review(&w, d);
    char *text = jsonw_memory_take(&w, len);
    text = xrealloc(text, *len + 2);
    text[(*len)++] = '\n';
    text[*len] = '\0';
    return text;
}

void admit_write_log(FILE *out, const struct admit_decision *d, double micros)
{
    struct jsonw w;
    flockfile(out); /* the line's pieces stay together when threads log at once */
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "uid", d->req.uid);
    jsonw_kv_string(&w, "user", d->req.user);
    jsonw_kv_string(&w, "namespace", d->req.namespace);
    jsonw_kv_string(&w, "kind", d->object_kind);
    jsonw_kv_string(&w, "name", d->object_name);
    jsonw_kv_string(&w, "operation", d->req.operation);
    if (d->req.subresource)
        jsonw_kv_string(&w, "subresource", d->req.subresource);
    jsonw_kv_string(&w, "decision", d->status == ADMIT_BAD_INPUT ? "error"
                                                                 : admit_decision_name(d));
    jsonw_key(&w, "checks");
    jsonw_array(&w);
    for (size_t i = 0; i < d->nitems; i++)
        if (d->items[i].mode == ADMIT_ENFORCE)
            jsonw_string(&w, d->items[i].id);
    jsonw_array_end(&w);
    jsonw_kv_bool(&w, "dryRun", d->req.dry_run);
    if (d->command)
        jsonw_kv_string(&w, "command", d->command);
    if (d->note)
        jsonw_kv_string(&w, "note", d->note);
    if (d->error)
        jsonw_kv_string(&w, "error", d->error);
    jsonw_kv_int(&w, "microseconds", (int64_t)(micros + 0.5));
    jsonw_object_end(&w);
    fputc('\n', out);
    funlockfile(out);
}
