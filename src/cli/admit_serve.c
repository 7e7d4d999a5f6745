/* admit_serve.c — `ringwall admit serve`: the decision (src/admit) behind
 * the HTTPS server module (src/serve). The handler runs on many threads at
 * once and reads the current policy through one atomic pointer, taking no
 * lock. A reload (SIGHUP) builds the new policy aside and publishes it with
 * one atomic store, so a decision never sees two policies; a replaced
 * policy is kept until exit, since a request may still be reading it (a
 * reload costs the size of one policy, a few kilobytes). */
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../admit/admit.h"
#include "../core/diag.h"
#include "../serve/metrics.h"
#include "../serve/serve.h"
#include "admit_cli.h"
#include "cli_util.h"

struct shared_policy {
    struct admit_policy policy;
    struct shared_policy *replaced; /* the policy this one replaced */
};

struct app {
    const struct admit_cli *cli;
    pthread_mutex_t lock; /* one reload at a time */
    _Atomic(struct shared_policy *) current;
};

static struct shared_policy *policy_build(const struct admit_cli *cli, bool first)
{
    struct shared_policy *sp = xcalloc(1, sizeof *sp);
    if (!admit_cli_policy(cli, &sp->policy, first)) {
        free(sp);
        return NULL;
    }
    return sp;
}

/* The current policy and every one it replaced. */
static void policy_free_all(struct shared_policy *sp)
{
    while (sp) {
        struct shared_policy *next = sp->replaced;
        admit_policy_free(&sp->policy);
        free(sp);
        sp = next;
    }
}

static bool reload(void *ctx)
{
    struct app *app = ctx;
    pthread_mutex_lock(&app->lock);
    struct shared_policy *sp = policy_build(app->cli, false);
    if (sp) {
        sp->replaced = atomic_load(&app->current);
        atomic_store_explicit(&app->current, sp, memory_order_release);
    }
    pthread_mutex_unlock(&app->lock);
    return sp != NULL; /* the server logs the outcome; the errors are above it */
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void text_response(struct serve_response *resp, int status, const char *msg)
{
    resp->status = status;
    resp->content_type = "text/plain";
    resp->body = xstrdup(msg);
    resp->body_len = strlen(msg);
}

static void count(const struct admit_decision *d)
{
    char op[64], kind[128], labels[320];
    metrics_escape(op, sizeof op, d->req.operation ? d->req.operation : "");
    metrics_escape(kind, sizeof kind, d->object_kind ? d->object_kind : "");
    snprintf(labels, sizeof labels, "operation=\"%s\",kind=\"%s\",decision=\"%s\"", op, kind,
             admit_decision_name(d));
    metrics_add("ringwall_admit_requests_total", "AdmissionReviews decided", labels, 1);
    if (d->failure)
        metrics_add("ringwall_admit_failures_total",
                    "requests that could not be judged (decided by the failure policy)", NULL,
                    1);
    for (size_t i = 0; d->status == ADMIT_DENIED && i < d->nitems; i++) {
        if (d->items[i].mode != ADMIT_ENFORCE)
            continue;
        char id[128];
        metrics_escape(id, sizeof id, d->items[i].id);
        snprintf(labels, sizeof labels, "check=\"%s\"", id);
        metrics_add("ringwall_admit_denials_total", "denials by check", labels, 1);
    }
}

/* The decision's log line in one write, as the server writes its own, so
 * that lines of concurrent requests never interleave. */
static void log_decision(const struct admit_decision *d, double micros)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!out)
        return;
    admit_write_log(out, d, micros);
    fclose(out);
    serve_log_line(buf, size);
    free(buf);
}

static void handle(void *ctx, const struct serve_request *req, struct serve_response *resp)
{
    struct app *app = ctx;
    if (strcmp(req->path, "/validate") != 0 && strcmp(req->path, "/") != 0) {
        text_response(resp, 404, "not found\n");
        return;
    }
    if (strcmp(req->method, "POST") != 0) {
        text_response(resp, 405, "POST an AdmissionReview\n");
        return;
    }
    const struct shared_policy *sp = atomic_load_explicit(&app->current, memory_order_acquire);
    const struct admit_policy *policy = &sp->policy;
    struct admit_decision d;
    double t0 = now_s();
    admit_decide(policy, req->body, req->body_len, &d);
    double elapsed = now_s() - t0;
    metrics_observe("ringwall_admit_decision_seconds", "time to decide one AdmissionReview",
                    elapsed);
    if (d.status == ADMIT_BAD_INPUT) {
        metrics_add("ringwall_admit_bad_requests_total", "bodies that are not AdmissionReviews",
                    NULL, 1);
        char msg[512];
        snprintf(msg, sizeof msg, "not an AdmissionReview: %s\n", d.error);
        text_response(resp, 400, msg);
    } else {
        count(&d);
        resp->status = 200;
        resp->content_type = "application/json";
        resp->body = admit_response(&d, &resp->body_len);
    }
    log_decision(&d, elapsed * 1e6);
    admit_decision_free(&d);
}

/* A decision allocates some hundred kilobytes (the review's document, the
 * engine's scratch) and frees them all. Left to glibc's defaults, the
 * freed top of a heap goes back to the system and the next decision
 * faults it in again, which showed as the tail of the decision time;
 * kept, each malloc arena stays as large as the most its threads held at
 * once. */
static void memory_keep_warm(void)
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

/* One decision before serving, so that what the engine prepares on first use
 * is not paid by the first request. */
static void warm_up(const struct admit_policy *p)
{
    static const char REVIEW[] =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
        "{\"uid\":\"warm-up\",\"operation\":\"CREATE\",\"namespace\":\"default\","
        "\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"w\"},"
        "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}";
    struct admit_decision d;
    admit_decide(p, REVIEW, sizeof REVIEW - 1, &d);
    admit_decision_free(&d);
}

int admit_serve(const struct admit_cli *o, int nargs)
{
    if (nargs > 0)
        return cli_usage_error("usage: ringwall admit serve --listen ADDR --tls-cert FILE "
                               "--tls-key FILE [OPTIONS]\n", "admit serve takes no operands");
    if (!o->listen || !o->tls_cert || !o->tls_key)
        return cli_usage_error("usage: ringwall admit serve --listen ADDR --tls-cert FILE "
                               "--tls-key FILE [OPTIONS]\n",
                               "admit serve needs --listen, --tls-cert and --tls-key");
    struct app app = {.cli = o};
    pthread_mutex_init(&app.lock, NULL);
    struct shared_policy *first = policy_build(o, true);
    if (!first)
        return 2;
    atomic_init(&app.current, first);
    memory_keep_warm();
    warm_up(&first->policy);
    static const char *const PATHS[] = {"/validate", "/", NULL};
    struct serve_options so = {
        .listen = o->listen, .tls_cert = o->tls_cert, .tls_key = o->tls_key,
        .limits = {.max_body = o->max_body}, .threads = o->threads, .name = "admit",
        .paths = PATHS, .handler = handle, .reload = reload, .app = &app,
    };
    int rc = serve_run(&so);
    policy_free_all(atomic_load(&app.current));
    pthread_mutex_destroy(&app.lock);
    return rc;
}
