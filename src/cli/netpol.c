/* netpol.c — `ringwall netpol`: which workload can reach which under the
 * input's NetworkPolicies (a connectivity list in txt, json, csv, md or dot),
 * or one query (--from/--to) answered allowed or denied, with the policies
 * and rules that decide it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/diag.h"
#include "../k8s/source.h"
#include "../netpol/connlist.h"
#include "../netpol/exposure.h"
#include "../core/stats.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall netpol [OPTIONS] PATH... (files, directories, or - for stdin)\n"
    "  -f, --format FMT     txt (default; or text), json, csv, md (or markdown), dot\n"
    "  -o, --output FILE    write the report to FILE (atomically)\n"
    "      --from PEER      with --to: one query; PEER is ns/name, name, ns/name[Kind]\n"
    "      --to PEER          or an IPv4 address (with --focus-conn: that connection)\n"
    "      --focus-workload LIST       only connections of these workloads (comma-separated\n"
    "                                  name or ns/name; ingress-controller)\n"
    "      --focus-workload-peer LIST  ... and only with these peers\n"
    "      --focus-direction DIR       ingress (into the focus workloads) or egress\n"
    "      --focus-conn PROTO-PORT     only connections allowing it, e.g. tcp-8080\n"
    "      --exposure       also list what policies would allow with workloads not in\n"
    "                       the input (entire cluster, pods selected by labels)\n"
    "      --exclude GLOB   skip matching files and directories (repeatable)\n"
    "      --stats          print what was read, CPU time per phase, peak memory, and\n"
    "                       the model's size and phase timings on stderr\n"
    "      --allow-empty    accept an input without Kubernetes objects (else exit 2)\n"
    "  -v, --verbose        list skipped documents\n"
    "Prints `SRC => DST : CONNS` for every allowed connection. An input that fails\n"
    "to load leaves an answer about the rest, with a warning naming it.\n"
    "\n"
    "Exit status: 0 success (a query: the connection is allowed), 1 a query's\n"
    "connection is denied, 2 usage, input or output error (also after an answer\n"
    "about what loaded when an input failed).\n";

enum { OPT_FROM = 256, OPT_TO, OPT_EXCLUDE, OPT_FOCUS, OPT_FOCUS_PEER, OPT_FOCUS_DIR,
       OPT_FOCUS_CONN, OPT_EXPOSURE, OPT_ALLOW_EMPTY };

static const struct option OPTIONS[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"focus-workload", required_argument, NULL, OPT_FOCUS},
    {"focus-workload-peer", required_argument, NULL, OPT_FOCUS_PEER},
    {"focus-direction", required_argument, NULL, OPT_FOCUS_DIR},
    {"focus-conn", required_argument, NULL, OPT_FOCUS_CONN},
    {"exposure", no_argument, NULL, OPT_EXPOSURE},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {0},
};

struct netpol_options {
    enum connlist_format format;
    const char *from, *to;
    const char *output;
    const char **exclude;
    size_t nexclude;
    bool verbose, focused, exposure, allow_empty;
    struct connlist_focus focus;
    char **focus_items;      /* the split LIST arguments (owned) */
    size_t nfocus_items;
};

/* Appends the comma-separated names of arg to list (pointers into owned copies). */
static void split_list(struct netpol_options *o, const char *arg, const char *const **list,
                       size_t *n)
{
    char *copy = xstrdup(arg);
    o->focus_items = xrealloc(o->focus_items, (o->nfocus_items + 1) * sizeof *o->focus_items);
    o->focus_items[o->nfocus_items++] = copy;
    const char **v = (const char **)*list;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        v = xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = tok;
    }
    *list = v;
}

static void free_options(struct netpol_options *o)
{
    for (size_t i = 0; i < o->nfocus_items; i++)
        free(o->focus_items[i]);
    free(o->focus_items);
    free((void *)o->focus.workloads);
    free((void *)o->focus.peers);
    free(o->exclude);
}

static int parse_options(int argc, char **argv, struct netpol_options *o)
{
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:vh", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!connlist_format_parse(optarg, &o->format) &&
                !connlist_format_parse(cli_format_other(optarg), &o->format))
                return cli_usage_error(USAGE, "unknown format '%s'", optarg);
            break;
        case 'o':
            if ((rc = cli_output_arg(USAGE, optarg, &o->output)) >= 0)
                return rc;
            break;
        case OPT_FROM:
            o->from = optarg;
            break;
        case OPT_TO:
            o->to = optarg;
            break;
        case OPT_EXCLUDE:
            cli_push_arg(&o->exclude, &o->nexclude, optarg);
            break;
        case 'v':
            o->verbose = true;
            break;
        case OPT_EXPOSURE:
            o->exposure = true;
            break;
        case OPT_ALLOW_EMPTY:
            o->allow_empty = true;
            break;
        case OPT_FOCUS:
            split_list(o, optarg, &o->focus.workloads, &o->focus.nworkloads);
            o->focused = true;
            break;
        case OPT_FOCUS_PEER:
            split_list(o, optarg, &o->focus.peers, &o->focus.npeers);
            o->focused = true;
            break;
        case OPT_FOCUS_DIR:
            if (strcmp(optarg, "ingress") == 0)
                o->focus.direction = FOCUS_INGRESS;
            else if (strcmp(optarg, "egress") == 0)
                o->focus.direction = FOCUS_EGRESS;
            else
                return cli_usage_error(USAGE, "--focus-direction is ingress or egress, not '%s'",
                                       optarg);
            o->focused = true;
            break;
        case OPT_FOCUS_CONN:
            if (!connlist_focus_conn_parse(optarg, &o->focus))
                return cli_usage_error(
                    USAGE, "--focus-conn takes PROTOCOL-PORT (tcp-8080), not '%s'", optarg);
            o->focused = true;
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            return cli_bad_option(USAGE);
        }
    }
    if (!o->from != !o->to)
        return cli_usage_error(USAGE, "--from and --to go together");
    if ((o->focus.npeers || o->focus.direction != FOCUS_BOTH) && !o->focus.nworkloads)
        return cli_usage_error(USAGE, "--focus-workload-peer and --focus-direction need "
                                      "--focus-workload");
    if (o->from && (o->focus.nworkloads || o->format != CL_TXT || o->exposure))
        return cli_usage_error(USAGE,
                               "a --from/--to query takes --focus-conn only, and prints text");
    if (o->exposure && (o->focus.npeers || o->focus.has_conn))
        return cli_usage_error(USAGE, "--exposure goes with --focus-workload and "
                                      "--focus-direction only");
    return cli_need_inputs(USAGE, optind, argc);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The model being loaded and the files that failed to load (each named
 * once, in the order they failed). */
struct netpol_load {
    struct np_model *m;
    char **failed;
    size_t nfailed, failed_cap;
};

static void note_failed(struct netpol_load *l, const char *file)
{
    for (size_t i = 0; i < l->nfailed; i++)
        if (strcmp(l->failed[i], file) == 0)
            return;
    if (l->nfailed == l->failed_cap) {
        l->failed_cap = l->failed_cap ? l->failed_cap * 2 : 4;
        l->failed = xrealloc(l->failed, l->failed_cap * sizeof *l->failed);
    }
    l->failed[l->nfailed++] = xstrdup(file);
}

static void add_object(const struct k8s_object *o, void *ctx)
{
    struct netpol_load *l = ctx;
    model_add(l->m, o);
}

static void on_load_error(const char *file, void *ctx)
{
    note_failed(ctx, file);
}

static void on_duplicate_key(const struct doc *d, void *ctx)
{
    note_failed(ctx, d->file);
}

/* Reads every path; a path whose errors named no file (it could not be
 * opened, or a file under it could not) is named itself. The files with
 * invalid objects count as failed too. */
static void load_inputs(struct netpol_load *l, struct object_source *src, char **paths,
                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t errors = src->summary.input_errors, named = l->nfailed;
        source_read(src, (const char *const *)&paths[i], 1);
        if (src->summary.input_errors > errors && l->nfailed == named)
            note_failed(l, paths[i]);
    }
    model_finish(l->m);
    for (size_t i = 0; i < l->m->nerr; i++)
        note_failed(l, l->m->err[i].pos.file);
}

static void load_free(struct netpol_load *l)
{
    for (size_t i = 0; i < l->nfailed; i++)
        free(l->failed[i]);
    free(l->failed);
}

static bool resolve_endpoint(const struct np_model *m, const char *q, struct endpoint *e)
{
    long w = model_find_workload(m, q);
    if (w >= 0) {
        *e = (struct endpoint){.kind = EP_WORKLOAD, .w = (uint32_t)w};
        return true;
    }
    char cidr[64];
    snprintf(cidr, sizeof cidr, "%s/32", q);
    bool v6;
    uint32_t lo, hi;
    const char *why;
    if (strlen(q) < 40 && cidr_parse(cidr, &v6, &lo, &hi, &why) && !v6) {
        *e = (struct endpoint){.kind = EP_IP, .ip = {lo, hi}};
        return true;
    }
    return false;
}

static void print_policies(FILE *out, const struct np_model *m, const uint32_t *pols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s/%s", i ? ", " : "", m->pol[pols[i]].ns, m->pol[pols[i]].name);
}

static void explain_side(FILE *out, struct reach *r, const struct reach_why *why, bool egress,
                         const char *name, struct endpoint dst)
{
    const struct np_model *m = r->m;
    bool isolated = egress ? why->src_isolated : why->dst_isolated;
    fprintf(out, "  %s %s: ", egress ? "egress of" : "ingress of", name);
    if (!isolated) {
        fprintf(out, "not isolated (no NetworkPolicy selects it for %s): all connections\n",
                egress ? "egress" : "ingress");
        return;
    }
    fprintf(out, "isolated by ");
    print_policies(out, m, egress ? why->src_policies : why->dst_policies,
                   egress ? why->nsrc_policies : why->ndst_policies);
    fputc('\n', out);
    size_t shown = 0;
    struct conns c = {0};
    char *buf = NULL;
    size_t cap = 0;
    for (size_t i = 0; i < why->nrules; i++) {
        const struct reach_rule_ref *ref = &why->rules[i];
        if (ref->egress != egress)
            continue;
        const struct np_policy *p = &m->pol[ref->policy];
        const struct np_rule *rule = egress ? &p->eg[ref->rule] : &p->in[ref->rule];
        reach_rule_conns(rule, dst.kind == EP_WORKLOAD ? &m->w[dst.w] : NULL, &c);
        conns_format(&c, &buf, &cap);
        fprintf(out, "    admitted by %s/%s %s rule #%u (%s:%u:%u): %s\n", p->ns, p->name,
                egress ? "egress" : "ingress", ref->rule + 1, rule->pos.file, rule->pos.line,
                rule->pos.col, buf);
        shown++;
    }
    if (!shown)
        fprintf(out, "    no %s rule of these policies admits the %s\n",
                egress ? "egress" : "ingress", egress ? "destination" : "source");
    conns_free(&c);
    free(buf);
}

/* One pair: allowed when some connection is (or the --focus-conn one is). */
static int run_query(FILE *out, struct reach *r, const char *from, const char *to,
                     const struct connlist_focus *focus)
{
    struct endpoint src, dst;
    if (!resolve_endpoint(r->m, from, &src)) {
        diag_error("--from %s: no such workload in the input (and not an IPv4 address)", from);
        return 2;
    }
    if (!resolve_endpoint(r->m, to, &dst)) {
        diag_error("--to %s: no such workload in the input (and not an IPv4 address)", to);
        return 2;
    }
    if (src.kind == EP_IP && dst.kind == EP_IP) {
        diag_error("%s", "--from and --to are both addresses: give at least one workload");
        return 2;
    }
    struct arena a = {0};
    const char *sname = connlist_endpoint_name(&a, r, src);
    const char *dname = connlist_endpoint_name(&a, r, dst);
    struct conns c = {0};
    struct reach_why why = {0};
    reach_pair(r, src, dst, &c, &why);
    char *buf = NULL;
    size_t cap = 0;
    conns_format(&c, &buf, &cap);
    bool allowed = focus->has_conn ? conns_contains(&c, focus->proto, focus->port)
                                   : !conns_is_empty(&c);
    fprintf(out, "%s => %s : %s\n", sname, dname, buf);
    if (focus->has_conn)
        fprintf(out, "%s %u: ", proto_name(focus->proto), focus->port);
    fprintf(out, "%s\n", allowed ? "allowed" : "denied");
    explain_side(out, r, &why, true, sname, dst);
    explain_side(out, r, &why, false, dname, dst);
    free(buf);
    conns_free(&c);
    reach_why_free(&why);
    arena_free(&a);
    return allowed ? 0 : 1;
}

static void warn_missing_focus(const struct np_model *m, const struct connlist_focus *f)
{
    for (size_t i = 0; i < f->nworkloads; i++)
        if (!connlist_focus_exists(m, f->workloads[i]))
            diag_warn("--focus-workload %s: no such workload in the input", f->workloads[i]);
    for (size_t i = 0; i < f->npeers; i++)
        if (!connlist_focus_exists(m, f->peers[i]))
            diag_warn("--focus-workload-peer %s: no such workload in the input", f->peers[i]);
}

static void report_model_errors(const struct np_model *m)
{
    for (size_t i = 0; i < m->nerr; i++)
        diag_error_at(m->err[i].pos.file, m->err[i].pos.line, m->err[i].pos.col, "%s",
                      m->err[i].msg);
}

/* Reports what makes the input unusable (false) or suspicious (warnings).
 * Inputs that failed to load leave the answer about the rest, with a
 * warning naming them. */
static bool check_input(const struct netpol_load *l, const struct scan_summary *sum,
                        bool allow_empty)
{
    const struct np_model *m = l->m;
    report_model_errors(m);
    bool nothing = m->nw == 0 && m->npol == 0 && m->nns == 0;
    if (nothing && l->nfailed) {
        diag_error("%s", "no answer: nothing loaded from the input");
        return false;
    }
    if (!cli_require_objects(sum, allow_empty))
        return false;
    if (sum->skipped && nothing && !allow_empty) {
        diag_error("no Kubernetes objects in the input: %zu document%s without apiVersion "
                   "and kind",
                   sum->skipped, sum->skipped == 1 ? "" : "s");
        return false;
    }
    if (sum->skipped)
        diag_warn("skipped %zu document%s without apiVersion and kind (-v lists them)",
                  sum->skipped, sum->skipped == 1 ? "" : "s");
    if (l->nfailed) {
        char list[1024];
        size_t len = 0;
        for (size_t i = 0; i < l->nfailed && len < sizeof list; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                                    l->failed[i]);
        diag_warn("the answer may be incomplete: it leaves out what failed to load from %s",
                  list);
    }
    if (m->nw == 0)
        diag_warn("%s", "no workloads in the input: the connectivity list is empty");
    else if (m->npol == 0 && m->nanp == 0 && !m->banp)
        diag_warn("%s", "no NetworkPolicy in the input: every connection is allowed");
    return true;
}

int cmd_netpol(int argc, char **argv)
{
    struct netpol_options o = {.format = CL_TXT};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0) {
        free_options(&o);
        return rc;
    }
    double t0 = now_ms();
    struct np_model m;
    model_init(&m);
    struct input_filter filter = {.exclude = o.exclude, .nexclude = o.nexclude};
    struct netpol_load load = {.m = &m};
    struct object_source src = {
        .filter = &filter, .verbose = o.verbose, .on_object = add_object, .ctx = &load,
        .on_duplicate_key = on_duplicate_key, .on_load_error = on_load_error,
    };
    load_inputs(&load, &src, argv + optind, (size_t)(argc - optind));
    struct cli_sink sink;
    if (!check_input(&load, &src.summary, o.allow_empty) || !cli_sink_open(&sink, o.output)) {
        load_free(&load);
        model_free(&m);
        free_options(&o);
        return 2;
    }
    double t1 = now_ms(), t2, t3;
    struct reach r;
    reach_init(&r, &m);
    if (o.from) {
        rc = run_query(sink.f, &r, o.from, o.to, &o.focus);
        t2 = now_ms();
    } else {
        warn_missing_focus(&m, &o.focus);
        struct connlist cl;
        connlist_build(&cl, &r, o.focused ? &o.focus : NULL);
        if (o.exposure) {
            struct exposure ex;
            exposure_build(&ex, &r, &cl, o.focused ? &o.focus : NULL);
            t2 = now_ms();
            stats_enter(STATS_OUTPUT);
            exposure_write(sink.f, o.format, &cl, &ex, &m);
            exposure_free(&ex);
        } else {
            t2 = now_ms();
            stats_enter(STATS_OUTPUT);
            connlist_write(sink.f, o.format, &cl, &m);
        }
        connlist_free(&cl);
        rc = 0;
    }
    if (cli_sink_close(&sink) != 0 || load.nfailed)
        rc = 2; /* the answer is about part of the input */
    t3 = now_ms();
    if (stats_on())
        fprintf(stderr,
                "ringwall: stats: %zu workloads, %zu namespaces, %zu policies; load %.2f ms, "
                "analysis %.2f ms, output %.2f ms\n",
                m.nw, m.nns, m.npol, t1 - t0, t2 - t1, t3 - t2);
    reach_free(&r);
    load_free(&load);
    model_free(&m);
    free_options(&o);
    return rc;
}
