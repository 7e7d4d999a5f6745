/* audit_serve.c — `ringwall audit serve`: the API server's audit webhook
 * backend on the HTTPS server module (src/serve). A request thread checks
 * the body (well-formed JSON, an EventList: 400 otherwise), copies it into
 * the bounded queue (src/audit/audit_queue.c) and answers 200 at once, or
 * 429 when the queue is full (from the headers, before the body is read,
 * when it is full already), so the API server never waits for the rules.
 * One consumer thread decodes the batches in the order they were queued and
 * runs the rules over them with one engine, so stateful windows span
 * requests; its alerts go to standard output or -o FILE, in the formats of
 * `ringwall audit`, and to the alert sinks (syslog, HTTP, Slack) the
 * options name. SIGHUP loads the rules anew (the consumer switches at
 * the next batch; stateful counts restart) and the certificate; SIGTERM
 * stops accepting, lets in-flight requests finish, then drains the queue
 * before exit. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../audit/audit_alert.h"
#include "../audit/audit_batch.h"
#include "../audit/audit_queue.h"
#include "../core/diag.h"
#include "../serve/metrics.h"
#include "../serve/serve.h"
#include "audit_cli.h"
#include "audit_serve.h"
#include "cli_util.h"

static const char USAGE[] =
    "usage: ringwall audit serve --listen ADDR --tls-cert FILE --tls-key FILE [OPTIONS]\n"
    "  -r, --rules FILE        load a Falco rules file (repeatable, in order); replaces\n"
    "                          the built-in rules\n"
    "      --builtin           load the built-in rules too (first), with --rules\n"
    "  -f, --format FMT        text (default), json, jsonl or falco\n"
    "  -o, --output FILE       append the alerts to FILE (default: standard output)\n"
    "      --listen ADDR       :PORT, HOST:PORT or [V6]:PORT\n"
    "      --tls-cert FILE     PEM certificate chain (reloaded on SIGHUP and on change)\n"
    "      --tls-key FILE      PEM private key\n"
    "      --max-body BYTES    largest EventList accepted (default 16 MiB; larger: 413)\n"
    "      --queue-batches N   EventLists queued for the rules at most (default 64)\n"
    "      --queue-bytes BYTES bytes queued at most (default 256 MiB; full: 429)\n"
    AUDIT_SINK_USAGE
    "\n"
    "POST audit.k8s.io/v1 EventLists to / or /audit: 200 once queued, 400 for a body\n"
    "that is not an EventList, 413 over --max-body, 429 while the queue is full (the\n"
    "API server's batch backend retries). /healthz, /readyz and /metrics as for\n"
    "admit serve. SIGHUP reloads the rules and the certificate; SIGTERM drains the\n"
    "queue, then exits 0.\n"
    "Exit status: 0 after SIGTERM, 2 usage error or the server could not start.\n";

enum { OPT_BUILTIN = 256, OPT_LISTEN, OPT_CERT, OPT_KEY, OPT_MAX_BODY, OPT_QUEUE_BATCHES,
       OPT_QUEUE_BYTES };

static const struct option OPTIONS[] = {
    {"rules", required_argument, NULL, 'r'},
    {"builtin", no_argument, NULL, OPT_BUILTIN},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"tls-cert", required_argument, NULL, OPT_CERT},
    {"tls-key", required_argument, NULL, OPT_KEY},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"queue-batches", required_argument, NULL, OPT_QUEUE_BATCHES},
    {"queue-bytes", required_argument, NULL, OPT_QUEUE_BYTES},
    {"help", no_argument, NULL, 'h'},
    AUDIT_SINK_LONG_OPTIONS,
    {0},
};

static const char *const FORMATS[] = {"text", "json", "jsonl", "falco", NULL};

struct serve_opts {
    const char **rules;
    size_t nrules;
    bool builtin;
    enum audit_format format;
    const char *output, *listen, *tls_cert, *tls_key;
    unsigned long max_body, queue_batches, queue_bytes;
    struct audit_sink_opts sinks;
};

struct app {
    const struct serve_opts *o;
    struct audit_queue queue;
    pthread_t consumer;
    pthread_mutex_t lock;         /* guards pending */
    struct audit_ruleset *pending; /* rules loaded by SIGHUP, not yet in use */
    /* the consumer's own */
    struct audit_ruleset *rs;
    struct audit_engine engine;
    struct audit_writer aw;
    FILE *out;
    struct alert_sinks sinks;     /* syslog, HTTP, Slack: fed by the consumer */
    unsigned long long batches;
};

static int parse_size(const char *arg, const char *name, unsigned long *out)
{
    if (!cli_parse_count(arg, 1, ULONG_MAX, out))
        return cli_usage_error(USAGE, "%s wants a positive number, not '%s'", name, arg);
    return -1;
}

static int parse_opts(int argc, char **argv, struct serve_opts *o)
{
    int c, rc = -1;
    optind = 1;
    while (rc < 0 && (c = getopt_long(argc, argv, "r:f:o:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'r':
            cli_push_arg(&o->rules, &o->nrules, optarg);
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
        case 'o':
            rc = cli_output_arg(USAGE, optarg, &o->output);
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
        case OPT_MAX_BODY:
            rc = parse_size(optarg, "--max-body", &o->max_body);
            break;
        case OPT_QUEUE_BATCHES:
            rc = parse_size(optarg, "--queue-batches", &o->queue_batches);
            break;
        case OPT_QUEUE_BYTES:
            rc = parse_size(optarg, "--queue-bytes", &o->queue_bytes);
            break;
        case 'h':
            return cli_help(USAGE);
        default:
            rc = audit_sink_option(&o->sinks, c, optarg, USAGE);
            if (rc == 0)
                return cli_bad_option(USAGE);
            if (rc > 0)
                return rc;
        }
    }
    if (rc >= 0)
        return rc;
    if (optind < argc)
        return cli_usage_error(USAGE, "audit serve takes no operands");
    if (!o->listen || !o->tls_cert || !o->tls_key)
        return cli_usage_error(USAGE, "audit serve needs --listen, --tls-cert and --tls-key");
    if (o->max_body > o->queue_bytes)
        return cli_usage_error(USAGE, "--max-body (%lu) is larger than --queue-bytes (%lu)",
                               o->max_body, o->queue_bytes);
    return -1;
}

/* The rule set the options name, compiled; NULL after reporting why. */
static struct audit_ruleset *rules_load(const struct serve_opts *o)
{
    struct audit_ruleset *rs = xcalloc(1, sizeof *rs);
    if (audit_rules_load_set(rs, o->rules, o->nrules, o->builtin))
        return rs;
    audit_rules_free(rs);
    free(rs);
    return NULL;
}

static void rules_free(struct audit_ruleset *rs)
{
    if (rs) {
        audit_rules_free(rs);
        free(rs);
    }
}

/* ---------------------------------------------------------------- metrics */

static void count_request_n(const char *result, double n)
{
    char labels[64];
    snprintf(labels, sizeof labels, "result=\"%s\"", result);
    metrics_add("ringwall_audit_batches_total",
                "EventLists POSTed, by result (queued, queue_full: 429, malformed: 400)",
                labels, n);
}

static void count_request(const char *result)
{
    count_request_n(result, 1);
}

static void gauge_queue(struct audit_queue *q)
{
    size_t n, bytes;
    audit_queue_depth(q, &n, &bytes);
    metrics_set("ringwall_audit_queue_batches", "EventLists waiting for the rules", NULL,
                (double)n);
    metrics_set("ringwall_audit_queue_bytes", "bytes of EventLists waiting for the rules", NULL,
                (double)bytes);
}

static void count_alert(const struct audit_alert *a)
{
    char rule[256], labels[320];
    metrics_escape(rule, sizeof rule, a->rule->name);
    snprintf(labels, sizeof labels, "rule=\"%s\",priority=\"%s\"", rule,
             audit_priority_name(a->rule->priority));
    metrics_add("ringwall_audit_alerts_total", "alerts raised, by rule and priority", labels, 1);
}

/* ---------------------------------------------------------------- request threads */

static void text_response(struct serve_response *resp, int status, const char *msg)
{
    resp->status = status;
    resp->content_type = "text/plain; charset=utf-8";
    resp->body = xstrdup(msg);
    resp->body_len = strlen(msg);
}

static void refuse_full(struct serve_response *resp)
{
    count_request("queue_full");
    text_response(resp, 429, "audit queue full, retry later\n");
}

/* From the headers: a body that would not fit now is refused unread. */
static int early(void *ctx, size_t declared_len, const char **text)
{
    struct app *app = ctx;
    if (!audit_queue_full(&app->queue, declared_len))
        return 0;
    count_request("queue_full");
    *text = "audit queue full, retry later\n";
    return 429;
}

static void handle(void *ctx, const struct serve_request *req, struct serve_response *resp)
{
    struct app *app = ctx;
    if (audit_queue_full(&app->queue, req->body_len)) {
        refuse_full(resp);
        return;
    }
    char why[512], msg[560];
    if (!audit_batch_check(req->body, req->body_len, why, sizeof why)) {
        count_request("malformed");
        snprintf(msg, sizeof msg, "%s\n", why);
        text_response(resp, 400, msg);
        return;
    }
    if (!audit_queue_push(&app->queue, req->body, req->body_len)) {
        refuse_full(resp);
        return;
    }
    count_request("queued");
    gauge_queue(&app->queue);
    text_response(resp, 200, "{}\n");
    resp->content_type = "application/json";
}

/* SIGHUP, on the server's main thread: the new rules wait for the consumer. */
static bool reload(void *ctx)
{
    struct app *app = ctx;
    struct audit_ruleset *rs = rules_load(app->o);
    if (!rs)
        return false;
    pthread_mutex_lock(&app->lock);
    rules_free(app->pending);
    app->pending = rs;
    pthread_mutex_unlock(&app->lock);
    return true;
}

/* ---------------------------------------------------------------- the consumer */

static void on_alert(const struct audit_alert *a, void *ctx)
{
    struct app *app = ctx;
    audit_writer_alert(&app->aw, a);
    sinks_emit(&app->sinks, a);
    count_alert(a);
}

/* Rules loaded since the last batch take over: a new engine, fresh state. */
static void take_pending(struct app *app)
{
    pthread_mutex_lock(&app->lock);
    struct audit_ruleset *rs = app->pending;
    app->pending = NULL;
    pthread_mutex_unlock(&app->lock);
    if (!rs)
        return;
    audit_engine_free(&app->engine);
    rules_free(app->rs);
    app->rs = rs;
    audit_engine_init(&app->engine, rs, on_alert, app);
}

static void run_batch(struct app *app, const struct audit_batch *b)
{
    take_pending(app);
    app->batches++;
    long n = audit_decode("webhook", (unsigned)app->batches, b->body, b->len,
                          audit_engine_event, &app->engine);
    fflush(app->out);
    metrics_add("ringwall_audit_events_total", "audit events decoded and evaluated", NULL,
                n > 0 ? (double)n : 0);
    if (n < 0)
        metrics_add("ringwall_audit_dropped_batches_total",
                    "queued EventLists holding no audit event (skipped, logged)", NULL, 1);
}

static void *consume(void *ctx)
{
    struct app *app = ctx;
    struct audit_batch *b;
    while ((b = audit_queue_pop(&app->queue))) {
        gauge_queue(&app->queue);
        run_batch(app, b);
        free(b);
    }
    return NULL;
}

/* ---------------------------------------------------------------- main */

static FILE *output_open(const char *path)
{
    if (!path)
        return stdout;
    FILE *f = fopen(path, "a");
    if (!f)
        diag_error("%s: cannot open for appending: %s", path, strerror(errno));
    return f;
}

static int serve_with(struct app *app)
{
    const struct serve_opts *o = app->o;
    audit_queue_init(&app->queue, o->queue_batches, o->queue_bytes);
    pthread_mutex_init(&app->lock, NULL);
    audit_writer_begin(&app->aw, app->out, o->format);
    audit_engine_init(&app->engine, app->rs, on_alert, app);
    gauge_queue(&app->queue);
    static const char *const RESULTS[] = {"queued", "queue_full", "malformed"};
    for (size_t i = 0; i < 3; i++) /* every series shows from the start, at 0 */
        count_request_n(RESULTS[i], 0);
    if (pthread_create(&app->consumer, NULL, consume, app) != 0) {
        diag_error("audit serve: cannot start the rules thread");
        return 2;
    }
    pthread_setname_np(app->consumer, "audit-rules");
    static const char *const PATHS[] = {"/", "/audit", NULL};
    struct serve_options so = {
        .listen = o->listen, .tls_cert = o->tls_cert, .tls_key = o->tls_key,
        .limits = {.max_body = o->max_body}, .name = "audit", .paths = PATHS,
        .handler = handle, .reload = reload, .early = early, .app = app,
    };
    int rc = serve_run(&so);
    audit_queue_close(&app->queue); /* the server has stopped: drain what is queued */
    pthread_join(app->consumer, NULL);
    rules_free(app->pending);
    audit_writer_end(&app->aw, &app->engine, 0);
    char batches[32], events[32];
    snprintf(batches, sizeof batches, "%llu", app->batches);
    snprintf(events, sizeof events, "%llu", app->engine.events);
    if (rc == 0)
        serve_log("info", "drained", "server", "audit", "#batches", batches, "#events", events,
                  NULL);
    audit_engine_free(&app->engine);
    audit_queue_destroy(&app->queue);
    pthread_mutex_destroy(&app->lock);
    return rc;
}

/* An EventList's tree takes a few times its size in arena chunks; freed to
 * the system after every batch (glibc maps chunks this large on their own),
 * each batch would fault them in again: two thirds of the time of a
 * 1000-event list went there. Kept in the heap instead, memory stays
 * bounded by the largest batch. */
static void memory_keep_chunks(void)
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

int audit_serve_main(int argc, char **argv)
{
    struct serve_opts o = {.max_body = 16ul << 20, .queue_batches = 64,
                           .queue_bytes = 256ul << 20};
    int rc = parse_opts(argc, argv, &o);
    if (rc >= 0) {
        free(o.rules);
        audit_sink_opts_free(&o.sinks);
        return rc;
    }
    memory_keep_chunks();
    struct app app = {.o = &o, .rs = rules_load(&o)};
    if (!app.rs) {
        free(o.rules);
        audit_sink_opts_free(&o.sinks);
        return 2;
    }
    app.out = output_open(o.output);
    rc = 2;
    if (app.out && audit_sinks_open(&o.sinks, &app.sinks)) {
        rc = serve_with(&app);
        sinks_close(&app.sinks); /* delivers what the sinks still hold */
        if (fflush(app.out) != 0 || (app.out != stdout && fclose(app.out) != 0)) {
            diag_error("%s: cannot write the alerts", o.output ? o.output : "standard output");
            rc = 2;
        }
    }
    rules_free(app.rs);
    free(o.rules);
    audit_sink_opts_free(&o.sinks);
    return rc;
}
