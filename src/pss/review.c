/* review.c — judging a stream of objects, per namespace when asked (review.h). */
#include "review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/sort.h"

struct pss_ns_entry {
    const char *name;
    const char *file;
    unsigned line, col;
    size_t order;   /* position in the input: a later definition wins */
    bool defaulted; /* a pod was judged at the default for want of an enforce label */
    struct pss_namespace_policy policy;
};

static const char *const REASONS[] = {
    [PSS_REASON_DEFAULT] = "default",
    [PSS_REASON_LEVEL] = "--level",
    [PSS_REASON_NAMESPACE] = "namespace-label",
};

const char *pss_reason_name(enum pss_reason reason)
{
    return REASONS[reason];
}

void pss_review_init(struct pss_review *r, const enum pss_level *level, struct pss_version version)
{
    memset(r, 0, sizeof *r);
    r->namespace_mode = level == NULL;
    pss_policy_init(&r->fallback, level ? *level : PSS_LEVEL_RESTRICTED, version);
}

void pss_review_set_default(struct pss_review *r, enum pss_level level,
                            struct pss_version version)
{
    pss_policy_init(&r->fallback, level, version);
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
    e->file = keep(r, o->file);
    e->line = o->node->line;
    e->col = o->node->col;
    e->order = r->nnamespaces - 1;
    e->defaulted = false;
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
    it->reason = PSS_REASON_LEVEL;
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
static struct pss_ns_entry *find_namespace(const struct pss_review *r, const char *name)
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

static void judge_by_default(struct pss_review *r, struct pss_review_item *it, const char *why)
{
    char policy[64];
    pss_spec_format(r->fallback.level, r->fallback.version, policy, sizeof policy);
    it->reason = PSS_REASON_DEFAULT;
    if (why)
        it->note = arena_printf(&r->arena, "%s: judged at the default policy %s", why, policy);
    judge(r, it, PSS_ENFORCE, &r->fallback);
}

/* A mode's policy from the namespace's labels; what a label leaves out
 * comes from the default policy, as the API server's defaults fill it in. */
static void mode_policy(const struct pss_review *r, const struct pss_mode_policy *mp,
                        struct pss_policy *out)
{
    pss_policy_init(out, mp->labelled ? mp->level : r->fallback.level,
                    mp->version_labelled ? mp->version : r->fallback.version);
}

static void judge_in_namespace(struct pss_review *r, struct pss_review_item *it)
{
    const char *ns = it->namespace ? it->namespace : "default";
    struct pss_ns_entry *e = find_namespace(r, ns);
    if (!e) {
        judge_by_default(r, it, arena_printf(&r->arena, "namespace \"%s\" is not in the input",
                                             ns));
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
        mode_policy(r, mp, &p);
        if (m == PSS_ENFORCE && !mp->labelled) {
            e->defaulted = true;
            it->reason = PSS_REASON_DEFAULT;
            it->note = arena_printf(&r->arena, "namespace \"%s\" has no %s label: judged at the "
                                    "default level %s", ns, pss_mode_label(PSS_ENFORCE),
                                    pss_level_name(p.level));
        } else if (m == PSS_ENFORCE) {
            it->reason = PSS_REASON_NAMESPACE;
        }
        judge(r, it, (enum pss_mode)m, &p);
    }
}

/* One warning per Namespace whose missing enforce label decided a verdict. */
static void warn_defaulted(const struct pss_review *r)
{
    char policy[64];
    pss_spec_format(r->fallback.level, r->fallback.version, policy, sizeof policy);
    for (size_t i = 0; i < r->nnamespaces; i++) {
        const struct pss_ns_entry *e = &r->namespaces[i];
        if (e->defaulted)
            diag_warn("%s:%u:%u: namespace \"%s\" has no %s label: its pods are judged at the "
                      "default policy %s (see --default-level)", e->file, e->line, e->col,
                      e->name, pss_mode_label(PSS_ENFORCE), policy);
    }
}

void pss_review_finish(struct pss_review *r)
{
    if (!r->namespace_mode)
        return;
    if (r->nnamespaces > 1)
        sort_array(r->namespaces, r->nnamespaces, sizeof *r->namespaces, compare_entries);
    for (size_t i = 0; i < r->nitems; i++) {
        struct pss_review_item *it = &r->items[i];
        if (r->nnamespaces)
            judge_in_namespace(r, it);
        else
            judge_by_default(r, it, NULL);
        it->facts = NULL;
    }
    warn_defaulted(r);
}

void pss_review_add_object(const struct k8s_object *o, void *review)
{
    struct pss_review *r = review;
    pss_review_add(r, o, &r->scratch);
    arena_free(&r->scratch);
}

void pss_review_free(struct pss_review *r)
{
    free(r->items);
    free(r->namespaces);
    arena_free(&r->arena);
    arena_free(&r->scratch);
    memset(r, 0, sizeof *r);
}
