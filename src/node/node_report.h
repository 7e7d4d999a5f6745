/* node_report.h — how `ringwall node` prints its verdicts: a text listing by
 * section, kube-bench's JSON layout (Controls, tests, results, totals) so its
 * pipelines can switch, and the per-check results list of the JSON report.
 * Findings (FAIL verdicts) go through src/output like scan's. */
#ifndef RINGWALL_NODE_REPORT_H
#define RINGWALL_NODE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "../output/jsonw.h"
#include "node_eval.h"

struct node_run {
    const struct node_benchmark *benchmark;
    const char *version; /* detected or given Kubernetes minor, or NULL */
    bool picked;         /* the benchmark was chosen for want of a version */
    node_targets targets;
    const struct node_results *results;
};

void node_report_text(FILE *out, const struct node_run *run, bool color);
void node_report_kube_bench(FILE *out, const struct node_run *run);
/* "benchmark", "targets" and "results": members of the JSON report (ctx is a
 * struct node_run). */
void node_report_json_members(struct jsonw *w, const void *ctx);

#endif
