/* audit_compile.c — from loaded definitions to compiled rules: exceptions
 * folded into the condition, macros compiled once (cycles refused), lists
 * expanded, output templates split into text and fields. Only rules whose
 * source is k8s_audit are compiled; others are counted as skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "audit_rules_priv.h"

const struct audit_field *audit_rules_field(struct audit_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nfields; i++)
        if (strcmp(rs->fields[i]->name, name) == 0)
            return rs->fields[i];
    size_t nlen = strcspn(name, "[");
    const struct audit_field_def *def = audit_field_lookup(name, nlen);
    if (!def)
        return NULL;
    struct audit_field *f = arena_zalloc(&rs->arena, sizeof *f);
    f->def = def;
    f->name = arena_strdup(&rs->arena, name);
    if (name[nlen] == '[') {
        size_t alen = strlen(name + nlen + 1);
        if (alen && name[nlen + alen] == ']')
            f->arg = arena_strndup(&rs->arena, name + nlen + 1, alen - 1);
    }
    if (!f->arg && audit_field_arg_required(def))
        return NULL; /* e.g. %ka.uri.param without [NAME]: nothing to read */
    f->slot = (unsigned)rs->nfields;
    if (rs->nfields == rs->capfields) {
        rs->capfields = rs->capfields ? rs->capfields * 2 : 32;
        rs->fields = xrealloc(rs->fields, rs->capfields * sizeof *rs->fields);
    }
    rs->fields[rs->nfields++] = f;
    return f;
}

static const char *const *env_list(void *ctx, const char *name, size_t *n)
{
    struct audit_ruleset *rs = ctx;
    for (size_t i = 0; i < rs->defs->nlists; i++)
        if (strcmp(rs->defs->lists[i].name, name) == 0) {
            *n = rs->defs->lists[i].items.n;
            static const char *const EMPTY[1] = {NULL};
            return rs->defs->lists[i].items.v ? rs->defs->lists[i].items.v : EMPTY;
        }
    return NULL;
}

static const struct cond *env_macro(void *ctx, const char *name, char *err, size_t errlen);

static const struct audit_field *env_field(void *ctx, const struct audit_field_def *def,
                                           const char *name, const char *arg)
{
    (void)def;
    (void)arg;
    return audit_rules_field(ctx, name);
}

static struct cond_env make_env(struct audit_ruleset *rs)
{
    return (struct cond_env){.arena = &rs->arena, .ctx = rs, .list = env_list,
                             .macro = env_macro, .field = env_field};
}

static const struct cond *env_macro(void *ctx, const char *name, char *err, size_t errlen)
{
    struct audit_ruleset *rs = ctx;
    struct def_macro *m = NULL;
    for (size_t i = 0; i < rs->defs->nmacros; i++)
        if (strcmp(rs->defs->macros[i].name, name) == 0)
            m = &rs->defs->macros[i];
    if (!m)
        return NULL;
    if (m->state == 2)
        return m->compiled;
    if (m->state == 1) {
        snprintf(err, errlen, "macro '%s' refers to itself", name);
        return NULL;
    }
    m->state = 1;
    struct cond_env env = make_env(rs);
    char inner[400];
    m->compiled = cond_compile(audit_buf_str(&m->cond), &env, inner, sizeof inner);
    if (!m->compiled) {
        snprintf(err, errlen, "in macro '%s': %s", name, inner);
        m->state = 0;
        return NULL;
    }
    m->state = 2;
    cond_share(m->compiled);
    return m->compiled;
}

/* `(cond) and not (exception or ...)` */
static void add_exceptions(const struct def_rule *r, struct audit_buf *b)
{
    bool any = false;
    for (size_t i = 0; i < r->nexc; i++) {
        const struct def_exception *x = &r->exc[i];
        for (size_t k = 0; k < x->nrows; k++) {
            const struct strvec *row = &x->rows[k];
            if (row->n == 0 || x->fields.n == 0)
                continue;
            audit_buf_puts(b, any ? " or (" : " and not ((");
            any = true;
            size_t nf = x->tuple ? x->fields.n : 1;
            for (size_t f = 0; f < nf && f < row->n; f++) {
                const char *comp = f < x->comps.n ? x->comps.v[f] : x->tuple ? "=" : "in";
                if (f)
                    audit_buf_puts(b, " and ");
                audit_buf_puts(b, x->fields.v[f]);
                audit_buf_putc(b, ' ');
                audit_buf_puts(b, comp);
                audit_buf_putc(b, ' ');
                const char *v = row->v[f];
                bool set = !strcmp(comp, "in") || !strcmp(comp, "intersects") ||
                           !strcmp(comp, "pmatch");
                if (set && v[0] != '(') {
                    audit_buf_putc(b, '(');
                    audit_buf_puts(b, v);
                    audit_buf_putc(b, ')');
                } else {
                    audit_buf_puts(b, v);
                }
            }
            audit_buf_putc(b, ')');
        }
    }
    if (any)
        audit_buf_putc(b, ')');
}

static bool field_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
}

static void out_push(struct audit_ruleset *rs, struct audit_rule *r, size_t *cap,
                     const char *text, size_t n, const struct audit_field *f)
{
    if (r->nout == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        struct audit_out_seg *v = arena_alloc(&rs->arena, *cap * sizeof *v);
        if (r->nout)
            memcpy(v, r->out, r->nout * sizeof *v);
        r->out = v;
    }
    r->out[r->nout++] = (struct audit_out_seg){
        .text = text ? arena_strndup(&rs->arena, text, n) : NULL, .field = f};
}

/* Splits an output template into text and %field references. */
static void compile_output(struct audit_ruleset *rs, struct audit_rule *r, const char *tmpl)
{
    size_t cap = 0;
    const char *p = tmpl ? tmpl : "", *lit = p;
    while (*p) {
        if (*p != '%' || !field_char(p[1])) {
            p++;
            continue;
        }
        const char *s = p + 1, *e = s;
        while (field_char(*e))
            e++;
        if (*e == '[') {
            const char *close = strchr(e, ']');
            if (close)
                e = close + 1;
        }
        char *name = arena_strndup(&rs->arena, s, (size_t)(e - s));
        const struct audit_field *f = audit_rules_field(rs, name);
        if (p > lit)
            out_push(rs, r, &cap, lit, (size_t)(p - lit), NULL);
        if (f)
            out_push(rs, r, &cap, NULL, 0, f);
        else
            out_push(rs, r, &cap, "<NA>", 4, NULL);
        p = lit = e;
    }
    size_t tail = strlen(lit);
    while (tail && (lit[tail - 1] == '\n' || lit[tail - 1] == ' '))
        tail--;
    if (tail)
        out_push(rs, r, &cap, lit, tail, NULL);
}

static bool k8s_source(const char *s)
{
    return s && (strcmp(s, "k8s_audit") == 0 || strcmp(s, "k8saudit") == 0);
}

static bool compile_rule(struct audit_ruleset *rs, const struct def_rule *d, struct audit_rule *r)
{
    struct audit_buf text = {0};
    audit_buf_putc(&text, '(');
    audit_buf_puts(&text, audit_buf_str((struct audit_buf *)&d->cond));
    audit_buf_putc(&text, ')');
    add_exceptions(d, &text);
    struct cond_env env = make_env(rs);
    char err[512];
    memset(r, 0, sizeof *r);
    r->cond = cond_compile(text.p, &env, err, sizeof err);
    audit_buf_free(&text);
    if (!r->cond) {
        diag_error_at(d->file, d->line, 1, "rule '%s': %s", d->name, err);
        return false;
    }
    r->name = d->name;
    r->desc = d->desc;
    r->source = d->source;
    r->file = d->file;
    r->line = d->line;
    r->priority = d->priority;
    r->enabled = true;
    r->tags = d->tags.v;
    r->ntags = d->tags.n;
    compile_output(rs, r, d->output);
    r->threshold = d->threshold;
    r->window = d->window;
    r->cap = d->cap;
    r->first_seen = d->first_seen;
    if (d->by.n) {
        r->by = arena_alloc(&rs->arena, d->by.n * sizeof *r->by);
        for (size_t i = 0; i < d->by.n; i++) {
            r->by[i] = audit_rules_field(rs, d->by.v[i]);
            if (!r->by[i]) {
                diag_error_at(d->file, d->line, 1, "rule '%s': unknown key field '%s'", d->name,
                              d->by.v[i]);
                return false;
            }
        }
        r->nby = d->by.n;
    }
    return true;
}

bool audit_rules_compile(struct audit_ruleset *rs)
{
    struct audit_ruleset_defs *d = rs->defs;
    rs->rules = arena_alloc(&rs->arena, (d->nrules ? d->nrules : 1) * sizeof *rs->rules);
    bool ok = true;
    for (size_t i = 0; i < d->nrules; i++) {
        const struct def_rule *dr = &d->rules[i];
        if (!dr->enabled || !k8s_source(dr->source)) {
            rs->nskipped++;
            continue;
        }
        if (compile_rule(rs, dr, &rs->rules[rs->nrules]))
            rs->nrules++;
        else
            ok = false;
    }
    return ok;
}

void audit_rules_free(struct audit_ruleset *rs)
{
    struct audit_ruleset_defs *d = rs->defs;
    if (d) {
        for (size_t i = 0; i < d->nmacros; i++)
            audit_buf_free(&d->macros[i].cond);
        for (size_t i = 0; i < d->nrules; i++) {
            audit_buf_free(&d->rules[i].cond);
            for (size_t k = 0; k < d->rules[i].nexc; k++)
                free(d->rules[i].exc[k].rows);
            free(d->rules[i].exc);
        }
        free(d->lists);
        free(d->macros);
        free(d->rules);
        free(d);
    }
    free(rs->fields);
    arena_free(&rs->arena);
    memset(rs, 0, sizeof *rs);
}
