/* json.c — the documented JSON report (docs/json-format.md):
 * {"tool","version","findings":[...],"summary":{...}}, and JSON Lines, one
 * finding object per line, written as findings arrive. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "../core/fmt.h"
#include "../version.h"
#include "jsonw.h"
#include "memo.h"
#include "output.h"
#include "rowtext.h"

/* Per-check text, made once (rowtext.h). */
static char *member_text(const char *key, const char *value, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    jsonw_kv_string(&w, key, value);
    return jsonw_memory_take(&w, len);
}

static char *make_head(const struct check *c, size_t *len)
{
    return member_text("check", c->id, len);
}

static char *make_title(const struct check *c, size_t *len)
{
    return member_text("title", c->title, len);
}

static void write_tail(struct jsonw *w, const struct check *c)
{
    jsonw_kv_string(w, "remediation", c->fix);
    jsonw_key(w, "references");
    jsonw_array(w);
    for (size_t i = 0; i < CHECK_MAX_REFS && c->refs[i]; i++)
        jsonw_string(w, c->refs[i]);
    jsonw_array_end(w);
}

static char *make_tail(const struct check *c, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    write_tail(&w, c);
    return jsonw_memory_take(&w, len);
}

/* A part of the finding's check: copied when the cache has it, else written. */
static void write_part(struct jsonw *w, const struct check *c, enum rowtext_part part,
                       rowtext_make make)
{
    const struct rowtext *t = rowtext_get(c, part, make);
    if (t) {
        jsonw_members(w, t->text, t->len);
        return;
    }
    size_t len;
    char *text = make(c, &len);
    jsonw_members(w, text, len);
    free(text);
}

static const char *const SEVERITY_MEMBERS[SEV_COUNT + 1] = {
    "\"severity\":\"info\"", "\"severity\":\"low\"", "\"severity\":\"medium\"",
    "\"severity\":\"high\"", "\"severity\":\"critical\"", "\"severity\":\"unknown\"",
};

static void write_object(struct jsonw *w, const void *const id[4])
{
    jsonw_key(w, "object");
    jsonw_object(w);
    jsonw_kv_string(w, "apiVersion", id[0]);
    jsonw_kv_string(w, "kind", id[1]);
    jsonw_kv_string(w, "namespace", id[2]);
    jsonw_kv_string(w, "name", id[3]);
    jsonw_object_end(w);
}

static void write_object_memo(struct jsonw *w, struct json_memo *m, const struct finding *f)
{
    if (m) {
        json_memo_members(w, m, write_object, f->api_version, f->kind, f->namespace, f->name);
        return;
    }
    const void *const id[4] = {f->api_version, f->kind, f->namespace, f->name};
    write_object(w, id);
}

/* "line":N,"column":N, or nulls for a finding with no place in the file
 * (never a made-up 1:1). */
static void write_position(struct jsonw *w, const struct finding *f)
{
    if (!finding_has_position(f)) {
        static const char NONE[] = "\"line\":null,\"column\":null";
        jsonw_members(w, NONE, sizeof NONE - 1);
        return;
    }
    static const char LINE[] = "\"line\":", COLUMN[] = ",\"column\":";
    char buf[sizeof LINE + sizeof COLUMN + 2 * FMT_UINT_MAX];
    memcpy(buf, LINE, sizeof LINE - 1);
    size_t n = sizeof LINE - 1;
    n += fmt_uint(buf + n, f->line);
    memcpy(buf + n, COLUMN, sizeof COLUMN - 1);
    n += sizeof COLUMN - 1;
    n += fmt_uint(buf + n, f->col);
    jsonw_members(w, buf, n);
}

static void write_finding(struct jsonw *w, struct json_memo *m, const struct finding *f)
{
    const struct check *c = f->check;
    jsonw_object(w);
    write_part(w, c, ROWTEXT_JSON_HEAD, make_head);
    const char *sev = SEVERITY_MEMBERS[f->severity < SEV_COUNT ? f->severity : SEV_COUNT];
    jsonw_members(w, sev, strlen(sev));
    write_part(w, c, ROWTEXT_JSON_TITLE, make_title);
    json_memo_string(w, m, "message", f->message);
    write_object_memo(w, m, f);
    json_memo_string(w, m, "container", f->container);
    json_memo_string(w, m, "path", f->path);
    json_memo_string(w, m, "file", f->file);
    write_position(w, f);
    write_part(w, c, ROWTEXT_JSON_TAIL, make_tail);
    if (f->suppressed) {
        jsonw_kv_bool(w, "suppressed", true);
        jsonw_kv_string(w, "suppressedBy", f->suppressed_by);
        json_memo_string(w, m, "suppressionReason", f->suppressed);
    } else {
        static const char ACTIVE[] = "\"suppressed\":false";
        jsonw_members(w, ACTIVE, sizeof ACTIVE - 1);
    }
    jsonw_object_end(w);
}

void output_json_finding(struct jsonw *w, const struct finding *f)
{
    write_finding(w, NULL, f);
}

void output_json(FILE *out, const struct scan_result *res)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "tool", "ringwall");
    jsonw_kv_string(&w, "version", RINGWALL_VERSION);
    jsonw_key(&w, "findings");
    jsonw_array(&w);
    struct output_ranked *order = output_rank(res->findings, false);
    struct json_memo *memo = json_memo_new();
    struct jsonw_sink held;
    jsonw_hold(&w, &held);
    for (size_t i = 0; i < res->findings->n; i++) {
        struct finding f;
        findings_at(res->findings, order[i].index, &f);
        write_finding(&w, memo, &f);
    }
    jsonw_release(&w);
    json_memo_free(memo);
    free(order);
    jsonw_array_end(&w);
    if (res->json_extra)
        res->json_extra(&w, res->json_extra_ctx);
    size_t counts[SEV_COUNT], suppressed;
    output_count(res, counts, &suppressed);
    jsonw_key(&w, "summary");
    jsonw_object(&w);
    jsonw_kv_int(&w, "files", (int64_t)res->summary.files);
    jsonw_kv_int(&w, "documents", (int64_t)res->summary.documents);
    jsonw_kv_int(&w, "objects", (int64_t)res->summary.objects);
    jsonw_kv_int(&w, "skippedDocuments", (int64_t)res->summary.skipped);
    jsonw_kv_int(&w, "inputErrors", (int64_t)res->summary.input_errors);
    jsonw_kv_int(&w, "findings", (int64_t)findings_active(res->findings));
    jsonw_key(&w, "bySeverity");
    jsonw_object(&w);
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        jsonw_kv_int(&w, severity_name((enum severity)s), (int64_t)counts[s]);
    jsonw_object_end(&w);
    jsonw_kv_int(&w, "suppressed", (int64_t)suppressed);
    jsonw_kv_int(&w, "filtered", (int64_t)res->findings->filtered);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}

void output_jsonl_finding(FILE *out, const struct finding *f)
{
    struct jsonw w;
    struct jsonw_sink held;
    jsonw_init(&w, out);
    jsonw_hold(&w, &held);
    output_json_finding(&w, f);
    jsonw_release(&w);
    fputc('\n', out);
}

void output_jsonl(FILE *out, const struct scan_result *res)
{
    for (size_t i = 0; i < res->findings->n; i++) {
        struct finding f;
        findings_at(res->findings, i, &f);
        output_jsonl_finding(out, &f);
    }
}
