/* admit_serve.c — `ringwall admit serve`: the decision (src/admit) behind
 * the HTTPS server module (src/serve). The handler runs on many threads at
 * once; the policy it reads is swapped whole on SIGHUP: a reload builds the
 * new policy aside and publishes it under a lock, and each request holds a
 * reference to the policy it started with, so a reload never changes a
 * decision half-way and the old policy is freed by its last user. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../admit/admit.h"
#include "../core/diag.h"
#include "../serve/metrics.h"
#include "../serve/serve.h"
#include "admit_cli.h"
#include "cli_util.h"

struct shared_policy {
    struct admit_policy policy;
    atomic_uint refs;
};

struct app {
    const struct admit_cli *cli;
    pthread_mutex_t lock; /* guards `current` (taken on reload and after one) */
    struct shared_policy *current;
    atomic_uint generation; /* bumped by every reload */
};

/* This thread's policy and the generation it belongs to. */
static _Thread_local struct shared_policy *thread_policy;
static _Thread_local unsigned thread_generation;

static void policy_release(struct shared_policy *sp)
{
    if (atomic_fetch_sub(&sp->refs, 1) == 1) {
        admit_policy_free(&sp->policy);
        free(sp);
    }
}

static const struct admit_policy *policy_current(struct app *app)
{
    unsigned g = atomic_load_explicit(&app->generation, memory_order_acquire);
    if (thread_policy && thread_generation == g)
        return &thread_policy->policy;
    pthread_mutex_lock(&app->lock);
    struct shared_policy *sp = app->current;
    atomic_fetch_add(&sp->refs, 1);
    g = atomic_load(&app->generation);
    pthread_mutex_unlock(&app->lock);
    if (thread_policy)
        policy_release(thread_policy);
    thread_policy = sp;
    thread_generation = g;
    return &sp->policy;
}

static struct shared_policy *policy_build(const struct admit_cli *cli, bool first)
{
    struct shared_policy *sp = xcalloc(1, sizeof *sp);
    if (!admit_cli_policy(cli, &sp->policy, first)) {
        free(sp);
        return NULL;
    }
    atomic_init(&sp->refs, 1);
    return sp;
}

static bool reload(void *ctx)
{
    struct app *app = ctx;
    struct shared_policy *sp = policy_build(app->cli, false);
    if (!sp) {
        fprintf(stderr, "{\"event\":\"reload\",\"ok\":false,\"reason\":\"configuration "
                        "invalid: the previous policy stays\"}\n");
        return false;
    }
    pthread_mutex_lock(&app->lock);
    struct shared_policy *old = app->current;
    app->current = sp;
    atomic_fetch_add_explicit(&app->generation, 1, memory_order_release);
    pthread_mutex_unlock(&app->lock);
    policy_release(old);
    fprintf(stderr, "{\"event\":\"reload\",\"ok\":true}\n");
    return true;
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
    const struct admit_policy *policy = policy_current(app);
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
    admit_write_log(stderr, &d, elapsed * 1e6);
    admit_decision_free(&d);
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
    app.current = policy_build(o, true);
    if (!app.current)
        return 2;
    warm_up(&app.current->policy);
    setvbuf(stderr, NULL, _IOLBF, 0); /* one log line, one write */
    static const char *const PATHS[] = {"/validate", "/", NULL};
    struct serve_options so = {
        .listen = o->listen, .tls_cert = o->tls_cert, .tls_key = o->tls_key,
        .limits = {.max_body = o->max_body}, .threads = o->threads, .name = "admit",
        .paths = PATHS, .handler = handle, .reload = reload, .app = &app,
    };
    int rc = serve_run(&so);
    policy_release(app.current);
    pthread_mutex_destroy(&app.lock);
    return rc;
}
