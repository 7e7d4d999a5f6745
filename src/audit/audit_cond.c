/* audit_cond.c — Falco condition syntax: and/or/not, parentheses, field
 * comparisons (=, !=, <, <=, >, >=, in, intersects, contains, icontains,
 * startswith, endswith, exists, pmatch, glob), list references inside
 * value lists and macro references (audit_cond.h). */
#include "audit_cond.h"
#include "audit_rules_priv.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok { T_END, T_LP, T_RP, T_COMMA, T_OP, T_WORD, T_STR, T_BAD };

struct parser {
    const char *p;
    const struct cond_env *env;
    char *err;
    size_t errlen;
    bool failed;
    enum tok t;
    char *text; /* the current token's text (arena) */
};

static void fail(struct parser *P, const char *fmt, ...)
{
    if (P->failed)
        return;
    P->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(P->err, P->errlen, fmt, ap);
    va_end(ap);
}

static bool word_char(char c)
{
    return c && !isspace((unsigned char)c) && !strchr("(),=<>!\"'", c);
}

static void next(struct parser *P)
{
    const char *p = P->p;
    while (isspace((unsigned char)*p))
        p++;
    const char *start = p;
    struct arena *a = P->env->arena;
    if (!*p) {
        P->t = T_END;
    } else if (*p == '(' || *p == ')' || *p == ',') {
        P->t = *p == '(' ? T_LP : *p == ')' ? T_RP : T_COMMA;
        p++;
    } else if (strchr("=<>!", *p)) {
        p++;
        if (*p == '=')
            p++;
        P->t = T_OP;
        P->text = arena_strndup(a, start, (size_t)(p - start));
        if (strcmp(P->text, "!") == 0)
            P->t = T_BAD;
    } else if (*p == '"' || *p == '\'') {
        char q = *p++;
        char *out = arena_alloc(a, strlen(p) + 1), *o = out;
        while (*p && *p != q) {
            if (*p == '\\' && p[1])
                p++;
            *o++ = *p++;
        }
        *o = '\0';
        if (*p != q) {
            P->t = T_BAD;
        } else {
            p++;
            P->t = T_STR;
        }
        P->text = out;
    } else {
        while (word_char(*p)) {
            if (*p == '[') {
                const char *close = strchr(p, ']');
                p = close ? close + 1 : p + strlen(p);
                continue;
            }
            p++;
        }
        P->t = T_WORD;
        P->text = arena_strndup(a, start, (size_t)(p - start));
    }
    P->p = p;
}

static struct cond *node_new(struct parser *P, enum cond_kind k)
{
    struct cond *c = arena_zalloc(P->env->arena, sizeof *c);
    c->kind = k;
    return c;
}

static bool is_kw(const struct parser *P, const char *kw)
{
    return P->t == T_WORD && strcmp(P->text, kw) == 0;
}

static const struct {
    const char *name;
    enum cond_op op;
} OPS[] = {
    {"=", OP_EQ},          {"==", OP_EQ},         {"!=", OP_NE},
    {"<", OP_LT},          {"<=", OP_LE},         {">", OP_GT},
    {">=", OP_GE},         {"in", OP_IN},         {"intersects", OP_INTERSECTS},
    {"contains", OP_CONTAINS}, {"icontains", OP_ICONTAINS}, {"bcontains", OP_CONTAINS},
    {"startswith", OP_STARTSWITH}, {"bstartswith", OP_STARTSWITH}, {"endswith", OP_ENDSWITH},
    {"exists", OP_EXISTS}, {"pmatch", OP_PMATCH}, {"glob", OP_GLOB},
};

static bool lookup_op(const char *s, enum cond_op *op)
{
    for (size_t i = 0; i < sizeof OPS / sizeof *OPS; i++)
        if (strcmp(OPS[i].name, s) == 0) {
            *op = OPS[i].op;
            return true;
        }
    return false;
}


/* A list item: a list name expands to its items (recursively). */
static void add_item(struct parser *P, struct strvec *v, const char *s, bool bare, unsigned depth)
{
    size_t n;
    const char *const *items = bare && depth < 16 ? P->env->list(P->env->ctx, s, &n) : NULL;
    if (!items) {
        strvec_push(P->env->arena, v, s);
        return;
    }
    for (size_t i = 0; i < n; i++)
        add_item(P, v, items[i], true, depth + 1);
}

static void parse_values(struct parser *P, struct cond *c)
{
    struct strvec v = {0};
    if (P->t != T_LP) {
        fail(P, "expected '(' after '%s'", c->op == OP_IN ? "in" : "intersects/pmatch");
        return;
    }
    next(P);
    while (!P->failed && P->t != T_RP) {
        if (P->t != T_WORD && P->t != T_STR) {
            fail(P, "expected a value in a list");
            return;
        }
        add_item(P, &v, P->text, P->t == T_WORD, 0);
        next(P);
        if (P->t == T_COMMA)
            next(P);
        else if (P->t != T_RP)
            fail(P, "expected ',' or ')' in a list");
    }
    next(P);
    c->vals = v.v;
    c->nvals = v.n;
}

static const struct cond *parse_or(struct parser *P);

static bool numeric(const char *s, double *out)
{
    char *end;
    if (!*s)
        return false;
    *out = strtod(s, &end);
    return *end == '\0';
}


static const struct cond *parse_field(struct parser *P, const struct audit_field_def *def,
                                      const char *word)
{
    const char *br = strchr(word, '[');
    const char *arg = NULL;
    if (br) {
        size_t alen = strlen(br + 1);
        if (alen == 0 || br[alen] != ']') {
            fail(P, "field '%s': unterminated argument", word);
            return NULL;
        }
        arg = arena_strndup(P->env->arena, br + 1, alen - 1);
    }
    if (audit_field_arg_required(def) && !arg) {
        fail(P, "field '%s' needs an argument in brackets", word);
        return NULL;
    }
    struct cond *c = node_new(P, COND_CMP);
    c->field = P->env->field(P->env->ctx, def, word, arg);
    next(P);
    if ((P->t != T_OP && P->t != T_WORD) || !lookup_op(P->text, &c->op)) {
        fail(P, "expected an operator after '%s'", word);
        return NULL;
    }
    next(P);
    if (c->op == OP_EXISTS)
        return c;
    if (c->op == OP_IN || c->op == OP_INTERSECTS || c->op == OP_PMATCH) {
        parse_values(P, c);
        return c;
    }
    if (P->t != T_WORD && P->t != T_STR) {
        fail(P, "expected a value after the operator on '%s'", word);
        return NULL;
    }
    c->vals = arena_alloc(P->env->arena, sizeof *c->vals);
    c->vals[0] = P->text;
    c->nvals = 1;
    c->numeric = numeric(P->text, &c->num);
    next(P);
    return c;
}

static const struct cond *parse_primary(struct parser *P)
{
    if (P->failed)
        return NULL;
    if (P->t == T_LP) {
        next(P);
        const struct cond *c = parse_or(P);
        if (P->t != T_RP)
            fail(P, "expected ')'");
        next(P);
        return c;
    }
    if (P->t != T_WORD) {
        fail(P, P->t == T_END ? "unexpected end of condition" : "unexpected '%s'",
             P->t == T_END ? "" : P->text ? P->text : "punctuation");
        return NULL;
    }
    const char *word = P->text;
    size_t nlen = strcspn(word, "[");
    const struct audit_field_def *def = audit_field_lookup(word, nlen);
    if (def)
        return parse_field(P, def, word);
    if (strchr(word, '.') && strchr(word, '.') < word + nlen) {
        fail(P, "unknown field '%.*s'", (int)nlen, word);
        return NULL;
    }
    char err[256] = "";
    const struct cond *m = P->env->macro(P->env->ctx, word, err, sizeof err);
    if (!m) {
        if (*err)
            fail(P, "%s", err);
        else
            fail(P, "undefined macro '%s'", word);
        return NULL;
    }
    next(P);
    return m;
}

static const struct cond *parse_not(struct parser *P)
{
    if (is_kw(P, "not")) {
        next(P);
        struct cond *c = node_new(P, COND_NOT);
        c->a = parse_not(P);
        return c;
    }
    return parse_primary(P);
}

static const struct cond *parse_binary(struct parser *P, const char *kw, enum cond_kind k,
                                       const struct cond *(*sub)(struct parser *))
{
    const struct cond *left = sub(P);
    while (!P->failed && is_kw(P, kw)) {
        next(P);
        struct cond *c = node_new(P, k);
        c->a = left;
        c->b = sub(P);
        left = c;
    }
    return left;
}

static const struct cond *parse_and(struct parser *P)
{
    return parse_binary(P, "and", COND_AND, parse_not);
}

static const struct cond *parse_or(struct parser *P)
{
    return parse_binary(P, "or", COND_OR, parse_and);
}

const struct cond *cond_compile(const char *text, const struct cond_env *env, char *err,
                                size_t errlen)
{
    struct parser P = {.p = text, .env = env, .err = err, .errlen = errlen};
    next(&P);
    const struct cond *c = parse_or(&P);
    if (!P.failed && P.t != T_END)
        fail(&P, "unexpected '%s' after the condition", P.text ? P.text : "punctuation");
    return P.failed ? NULL : c;
}

/* ---- evaluation ---- */

/* Numbers compare as numbers, anything else as strings. */
static int order(const struct cond *c, const char *a)
{
    double x;
    if (c->numeric && numeric(a, &x))
        return x < c->num ? -1 : x > c->num ? 1 : 0;
    return strcmp(a, c->vals[0]);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static bool path_under(const char *s, const char *p)
{
    size_t m = strlen(p);
    while (m > 1 && p[m - 1] == '/')
        m--;
    return strncmp(s, p, m) == 0 && (s[m] == '\0' || s[m] == '/' || (m == 1 && p[0] == '/'));
}

static bool member(const struct cond *c, const char *s)
{
    for (size_t i = 0; i < c->nvals; i++)
        if (strcmp(s, c->vals[i]) == 0)
            return true;
    return false;
}

static bool compare_one(const struct cond *c, const char *s)
{
    const char *v = c->nvals ? c->vals[0] : "";
    switch (c->op) {
    case OP_EQ: return strcmp(s, v) == 0;
    case OP_NE: return strcmp(s, v) != 0;
    case OP_LT: return order(c, s) < 0;
    case OP_LE: return order(c, s) <= 0;
    case OP_GT: return order(c, s) > 0;
    case OP_GE: return order(c, s) >= 0;
    case OP_IN:
    case OP_INTERSECTS: return member(c, s);
    case OP_CONTAINS: return strstr(s, v) != NULL;
    case OP_ICONTAINS: return strcasestr(s, v) != NULL;
    case OP_STARTSWITH: return strncmp(s, v, strlen(v)) == 0;
    case OP_ENDSWITH: return ends_with(s, v);
    case OP_GLOB: return fnmatch(v, s, 0) == 0;
    case OP_PMATCH:
        for (size_t i = 0; i < c->nvals; i++)
            if (path_under(s, c->vals[i]))
                return true;
        return false;
    case OP_EXISTS: return true;
    }
    return false;
}

static bool compare(const struct cond *c, struct audit_event *ev)
{
    const struct audit_vals *v = audit_field_get(c->field, ev);
    if (!v->present)
        return false;
    if (c->op == OP_EXISTS)
        return true;
    if (v->n == 0)
        return false;
    if (c->op == OP_IN) { /* every value in the set */
        for (uint32_t i = 0; i < v->n; i++)
            if (!member(c, v->v[i]))
                return false;
        return true;
    }
    for (uint32_t i = 0; i < v->n; i++)
        if (compare_one(c, v->v[i]))
            return true;
    return false;
}

static bool eval_node(const struct cond *c, struct audit_event *ev)
{
    switch (c->kind) {
    case COND_AND: return cond_eval(c->a, ev) && cond_eval(c->b, ev);
    case COND_OR: return cond_eval(c->a, ev) || cond_eval(c->b, ev);
    case COND_NOT: return !cond_eval(c->a, ev);
    case COND_CMP: return compare(c, ev);
    }
    return false;
}

bool cond_eval(const struct cond *c, struct audit_event *ev)
{
    if (!c->shared)
        return eval_node(c, ev);
    struct cond *m = (struct cond *)c; /* the kept result only */
    if (m->memo_gen == ev->gen && m->memo_cache == ev->cache)
        return m->memo;
    m->memo = eval_node(c, ev);
    m->memo_gen = ev->gen;
    m->memo_cache = ev->cache;
    return m->memo;
}

void cond_share(const struct cond *c)
{
    ((struct cond *)c)->shared = true;
}

void cond_forget(const struct cond *c)
{
    if (!c)
        return;
    ((struct cond *)c)->memo_gen = 0;
    cond_forget(c->a);
    cond_forget(c->b);
}

void cond_fields(const struct cond *c, void (*fn)(const struct audit_field *f, void *ctx),
                 void *ctx)
{
    if (!c)
        return;
    if (c->kind == COND_CMP) {
        fn(c->field, ctx);
        return;
    }
    cond_fields(c->a, fn, ctx);
    cond_fields(c->b, fn, ctx);
}
