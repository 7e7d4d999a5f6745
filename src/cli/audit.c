/* audit.c — `ringwall audit`: detections over Kubernetes audit logs with
 * Falco rules files and ringwall's built-in rules; `ringwall audit rules`
 * lists the loaded rules. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit_alert.h"
#include "../audit/audit_builtin.h"
#include "../audit/audit_input.h"
#include "../core/diag.h"
#include "../core/input.h"
#include "../core/stats.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall audit [OPTIONS] FILE... (audit logs, gzip too; - for stdin)\n"
    "       ringwall audit rules [--rules FILE]... [--builtin]\n"
    "  -r, --rules FILE       load a Falco rules file (repeatable, in order); replaces\n"
    "                         the built-in rules\n"
    "      --builtin          load the built-in rules too (first), with --rules\n"
    "  -f, --format FMT       text (default), json, jsonl or falco (Falco's JSON alerts)\n"
    "  -o, --output FILE      write the alerts to FILE (atomically)\n"
    "      --fail-on PRIORITY exit 1 when an alert is at PRIORITY or above (default\n"
    "                         debug: any alert; none: never)\n"
    "\n"
    "Input: audit.k8s.io/v1 and v1beta1 Events as JSON lines, EventLists and JSON\n"
    "arrays, AKS diagnostic records and GKE Cloud Audit Logs. A malformed record is\n"
    "reported with its file:line and skipped. An event logged at several stages\n"
    "alerts once per rule.\n"
    "Exit status: 0 no alert (at or above --fail-on), 1 alerts, 2 usage or input\n"
    "error (an unreadable file or rules file).\n";

enum { OPT_BUILTIN = 256, OPT_FAIL_ON };

static const struct option OPTIONS[] = {
    {"rules", required_argument, NULL, 'r'},
    {"builtin", no_argument, NULL, OPT_BUILTIN},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"help", no_argument, NULL, 'h'},
    {0},
};

static const char *const FORMATS[] = {"text", "json", "jsonl", "falco", NULL};

struct audit_opts {
    const char **rules;
    size_t nrules;
    bool builtin;
    enum audit_format format;
    const char *output;
    enum audit_priority fail_on;
    bool never_fail; /* --fail-on none */
};

struct audit_run {
    struct audit_writer aw;
    struct audit_engine engine;
    enum audit_priority fail_on;
    bool failing;
    struct audit_input_stats st;
    unsigned read_errors;
};

static int parse_opts(int argc, char **argv, struct audit_opts *o)
{
    int c;
    o->fail_on = PRIO_DEBUG;
    while ((c = getopt_long(argc, argv, "r:f:o:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'r':
            o->rules = xrealloc(o->rules, (o->nrules + 1) * sizeof *o->rules);
            o->rules[o->nrules++] = optarg;
            break;
        case OPT_BUILTIN:
            o->builtin = true;
            break;
        case 'f': {
            int i = cli_format_index(optarg, FORMATS);
            if (i < 0)
                return cli_usage_error(USAGE, "unknown format '%s'", optarg);
            o->format = (enum audit_format)i;
            break;
        }
        case 'o': {
            int rc = cli_output_arg(USAGE, optarg, &o->output);
            if (rc >= 0)
                return rc;
            break;
        }
        case OPT_FAIL_ON:
            o->never_fail = strcmp(optarg, "none") == 0;
            if (!o->never_fail && !audit_priority_parse(optarg, &o->fail_on))
                return cli_usage_error(USAGE, "unknown priority '%s'", optarg);
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            return cli_bad_option(USAGE);
        }
    }
    return -1;
}

static bool load_rules(struct audit_ruleset *rs, const struct audit_opts *o)
{
    audit_rules_init(rs);
    bool ok = true;
    if (o->nrules == 0 || o->builtin)
        ok = audit_rules_load_text(rs, "<built-in rules>", AUDIT_BUILTIN_RULES,
                                   AUDIT_BUILTIN_RULES_LEN);
    for (size_t i = 0; ok && i < o->nrules; i++)
        ok = audit_rules_load_file(rs, o->rules[i]);
    return ok && audit_rules_compile(rs);
}

static void on_alert(const struct audit_alert *a, void *ctx)
{
    struct audit_run *run = ctx;
    audit_writer_alert(&run->aw, a);
    if (a->rule->priority <= run->fail_on)
        run->failing = true;
}

/* An event through the rules: the checks of --stats. */
static bool checked_event(struct audit_event *ev, void *engine)
{
    enum stats_phase was = stats_enter(STATS_CHECKS);
    bool go_on = audit_engine_event(ev, engine);
    stats_enter(was);
    return go_on;
}

static void read_one(const char *name, FILE *in, void *ctx)
{
    struct audit_run *run = ctx;
    stats_count(STATS_FILES, 1);
    if (audit_input_read(name, in, checked_event, &run->engine, &run->st) != 0)
        run->read_errors++;
}

static int list_rules(const struct audit_ruleset *rs)
{
    for (size_t i = 0; i < rs->nrules; i++) {
        const struct audit_rule *r = &rs->rules[i];
        printf("%-14s %s", audit_priority_name(r->priority), r->name);
        if (r->threshold)
            printf("  [threshold %u in %gs, cap %zu]", r->threshold, r->window, r->cap);
        else if (r->first_seen)
            printf("  [first seen, cap %zu]", r->cap);
        printf("\n");
    }
    printf("%zu rules loaded", rs->nrules);
    if (rs->nskipped)
        printf(", %zu skipped (disabled, or for another event source)", rs->nskipped);
    printf("\n");
    if (rs->plugin_versions_file)
        printf("note: %s: required_plugin_versions ignored (the k8saudit plugin's fields are "
               "built in)\n", rs->plugin_versions_file);
    return 0;
}

static int run_audit(const struct audit_opts *o, struct audit_ruleset *rs, char **paths,
                     size_t npaths)
{
    struct cli_sink sink;
    if (!cli_sink_open(&sink, o->output))
        return 2;
    struct audit_run run = {.fail_on = o->fail_on};
    audit_writer_begin(&run.aw, sink.f, o->format);
    audit_engine_init(&run.engine, rs, on_alert, &run);
    unsigned bad = 0;
    for (size_t i = 0; i < npaths; i++) {
        FILE *in = input_open(paths[i], "an audit log");
        if (!in) {
            bad++;
            continue;
        }
        read_one(strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i], in, &run);
        input_close(in);
    }
    stats_enter(STATS_OUTPUT);
    audit_writer_end(&run.aw, &run.engine, run.st.rejected);
    stats_count(STATS_BYTES, (size_t)run.st.bytes);
    stats_count(STATS_OBJECTS, run.st.events);
    if (audit_engine_evicted(&run.engine))
        diag_warn("stateful rules evicted %llu keys at their cap (counts of those keys restart)",
                  audit_engine_evicted(&run.engine));
    audit_engine_free(&run.engine);
    if (cli_sink_close(&sink) != 0)
        return 2;
    if (bad || run.read_errors)
        return 2;
    return run.failing && !o->never_fail ? 1 : 0;
}

int cmd_audit(int argc, char **argv)
{
    struct audit_opts o = {0};
    bool listing = argc > 1 && strcmp(argv[1], "rules") == 0;
    if (listing) {
        argv++;
        argc--;
    }
    int rc = parse_opts(argc, argv, &o);
    if (rc >= 0) {
        free(o.rules);
        return rc;
    }
    if (!listing && optind >= argc) {
        free(o.rules);
        return cli_usage_error(USAGE, "no audit log given (use - for standard input)");
    }
    struct audit_ruleset rs;
    if (!load_rules(&rs, &o)) {
        audit_rules_free(&rs);
        free(o.rules);
        return 2;
    }
    rc = listing ? list_rules(&rs)
                 : run_audit(&o, &rs, argv + optind, (size_t)(argc - optind));
    audit_rules_free(&rs);
    free(o.rules);
    return rc;
}
