/* decide.c — decoding an AdmissionReview and judging its request
 * (admit.h): exemptions, operations that are not judged, the engine's
 * findings with their modes, Pod Security, resource bounds and command
 * controls, then the verdict, its message and its warnings. */
#include "admit.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../checks/engine.h"
#include "../core/json.h"
#include "../core/load.h"
#include "../k8s/pod.h"
#include "../pss/evaluate.h"
#include "../pss/facts.h"
#include "../pss/text.h"

enum { WARNING_MAX = 119 }; /* the API server advises warnings under 120 characters */

static const struct load_limits REVIEW_LIMITS = {
    .max_doc_bytes = 64u << 20,
    .max_depth = 128,
    .max_scalar_bytes = 8u << 20,
    .max_nodes = 4u << 20,
};

void admit_add_item(struct admit_decision *d, const struct admit_item *it)
{
    if (d->nitems == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        struct admit_item *v = arena_alloc(&d->arena, cap * sizeof *v);
        if (d->nitems)
            memcpy(v, d->items, d->nitems * sizeof *v);
        d->items = v;
        d->cap = cap;
    }
    d->items[d->nitems++] = *it;
}

static void bad_input(struct admit_decision *d, const char *why)
{
    d->status = ADMIT_BAD_INPUT;
    d->error = why;
}

static int take_doc(struct doc *doc, void *ctx)
{
    struct admit_decision *d = ctx;
    if (d->doc) { /* a second document: refused */
        d->error = "the body holds more than one document";
        doc_free(doc);
        return 1;
    }
    d->doc = doc;
    return 0;
}

/* The review's fields; false (bad input) when it is not an AdmissionReview. */
static bool decode(struct admit_decision *d, const char *body, size_t len)
{
    if (!json_looks_like(body, len)) {
        bad_input(d, "the body is not a JSON object");
        return false;
    }
    struct load_error err = {.message = "no document"};
    if (load_buffer("<request>", body, len, &REVIEW_LIMITS, take_doc, d, &err) != 0 || !d->doc ||
        d->error) {
        bad_input(d, d->error ? d->error
                              : arena_printf(&d->arena, "%u:%u: %s", err.line, err.col,
                                             err.message));
        return false;
    }
    if (d->doc->duplicate_key) { /* which value counts would be a guess */
        bad_input(d, arena_printf(&d->arena, "%u:%u: duplicate key \"%s\"",
                                  d->doc->duplicate_key->line, d->doc->duplicate_key->col,
                                  d->doc->duplicate_key->str));
        return false;
    }
    const struct node *root = d->doc->root;
    struct admit_request *r = &d->req;
    r->api_version = node_str(node_get(root, "apiVersion"));
    if (!r->api_version || (strcmp(r->api_version, "admission.k8s.io/v1") != 0 &&
                            strcmp(r->api_version, "admission.k8s.io/v1beta1") != 0)) {
        bad_input(d, "apiVersion must be admission.k8s.io/v1 or admission.k8s.io/v1beta1");
        return false;
    }
    if (!node_str_eq(node_get(root, "kind"), "AdmissionReview")) {
        bad_input(d, "kind must be AdmissionReview");
        return false;
    }
    const struct node *req = node_get(root, "request");
    r->uid = node_str(node_get(req, "uid"));
    if (!node_is_map(req) || !r->uid || !*r->uid) {
        bad_input(d, "an AdmissionReview needs request.uid");
        return false;
    }
    r->operation = node_str(node_get(req, "operation"));
    r->kind = node_str(node_path(req, "kind.kind"));
    r->resource = node_str(node_path(req, "resource.resource"));
    r->subresource = node_str(node_get(req, "subResource"));
    if (r->subresource && !*r->subresource)
        r->subresource = NULL;
    r->name = node_str(node_get(req, "name"));
    r->namespace = node_str(node_get(req, "namespace"));
    if (r->namespace && !*r->namespace)
        r->namespace = NULL;
    r->user = node_str(node_path(req, "userInfo.username"));
    r->groups = node_path(req, "userInfo.groups");
    r->dry_run = node_is_true(node_get(req, "dryRun"));
    r->object = node_get(req, "object");
    r->old_object = node_get(req, "oldObject");
    r->options = node_get(req, "options");
    if (!r->operation) {
        bad_input(d, "an AdmissionReview needs request.operation");
        return false;
    }
    return true;
}

static bool glob(const char *pattern, const char *s)
{
    return s && fnmatch(pattern, s, 0) == 0;
}

static bool in_groups(const struct node *groups, const char *pattern)
{
    for (size_t i = 0; i < node_len(groups); i++)
        if (glob(pattern, node_str(node_at(groups, i))))
            return true;
    return false;
}

/* A service account user's "NAMESPACE/NAME", or NULL. */
static const char *service_account(struct admit_decision *d)
{
    static const char PREFIX[] = "system:serviceaccount:";
    const char *u = d->req.user;
    if (!u || strncmp(u, PREFIX, sizeof PREFIX - 1) != 0 || !strchr(u + sizeof PREFIX - 1, ':'))
        return NULL;
    char *sa = arena_strdup(&d->arena, u + sizeof PREFIX - 1);
    *strchr(sa, ':') = '/';
    return sa;
}

static const struct admit_exemption *exemption(const struct admit_policy *p,
                                               struct admit_decision *d)
{
    const char *sa = NULL;
    for (size_t i = 0; i < p->nexemptions; i++) {
        const struct admit_exemption *e = &p->exemptions[i];
        switch (e->subject) {
        case EXEMPT_NAMESPACE:
            if (glob(e->pattern, d->req.namespace))
                return e;
            break;
        case EXEMPT_USER:
            if (glob(e->pattern, d->req.user))
                return e;
            break;
        case EXEMPT_GROUP:
            if (in_groups(d->req.groups, e->pattern))
                return e;
            break;
        case EXEMPT_SERVICE_ACCOUNT:
            if (!sa)
                sa = service_account(d);
            if (glob(e->pattern, sa))
                return e;
            break;
        }
    }
    return NULL;
}

/* Structural equality of two document nodes (positions aside). */
static bool node_equal(const struct node *a, const struct node *b)
{
    if (!a || !b)
        return a == b;
    if (a->type != b->type || a->n != b->n)
        return false;
    switch (a->type) {
    case NODE_MAP:
        for (size_t i = 0; i < a->n; i++) {
            const struct node *v = node_get(b, node_key(a, i)->str);
            if (!v || !node_equal(node_value(a, i), v))
                return false;
        }
        return true;
    case NODE_SEQ:
        for (size_t i = 0; i < a->n; i++)
            if (!node_equal(node_at(a, i), node_at(b, i)))
                return false;
        return true;
    case NODE_NULL:
        return true;
    default:
        return a->len == b->len && strcmp(a->str, b->str) == 0;
    }
}

/* An UPDATE that leaves the pod spec and the pod (template) annotations as
 * they were: Pod Security Admission lets it through unjudged, so existing
 * workloads can still be scaled, labelled and deleted. */
static bool pod_unchanged(struct admit_decision *d, const struct k8s_object *o,
                          const struct pod_view *pv)
{
    struct k8s_object old;
    struct pod_view opv;
    if (!d->req.old_object || d->req.subresource ||
        !k8s_object_init(&old, d->req.old_object, o->file, 0) ||
        !pod_view_init(&opv, &old, &d->arena))
        return false;
    return node_equal(pv->spec, opv.spec) &&
           node_equal(node_get(pv->meta, "annotations"), node_get(opv.meta, "annotations"));
}

/* A finding as an item, unless a configuration exemption or an annotation
 * the policy lets authors use suppresses it. */
static void add_finding(const struct finding *f, void *ctx)
{
    void **args = ctx;
    struct admit_decision *d = args[0];
    const struct admit_policy *p = args[1];
    if (f->suppressed && (strcmp(f->suppressed_by, "annotation") != 0 ||
                          admit_ignorable(p, f->check->id)))
        return;
    /* the finding's texts are the engine's: copied, in one allocation */
    size_t lc = f->container ? strlen(f->container) + 1 : 0, lp = f->path ? strlen(f->path) + 1 : 0,
           lm = strlen(f->message) + 1;
    char *text = arena_alloc(&d->arena, lc + lp + lm);
    admit_add_item(d, &(struct admit_item){
        .id = f->check->id,
        .container = lc ? memcpy(text + lm, f->container, lc) : NULL,
        .path = lp ? memcpy(text + lm + lc, f->path, lp) : NULL,
        .message = memcpy(text, f->message, lm),
        .mode = admit_mode_for(p, f->check->id, f->severity),
    });
}

static void run_engine(const struct admit_policy *p, struct admit_decision *d,
                       const struct k8s_object *o)
{
    struct findings fs = {0};
    void *args[2] = {d, (void *)p};
    fs.on_add = add_finding;
    fs.on_add_ctx = args;
    fs.discard = true;
    struct engine e;
    engine_init_one(&e, &p->scan, admit_policy_plan(p), &fs);
    engine_object(&e, o);
    engine_finish(&e);
    findings_free(&fs);
}

/* Pod Security at the namespace's policy: one item per violated control,
 * and the API server's own message for the denial. */
static const char *run_pss(const struct admit_policy *p, struct admit_decision *d,
                           const struct pod_view *pv, const char *ns)
{
    const struct pss_policy *policy = admit_pss_for(p, ns);
    if (!policy)
        return NULL;
    struct pss_facts facts;
    struct pss_verdict v;
    pss_facts_extract(&facts, pv, &d->arena, false);
    pss_judge(policy, &facts, &d->arena, &v);
    bool enforced = false;
    for (size_t i = 0; i < v.nviolations; i++) {
        const char *id = arena_printf(&d->arena, "pss/%s",
                                      pss_control_info(v.violations[i].control)->id);
        enum admit_mode m = admit_mode_for(p, id, SEV_COUNT);
        enforced |= m == ADMIT_ENFORCE;
        admit_add_item(d, &(struct admit_item){.id = id, .message = v.violations[i].text,
                                               .mode = m});
    }
    return enforced ? v.message : NULL;
}

static void fail(const struct admit_policy *p, struct admit_decision *d, const char *why)
{
    d->failure = true;
    d->note = arena_printf(&d->arena, "ringwall cannot judge this request: %s", why);
    if (p->failure_allow) {
        d->warnings = arena_alloc(&d->arena, sizeof *d->warnings);
        d->warnings[d->nwarnings++] = d->note;
    } else {
        d->status = ADMIT_DENIED;
        d->message = d->note;
    }
}

/* `check: message`, cut to the advised warning length on a UTF-8
 * character boundary (and marked so). */
static const char *warning_text(struct arena *a, const struct admit_item *it)
{
    size_t lid = strlen(it->id), lmsg = strlen(it->message), len = lid + 2 + lmsg;
    char *s = arena_alloc(a, len + 1);
    memcpy(s, it->id, lid);
    memcpy(s + lid, ": ", 2);
    memcpy(s + lid + 2, it->message, lmsg + 1);
    if (len <= WARNING_MAX)
        return s;
    size_t cut = WARNING_MAX - 3;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(s + cut, "...", 4);
    return s;
}

static void conclude(struct admit_decision *d, const char *pss_message)
{
    size_t nwarn = 0, ndeny = 0;
    for (size_t i = 0; i < d->nitems; i++) {
        nwarn += d->items[i].mode == ADMIT_WARN;
        ndeny += d->items[i].mode == ADMIT_ENFORCE;
    }
    d->warnings = arena_alloc(&d->arena, (nwarn ? nwarn : 1) * sizeof *d->warnings);
    struct pss_buf msg = {0};
    for (size_t i = 0; i < d->nitems; i++) {
        const struct admit_item *it = &d->items[i];
        if (it->mode == ADMIT_WARN)
            d->warnings[d->nwarnings++] = warning_text(&d->arena, it);
        if (it->mode != ADMIT_ENFORCE || strncmp(it->id, "pss/", 4) == 0)
            continue;
        /* `check: message (field)`, as scan words a finding */
        pss_buf_puts(&msg, msg.len ? "; " : "");
        pss_buf_puts(&msg, it->id);
        pss_buf_puts(&msg, ": ");
        pss_buf_puts(&msg, it->message);
        if (it->path) {
            pss_buf_puts(&msg, " (");
            pss_buf_puts(&msg, it->path);
            pss_buf_puts(&msg, ")");
        }
    }
    if (pss_message) {
        pss_buf_puts(&msg, msg.len ? "; " : "");
        pss_buf_puts(&msg, pss_message);
    }
    if (ndeny) {
        d->status = ADMIT_DENIED;
        d->message = arena_printf(&d->arena, "ringwall denied %s \"%s\"%s%s%s: %s",
                                  d->object_kind ? d->object_kind : "object",
                                  d->object_name ? d->object_name : "",
                                  d->req.namespace ? " in namespace \"" : "",
                                  d->req.namespace ? d->req.namespace : "",
                                  d->req.namespace ? "\"" : "", msg.s ? msg.s : "");
    }
    pss_buf_free(&msg);
}

/* CREATE and UPDATE of an object (and pods/ephemeralcontainers). */
static void judge_object(const struct admit_policy *p, struct admit_decision *d)
{
    const struct node *obj = d->req.object;
    struct k8s_object o;
    if (!node_is_map(obj) || !k8s_object_init(&o, obj, "<request>", 0)) {
        fail(p, d, "request.object is not an object with apiVersion and kind");
        return;
    }
    if (obj->weight > p->max_nodes) {
        fail(p, d, arena_printf(&d->arena, "the object has %u nodes, over the limit of %zu",
                                obj->weight, p->max_nodes));
        return;
    }
    if (!o.namespace)
        o.namespace = d->req.namespace;
    d->object_kind = o.kind;
    if (o.name)
        d->object_name = o.name;
    struct pod_view pv;
    bool has_pod = pod_view_init(&pv, &o, &d->arena);
    o.pod = &pv; /* made once: the engine and its analyzers reuse it */
    if (has_pod && strcmp(d->req.operation, "UPDATE") == 0 && pod_unchanged(d, &o, &pv)) {
        d->note = "pod spec unchanged by this update";
        return;
    }
    run_engine(p, d, &o);
    const char *pss_message = NULL;
    if (has_pod) {
        pss_message = run_pss(p, d, &pv, o.namespace);
        admit_check_resources(p, &pv, o.namespace, d);
    }
    conclude(d, pss_message);
}

void admit_decide(const struct admit_policy *p, const char *body, size_t len,
                  struct admit_decision *d)
{
    memset(d, 0, sizeof *d);
    if (!decode(d, body, len))
        return;
    const struct admit_request *r = &d->req;
    d->object_kind = r->kind;
    d->object_name = r->name;
    const struct admit_exemption *e = exemption(p, d);
    if (e) {
        d->note = arena_printf(&d->arena, "exempt: %s", e->reason);
    } else if (strcmp(r->operation, "CONNECT") == 0) {
        if (admit_check_command(p, d))
            conclude(d, NULL);
    } else if (strcmp(r->operation, "CREATE") != 0 && strcmp(r->operation, "UPDATE") != 0) {
        d->note = arena_printf(&d->arena, "%s is not judged", r->operation);
    } else if (r->subresource && strcmp(r->subresource, "ephemeralcontainers") != 0) {
        d->note = arena_printf(&d->arena, "subresource %s is not judged", r->subresource);
    } else {
        judge_object(p, d);
    }
}

void admit_decision_free(struct admit_decision *d)
{
    if (d->doc)
        doc_free(d->doc);
    arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

const char *admit_decision_name(const struct admit_decision *d)
{
    return d->status == ADMIT_DENIED ? "deny" : "allow";
}
