/* audit_rules.c — loading Falco rules files into definitions (see
 * audit_rules.h): later files replace or extend earlier definitions. */
#include "audit_rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/diag.h"
#include "../core/input.h"
#include "../core/load.h"
#include "audit_builtin.h"
#include "audit_rules_priv.h"

static const char *const PRIORITIES[] = {"Emergency", "Alert",  "Critical",      "Error",
                                         "Warning",   "Notice", "Informational", "Debug"};

const char *audit_priority_name(enum audit_priority p)
{
    return PRIORITIES[p];
}

bool audit_priority_parse(const char *s, enum audit_priority *out)
{
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof PRIORITIES / sizeof *PRIORITIES; i++)
        if (strcasecmp(s, PRIORITIES[i]) == 0) {
            *out = (enum audit_priority)i;
            return true;
        }
    if (strcasecmp(s, "info") == 0) {
        *out = PRIO_INFO;
        return true;
    }
    return false;
}

void strvec_push(struct arena *a, struct strvec *v, const char *s)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        const char **nv = arena_alloc(a, cap * sizeof *nv);
        if (v->n)
            memcpy(nv, v->v, v->n * sizeof *nv);
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = s;
}

void audit_rules_init(struct audit_ruleset *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->defs = xcalloc(1, sizeof *rs->defs);
}

struct loadctx {
    struct audit_ruleset *rs;
    const char *file;
    bool ok;
};

static void err_at(struct loadctx *L, const struct node *n, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    diag_error_at(L->file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
    L->ok = false;
}

static const char *dup_text(struct loadctx *L, const struct node *n)
{
    const char *s = node_is_scalar(n) ? node_text(n) : NULL;
    return s ? arena_strdup(&L->rs->arena, s) : NULL;
}

static struct def_list *find_list(struct audit_ruleset_defs *d, const char *name)
{
    for (size_t i = 0; i < d->nlists; i++)
        if (strcmp(d->lists[i].name, name) == 0)
            return &d->lists[i];
    return NULL;
}

static struct def_macro *find_macro(struct audit_ruleset_defs *d, const char *name)
{
    for (size_t i = 0; i < d->nmacros; i++)
        if (strcmp(d->macros[i].name, name) == 0)
            return &d->macros[i];
    return NULL;
}

static struct def_rule *find_rule(struct audit_ruleset_defs *d, const char *name)
{
    for (size_t i = 0; i < d->nrules; i++)
        if (strcmp(d->rules[i].name, name) == 0)
            return &d->rules[i];
    return NULL;
}

/* The mode for `key`: append (`append: true` or override KEY: append),
 * replace (override KEY: replace, or a plain redefinition). */
static bool appends(const struct node *item, const char *key)
{
    const struct node *ov = node_get(item, "override");
    if (ov)
        return node_str_eq(node_get(ov, key), "append");
    return node_is_true(node_get(item, "append"));
}

static bool overrides(const struct node *item)
{
    return node_is_true(node_get(item, "append")) || node_get(item, "override");
}

static void add_items(struct loadctx *L, struct strvec *v, const struct node *items)
{
    for (size_t i = 0; i < node_len(items); i++) {
        const char *s = dup_text(L, node_at(items, i));
        if (s)
            strvec_push(&L->rs->arena, v, s);
    }
}

static void load_list(struct loadctx *L, const struct node *item)
{
    struct audit_ruleset_defs *d = L->rs->defs;
    const char *name = dup_text(L, node_get(item, "list"));
    const struct node *items = node_get(item, "items");
    if (!name || (items && !node_is_seq(items) && items->type != NODE_NULL)) {
        err_at(L, item, "a list needs a name and a sequence of items%s", "");
        return;
    }
    /* appending to a list never defined defines it: Falco's own rules
     * files define lists (falco_privileged_images, ...) that k8s audit
     * rules files extend */
    struct def_list *l = find_list(d, name);
    if (!l) {
        ARRAY_GROW(d->lists, d->nlists, d->caplists);
        l = &d->lists[d->nlists++];
        memset(l, 0, sizeof *l);
        l->name = name;
    }
    if (!(overrides(item) && appends(item, "items")))
        memset(&l->items, 0, sizeof l->items);
    add_items(L, &l->items, items);
}

static void set_cond(struct audit_buf *b, const struct node *cond, bool append)
{
    if (!append)
        b->len = 0;
    else if (b->len)
        audit_buf_putc(b, ' ');
    audit_buf_puts(b, node_text(cond));
}

static void load_macro(struct loadctx *L, const struct node *item)
{
    struct audit_ruleset_defs *d = L->rs->defs;
    const char *name = dup_text(L, node_get(item, "macro"));
    const struct node *cond = node_get(item, "condition");
    if (!name || !node_is_scalar(cond)) {
        err_at(L, item, "a macro needs a name and a condition%s", "");
        return;
    }
    struct def_macro *m = find_macro(d, name);
    if (overrides(item) && !m) {
        err_at(L, item, "macro '%s' is appended to but was never defined", name);
        return;
    }
    if (!m) {
        ARRAY_GROW(d->macros, d->nmacros, d->capmacros);
        m = &d->macros[d->nmacros++];
        memset(m, 0, sizeof *m);
        m->name = name;
    }
    set_cond(&m->cond, cond, overrides(item) && appends(item, "condition"));
}

/* A value of an exception row as condition text. */
static const char *value_text(struct loadctx *L, const struct node *v, const char *comp)
{
    struct audit_buf b = {0};
    bool set = comp && (!strcmp(comp, "in") || !strcmp(comp, "intersects") ||
                        !strcmp(comp, "pmatch"));
    if (node_is_seq(v)) {
        audit_buf_putc(&b, '(');
        for (size_t i = 0; i < node_len(v); i++) {
            if (i)
                audit_buf_puts(&b, ", ");
            const char *s = node_text(node_at(v, i));
            if (s && find_list(L->rs->defs, s))
                audit_buf_puts(&b, s);
            else
                audit_buf_json_string(&b, s ? s : "");
        }
        audit_buf_putc(&b, ')');
    } else {
        const char *s = node_text(v) ? node_text(v) : "";
        if (set && find_list(L->rs->defs, s)) {
            audit_buf_putc(&b, '(');
            audit_buf_puts(&b, s);
            audit_buf_putc(&b, ')');
        } else if (set) {
            audit_buf_putc(&b, '(');
            audit_buf_json_string(&b, s);
            audit_buf_putc(&b, ')');
        } else {
            audit_buf_json_string(&b, s);
        }
    }
    const char *out = arena_strdup(&L->rs->arena, audit_buf_str(&b));
    audit_buf_free(&b);
    return out;
}

static struct def_exception *find_exception(struct def_rule *r, const char *name)
{
    for (size_t i = 0; i < r->nexc; i++)
        if (strcmp(r->exc[i].name, name) == 0)
            return &r->exc[i];
    return NULL;
}

static void load_exception(struct loadctx *L, struct def_rule *r, const struct node *e)
{
    const char *name = dup_text(L, node_get(e, "name"));
    if (!name) {
        err_at(L, e, "an exception needs a name%s", "");
        return;
    }
    struct def_exception *x = find_exception(r, name);
    if (!x) {
        ARRAY_GROW(r->exc, r->nexc, r->capexc);
        x = &r->exc[r->nexc++];
        memset(x, 0, sizeof *x);
        x->name = name;
    }
    const struct node *fields = node_get(e, "fields"), *comps = node_get(e, "comps");
    if (fields) {
        memset(&x->fields, 0, sizeof x->fields);
        x->tuple = node_is_seq(fields);
        if (x->tuple)
            add_items(L, &x->fields, fields);
        else
            strvec_push(&L->rs->arena, &x->fields, dup_text(L, fields));
    }
    if (comps) {
        memset(&x->comps, 0, sizeof x->comps);
        if (node_is_seq(comps))
            add_items(L, &x->comps, comps);
        else
            strvec_push(&L->rs->arena, &x->comps, dup_text(L, comps));
    }
    const struct node *values = node_get(e, "values");
    for (size_t i = 0; i < node_len(values); i++) {
        const struct node *row = node_at(values, i);
        ARRAY_GROW(x->rows, x->nrows, x->caprows);
        struct strvec *rv = &x->rows[x->nrows++];
        memset(rv, 0, sizeof *rv);
        if (x->tuple) {
            for (size_t k = 0; k < node_len(row); k++) {
                const char *comp = k < x->comps.n ? x->comps.v[k] : "=";
                strvec_push(&L->rs->arena, rv, value_text(L, node_at(row, k), comp));
            }
        } else {
            strvec_push(&L->rs->arena, rv, value_text(L, row, NULL));
        }
    }
}

static void free_exceptions(struct def_rule *r)
{
    for (size_t i = 0; i < r->nexc; i++)
        free(r->exc[i].rows);
    free(r->exc);
    r->exc = NULL;
    r->nexc = r->capexc = 0;
}

static void load_exceptions(struct loadctx *L, struct def_rule *r, const struct node *list,
                            bool append)
{
    if (!append)
        free_exceptions(r);
    for (size_t i = 0; i < node_len(list); i++)
        load_exception(L, r, node_at(list, i));
}

static bool parse_window(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0)
        return false;
    if (*end == 's' || !*end)
        *out = v;
    else if (*end == 'm')
        *out = v * 60;
    else if (*end == 'h')
        *out = v * 3600;
    else
        return false;
    return end[0] == '\0' || end[1] == '\0';
}

/* ringwall's stateful extension: threshold: {count, window, by, cap} or
 * first_seen: {by, cap}. */
static void load_stateful(struct loadctx *L, struct def_rule *r, const struct node *item)
{
    const struct node *t = node_get(item, "threshold"), *f = node_get(item, "first_seen");
    const struct node *spec = t ? t : f;
    if (!spec)
        return;
    int64_t count = 1, cap = 100000;
    if (t && (!node_int(node_get(t, "count"), &count) || count < 1 || count > 1000000)) {
        err_at(L, t, "threshold.count must be a number from 1 to 1000000%s", "");
        return;
    }
    const char *w = node_text(node_get(spec, "window"));
    r->window = 300;
    if (w && !parse_window(w, &r->window)) {
        err_at(L, spec, "window '%s' is not a duration (e.g. 300s, 5m, 1h)", w);
        return;
    }
    if (node_get(spec, "cap") && (!node_int(node_get(spec, "cap"), &cap) || cap < 1)) {
        err_at(L, spec, "cap must be a positive number%s", "");
        return;
    }
    const struct node *by = node_get(spec, "by");
    memset(&r->by, 0, sizeof r->by);
    if (node_is_seq(by))
        add_items(L, &r->by, by);
    else if (node_is_scalar(by))
        strvec_push(&L->rs->arena, &r->by, dup_text(L, by));
    if (r->by.n == 0) {
        err_at(L, spec, "a stateful rule needs `by:` key fields%s", "");
        return;
    }
    r->threshold = (unsigned)count;
    r->cap = (size_t)cap;
    r->first_seen = f != NULL;
}

static void load_rule_fields(struct loadctx *L, struct def_rule *r, const struct node *item,
                             bool override)
{
    const struct node *n;
    if ((n = node_get(item, "condition")))
        set_cond(&r->cond, n, override && appends(item, "condition"));
    if ((n = node_get(item, "output")))
        r->output = override && appends(item, "output") && r->output
                        ? arena_printf(&L->rs->arena, "%s %s", r->output, node_text(n))
                        : dup_text(L, n);
    if ((n = node_get(item, "desc")))
        r->desc = dup_text(L, n);
    if ((n = node_get(item, "source")))
        r->source = dup_text(L, n);
    if ((n = node_get(item, "priority")) && !audit_priority_parse(node_text(n), &r->priority))
        err_at(L, n, "unknown priority '%s'", node_text(n) ? node_text(n) : "");
    if ((n = node_get(item, "enabled")))
        r->enabled = !node_is_false(n);
    if ((n = node_get(item, "tags"))) {
        if (!(override && appends(item, "tags")))
            memset(&r->tags, 0, sizeof r->tags);
        add_items(L, &r->tags, n);
    }
    if ((n = node_get(item, "exceptions")))
        load_exceptions(L, r, n, override && (appends(item, "exceptions") ||
                                               node_is_true(node_get(item, "append"))));
    load_stateful(L, r, item);
}

static void load_rule(struct loadctx *L, const struct node *item)
{
    struct audit_ruleset_defs *d = L->rs->defs;
    const char *name = dup_text(L, node_get(item, "rule"));
    if (!name) {
        err_at(L, item, "a rule needs a name%s", "");
        return;
    }
    struct def_rule *r = find_rule(d, name);
    bool override = overrides(item);
    bool enable_only = !override && r && node_get(item, "enabled") && !node_get(item, "condition");
    if (override || enable_only) {
        if (!r) {
            err_at(L, item, "rule '%s' is appended to but was never defined", name);
            return;
        }
        load_rule_fields(L, r, item, true);
        return;
    }
    const char *missing = !node_get(item, "condition") ? "condition"
                          : !node_get(item, "output")  ? "output"
                          : !node_get(item, "priority") ? "priority"
                                                        : NULL;
    if (missing && !(node_get(item, "threshold") || node_get(item, "first_seen")) ) {
        char msg[200];
        snprintf(msg, sizeof msg, "rule '%s' has no %s", name, missing);
        err_at(L, item, "%s", msg);
        return;
    }
    if (!r) {
        ARRAY_GROW(d->rules, d->nrules, d->caprules);
        r = &d->rules[d->nrules++];
    } else {
        audit_buf_free(&r->cond);
        free_exceptions(r);
    }
    memset(r, 0, sizeof *r);
    r->name = name;
    r->file = L->file;
    r->line = item->line;
    r->enabled = true;
    r->source = "syscall";
    r->priority = PRIO_DEBUG;
    load_rule_fields(L, r, item, false);
}

static void load_item(struct loadctx *L, const struct node *item)
{
    if (item->type == NODE_NULL)
        return;
    if (!node_is_map(item)) {
        err_at(L, item, "a rules file holds a list of mappings%s", "");
        return;
    }
    if (node_get(item, "rule"))
        load_rule(L, item);
    else if (node_get(item, "macro"))
        load_macro(L, item);
    else if (node_get(item, "list"))
        load_list(L, item);
    else if (node_get(item, "required_plugin_versions"))
        L->rs->plugin_versions_file = L->file; /* the k8saudit fields are built in */
    else if (node_get(item, "required_engine_version"))
        ; /* Falco's engine version: nothing to compare with */
    else
        diag_warn("%s:%u: unknown rules file item skipped", L->file, item->line);
}

static int load_doc(struct doc *doc, void *ctx)
{
    struct loadctx *L = ctx;
    L->file = arena_strdup(&L->rs->arena, doc->file);
    const struct node *root = doc->root;
    if (root->type != NODE_NULL && !node_is_seq(root))
        err_at(L, root, "a rules file holds a list of rules, macros and lists%s", "");
    for (size_t i = 0; i < node_len(root) && L->ok; i++)
        load_item(L, node_at(root, i));
    doc_free(doc);
    return L->ok ? 0 : 1;
}

bool audit_rules_load_text(struct audit_ruleset *rs, const char *name, const char *text,
                           size_t len)
{
    struct loadctx L = {.rs = rs, .file = name, .ok = true};
    struct load_error err = {0};
    if (load_buffer(name, text, len, &LOAD_LIMITS_DEFAULT, load_doc, &L, &err) != 0 && L.ok) {
        diag_error_at(name, err.line, err.col, "%s", err.message);
        return false;
    }
    return L.ok;
}

bool audit_rules_load_file(struct audit_ruleset *rs, const char *path)
{
    size_t len;
    char *text = input_slurp(path, LOAD_LIMITS_DEFAULT.max_doc_bytes, &len);
    if (!text) {
        input_report_error(path, errno);
        return false;
    }
    bool ok = audit_rules_load_text(rs, path, text, len);
    free(text);
    return ok;
}

bool audit_rules_load_set(struct audit_ruleset *rs, const char *const *files, size_t nfiles,
                          bool builtin)
{
    audit_rules_init(rs);
    bool ok = true;
    if (nfiles == 0 || builtin)
        ok = audit_rules_load_text(rs, "<built-in rules>", AUDIT_BUILTIN_RULES,
                                   AUDIT_BUILTIN_RULES_LEN);
    for (size_t i = 0; ok && i < nfiles; i++)
        ok = audit_rules_load_file(rs, files[i]);
    return ok && audit_rules_compile(rs);
}
