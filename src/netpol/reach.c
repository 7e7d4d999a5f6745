/* reach.c — pairwise and whole-cluster reachability (reach.h). */
#include "reach.h"

#include "admin.h"

#include <stdlib.h>
#include <string.h>

static bool policy_selects(const struct np_policy *p, const struct workload *w)
{
    return selector_matches(&p->pod_sel, &w->labels);
}

static void push(uint32_t **v, uint32_t *n, uint32_t x)
{
    if ((*n & (*n - 1)) == 0 || *n == 0) /* grow at powers of two */
        *v = xrealloc(*v, (*n ? *n * 2 : 1) * sizeof **v);
    (*v)[(*n)++] = x;
}

static void add_cut_pair(uint64_t **cuts, size_t *n, size_t *cap, struct ip_range r)
{
    if (*n + 2 > *cap) {
        *cap = *cap * 2 + 16;
        *cuts = xrealloc(*cuts, *cap * sizeof **cuts);
    }
    (*cuts)[(*n)++] = r.lo;
    (*cuts)[(*n)++] = (uint64_t)r.hi + 1;
}

/* Boundaries of every external block the rules of one direction mention
 * (admin policies name external destinations in egress rules only). */
static void collect_cuts(const struct np_model *m, bool egress, uint64_t **cuts, size_t *n)
{
    size_t cap = 0;
    *cuts = NULL;
    *n = 0;
    for (size_t i = 0; i < m->npol; i++) {
        const struct np_policy *p = &m->pol[i];
        const struct np_rule *rules = egress ? p->eg : p->in;
        size_t nr = egress ? p->neg : p->nin;
        for (size_t k = 0; k < nr; k++)
            for (size_t j = 0; j < rules[k].npeers; j++)
                for (size_t q = 0; q < rules[k].peers[j].ip.n; q++)
                    add_cut_pair(cuts, n, &cap, rules[k].peers[j].ip.r[q]);
    }
    for (size_t i = 0; egress && i <= m->nanp; i++) {
        const struct admin_policy *p = i < m->nanp ? &m->anp[i] : m->banp;
        for (size_t k = 0; p && k < p->neg; k++)
            for (size_t j = 0; j < p->eg[k].npeers; j++)
                for (size_t q = 0; q < p->eg[k].peers[j].ip.n; q++)
                    add_cut_pair(cuts, n, &cap, p->eg[k].peers[j].ip.r[q]);
    }
}

static struct ip_range *split_ips(const struct np_model *m, bool egress, size_t *n)
{
    uint64_t *cuts;
    size_t ncuts;
    collect_cuts(m, egress, &cuts, &ncuts);
    struct ip_range *out = ip_split(cuts, ncuts, n);
    free(cuts);
    return out;
}

void reach_init(struct reach *r, struct np_model *m)
{
    memset(r, 0, sizeof *r);
    r->m = m;
    model_finish(m);
    r->in_pols = xcalloc(m->nw + 1, sizeof *r->in_pols);
    r->eg_pols = xcalloc(m->nw + 1, sizeof *r->eg_pols);
    r->nin_pols = xcalloc(m->nw + 1, sizeof *r->nin_pols);
    r->neg_pols = xcalloc(m->nw + 1, sizeof *r->neg_pols);
    r->pols_known = xcalloc(m->nw + 1, sizeof *r->pols_known);
    r->ingress_ns_label = (struct label){NS_NAME_LABEL, INGRESS_NAMESPACE};
    r->ingress_ns = (struct np_namespace){.name = INGRESS_NAMESPACE,
                                          .labels = {&r->ingress_ns_label, 1}};
}

void reach_policies(struct reach *r, uint32_t w)
{
    if (r->pols_known[w])
        return;
    r->pols_known[w] = true;
    const struct np_model *m = r->m;
    const struct np_namespace *ns = &m->ns[m->w[w].ns_index];
    for (size_t i = 0; i < ns->npolicies; i++) {
        const struct np_policy *p = &m->pol[ns->policies[i]];
        if (!policy_selects(p, &m->w[w]))
            continue;
        if (p->affects_ingress)
            push(&r->in_pols[w], &r->nin_pols[w], ns->policies[i]);
        if (p->affects_egress)
            push(&r->eg_pols[w], &r->neg_pols[w], ns->policies[i]);
    }
}

void reach_external_ranges(struct reach *r)
{
    if (r->ranges_known)
        return;
    r->ranges_known = true;
    r->src_ips = split_ips(r->m, false, &r->nsrc_ips);
    r->dst_ips = split_ips(r->m, true, &r->ndst_ips);
}

void reach_free(struct reach *r)
{
    for (size_t i = 0; i < r->m->nw; i++) {
        free(r->in_pols[i]);
        free(r->eg_pols[i]);
    }
    free(r->in_pols);
    free(r->eg_pols);
    free(r->nin_pols);
    free(r->neg_pols);
    free(r->pols_known);
    free(r->src_ips);
    free(r->dst_ips);
    conns_free(&r->a);
    conns_free(&r->b);
    conns_free(&r->tmp);
    memset(r, 0, sizeof *r);
}

static inline void bit_set(uint64_t *b, size_t i)
{
    b[i / 64] |= (uint64_t)1 << (i % 64);
}

static inline bool bit_test(const uint64_t *b, size_t i)
{
    return (b[i / 64] >> (i % 64)) & 1;
}

static void bits_fill(uint64_t *b, size_t nbits)
{
    size_t words = (nbits + 63) / 64;
    memset(b, 0xff, words * sizeof *b);
    if (nbits % 64)
        b[words - 1] = ((uint64_t)1 << (nbits % 64)) - 1;
}

bool reach_peer_selects(const struct np_policy *p, const struct np_peer *peer,
                        const struct np_namespace *ns, const struct labels *pod_labels)
{
    if (peer->kind != PEER_PODS)
        return false;
    if (peer->has_ns_sel ? !selector_matches(&peer->ns_sel, &ns->labels)
                         : strcmp(ns->name, p->ns) != 0)
        return false;
    return !peer->has_pod_sel || selector_matches(&peer->pod_sel, pod_labels);
}

static void add_peer_members(struct np_model *m, const struct np_policy *p,
                             const struct np_peer *peer, uint64_t *bits)
{
    for (size_t n = 0; n < m->nns; n++) {
        const struct np_namespace *ns = &m->ns[n];
        if (peer->has_ns_sel ? !selector_matches(&peer->ns_sel, &ns->labels) : n != p->ns_index)
            continue;
        for (size_t k = 0; k < ns->nworkloads; k++) {
            uint32_t w = ns->workloads[k];
            if (reach_peer_selects(p, peer, ns, &m->w[w].labels))
                bit_set(bits, w);
        }
    }
}

const uint64_t *reach_rule_members(struct reach *r, const struct np_policy *p,
                                   struct np_rule *rule)
{
    if (rule->members)
        return rule->members;
    struct np_model *m = r->m;
    rule->members = xcalloc(m->words + 1, sizeof *rule->members);
    if (rule->npeers == 0) {
        bits_fill(rule->members, m->nw);
        return rule->members;
    }
    for (size_t i = 0; i < rule->npeers; i++)
        if (rule->peers[i].kind == PEER_PODS)
            add_peer_members(m, p, &rule->peers[i], rule->members);
    return rule->members;
}

static bool rule_selects(struct reach *r, const struct np_policy *p, struct np_rule *rule,
                         struct endpoint e)
{
    if (e.kind == EP_WORKLOAD)
        return bit_test(reach_rule_members(r, p, rule), e.w);
    if (rule->npeers == 0)
        return true;
    if (e.kind == EP_INGRESS) {
        static const struct labels none = {0};
        for (size_t i = 0; i < rule->npeers; i++)
            if (reach_peer_selects(p, &rule->peers[i], &r->ingress_ns, &none))
                return true;
        return false;
    }
    for (size_t i = 0; i < rule->npeers; i++)
        if (rule->peers[i].kind == PEER_IPBLOCK && ipblock_contains(&rule->peers[i].ip, e.ip.lo))
            return true;
    return false;
}

static const struct container_port *find_named_port(const struct workload *w, const char *name)
{
    for (size_t i = 0; i < w->nports; i++)
        if (w->ports[i].name && strcmp(w->ports[i].name, name) == 0)
            return &w->ports[i];
    return NULL;
}

const struct workload reach_potential_pod;

void reach_ports_conns(const struct np_port *ports, size_t n, const struct workload *dst,
                       struct conns *out)
{
    conns_clear(out);
    if (n == 0) {
        conns_set_all(out);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const struct np_port *p = &ports[i];
        if (p->any) {
            conns_add_all_ports(out, p->proto);
        } else if (p->named && dst == REACH_POTENTIAL_POD) {
            conns_add_named(out, p->proto, p->named_any_proto, p->named);
        } else if (p->named) {
            const struct container_port *cp = dst ? find_named_port(dst, p->named) : NULL;
            if (cp && (p->named_any_proto || cp->proto == p->proto))
                conns_add(out, cp->proto, cp->port, cp->port);
        } else {
            conns_add(out, p->proto, p->lo, p->hi);
        }
    }
}

void reach_rule_conns(const struct np_rule *rule, const struct workload *dst, struct conns *out)
{
    reach_ports_conns(rule->ports, rule->nports, dst, out);
}

static void why_add_rule(struct reach_why *why, uint32_t pol, uint32_t rule, bool egress)
{
    if (why->nrules == why->rules_cap) {
        why->rules_cap = why->rules_cap ? why->rules_cap * 2 : 8;
        why->rules = xrealloc(why->rules, why->rules_cap * sizeof *why->rules);
    }
    why->rules[why->nrules++] = (struct reach_rule_ref){pol, rule, egress};
}

/* The namespace and labels of a pod endpoint (workload or the ingress
 * controller); false for external ranges. */
static bool endpoint_pod(const struct reach *r, struct endpoint e, const struct np_namespace **ns,
                         const struct labels **labels)
{
    static const struct labels none = {0};
    if (e.kind == EP_WORKLOAD) {
        *ns = &r->m->ns[r->m->w[e.w].ns_index];
        *labels = &r->m->w[e.w].labels;
        return true;
    }
    if (e.kind == EP_INGRESS) {
        *ns = &r->ingress_ns;
        *labels = &none;
        return true;
    }
    return false;
}

static void apply_admin(struct reach *r, struct endpoint captured, struct endpoint other,
                        const struct workload *dst, bool egress, bool isolated, struct conns *out)
{
    struct admin_side s = {.egress = egress, .dst = dst};
    endpoint_pod(r, captured, &s.ns, &s.labels);
    if (!endpoint_pod(r, other, &s.other_ns, &s.other_labels))
        s.other_ip = &other.ip;
    admin_verdict(r->m, &s, isolated, out);
}

/* One direction: the connections the policies isolating `captured` allow
 * with `other`; all connections when none isolates it. */
static void side_conns(struct reach *r, struct endpoint src, struct endpoint dst, bool egress,
                       struct conns *out, struct reach_why *why)
{
    struct endpoint captured = egress ? src : dst, other = egress ? dst : src;
    uint32_t npols = 0;
    const uint32_t *pols = NULL;
    if (captured.kind == EP_WORKLOAD) {
        reach_policies(r, captured.w);
        npols = egress ? r->neg_pols[captured.w] : r->nin_pols[captured.w];
        pols = egress ? r->eg_pols[captured.w] : r->in_pols[captured.w];
    }
    if (why) {
        *(egress ? &why->src_isolated : &why->dst_isolated) = npols > 0;
        *(egress ? &why->src_policies : &why->dst_policies) = (uint32_t *)pols;
        *(egress ? &why->nsrc_policies : &why->ndst_policies) = npols;
    }
    const struct workload *dw = dst.kind == EP_WORKLOAD ? &r->m->w[dst.w] : NULL;
    bool admin = (r->m->nanp || r->m->banp) && captured.kind != EP_IP;
    if (npols == 0) {
        conns_set_all(out);
        if (admin)
            apply_admin(r, captured, other, dw, egress, false, out);
        return;
    }
    conns_clear(out);
    for (uint32_t i = 0; i < npols; i++) {
        struct np_policy *p = &r->m->pol[pols[i]];
        struct np_rule *rules = egress ? p->eg : p->in;
        size_t nr = egress ? p->neg : p->nin;
        for (size_t k = 0; k < nr; k++) {
            if (!rule_selects(r, p, &rules[k], other))
                continue;
            reach_rule_conns(&rules[k], dw, &r->tmp);
            if (conns_is_empty(&r->tmp))
                continue;
            conns_union(out, &r->tmp);
            if (why)
                why_add_rule(why, pols[i], (uint32_t)k, egress);
            else if (conns_is_all(out) && !admin)
                return;
        }
    }
    if (admin)
        apply_admin(r, captured, other, dw, egress, true, out);
}

void reach_pair(struct reach *r, struct endpoint src, struct endpoint dst, struct conns *out,
                struct reach_why *why)
{
    side_conns(r, src, dst, true, out, why);
    if (conns_is_empty(out) && !why)
        return;
    side_conns(r, src, dst, false, &r->b, why);
    conns_intersect(out, &r->b);
}

void reach_why_free(struct reach_why *why)
{
    free(why->rules);
    memset(why, 0, sizeof *why);
}

/* Workloads whose ingress admits some connection from each source:
 * it[s] is a bitset over destinations. Destinations no policy isolates for
 * ingress are in `open` instead. */
static uint64_t *admitted_sources(struct reach *r, uint64_t *open)
{
    struct np_model *m = r->m;
    size_t words = m->words;
    uint64_t *it = xcalloc(m->nw * words + 1, sizeof *it);
    uint64_t *acc = xcalloc(words + 1, sizeof *acc);
    for (size_t d = 0; d < m->nw; d++) {
        if (r->nin_pols[d] == 0) {
            bit_set(open, d);
            continue;
        }
        memset(acc, 0, words * sizeof *acc);
        for (uint32_t i = 0; i < r->nin_pols[d]; i++) {
            struct np_policy *p = &m->pol[r->in_pols[d][i]];
            for (size_t k = 0; k < p->nin; k++) {
                const uint64_t *mem = reach_rule_members(r, p, &p->in[k]);
                for (size_t q = 0; q < words; q++)
                    acc[q] |= mem[q];
            }
        }
        for (size_t q = 0; q < words; q++)
            for (uint64_t b = acc[q]; b; b &= b - 1) {
                size_t s = q * 64 + (size_t)__builtin_ctzll(b);
                bit_set(it + s * words, d);
            }
    }
    free(acc);
    return it;
}

static void egress_targets(struct reach *r, size_t s, uint64_t *out)
{
    struct np_model *m = r->m;
    if (r->neg_pols[s] == 0) {
        bits_fill(out, m->nw);
        return;
    }
    memset(out, 0, m->words * sizeof *out);
    for (uint32_t i = 0; i < r->neg_pols[s]; i++) {
        struct np_policy *p = &m->pol[r->eg_pols[s][i]];
        for (size_t k = 0; k < p->neg; k++) {
            const uint64_t *mem = reach_rule_members(r, p, &p->eg[k]);
            for (size_t q = 0; q < m->words; q++)
                out[q] |= mem[q];
        }
    }
}

static void emit_if_any(struct reach *r, struct endpoint src, struct endpoint dst, reach_fn fn,
                        void *ctx)
{
    reach_pair(r, src, dst, &r->a, NULL);
    if (!conns_is_empty(&r->a))
        fn(src, dst, &r->a, ctx);
}

/* External ranges (indices into `ranges`) a workload's rules can match in
 * one direction, marked with `stamp` in marks[] and listed in out[]; all of
 * them when the workload is not isolated or a rule has no peers. */
static size_t candidate_ranges(struct reach *r, uint32_t w, bool egress,
                               const struct ip_range *ranges, size_t nranges, uint32_t *marks,
                               uint32_t stamp, uint32_t *out)
{
    uint32_t npols = egress ? r->neg_pols[w] : r->nin_pols[w];
    const uint32_t *pols = egress ? r->eg_pols[w] : r->in_pols[w];
    size_t n = 0;
    bool all = npols == 0 || r->m->nanp || r->m->banp;
    for (uint32_t i = 0; !all && i < npols; i++) {
        const struct np_policy *p = &r->m->pol[pols[i]];
        const struct np_rule *rules = egress ? p->eg : p->in;
        size_t nr = egress ? p->neg : p->nin;
        for (size_t k = 0; !all && k < nr; k++) {
            all = rules[k].npeers == 0;
            for (size_t j = 0; !all && j < rules[k].npeers; j++) {
                const struct ipblock *b = &rules[k].peers[j].ip;
                for (size_t q = 0; q < b->n; q++) {
                    size_t lo = 0, hi = nranges; /* first range starting at the block */
                    while (lo < hi) {
                        size_t mid = (lo + hi) / 2;
                        if (ranges[mid].lo < b->r[q].lo)
                            lo = mid + 1;
                        else
                            hi = mid;
                    }
                    for (; lo < nranges && ranges[lo].hi <= b->r[q].hi; lo++)
                        if (marks[lo] != stamp) {
                            marks[lo] = stamp;
                            out[n++] = (uint32_t)lo;
                        }
                }
            }
        }
    }
    if (all)
        for (size_t i = 0; i < nranges; i++)
            out[i] = (uint32_t)i;
    return all ? nranges : n;
}

void reach_all(struct reach *r, reach_fn fn, void *ctx)
{
    struct np_model *m = r->m;
    size_t words = m->words;
    for (uint32_t w = 0; w < m->nw; w++)
        reach_policies(r, w);
    reach_external_ranges(r);
    uint64_t *open = xcalloc(words + 1, sizeof *open);
    uint64_t *it = admitted_sources(r, open);
    uint64_t *targets = xcalloc(words + 1, sizeof *targets);
    /* admin tiers can allow what NetworkPolicy denies: every pair is a candidate */
    bool admin = m->nanp || m->banp;
    if (admin)
        bits_fill(open, m->nw);
    size_t nmax = r->nsrc_ips > r->ndst_ips ? r->nsrc_ips : r->ndst_ips;
    uint32_t *marks = xcalloc(2 * nmax + 1, sizeof *marks), *cand = marks + nmax;
    for (size_t s = 0; s < m->nw; s++) {
        if (admin)
            bits_fill(targets, m->nw);
        else
            egress_targets(r, s, targets);
        const uint64_t *row = it + s * words;
        struct endpoint src = {.kind = EP_WORKLOAD, .w = (uint32_t)s};
        for (size_t q = 0; q < words; q++)
            for (uint64_t b = targets[q] & (row[q] | open[q]); b; b &= b - 1) {
                size_t d = q * 64 + (size_t)__builtin_ctzll(b);
                if (d != s)
                    emit_if_any(r, src, (struct endpoint){.kind = EP_WORKLOAD, .w = (uint32_t)d},
                                fn, ctx);
            }
        size_t nc = candidate_ranges(r, (uint32_t)s, true, r->dst_ips, r->ndst_ips, marks,
                                     (uint32_t)(2 * s + 1), cand);
        for (size_t a = 0; a < nc; a++)
            emit_if_any(r, src, (struct endpoint){.kind = EP_IP, .ip = r->dst_ips[cand[a]]}, fn,
                        ctx);
    }
    for (size_t d = 0; d < m->nw; d++) {
        size_t nc = candidate_ranges(r, (uint32_t)d, false, r->src_ips, r->nsrc_ips, marks,
                                     (uint32_t)(2 * d + 2), cand);
        for (size_t a = 0; a < nc; a++)
            emit_if_any(r, (struct endpoint){.kind = EP_IP, .ip = r->src_ips[cand[a]]},
                        (struct endpoint){.kind = EP_WORKLOAD, .w = (uint32_t)d}, fn, ctx);
    }
    free(marks);
    free(targets);
    free(it);
    free(open);
}

/* ---- the ingress controller ---- */

static const struct np_service *find_service(const struct np_model *m, const char *ns,
                                             const char *name)
{
    for (size_t i = 0; i < m->nsvc; i++)
        if (strcmp(m->svc[i].ns, ns) == 0 && strcmp(m->svc[i].name, name) == 0)
            return &m->svc[i];
    return NULL;
}

/* The port a backend reaches on a workload behind the Service: the target of
 * the service port it names (every service port when it names none). */
static void add_backend_ports(const struct np_backend *b, const struct np_service *s,
                              const struct workload *w, struct conns *out)
{
    for (size_t i = 0; i < s->nports; i++) {
        const struct np_service_port *sp = &s->ports[i];
        bool any = !b->port && !b->port_name;
        bool named = b->port_name && ((sp->name && strcmp(sp->name, b->port_name) == 0) ||
                                      (sp->target_name && strcmp(sp->target_name, b->port_name) == 0));
        bool numbered = b->port && (sp->port == b->port || (!sp->target_name && sp->target == b->port));
        if (!any && !named && !numbered)
            continue;
        uint32_t port = sp->target;
        if (sp->target_name) {
            const struct container_port *cp = find_named_port(w, sp->target_name);
            if (!cp || cp->proto != PROTO_TCP)
                port = 0;
            else
                port = cp->port;
        }
        /* only a port the pod declares is reachable through the Service */
        bool declared = false;
        for (size_t k = 0; port && k < w->nports; k++)
            declared |= w->ports[k].port == port;
        if (declared)
            conns_add(out, PROTO_TCP, port, port);
        if (!any)
            return; /* the first matching service port decides */
    }
}

void reach_ingress(struct reach *r, reach_fn fn, void *ctx)
{
    struct np_model *m = r->m;
    struct conns want = {0};
    struct endpoint ctl = {.kind = EP_INGRESS};
    for (uint32_t w = 0; w < m->nw; w++) {
        const struct workload *wl = &m->w[w];
        conns_clear(&want);
        for (size_t i = 0; i < m->nbackends; i++) {
            const struct np_backend *b = &m->backends[i];
            if (strcmp(b->ns, wl->ns) != 0)
                continue;
            const struct np_service *s = find_service(m, b->ns, b->service);
            if (s && s->has_selector && labels_subset(&s->selector, &wl->labels))
                add_backend_ports(b, s, wl, &want);
        }
        if (conns_is_empty(&want))
            continue;
        reach_pair(r, ctl, (struct endpoint){.kind = EP_WORKLOAD, .w = w}, &r->a, NULL);
        conns_intersect(&r->a, &want);
        if (!conns_is_empty(&r->a))
            fn(ctl, (struct endpoint){.kind = EP_WORKLOAD, .w = w}, &r->a, ctx);
    }
    conns_free(&want);
}
