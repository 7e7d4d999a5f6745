/* audit_rules.h — a rule set in Falco's rule language, loaded from YAML
 * files in order: rules, macros and lists, `append: true` and `override:`,
 * `enabled`, `exceptions`, `required_engine_version`, priorities; plus
 * ringwall's stateful extension (`threshold:`, `first_seen:`; docs/audit.md).
 * After the last file, audit_rules_compile() expands macros and lists and
 * compiles every enabled k8s_audit rule. */
#ifndef RINGWALL_AUDIT_RULES_H
#define RINGWALL_AUDIT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "audit_cond.h"
#include "audit_fields.h"

enum audit_priority {
    PRIO_EMERGENCY, PRIO_ALERT, PRIO_CRITICAL, PRIO_ERROR, PRIO_WARNING, PRIO_NOTICE,
    PRIO_INFO, PRIO_DEBUG,
};

const char *audit_priority_name(enum audit_priority p); /* "Warning" */
bool audit_priority_parse(const char *s, enum audit_priority *out);

/* A piece of an output template: literal text or a field. */
struct audit_out_seg {
    const char *text; /* literal, or NULL */
    const struct audit_field *field;
};

struct audit_rule {
    const char *name, *desc, *source, *file;
    unsigned line;
    enum audit_priority priority;
    bool enabled;
    const char **tags;
    size_t ntags;
    const struct cond *cond;
    struct audit_out_seg *out;
    size_t nout;
    /* stateful (ringwall extension): alert when `threshold` matching events
     * with the same key fall within `window` seconds; first_seen: alert the
     * first time the key is seen. Key fields in `by`. */
    unsigned threshold;
    double window;
    size_t cap;
    bool first_seen;
    const struct audit_field **by;
    size_t nby;
};

struct audit_ruleset_defs; /* definitions while loading */

struct audit_ruleset {
    struct arena arena;
    struct audit_ruleset_defs *defs;
    struct audit_rule *rules; /* compiled, in load order */
    size_t nrules;
    size_t nskipped;          /* rules of other sources, or disabled */
    const char *plugin_versions_file; /* last file with required_plugin_versions
                                         (accepted, not checked), or NULL */
    const struct audit_field **fields; /* every distinct field reference */
    size_t nfields, capfields;
};

void audit_rules_init(struct audit_ruleset *rs);
/* Loads a rules file from disk; false after reporting an error. */
bool audit_rules_load_file(struct audit_ruleset *rs, const char *path);
/* Loads rules from text (the built-in rules); false after an error. */
bool audit_rules_load_text(struct audit_ruleset *rs, const char *name, const char *text,
                           size_t len);
/* Compiles the loaded definitions; false after reporting an error. */
bool audit_rules_compile(struct audit_ruleset *rs);
/* What the audit commands' --rules FILE... and --builtin select: the
 * built-in rules (when builtin, or when no file is named), then the files in
 * order, compiled. rs is initialized here; false after reporting an error
 * (rs is still to be freed). */
bool audit_rules_load_set(struct audit_ruleset *rs, const char *const *files, size_t nfiles,
                          bool builtin);
void audit_rules_free(struct audit_ruleset *rs);

/* A field reference, shared by every rule of the set (one cache slot). */
const struct audit_field *audit_rules_field(struct audit_ruleset *rs, const char *name);

#endif
