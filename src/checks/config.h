/* config.h — what the user chose: which checks run, at what severity, what
 * is exempt and why, which registries are trusted. Filled from the command
 * line and from a ringwall.yaml (--config). */
#ifndef RINGWALL_CONFIG_H
#define RINGWALL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"

struct exemption {
    char *check;     /* id or glob; required */
    char *namespace, *kind, *name, *container; /* globs; NULL matches all */
    char *reason;    /* required */
};

struct scan_config {
    bool *enabled;              /* per catalog index */
    enum severity *severity;    /* per catalog index */
    enum severity min_severity; /* lower findings are filtered out (and counted) */
    enum severity fail_on;      /* exit 1 at or above; SEV_COUNT = never */
    bool annotation_ignores;    /* honour ringwall.io/ignore */
    struct exemption *exemptions;
    size_t nexemptions;
    const char *pss;            /* scan --pss LEVEL[:VERSION]; NULL keeps pss/ checks silent */
    char **trusted_registries;
    size_t ntrusted;
};

void config_init(struct scan_config *c);
void config_free(struct scan_config *c);
bool config_enabled(const struct scan_config *c, const struct check *check);
enum severity config_severity(const struct scan_config *c, const struct check *check);

/* --checks / --skip: comma-separated ids, aliases or globs. A pattern that
 * matches no check is an error (returns false after reporting it). */
bool config_only(struct scan_config *c, const char *patterns);
bool config_skip(struct scan_config *c, const char *patterns);

#endif
