/* exposure.c — exposure analysis (exposure.h). */
#include "exposure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/jsonw.h"
#include "admin.h"
#include "../core/sort.h"

#define ENTIRE_CLUSTER "entire-cluster"

/* A pod the input does not have, standing for what one rule peer selects. */
struct rep {
    const char *ns_name;    /* the policy's namespace when the peer had no namespaceSelector */
    struct selector ns_sel; /* for no namespaceSelector: kubernetes.io/metadata.name=NS */
    bool has_pod_sel;
    struct selector pod_sel;
    const char *key, *name;
    const char *ns_part, *pod_part; /* "hello-world", "all pods", "pod with {app=x}" */
    const char *ns_canon, *pod_canon; /* canonical requirements ("" for none) */
};

struct reps {
    struct rep *v;
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One requirement as Kubernetes prints it; In with one value reads key=value. */
static const char *req_canon(struct arena *a, const struct sel_req *r)
{
    static const char *const OPS[] = {"in", "notin"};
    if (r->op == SEL_EXISTS)
        return r->key;
    if (r->op == SEL_DOES_NOT_EXIST)
        return arena_printf(a, "!%s", r->key);
    if (r->op == SEL_IN && r->nvalues == 1)
        return arena_printf(a, "%s=%s", r->key, r->values[0]);
    const char **v = arena_alloc(a, (r->nvalues + 1) * sizeof *v);
    memcpy(v, r->values, r->nvalues * sizeof *v);
    sort_array(v, r->nvalues, sizeof *v, cmp_str);
    const char *list = "";
    for (size_t i = 0; i < r->nvalues; i++)
        list = arena_printf(a, "%s%s%s", list, i ? "," : "", v[i]);
    return arena_printf(a, "%s %s (%s)", r->key, OPS[r->op == SEL_NOT_IN], list);
}

/* The selector's requirements, canonical and sorted, as one string. */
static const char *sel_canon(struct arena *a, const struct selector *s)
{
    const char **v = arena_alloc(a, (s->n + 1) * sizeof *v);
    for (size_t i = 0; i < s->n; i++)
        v[i] = req_canon(a, &s->req[i]);
    if (s->n)
        sort_array(v, s->n, sizeof *v, cmp_str);
    const char *out = "";
    for (size_t i = 0; i < s->n; i++)
        out = arena_printf(a, "%s%s%s", out, i ? "\x1f" : "", v[i]);
    return out;
}

/* sel_canon, computed once per selector (rule selectors are asked about for
 * every workload and representative). */
static const char *canon_of(struct exposure *ex, const struct selector *s)
{
    size_t i = strmap_rank(&ex->canon_index, (const char *)&s, sizeof s);
    if (i < ex->ncanon)
        return ex->canon[i];
    if (ex->ncanon == ex->canon_cap) {
        ex->canon_cap = ex->canon_cap ? ex->canon_cap * 2 : 64;
        ex->canon = xrealloc(ex->canon, ex->canon_cap * sizeof *ex->canon);
    }
    ex->canon[ex->ncanon] = sel_canon(&ex->arena, s);
    return ex->canon[ex->ncanon++];
}

/* A rule selector matches a representative's (canonical) selector when it is
 * empty or has the same requirements. */
static bool full_match(struct exposure *ex, const struct selector *rule, const char *rep)
{
    return rule->n == 0 || strcmp(canon_of(ex, rule), rep) == 0;
}

/* matchLabels as "k=v,..." then matchExpressions as Go prints them. */
static const char *sel_text(struct arena *a, const struct selector *s)
{
    const char **labels = arena_alloc(a, (s->n + 1) * sizeof *labels);
    const char **exprs = arena_alloc(a, (s->n + 1) * sizeof *exprs);
    static const char *const OPS[] = {"In", "NotIn", "Exists", "DoesNotExist"};
    size_t nl = 0, ne = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct sel_req *r = &s->req[i];
        if (r->from_labels) {
            labels[nl++] = arena_printf(a, "%s=%s", r->key, r->values[0]);
            continue;
        }
        const char *vals = "";
        for (size_t k = 0; k < r->nvalues; k++)
            vals = arena_printf(a, "%s%s%s", vals, k ? " " : "", r->values[k]);
        exprs[ne++] = arena_printf(a, "{Key:%s,Operator:%s,Values:[%s],}", r->key, OPS[r->op],
                                   vals);
    }
    if (nl)
        sort_array(labels, nl, sizeof *labels, cmp_str);
    if (ne)
        sort_array(exprs, ne, sizeof *exprs, cmp_str);
    const char *out = "";
    for (size_t i = 0; i < nl; i++)
        out = arena_printf(a, "%s%s%s", out, i ? "," : "", labels[i]);
    for (size_t i = 0; i < ne; i++)
        out = arena_printf(a, "%s%s%s", out, (nl || i) ? "," : "", exprs[i]);
    return out;
}

/* The two parts of a representative's name and the name itself:
 * NAMESPACE/[pod with {...}], [all namespaces]/[all pods], ... */
static void rep_name(struct arena *a, struct rep *r)
{
    const struct selector *n = &r->ns_sel;
    bool named = n->n == 1 && n->req[0].from_labels && strcmp(n->req[0].key, NS_NAME_LABEL) == 0;
    r->ns_part = named      ? n->req[0].values[0]
                 : n->n == 0 ? "all namespaces"
                             : arena_printf(a, "namespace with {%s}", sel_text(a, n));
    r->pod_part = !r->has_pod_sel || r->pod_sel.n == 0
                      ? "all pods"
                      : arena_printf(a, "pod with {%s}", sel_text(a, &r->pod_sel));
    r->name = arena_printf(a, named ? "%s/[%s]" : "[%s]/[%s]", r->ns_part, r->pod_part);
}

/* A peer selecting every pod of every namespace: the entire cluster. */
static bool selects_all(const struct np_peer *p)
{
    return p->kind == PEER_PODS && p->has_ns_sel && p->ns_sel.n == 0 &&
           (!p->has_pod_sel || p->pod_sel.n == 0);
}

/* Admin rule peers selecting every pod of every namespace. */
static bool admin_selects_all(const struct admin_peer *p, const void *ctx)
{
    (void)ctx;
    return (p->kind == ADMIN_NAMESPACES && p->ns_sel.n == 0) ||
           (p->kind == ADMIN_PODS && p->ns_sel.n == 0 && p->pod_sel.n == 0);
}

static bool rule_is_cluster_wide(const struct np_rule *rule)
{
    if (rule->npeers == 0)
        return true;
    for (size_t i = 0; i < rule->npeers; i++)
        if (selects_all(&rule->peers[i]))
            return true;
    return false;
}

static bool labels_only(const struct selector *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->req[i].from_labels)
            return false;
    return s->n > 0;
}

/* A representative of plain label selectors that an input workload matches
 * stands for nothing new. */
static bool rep_redundant(const struct np_model *m, const struct rep *r)
{
    if (!labels_only(&r->ns_sel) || !r->has_pod_sel || !labels_only(&r->pod_sel))
        return false;
    for (size_t i = 0; i < m->nw; i++)
        if (selector_matches(&r->ns_sel, &m->ns[m->w[i].ns_index].labels) &&
            selector_matches(&r->pod_sel, &m->w[i].labels))
            return true;
    return false;
}

/* A representative for selectors; ns_policy names the policy namespace
 * standing for an absent namespaceSelector (NULL when ns_sel is given). */
static void add_rep(struct exposure *ex, struct reps *reps, const char *ns_policy,
                    const struct selector *ns_sel, const struct selector *pod_sel)
{
    struct arena *a = &ex->arena;
    struct rep r = {.has_pod_sel = pod_sel != NULL};
    if (pod_sel)
        r.pod_sel = *pod_sel;
    if (ns_sel) {
        r.ns_sel = *ns_sel;
    } else {
        r.ns_name = ns_policy;
        struct sel_req *req = arena_zalloc(a, sizeof *req);
        req->key = NS_NAME_LABEL;
        req->op = SEL_IN;
        req->from_labels = true;
        req->values = arena_alloc(a, sizeof *req->values);
        req->values[0] = ns_policy;
        req->nvalues = 1;
        r.ns_sel = (struct selector){req, 1};
    }
    r.ns_canon = sel_canon(a, &r.ns_sel);
    r.pod_canon = r.has_pod_sel ? sel_canon(a, &r.pod_sel) : "";
    r.key = arena_printf(a, "%s|%s", r.ns_canon, r.pod_canon);
    for (size_t i = 0; i < reps->n; i++)
        if (strcmp(reps->v[i].key, r.key) == 0)
            return;
    rep_name(a, &r);
    if (reps->n == reps->cap) {
        reps->cap = reps->cap ? reps->cap * 2 : 16;
        reps->v = xrealloc(reps->v, reps->cap * sizeof *reps->v);
    }
    reps->v[reps->n++] = r;
}

/* Representatives of every rule peer that selects pods by labels (a peer
 * selecting the entire cluster ends its rule, as upstream scans it). */
static void collect_reps(struct exposure *ex, const struct np_model *m, struct reps *reps)
{
    for (size_t i = 0; i < m->npol; i++) {
        const struct np_policy *p = &m->pol[i];
        for (int d = 0; d < 2; d++) {
            if (d ? !p->affects_egress : !p->affects_ingress)
                continue;
            const struct np_rule *rules = d ? p->eg : p->in;
            size_t nr = d ? p->neg : p->nin;
            for (size_t k = 0; k < nr; k++)
                for (size_t j = 0; j < rules[k].npeers; j++) {
                    const struct np_peer *peer = &rules[k].peers[j];
                    if (peer->kind != PEER_PODS)
                        continue;
                    if (selects_all(peer))
                        break;
                    add_rep(ex, reps, p->ns, peer->has_ns_sel ? &peer->ns_sel : NULL,
                            peer->has_pod_sel ? &peer->pod_sel : NULL);
                }
        }
    }
    for (size_t i = 0; i <= m->nanp; i++) {
        const struct admin_policy *p = i < m->nanp ? &m->anp[i] : m->banp;
        for (int d = 0; p && d < 2; d++) {
            const struct admin_rule *rules = d ? p->eg : p->in;
            size_t nr = d ? p->neg : p->nin;
            for (size_t k = 0; k < nr; k++)
                for (size_t j = 0; j < rules[k].npeers; j++) {
                    const struct admin_peer *peer = &rules[k].peers[j];
                    if (peer->kind != ADMIN_NAMESPACES && peer->kind != ADMIN_PODS)
                        continue;
                    if (admin_selects_all(peer, NULL))
                        break;
                    add_rep(ex, reps, NULL, &peer->ns_sel,
                            peer->kind == ADMIN_PODS ? &peer->pod_sel : NULL);
                }
        }
    }
    size_t out = 0;
    for (size_t i = 0; i < reps->n; i++)
        if (!rep_redundant(m, &reps->v[i]))
            reps->v[out++] = reps->v[i];
    reps->n = out;
}

struct rep_ctx {
    struct exposure *ex;
    const struct rep *rep;
};

static bool admin_selects_rep(const struct admin_peer *p, const void *ctx)
{
    const struct rep_ctx *c = ctx;
    if (p->kind != ADMIN_NAMESPACES && p->kind != ADMIN_PODS)
        return false;
    if (!full_match(c->ex, &p->ns_sel, c->rep->ns_canon))
        return false;
    return p->kind == ADMIN_NAMESPACES || full_match(c->ex, &p->pod_sel, c->rep->pod_canon);
}

static bool peer_matches_rep(struct exposure *ex, const struct np_policy *p,
                             const struct np_peer *peer, const struct rep *r)
{
    if (peer->kind != PEER_PODS)
        return false;
    bool ns_ok = peer->has_ns_sel ? full_match(ex, &peer->ns_sel, r->ns_canon)
                                  : r->ns_name && strcmp(r->ns_name, p->ns) == 0;
    return ns_ok && (!peer->has_pod_sel || full_match(ex, &peer->pod_sel, r->pod_canon));
}

static struct exposure_line *add_line(struct exposure *ex, bool ingress, const char *peer,
                                      const char *other, const char *conn)
{
    struct exposure_line **v = ingress ? &ex->in : &ex->eg;
    size_t *n = ingress ? &ex->nin : &ex->neg, *cap = ingress ? &ex->in_cap : &ex->eg_cap;
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[*n] = (struct exposure_line){.peer = peer, .other = other, .conn = conn,
                                      .entire = strcmp(other, ENTIRE_CLUSTER) == 0};
    return &(*v)[(*n)++];
}

static const char *conn_text(struct exposure *ex, const struct conns *c)
{
    char *buf = NULL;
    size_t cap = 0;
    conns_format(c, &buf, &cap);
    const char *s = arena_strdup(&ex->arena, buf);
    free(buf);
    return s;
}

/* The union of what the rules of a workload's policies in one direction
 * allow, over the rules `want` accepts. */
struct rule_filter {
    bool cluster_wide;     /* the entire-cluster rules */
    const struct rep *rep; /* else the rules whose peers match this representative */
};

static void policies_conns(struct exposure *ex, struct reach *r, uint32_t w, bool ingress,
                           struct rule_filter f, struct conns *out, struct conns *tmp)
{
    const struct np_model *m = r->m;
    uint32_t npols = ingress ? r->nin_pols[w] : r->neg_pols[w];
    const uint32_t *pols = ingress ? r->in_pols[w] : r->eg_pols[w];
    conns_clear(out);
    for (uint32_t i = 0; i < npols; i++) {
        const struct np_policy *p = &m->pol[pols[i]];
        const struct np_rule *rules = ingress ? p->in : p->eg;
        size_t nr = ingress ? p->nin : p->neg;
        for (size_t k = 0; k < nr; k++) {
            bool take = f.cluster_wide && rule_is_cluster_wide(&rules[k]);
            for (size_t j = 0; !take && !f.cluster_wide && j < rules[k].npeers; j++)
                take = peer_matches_rep(ex, p, &rules[k].peers[j], f.rep);
            if (!take && !f.cluster_wide && rules[k].npeers == 0)
                take = true;
            if (!take)
                continue;
            reach_ports_conns(rules[k].ports, rules[k].nports,
                              ingress ? &m->w[w] : REACH_POTENTIAL_POD, tmp);
            conns_union(out, tmp);
        }
    }
}

static bool same(const struct conns *a, const struct conns *b, struct conns *tmp)
{
    conns_copy(tmp, a);
    conns_subtract(tmp, b);
    if (!conns_is_empty(tmp))
        return false;
    conns_copy(tmp, b);
    conns_subtract(tmp, a);
    return conns_is_empty(tmp);
}

/* The admin tiers' verdict for a potential peer (selects decides which admin
 * rule peers match it), over what NetworkPolicy allows (np). */
static void apply_admin_tiers(struct reach *r, uint32_t w, bool ingress, bool np_isolated,
                              bool (*selects)(const struct admin_peer *, const void *),
                              const void *ctx, struct conns *np)
{
    const struct np_model *m = r->m;
    if (!m->nanp && !m->banp)
        return;
    struct admin_side s = {
        .egress = !ingress, .ns = &m->ns[m->w[w].ns_index], .labels = &m->w[w].labels,
        .dst = ingress ? &m->w[w] : REACH_POTENTIAL_POD, .selects = selects, .ctx = ctx,
    };
    admin_verdict(m, &s, np_isolated, np);
}

/* One workload in one direction; returns whether it has exposure lines. */
static bool expose_workload(struct exposure *ex, struct reach *r, const struct reps *reps,
                            uint32_t w, bool ingress)
{
    const struct np_model *m = r->m;
    const struct workload *wl = &m->w[w];
    uint32_t npols = ingress ? r->nin_pols[w] : r->neg_pols[w];
    if (npols == 0 && !admin_protects(m, &m->ns[wl->ns_index], &wl->labels, !ingress)) {
        add_line(ex, ingress, wl->peer, ENTIRE_CLUSTER, "All Connections");
        const char *line = arena_printf(&ex->arena, "%s is not protected on %s", wl->peer,
                                        ingress ? "Ingress" : "Egress");
        if (ex->nunprotected == ex->unprotected_cap) {
            ex->unprotected_cap = ex->unprotected_cap ? ex->unprotected_cap * 2 : 16;
            ex->unprotected = xrealloc(ex->unprotected,
                                       ex->unprotected_cap * sizeof *ex->unprotected);
        }
        ex->unprotected[ex->nunprotected++] = line;
        return true;
    }
    bool any = false;
    struct conns wide = {0}, c = {0}, tmp = {0};
    if (npols)
        policies_conns(ex, r, w, ingress, (struct rule_filter){.cluster_wide = true}, &wide,
                       &tmp);
    else
        conns_set_all(&wide);
    apply_admin_tiers(r, w, ingress, npols > 0, admin_selects_all, NULL, &wide);
    if (!conns_is_empty(&wide)) {
        add_line(ex, ingress, wl->peer, ENTIRE_CLUSTER, conn_text(ex, &wide));
        any = true;
    }
    for (size_t i = 0; i < reps->n; i++) {
        if (npols)
            policies_conns(ex, r, w, ingress, (struct rule_filter){.rep = &reps->v[i]}, &c,
                           &tmp);
        else
            conns_set_all(&c);
        struct rep_ctx ctx = {ex, &reps->v[i]};
        apply_admin_tiers(r, w, ingress, npols > 0, admin_selects_rep, &ctx, &c);
        /* a representative shows where it differs from the entire cluster */
        if (conns_is_empty(&wide) ? conns_is_empty(&c) : same(&c, &wide, &tmp))
            continue;
        struct exposure_line *l = add_line(ex, ingress, wl->peer, reps->v[i].name,
                                           conn_text(ex, &c));
        l->rep_ns = reps->v[i].ns_part;
        l->rep_pod = reps->v[i].pod_part;
        any = true;
    }
    conns_free(&wide);
    conns_free(&c);
    conns_free(&tmp);
    return any;
}

static int cmp_line(const void *a, const void *b)
{
    const struct exposure_line *x = a, *y = b;
    int c = strcmp(x->peer, y->peer);
    return c ? c : strcmp(x->other, y->other);
}

void exposure_build(struct exposure *ex, struct reach *r, const struct connlist *cl,
                    const struct connlist_focus *focus)
{
    memset(ex, 0, sizeof *ex);
    const struct np_model *m = r->m;
    struct reps reps = {0};
    collect_reps(ex, m, &reps);
    bool *exposed = xcalloc(m->nw + 1, sizeof *exposed);
    for (uint32_t w = 0; w < m->nw; w++) {
        if (focus && focus->nworkloads && !connlist_is_focus_workload(focus, &m->w[w]))
            continue;
        reach_policies(r, w);
        if (!focus || focus->direction != FOCUS_INGRESS)
            exposed[w] = expose_workload(ex, r, &reps, w, false);
        if (!focus || focus->direction != FOCUS_EGRESS)
            exposed[w] |= expose_workload(ex, r, &reps, w, true);
        if (exposed[w] && strlen(m->w[w].peer) > ex->width)
            ex->width = strlen(m->w[w].peer);
    }
    /* the connectivity list's external ranges, for the exposed workloads */
    for (size_t i = 0; i < cl->n; i++) {
        const struct conn_line *l = &cl->v[i];
        bool from_ip = !l->src_ns && strcmp(l->src, INGRESS_PEER) != 0;
        bool to_ip = !l->dst_ns;
        long w = from_ip ? model_find_workload(m, l->dst) : to_ip ? model_find_workload(m, l->src)
                                                                 : -1;
        if (w >= 0 && exposed[w])
            add_line(ex, from_ip, from_ip ? l->dst : l->src, from_ip ? l->src : l->dst, l->conn);
    }
    free(exposed);
    free(reps.v);
    if (ex->nin)
        sort_array(ex->in, ex->nin, sizeof *ex->in, cmp_line);
    if (ex->neg)
        sort_array(ex->eg, ex->neg, sizeof *ex->eg, cmp_line);
    if (ex->nunprotected)
        sort_array(ex->unprotected, ex->nunprotected, sizeof *ex->unprotected, cmp_str);
}

void exposure_free(struct exposure *ex)
{
    free(ex->in);
    free(ex->eg);
    free(ex->unprotected);
    free(ex->canon);
    strmap_free(&ex->canon_index);
    arena_free(&ex->arena);
    memset(ex, 0, sizeof *ex);
}

static void write_json_lines(FILE *out, const struct exposure_line *v, size_t n, bool ingress)
{
    if (!n) {
        fputs("null", out); /* as upstream's encoder writes an empty list */
        return;
    }
    fputs("[\n", out);
    for (size_t i = 0; i < n; i++) {
        fputs("      {\n        \"src\": ", out);
        json_write_string(out, ingress ? v[i].other : v[i].peer);
        fputs(",\n        \"dst\": ", out);
        json_write_string(out, ingress ? v[i].peer : v[i].other);
        fputs(",\n        \"conn\": ", out);
        json_write_string(out, v[i].conn);
        fputs(i + 1 < n ? "\n      },\n" : "\n      }\n", out);
    }
    fputs("    ]", out);
}

static void write_rows(FILE *out, enum connlist_format f, const struct exposure_line *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (f == CL_MD) {
            fprintf(out, "| %s | %s | %s |\n", v[i].peer, v[i].other, v[i].conn);
        } else {
            connlist_write_csv_field(out, v[i].peer);
            fputc(',', out);
            connlist_write_csv_field(out, v[i].other);
            fputc(',', out);
            connlist_write_csv_field(out, v[i].conn);
            fputc('\n', out);
        }
    }
}

static int cmp_group(const void *a, const void *b)
{
    const struct exposure_line *x = *(const struct exposure_line *const *)a;
    const struct exposure_line *y = *(const struct exposure_line *const *)b;
    int c = strcmp(x->rep_ns, y->rep_ns);
    return c ? c : strcmp(x->rep_pod, y->rep_pod);
}

/* The graph adds one red cluster per representative namespace, the
 * entire-cluster node, and dashed edges (orange, into or out of the
 * workloads). */
static void write_dot(FILE *out, const struct connlist *cl, const struct exposure *ex,
                      const struct np_model *m)
{
    struct dot_extra extra = {0};
    struct arena a = {0};
    const struct exposure_line **reps = xmalloc((ex->nin + ex->neg + 1) * sizeof *reps);
    size_t nreps = 0;
    for (int ingress = 0; ingress < 2; ingress++) {
        const struct exposure_line *v = ingress ? ex->in : ex->eg;
        size_t n = ingress ? ex->nin : ex->neg;
        for (size_t i = 0; i < n; i++) {
            const char *node = v[i].rep_ns ? arena_printf(&a, "%s_in_%s", v[i].rep_pod, v[i].rep_ns)
                                           : v[i].other;
            if (!v[i].rep_ns && !v[i].entire)
                continue; /* external ranges are the list's own edges */
            if (v[i].rep_ns)
                reps[nreps++] = &v[i];
            else
                connlist_dot_add(&extra.nodes, &a,
                                 "\t\"%s\" [label=\"%s\" color=\"red2\" fontcolor=\"red2\" "
                                 "shape=diamond]\n",
                                 node, node);
            connlist_dot_add(&extra.edges, &a,
                             "\t\"%s\" -> \"%s\" [label=\"%s\" color=\"%s\" fontcolor=\"darkgreen\" "
                             "weight=%s style=dashed]\n",
                             ingress ? node : v[i].peer, ingress ? v[i].peer : node, v[i].conn,
                             ingress ? "darkorange2" : "darkorange4", ingress ? "1" : "0.5");
        }
    }
    if (nreps)
        sort_array(reps, nreps, sizeof *reps, cmp_group);
    for (size_t i = 0; i < nreps; i++) {
        const struct exposure_line *l = reps[i];
        bool first = i == 0 || strcmp(reps[i - 1]->rep_ns, l->rep_ns) != 0;
        bool last = i + 1 == nreps || strcmp(reps[i + 1]->rep_ns, l->rep_ns) != 0;
        bool dup = !first && strcmp(reps[i - 1]->rep_pod, l->rep_pod) == 0;
        const char *head = first ? arena_printf(&a,
                                                "\tsubgraph \"cluster_%s[namespace]\" {\n"
                                                "\t\tcolor=\"red2\"\n\t\tfontcolor=\"red2\"\n",
                                                connlist_dot_id(&a, l->rep_ns))
                                 : "";
        const char *node = dup ? ""
                               : arena_printf(&a,
                                              "\t\t\"%s_in_%s\" [label=\"%s\" color=\"red2\" "
                                              "fontcolor=\"red2\"]\n",
                                              l->rep_pod, l->rep_ns, l->rep_pod);
        const char *tail =
            last ? arena_printf(&a, "\t\tlabel=\"%s[namespace]\"\n\t}\n", l->rep_ns) : "";
        connlist_dot_add(&extra.groups, &a, "%s%s%s", head, node, tail);
    }
    free(reps);
    connlist_write_dot(out, cl, m, &extra);
    connlist_dot_free(&extra.groups);
    connlist_dot_free(&extra.nodes);
    connlist_dot_free(&extra.edges);
    arena_free(&a);
}

void exposure_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct exposure *ex, const struct np_model *m)
{
    switch (f) {
    case CL_TXT:
        connlist_write(out, f, cl, m);
        if (cl->n)
            fputc('\n', out);
        fputs("Exposure Analysis Result:\n", out);
        if (ex->neg)
            fputs("Egress Exposure:\n", out);
        for (size_t i = 0; i < ex->neg; i++)
            fprintf(out, "%-*s \t=> \t%s : %s\n", (int)ex->width, ex->eg[i].peer, ex->eg[i].other,
                    ex->eg[i].conn);
        if (ex->nin)
            fputs(ex->neg ? "\nIngress Exposure:\n" : "Ingress Exposure:\n", out);
        for (size_t i = 0; i < ex->nin; i++)
            fprintf(out, "%-*s \t<= \t%s : %s\n", (int)ex->width, ex->in[i].peer, ex->in[i].other,
                    ex->in[i].conn);
        if (ex->nunprotected)
            fputs("\nWorkloads not protected by network policies:\n", out);
        for (size_t i = 0; i < ex->nunprotected; i++)
            fprintf(out, "%s\n", ex->unprotected[i]);
        break;
    case CL_MD:
        connlist_write(out, f, cl, m);
        fputs("## Exposure Analysis Result:\n", out);
        if (ex->neg)
            fputs("### Egress Exposure:\n| src | dst | conn |\n|-----|-----|------|\n", out);
        write_rows(out, f, ex->eg, ex->neg);
        if (ex->nin)
            fputs("\n### Ingress Exposure:\n| dst | src | conn |\n|-----|-----|------|\n", out);
        write_rows(out, f, ex->in, ex->nin);
        break;
    case CL_CSV:
        connlist_write(out, f, cl, m);
        fputs("Exposure Analysis Result:,,\n", out);
        if (ex->neg)
            fputs("Egress Exposure:,,\nsrc,dst,conn\n", out);
        write_rows(out, f, ex->eg, ex->neg);
        if (ex->nin)
            fputs("Ingress Exposure:,,\ndst,src,conn\n", out);
        write_rows(out, f, ex->in, ex->nin);
        break;
    case CL_JSON:
        fputs("{\n  \"connlist_results\": ", out);
        connlist_write_json_array(out, cl, 2);
        fputs(",\n  \"exposure_results\": {\n    \"egress_exposure\": ", out);
        write_json_lines(out, ex->eg, ex->neg, false);
        fputs(",\n    \"ingress_exposure\": ", out);
        write_json_lines(out, ex->in, ex->nin, true);
        fputs("\n  }\n}\n", out);
        break;
    case CL_DOT:
        write_dot(out, cl, ex, m);
        break;
    }
}
