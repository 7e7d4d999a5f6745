/* audit_cli.h — the alert-sink options every audit command that emits
 * alerts takes (`audit`, `audit --follow`, `audit serve`): --output-syslog,
 * --output-http, --output-slack and the delivery settings, parsed into a
 * list and opened as a set of sinks (src/audit/audit_sink.h). */
#ifndef RINGWALL_AUDIT_CLI_H
#define RINGWALL_AUDIT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include "../audit/audit_sink.h"

/* getopt_long values of the sink options (above any short option). */
enum {
    OPT_SINK_SYSLOG = 1000, OPT_SINK_HTTP, OPT_SINK_SLACK, OPT_SINK_RETRIES,
    OPT_SINK_TIMEOUT, OPT_SINK_QUEUE,
};

#define AUDIT_SINK_LONG_OPTIONS                                         \
    {"output-syslog", required_argument, NULL, OPT_SINK_SYSLOG},        \
    {"output-http", required_argument, NULL, OPT_SINK_HTTP},            \
    {"output-slack", required_argument, NULL, OPT_SINK_SLACK},          \
    {"output-retries", required_argument, NULL, OPT_SINK_RETRIES},      \
    {"output-timeout", required_argument, NULL, OPT_SINK_TIMEOUT},      \
    {"output-queue", required_argument, NULL, OPT_SINK_QUEUE}

#define AUDIT_SINK_USAGE                                                                  \
    "      --output-syslog DEST  also send each alert to syslog (RFC 5424): udp://HOST[:PORT],\n" \
    "                         tcp://HOST[:PORT] (octet-counted frames), unix:PATH, or local\n" \
    "                         (/dev/log); repeatable, like the two below\n"                \
    "      --output-http URL  also POST each alert as JSON in Falco's layout (Falcosidekick)\n" \
    "      --output-slack URL also post each alert to a Slack incoming webhook\n"          \
    "      --output-retries N retries of a failed delivery, with backoff from 0.5 s (3)\n" \
    "      --output-timeout S seconds per delivery attempt (5)\n"                          \
    "      --output-queue N   alerts queued per destination (1000); beyond, dropped and\n" \
    "                         counted, so a slow destination never holds up reading\n"

struct audit_sink_spec {
    enum alert_sink_kind kind;
    const char *target;
};

struct audit_sink_opts {
    struct audit_sink_spec *v;
    size_t n;
    struct alert_sink_options o;
    bool set; /* o holds the defaults (set on first use) */
};

/* Handles option c when it is a sink option: -1 when taken, an exit status
 * (2, after a usage error) when its value is bad, 0 when c is another
 * option. */
int audit_sink_option(struct audit_sink_opts *s, int c, const char *arg, const char *usage);
/* Opens every sink; false after reporting (the ones opened are closed). */
bool audit_sinks_open(const struct audit_sink_opts *s, struct alert_sinks *set);
void audit_sink_opts_free(struct audit_sink_opts *s);

#endif
