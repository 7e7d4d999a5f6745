/* check.h — what a check is and how it reports. A check is one function over
 * a typed view (a pod spec or a whole object) plus one catalog row; families
 * group rows and may add an analyzer that sees every object of the input
 * before it reports (RBAC, network policy). Checks never print: they call
 * report(), which fills in the object, applies ignores and exemptions, and
 * stores the finding. */
#ifndef RINGWALL_CHECK_H
#define RINGWALL_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"
#include "../k8s/object.h"
#include "../k8s/pod.h"
#include "finding.h"

struct report_ctx;
struct scan_config;

typedef void (*pod_check_fn)(const struct pod_view *pod, struct report_ctx *r);
typedef void (*object_check_fn)(const struct k8s_object *o, struct report_ctx *r);

enum { CHECK_MAX_REFS = 8, CHECK_MAX_ALIASES = 12 };

struct check {
    const char *id;          /* family/name: a contract, never renamed */
    enum severity severity;  /* default */
    const char *title;
    const char *why;         /* rationale */
    const char *fix;         /* remediation */
    const char *refs[CHECK_MAX_REFS];       /* CIS, PSS, NSA-CISA, MITRE */
    const char *aliases[CHECK_MAX_ALIASES]; /* other tools' ids for the same check */
    pod_check_fn pod;        /* runs on every pod spec, or NULL */
    object_check_fn object;  /* runs on every object, or NULL */
};

/* Whole-input analysis for a family: sees every object, reports at the end.
 * Objects are only borrowed during add(): copy what must be kept. */
struct analyzer {
    bool every_copy; /* sees repeated definitions of an object too (its findings
                        are per object), not only the first */
    void *(*begin)(const struct scan_config *cfg);
    void (*add)(void *state, const struct k8s_object *o);
    void (*end)(void *state, struct report_ctx *r);
    void (*destroy)(void *state);
    /* Whether an input of o alone could make the analyzer report or warn
     * under cfg (NULL: it could): an engine given a single object (the
     * webhook's) runs the analyzer only then. */
    bool (*alone)(const struct scan_config *cfg, const struct k8s_object *o);
};

struct check_family {
    const char *name;
    const struct check *checks;
    size_t nchecks;
    const struct analyzer *analyzer; /* or NULL */
};

/* Where a check reports to; the engine sets check, obj and pod before each run. */
struct report_ctx {
    struct findings *out;
    const struct scan_config *cfg;
    const struct check *check;
    const struct k8s_object *obj;
    const struct pod_view *pod;  /* the object's pod spec, when it has one */
    struct arena *scratch;       /* freed after each object */
};

/* Reports a finding of r->check on r->obj. `at` gives the position (the
 * object's own when NULL); container may be NULL; path is the field path. */
void report(struct report_ctx *r, const struct node *at, const char *container, const char *path,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* As report(), for a finding more or less severe than the check's default (a
 * hostPath of / is worse than one of /data; a setting made explicitly is a
 * choice rather than an oversight). A configured severity for the check
 * replaces it. */
void report_at_severity(struct report_ctx *r, enum severity severity, const struct node *at,
                        const char *container, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* For analyzers: report check `id` about an object they copied, giving its
 * identity and position explicitly. */
struct object_ref {
    const char *api_version, *kind, *namespace, *name, *file;
    unsigned line, col;
    const char *ignore; /* the object's ringwall.io/ignore annotation, or NULL */
    enum severity floor; /* raise the finding to at least this severity (kept
                            unless the configuration overrides the check's) */
    bool lower;          /* one step below the check's default (before floor) */
    const char *exempt;  /* built-in suppression reason (shown, never failing), or NULL */
};
void report_ref(struct report_ctx *r, const char *id, const struct object_ref *ref,
                const char *container, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Would report_ref store a finding of check id (known and enabled)? For a
 * caller that words its message before calling it. */
bool report_wanted(const struct report_ctx *r, const char *id);

#endif
