/* metrics.h — process-wide Prometheus metrics (counters, gauges and
 * histograms), thread-safe, rendered in the Prometheus text format by
 * /metrics. The server module records its own (requests, TLS handshakes,
 * connections, reloads, limit breaches, request durations); applications
 * add theirs (decisions by kind, denials by check). */
#ifndef RINGWALL_METRICS_H
#define RINGWALL_METRICS_H

#include <stddef.h>

/* Adds v to the counter NAME with LABELS, e.g.
 *   metrics_add("ringwall_admit_requests_total",
 *               "operation=\"CREATE\",kind=\"Pod\",decision=\"deny\"", 1);
 * labels may be NULL or ""; values are escaped by the caller
 * (metrics_escape). The first use of a name registers it; help is the
 * HELP text shown for it (only the first call's is kept). */
void metrics_add(const char *name, const char *help, const char *labels, double v);

/* Sets the gauge NAME with LABELS to v (open connections, queue length). */
void metrics_set(const char *name, const char *help, const char *labels, double v);

/* Records one observation in seconds in the histogram NAME (fixed buckets
 * from 10 µs to 10 s). */
void metrics_observe(const char *name, const char *help, double seconds);

/* The whole registry in Prometheus text format (malloc'd, NUL-terminated). */
char *metrics_render(size_t *len);

/* Escapes a label value (backslash, quote, newline) into buf. */
void metrics_escape(char *buf, size_t size, const char *value);

#endif
