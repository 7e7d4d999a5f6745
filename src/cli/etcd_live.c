/* etcd_live.c — `ringwall etcd check` and `ringwall etcd backup`: the
 * subcommands over a running etcd, with the options they share (endpoints,
 * TLS client files, credentials). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "../checks/config.h"
#include "../core/diag.h"
#include "../etcd/backup.h"
#include "../etcd/live_check.h"
#include "../output/output.h"
#include "cli_util.h"
#include "etcd_cli.h"

#define CONNECTION_OPTIONS                                                              \
    "Connection:\n"                                                                      \
    "      --endpoints LIST      client URLs (http:// or https://), tried in order\n"      \
    "      --cacert FILE         CA bundle that signed the server certificate\n"          \
    "      --cert FILE           client certificate\n"                                    \
    "      --key FILE            client certificate's key\n"                              \
    "      --insecure-skip-tls-verify  accept any server certificate (self-signed,\n"     \
    "                            weak key); check still reports what it saw\n"            \
    "      --user NAME[:PASS]    etcd RBAC user (the password may come from\n"            \
    "                            RINGWALL_ETCD_PASSWORD instead)\n"                       \
    "      --timeout SECONDS     per connection attempt (default 5); a stream that\n"     \
    "                            stalls for 6 times this fails\n"

static const char CHECK_USAGE[] =
    "usage: ringwall etcd check --endpoints URL[,URL...] [OPTIONS]\n"
    "Probes a running etcd: transport (plain HTTP, TLS without a client certificate,\n"
    "TLS 1.0/1.1, weak suites, the certificate's issuer, expiry and key), access (RBAC\n"
    "auth, anonymous reads) and how the Secrets are stored (etcd/* findings). Secret\n"
    "values are read a page at a time and never printed.\n"
    CONNECTION_OPTIONS
    "Report:\n"
    "      --peer-endpoints LIST peer URLs to probe as well\n"
    "      --prefix P            the API server's key prefix (default /registry/)\n"
    "      --no-secrets          do not read the Secrets' values\n"
    "  -f, --format FMT          text (default; or txt), json, jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "      --fail-on SEV         exit 1 on a finding this severe or worse (default high)\n"
    "      --min-severity SEV    report only findings this severe or worse\n"
    "      --no-color            never colour the text report\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 usage error or\n"
    "a probe that could not run (an endpoint down, Secrets unreadable).\n";

static const char BACKUP_USAGE[] =
    "usage: ringwall etcd backup --endpoints URL[,URL...] --out FILE [OPTIONS]\n"
    "Streams a snapshot into a temporary file beside FILE (strftime conversions:\n"
    "etcd-%F.db), checks etcd's SHA-256 trailer, syncs it and renames it into place.\n"
    CONNECTION_OPTIONS
    "Backup:\n"
    "      --out FILE            where to write (required)\n"
    "      --encrypt-key-file K  encrypt with AES-256-GCM (32 raw bytes or 64 hex digits)\n"
    "      --key-id ID           the key's name in the file header (default: K's name)\n"
    "      --api API             grpc, gateway (the v3 JSON gateway) or auto (default:\n"
    "                            gRPC, the gateway when no endpoint speaks gRPC)\n"
    "      --keep N              keep the N newest of ringwall's backups in FILE's\n"
    "                            directory (listed in " ETCD_BACKUP_MANIFEST "); other\n"
    "                            files are never touched\n"
    "\n"
    "Exit status: 0 written, 2 not written (nothing is left under FILE's name) or\n"
    "usage error.\n";

enum {
    OPT_ENDPOINTS = 256, OPT_PEERS, OPT_CACERT, OPT_CERT, OPT_KEY, OPT_USER, OPT_TIMEOUT,
    OPT_PREFIX, OPT_NO_SECRETS, OPT_FAIL_ON, OPT_MIN_SEV, OPT_NO_COLOR, OPT_OUT,
    OPT_ENCRYPT_KEY, OPT_KEY_ID, OPT_KEEP, OPT_INSECURE, OPT_API,
};

static const struct option OPTIONS[] = {
    {"endpoints", required_argument, NULL, OPT_ENDPOINTS},
    {"peer-endpoints", required_argument, NULL, OPT_PEERS},
    {"cacert", required_argument, NULL, OPT_CACERT},
    {"cert", required_argument, NULL, OPT_CERT},
    {"key", required_argument, NULL, OPT_KEY},
    {"insecure-skip-tls-verify", no_argument, NULL, OPT_INSECURE},
    {"user", required_argument, NULL, OPT_USER},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"no-secrets", no_argument, NULL, OPT_NO_SECRETS},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"min-severity", required_argument, NULL, OPT_MIN_SEV},
    {"no-color", no_argument, NULL, OPT_NO_COLOR},
    {"out", required_argument, NULL, OPT_OUT},
    {"encrypt-key-file", required_argument, NULL, OPT_ENCRYPT_KEY},
    {"key-id", required_argument, NULL, OPT_KEY_ID},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"api", required_argument, NULL, OPT_API},
    {"help", no_argument, NULL, 'h'},
    {0},
};

struct etcd_opts {
    bool backup;              /* the subcommand */
    const char *usage;
    const char **endpoints, **peers;
    size_t nendpoints, npeers;
    struct etcd_tls tls;
    char *user;               /* NAME[:PASS], split in place */
    const char *password;
    long timeout_ms;
    const char *prefix;
    bool no_secrets, no_color, insecure, api_given;
    enum output_format format;
    const char *output;
    enum severity fail_on, min_severity;
    struct etcd_backup_opts b;
};

/* A comma-separated list, appended to *v (the strings point into arg). */
static bool split_list(char *arg, const char ***v, size_t *n)
{
    for (char *save = NULL, *s = strtok_r(arg, ",", &save); s; s = strtok_r(NULL, ",", &save))
        cli_push_arg(v, n, s);
    return *n > 0;
}

/* A usage error is returned as its exit status; -1 to go on. */
static int parse_option(int c, char *arg, struct etcd_opts *o)
{
    unsigned long n;
    int rc;
    switch (c) {
    case OPT_ENDPOINTS:
    case OPT_PEERS:
        if (!split_list(arg, c == OPT_ENDPOINTS ? &o->endpoints : &o->peers,
                        c == OPT_ENDPOINTS ? &o->nendpoints : &o->npeers))
            return cli_usage_error(o->usage, "empty endpoint list");
        return -1;
    case OPT_CACERT:
        o->tls.cacert = arg;
        return -1;
    case OPT_CERT:
        o->tls.cert = arg;
        return -1;
    case OPT_KEY:
        o->tls.key = arg;
        return -1;
    case OPT_USER:
        o->user = arg;
        return -1;
    case OPT_INSECURE:
        o->insecure = true;
        return -1;
    case OPT_TIMEOUT:
        if (!cli_parse_count(arg, 1, 3600, &n))
            return cli_usage_error(o->usage, "--timeout wants seconds (1 to 3600), not '%s'", arg);
        o->timeout_ms = (long)n * 1000;
        return -1;
    case OPT_PREFIX:
        o->prefix = arg;
        return -1;
    case OPT_NO_SECRETS:
        o->no_secrets = true;
        return -1;
    case OPT_NO_COLOR:
        o->no_color = true;
        return -1;
    case 'f':
        if (!output_format_parse(arg, &o->format) &&
            !output_format_parse(cli_format_other(arg), &o->format))
            return cli_usage_error(o->usage, "unknown format '%s' (text, json, jsonl, sarif, junit)",
                                   arg);
        return -1;
    case 'o':
        rc = cli_output_arg(o->usage, arg, &o->output);
        return rc >= 0 ? rc : -1;
    case OPT_FAIL_ON:
    case OPT_MIN_SEV: {
        enum severity s;
        if (!severity_parse(arg, &s) || (c == OPT_MIN_SEV && s == SEV_COUNT))
            return cli_usage_error(o->usage, "unknown severity '%s'", arg);
        *(c == OPT_FAIL_ON ? &o->fail_on : &o->min_severity) = s;
        return -1;
    }
    case OPT_OUT:
        o->b.out = arg;
        return -1;
    case OPT_ENCRYPT_KEY:
        o->b.key_file = arg;
        return -1;
    case OPT_KEY_ID:
        o->b.key_id = arg;
        return -1;
    case OPT_KEEP:
        if (!cli_parse_count(arg, 1, 100000, &n))
            return cli_usage_error(o->usage, "--keep wants a count of at least 1, not '%s'", arg);
        o->b.keep = (unsigned)n;
        return -1;
    case OPT_API: {
        static const char *const APIS[] = {"auto", "grpc", "gateway", NULL};
        int i = cli_format_index(arg, APIS);
        if (i < 0)
            return cli_usage_error(o->usage, "--api wants auto, grpc or gateway, not '%s'", arg);
        o->b.api = (enum etcd_api)i;
        o->api_given = true;
        return -1;
    }
    case 'h':
        return cli_help(o->usage);
    default:
        return cli_bad_option(o->usage);
    }
}

static int parse_options(int argc, char **argv, struct etcd_opts *o)
{
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:h", OPTIONS, NULL)) != -1)
        if ((rc = parse_option(c, optarg, o)) >= 0)
            return rc;
    if (optind < argc)
        return cli_usage_error(o->usage, "unexpected argument '%s'", argv[optind]);
    if (!o->nendpoints)
        return cli_usage_error(o->usage, "--endpoints is required");
    if (o->backup && !o->b.out)
        return cli_usage_error(o->usage, "--out is required");
    if (!o->backup && (o->b.out || o->b.key_file || o->b.keep || o->api_given))
        return cli_usage_error(o->usage, "--out, --encrypt-key-file, --keep and --api are "
                                         "backup's");
    if (o->backup && (o->npeers || o->output))
        return cli_usage_error(o->usage, "--peer-endpoints and -o are check's");
    if (o->tls.key && !o->tls.cert)
        return cli_usage_error(o->usage, "--key needs --cert");
    if (o->user) {
        char *colon = strchr(o->user, ':');
        if (colon) {
            *colon = '\0';
            o->password = colon + 1;
        } else {
            o->password = getenv("RINGWALL_ETCD_PASSWORD");
        }
    }
    return -1;
}

static struct etcd_client_opts client_opts(const struct etcd_opts *o)
{
    return (struct etcd_client_opts){
        .endpoints = o->endpoints, .nendpoints = o->nendpoints, .tls = o->tls,
        .user = o->user, .password = o->password, .no_verify = o->insecure,
        .connect_timeout_ms = o->timeout_ms, .stall_timeout_ms = o->timeout_ms * 6,
    };
}

static int run_check(const struct etcd_opts *o)
{
    struct scan_config cfg;
    config_init(&cfg);
    cfg.fail_on = o->fail_on;
    cfg.min_severity = o->min_severity;
    config_only(&cfg, "etcd/*"); /* the checks this command runs, for SARIF and JUnit */
    struct cli_sink sink;
    if (!cli_sink_open(&sink, o->output)) {
        config_free(&cfg);
        return 2;
    }
    struct findings findings = {0};
    struct report_ctx r = {.out = &findings, .cfg = &cfg};
    struct etcd_check_opts co = {
        .client = client_opts(o), .peers = o->peers, .npeers = o->npeers,
        .secrets = !o->no_secrets, .prefix = o->prefix ? o->prefix : "/registry/",
    };
    struct etcd_check_stats st;
    etcd_check_run(&co, &r, &st);
    struct scan_result res = {
        .findings = &findings, .fail_on = cfg.fail_on, .cfg = &cfg,
        .summary = {.files = st.endpoints, .objects = st.secrets, .input_errors = st.errors},
    };
    output_write(sink.f, o->format, &res,
                 cli_use_color(o->format == FORMAT_TEXT, o->output, o->no_color));
    int rc = 0;
    if (cli_sink_close(&sink) != 0 || st.errors)
        rc = 2;
    else
        for (int s = cfg.fail_on; s < SEV_COUNT; s++)
            if (findings.active[s])
                rc = 1;
    findings_free(&findings);
    config_free(&cfg);
    return rc;
}

static int run_backup(const struct etcd_opts *o)
{
    struct etcd_client_opts copts = client_opts(o);
    struct etcd_client *c = etcd_client_new(&copts);
    if (!c)
        return 2;
    struct etcd_result r;
    struct etcd_backup_result res;
    bool ok = etcd_client_login(c, &r);
    if (!ok)
        diag_error("cannot log in as %s: %s", o->user, r.message);
    ok = ok && etcd_backup(c, &o->b, &res);
    etcd_client_free(c);
    if (!ok)
        return 2;
    printf("%s: %llu bytes%s, revision %llu, sha256 %s", res.path,
           (unsigned long long)res.bytes, o->b.key_file ? " (encrypted)" : "",
           (unsigned long long)res.revision, res.sha256);
    if (res.pruned)
        printf(", %zu older backup%s removed", res.pruned, res.pruned == 1 ? "" : "s");
    printf("\n");
    return 0;
}

static int etcd_live_main(int argc, char **argv, bool backup)
{
    struct etcd_opts o = {.backup = backup, .usage = backup ? BACKUP_USAGE : CHECK_USAGE,
                          .format = FORMAT_TEXT, .fail_on = SEV_HIGH, .timeout_ms = 5000};
    int rc = parse_options(argc, argv, &o);
    if (rc < 0)
        rc = backup ? run_backup(&o) : run_check(&o);
    free(o.endpoints);
    free(o.peers);
    return rc;
}

int etcd_check_main(int argc, char **argv)
{
    return etcd_live_main(argc, argv, false);
}

int etcd_backup_main(int argc, char **argv)
{
    return etcd_live_main(argc, argv, true);
}
