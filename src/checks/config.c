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

/* Applies `on` to every check matching one of the comma-separated patterns. */
static bool select_checks(struct scan_config *c, const char *patterns, bool on)
{
    size_t n = catalog_count();
    char *copy = xstrdup(patterns), *save = NULL;
    bool ok = true;
    for (char *p = strtok_r(copy, ", ", &save); p; p = strtok_r(NULL, ", ", &save)) {
        bool matched = false;
        for (size_t i = 0; i < n; i++)
            if (catalog_matches(catalog_at(i), p)) {
                c->enabled[i] = on;
                matched = true;
            }
        if (!matched) {
            diag_error("no check matches '%s' (see `ringwall checks`)", p);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

bool config_only(struct scan_config *c, const char *patterns)
{
    for (size_t i = 0; i < catalog_count(); i++)
        c->enabled[i] = false;
    return select_checks(c, patterns, true);
}

bool config_skip(struct scan_config *c, const char *patterns)
{
    return select_checks(c, patterns, false);
}
