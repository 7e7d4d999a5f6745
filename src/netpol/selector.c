/* selector.c — label sets and selectors (selector.h). */
#include "selector.h"
#include "../core/sort.h"

#include <stdlib.h>
#include <string.h>

static int cmp_label(const void *a, const void *b)
{
    return strcmp(((const struct label *)a)->key, ((const struct label *)b)->key);
}

struct labels labels_read(struct arena *a, const struct node *map, const char *extra_key,
                          const char *extra_value)
{
    struct labels l = {0};
    size_t cap = node_is_map(map) ? map->n : 0;
    l.v = arena_alloc(a, (cap + 1) * sizeof *l.v);
    for (size_t i = 0; i < cap; i++) {
        const struct node *v = node_value(map, i);
        if (!node_is_scalar(v) || v->type == NODE_NULL)
            continue;
        const char *key = node_key(map, i)->str;
        if (extra_key && strcmp(key, extra_key) == 0)
            continue;
        l.v[l.n].key = arena_strdup(a, key);
        l.v[l.n].value = arena_strdup(a, node_text(v));
        l.n++;
    }
    if (extra_key) {
        l.v[l.n].key = arena_strdup(a, extra_key);
        l.v[l.n].value = arena_strdup(a, extra_value);
        l.n++;
    }
    sort_array(l.v, l.n, sizeof *l.v, cmp_label);
    return l;
}

const char *labels_get(const struct labels *l, const char *key)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->v[mid].key, key);
        if (c == 0)
            return l->v[mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool labels_subset(const struct labels *want, const struct labels *have)
{
    for (size_t i = 0; i < want->n; i++) {
        const char *v = labels_get(have, want->v[i].key);
        if (!v || strcmp(v, want->v[i].value) != 0)
            return false;
    }
    return true;
}

static bool is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A label name or value: at most 63 characters, alphanumerics with '-', '_'
 * and '.' inside; values may be empty. */
static bool valid_name(const char *s, size_t n, bool allow_empty)
{
    if (n == 0)
        return allow_empty;
    if (n > 63 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
            return false;
    return true;
}

/* A DNS-1123 subdomain: lowercase alphanumerics, '-' and '.', at most 253. */
static bool valid_prefix(const char *s, size_t n)
{
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return is_alnum(s[0]) && is_alnum(s[n - 1]);
}

static bool valid_key(const char *k)
{
    const char *slash = strchr(k, '/');
    if (!slash)
        return valid_name(k, strlen(k), false);
    if (strchr(slash + 1, '/'))
        return false;
    return valid_prefix(k, (size_t)(slash - k)) && valid_name(slash + 1, strlen(slash + 1), false);
}

static bool fail(const struct node *at, const char *msg, const struct node **bad, const char **why)
{
    *bad = at;
    *why = msg;
    return false;
}

static bool read_value(const struct node *v, const char **out, const struct node **bad,
                       const char **why)
{
    if (!node_is_scalar(v) || v->type == NODE_NULL)
        return fail(v, "label value must be a string", bad, why);
    const char *s = node_text(v);
    if (!valid_name(s, strlen(s), true))
        return fail(v, "invalid label value: at most 63 characters, alphanumerics, '-', '_' or "
                       "'.', starting and ending with an alphanumeric",
                    bad, why);
    *out = s;
    return true;
}

static bool read_expression(struct arena *a, const struct node *e, struct sel_req *r,
                            const struct node **bad, const char **why)
{
    static const char *const OPS[] = {"In", "NotIn", "Exists", "DoesNotExist"};
    if (!node_is_map(e))
        return fail(e, "matchExpressions item must be a mapping", bad, why);
    const struct node *key = node_get(e, "key");
    const struct node *op = node_get(e, "operator");
    const struct node *values = node_get(e, "values");
    if (!node_str(key) || !valid_key(node_str(key)))
        return fail(key ? key : e, "invalid label key in matchExpressions", bad, why);
    r->key = arena_strdup(a, node_str(key));
    size_t k = 0;
    while (k < 4 && !node_str_eq(op, OPS[k]))
        k++;
    if (k == 4)
        return fail(op ? op : e, "operator must be In, NotIn, Exists or DoesNotExist", bad, why);
    r->op = (enum sel_op)k;
    size_t nv = node_is_seq(values) ? values->n : 0;
    if (values && values->type != NODE_NULL && !node_is_seq(values))
        return fail(values, "values must be a list", bad, why);
    if ((r->op == SEL_IN || r->op == SEL_NOT_IN) && nv == 0)
        return fail(values ? values : e, "values must be non-empty for In and NotIn", bad, why);
    if ((r->op == SEL_EXISTS || r->op == SEL_DOES_NOT_EXIST) && nv)
        return fail(values, "values must be empty for Exists and DoesNotExist", bad, why);
    r->values = arena_alloc(a, (nv + 1) * sizeof *r->values);
    r->nvalues = nv;
    for (size_t i = 0; i < nv; i++) {
        const char *s;
        if (!read_value(node_at(values, i), &s, bad, why))
            return false;
        r->values[i] = arena_strdup(a, s);
    }
    return true;
}

bool selector_read(struct arena *a, const struct node *n, struct selector *out,
                   const struct node **bad, const char **why)
{
    memset(out, 0, sizeof *out);
    if (!n || n->type == NODE_NULL)
        return true;
    if (!node_is_map(n))
        return fail(n, "a label selector must be a mapping", bad, why);
    const struct node *ml = node_get(n, "matchLabels");
    const struct node *me = node_get(n, "matchExpressions");
    if (ml && ml->type != NODE_NULL && !node_is_map(ml))
        return fail(ml, "matchLabels must be a mapping", bad, why);
    if (me && me->type != NODE_NULL && !node_is_seq(me))
        return fail(me, "matchExpressions must be a list", bad, why);
    size_t nl = node_is_map(ml) ? ml->n : 0, ne = node_is_seq(me) ? me->n : 0;
    out->req = arena_zalloc(a, (nl + ne + 1) * sizeof *out->req);
    for (size_t i = 0; i < nl; i++) {
        const struct node *k = node_key(ml, i);
        if (!valid_key(k->str))
            return fail(k, "invalid label key in matchLabels", bad, why);
        const char *v;
        if (!read_value(node_value(ml, i), &v, bad, why))
            return false;
        struct sel_req *r = &out->req[out->n++];
        r->key = arena_strdup(a, k->str);
        r->op = SEL_IN;
        r->from_labels = true;
        r->values = arena_alloc(a, sizeof *r->values);
        r->values[0] = arena_strdup(a, v);
        r->nvalues = 1;
    }
    for (size_t i = 0; i < ne; i++)
        if (!read_expression(a, node_at(me, i), &out->req[out->n++], bad, why))
            return false;
    return true;
}

static bool value_in(const struct sel_req *r, const char *v)
{
    for (size_t i = 0; i < r->nvalues; i++)
        if (strcmp(r->values[i], v) == 0)
            return true;
    return false;
}

bool selector_matches(const struct selector *s, const struct labels *l)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct sel_req *r = &s->req[i];
        const char *v = labels_get(l, r->key);
        switch (r->op) {
        case SEL_IN:
            if (!v || !value_in(r, v))
                return false;
            break;
        case SEL_NOT_IN:
            if (v && value_in(r, v))
                return false;
            break;
        case SEL_EXISTS:
            if (!v)
                return false;
            break;
        case SEL_DOES_NOT_EXIST:
            if (v)
                return false;
            break;
        }
    }
    return true;
}

bool selector_is_empty(const struct selector *s)
{
    return s->n == 0;
}
