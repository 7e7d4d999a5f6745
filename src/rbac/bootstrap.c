/* bootstrap.c — the default (bootstrap) RBAC policy: the one built into the
 * binary (a static table generated from the upstream policy files,
 * data/rbac/bootstrap.def), or policy files read from a directory
 * (--bootstrap DIR). Its roles fill in references the input lacks; its
 * bindings are the platform's own, and their subjects the control-plane
 * components (model.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../k8s/source.h"
#include "../core/sort.h"
#include "model.h"

/* ------------------------------------------------------- the built-in table */

enum boot_op { BOOT_ROLE, BOOT_LABEL, BOOT_SELECTOR, BOOT_RULE, BOOT_BINDING, BOOT_SUBJECT };

/* One macro call of bootstrap.def. Roles and bindings: cluster, namespace,
 * name (bindings also role_kind, role_name); labels and selectors: key,
 * value; rules: lists (NULL-terminated, NULL when absent); subjects: kind,
 * namespace, name. */
struct boot_rec {
    enum boot_op op;
    bool cluster;
    enum subject_kind kind;
    const char *namespace, *name, *role_kind, *role_name, *key, *value;
    const char *const *lists[5]; /* verbs, apiGroups, resources, resourceNames, URLs */
};

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE NULL
#define CLUSTER_ROLE(n) {.op = BOOT_ROLE, .cluster = true, .name = n},
#define ROLE(ns, n) {.op = BOOT_ROLE, .namespace = ns, .name = n},
#define LABEL(k, v) {.op = BOOT_LABEL, .key = k, .value = v},
#define SELECTOR(k, v) {.op = BOOT_SELECTOR, .key = k, .value = v},
#define RULE(v, g, r, n, u) {.op = BOOT_RULE, .lists = {v, g, r, n, u}},
#define CLUSTER_ROLE_BINDING(n, rk, rn)                                              \
    {.op = BOOT_BINDING, .cluster = true, .name = n, .role_kind = rk, .role_name = rn},
#define ROLE_BINDING(ns, n, rk, rn)                                                  \
    {.op = BOOT_BINDING, .namespace = ns, .name = n, .role_kind = rk, .role_name = rn},
#define USER(n) {.op = BOOT_SUBJECT, .kind = SUBJECT_USER, .name = n},
#define GROUP(n) {.op = BOOT_SUBJECT, .kind = SUBJECT_GROUP, .name = n},
#define SERVICE_ACCOUNT(ns, n) {.op = BOOT_SUBJECT, .kind = SUBJECT_SA, .namespace = ns, .name = n},

static const struct boot_rec BOOT[] = {
#include "../../data/rbac/bootstrap.def"
};

#undef L
#undef NONE
#undef CLUSTER_ROLE
#undef ROLE
#undef LABEL
#undef SELECTOR
#undef RULE
#undef CLUSTER_ROLE_BINDING
#undef ROLE_BINDING
#undef USER
#undef GROUP
#undef SERVICE_ACCOUNT

enum { NBOOT = sizeof BOOT / sizeof *BOOT };

static const char *table_str(struct rbac_model *m, const char *s)
{
    return s ? intern_str(&m->strings, s) : NULL;
}

static struct strs table_strs(struct rbac_model *m, const char *const *list)
{
    struct strs out = {0};
    size_t n = 0;
    while (list && list[n])
        n++;
    out.v = arena_alloc(&m->arena, (n ? n : 1) * sizeof *out.v);
    for (; out.n < n; out.n++)
        out.v[out.n] = table_str(m, list[out.n]);
    return out;
}

/* How many records of kind op follow record i before the next role or binding. */
static size_t table_count(size_t i, enum boot_op op)
{
    size_t n = 0;
    for (size_t j = i + 1; j < NBOOT && BOOT[j].op != BOOT_ROLE && BOOT[j].op != BOOT_BINDING; j++)
        n += BOOT[j].op == op;
    return n;
}

static void *table_array(struct rbac_model *m, size_t n, size_t size)
{
    return arena_zalloc(&m->arena, (n ? n : 1) * size);
}

static const char TABLE_FILE[] = "(built-in bootstrap policy)";

static struct rbac_role *table_role(struct rbac_model *m, size_t i)
{
    const struct boot_rec *rec = &BOOT[i];
    struct rbac_role *r = arena_zalloc(&m->arena, sizeof *r);
    r->cluster = rec->cluster;
    r->namespace = table_str(m, rec->namespace);
    r->name = table_str(m, rec->name);
    r->file = table_str(m, TABLE_FILE);
    size_t nlabels = table_count(i, BOOT_LABEL), nsel = table_count(i, BOOT_SELECTOR);
    r->label_keys.v = table_array(m, nlabels, sizeof(char *));
    r->label_values.v = table_array(m, nlabels, sizeof(char *));
    r->selectors = table_array(m, nsel, sizeof *r->selectors);
    r->aggregated = nsel > 0;
    r->rules = table_array(m, table_count(i, BOOT_RULE), sizeof *r->rules);
    return r;
}

static void table_add_rule(struct rbac_model *m, struct rbac_role *r, const struct boot_rec *rec)
{
    struct rbac_rule *ru = &r->rules[r->nrules];
    ru->verbs = table_strs(m, rec->lists[0]);
    ru->groups = table_strs(m, rec->lists[1]);
    ru->resources = table_strs(m, rec->lists[2]);
    ru->names = table_strs(m, rec->lists[3]);
    ru->urls = table_strs(m, rec->lists[4]);
    ru->index = (unsigned)r->nrules++;
    ru->role = r;
}

static void table_add_selector(struct rbac_model *m, struct rbac_role *r,
                               const struct boot_rec *rec)
{
    struct selector *sel = &r->selectors[r->nselectors++];
    sel->exprs = arena_zalloc(&m->arena, sizeof *sel->exprs);
    sel->exprs[0].key = table_str(m, rec->key);
    sel->exprs[0].op = SEL_IN;
    sel->exprs[0].values = table_strs(m, (const char *const[]){rec->value, NULL});
    sel->n = 1;
}

static struct rbac_binding *table_binding(struct rbac_model *m, size_t i)
{
    const struct boot_rec *rec = &BOOT[i];
    struct rbac_binding *b = arena_zalloc(&m->arena, sizeof *b);
    b->cluster = rec->cluster;
    b->namespace = table_str(m, rec->namespace);
    b->name = table_str(m, rec->name);
    b->file = table_str(m, TABLE_FILE);
    b->role_cluster = strcmp(rec->role_kind, "ClusterRole") == 0;
    b->role_name = table_str(m, rec->role_name);
    b->subjects = table_array(m, table_count(i, BOOT_SUBJECT), sizeof *b->subjects);
    return b;
}

static void table_add_subject(struct rbac_model *m, struct rbac_binding *b,
                              const struct boot_rec *rec)
{
    struct rbac_subject *s = &b->subjects[b->nsubjects];
    s->kind = rec->kind;
    s->namespace = table_str(m, rec->namespace);
    s->name = table_str(m, rec->name);
    s->index = (unsigned)b->nsubjects++;
}

void rbac_model_load_builtin(struct rbac_model *m)
{
    struct rbac_role *role = NULL;
    struct rbac_binding *binding = NULL;
    for (size_t i = 0; i < NBOOT; i++) {
        const struct boot_rec *rec = &BOOT[i];
        switch (rec->op) {
        case BOOT_ROLE:
            role = table_role(m, i);
            binding = NULL;
            rbac_model_add_default_role(m, role);
            break;
        case BOOT_LABEL:
            role->label_keys.v[role->label_keys.n++] = table_str(m, rec->key);
            role->label_values.v[role->label_values.n++] = table_str(m, rec->value);
            break;
        case BOOT_SELECTOR:
            table_add_selector(m, role, rec);
            break;
        case BOOT_RULE:
            table_add_rule(m, role, rec);
            break;
        case BOOT_BINDING:
            binding = table_binding(m, i);
            role = NULL;
            rbac_model_add_default_binding(m, binding);
            break;
        case BOOT_SUBJECT:
            table_add_subject(m, binding, rec);
            break;
        }
    }
}

/* ------------------------------------------------------ policy files (DIR) */

static void add_default_object(const struct k8s_object *o, void *ctx)
{
    rbac_model_add(ctx, o);
}

static int cmp_policy_files(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    /* the default policy first; feature-gated variants only add what it lacks */
    bool ga = strstr(a, "featuregates") != NULL, gb = strstr(b, "featuregates") != NULL;
    if (ga != gb)
        return ga ? 1 : -1;
    return strcmp(a, b);
}

bool rbac_model_load_defaults(struct rbac_model *m, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_error("%s: cannot open the bootstrap policy directory", dir);
        return false;
    }
    char **paths = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        paths = xrealloc(paths, (n + 1) * sizeof *paths);
        paths[n] = xmalloc(strlen(dir) + len + 2);
        sprintf(paths[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    sort_array(paths, n, sizeof *paths, cmp_policy_files);
    struct object_source src = {.on_object = add_default_object, .ctx = m};
    m->loading_defaults = true;
    source_read(&src, (const char *const *)paths, n);
    m->loading_defaults = false;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return src.summary.input_errors == 0;
}

/* ------------------------------------------------------------ the platform */

bool rbac_subject_is_broad(const struct rbac_subject *s)
{
    if (s->kind == SUBJECT_SA)
        return false;
    if (s->kind == SUBJECT_USER)
        return strcmp(s->name, "system:anonymous") == 0;
    return strcmp(s->name, "system:authenticated") == 0 ||
           strcmp(s->name, "system:unauthenticated") == 0 ||
           strncmp(s->name, "system:serviceaccounts", 22) == 0;
}

bool rbac_subject_eq(const struct rbac_subject *a, const struct rbac_subject *b)
{
    return a->kind == b->kind && a->name == b->name &&
           (a->kind != SUBJECT_SA || a->namespace == b->namespace);
}

static bool binding_names(const struct rbac_binding *b, const struct rbac_subject *s)
{
    for (size_t i = 0; i < b->nsubjects; i++)
        if (rbac_subject_eq(&b->subjects[i], s))
            return true;
    return false;
}

/* Every subject of a is one of b's. */
static bool subjects_within(const struct rbac_binding *a, const struct rbac_binding *b)
{
    for (size_t i = 0; i < a->nsubjects; i++)
        if (!binding_names(b, &a->subjects[i]))
            return false;
    return true;
}

const struct rbac_binding *rbac_platform_binding(const struct rbac_model *m,
                                                 const struct rbac_binding *b)
{
    for (size_t i = 0; i < m->ndefault_bindings; i++) {
        const struct rbac_binding *d = m->default_bindings[i];
        if (d->cluster == b->cluster && d->namespace == b->namespace && d->name == b->name &&
            d->role_cluster == b->role_cluster && d->role_name == b->role_name &&
            subjects_within(b, d) && subjects_within(d, b))
            return d;
    }
    return NULL;
}

bool rbac_is_component(const struct rbac_model *m, const struct rbac_subject *s)
{
    if (rbac_subject_is_broad(s))
        return false;
    for (size_t i = 0; i < m->ndefault_bindings; i++)
        if (binding_names(m->default_bindings[i], s))
            return true;
    return false;
}
