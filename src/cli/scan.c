/* scan.c — `ringwall scan`: manifests in, findings out. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../checks/catalog.h"
#include "../checks/config.h"
#include "../checks/engine.h"
#include "../core/atomic_file.h"
#include "../core/diag.h"
#include "../output/output.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall scan [OPTIONS] PATH... (a file, a directory, or - for stdin)\n"
    "  -f, --format FMT          text (default), json, jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "      --fail-on SEV         exit 1 on a finding this severe or worse (default high;\n"
    "                            critical, high, medium, low, info, none)\n"
    "      --min-severity SEV    report only findings this severe or worse\n"
    "      --checks LIST         run only these checks (ids, aliases, globs: workload/*)\n"
    "      --skip LIST           do not run these checks\n"
    "      --exclude GLOB        skip matching files and directories (repeatable)\n"
    "      --no-annotation-ignores  ignore ringwall.io/ignore annotations\n"
    "      --no-color            never colour the text report (NO_COLOR works too)\n"
    "  -v, --verbose             list skipped documents\n";

enum { OPT_FAIL_ON = 256, OPT_MIN_SEV, OPT_CHECKS, OPT_SKIP, OPT_EXCLUDE, OPT_NO_IGNORES,
       OPT_NO_COLOR };

static const struct option OPTIONS[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"min-severity", required_argument, NULL, OPT_MIN_SEV},
    {"checks", required_argument, NULL, OPT_CHECKS},
    {"skip", required_argument, NULL, OPT_SKIP},
    {"exclude", required_argument, NULL, OPT_EXCLUDE},
    {"no-annotation-ignores", no_argument, NULL, OPT_NO_IGNORES},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {0},
};

struct scan_options {
    enum output_format format;
    const char *output;
    bool no_color;
    bool verbose;
    const char **exclude;
    size_t nexclude;
};

static int usage_error(const char *fmt, const char *arg)
{
    fputs("ringwall: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n", stderr);
    fputs(USAGE, stderr);
    return 2;
}

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, struct scan_options *o, struct scan_config *cfg)
{
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:vh", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!output_format_parse(optarg, &o->format))
                return usage_error("unknown format '%s'", optarg);
            break;
        case 'o':
            o->output = optarg;
            break;
        case OPT_FAIL_ON:
            if (!severity_parse(optarg, &cfg->fail_on))
                return usage_error("unknown severity '%s'", optarg);
            break;
        case OPT_MIN_SEV:
            if (!severity_parse(optarg, &cfg->min_severity) || cfg->min_severity == SEV_COUNT)
                return usage_error("unknown severity '%s'", optarg);
            break;
        case OPT_CHECKS:
            if (!config_only(cfg, optarg))
                return 2;
            break;
        case OPT_SKIP:
            if (!config_skip(cfg, optarg))
                return 2;
            break;
        case OPT_EXCLUDE:
            o->exclude = xrealloc(o->exclude, (o->nexclude + 1) * sizeof *o->exclude);
            o->exclude[o->nexclude++] = optarg;
            break;
        case OPT_NO_IGNORES:
            cfg->annotation_ignores = false;
            break;
        case OPT_NO_COLOR:
            o->no_color = true;
            break;
        case 'v':
            o->verbose = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default:
            fputs(USAGE, stderr);
            return 2;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no input: give files, directories, or - for stdin");
    return -1;
}

static void check_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
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

static bool failing(const struct findings *fs, enum severity fail_on)
{
    for (size_t i = 0; i < fs->n; i++)
        if (!fs->v[i].suppressed && fs->v[i].severity >= fail_on)
            return true;
    return false;
}

static int write_report(const struct scan_options *o, const struct scan_result *res)
{
    if (!o->output) {
        bool color = o->format == FORMAT_TEXT && !o->no_color && isatty(STDOUT_FILENO) &&
                     !getenv("NO_COLOR");
        output_write(stdout, o->format, res, color);
        return fflush(stdout) == 0 ? 0 : -1;
    }
    struct atomic_file af;
    FILE *f = atomic_open(&af, o->output);
    if (!f) {
        diag_error("%s: %s", o->output, strerror(errno));
        return -1;
    }
    output_write(f, o->format, res, false);
    if (ferror(f)) {
        atomic_abort(&af);
        diag_error("%s: write failed", o->output);
        return -1;
    }
    if (atomic_commit(&af) != 0) {
        diag_error("%s: %s", o->output, strerror(errno));
        return -1;
    }
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    struct scan_options o = {.format = FORMAT_TEXT};
    struct scan_config cfg;
    config_init(&cfg);
    int rc = parse_options(argc, argv, &o, &cfg);
    if (rc >= 0) {
        config_free(&cfg);
        free(o.exclude);
        return rc;
    }
    struct findings findings = {0};
    struct engine engine;
    engine_init(&engine, &cfg, &findings);
    struct input_filter filter = {.exclude = o.exclude, .nexclude = o.nexclude};
    struct object_source src = {
        .filter = &filter, .verbose = o.verbose, .on_object = check_object, .ctx = &engine,
        .on_duplicate_key = duplicate_key_finding,
    };
    source_read(&src, (const char *const *)argv + optind, (size_t)(argc - optind));
    engine_finish(&engine);
    struct scan_result res = {.findings = &findings, .summary = src.summary,
                              .fail_on = cfg.fail_on};
    if (write_report(&o, &res) != 0)
        rc = 2;
    else if (src.summary.input_errors || diag_error_count())
        rc = 2; /* input errors, and invalid objects an analyzer rejected */
    else
        rc = failing(&findings, cfg.fail_on) ? 1 : 0;
    findings_free(&findings);
    config_free(&cfg);
    free(o.exclude);
    return rc;
}
