/* audit_rules_priv.h — rule, macro and list definitions as loaded, before
 * compilation; shared by audit_rules.c (loading) and audit_compile.c. */
#ifndef RINGWALL_AUDIT_RULES_PRIV_H
#define RINGWALL_AUDIT_RULES_PRIV_H

#include "audit_rules.h"
#include "audit_text.h"

struct strvec {
    const char **v;
    size_t n, cap;
};

void strvec_push(struct arena *a, struct strvec *v, const char *s);

struct def_list {
    const char *name;
    struct strvec items;
};

struct def_macro {
    const char *name;
    struct audit_buf cond;
    const struct cond *compiled;
    int state; /* 0 not compiled, 1 compiling, 2 done */
};

/* One exception: fields (one or a tuple), comparison operators, and rows of
 * values already written as condition text. */
struct def_exception {
    const char *name;
    struct strvec fields, comps;
    bool tuple;            /* fields given as a list */
    struct strvec *rows;   /* per row: one value text per field */
    size_t nrows, caprows;
};

struct def_rule {
    const char *name, *desc, *output, *source, *file;
    unsigned line;
    struct audit_buf cond;
    enum audit_priority priority;
    bool enabled;
    struct strvec tags;
    struct def_exception *exc;
    size_t nexc, capexc;
    unsigned threshold;
    double window;
    size_t cap;
    bool first_seen;
    struct strvec by;
};

struct audit_ruleset_defs {
    struct def_list *lists;
    size_t nlists, caplists;
    struct def_macro *macros;
    size_t nmacros, capmacros;
    struct def_rule *rules;
    size_t nrules, caprules;
};

#endif
