/* config.c — check selection and per-check settings (config.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/diag.h"
#include "catalog.h"

void config_init(struct scan_config *c)
{
    memset(c, 0, sizeof *c);
    size_t n = catalog_count();
    c->enabled = xmalloc(n * sizeof *c->enabled);
    c->severity = xmalloc(n * sizeof *c->severity);
    for (size_t i = 0; i < n; i++) {
        c->enabled[i] = true;
        c->severity[i] = catalog_at(i)->severity;
    }
    c->min_severity = SEV_INFO;
    c->fail_on = SEV_HIGH;
    c->annotation_ignores = true;
}

void config_free(struct scan_config *c)
{
    free(c->enabled);
    free(c->severity);
    for (size_t i = 0; i < c->nexemptions; i++) {
        struct exemption *e = &c->exemptions[i];
        free(e->check);
        free(e->namespace);
        free(e->kind);
        free(e->name);
        free(e->container);
        free(e->reason);
    }
    free(c->exemptions);
    for (size_t i = 0; i < c->ntrusted; i++)
        free(c->trusted_registries[i]);
    free(c->trusted_registries);
    memset(c, 0, sizeof *c);
}

bool config_enabled(const struct scan_config *c, const struct check *check)
{
    size_t i = catalog_index(check);
    return i != (size_t)-1 && c->enabled[i];
}

enum severity config_severity(const struct scan_config *c, const struct check *check)
{
    size_t i = catalog_index(check);
    return i == (size_t)-1 ? check->severity : c->severity[i];
}

bool config_select(struct scan_config *c, const char *pattern, bool on)
{
    bool matched = false;
    for (size_t i = 0; i < catalog_count(); i++)
        if (catalog_matches(catalog_at(i), pattern)) {
            c->enabled[i] = on;
            matched = true;
        }
    return matched;
}

bool config_set_severity(struct scan_config *c, const char *pattern, enum severity s)
{
    bool matched = false;
    for (size_t i = 0; i < catalog_count(); i++)
        if (catalog_matches(catalog_at(i), pattern)) {
            c->severity[i] = s;
            matched = true;
        }
    return matched;
}

void config_select_none(struct scan_config *c)
{
    for (size_t i = 0; i < catalog_count(); i++)
        c->enabled[i] = false;
}

/* Applies `on` to every check matching one of the comma-separated patterns. */
static bool select_list(struct scan_config *c, const char *patterns, bool on)
{
    char *copy = xstrdup(patterns), *save = NULL;
    bool ok = true, any = false;
    for (char *p = strtok_r(copy, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
        any = true;
        if (!config_select(c, p, on)) {
            diag_error("no check matches '%s' (see `ringwall checks`)", p);
            ok = false;
        }
    }
    if (!any) {
        diag_error("empty list of checks");
        ok = false;
    }
    free(copy);
    return ok;
}

bool config_only(struct scan_config *c, const char *patterns)
{
    config_select_none(c);
    return select_list(c, patterns, true);
}

bool config_skip(struct scan_config *c, const char *patterns)
{
    return select_list(c, patterns, false);
}

void config_add_trusted(struct scan_config *c, const char *registry)
{
    c->trusted_registries =
        xrealloc(c->trusted_registries, (c->ntrusted + 1) * sizeof *c->trusted_registries);
    c->trusted_registries[c->ntrusted++] = xstrdup(registry);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void config_add_exemption(struct scan_config *c, const struct exemption *e)
{
    c->exemptions = xrealloc(c->exemptions, (c->nexemptions + 1) * sizeof *c->exemptions);
    c->exemptions[c->nexemptions++] = (struct exemption){
        .check = dup_or_null(e->check),
        .namespace = dup_or_null(e->namespace),
        .kind = dup_or_null(e->kind),
        .name = dup_or_null(e->name),
        .container = dup_or_null(e->container),
        .reason = dup_or_null(e->reason),
    };
}
