/* node.c — `ringwall node`: the CIS benchmark and ringwall's own node checks
 * on this node (or a node's filesystem under --root), evaluated in-process
 * from the components' real command lines and config files. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../checks/catalog.h"
#include "../checks/config.h"
#include "../node/node_eval.h"
#include "../node/node_report.h"
#include "../output/output.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall node [OPTIONS]\n"
    "  -r, --root DIR           a node's filesystem mounted at DIR (its /proc too, when\n"
    "                           present): every path is read under DIR\n"
    "  -b, --benchmark NAME     cis-1.11, cis-1.12 or auto (default: from the Kubernetes\n"
    "                           version of the control-plane images, else the newest)\n"
    "      --kubernetes-version V  the version auto maps (1.29-1.31: cis-1.11,\n"
    "                           1.32-1.34: cis-1.12)\n"
    "  -t, --targets LIST       master,etcd,controlplane,node,policies (default: what\n"
    "                           runs here: an API server, etcd, a kubelet)\n"
    "  -f, --format FMT         text (default), json, sarif, junit or kube-bench-json\n"
    "  -o, --output FILE        write the report to FILE (atomically)\n"
    "      --fail-on SEVERITY   exit 1 only for a FAIL at SEVERITY or above (default info:\n"
    "                           any FAIL; none: never)\n"
    "      --no-color           no colour in text output\n"
    "\n"
    "Nothing is run: components are found in /proc/*/cmdline and static Pod manifests,\n"
    "the kubelet's flags in its systemd unit when it is not running, files are stat(2)ed.\n"
    "Verdicts: PASS, FAIL, WARN (manual or unscored), INFO (component not here).\n"
    "Exit status: 0 no FAIL (at or above --fail-on), 1 a check failed, 2 usage or input\n"
    "error (a config file that does not parse).\n";

enum { OPT_NO_COLOR = 256, OPT_K8S_VERSION, OPT_FAIL_ON };

static const struct option OPTIONS[] = {
    {"root", required_argument, NULL, 'r'},
    {"benchmark", required_argument, NULL, 'b'},
    {"kubernetes-version", required_argument, NULL, OPT_K8S_VERSION},
    {"targets", required_argument, NULL, 't'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"help", no_argument, NULL, 'h'},
    {0},
};

enum node_format { NF_TEXT, NF_JSON, NF_SARIF, NF_JUNIT, NF_KUBE_BENCH };
static const char *const FORMATS[] = {"text", "json", "sarif", "junit", "kube-bench-json", NULL};
static const char *const TARGETS[] = {"master", "etcd", "controlplane", "node", "policies", NULL};

struct node_opts {
    const char *root, *benchmark, *version, *output;
    node_targets targets;
    bool targets_given, no_color;
    enum severity fail_on; /* SEV_COUNT: never */
    enum node_format format;
};

static int parse_targets(const char *list, node_targets *out)
{
    *out = 0;
    char *copy = xstrdup(list);
    int rc = -1;
    for (char *save, *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        int i = cli_format_index(t, TARGETS);
        if (i < 0) {
            rc = cli_usage_error(USAGE, "unknown target '%s'", t);
            break;
        }
        *out |= 1u << i;
    }
    free(copy);
    return rc;
}

static int parse_opts(int argc, char **argv, struct node_opts *o)
{
    int c, rc;
    o->benchmark = "auto";
    while ((c = getopt_long(argc, argv, "r:b:t:f:o:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'r':
            o->root = optarg;
            break;
        case 'b':
            o->benchmark = optarg;
            break;
        case OPT_K8S_VERSION:
            o->version = optarg + (optarg[0] == 'v');
            break;
        case 't':
            if ((rc = parse_targets(optarg, &o->targets)) >= 0)
                return rc;
            o->targets_given = true;
            break;
        case 'f': {
            int i = cli_format_index(optarg, FORMATS);
            if (i < 0)
                return cli_usage_error(USAGE, "unknown format '%s'", optarg);
            o->format = (enum node_format)i;
            break;
        }
        case 'o':
            if ((rc = cli_output_arg(USAGE, optarg, &o->output)) >= 0)
                return rc;
            break;
        case OPT_FAIL_ON:
            if (strcmp(optarg, "none") == 0)
                o->fail_on = SEV_COUNT;
            else if (!severity_parse(optarg, &o->fail_on))
                return cli_usage_error(USAGE, "invalid --fail-on '%s'", optarg);
            break;
        case OPT_NO_COLOR:
            o->no_color = true;
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            return cli_bad_option(USAGE);
        }
    }
    if (optind < argc)
        return cli_usage_error(USAGE, "unexpected argument '%s'", argv[optind]);
    struct stat st;
    if (o->root) { /* a mistyped root would check an empty node and find nothing */
        int err = stat(o->root, &st) != 0 ? errno : 0;
        if (err || !S_ISDIR(st.st_mode)) {
            fprintf(stderr, "ringwall: --root %s: %s\n", o->root,
                    err ? strerror(err) : "not a directory");
            return 2;
        }
    }
    return -1;
}

/* The version's minor ("1.32.3" -> "1.32"). */
static const char *minor_of(const char *v, char buf[16])
{
    const char *dot = v ? strchr(v, '.') : NULL;
    if (!dot)
        return v;
    size_t n = (size_t)(dot - v) + 1 + strspn(dot + 1, "0123456789");
    snprintf(buf, 16, "%.*s", (int)n, v);
    return buf;
}

static const struct node_benchmark *pick_benchmark(const struct node_opts *o,
                                                   const struct node_host *h,
                                                   const char **version)
{
    static char buf[16];
    *version = minor_of(o->version ? o->version : h->version, buf);
    if (strcmp(o->benchmark, "auto") != 0) {
        const struct node_benchmark *b = node_benchmark_find(o->benchmark);
        if (!b)
            cli_usage_error(USAGE, "unknown benchmark '%s' (cis-1.11, cis-1.12, auto)",
                            o->benchmark);
        return b;
    }
    if (!*version)
        return &NODE_BENCHMARKS[0]; /* the newest */
    const struct node_benchmark *b = node_benchmark_for_version(*version);
    if (!b)
        cli_usage_error(USAGE, "no built-in benchmark for Kubernetes %s (give --benchmark)",
                        *version);
    return b;
}

/* FAIL verdicts become findings, on the node's component or file. */
static void to_findings(const struct node_results *rs, struct findings *fs)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct node_result *r = &rs->v[i];
        if (r->verdict != NODE_FAIL)
            continue;
        const char *msg = r->expected ? arena_printf(&fs->arena, "%s (want %s)", r->evidence,
                                                     r->expected)
                                      : r->evidence;
        findings_add(fs, &(struct finding){
            .check = r->check, .severity = r->severity, .message = msg, .kind = "Node",
            .name = r->def ? r->def->id : r->check->id, .path = r->path, .file = r->file,
            .line = r->line, .col = r->line ? 1 : 0,
        });
    }
}

int cmd_node(int argc, char **argv)
{
    struct node_opts o = {0};
    int rc = parse_opts(argc, argv, &o);
    if (rc >= 0)
        return rc;
    struct node_host h;
    node_host_discover(&h, o.root);
    const char *version;
    const struct node_benchmark *b = pick_benchmark(&o, &h, &version);
    if (!b) {
        node_host_free(&h);
        return 2;
    }
    node_targets targets = o.targets_given ? o.targets : node_targets_detected(&h);
    struct node_results rs = {0};
    node_eval_benchmark(&h, b, targets, &rs);
    node_eval_extra(&h, targets, (long long)time(NULL), &rs);

    struct findings fs = {0};
    to_findings(&rs, &fs);
    struct scan_config cfg;
    config_init(&cfg);
    config_select_none(&cfg);
    for (size_t i = 0; i < rs.n; i++)
        cfg.enabled[catalog_index(rs.v[i].check)] = true;
    struct node_run run = {b, version, !version && strcmp(o.benchmark, "auto") == 0, targets, &rs};
    struct scan_result res = {.findings = &fs, .fail_on = o.fail_on, .cfg = &cfg,
                              .json_extra = node_report_json_members, .json_extra_ctx = &run};
    struct cli_sink sink;
    rc = 2;
    if (cli_sink_open(&sink, o.output)) {
        bool color = cli_use_color(o.format == NF_TEXT, o.output, o.no_color);
        switch (o.format) {
        case NF_TEXT:
            node_report_text(sink.f, &run, color);
            break;
        case NF_JSON:
            output_write(sink.f, FORMAT_JSON, &res, false);
            break;
        case NF_SARIF:
            output_write(sink.f, FORMAT_SARIF, &res, false);
            break;
        case NF_JUNIT:
            output_write(sink.f, FORMAT_JUNIT, &res, false);
            break;
        case NF_KUBE_BENCH:
            node_report_kube_bench(sink.f, &run);
            break;
        }
        if (cli_sink_close(&sink) == 0)
            rc = h.input_errors ? 2 : findings_failing(&fs, o.fail_on) ? 1 : 0;
    }
    config_free(&cfg);
    findings_free(&fs);
    node_results_free(&rs);
    node_host_free(&h);
    return rc;
}
