/* json.c — the documented JSON report (docs/json-format.md):
 * {"tool","version","findings":[...],"summary":{...}}, and JSON Lines, one
 * finding object per line, written as findings arrive. */
#include <stdlib.h>

#include "../checks/check.h"
#include "../version.h"
#include "jsonw.h"
#include "output.h"

void output_json_finding(struct jsonw *w, const struct finding *f)
{
    jsonw_object(w);
    jsonw_kv_string(w, "check", f->check->id);
    jsonw_kv_string(w, "severity", severity_name(f->severity));
    jsonw_kv_string(w, "title", f->check->title);
    jsonw_kv_string(w, "message", f->message);
    jsonw_key(w, "object");
    jsonw_object(w);
    jsonw_kv_string(w, "apiVersion", f->api_version);
    jsonw_kv_string(w, "kind", f->kind);
    jsonw_kv_string(w, "namespace", f->namespace);
    jsonw_kv_string(w, "name", f->name);
    jsonw_object_end(w);
    jsonw_kv_string(w, "container", f->container);
    jsonw_kv_string(w, "path", f->path);
    jsonw_kv_string(w, "file", f->file);
    if (finding_has_position(f)) {
        jsonw_kv_int(w, "line", f->line);
        jsonw_kv_int(w, "column", f->col);
    } else { /* no place in the file: null, never a made-up 1:1 */
        jsonw_kv_string(w, "line", NULL);
        jsonw_kv_string(w, "column", NULL);
    }
    jsonw_kv_string(w, "remediation", f->check->fix);
    jsonw_key(w, "references");
    jsonw_array(w);
    for (size_t i = 0; i < CHECK_MAX_REFS && f->check->refs[i]; i++)
        jsonw_string(w, f->check->refs[i]);
    jsonw_array_end(w);
    jsonw_kv_bool(w, "suppressed", f->suppressed != NULL);
    if (f->suppressed) {
        jsonw_kv_string(w, "suppressedBy", f->suppressed_by);
        jsonw_kv_string(w, "suppressionReason", f->suppressed);
    }
    jsonw_object_end(w);
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
    struct jsonw_sink held;
    jsonw_hold(&w, &held);
    for (size_t i = 0; i < res->findings->n; i++)
        output_json_finding(&w, order[i].f);
    jsonw_release(&w);
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
    for (size_t i = 0; i < res->findings->n; i++)
        output_jsonl_finding(out, &res->findings->v[i]);
}
