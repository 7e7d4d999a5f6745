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
    unsigned target_minor;      /* scan --target-version v1.N (api/ checks); 0: any release */
    char **trusted_registries;
    size_t ntrusted;
};

void config_init(struct scan_config *c);
void config_free(struct scan_config *c);
bool config_enabled(const struct scan_config *c, const struct check *check);
enum severity config_severity(const struct scan_config *c, const struct check *check);

/* Turns every check matching one id, alias or glob on or off; false (and no
 * change) when the pattern matches no check. */
bool config_select(struct scan_config *c, const char *pattern, bool on);
/* Sets the severity of every matching check; false when none matches. */
bool config_set_severity(struct scan_config *c, const char *pattern, enum severity s);
/* Turns every check off (before a list of checks to run). */
void config_select_none(struct scan_config *c);

/* --checks / --skip: comma-separated ids, aliases or globs. A pattern that
 * matches no check is an error (returns false after reporting it). */
bool config_only(struct scan_config *c, const char *patterns);
bool config_skip(struct scan_config *c, const char *patterns);

/* Appends to the registry allow-list and the exemptions (copies strings). */
void config_add_trusted(struct scan_config *c, const char *registry);
void config_add_exemption(struct scan_config *c, const struct exemption *e);

#endif
