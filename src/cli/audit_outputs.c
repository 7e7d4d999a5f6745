/* audit_outputs.c — the alert-sink options of the audit commands
 * (audit_cli.h). */
#include "audit_cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "../core/arena.h"
#include "cli_util.h"

static void defaults(struct audit_sink_opts *s)
{
    if (!s->set)
        s->o = ALERT_SINK_DEFAULTS;
    s->set = true;
}

static bool parse_number(const char *arg, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (!*arg || *end || errno || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int audit_sink_option(struct audit_sink_opts *s, int c, const char *arg, const char *usage)
{
    double v;
    defaults(s);
    switch (c) {
    case OPT_SINK_SYSLOG:
    case OPT_SINK_HTTP:
    case OPT_SINK_SLACK:
        s->v = xrealloc(s->v, (s->n + 1) * sizeof *s->v);
        s->v[s->n++] = (struct audit_sink_spec){
            .kind = c == OPT_SINK_SYSLOG ? SINK_SYSLOG : c == OPT_SINK_HTTP ? SINK_HTTP
                                                                            : SINK_SLACK,
            .target = arg};
        return -1;
    case OPT_SINK_RETRIES:
        if (!parse_number(arg, 0, 100, &v) || v != (unsigned)v)
            return cli_usage_error(usage, "--output-retries: expected 0 to 100, not '%s'", arg);
        s->o.retries = (unsigned)v;
        return -1;
    case OPT_SINK_TIMEOUT:
        if (!parse_number(arg, 0.001, 3600, &v))
            return cli_usage_error(usage, "--output-timeout: expected seconds (0.001 to 3600), "
                                          "not '%s'", arg);
        s->o.timeout_s = v;
        return -1;
    case OPT_SINK_QUEUE:
        if (!parse_number(arg, 1, 10000000, &v) || v != (size_t)v)
            return cli_usage_error(usage, "--output-queue: expected 1 to 10000000, not '%s'",
                                   arg);
        s->o.queue_cap = (size_t)v;
        return -1;
    default:
        return 0;
    }
}

bool audit_sinks_open(const struct audit_sink_opts *s, struct alert_sinks *set)
{
    for (size_t i = 0; i < s->n; i++)
        if (!sinks_add(set, s->v[i].kind, s->v[i].target, &s->o)) {
            sinks_close(set);
            return false;
        }
    return true;
}

void audit_sink_opts_free(struct audit_sink_opts *s)
{
    free(s->v);
    s->v = NULL;
    s->n = 0;
}
