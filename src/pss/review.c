/* review.c — judging a stream of objects, per namespace when asked (review.h). */
#include "review.h"

#include <stdlib.h>
#include <string.h>

struct pss_ns_entry {
    const char *name;
    size_t order; /* position in the input: a later definition wins */
    struct pss_namespace_policy policy;
};

void pss_review_init(struct pss_review *r, const enum pss_level *level, struct pss_version version)
{
    memset(r, 0, sizeof *r);
    r->namespace_mode = level == NULL;
    pss_policy_init(&r->fallback, level ? *level : PSS_LEVEL_RESTRICTED, version);
}

static const char *keep(struct pss_review *r, const char *s)
{
    return s ? arena_strdup(&r->arena, s) : NULL;
}

static void add_namespace(struct pss_review *r, const struct k8s_object *o)
{
    if (!o->name)
        return;
    if (r->nnamespaces == r->nscap) {
        r->nscap = r->nscap ? r->nscap * 2 : 16;
        r->namespaces = xrealloc(r->namespaces, r->nscap * sizeof *r->namespaces);
    }
    struct pss_ns_entry *e = &r->namespaces[r->nnamespaces++];
    e->name = keep(r, o->name);
    e->order = r->nnamespaces - 1;
    pss_namespace_policy(o, &e->policy);
}

static void judge(struct pss_review *r, struct pss_review_item *it, enum pss_mode m,
                  const struct pss_policy *p)
{
    pss_judge(p, it->facts, &r->arena, &it->verdict[m]);
    it->judged[m] = true;
    if (m == PSS_ENFORCE && !it->verdict[m].allowed)
        r->denied++;
}

void pss_review_add(struct pss_review *r, const struct k8s_object *o, struct arena *scratch)
{
    if (r->namespace_mode && o->kind && strcmp(o->kind, "Namespace") == 0 && o->api_version &&
        strcmp(o->api_version, "v1") == 0) {
        add_namespace(r, o);
        return;
    }
    struct pod_view pv;
    if (!pod_view_init(&pv, o, scratch))
        return;
    if (r->nitems == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->items = xrealloc(r->items, r->cap * sizeof *r->items);
    }
    struct pss_review_item *it = &r->items[r->nitems++];
    *it = (struct pss_review_item){
        .file = keep(r, o->file), .line = o->node->line, .api_version = keep(r, o->api_version),
        .kind = keep(r, o->kind), .namespace = keep(r, o->namespace), .name = keep(r, o->name),
    };
    if (r->namespace_mode) {
        it->facts = arena_alloc(&r->arena, sizeof *it->facts);
        pss_facts_extract(it->facts, &pv, &r->arena, true);
        return;
    }
    /* judged now: the facts only live as long as the document */
    struct pss_facts facts;
    pss_facts_extract(&facts, &pv, scratch, false);
    it->facts = &facts;
    judge(r, it, PSS_ENFORCE, &r->fallback);
    it->facts = NULL;
}

static int compare_entries(const void *a, const void *b)
{
    const struct pss_ns_entry *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* The last definition of a namespace; namespaces are sorted by name, then order. */
static const struct pss_ns_entry *find_namespace(const struct pss_review *r, const char *name)
{
    size_t lo = 0, hi = r->nnamespaces;
    while (lo < hi) { /* first entry with a name greater than `name` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(r->namespaces[mid].name, name) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && strcmp(r->namespaces[lo - 1].name, name) == 0)
        return &r->namespaces[lo - 1];
    return NULL;
}

static void judge_in_namespace(struct pss_review *r, struct pss_review_item *it)
{
    const char *ns = it->namespace ? it->namespace : "default";
    const struct pss_ns_entry *e = find_namespace(r, ns);
    if (!e) {
        it->note = arena_printf(&r->arena, "namespace \"%s\" is not in the input", ns);
        judge(r, it, PSS_ENFORCE, &r->fallback);
        return;
    }
    for (int m = 0; m < PSS_NMODES; m++) {
        const struct pss_mode_policy *mp = &e->policy.mode[m];
        if (mp->invalid)
            it->note = arena_printf(&r->arena,
                                    "namespace \"%s\" has an invalid %s label; judged as the "
                                    "API server does: invalid level as %s, invalid version as "
                                    "latest", ns, pss_mode_name(m),
                                    m == PSS_ENFORCE ? "restricted" : "privileged");
        if (m != PSS_ENFORCE && !mp->labelled)
            continue;
        struct pss_policy p;
        pss_policy_init(&p, mp->level, mp->version);
        judge(r, it, (enum pss_mode)m, &p);
    }
}

void pss_review_finish(struct pss_review *r)
{
    if (!r->namespace_mode)
        return;
    if (r->nnamespaces > 1)
        qsort(r->namespaces, r->nnamespaces, sizeof *r->namespaces, compare_entries);
    for (size_t i = 0; i < r->nitems; i++) {
        struct pss_review_item *it = &r->items[i];
        if (r->nnamespaces)
            judge_in_namespace(r, it);
        else
            judge(r, it, PSS_ENFORCE, &r->fallback);
        it->facts = NULL;
    }
}

void pss_review_free(struct pss_review *r)
{
    free(r->items);
    free(r->namespaces);
    arena_free(&r->arena);
    memset(r, 0, sizeof *r);
}
