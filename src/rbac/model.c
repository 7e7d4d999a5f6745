/* model.c — building the RBAC model from streamed objects (model.h): the
 * role index, copying roles, bindings, service accounts and workloads out of
 * each object, and rbac_model_finish(). Default roles: bootstrap.c;
 * aggregation and the role index signatures: aggregate.c. */
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../k8s/pod.h"

/* ---------------------------------------------------------------- role index */

struct ptr_map {
    struct rbac_role **slots;
    size_t cap, n;
};

static size_t role_hash(bool cluster, const char *ns, const char *name)
{
    size_t h = (size_t)(uintptr_t)name * 31u + (size_t)(uintptr_t)ns * 7u + cluster;
    return h ^ (h >> 17);
}

static bool role_is(const struct rbac_role *r, bool cluster, const char *ns, const char *name)
{
    return r->cluster == cluster && r->name == name && (cluster || r->namespace == ns);
}

static size_t index_slot(const struct ptr_map *pm, bool cluster, const char *ns, const char *name)
{
    size_t mask = pm->cap - 1;
    for (size_t i = role_hash(cluster, ns, name) & mask;; i = (i + 1) & mask)
        if (!pm->slots[i] || role_is(pm->slots[i], cluster, ns, name))
            return i;
}

static void index_put(struct ptr_map *pm, struct rbac_role *r)
{
    if ((pm->n + 1) * 2 > pm->cap) {
        struct ptr_map old = *pm;
        pm->cap = old.cap ? old.cap * 2 : 256;
        pm->slots = xcalloc(pm->cap, sizeof *pm->slots);
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i])
                pm->slots[index_slot(pm, old.slots[i]->cluster, old.slots[i]->namespace,
                                     old.slots[i]->name)] = old.slots[i];
        free(old.slots);
    }
    size_t i = index_slot(pm, r->cluster, r->namespace, r->name);
    if (!pm->slots[i])
        pm->n++;
    pm->slots[i] = r;
}

static struct rbac_role *index_get(const struct ptr_map *pm, bool cluster, const char *ns,
                                   const char *name)
{
    if (!pm || !pm->cap)
        return NULL;
    return pm->slots[index_slot(pm, cluster, ns, name)];
}

const struct rbac_role *rbac_find_role(const struct rbac_model *m, bool cluster,
                                       const char *namespace, const char *name)
{
    const char *ns = cluster ? NULL : intern_find(&m->strings, namespace);
    const char *n = intern_find(&m->strings, name);
    if (!n || (!cluster && !ns))
        return NULL;
    return index_get(m->role_index, cluster, ns, n);
}

/* ---------------------------------------------------------------- helpers */

#define PUSH(m, arr, n, cap, value)                                                  \
    do {                                                                            \
        if ((n) == (cap)) {                                                         \
            (cap) = (cap) ? (cap) * 2 : 64;                                         \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                         \
        }                                                                           \
        (arr)[(n)++] = (value);                                                     \
    } while (0)

void rbac_model_init(struct rbac_model *m)
{
    memset(m, 0, sizeof *m);
    m->star = intern_str(&m->strings, "*");
    m->core = intern_str(&m->strings, "");
    m->role_index = xcalloc(1, sizeof *m->role_index);
}

void rbac_model_free(struct rbac_model *m)
{
    for (size_t i = 0; i < m->nroles; i++)
        free(m->roles[i]->eff);
    free(m->roles);
    free(m->bindings);
    free(m->workloads);
    free(m->accounts);
    free(m->defaults);
    free(m->default_bindings);
    if (m->role_index)
        free(m->role_index->slots);
    free(m->role_index);
    intern_free(&m->strings);
    k8s_identities_free(&m->identities);
    arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

static const char *in(struct rbac_model *m, const char *s)
{
    return intern_str(&m->strings, s);
}

/* A list of strings; anything but a sequence of strings is an input error. */
static struct strs copy_strs(struct rbac_model *m, const struct node *seq, const char *file,
                             const char *field)
{
    struct strs out = {0};
    if (!seq || seq->type == NODE_NULL)
        return out;
    if (!node_is_seq(seq)) {
        diag_error_at(file, seq->line, seq->col, "%s: expected a list of strings", field);
        return out;
    }
    out.v = arena_alloc(&m->arena, (seq->n ? seq->n : 1) * sizeof *out.v);
    for (size_t i = 0; i < seq->n; i++) {
        const struct node *it = node_at(seq, i);
        if (!node_is_scalar(it) || it->type == NODE_NULL) {
            diag_error_at(file, it->line, it->col, "%s: expected a string", field);
            continue;
        }
        out.v[out.n++] = in(m, node_text(it));
    }
    return out;
}

static void copy_labels(struct rbac_model *m, struct rbac_role *r, const struct node *labels)
{
    size_t n = node_is_map(labels) ? labels->n : 0;
    r->label_keys.v = arena_alloc(&m->arena, (n ? n : 1) * sizeof(char *));
    r->label_values.v = arena_alloc(&m->arena, (n ? n : 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        if (!node_is_scalar(node_value(labels, i)))
            continue;
        r->label_keys.v[r->label_keys.n++] = in(m, node_key(labels, i)->str);
        r->label_values.v[r->label_values.n++] = in(m, node_text(node_value(labels, i)));
    }
}

static bool parse_op(const char *s, enum selector_op *op)
{
    static const char *const NAMES[] = {"In", "NotIn", "Exists", "DoesNotExist"};
    for (size_t i = 0; i < 4; i++)
        if (s && strcmp(s, NAMES[i]) == 0) {
            *op = (enum selector_op)i;
            return true;
        }
    return false;
}

static void copy_selector(struct rbac_model *m, struct selector *sel, const struct node *n,
                          const char *file)
{
    const struct node *labels = node_get(n, "matchLabels");
    const struct node *exprs = node_get(n, "matchExpressions");
    size_t cap = (node_is_map(labels) ? labels->n : 0) + node_len(exprs);
    sel->exprs = arena_zalloc(&m->arena, (cap ? cap : 1) * sizeof *sel->exprs);
    for (size_t i = 0; node_is_map(labels) && i < labels->n; i++) {
        struct selector_expr *e = &sel->exprs[sel->n++];
        e->key = in(m, node_key(labels, i)->str);
        e->op = SEL_IN;
        e->values.v = arena_alloc(&m->arena, sizeof(char *));
        e->values.v[e->values.n++] = in(m, node_text(node_value(labels, i)));
    }
    for (size_t i = 0; i < node_len(exprs); i++) {
        const struct node *x = node_at(exprs, i);
        struct selector_expr *e = &sel->exprs[sel->n];
        const struct node *opn = node_get(x, "operator");
        if (!node_str(node_get(x, "key")) || !parse_op(node_str(opn), &e->op)) {
            diag_error_at(file, x->line, x->col,
                          "matchExpressions: needs a key and an operator (In, NotIn, Exists, "
                          "DoesNotExist)");
            continue;
        }
        e->key = in(m, node_str(node_get(x, "key")));
        e->values = copy_strs(m, node_get(x, "values"), file, "matchExpressions.values");
        sel->n++;
    }
}

static void copy_rules(struct rbac_model *m, struct rbac_role *r, const struct node *rules,
                       const char *file)
{
    if (rules && rules->type != NODE_NULL && !node_is_seq(rules)) {
        diag_error_at(file, rules->line, rules->col, "rules: expected a list");
        return;
    }
    r->rules = arena_zalloc(&m->arena, (node_len(rules) ? node_len(rules) : 1) * sizeof *r->rules);
    for (size_t i = 0; i < node_len(rules); i++) {
        const struct node *n = node_at(rules, i);
        struct rbac_rule *ru = &r->rules[r->nrules];
        if (!node_is_map(n)) {
            diag_error_at(file, n->line, n->col, "rules[%zu]: expected a mapping", i);
            continue;
        }
        ru->verbs = copy_strs(m, node_get(n, "verbs"), file, "verbs");
        ru->groups = copy_strs(m, node_get(n, "apiGroups"), file, "apiGroups");
        ru->resources = copy_strs(m, node_get(n, "resources"), file, "resources");
        ru->names = copy_strs(m, node_get(n, "resourceNames"), file, "resourceNames");
        ru->urls = copy_strs(m, node_get(n, "nonResourceURLs"), file, "nonResourceURLs");
        ru->index = (unsigned)i;
        ru->line = n->line;
        ru->col = n->col;
        ru->role = r;
        r->nrules++;
    }
}

static void add_role(struct rbac_model *m, const struct k8s_object *o, bool cluster)
{
    struct rbac_role *r = arena_zalloc(&m->arena, sizeof *r);
    r->cluster = cluster;
    r->namespace = cluster ? NULL : in(m, o->namespace ? o->namespace : "default");
    r->name = in(m, o->name ? o->name : "");
    r->file = in(m, o->file);
    r->line = o->node->line;
    r->col = o->node->col;
    const char *ignore = k8s_annotation(o, "ringwall.io/ignore");
    r->ignore = ignore ? in(m, ignore) : NULL;
    copy_labels(m, r, o->labels);
    copy_rules(m, r, node_get(o->node, "rules"), o->file);
    const struct node *agg = node_get(o->node, "aggregationRule");
    if (cluster && node_is_map(agg)) {
        const struct node *sels = node_get(agg, "clusterRoleSelectors");
        r->aggregated = true;
        r->selectors = arena_zalloc(&m->arena, (node_len(sels) ? node_len(sels) : 1) *
                                                   sizeof *r->selectors);
        for (size_t i = 0; i < node_len(sels); i++)
            if (node_is_map(node_at(sels, i)))
                copy_selector(m, &r->selectors[r->nselectors++], node_at(sels, i), o->file);
    }
    if (m->loading_defaults) {
        rbac_model_add_default_role(m, r);
        return;
    }
    if (index_get(m->role_index, cluster, r->namespace, r->name)) {
        diag_warn("%s:%u:%u: %s %s%s%s is defined again; the first definition is used", o->file,
                  r->line, r->col, o->kind, r->namespace ? r->namespace : "",
                  r->namespace ? "/" : "", r->name);
        m->duplicates++;
        return;
    }
    PUSH(m, m->roles, m->nroles, m->cap_roles, r);
    index_put(m->role_index, r);
}

void rbac_model_add_default_role(struct rbac_model *m, struct rbac_role *r)
{
    if (rbac_find_default_role(m, r->cluster, r->namespace, r->name))
        return; /* the first definition of a default role wins */
    r->is_default = true;
    PUSH(m, m->defaults, m->ndefaults, m->cap_defaults, r);
}

void rbac_model_add_default_binding(struct rbac_model *m, struct rbac_binding *b)
{
    b->is_default = true;
    PUSH(m, m->default_bindings, m->ndefault_bindings, m->cap_default_bindings, b);
}

const struct rbac_role *rbac_find_default_role(const struct rbac_model *m, bool cluster,
                                               const char *namespace, const char *name)
{
    for (size_t i = 0; i < m->ndefaults; i++)
        if (role_is(m->defaults[i], cluster, namespace, name))
            return m->defaults[i];
    return NULL;
}

static bool parse_subject(struct rbac_model *m, struct rbac_subject *s, const struct node *n,
                          const struct rbac_binding *b)
{
    const char *kind = node_str(node_get(n, "kind"));
    const char *name = node_text(node_get(n, "name"));
    if (!kind || !name) {
        diag_error_at(b->file, n->line, n->col, "subject needs a kind and a name");
        return false;
    }
    if (strcmp(kind, "User") == 0)
        s->kind = SUBJECT_USER;
    else if (strcmp(kind, "Group") == 0)
        s->kind = SUBJECT_GROUP;
    else if (strcmp(kind, "ServiceAccount") == 0)
        s->kind = SUBJECT_SA;
    else {
        const struct node *k = node_get(n, "kind");
        diag_error_at(b->file, k->line, k->col,
                      "subject kind \"%s\": expected User, Group or ServiceAccount", kind);
        return false;
    }
    s->name = in(m, name);
    const char *ns = node_str(node_get(n, "namespace"));
    if (s->kind == SUBJECT_SA) {
        /* the authorizer defaults a ServiceAccount subject's namespace to the
         * RoleBinding's; in a ClusterRoleBinding it never matches */
        if (ns && *ns)
            s->namespace = in(m, ns);
        else if (!b->cluster)
            s->namespace = b->namespace;
        else {
            /* kept out of the model: it grants nothing, so it holds no risk */
            diag_warn("%s:%u:%u: ServiceAccount subject \"%s\" has no namespace; it matches no "
                      "one in a ClusterRoleBinding", b->file, n->line, n->col, name);
            return false;
        }
    }
    s->line = n->line;
    s->col = n->col;
    return true;
}

const char *rbac_subject_key(struct rbac_model *m, const struct rbac_subject *s)
{
    char buf[1024];
    rbac_format_subject_key(buf, sizeof buf, s);
    return in(m, buf);
}

static void add_binding(struct rbac_model *m, const struct k8s_object *o, bool cluster)
{
    struct rbac_binding *b = arena_zalloc(&m->arena, sizeof *b);
    b->cluster = cluster;
    b->is_default = m->loading_defaults;
    b->namespace = cluster ? NULL : in(m, o->namespace ? o->namespace : "default");
    b->name = in(m, o->name ? o->name : "");
    b->file = in(m, o->file);
    b->line = o->node->line;
    b->col = o->node->col;
    const char *ignore = k8s_annotation(o, "ringwall.io/ignore");
    b->ignore = ignore ? in(m, ignore) : NULL;
    const struct node *ref = node_get(o->node, "roleRef");
    const char *ref_kind = node_str(node_get(ref, "kind"));
    const char *ref_name = node_text(node_get(ref, "name"));
    if (!ref_kind || !ref_name ||
        (strcmp(ref_kind, "ClusterRole") != 0 && (cluster || strcmp(ref_kind, "Role") != 0))) {
        const struct node *at = ref ? ref : o->node;
        diag_error_at(o->file, at->line, at->col,
                      "roleRef: expected kind %s and a name", cluster ? "ClusterRole" :
                      "Role or ClusterRole");
        return;
    }
    b->role_cluster = strcmp(ref_kind, "ClusterRole") == 0;
    b->role_name = in(m, ref_name);
    const struct node *subjects = node_get(o->node, "subjects");
    b->subjects = arena_zalloc(&m->arena, (node_len(subjects) ? node_len(subjects) : 1) *
                                              sizeof *b->subjects);
    for (size_t i = 0; i < node_len(subjects); i++) {
        struct rbac_subject *s = &b->subjects[b->nsubjects];
        if (parse_subject(m, s, node_at(subjects, i), b)) {
            s->index = (unsigned)i;
            b->nsubjects++;
        }
    }
    if (m->loading_defaults)
        rbac_model_add_default_binding(m, b);
    else
        PUSH(m, m->bindings, m->nbindings, m->cap_bindings, b);
}

static void add_account(struct rbac_model *m, const struct k8s_object *o)
{
    const struct node *am = node_get(o->node, "automountServiceAccountToken");
    struct rbac_account a = {
        .namespace = in(m, o->namespace ? o->namespace : "default"),
        .name = in(m, o->name ? o->name : ""),
        .file = k8s_identity(&m->identities, o)->file, .line = o->node->line,
        .col = o->node->col,
        .automount = node_is_true(am) ? 1 : node_is_false(am) ? 0 : -1,
    };
    PUSH(m, m->accounts, m->naccounts, m->cap_accounts, a);
}

static void add_workload(struct rbac_model *m, const struct k8s_object *o)
{
    struct arena scratch = {0};
    struct pod_view pv;
    if (pod_view_init(&pv, o, &scratch)) {
        const char *sa = node_str(node_get(pv.spec, "serviceAccountName"));
        if (!sa || !*sa)
            sa = node_str(node_get(pv.spec, "serviceAccount"));
        const struct node *am = node_get(pv.spec, "automountServiceAccountToken");
        const struct k8s_identity *id = k8s_identity(&m->identities, o);
        struct rbac_workload w = {
            .kind = id->kind, .namespace = in(m, o->namespace ? o->namespace : "default"),
            .name = id->name, .file = id->file, .line = id->line, .col = id->col,
            .service_account = in(m, sa && *sa ? sa : "default"),
            .pod_automount = node_is_true(am) ? 1 : node_is_false(am) ? 0 : -1,
        };
        PUSH(m, m->workloads, m->nworkloads, m->cap_workloads, w);
    }
    arena_free(&scratch);
}

bool rbac_model_grants(const struct k8s_object *o)
{
    return o->api_version && strncmp(o->api_version, "rbac.authorization.k8s.io/", 26) == 0;
}

void rbac_model_add(struct rbac_model *m, const struct k8s_object *o)
{
    const char *k = o->kind;
    if (rbac_model_grants(o) && strcmp(k, "ClusterRole") == 0)
        add_role(m, o, true);
    else if (rbac_model_grants(o) && strcmp(k, "Role") == 0)
        add_role(m, o, false);
    else if (rbac_model_grants(o) && strcmp(k, "ClusterRoleBinding") == 0)
        add_binding(m, o, true);
    else if (rbac_model_grants(o) && strcmp(k, "RoleBinding") == 0)
        add_binding(m, o, false);
    else if (m->loading_defaults)
        return;
    else if (strcmp(k, "ServiceAccount") == 0 && o->api_version &&
             strcmp(o->api_version, "v1") == 0)
        add_account(m, o);
    else
        add_workload(m, o);
}

static void resolve_automount(struct rbac_model *m)
{
    for (size_t i = 0; i < m->nworkloads; i++) {
        struct rbac_workload *w = &m->workloads[i];
        if (w->pod_automount >= 0) {
            w->automount = w->pod_automount;
            continue;
        }
        w->automount = true;
        for (size_t j = 0; j < m->naccounts; j++)
            if (m->accounts[j].namespace == w->namespace &&
                m->accounts[j].name == w->service_account && m->accounts[j].automount >= 0)
                w->automount = m->accounts[j].automount;
    }
}

static bool resolve_role(struct rbac_model *m, struct rbac_binding *b)
{
    b->role = index_get(m->role_index, b->role_cluster, b->role_cluster ? NULL : b->namespace,
                        b->role_name);
    return b->role != NULL;
}

void rbac_model_finish(struct rbac_model *m, bool warn)
{
    if (m->finished)
        return;
    m->finished = true;
    for (size_t i = 0; i < m->ndefaults; i++) {
        struct rbac_role *d = m->defaults[i];
        if (!index_get(m->role_index, d->cluster, d->namespace, d->name)) {
            PUSH(m, m->roles, m->nroles, m->cap_roles, d);
            index_put(m->role_index, d);
        }
    }
    for (size_t i = 0; i < m->ndefault_bindings; i++)
        resolve_role(m, m->default_bindings[i]);
    for (size_t i = 0; i < m->nbindings; i++) {
        struct rbac_binding *b = m->bindings[i];
        if (resolve_role(m, b))
            continue;
        m->unknown_refs++;
        if (warn)
            diag_warn("%s:%u:%u: %s %s%s%s refers to %s %s, which is not defined; it grants "
                      "nothing", b->file, b->line, b->col,
                      b->cluster ? "ClusterRoleBinding" : "RoleBinding",
                      b->namespace ? b->namespace : "", b->namespace ? "/" : "", b->name,
                      b->role_cluster ? "ClusterRole" : "Role", b->role_name);
    }
    for (size_t i = 0; i < m->nroles; i++)
        m->roles[i]->id = (unsigned)i;
    rbac_aggregate(m);
    rbac_index_roles(m);
    resolve_automount(m);
}
