/* admit.c — `ringwall admit review` (one AdmissionReview in, the response
 * out, no network; --batch for one review per line) and `ringwall admit
 * serve` (the validating webhook over HTTPS, admit_serve.c). Both build the
 * same policy from --config and scan's options and call the same decision
 * (src/admit). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../admit/admit.h"
#include "../admit/config.h"
#include "../core/diag.h"
#include "../core/input.h"
#include "../k8s/pod.h"
#include "../output/jsonw.h"
#include "../pss/policy.h"
#include "admit_cli.h"
#include "../core/stats.h"
#include "cli_util.h"
#include "commands.h"

static const char USAGE[] =
    "usage: ringwall admit review [OPTIONS] [FILE]   (an AdmissionReview; default stdin)\n"
    "       ringwall admit serve --listen ADDR --tls-cert FILE --tls-key FILE [OPTIONS]\n"
    "\n"
    "Judges AdmissionReview requests (admission.k8s.io/v1 or v1beta1) as the\n"
    "validating webhook does: scan's checks, Pod Security, resource bounds and\n"
    "command controls, per the admit: section of the configuration (docs/admit.md).\n"
    "\n"
    "policy (both):\n"
    "  -c, --config FILE      read settings from FILE (ringwall.yaml); options override it\n"
    "      --fail-on SEV      deny on a finding this severe or worse (default high;\n"
    "                         critical, high, medium, low, info, none); lower: warnings\n"
    "      --checks LIST      run only these checks (ids, aliases, globs)\n"
    "      --skip LIST        do not run these checks\n"
    "      --pss LEVEL[:VERSION]  Pod Security policy (default restricted:latest; none: off)\n"
    "      --failure MODE     deny (default) or allow a request that cannot be judged\n"
    "review:\n"
    "      --batch            one AdmissionReview per line in, one response per line out\n"
    "      --log              print each decision's JSON log line on stderr\n"
    "serve:\n"
    "      --listen ADDR      :8443, 127.0.0.1:8443, [::1]:8443\n"
    "      --tls-cert FILE    PEM certificate chain\n"
    "      --tls-key FILE     PEM private key\n"
    "      --threads N        serve from N event loops, each a thread (default:\n"
    "                         one per core)\n"
    "      --max-body BYTES   largest request body (default 8 MiB; larger: 413)\n"
    "\n"
    "The webhook answers POST /validate and /; /healthz, /readyz and /metrics come\n"
    "from the server. SIGHUP re-reads the configuration and certificate (a broken\n"
    "one keeps the old); SIGTERM stops gracefully.\n"
    "\n"
    "Exit status: review: 0 allowed, 1 denied (with --batch: any denied), 2 usage\n"
    "or input error (not an AdmissionReview). serve: 0 after SIGTERM, 2 when it\n"
    "cannot start.\n";

enum { OPT_FAIL_ON = 256, OPT_CHECKS, OPT_SKIP, OPT_PSS, OPT_FAILURE, OPT_BATCH, OPT_LOG,
       OPT_LISTEN, OPT_CERT, OPT_KEY, OPT_THREADS, OPT_MAX_BODY };

static const struct option OPTIONS[] = {
    {"config", required_argument, NULL, 'c'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"checks", required_argument, NULL, OPT_CHECKS},
    {"skip", required_argument, NULL, OPT_SKIP},
    {"pss", required_argument, NULL, OPT_PSS},
    {"failure", required_argument, NULL, OPT_FAILURE},
    {"batch", no_argument, NULL, OPT_BATCH},
    {"log", no_argument, NULL, OPT_LOG},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"tls-cert", required_argument, NULL, OPT_CERT},
    {"tls-key", required_argument, NULL, OPT_KEY},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"help", no_argument, NULL, 'h'},
    {0},
};

static int push_option(struct admit_cli *o, int opt, const char *arg)
{
    o->opts = xrealloc(o->opts, (o->nopts + 1) * sizeof *o->opts);
    o->opts[o->nopts++] = (struct admit_option){opt, arg};
    return -1;
}

/* The policy options, checked here so that a mistake is a usage error. */
static int policy_option(struct admit_cli *o, int c, const char *arg)
{
    enum severity sev;
    struct pss_policy pss;
    bool flag;
    switch (c) {
    case OPT_FAIL_ON:
        if (!severity_parse(arg, &sev))
            return cli_usage_error(USAGE, "unknown severity '%s' (critical, high, medium, low, "
                                   "info, none)", arg);
        return push_option(o, ADMIT_OPT_FAIL_ON, arg);
    case OPT_CHECKS:
        return push_option(o, ADMIT_OPT_CHECKS, arg);
    case OPT_SKIP:
        return push_option(o, ADMIT_OPT_SKIP, arg);
    case OPT_PSS:
        if (!admit_pss_parse(arg, &pss, &flag))
            return cli_usage_error(USAGE, "invalid --pss '%s' (want LEVEL, LEVEL:v1.N or none)",
                                   arg);
        return push_option(o, ADMIT_OPT_PSS, arg);
    case OPT_FAILURE:
        if (!admit_failure_parse(arg, &flag))
            return cli_usage_error(USAGE, "--failure must be deny or allow, not '%s'", arg);
        return push_option(o, ADMIT_OPT_FAILURE, arg);
    }
    return cli_bad_option(USAGE);
}

static int parse_number(const char *arg, const char *what, unsigned long *out)
{
    if (!cli_parse_count(arg, 1, ULONG_MAX, out))
        return cli_usage_error(USAGE, "%s must be a positive number, not '%s'", what, arg);
    return -1;
}

/* Returns -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, struct admit_cli *o)
{
    int c, rc = -1;
    unsigned long n;
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc, argv, "c:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'c':
            o->config = optarg;
            break;
        case OPT_BATCH:
            o->batch = true;
            break;
        case OPT_LOG:
            o->log = true;
            break;
        case OPT_LISTEN:
            o->listen = optarg;
            break;
        case OPT_CERT:
            o->tls_cert = optarg;
            break;
        case OPT_KEY:
            o->tls_key = optarg;
            break;
        case OPT_THREADS:
            if ((rc = parse_number(optarg, "--threads", &n)) < 0)
                o->threads = (unsigned)n;
            break;
        case OPT_MAX_BODY:
            if ((rc = parse_number(optarg, "--max-body", &n)) < 0)
                o->max_body = n;
            break;
        case 'h':
            return cli_help(USAGE);
        case '?':
            return cli_bad_option(USAGE);
        default:
            rc = policy_option(o, c, optarg);
        }
    }
    return rc;
}

bool admit_cli_policy(const struct admit_cli *o, struct admit_policy *p, bool first)
{
    return admit_policy_load(p, o->config, o->opts, o->nopts, first);
}

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Decides one review; returns its exit status (0, 1 or 2). */
static int review_one(const struct admit_policy *p, const char *body, size_t len, bool log,
                      bool batch)
{
    struct admit_decision d;
    double t0 = now_us();
    stats_enter(STATS_CHECKS);
    stats_count(STATS_OBJECTS, 1);
    admit_decide(p, body, len, &d);
    double us = now_us() - t0;
    stats_enter(STATS_OUTPUT);
    int rc = d.status == ADMIT_BAD_INPUT ? 2 : d.status == ADMIT_DENIED ? 1 : 0;
    if (d.status == ADMIT_BAD_INPUT) {
        diag_error("not an AdmissionReview: %s", d.error);
        if (batch) { /* one output line per input line, always */
            printf("{\"error\":");
            json_write_string(stdout, d.error);
            printf("}\n");
        }
    } else {
        admit_write_response(stdout, &d);
    }
    if (log)
        admit_write_log(stderr, &d, us);
    admit_decision_free(&d);
    return rc;
}

/* --batch: every non-empty line is one review; the worst status wins. */
static int review_batch(const struct admit_policy *p, char *buf, size_t len, bool log)
{
    int worst = 0;
    char *end = buf + len;
    for (char *line = buf; line < end;) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = (size_t)((nl ? nl : end) - line);
        if (n && strspn(line, " \t\r") < n) {
            int rc = review_one(p, line, n, log, true);
            worst = rc > worst ? rc : worst;
        }
        line += n + 1;
    }
    return worst;
}

static int run_review(struct admit_cli *o, int argc, char **argv)
{
    if (argc - optind > 1)
        return cli_usage_error(USAGE, "admit review reads one FILE (or stdin)");
    const char *path = optind < argc ? argv[optind] : "-";
    struct admit_policy p;
    if (!admit_cli_policy(o, &p, true))
        return 2;
    size_t len;
    char *buf = input_slurp(path, (size_t)1 << 30, &len);
    int rc;
    if (!buf) {
        diag_error("%s: cannot read: %m", path);
        rc = 2;
    } else {
        stats_count(STATS_FILES, 1);
        stats_count(STATS_BYTES, len);
        rc = o->batch ? review_batch(&p, buf, len, o->log) : review_one(&p, buf, len, o->log,
                                                                          false);
    }
    free(buf);
    admit_policy_free(&p);
    pod_locations_reset();
    return rc;
}

int cmd_admit(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
            return cli_help(USAGE);
        return cli_usage_error(USAGE, "admit needs a subcommand: review or serve");
    }
    const char *sub = argv[1];
    if (strcmp(sub, "review") != 0 && strcmp(sub, "serve") != 0)
        return cli_usage_error(USAGE, "unknown admit subcommand '%s' (review, serve)", sub);
    struct admit_cli o = {0};
    int rc = parse_options(argc - 1, argv + 1, &o);
    if (rc < 0) {
        if (strcmp(sub, "review") == 0)
            rc = run_review(&o, argc - 1, argv + 1);
        else
            rc = admit_serve(&o, argc - 1 - optind);
    }
    free(o.opts);
    return rc;
}
