/* admin.c — AdminNetworkPolicy and BaselineAdminNetworkPolicy: reading and
 * validating them into the model, ordering them, and the tiered verdict
 * that wraps NetworkPolicy (admin rules by priority: Allow and Deny decide,
 * Pass hands the traffic down; then NetworkPolicy for isolated pods; then
 * the baseline's rules; then allow). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "model_priv.h"
#include "../core/sort.h"

struct admin_reader {
    struct model_reader rd;
    bool baseline;
};

static void read_selector(struct admin_reader *r, const struct node *n, struct selector *out)
{
    model_reader_selector(&r->rd, n, out, "selector");
}

/* Exactly one of the listed fields is set; returns its index, or -1. */
static int one_of(struct admin_reader *r, const struct node *n, const char *const *fields,
                  int nfields, const char *what)
{
    int found = -1, count = 0;
    for (int i = 0; i < nfields; i++) {
        const struct node *v = node_get(n, fields[i]);
        if (v && v->type != NODE_NULL) {
            found = i;
            count++;
        }
    }
    if (count != 1)
        model_reader_bad(&r->rd, n, "%s must set exactly one of its fields (%s)", what,
            count ? "more than one is set" : "none is set");
    return count == 1 ? found : -1;
}

static void read_pods(struct admin_reader *r, const struct node *pods, struct admin_peer *p)
{
    p->kind = ADMIN_PODS;
    const struct node *ns = node_get(pods, "namespaceSelector");
    const struct node *ps = node_get(pods, "podSelector");
    if (!node_is_map(pods)) {
        model_reader_bad(&r->rd, pods, "pods must be a mapping of namespaceSelector and podSelector");
        return;
    }
    read_selector(r, ns, &p->ns_sel);
    read_selector(r, ps, &p->pod_sel);
}

static void read_networks(struct admin_reader *r, const struct node *nets, struct admin_peer *p)
{
    p->kind = ADMIN_NETWORKS;
    if (!node_is_seq(nets) || !node_len(nets)) {
        model_reader_bad(&r->rd, nets, "networks must be a non-empty list of CIDRs");
        return;
    }
    uint64_t *cuts = xmalloc(2 * node_len(nets) * sizeof *cuts);
    struct ip_range *in = xmalloc(node_len(nets) * sizeof *in);
    size_t n = 0;
    for (size_t i = 0; i < node_len(nets); i++) {
        const struct node *c = node_at(nets, i);
        bool v6;
        uint32_t lo, hi;
        const char *why;
        if (!node_str(c) || !cidr_parse(node_str(c), &v6, &lo, &hi, &why)) {
            model_reader_bad(&r->rd, c, "invalid CIDR \"%s\" in networks", node_text(c) ? node_text(c) : "");
            break;
        }
        if (!v6)
            in[n++] = (struct ip_range){lo, hi};
    }
    /* the union of the CIDRs, as sorted disjoint ranges */
    size_t ncuts = 0;
    for (size_t i = 0; i < n; i++) {
        cuts[ncuts++] = in[i].lo;
        cuts[ncuts++] = (uint64_t)in[i].hi + 1;
    }
    size_t nparts;
    struct ip_range *parts = ip_split(cuts, ncuts, &nparts);
    p->ip.r = xmalloc((nparts + 1) * sizeof *p->ip.r);
    for (size_t i = 0; i < nparts; i++) {
        bool inside = false;
        for (size_t k = 0; k < n && !inside; k++)
            inside = in[k].lo <= parts[i].lo && parts[i].hi <= in[k].hi;
        if (inside)
            p->ip.r[p->ip.n++] = parts[i];
    }
    free(parts);
    free(in);
    free(cuts);
}

static void read_peer(struct admin_reader *r, const struct node *n, bool egress,
                      struct admin_peer *p)
{
    static const char *const FIELDS[] = {"namespaces", "pods", "nodes", "networks"};
    if (!node_is_map(n)) {
        model_reader_bad(&r->rd, n, "a rule peer must be a mapping");
        return;
    }
    int k = one_of(r, n, FIELDS, egress ? 4 : 2, "a rule peer");
    if (k < 0)
        return;
    const struct node *v = node_get(n, FIELDS[k]);
    switch (k) {
    case 0:
        p->kind = ADMIN_NAMESPACES;
        read_selector(r, v, &p->ns_sel);
        break;
    case 1:
        read_pods(r, v, p);
        break;
    case 2:
        p->kind = ADMIN_NODES;
        read_selector(r, v, &p->pod_sel);
        break;
    default:
        read_networks(r, v, p);
        break;
    }
}

static bool read_number(const struct node *n, uint32_t *out)
{
    int64_t v;
    if (!node_int(n, &v) || v < PORT_MIN || v > PORT_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

static void read_protocol(struct admin_reader *r, const struct node *n, struct np_port *p)
{
    const struct node *proto = node_get(n, "protocol");
    p->proto = PROTO_TCP;
    if (proto && proto->type != NODE_NULL &&
        (!node_str(proto) || !proto_parse(node_str(proto), &p->proto)))
        model_reader_bad(&r->rd, proto, "protocol must be TCP, UDP or SCTP");
}

static void read_port(struct admin_reader *r, const struct node *n, struct np_port *p)
{
    static const char *const FIELDS[] = {"portNumber", "namedPort", "portRange"};
    if (!node_is_map(n)) {
        model_reader_bad(&r->rd, n, "a port must be a mapping");
        return;
    }
    int k = one_of(r, n, FIELDS, 3, "a port");
    const struct node *v = k >= 0 ? node_get(n, FIELDS[k]) : NULL;
    if (k == 0) {
        read_protocol(r, v, p);
        if (!read_number(node_get(v, "port"), &p->lo))
            model_reader_bad(&r->rd, v, "portNumber.port must be a port number 1-65535");
        p->hi = p->lo;
    } else if (k == 1) {
        if (!node_str(v) || !*node_str(v)) {
            model_reader_bad(&r->rd, v, "namedPort must be a port name");
            return;
        }
        p->named = arena_strdup(&r->rd.m->arena, node_str(v));
        p->named_any_proto = true;
    } else if (k == 2) {
        read_protocol(r, v, p);
        if (!read_number(node_get(v, "start"), &p->lo) ||
            !read_number(node_get(v, "end"), &p->hi) || p->hi < p->lo)
            model_reader_bad(&r->rd, v, "portRange needs start <= end, both port numbers 1-65535");
    }
}

static void read_rule(struct admin_reader *r, const struct node *n, bool egress,
                      struct admin_rule *rule)
{
    struct arena *a = &r->rd.m->arena;
    if (!node_is_map(n)) {
        model_reader_bad(&r->rd, n, "a rule must be a mapping");
        return;
    }
    const struct node *name = node_get(n, "name"), *action = node_get(n, "action");
    const struct node *peers = node_get(n, egress ? "to" : "from"), *ports = node_get(n, "ports");
    rule->name = arena_strdup(a, node_str(name) ? node_str(name) : "");
    if (node_str_eq(action, "Allow"))
        rule->action = ADMIN_ALLOW;
    else if (node_str_eq(action, "Deny"))
        rule->action = ADMIN_DENY;
    else if (node_str_eq(action, "Pass") && !r->baseline)
        rule->action = ADMIN_PASS;
    else {
        model_reader_bad(&r->rd, action ? action : n, "rule \"%s\": action must be %s", rule->name,
            r->baseline ? "Allow or Deny" : "Allow, Deny or Pass");
        return;
    }
    if (!node_is_seq(peers) || !node_len(peers)) {
        model_reader_bad(&r->rd, peers ? peers : n, "rule \"%s\": %s must list at least one peer", rule->name,
            egress ? "to" : "from");
        return;
    }
    rule->npeers = node_len(peers);
    rule->peers = arena_zalloc(a, (rule->npeers + 1) * sizeof *rule->peers);
    for (size_t i = 0; i < rule->npeers; i++)
        read_peer(r, node_at(peers, i), egress, &rule->peers[i]);
    if (ports && ports->type != NODE_NULL && !node_is_seq(ports)) {
        model_reader_bad(&r->rd, ports, "rule \"%s\": ports must be a list", rule->name);
        return;
    }
    rule->nports = node_len(ports);
    rule->ports = arena_zalloc(a, (rule->nports + 1) * sizeof *rule->ports);
    for (size_t i = 0; i < rule->nports; i++)
        read_port(r, node_at(ports, i), &rule->ports[i]);
}

static void read_rules(struct admin_reader *r, const struct node *spec, bool egress,
                       struct admin_rule **out, size_t *n)
{
    const struct node *rules = node_get(spec, egress ? "egress" : "ingress");
    if (rules && rules->type != NODE_NULL && !node_is_seq(rules)) {
        model_reader_bad(&r->rd, rules, "%s must be a list", egress ? "egress" : "ingress");
        return;
    }
    *n = node_len(rules);
    *out = arena_zalloc(&r->rd.m->arena, (*n + 1) * sizeof **out);
    for (size_t i = 0; i < *n; i++)
        read_rule(r, node_at(rules, i), egress, &(*out)[i]);
}

static void free_blocks(struct admin_policy *p)
{
    for (int d = 0; d < 2; d++) {
        struct admin_rule *rules = d ? p->eg : p->in;
        size_t n = d ? p->neg : p->nin;
        for (size_t i = 0; rules && i < n; i++)
            for (size_t k = 0; k < rules[i].npeers; k++) {
                free(rules[i].peers[k].ip.r);
                rules[i].peers[k].ip.r = NULL;
            }
    }
}

void admin_add(struct np_model *m, const struct k8s_object *o, bool baseline)
{
    struct admin_reader r = {
        .rd = {.m = m, .file = arena_strdup(&m->arena, o->file), .kind = o->kind,
               .name = o->name ? o->name : "", .ok = true},
        .baseline = baseline,
    };
    if (!o->name) {
        model_reader_bad(&r.rd, o->node, "metadata.name is missing");
        return;
    }
    if (baseline && m->banp) {
        model_reader_bad(&r.rd, o->node, "only one BaselineAdminNetworkPolicy may exist (\"%s\" is already "
                         "defined)", m->banp->name);
        return;
    }
    if (baseline && strcmp(o->name, "default") != 0) {
        model_reader_bad(&r.rd, o->node, "a BaselineAdminNetworkPolicy must be named \"default\"");
        return;
    }
    for (size_t i = 0; !baseline && i < m->nanp; i++)
        if (strcmp(m->anp[i].name, o->name) == 0) {
            model_reader_bad(&r.rd, o->node, "defined more than once");
            return;
        }
    struct admin_policy p = {0};
    p.obj = model_obj_copy(m, o);
    p.name = p.obj.name;
    const struct node *spec = node_get(o->node, "spec");
    if (!baseline) {
        const struct node *prio = node_get(spec, "priority");
        if (!node_int(prio, &p.priority) || p.priority < 0 || p.priority > 1000)
            model_reader_bad(&r.rd, prio ? prio : o->node, "priority must be an integer from 0 to 1000");
    }
    static const char *const SUBJECT[] = {"namespaces", "pods"};
    const struct node *subject = node_get(spec, "subject");
    int k = node_is_map(subject) ? one_of(&r, subject, SUBJECT, 2, "subject") : -1;
    if (!node_is_map(subject))
        model_reader_bad(&r.rd, subject ? subject : o->node, "subject must select namespaces or pods");
    if (k == 0) {
        p.subject.kind = ADMIN_NAMESPACES;
        read_selector(&r, node_get(subject, "namespaces"), &p.subject.ns_sel);
    } else if (k == 1) {
        read_pods(&r, node_get(subject, "pods"), &p.subject);
    }
    read_rules(&r, spec, false, &p.in, &p.nin);
    read_rules(&r, spec, true, &p.eg, &p.neg);
    if (!r.rd.ok) {
        free_blocks(&p);
        return;
    }
    if (baseline) {
        m->banp = arena_alloc(&m->arena, sizeof *m->banp);
        *m->banp = p;
    } else {
        ARRAY_GROW(m->anp, m->nanp, m->anp_cap);
        m->anp[m->nanp++] = p;
    }
}

static int cmp_priority(const void *a, const void *b)
{
    const struct admin_policy *x = a, *y = b;
    return x->priority < y->priority ? -1 : x->priority > y->priority;
}

void admin_finish(struct np_model *m)
{
    if (m->nanp)
        sort_array(m->anp, m->nanp, sizeof *m->anp, cmp_priority);
    for (size_t i = 1; i < m->nanp; i++)
        if (m->anp[i].priority == m->anp[i - 1].priority) {
            struct node at = {.line = m->anp[i].obj.pos.line, .col = m->anp[i].obj.pos.col};
            model_error(m, m->anp[i].obj.pos.file, &at,
                        "AdminNetworkPolicy \"%s\" and \"%s\" have the same priority %lld: "
                        "their order would be undefined",
                        m->anp[i - 1].name, m->anp[i].name, (long long)m->anp[i].priority);
        }
}

void admin_free(struct np_model *m)
{
    for (size_t i = 0; i < m->nanp; i++)
        free_blocks(&m->anp[i]);
    if (m->banp)
        free_blocks(m->banp);
    free(m->anp);
}

/* ---- evaluation ---- */

bool admin_peer_selects(const struct admin_peer *p, const struct np_namespace *ns,
                        const struct labels *pod_labels, const struct ip_range *ip)
{
    if (ip)
        return p->kind == ADMIN_NETWORKS && ipblock_contains(&p->ip, ip->lo);
    switch (p->kind) {
    case ADMIN_NAMESPACES:
        return selector_matches(&p->ns_sel, &ns->labels);
    case ADMIN_PODS:
        return selector_matches(&p->ns_sel, &ns->labels) &&
               selector_matches(&p->pod_sel, pod_labels);
    default:
        return false; /* nodes and networks select no pod */
    }
}

static bool rule_selects(const struct admin_rule *rule, const struct admin_side *s)
{
    for (size_t i = 0; i < rule->npeers; i++)
        if (s->selects ? s->selects(&rule->peers[i], s->ctx)
                       : admin_peer_selects(&rule->peers[i], s->other_ns, s->other_labels,
                                            s->other_ip))
            return true;
    return false;
}

bool admin_protects(const struct np_model *m, const struct np_namespace *ns,
                    const struct labels *labels, bool egress)
{
    for (size_t i = 0; i <= m->nanp; i++) {
        const struct admin_policy *p = i < m->nanp ? &m->anp[i] : m->banp;
        if (p && (egress ? p->neg : p->nin) && admin_peer_selects(&p->subject, ns, labels, NULL))
            return true;
    }
    return false;
}

/* One tier's rules over the undecided connections `open`: what they allow
 * joins `allowed`, what they pass joins `passed`, and both leave `open`. */
static void apply_rules(const struct admin_rule *rules, size_t n, const struct admin_side *s,
                        struct conns *open, struct conns *allowed, struct conns *passed,
                        struct conns *tmp)
{
    for (size_t i = 0; i < n && !conns_is_empty(open); i++) {
        if (!rule_selects(&rules[i], s))
            continue;
        reach_ports_conns(rules[i].ports, rules[i].nports, s->dst, tmp);
        conns_intersect(tmp, open);
        if (rules[i].action == ADMIN_ALLOW)
            conns_union(allowed, tmp);
        else if (rules[i].action == ADMIN_PASS)
            conns_union(passed, tmp);
        conns_subtract(open, tmp);
    }
}

void admin_verdict(const struct np_model *m, const struct admin_side *s, bool np_isolated,
                   struct conns *np_allowed)
{
    struct conns open = {0}, allowed = {0}, passed = {0}, tmp = {0};
    conns_set_all(&open);
    for (size_t i = 0; i < m->nanp; i++) {
        const struct admin_policy *p = &m->anp[i];
        if (!admin_peer_selects(&p->subject, s->ns, s->labels, NULL))
            continue;
        apply_rules(s->egress ? p->eg : p->in, s->egress ? p->neg : p->nin, s, &open, &allowed,
                    &passed, &tmp);
    }
    conns_union(&open, &passed); /* what no admin rule decided */
    if (np_isolated) {
        conns_intersect(&open, np_allowed);
        conns_union(&allowed, &open);
    } else {
        const struct admin_policy *b = m->banp;
        if (b && admin_peer_selects(&b->subject, s->ns, s->labels, NULL))
            apply_rules(s->egress ? b->eg : b->in, s->egress ? b->neg : b->nin, s, &open,
                        &allowed, &passed, &tmp);
        conns_union(&allowed, &open);
    }
    conns_copy(np_allowed, &allowed);
    conns_free(&open);
    conns_free(&allowed);
    conns_free(&passed);
    conns_free(&tmp);
}
