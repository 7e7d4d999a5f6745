/* scan.c — `ringwall scan`: manifests in, findings out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../checks/catalog.h"
#include "../checks/config.h"
#include "../checks/config_file.h"
#include "../checks/deprecated_api.h"
#include "../checks/engine.h"
#include "../core/diag.h"
#include "../core/heap.h"
#include "../core/stats.h"
#include "../output/output.h"
#include "../pss/policy.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall scan [OPTIONS] PATH... (a file, a directory, or - for stdin)\n"
    "  -f, --format FMT          text (default; or txt), json, jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "  -c, --config FILE         read settings from FILE (ringwall.yaml, docs/config.md);\n"
    "                            options given here override it\n"
    "      --fail-on SEV         exit 1 on a finding this severe or worse (default high;\n"
    "                            critical, high, medium, low, info, none)\n"
    "      --min-severity SEV    report only findings this severe or worse\n"
    "      --checks LIST         run only these checks (ids, aliases, globs: workload/*)\n"
    "      --skip LIST           do not run these checks\n"
    "      --exclude GLOB        skip matching files and directories (repeatable)\n"
    "      --trusted-registry R  allow images from registry R (repeatable; enables\n"
    "                            image/untrusted-registry)\n"
    "      --pss LEVEL[:VERSION] report Pod Security violations (pss/*) at this policy\n"
    "      --target-version v1.N report the apiVersions removed (api/removed) and\n"
    "                            deprecated (api/deprecated) as of that release\n"
    "      --no-annotation-ignores  ignore ringwall.io/ignore annotations\n"
    "      --no-color            never colour the text report (NO_COLOR works too)\n"
    "      --cluster-per-arg     each PATH is a cluster of its own for the whole-input\n"
    "                            checks (rbac, network, service account tokens)\n"
    "      --allow-empty         accept an input without Kubernetes objects, and\n"
    "                            --checks/--skip selecting no check (else exit 2)\n"
    "  -j, --jobs N              load and check N files at a time (default: one per\n"
    "                            core, and 1 for a single file; 1: one after\n"
    "                            another); the report is the same\n"
    "  -v, --verbose             list skipped documents\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 usage,\n"
    "input or output error (also: no Kubernetes objects, or no check selected).\n";

enum { OPT_FAIL_ON = 256, OPT_MIN_SEV, OPT_CHECKS, OPT_SKIP, OPT_EXCLUDE, OPT_NO_IGNORES,
       OPT_NO_COLOR, OPT_TRUSTED, OPT_PSS, OPT_ALLOW_EMPTY, OPT_CLUSTER_PER_ARG,
       OPT_TARGET_VERSION };

static const struct option OPTIONS[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"config", required_argument, NULL, 'c'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"min-severity", required_argument, NULL, OPT_MIN_SEV},
    {"checks", required_argument, NULL, OPT_CHECKS},
    {"skip", required_argument, NULL, OPT_SKIP},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"trusted-registry", required_argument, NULL, OPT_TRUSTED},
    {"no-annotation-ignores", no_argument, NULL, OPT_NO_IGNORES},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"pss", required_argument, NULL, OPT_PSS},
    {"target-version", required_argument, NULL, OPT_TARGET_VERSION},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"cluster-per-arg", no_argument, NULL, OPT_CLUSTER_PER_ARG},
    {"verbose", no_argument, NULL, 'v'},
    {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
    {0},
};

/* A setting from the command line, applied after the configuration file in
 * the order given: (option, argument). */
struct setting {
    int opt;
    const char *arg;
};

struct scan_options {
    enum output_format format;
    const char *output;
    const char *config;
    bool no_color;
    bool verbose;
    bool allow_empty;
    bool cluster_per_arg;
    unsigned jobs;
    bool jobs_given; /* -j: also for a single file */
    const char **exclude;
    size_t nexclude;
    struct setting *settings;
    size_t nsettings;
};

enum { MAX_JOBS = 256 };

static bool parse_jobs(const char *arg, unsigned *jobs)
{
    unsigned long n;
    if (!cli_parse_count(arg, 1, MAX_JOBS, &n))
        return false;
    *jobs = (unsigned)n;
    return true;
}

/* One thread per core, unless -j says otherwise. */
static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

/* Whether the paths are one file (or standard input) rather than a
 * directory or several paths. One file is read by one thread whatever the
 * cores, and handing its documents or List items to the main thread to
 * check costs more than it overlaps (bench/scan_jobs.sh): without -j, it
 * is scanned on the main thread alone. */
static bool one_file(const char *const *paths, size_t npaths)
{
    struct stat st;
    return npaths == 1 &&
           (strcmp(paths[0], "-") == 0 || (stat(paths[0], &st) == 0 && !S_ISDIR(st.st_mode)));
}

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, struct scan_options *o)
{
    int c, rc;
    enum severity sev;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:c:vj:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!output_format_parse(optarg, &o->format) &&
                !output_format_parse(cli_format_other(optarg), &o->format))
                return cli_usage_error(USAGE,
                                       "unknown format '%s' (text, json, jsonl, sarif, junit)",
                                       optarg);
            break;
        case 'o':
            if ((rc = cli_output_arg(USAGE, optarg, &o->output)) >= 0)
                return rc;
            break;
        case 'c':
            o->config = optarg;
            break;
        case OPT_FAIL_ON:
        case OPT_MIN_SEV:
            if (!severity_parse(optarg, &sev) || (c == OPT_MIN_SEV && sev == SEV_COUNT))
                return cli_usage_error(
                    USAGE, "unknown severity '%s' (critical, high, medium, low, info)", optarg);
            /* fall through */
        case OPT_PSS:
            if (c == OPT_PSS &&
                !pss_spec_parse(optarg, &(enum pss_level){0}, &(struct pss_version){0}))
                return cli_usage_error(USAGE, "invalid --pss '%s' (want LEVEL or LEVEL:v1.N)",
                                       optarg);
            /* fall through */
        case OPT_TARGET_VERSION:
            if (c == OPT_TARGET_VERSION && !api_target_parse(optarg, &(unsigned){0}))
                return cli_usage_error(USAGE, "invalid --target-version '%s' (want v1.N)",
                                       optarg);
            /* fall through */
        case OPT_CHECKS:
        case OPT_SKIP:
        case OPT_TRUSTED:
        case OPT_NO_IGNORES:
            o->settings = xrealloc(o->settings, (o->nsettings + 1) * sizeof *o->settings);
            o->settings[o->nsettings++] = (struct setting){c, optarg};
            break;
        case OPT_EXCLUDE:
            cli_push_arg(&o->exclude, &o->nexclude, optarg);
            break;
        case OPT_NO_COLOR:
            o->no_color = true;
            break;
        case OPT_ALLOW_EMPTY:
            o->allow_empty = true;
            break;
        case OPT_CLUSTER_PER_ARG:
            o->cluster_per_arg = true;
            break;
        case 'v':
            o->verbose = true;
            break;
        case 'j':
            if (!parse_jobs(optarg, &o->jobs))
                return cli_usage_error(USAGE, "invalid --jobs '%s' (want 1 to %d)", optarg,
                                       MAX_JOBS);
            o->jobs_given = true;
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            return cli_bad_option(USAGE);
        }
    }
    return cli_need_inputs(USAGE, optind, argc);
}

/* --checks and --skip (or the configuration file) that leave no check to
 * run make a scan that can never fail: an error unless --allow-empty. */
static bool some_check_enabled(const struct scan_config *cfg)
{
    for (size_t i = 0; i < catalog_count(); i++)
        if (cfg->enabled[i])
            return true;
    diag_error("%s", "no check selected: --checks and --skip (or the configuration file) "
                     "leave none to run (use --allow-empty to accept)");
    return false;
}

/* The configuration file first, then the command line over it. */
static bool configure(const struct scan_options *o, struct scan_config *cfg)
{
    if (o->config && !config_file_load(cfg, o->config))
        return false;
    bool ok = true;
    for (size_t i = 0; i < o->nsettings; i++) {
        const struct setting *s = &o->settings[i];
        switch (s->opt) {
        case OPT_FAIL_ON:
            severity_parse(s->arg, &cfg->fail_on);
            break;
        case OPT_MIN_SEV:
            severity_parse(s->arg, &cfg->min_severity);
            break;
        case OPT_CHECKS:
            ok = config_only(cfg, s->arg) && ok;
            break;
        case OPT_SKIP:
            ok = config_skip(cfg, s->arg) && ok;
            break;
        case OPT_TRUSTED:
            config_add_trusted(cfg, s->arg);
            break;
        case OPT_NO_IGNORES:
            cfg->annotation_ignores = false;
            break;
        case OPT_PSS:
            cfg->pss = s->arg;
            break;
        case OPT_TARGET_VERSION:
            api_target_parse(s->arg, &cfg->target_minor);
            break;
        }
    }
    return ok && (o->allow_empty || some_check_enabled(cfg));
}

static void check_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
}

/* With -j N the per-object checks run on the threads that load the files;
 * the engine stores their findings in input order. */
static void prepare_object(const struct k8s_object *o, struct arena *keep, struct arena *scratch,
                           void **batch, void *ctx)
{
    struct engine_batch *b = *batch;
    engine_prepare(ctx, o, keep, scratch, &b);
    *batch = b;
}

static void use_prepared(void *batch, void *ctx)
{
    engine_use_batch(ctx, batch);
}

static void duplicate_key_finding(const struct doc *d, void *ctx)
{
    struct engine *e = ctx;
    struct k8s_object o;
    k8s_object_init(&o, d->root, d->file, d->index);
    const struct node *k = d->duplicate_key;
    struct object_ref ref = {
        .api_version = o.api_version, .kind = o.kind, .namespace = o.namespace,
        .name = o.name, .file = d->file, .line = k->line, .col = k->col,
    };
    struct report_ctx r = {.out = e->out, .cfg = e->cfg, .scratch = &e->scratch};
    report_ref(&r, "manifest/duplicate-key", &ref, NULL, NULL,
               "key \"%s\" appears more than once in a mapping; the API server rejects it",
               k->str);
}

static void free_options(struct scan_options *o)
{
    free(o->exclude);
    free(o->settings);
}

int cmd_scan(int argc, char **argv)
{
    heap_prefer_huge_pages(); /* findings and models grow with the input */
    struct scan_options o = {.format = FORMAT_TEXT, .jobs = default_jobs()};
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0) {
        free_options(&o);
        return rc;
    }
    struct scan_config cfg;
    config_init(&cfg);
    struct cli_sink sink;
    if (!configure(&o, &cfg) || !cli_sink_open(&sink, o.output)) {
        config_free(&cfg);
        pod_locations_reset();
        free_options(&o);
        return 2;
    }
    struct findings findings = {0};
    struct output_jsonl_stream *jsonl = NULL;
    if (o.format == FORMAT_JSONL) { /* streamed as found, never held in memory */
        /* on standard output each line is flushed, so a reader (a pipe, a
         * terminal) sees a finding as soon as it is found */
        jsonl = output_jsonl_open(sink.f, sink.f == stdout);
        findings.on_add = output_jsonl_add;
        findings.on_add_ctx = jsonl;
        findings.discard = true;
    }
    struct engine engine;
    engine_init(&engine, &cfg, &findings);
    struct input_filter filter = {.exclude = o.exclude, .nexclude = o.nexclude};
    struct object_source src = {
        .filter = &filter, .verbose = o.verbose, .on_object = check_object, .ctx = &engine,
        .progress = o.format != FORMAT_JSONL, /* jsonl may stream to the same terminal */
        .on_duplicate_key = duplicate_key_finding, .jobs = o.jobs,
        .prepare = prepare_object, .on_prepared = use_prepared,
    };
    const char *const *paths = (const char *const *)argv + optind;
    size_t npaths = (size_t)(argc - optind);
    if (!o.jobs_given && one_file(paths, npaths))
        src.jobs = 1;
    if (o.cluster_per_arg) /* the analyzers report after each path */
        for (size_t i = 0; i < npaths; i++) {
            if (i)
                engine_next_cluster(&engine);
            source_read(&src, &paths[i], 1);
        }
    else
        source_read(&src, paths, npaths);
    engine_finish(&engine);
    stats_enter(STATS_OUTPUT);
    struct scan_result res = {.findings = &findings, .summary = src.summary,
                              .fail_on = cfg.fail_on, .cfg = &cfg};
    if (o.format != FORMAT_JSONL)
        output_write(sink.f, o.format, &res,
                     cli_use_color(o.format == FORMAT_TEXT, o.output, o.no_color));
    output_jsonl_close(jsonl);
    if (cli_sink_close(&sink) != 0 || !cli_require_objects(&src.summary, o.allow_empty) ||
        src.summary.input_errors || diag_error_count())
        rc = 2; /* analyzers report invalid objects (e.g. a malformed Role) through diag */
    else
        rc = findings_failing(&findings, cfg.fail_on) ? 1 : 0;
    findings_free(&findings);
    config_free(&cfg);
    pod_locations_reset();
    free_options(&o);
    return rc;
}
