/* pss.c — `ringwall pss`: Pod Security Standards verdicts per object, as the
 * API server's Pod Security Admission would give them. Many files per run,
 * so a whole fixture set is judged by one process. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../k8s/source.h"
#include "../output/jsonw.h"
#include "../pss/review.h"
#include "../core/stats.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall pss [OPTIONS] PATH... (a file, a directory, or - for stdin)\n"
    "  -l, --level LEVEL      judge every pod at LEVEL (privileged, baseline or\n"
    "                         restricted), whatever its Namespace's labels say\n"
    "  -V, --version VERSION  policy version: v1.N or latest (default latest); without\n"
    "                         --level, the default policy's version\n"
    "      --default-level LEVEL[:VERSION]\n"
    "                         without --level, the policy where a Namespace has no\n"
    "                         pod-security.kubernetes.io/enforce label or is not in the\n"
    "                         input (default restricted; a stock API server uses privileged)\n"
    "  -f, --format FMT       text (default) or json\n"
    "  -o, --output FILE      write the report to FILE (atomically)\n"
    "      --exclude GLOB     skip matching files and directories (repeatable)\n"
    "  -v, --verbose          list skipped documents\n"
    "      --allow-empty      accept an input without Kubernetes objects (else exit 2)\n"
    "\n"
    "Each verdict names its policy and why: namespace-label, --level or default.\n"
    "Exit status: 0 all allowed, 1 an object is denied, 2 usage or input error.\n";

enum { OPT_DEFAULT_LEVEL = 256, OPT_EXCLUDE };

static const struct option OPTIONS[] = {
    {"level", required_argument, NULL, 'l'},
    {"version", required_argument, NULL, 'V'},
    {"default-level", required_argument, NULL, OPT_DEFAULT_LEVEL},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"verbose", no_argument, NULL, 'v'},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"allow-empty", no_argument, NULL, 'E'},
    {"help", no_argument, NULL, 'h'},
    {0},
};

static const char *const FORMATS[] = {"text", "json", NULL};

struct pss_options {
    bool has_level, json, verbose, allow_empty;
    const char *output;
    enum pss_level level;
    struct pss_version version;
    const char *default_spec; /* --default-level, validated */
    const char **exclude;
    size_t nexclude;
};

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, struct pss_options *o)
{
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "l:V:f:o:vh", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (!pss_level_parse(optarg, &o->level))
                return cli_usage_error(USAGE, "unknown level '%s'", optarg);
            o->has_level = true;
            break;
        case 'V':
            if (!pss_version_parse(optarg, &o->version))
                return cli_usage_error(USAGE, "invalid version (want v1.N or latest) '%s'",
                                       optarg);
            break;
        case OPT_DEFAULT_LEVEL:
            if (!pss_spec_parse(optarg, &(enum pss_level){0}, &(struct pss_version){0}))
                return cli_usage_error(USAGE, "invalid --default-level '%s' (want LEVEL or "
                                       "LEVEL:v1.N)", optarg);
            o->default_spec = optarg;
            break;
        case OPT_EXCLUDE:
            cli_push_arg(&o->exclude, &o->nexclude, optarg);
            break;
        case 'v':
            o->verbose = true;
            break;
        case 'f':
            if (cli_format_index(optarg, FORMATS) < 0)
                return cli_usage_error(USAGE, "unknown format '%s'", optarg);
            o->json = cli_format_index(optarg, FORMATS) == 1;
            break;
        case 'o':
            if ((rc = cli_output_arg(USAGE, optarg, &o->output)) >= 0)
                return rc;
            break;
        case 'E':
            o->allow_empty = true;
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            return cli_bad_option(USAGE);
        }
    }
    if (o->has_level && o->default_spec)
        return cli_usage_error(USAGE, "--default-level applies only without --level");
    return cli_need_inputs(USAGE, optind, argc);
}

static void print_text(FILE *out, const struct pss_review *r)
{
    size_t allowed = 0;
    for (size_t i = 0; i < r->nitems; i++) {
        const struct pss_review_item *it = &r->items[i];
        const struct pss_verdict *v = &it->verdict[PSS_ENFORCE];
        char policy[64];
        fprintf(out, "%s:%u: %s/%s%s%s: %s by %s (%s)\n", it->file, it->line, it->kind,
                it->namespace ? it->namespace : "", it->namespace ? "/" : "",
                it->name ? it->name : "-", v->allowed ? "allowed" : "DENIED",
                pss_spec_format(v->level, v->version, policy, sizeof policy),
                pss_reason_name(it->reason));
        allowed += v->allowed;
        for (size_t k = 0; k < v->nviolations; k++)
            fprintf(out, "  %s: %s\n", pss_control_info(v->violations[k].control)->id,
                    v->violations[k].text);
        if (v->message)
            fprintf(out, "  %s\n", v->message);
        for (int m = PSS_WARN; m < PSS_NMODES; m++)
            if (it->judged[m] && !it->verdict[m].allowed)
                fprintf(out, "  %s: %s\n", pss_mode_name(m), it->verdict[m].message);
        if (it->note)
            fprintf(out, "  note: %s\n", it->note);
    }
    fprintf(out, "%zu object%s: %zu allowed, %zu denied\n", r->nitems,
            r->nitems == 1 ? "" : "s", allowed, r->nitems - allowed);
}

static void print_json_verdict(struct jsonw *w, const struct pss_verdict *v)
{
    char version[32];
    jsonw_kv_string(w, "level", pss_level_name(v->level));
    jsonw_kv_string(w, "version", pss_version_format(v->version, version, sizeof version));
    jsonw_kv_bool(w, "allowed", v->allowed);
    jsonw_key(w, "violations");
    jsonw_array(w);
    for (size_t k = 0; k < v->nviolations; k++) {
        jsonw_object(w);
        jsonw_kv_string(w, "control", pss_control_info(v->violations[k].control)->id);
        jsonw_kv_string(w, "message", v->violations[k].text);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
    if (v->message)
        jsonw_kv_string(w, "message", v->message);
}

static void print_json(FILE *out, const struct pss_review *r)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_key(&w, "results");
    jsonw_array(&w);
    for (size_t i = 0; i < r->nitems; i++) {
        const struct pss_review_item *it = &r->items[i];
        jsonw_object(&w);
        jsonw_kv_string(&w, "file", it->file);
        jsonw_kv_int(&w, "line", it->line);
        jsonw_key(&w, "object");
        jsonw_object(&w);
        jsonw_kv_string(&w, "apiVersion", it->api_version);
        jsonw_kv_string(&w, "kind", it->kind);
        jsonw_kv_string(&w, "namespace", it->namespace);
        jsonw_kv_string(&w, "name", it->name);
        jsonw_object_end(&w);
        jsonw_kv_string(&w, "reason", pss_reason_name(it->reason));
        print_json_verdict(&w, &it->verdict[PSS_ENFORCE]);
        if (r->namespace_mode) {
            jsonw_key(&w, "warnings");
            jsonw_array(&w);
            for (int m = PSS_WARN; m < PSS_NMODES; m++) {
                if (!it->judged[m] || it->verdict[m].allowed)
                    continue;
                jsonw_object(&w);
                jsonw_kv_string(&w, "mode", pss_mode_name(m));
                print_json_verdict(&w, &it->verdict[m]);
                jsonw_object_end(&w);
            }
            jsonw_array_end(&w);
        }
        if (it->note)
            jsonw_kv_string(&w, "note", it->note);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}

/* --default-level LEVEL[:VERSION]; without VERSION, --version's. */
static void set_default(struct pss_review *r, const struct pss_options *o)
{
    enum pss_level level;
    struct pss_version version;
    if (!o->default_spec || !pss_spec_parse(o->default_spec, &level, &version))
        return;
    if (!strchr(o->default_spec, ':'))
        version = o->version;
    pss_review_set_default(r, level, version);
}

int cmd_pss(int argc, char **argv)
{
    struct pss_options o = {.level = PSS_LEVEL_RESTRICTED, .version = {.latest = true}};
    int rc = parse_options(argc, argv, &o);
    struct cli_sink sink;
    if (rc >= 0 || !cli_sink_open(&sink, o.output)) {
        free(o.exclude);
        return rc >= 0 ? rc : 2;
    }
    struct pss_review review = {0};
    pss_review_init(&review, o.has_level ? &o.level : NULL, o.version);
    set_default(&review, &o);
    struct input_filter filter = {.exclude = o.exclude, .nexclude = o.nexclude};
    struct object_source src = {.filter = &filter, .verbose = o.verbose, .progress = true,
                                .on_object = pss_review_add_object, .ctx = &review};
    source_read(&src, (const char *const *)argv + optind, (size_t)(argc - optind));
    pss_review_finish(&review);
    stats_enter(STATS_OUTPUT);
    if (o.json)
        print_json(sink.f, &review);
    else
        print_text(sink.f, &review);
    bool failed = cli_sink_close(&sink) != 0 || src.summary.input_errors ||
                  !cli_require_objects(&src.summary, o.allow_empty);
    rc = failed ? 2 : review.denied ? 1 : 0;
    pss_review_free(&review);
    free(o.exclude);
    return rc;
}
