/* audit_sink.h — alert sinks: syslog (RFC 5424 over UDP, TCP or the local
 * /dev/log socket), HTTP POST of an alert as JSON (Falco's layout, which
 * Falcosidekick reads) and Slack incoming webhooks. Each sink owns a bounded
 * queue and a delivery thread: sink_emit renders the alert and queues it
 * without ever waiting on the network (a full queue drops the alert and
 * counts it); the thread delivers with a timeout per attempt and a bounded
 * number of retries with exponential backoff. Closing delivers what is
 * queued, within a bounded time, and reports the sink's counts on stderr.
 *
 * sink_emit is thread-safe: any number of threads (a server's handlers) may
 * emit to the same sinks. */
#ifndef RINGWALL_AUDIT_SINK_H
#define RINGWALL_AUDIT_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "audit_engine.h"

enum alert_sink_kind { SINK_SYSLOG, SINK_HTTP, SINK_SLACK };

struct alert_sink_options {
    unsigned retries;   /* attempts after the first (default 3) */
    double timeout_s;   /* per attempt: connect and answer (default 5) */
    double backoff_s;   /* wait before the first retry, doubled after (default 0.5) */
    size_t queue_cap;   /* alerts held per sink (default 1000) */
};

extern const struct alert_sink_options ALERT_SINK_DEFAULTS;

struct alert_sink_stats {
    unsigned long long queued, delivered, retried, failed, dropped;
};

struct alert_sink;

/* Opens a sink (target: "udp://HOST:PORT", "tcp://HOST:PORT", "unix:PATH" or
 * "local" (/dev/log) for syslog; a URL for HTTP and Slack) and starts its
 * thread. NULL with the reason in why. */
struct alert_sink *sink_open(enum alert_sink_kind kind, const char *target,
                             const struct alert_sink_options *o, char *why, size_t why_size);
/* Queues the alert for delivery; never blocks on the network. False when the
 * queue was full and the alert dropped (counted, and said on stderr). */
bool sink_emit(struct alert_sink *s, const struct audit_alert *a);
/* Delivers what is queued (within about one alert's worth of attempts,
 * timeouts and backoff; what is left then is dropped), stops the thread,
 * fills st (may be NULL) and frees the sink. */
void sink_close(struct alert_sink *s, struct alert_sink_stats *st);
/* "syslog udp://host:514", "http https://...", "slack https://..." */
const char *sink_name(const struct alert_sink *s);

/* A set of sinks fed together (what the command line configures). */
struct alert_sinks {
    struct alert_sink **v;
    size_t n;
};

/* Opens one more sink of the set; false after reporting the error. */
bool sinks_add(struct alert_sinks *set, enum alert_sink_kind kind, const char *target,
               const struct alert_sink_options *o);
void sinks_emit(struct alert_sinks *set, const struct audit_alert *a);
/* Closes every sink, printing one summary line each on stderr; returns the
 * number of alerts some sink failed to deliver or dropped. */
unsigned long long sinks_close(struct alert_sinks *set);

#endif
