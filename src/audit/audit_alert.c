/* audit_alert.c — alert formatting (audit_alert.h). */
#include "audit_alert.h"

#include <stdlib.h>
#include <string.h>

#include "audit_alert_keys.h"

static const char *ev_str(const struct audit_alert *a, const char *k1, const char *k2)
{
    const struct node *n = node_get(a->ev->root, k1);
    if (k2)
        n = node_get(n, k2);
    return node_is_scalar(n) ? node_text(n) : NULL;
}

static void write_object(struct jsonw *w, const struct audit_alert *a)
{
    const struct node *ref = node_get(a->ev->root, "objectRef");
    jsonw_key(w, "object");
    if (!node_is_map(ref)) {
        jsonw_string(w, NULL);
        return;
    }
    jsonw_object(w);
    const char *keys[] = {"apiGroup", "resource", "subresource", "namespace", "name"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = node_str(node_get(ref, keys[i]));
        if (v)
            jsonw_kv_string(w, keys[i], v);
    }
    jsonw_object_end(w);
}

static void write_source(struct jsonw *w, const struct audit_alert *a)
{
    char src[1024];
    snprintf(src, sizeof src, "%s:%u", a->ev->file, a->ev->line);
    jsonw_kv_string(w, "source", src);
}

/* rule, priority, auditID, time, output, source, user, verb, object */
static void write_alert_object(struct jsonw *w, const struct audit_alert *a)
{
    jsonw_object(w);
    jsonw_kv_string(w, "rule", a->rule->name);
    jsonw_kv_string(w, "priority", audit_priority_name(a->rule->priority));
    jsonw_kv_string(w, "auditID", ev_str(a, "auditID", NULL));
    jsonw_kv_string(w, "time", audit_event_time(a->ev));
    jsonw_kv_string(w, "output", a->output);
    write_source(w, a);
    jsonw_kv_string(w, "user", ev_str(a, "user", "username"));
    jsonw_kv_string(w, "verb", ev_str(a, "verb", NULL));
    write_object(w, a);
    if (a->rule->threshold || a->rule->first_seen) {
        jsonw_kv_int(w, "count", a->count);
        jsonw_kv_int(w, "window_seconds", (int64_t)a->rule->window);
    }
    jsonw_object_end(w);
}

/* Falco's layout: time, rule, priority, output (time and priority first),
 * output_fields, source, tags. */
static void write_falco(struct jsonw *w, const struct audit_alert *a)
{
    const char *t = audit_event_time(a->ev);
    char *full = arena_printf(a->ev->scratch, "%s: %s %s", t ? t : "", 
                              audit_priority_name(a->rule->priority), a->output);
    jsonw_object(w);
    jsonw_kv_string(w, "time", t);
    jsonw_kv_string(w, "rule", a->rule->name);
    jsonw_kv_string(w, "priority", audit_priority_name(a->rule->priority));
    jsonw_kv_string(w, "output", full);
    jsonw_key(w, "output_fields");
    jsonw_object(w);
    for (size_t i = 0; i < a->rule->nout; i++) {
        const struct audit_field *f = a->rule->out[i].field;
        if (f)
            jsonw_kv_string(w, f->name, audit_render_field(f, a->ev));
    }
    jsonw_object_end(w);
    jsonw_kv_string(w, "source", "k8s_audit");
    jsonw_key(w, "tags");
    jsonw_array(w);
    for (size_t i = 0; i < a->rule->ntags; i++)
        jsonw_string(w, a->rule->tags[i]);
    jsonw_array_end(w);
    jsonw_object_end(w);
}

void audit_writer_begin(struct audit_writer *aw, FILE *out, enum audit_format f)
{
    memset(aw, 0, sizeof *aw);
    aw->out = out;
    aw->format = f;
    if (f == AUDIT_JSON) {
        jsonw_init(&aw->w, out);
        jsonw_object(&aw->w);
        jsonw_key(&aw->w, "alerts");
        jsonw_array(&aw->w);
    }
}

/* One alert as a line of text, jsonl or falco. */
static void write_line(enum audit_format f, FILE *out, const struct audit_alert *a)
{
    if (f == AUDIT_TEXT) {
        const char *t = audit_event_time(a->ev);
        fprintf(out, "%s:%u: %s %s: %s", a->ev->file, a->ev->line,
                audit_priority_name(a->rule->priority), a->rule->name, a->output);
        if (a->rule->threshold)
            fprintf(out, " (%u events in %gs)", a->count, a->rule->window);
        fprintf(out, " [%s]\n", t ? t : "no time");
        return;
    }
    struct jsonw w;
    jsonw_init(&w, out);
    if (f == AUDIT_JSONL)
        write_alert_object(&w, a);
    else
        write_falco(&w, a);
    fputc('\n', out);
}

/* The alert's line written unless its key is one of aw->skip's (consumed):
 * the key is taken from the line as written, as from the file's lines. */
static void write_unless_there(struct audit_writer *aw, const struct audit_alert *a)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) {
        write_line(aw->format, aw->out, a);
        aw->n++;
        return;
    }
    write_line(aw->format, m, a);
    fclose(m);
    uint64_t key;
    if (len && alert_key_of_line(aw->format, buf, len - 1, &key) &&
        alert_keys_take(aw->skip, key)) {
        aw->skipped++;
    } else {
        fwrite(buf, 1, len, aw->out);
        aw->n++;
    }
    free(buf);
}

void audit_writer_alert(struct audit_writer *aw, const struct audit_alert *a)
{
    if (aw->format == AUDIT_JSON) {
        aw->n++;
        write_alert_object(&aw->w, a);
    } else if (aw->skip && aw->skip->total) {
        write_unless_there(aw, a);
    } else {
        aw->n++;
        write_line(aw->format, aw->out, a);
    }
}

void audit_writer_end(struct audit_writer *aw, const struct audit_engine *e,
                      unsigned long long rejected)
{
    if (aw->format != AUDIT_JSON)
        return;
    jsonw_array_end(&aw->w);
    jsonw_key(&aw->w, "summary");
    jsonw_object(&aw->w);
    jsonw_kv_int(&aw->w, "events", (int64_t)e->events);
    jsonw_kv_int(&aw->w, "rejected_records", (int64_t)rejected);
    jsonw_kv_int(&aw->w, "alerts", (int64_t)aw->n);
    jsonw_kv_int(&aw->w, "state_keys_evicted", (int64_t)audit_engine_evicted(e));
    jsonw_kv_int(&aw->w, "state_keys_expired", (int64_t)audit_engine_expired(e));
    jsonw_object_end(&aw->w);
    jsonw_object_end(&aw->w);
    fputc('\n', aw->out);
}
