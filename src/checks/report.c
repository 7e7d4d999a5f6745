/* report.c — turning a check's observation into a stored finding: object
 * identity, position, severity override, min-severity filter, and the two
 * ways of suppressing with a reason (ringwall.io/ignore annotations and
 * configuration exemptions). Suppressed findings are kept and counted. */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/fmt.h"
#include "catalog.h"
#include "check.h"
#include "config.h"
#include "suppress.h"

static const char *IGNORE_ANNOTATION = "ringwall.io/ignore";

static bool glob_ok(const char *pattern, const char *value)
{
    return !pattern || fnmatch(pattern, value ? value : "", 0) == 0;
}

static const struct exemption *find_exemption(const struct scan_config *cfg,
                                              const struct finding *f)
{
    for (size_t i = 0; cfg && i < cfg->nexemptions; i++) {
        const struct exemption *e = &cfg->exemptions[i];
        if (catalog_matches(f->check, e->check) && glob_ok(e->namespace, f->namespace) &&
            glob_ok(e->kind, f->kind) && glob_ok(e->name, f->name) &&
            glob_ok(e->container, f->container))
            return e;
    }
    return NULL;
}

/* Files the finding, made from fmt and ap only now: a finding below
 * --min-severity, or one that is only counted, never has its message made. */
static void store(struct report_ctx *r, struct finding *f, const char *const *ignores,
                  size_t nignores, const char *fmt, va_list ap)
{
    const struct scan_config *cfg = r->cfg;
    /* a finding reported above or below its check's default keeps that
     * severity unless the configuration overrides the check's */
    enum severity configured = cfg ? config_severity(cfg, f->check) : f->check->severity;
    if (configured != f->check->severity)
        f->severity = configured;
    if (cfg && f->severity < cfg->min_severity) {
        r->out->filtered++;
        return;
    }
    char reason[512];
    for (size_t i = 0; (!cfg || cfg->annotation_ignores) && i < nignores; i++)
        if (ignores[i] && suppress_match(ignores[i], f->check, f->container, reason, sizeof reason)) {
            f->suppressed = reason;
            f->suppressed_by = "annotation";
            break;
        }
    const struct exemption *e = f->suppressed ? NULL : find_exemption(cfg, f);
    if (e) {
        f->suppressed = e->reason;
        f->suppressed_by = "config";
    }
    char message[1024];
    if (findings_wants_text(r->out)) {
        fmt_vsnprintf(message, sizeof message, fmt, ap);
        f->message = message;
    }
    findings_add(r->out, f);
}

static void report_va(struct report_ctx *r, enum severity severity, const struct node *at,
                      const char *container, const char *path, const char *fmt, va_list ap)
{
    const struct k8s_object *o = r->obj;
    if (!at)
        at = o->node;
    struct finding f = {
        .check = r->check,
        .severity = severity,
        .api_version = o->api_version,
        .kind = o->kind,
        .namespace = o->namespace,
        .name = o->name,
        .container = container,
        .path = path,
        .file = o->file,
        .line = at->line,
        .col = at->col,
    };
    const char *ignores[2] = {k8s_annotation(o, IGNORE_ANNOTATION), NULL};
    if (r->pod && r->pod->meta && r->pod->meta != o->metadata)
        ignores[1] = node_str(node_get(node_get(r->pod->meta, "annotations"), IGNORE_ANNOTATION));
    store(r, &f, ignores, 2, fmt, ap);
}

void report(struct report_ctx *r, const struct node *at, const char *container, const char *path,
            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_va(r, r->check->severity, at, container, path, fmt, ap);
    va_end(ap);
}

void report_at_severity(struct report_ctx *r, enum severity severity, const struct node *at,
                        const char *container, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_va(r, severity, at, container, path, fmt, ap);
    va_end(ap);
}

bool report_wanted(const struct report_ctx *r, const char *id)
{
    const struct check *c = catalog_find(id);
    return c && (!r->cfg || config_enabled(r->cfg, c));
}

void report_ref(struct report_ctx *r, const char *id, const struct object_ref *ref,
                const char *container, const char *path, const char *fmt, ...)
{
    const struct check *c = catalog_find(id);
    if (!c || (r->cfg && !config_enabled(r->cfg, c)))
        return;
    enum severity base = ref->lower && c->severity > SEV_INFO ? c->severity - 1 : c->severity;
    struct finding f = {
        .check = c,
        .severity = ref->floor > base ? ref->floor : base,
        .api_version = ref->api_version,
        .kind = ref->kind,
        .namespace = ref->namespace,
        .name = ref->name,
        .container = container,
        .path = path,
        .file = ref->file,
        .line = ref->line,
        .col = ref->col,
        .suppressed = ref->exempt,
        .suppressed_by = ref->exempt ? "built-in" : NULL,
    };
    va_list ap;
    va_start(ap, fmt);
    store(r, &f, &ref->ignore, 1, fmt, ap);
    va_end(ap);
}
