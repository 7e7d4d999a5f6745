/* audit.c — `ringwall audit`: detections over Kubernetes audit logs with
 * Falco rules files and ringwall's built-in rules; `ringwall audit rules`
 * lists the loaded rules. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit_alert.h"
#include "../audit/audit_alert_keys.h"
#include "../audit/audit_follow.h"
#include "../audit/audit_input.h"
#include "../core/diag.h"
#include "../core/input.h"
#include "../core/stats.h"
#include "audit_cli.h"
#include "audit_serve.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall audit [OPTIONS] FILE... (audit logs, gzip too; - for stdin)\n"
    "       ringwall audit rules [--rules FILE]... [--builtin]\n"
    "       ringwall audit serve --listen ADDR --tls-cert FILE --tls-key FILE (webhook)\n"
    "  -r, --rules FILE       load a Falco rules file (repeatable, in order); replaces\n"
    "                         the built-in rules\n"
    "      --builtin          load the built-in rules too (first), with --rules\n"
    "  -f, --format FMT       text (default), json, jsonl or falco (Falco's JSON alerts)\n"
    "  -o, --output FILE      write the alerts to FILE (atomically; with --follow,\n"
    "                         appended as they come)\n"
    "      --fail-on PRIORITY exit 1 when an alert is at PRIORITY or above (default\n"
    "                         debug: any alert; none: never)\n"
    "      --follow           keep reading the files as they grow, like tail -F: through\n"
    "                         rotation (rename and create, copytruncate) and files that\n"
    "                         do not exist yet, until SIGINT or SIGTERM\n"
    "      --checkpoint FILE  with --follow: where each file was read up to, the\n"
    "                         stateful rules' counts and the alerted requests, so a\n"
    "                         restart resumes there (the rest of a file rotated\n"
    "                         meanwhile read from its rotated copy, gzip too). After\n"
    "                         a crash (SIGKILL), alerts in -o FILE (a regular file,\n"
    "                         text, jsonl or falco) are exact: those written past the\n"
    "                         checkpoint are kept (but an incomplete last line) and\n"
    "                         not written again when their events are read again;\n"
    "                         standard output and sinks get the alerts of up to a\n"
    "                         second of events again (at least once; a sink's queue\n"
    "                         is lost with the process)\n"
    "      --poll SECONDS     with --follow: check the files every SECONDS instead of\n"
    "                         waiting for inotify's events\n"
    AUDIT_SINK_USAGE
    "\n"
    "Input: audit.k8s.io/v1 and v1beta1 Events as JSON lines, EventLists and JSON\n"
    "arrays, AKS diagnostic records and GKE Cloud Audit Logs. A malformed record is\n"
    "reported with its file:line and skipped. An event logged at several stages\n"
    "alerts once per rule.\n"
    "Alerts always go to standard output or -o; the other destinations get them\n"
    "through a queue each, delivered with retries; what could not be delivered is\n"
    "counted in a summary on standard error.\n"
    "Exit status: 0 no alert (at or above --fail-on), 1 alerts, 2 usage or input\n"
    "error (an unreadable file or rules file). --follow: 0 after SIGINT or SIGTERM,\n"
    "2 after an error (a checkpoint that does not load or cannot be written).\n";

enum { OPT_BUILTIN = 256, OPT_FAIL_ON, OPT_FOLLOW, OPT_CHECKPOINT, OPT_POLL };

static const struct option OPTIONS[] = {
    {"rules", required_argument, NULL, 'r'},
    {"builtin", no_argument, NULL, OPT_BUILTIN},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"follow", no_argument, NULL, OPT_FOLLOW},
    {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
    {"poll", required_argument, NULL, OPT_POLL},
    AUDIT_SINK_LONG_OPTIONS,
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
    bool follow;
    const char *checkpoint;
    double poll;
    struct audit_sink_opts sinks;
};

struct audit_run {
    struct audit_writer aw;
    struct audit_engine engine;
    enum audit_priority fail_on;
    bool failing;
    struct audit_input_stats st;
    unsigned read_errors;
    struct alert_sinks sinks;
};

static int parse_opts(int argc, char **argv, struct audit_opts *o)
{
    int c;
    o->fail_on = PRIO_DEBUG;
    while ((c = getopt_long(argc, argv, "r:f:o:h", OPTIONS, NULL)) != -1) {
        int sink_rc = audit_sink_option(&o->sinks, c, optarg, USAGE);
        if (sink_rc > 0)
            return sink_rc;
        if (sink_rc < 0)
            continue;
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
        case OPT_FOLLOW:
            o->follow = true;
            break;
        case OPT_CHECKPOINT:
            o->checkpoint = optarg;
            break;
        case OPT_POLL: {
            char *end;
            o->poll = strtod(optarg, &end);
            if (!*optarg || *end || !(o->poll >= 0.01 && o->poll <= 3600))
                return cli_usage_error(USAGE, "--poll: expected seconds (0.01 to 3600), not '%s'",
                                       optarg);
            break;
        }
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
    return audit_rules_load_set(rs, o->rules, o->nrules, o->builtin);
}

static void on_alert(const struct audit_alert *a, void *ctx)
{
    struct audit_run *run = ctx;
    audit_writer_alert(&run->aw, a);
    sinks_emit(&run->sinks, a);
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

static bool flush_alerts(void *ctx)
{
    struct audit_run *run = ctx;
    return fflush(run->aw.out) == 0 && !ferror(run->aw.out);
}

/* --follow: alerts appended to -o FILE as they come (flushed after each
 * batch), the files read until a stop signal. */
static int follow_audit(const struct audit_opts *o, struct audit_run *run, char **paths,
                        size_t npaths)
{
    FILE *out = o->output ? fopen(o->output, "a+e") : stdout; /* read back after a crash */
    if (!out) {
        diag_error("%s: cannot open: %s", o->output, strerror(errno));
        return 2;
    }
    struct alert_keys there = {0};
    audit_writer_begin(&run->aw, out, o->format);
    run->aw.skip = &there;
    struct audit_follow_options fo = {.paths = paths, .npaths = npaths,
                                      .checkpoint = o->checkpoint,
                                      .output = o->output ? out : NULL,
                                      .format = o->format, .skip = &there,
                                      .poll_interval = o->poll,
                                      .no_inotify = o->poll > 0};
    int rc = audit_follow(&fo, &run->engine, &run->st, flush_alerts, run);
    audit_writer_end(&run->aw, &run->engine, run->st.rejected);
    alert_keys_free(&there);
    if ((out != stdout && fclose(out) != 0) || (out == stdout && fflush(out) != 0)) {
        diag_error("%s: cannot write: %s", o->output ? o->output : "<stdout>", strerror(errno));
        rc = 2;
    }
    return rc;
}

static int read_audit(const struct audit_opts *o, struct audit_run *run, char **paths,
                      size_t npaths)
{
    struct cli_sink sink;
    if (!cli_sink_open(&sink, o->output))
        return 2;
    audit_writer_begin(&run->aw, sink.f, o->format);
    unsigned bad = 0;
    for (size_t i = 0; i < npaths; i++) {
        FILE *in = input_open(paths[i], "an audit log");
        if (!in) {
            bad++;
            continue;
        }
        read_one(strcmp(paths[i], "-") == 0 ? "<stdin>" : paths[i], in, run);
        input_close(in);
    }
    stats_enter(STATS_OUTPUT);
    audit_writer_end(&run->aw, &run->engine, run->st.rejected);
    stats_count(STATS_BYTES, (size_t)run->st.bytes);
    stats_count(STATS_OBJECTS, run->st.events);
    if (cli_sink_close(&sink) != 0)
        return 2;
    if (bad || run->read_errors)
        return 2;
    return run->failing && !o->never_fail ? 1 : 0;
}

static int run_audit(const struct audit_opts *o, struct audit_ruleset *rs, char **paths,
                     size_t npaths)
{
    struct audit_run run = {.fail_on = o->fail_on};
    if (!audit_sinks_open(&o->sinks, &run.sinks))
        return 2;
    audit_engine_init(&run.engine, rs, on_alert, &run);
    int rc = o->follow ? follow_audit(o, &run, paths, npaths)
                       : read_audit(o, &run, paths, npaths);
    sinks_close(&run.sinks);
    if (audit_engine_evicted(&run.engine))
        diag_warn("stateful rules evicted %llu keys at their cap (counts of those keys restart)",
                  audit_engine_evicted(&run.engine));
    audit_engine_free(&run.engine);
    return rc;
}

static void opts_free(struct audit_opts *o)
{
    free(o->rules);
    audit_sink_opts_free(&o->sinks);
}

/* Operands and option combinations: -1 when fine, else the exit status. */
static int check_operands(const struct audit_opts *o, bool listing, int argc, char **argv)
{
    if (!listing && optind >= argc)
        return cli_usage_error(USAGE, "no audit log given (use - for standard input)");
    if (!o->follow && (o->checkpoint || o->poll > 0))
        return cli_usage_error(USAGE, "--checkpoint and --poll go with --follow");
    for (int i = optind; o->follow && i < argc; i++)
        if (strcmp(argv[i], "-") == 0)
            return cli_usage_error(USAGE, "--follow reads files by name, not standard input");
    return -1;
}

int cmd_audit(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return audit_serve_main(argc - 1, argv + 1);
    struct audit_opts o = {0};
    bool listing = argc > 1 && strcmp(argv[1], "rules") == 0;
    if (listing) {
        argv++;
        argc--;
    }
    int rc = parse_opts(argc, argv, &o);
    if (rc < 0)
        rc = check_operands(&o, listing, argc, argv);
    if (rc >= 0) {
        opts_free(&o);
        return rc;
    }
    struct audit_ruleset rs;
    if (!load_rules(&rs, &o)) {
        audit_rules_free(&rs);
        opts_free(&o);
        return 2;
    }
    rc = listing ? list_rules(&rs)
                 : run_audit(&o, &rs, argv + optind, (size_t)(argc - optind));
    audit_rules_free(&rs);
    opts_free(&o);
    return rc;
}
