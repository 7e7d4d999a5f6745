/* audit_sink_int.h — what the generic sink (audit_sink.c: queue, thread,
 * retries) and its transports (audit_sink_syslog.c, audit_sink_http.c)
 * share. A transport renders an alert into the bytes to send on the
 * emitting thread (the alert's event is gone once sink_emit returns) and
 * makes one delivery attempt at a time on the sink's thread. */
#ifndef RINGWALL_AUDIT_SINK_INT_H
#define RINGWALL_AUDIT_SINK_INT_H

#include <pthread.h>

#include "audit_sink.h"

/* One delivery attempt's outcome. */
enum sink_result { SINK_DELIVERED, SINK_RETRY, SINK_FAILED };

struct sink_transport {
    /* The message for the alert (malloc'd, *len bytes). Thread-safe. */
    char *(*render)(const struct alert_sink *s, const struct audit_alert *a, size_t *len);
    /* One attempt within s->o.timeout_s; the reason of a failure in why. */
    enum sink_result (*deliver)(struct alert_sink *s, const char *msg, size_t len, char *why,
                                size_t why_size);
    void (*close)(struct alert_sink *s);
};

struct sink_msg {
    char *p;
    size_t len;
};

struct alert_sink {
    const struct sink_transport *t;
    struct alert_sink_options o;
    enum alert_sink_kind kind;
    char *target, *name;
    void *conn; /* the transport's state, used by the sink's thread only */

    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct sink_msg *q; /* ring of o.queue_cap messages */
    size_t head, n;
    bool closing;
    double deadline;    /* closing: monotonic time after which the queue is dropped */
    struct alert_sink_stats st;
};

/* Transport set-up: fill s->t and s->conn; false with the reason in why. */
bool sink_syslog_open(struct alert_sink *s, char *why, size_t why_size);
bool sink_http_open(struct alert_sink *s, char *why, size_t why_size);

/* Seconds on the monotonic clock. */
double sink_now(void);

#endif
