/* node_eval.h — verdicts of a node's checks: the benchmark's definitions
 * (node_defs.h) evaluated against what node_host found, plus ringwall's own
 * node checks (node_extra.c). Each result carries its evidence: the flag or
 * key and the value seen, or the file, its mode and owner. */
#ifndef RINGWALL_NODE_EVAL_H
#define RINGWALL_NODE_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "node_defs.h"
#include "node_host.h"

enum node_verdict { NODE_PASS, NODE_FAIL, NODE_WARN, NODE_INFO, NODE_VERDICT_COUNT };

const char *node_verdict_name(enum node_verdict v); /* PASS, FAIL, WARN, INFO */

struct node_result {
    const struct check *check;
    const struct node_def *def; /* NULL for ringwall's own checks */
    const char *id;             /* "1.2.1", or the check id for ringwall's own */
    const char *group;          /* "1.2", or "ringwall" */
    enum node_target target;
    enum node_verdict verdict;
    const char *evidence;       /* what was seen */
    const char *expected;       /* what passes */
    const char *file;           /* the file the evidence comes from, or NULL */
    unsigned line;
    const char *path;           /* the flag or key */
    enum severity severity;     /* of a failure */
};

struct node_results {
    struct arena arena;
    struct node_result *v;
    size_t n, cap;
    size_t count[NODE_VERDICT_COUNT];
};

/* Adds a result (strings copied). */
struct node_result *node_results_add(struct node_results *rs, const struct node_result *r);
void node_results_free(struct node_results *rs);

/* Which targets run: a bit per enum node_target. */
typedef unsigned node_targets;

/* The targets a node's components call for: master and controlplane with an
 * API server, etcd with etcd, node with a kubelet. */
node_targets node_targets_detected(const struct node_host *h);

/* One definition's verdict into r (its evidence strings in h's arena). */
void node_eval_def(struct node_host *h, const struct node_def *d, struct node_result *r);

/* Evaluates every definition of benchmark b in the selected targets. */
void node_eval_benchmark(const struct node_host *h, const struct node_benchmark *b,
                         node_targets targets, struct node_results *out);

/* ringwall's own checks (certificates, kernel security modules, audit policy,
 * encryption config, kubelet hardening); now is the time certificates are
 * judged at. */
void node_eval_extra(struct node_host *h, node_targets targets, long long now,
                     struct node_results *out);

/* The benchmark for a Kubernetes minor version ("1.32"), as kube-bench maps
 * versions; NULL when no built-in benchmark covers it. */
const struct node_benchmark *node_benchmark_for_version(const char *version);
const struct node_benchmark *node_benchmark_find(const char *name);

#endif
