/* node_report.c — text and kube-bench JSON reports of a node run. */
#include "node_report.h"

#include <string.h>

static const char *const TARGET_NAMES[NODE_TARGET_COUNT] = {"master", "etcd", "controlplane",
                                                             "node", "policies"};
/* kube-bench's control ids and ringwall's words for each target */
static const char *const CONTROL_IDS[NODE_TARGET_COUNT] = {"1", "2", "3", "4", "5"};
static const char *const CONTROL_TEXTS[NODE_TARGET_COUNT] = {
    "Control plane node: files and components", "etcd", "Control plane configuration",
    "Worker node: files, kubelet, kube-proxy", "Policies"};

static const char *group_text(const struct node_benchmark *b, const char *id)
{
    for (size_t i = 0; i < b->ngroups; i++)
        if (strcmp(b->groups[i].id, id) == 0)
            return b->groups[i].text;
    return id;
}

static void targets_line(FILE *out, node_targets t)
{
    bool first = true;
    for (int i = 0; i < NODE_TARGET_COUNT; i++)
        if (t & 1u << i) {
            fprintf(out, "%s%s", first ? "" : ",", TARGET_NAMES[i]);
            first = false;
        }
    if (first)
        fputs("none", out);
}

void node_report_text(FILE *out, const struct node_run *run, bool color)
{
    static const char *const COLORS[] = {"\033[32m", "\033[31m", "\033[33m", "\033[34m"};
    const struct node_results *rs = run->results;
    fprintf(out, "ringwall node: %s", run->benchmark->name);
    if (run->version)
        fprintf(out, " (Kubernetes %s)", run->version);
    else if (run->picked)
        fputs(" (no Kubernetes version seen: the newest benchmark)", out);
    fputs(", targets ", out);
    targets_line(out, run->targets);
    fputc('\n', out);
    const char *group = NULL;
    for (size_t i = 0; i < rs->n; i++) {
        const struct node_result *r = &rs->v[i];
        if (!group || strcmp(group, r->group) != 0) {
            group = r->group;
            if (r->def)
                fprintf(out, "\n== %s %s ==\n", group, group_text(run->benchmark, group));
            else
                fputs("\n== ringwall's node checks ==\n", out);
        }
        /* ringwall's own rows are named by the problem: a pass shows what was seen */
        const char *what = r->def || r->verdict == NODE_FAIL ? r->check->title : r->evidence;
        fprintf(out, "%s[%s]%s %s %s\n", color ? COLORS[r->verdict] : "",
                node_verdict_name(r->verdict), color ? "\033[0m" : "", r->id, what);
        if (r->verdict == NODE_FAIL || (r->verdict == NODE_WARN && r->def && !r->def->manual)) {
            fprintf(out, "       seen: %s\n", r->evidence ? r->evidence : "");
            if (r->expected)
                fprintf(out, "       want: %s\n", r->expected);
            fprintf(out, "       fix:  %s\n", r->check->fix);
        }
    }
    fprintf(out, "\n%zu checks: %zu PASS, %zu FAIL, %zu WARN, %zu INFO\n", rs->n,
            rs->count[NODE_PASS], rs->count[NODE_FAIL], rs->count[NODE_WARN],
            rs->count[NODE_INFO]);
}

static void result_json(struct jsonw *w, const struct node_result *r)
{
    jsonw_object(w);
    jsonw_kv_string(w, "id", r->id);
    jsonw_kv_string(w, "check", r->check->id);
    jsonw_kv_string(w, "status", node_verdict_name(r->verdict));
    jsonw_kv_string(w, "title", r->check->title);
    jsonw_kv_string(w, "target", TARGET_NAMES[r->target]);
    jsonw_kv_string(w, "section", r->group);
    jsonw_kv_bool(w, "scored", r->def ? r->def->scored : true);
    jsonw_kv_string(w, "severity", severity_name(r->severity));
    jsonw_kv_string(w, "evidence", r->evidence);
    jsonw_kv_string(w, "expected", r->expected);
    jsonw_kv_string(w, "file", r->file);
    jsonw_kv_string(w, "path", r->path);
    jsonw_kv_string(w, "remediation", r->check->fix);
    jsonw_object_end(w);
}

void node_report_json_members(struct jsonw *w, const void *ctx)
{
    const struct node_run *run = ctx;
    jsonw_kv_string(w, "benchmark", run->benchmark->name);
    jsonw_kv_string(w, "kubernetesVersion", run->version);
    jsonw_key(w, "targets");
    jsonw_array(w);
    for (int i = 0; i < NODE_TARGET_COUNT; i++)
        if (run->targets & 1u << i)
            jsonw_string(w, TARGET_NAMES[i]);
    jsonw_array_end(w);
    jsonw_key(w, "results");
    jsonw_array(w);
    for (size_t i = 0; i < run->results->n; i++)
        result_json(w, &run->results->v[i]);
    jsonw_array_end(w);
    jsonw_key(w, "totals");
    jsonw_object(w);
    for (int v = 0; v < NODE_VERDICT_COUNT; v++)
        jsonw_kv_int(w, node_verdict_name((enum node_verdict)v),
                     (int64_t)run->results->count[v]);
    jsonw_object_end(w);
}

static void totals(struct jsonw *w, const size_t c[NODE_VERDICT_COUNT])
{
    jsonw_kv_int(w, "total_pass", (int64_t)c[NODE_PASS]);
    jsonw_kv_int(w, "total_fail", (int64_t)c[NODE_FAIL]);
    jsonw_kv_int(w, "total_warn", (int64_t)c[NODE_WARN]);
    jsonw_kv_int(w, "total_info", (int64_t)c[NODE_INFO]);
}

static void kb_result(struct jsonw *w, const struct node_result *r)
{
    jsonw_object(w);
    jsonw_kv_string(w, "test_number", r->id);
    jsonw_kv_string(w, "test_desc", r->check->title);
    jsonw_kv_string(w, "audit", "");
    jsonw_kv_string(w, "AuditEnv", "");
    jsonw_kv_string(w, "AuditConfig", "");
    jsonw_kv_string(w, "type", r->def->manual ? "manual" : "");
    jsonw_kv_string(w, "remediation", r->check->fix);
    jsonw_key(w, "test_info");
    jsonw_array(w);
    jsonw_string(w, r->evidence ? r->evidence : "");
    jsonw_array_end(w);
    jsonw_kv_string(w, "status", node_verdict_name(r->verdict));
    jsonw_kv_string(w, "actual_value", r->evidence ? r->evidence : "");
    jsonw_kv_bool(w, "scored", r->def->scored);
    jsonw_kv_bool(w, "IsMultiple", false);
    jsonw_kv_string(w, "expected_result", r->expected ? r->expected : "");
    jsonw_kv_string(w, "reason", r->verdict == NODE_PASS ? "" : r->evidence ? r->evidence : "");
    jsonw_object_end(w);
}

void node_report_kube_bench(FILE *out, const struct node_run *run)
{
    const struct node_results *rs = run->results;
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_key(&w, "Controls");
    jsonw_array(&w);
    size_t all[NODE_VERDICT_COUNT] = {0};
    for (int t = 0; t < NODE_TARGET_COUNT; t++) {
        if (!(run->targets & 1u << t))
            continue;
        size_t ctl[NODE_VERDICT_COUNT] = {0};
        jsonw_object(&w);
        jsonw_kv_string(&w, "id", CONTROL_IDS[t]);
        jsonw_kv_string(&w, "version", run->benchmark->name);
        jsonw_kv_string(&w, "detected_version", run->version ? run->version : "");
        jsonw_kv_string(&w, "text", CONTROL_TEXTS[t]);
        jsonw_kv_string(&w, "node_type", TARGET_NAMES[t]);
        jsonw_key(&w, "tests");
        jsonw_array(&w);
        for (size_t g = 0; g < run->benchmark->ngroups; g++) {
            const char *gid = run->benchmark->groups[g].id;
            size_t c[NODE_VERDICT_COUNT] = {0}, n = 0;
            for (size_t i = 0; i < rs->n; i++)
                if (rs->v[i].def && (int)rs->v[i].target == t && !strcmp(rs->v[i].group, gid))
                    c[rs->v[i].verdict]++, n++;
            if (!n)
                continue;
            jsonw_object(&w);
            jsonw_kv_string(&w, "section", gid);
            jsonw_kv_string(&w, "type", "");
            jsonw_kv_int(&w, "pass", (int64_t)c[NODE_PASS]);
            jsonw_kv_int(&w, "fail", (int64_t)c[NODE_FAIL]);
            jsonw_kv_int(&w, "warn", (int64_t)c[NODE_WARN]);
            jsonw_kv_int(&w, "info", (int64_t)c[NODE_INFO]);
            jsonw_kv_string(&w, "desc", run->benchmark->groups[g].text);
            jsonw_key(&w, "results");
            jsonw_array(&w);
            for (size_t i = 0; i < rs->n; i++)
                if (rs->v[i].def && (int)rs->v[i].target == t && !strcmp(rs->v[i].group, gid))
                    kb_result(&w, &rs->v[i]);
            jsonw_array_end(&w);
            jsonw_object_end(&w);
            for (int v = 0; v < NODE_VERDICT_COUNT; v++)
                ctl[v] += c[v], all[v] += c[v];
        }
        jsonw_array_end(&w);
        totals(&w, ctl);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_key(&w, "Totals");
    jsonw_object(&w);
    totals(&w, all);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}
