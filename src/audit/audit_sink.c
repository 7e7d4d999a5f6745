/* audit_sink.c — the transport-independent part of a sink (audit_sink.h):
 * the bounded queue, the delivery thread with its retries and backoff, the
 * bounded drain at close, the counts; and the set of sinks the command line
 * configures. */
#include "audit_sink_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/arena.h"
#include "../core/diag.h"

enum { MAX_BACKOFF_S = 30 };

const struct alert_sink_options ALERT_SINK_DEFAULTS = {
    .retries = 3, .timeout_s = 5, .backoff_s = 0.5, .queue_cap = 1000,
};

static const char *const KIND_NAMES[] = {"syslog", "http", "slack"};

double sink_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct timespec realtime_after(double s)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double whole = (double)(long)s;
    ts.tv_sec += (time_t)whole;
    ts.tv_nsec += (long)((s - whole) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static double next_backoff(double wait)
{
    return wait * 2 > MAX_BACKOFF_S ? MAX_BACKOFF_S : wait * 2;
}

/* Waits `wait` seconds (new alerts do not cut it short); false when closing
 * and the wait would end past the deadline. Called with mu held. */
static bool backoff_wait(struct alert_sink *s, double wait)
{
    double end = sink_now() + wait;
    struct timespec until = realtime_after(wait);
    while (sink_now() < end) {
        if (s->closing && end > s->deadline)
            return false;
        if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
            break;
    }
    return true;
}

/* Every attempt for one message, with mu held (released while delivering). */
static void deliver_with_retries(struct alert_sink *s, struct sink_msg m)
{
    double wait = s->o.backoff_s;
    char why[256] = "";
    for (unsigned attempt = 0;; attempt++) {
        pthread_mutex_unlock(&s->mu);
        why[0] = '\0';
        enum sink_result r = s->t->deliver(s, m.p, m.len, why, sizeof why);
        pthread_mutex_lock(&s->mu);
        if (r == SINK_DELIVERED) {
            s->st.delivered++;
            break;
        }
        if (r == SINK_FAILED || attempt >= s->o.retries || !backoff_wait(s, wait)) {
            unsigned long long failed = ++s->st.failed;
            if ((failed & (failed - 1)) == 0) /* 1, 2, 4, 8...: said, never a flood */
                diag_warn("output %s: alert not delivered after %u attempt%s (%s); %llu "
                          "undelivered so far", s->name, attempt + 1, attempt ? "s" : "", why,
                          failed);
            break;
        }
        s->st.retried++;
        wait = next_backoff(wait);
    }
    free(m.p);
}

static void *sink_thread(void *arg)
{
    struct alert_sink *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (s->n == 0 && !s->closing)
            pthread_cond_wait(&s->cv, &s->mu);
        if (s->n == 0)
            break;
        if (s->closing && sink_now() > s->deadline) { /* out of time: the rest is dropped */
            s->st.dropped += s->n;
            for (; s->n; s->n--, s->head = (s->head + 1) % s->o.queue_cap)
                free(s->q[s->head].p);
            break;
        }
        struct sink_msg m = s->q[s->head];
        s->head = (s->head + 1) % s->o.queue_cap;
        s->n--;
        deliver_with_retries(s, m);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* The longest one alert can take: every attempt timing out, every backoff. */
static double one_alert_time(const struct alert_sink_options *o)
{
    double t = o->timeout_s * (o->retries + 1), wait = o->backoff_s;
    for (unsigned i = 0; i < o->retries; i++) {
        t += wait;
        wait = next_backoff(wait);
    }
    return t + 1;
}

struct alert_sink *sink_open(enum alert_sink_kind kind, const char *target,
                             const struct alert_sink_options *o, char *why, size_t why_size)
{
    struct alert_sink *s = xcalloc(1, sizeof *s);
    s->kind = kind;
    s->o = o ? *o : ALERT_SINK_DEFAULTS;
    if (s->o.queue_cap == 0)
        s->o.queue_cap = 1;
    s->target = xstrdup(target);
    size_t n = strlen(KIND_NAMES[kind]) + strlen(target) + 2;
    s->name = xmalloc(n);
    snprintf(s->name, n, "%s %s", KIND_NAMES[kind], target);
    bool ok = kind == SINK_SYSLOG ? sink_syslog_open(s, why, why_size)
                                  : sink_http_open(s, why, why_size);
    if (!ok) {
        free(s->target);
        free(s->name);
        free(s);
        return NULL;
    }
    s->q = xcalloc(s->o.queue_cap, sizeof *s->q);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    /* the thread takes no signal: the process's main loop handles them */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&s->thread, NULL, sink_thread, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(why, why_size, "cannot start a thread: %s", strerror(rc));
        s->t->close(s);
        free(s->q);
        free(s->target);
        free(s->name);
        free(s);
        return NULL;
    }
    return s;
}

const char *sink_name(const struct alert_sink *s)
{
    return s->name;
}

bool sink_emit(struct alert_sink *s, const struct audit_alert *a)
{
    size_t len = 0;
    char *msg = s->t->render(s, a, &len);
    pthread_mutex_lock(&s->mu);
    bool queued = s->n < s->o.queue_cap && !s->closing;
    if (queued) {
        s->q[(s->head + s->n) % s->o.queue_cap] = (struct sink_msg){msg, len};
        s->n++;
        s->st.queued++;
        pthread_cond_signal(&s->cv);
    } else {
        s->st.dropped++;
    }
    unsigned long long dropped = s->st.dropped;
    pthread_mutex_unlock(&s->mu);
    if (!queued) {
        free(msg);
        if ((dropped & (dropped - 1)) == 0) /* 1, 2, 4, 8...: said, never a flood */
            diag_warn("output %s: queue full (%zu alerts): %llu alert%s dropped so far", s->name,
                      s->o.queue_cap, dropped, dropped == 1 ? "" : "s");
    }
    return queued;
}

void sink_close(struct alert_sink *s, struct alert_sink_stats *st)
{
    pthread_mutex_lock(&s->mu);
    s->closing = true;
    s->deadline = sink_now() + one_alert_time(&s->o);
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->thread, NULL);
    s->t->close(s);
    if (st)
        *st = s->st;
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s->q);
    free(s->target);
    free(s->name);
    free(s);
}

bool sinks_add(struct alert_sinks *set, enum alert_sink_kind kind, const char *target,
               const struct alert_sink_options *o)
{
    char why[256] = "";
    struct alert_sink *s = sink_open(kind, target, o, why, sizeof why);
    if (!s) {
        diag_error("output %s %s: %s", KIND_NAMES[kind], target, why);
        return false;
    }
    set->v = xrealloc(set->v, (set->n + 1) * sizeof *set->v);
    set->v[set->n++] = s;
    return true;
}

void sinks_emit(struct alert_sinks *set, const struct audit_alert *a)
{
    for (size_t i = 0; i < set->n; i++)
        sink_emit(set->v[i], a);
}

unsigned long long sinks_close(struct alert_sinks *set)
{
    unsigned long long lost = 0;
    for (size_t i = 0; i < set->n; i++) {
        struct alert_sink_stats st;
        char *name = xstrdup(sink_name(set->v[i]));
        sink_close(set->v[i], &st);
        fprintf(stderr,
                "ringwall: output %s: %llu alert%s delivered, %llu retr%s, %llu failed, "
                "%llu dropped\n",
                name, st.delivered, st.delivered == 1 ? "" : "s", st.retried,
                st.retried == 1 ? "y" : "ies", st.failed, st.dropped);
        free(name);
        lost += st.failed + st.dropped;
    }
    free(set->v);
    set->v = NULL;
    set->n = 0;
    return lost;
}
