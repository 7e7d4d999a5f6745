/* network.c — network exposure and NetworkPolicy coverage checks (family
 * "network"). Services and Ingresses are checked object by object; policy
 * coverage needs the whole input, so an analyzer builds the network model
 * (src/netpol) and reports at the end. A namespace's coverage is known when
 * the input holds its Namespace object or a NetworkPolicy in it; for the
 * other namespaces with workloads one info finding says coverage cannot be
 * judged, instead of a finding per workload. Nothing about one namespace
 * depends on objects of another. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../netpol/reach.h"
#include "catalog.h"
#include "check.h"
#include "config.h"

/* ---- per-object checks ---- */

static void service_exposed(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Service") != 0)
        return;
    const struct node *type = node_path(o->node, "spec.type");
    if (node_str_eq(type, "NodePort")) {
        report(r, type, NULL, "spec.type",
               "Service type NodePort opens its ports on every node's addresses");
    } else if (node_str_eq(type, "LoadBalancer")) {
        const struct node *ranges = node_path(o->node, "spec.loadBalancerSourceRanges");
        if (node_len(ranges))
            report(r, type, NULL, "spec.type",
                   "Service type LoadBalancer exposes its ports outside the cluster (limited to "
                   "loadBalancerSourceRanges)");
        else
            report_at_severity(r, SEV_MEDIUM, type, NULL, "spec.loadBalancerSourceRanges",
                               "Service type LoadBalancer exposes its ports to any address: no "
                               "loadBalancerSourceRanges");
    }
}

static void external_ips(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Service") != 0)
        return;
    const struct node *ips = node_path(o->node, "spec.externalIPs");
    if (node_len(ips))
        report(r, ips, NULL, "spec.externalIPs",
               "Service sets externalIPs (%zu): traffic to those addresses on any node is routed "
               "to it, which can intercept other traffic (CVE-2020-8554)",
               node_len(ips));
}

static bool tls_covers(const struct node *tls, const char *host)
{
    for (size_t i = 0; i < node_len(tls); i++) {
        const struct node *hosts = node_get(node_at(tls, i), "hosts");
        for (size_t k = 0; k < node_len(hosts); k++) {
            const char *h = node_str(node_at(hosts, k));
            if (!h)
                continue;
            if (strcmp(h, host) == 0)
                return true;
            /* *.example.com covers one label: a.example.com */
            const char *dot = strchr(host, '.');
            if (h[0] == '*' && h[1] == '.' && dot && strcmp(h + 1, dot) == 0)
                return true;
        }
    }
    return false;
}

static void ingress_no_tls(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Ingress") != 0)
        return;
    const struct node *tls = node_path(o->node, "spec.tls");
    const struct node *rules = node_path(o->node, "spec.rules");
    if (!node_len(tls)) {
        report(r, node_path(o->node, "spec"), NULL, "spec.tls",
               "Ingress has no tls section: its traffic is served over plain HTTP");
        return;
    }
    for (size_t i = 0; i < node_len(rules); i++) {
        const struct node *host = node_get(node_at(rules, i), "host");
        if (node_str(host) && !tls_covers(tls, node_str(host)))
            report(r, host, NULL, "spec.tls",
                   "host \"%s\" is not covered by any tls entry: it is served over plain HTTP",
                   node_str(host));
    }
}

/* ---- whole-input analysis ---- */

static void *analysis_begin(const struct scan_config *cfg)
{
    struct np_model *m = xmalloc(sizeof *m);
    model_init(m);
    return m;
}

static void analysis_add(void *state, const struct k8s_object *o)
{
    model_add(state, o);
}

static struct object_ref ref_of(const struct np_obj *o, const struct np_pos *at)
{
    return (struct object_ref){
        .api_version = o->api_version, .kind = o->kind, .namespace = o->ns, .name = o->name,
        .file = at->file, .line = at->line, .col = at->col, .ignore = o->ignore,
    };
}

/* Input order: by file name, then line. */
static bool pos_before(const struct np_pos *a, const struct np_pos *b)
{
    int c = strcmp(a->file, b->file);
    return c < 0 || (c == 0 && a->line < b->line);
}

static void report_workload(struct report_ctx *r, const char *id, const struct workload *w,
                            const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report_workload(struct report_ctx *r, const char *id, const struct workload *w,
                            const char *fmt, ...)
{
    if (!report_wanted(r, id)) /* not worded for nothing */
        return;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct object_ref ref = ref_of(&w->obj, &w->obj.pos);
    report_ref(r, id, &ref, NULL, NULL, "%s", msg);
}

static bool has_default_deny(const struct np_model *m, const struct np_namespace *ns,
                             bool egress)
{
    for (size_t i = 0; i < ns->npolicies; i++) {
        const struct np_policy *p = &m->pol[ns->policies[i]];
        if (selector_is_empty(&p->pod_sel) && (egress ? p->affects_egress : p->affects_ingress))
            return true;
    }
    return false;
}

/* Whether the input says how the namespace's pods are isolated. */
static bool coverage_known(const struct np_namespace *ns)
{
    return ns->declared || ns->npolicies > 0;
}

/* Where a namespace-level finding goes: the Namespace object, else the
 * first workload (in input order) no policy isolates in that direction,
 * else the namespace's first workload. */
static const struct np_obj *namespace_anchor(const struct reach *rc, const struct np_namespace *ns,
                                             bool egress)
{
    if (ns->declared)
        return &ns->obj;
    const struct workload *first = NULL, *open = NULL;
    for (size_t k = 0; k < ns->nworkloads; k++) {
        uint32_t i = ns->workloads[k];
        const struct workload *w = &rc->m->w[i];
        bool isolated = egress ? rc->neg_pols[i] > 0 : rc->nin_pols[i] > 0;
        if (!first || pos_before(&w->obj.pos, &first->obj.pos))
            first = w;
        if (!isolated && (!open || pos_before(&w->obj.pos, &open->obj.pos)))
            open = w;
    }
    return open ? &open->obj : &first->obj;
}

static void no_default_deny(struct report_ctx *r, const struct reach *rc)
{
    const struct np_model *m = rc->m;
    for (size_t n = 0; n < m->nns; n++) {
        const struct np_namespace *ns = &m->ns[n];
        /* a declared Namespace without workloads in the input will run pods */
        if (!coverage_known(ns) || (!ns->nworkloads && !ns->declared))
            continue;
        for (int egress = 0; egress < 2; egress++) {
            if (has_default_deny(m, ns, egress))
                continue;
            const struct np_obj *obj = namespace_anchor(rc, ns, egress);
            struct object_ref ref = ref_of(obj, &obj->pos);
            const char *id = egress ? "network/no-default-deny-egress" : "network/no-default-deny";
            const char *what = egress ? "may open connections to anywhere"
                                      : "accepts connections from anywhere";
            const char *dir = egress ? "egress" : "ingress";
            if (!ns->nworkloads)
                report_ref(r, id, &ref, NULL, NULL,
                           "namespace \"%s\" (no workloads in the input) has no NetworkPolicy "
                           "selecting all its pods for %s: every pod it will run %s",
                           ns->name, dir, what);
            else
                report_ref(r, id, &ref, NULL, NULL,
                           "namespace \"%s\" (%zu workload%s) has no NetworkPolicy selecting all "
                           "its pods for %s: what no policy selects %s",
                           ns->name, ns->nworkloads, ns->nworkloads == 1 ? "" : "s", dir, what);
        }
    }
}

/* One info finding per namespace with workloads whose coverage is unknown,
 * on its first workload in input order. */
static void coverage_unknown(struct report_ctx *r, const struct reach *rc)
{
    const struct np_model *m = rc->m;
    for (size_t n = 0; n < m->nns; n++) {
        const struct np_namespace *ns = &m->ns[n];
        if (!ns->nworkloads || coverage_known(ns))
            continue;
        const struct workload *first = &m->w[ns->workloads[0]];
        for (size_t k = 1; k < ns->nworkloads; k++)
            if (pos_before(&m->w[ns->workloads[k]].obj.pos, &first->obj.pos))
                first = &m->w[ns->workloads[k]];
        report_workload(r, "network/coverage-unknown", first,
                        "namespace \"%s\" (%zu workload%s) has no NetworkPolicy and no Namespace "
                        "object in the input: its network isolation cannot be judged (scan its "
                        "policies with it)",
                        ns->name, ns->nworkloads, ns->nworkloads == 1 ? "" : "s");
    }
}

static void pod_not_isolated(struct report_ctx *r, const struct reach *rc)
{
    const struct np_model *m = rc->m;
    for (size_t i = 0; i < m->nw; i++)
        if (rc->nin_pols[i] == 0 && rc->neg_pols[i] == 0 &&
            coverage_known(&m->ns[m->w[i].ns_index]))
            report_workload(r, "network/pod-not-isolated", &m->w[i],
                            "workload %s is selected by no NetworkPolicy: every connection to "
                            "and from it is allowed",
                            m->w[i].peer);
}

static bool peer_is_everything(const struct np_peer *p)
{
    if (p->kind != PEER_IPBLOCK || p->except)
        return false;
    if (p->ip.v6)
        return strcmp(strchr(p->cidr, '/'), "/0") == 0;
    return p->ip.n == 1 && p->ip.r[0].lo == 0 && p->ip.r[0].hi == UINT32_MAX;
}

static void allow_all_ingress(struct report_ctx *r, const struct np_model *m)
{
    for (size_t i = 0; i < m->npol; i++) {
        const struct np_policy *p = &m->pol[i];
        if (!p->affects_ingress)
            continue;
        for (size_t k = 0; k < p->nin; k++) {
            const struct np_rule *rule = &p->in[k];
            bool all = rule->npeers == 0;
            for (size_t j = 0; !all && j < rule->npeers; j++)
                all = peer_is_everything(&rule->peers[j]);
            if (!all)
                continue;
            struct object_ref ref = ref_of(&p->obj, &rule->pos);
            report_ref(r, "network/allow-all-ingress", &ref, NULL,
                       arena_printf(r->scratch, "spec.ingress[%zu]", k),
                       "ingress rule #%zu admits every source, including every address outside "
                       "the cluster%s",
                       k + 1, rule->nports ? " (on the ports it lists)" : "");
        }
    }
}

/* The cluster DNS pods: kube-system's k8s-app=kube-dns workload if the input
 * has it, else how a standard cluster labels them. */
struct dns_target {
    struct np_namespace ns_storage;
    const struct np_namespace *ns;
    struct workload w;
    struct container_port ports[2];
    struct label label, ns_label;
};

static void dns_target_init(struct dns_target *t, const struct np_model *m)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < m->nw; i++)
        if (strcmp(m->w[i].ns, "kube-system") == 0 &&
            labels_get(&m->w[i].labels, "k8s-app") &&
            strcmp(labels_get(&m->w[i].labels, "k8s-app"), "kube-dns") == 0) {
            t->w = m->w[i];
            t->ns = &m->ns[m->w[i].ns_index];
            return;
        }
    for (size_t i = 0; i < m->nns; i++)
        if (strcmp(m->ns[i].name, "kube-system") == 0)
            t->ns = &m->ns[i];
    if (!t->ns) {
        t->ns_label = (struct label){NS_NAME_LABEL, "kube-system"};
        t->ns_storage = (struct np_namespace){.name = "kube-system",
                                              .labels = {&t->ns_label, 1}};
        t->ns = &t->ns_storage;
    }
    t->label = (struct label){"k8s-app", "kube-dns"};
    t->ports[0] = (struct container_port){"dns", PROTO_UDP, 53};
    t->ports[1] = (struct container_port){"dns-tcp", PROTO_TCP, 53};
    t->w = (struct workload){.ns = "kube-system", .name = "kube-dns",
                             .labels = {&t->label, 1}, .ports = t->ports, .nports = 2};
}

static bool rule_allows_dns(const struct np_policy *p, const struct np_rule *rule,
                            const struct dns_target *t, struct conns *c)
{
    bool selects = rule->npeers == 0;
    for (size_t i = 0; !selects && i < rule->npeers; i++)
        selects = rule->peers[i].kind == PEER_IPBLOCK ||
                  reach_peer_selects(p, &rule->peers[i], t->ns, &t->w.labels);
    if (!selects)
        return false;
    reach_rule_conns(rule, &t->w, c);
    return conns_contains(c, PROTO_UDP, 53) || conns_contains(c, PROTO_TCP, 53);
}

static void dns_blocked(struct report_ctx *r, const struct reach *rc)
{
    const struct np_model *m = rc->m;
    struct dns_target t;
    dns_target_init(&t, m);
    struct conns c = {0};
    for (size_t i = 0; i < m->nw; i++) {
        if (rc->neg_pols[i] == 0)
            continue;
        bool ok = false;
        for (uint32_t k = 0; !ok && k < rc->neg_pols[i]; k++) {
            const struct np_policy *p = &m->pol[rc->eg_pols[i][k]];
            for (size_t j = 0; !ok && j < p->neg; j++)
                ok = rule_allows_dns(p, &p->eg[j], &t, &c);
        }
        if (ok)
            continue;
        const struct np_policy *first = &m->pol[rc->eg_pols[i][0]];
        report_workload(r, "network/dns-blocked", &m->w[i],
                        "egress of %s is isolated (by %s/%s%s) and no egress rule allows DNS "
                        "(UDP or TCP 53) to kube-dns: name resolution fails",
                        m->w[i].peer, first->ns, first->name,
                        rc->neg_pols[i] > 1 ? " and others" : "");
    }
    conns_free(&c);
}

static void policy_selects_nothing(struct report_ctx *r, const struct np_model *m)
{
    for (size_t i = 0; i < m->npol; i++) {
        const struct np_policy *p = &m->pol[i];
        const struct np_namespace *ns = &m->ns[p->ns_index];
        if (!ns->nworkloads)
            continue; /* the namespace's workloads are not in the input */
        bool any = false;
        for (size_t k = 0; !any && k < ns->nworkloads; k++)
            any = selector_matches(&p->pod_sel, &m->w[ns->workloads[k]].labels);
        if (any)
            continue;
        struct object_ref ref = ref_of(&p->obj, &p->pod_sel_pos);
        if (ns->ncustom)
            report_ref(r, "network/policy-selects-unseen", &ref, NULL, "spec.podSelector",
                       "podSelector matches none of the %zu workload%s of namespace \"%s\" "
                       "ringwall can see; the namespace also holds %zu custom resource%s (such as "
                       "%s/%s) whose controllers may create the pods it selects",
                       ns->nworkloads, ns->nworkloads == 1 ? "" : "s", ns->name, ns->ncustom,
                       ns->ncustom == 1 ? "" : "s", ns->custom.kind, ns->custom.name);
        else
            report_ref(r, "network/policy-selects-nothing", &ref, NULL, "spec.podSelector",
                       "podSelector matches none of the %zu workload%s of namespace \"%s\": the "
                       "policy has no effect",
                       ns->nworkloads, ns->nworkloads == 1 ? "" : "s", ns->name);
    }
}

static void analysis_end(void *state, struct report_ctx *r)
{
    struct np_model *m = state;
    model_finish(m);
    for (size_t i = 0; i < m->nerr; i++)
        diag_error_at(m->err[i].pos.file, m->err[i].pos.line, m->err[i].pos.col, "%s",
                      m->err[i].msg);
    struct reach rc;
    reach_init(&rc, m);
    for (uint32_t i = 0; i < m->nw; i++)
        reach_policies(&rc, i);
    coverage_unknown(r, &rc);
    no_default_deny(r, &rc);
    pod_not_isolated(r, &rc);
    allow_all_ingress(r, m);
    dns_blocked(r, &rc);
    policy_selects_nothing(r, m);
    reach_free(&rc);
}

static void analysis_destroy(void *state)
{
    model_free(state);
    free(state);
}

/* The checks that report a workload no policy covers, found once. */
static const char *const WORKLOAD_ALONE_IDS[] = {
    "network/no-default-deny", "network/no-default-deny-egress", "network/pod-not-isolated",
    "network/coverage-unknown"};
enum { NWORKLOAD_ALONE = sizeof WORKLOAD_ALONE_IDS / sizeof *WORKLOAD_ALONE_IDS };
static const struct check *workload_alone[NWORKLOAD_ALONE];
static pthread_once_t workload_alone_once = PTHREAD_ONCE_INIT;

static void find_workload_alone(void)
{
    for (size_t i = 0; i < NWORKLOAD_ALONE; i++)
        workload_alone[i] = catalog_find(WORKLOAD_ALONE_IDS[i]);
}

/* A workload alone has no policy, Namespace or Service to report on or be
 * warned about: only those checks report it. */
static bool analysis_alone(const struct scan_config *cfg, const struct k8s_object *o)
{
    if (!cfg || model_part_of(o) != MODEL_WORKLOAD)
        return true;
    pthread_once(&workload_alone_once, find_workload_alone);
    for (size_t i = 0; i < NWORKLOAD_ALONE; i++)
        if (config_enabled(cfg, workload_alone[i]))
            return true;
    return false;
}

static const struct analyzer NETWORK_ANALYZER = {
    .begin = analysis_begin,
    .add = analysis_add,
    .end = analysis_end,
    .destroy = analysis_destroy,
    .alone = analysis_alone,
};

static const struct check NETWORK_CHECKS[] = {
    {
        .id = "network/no-default-deny",
        .severity = SEV_MEDIUM,
        .title = "Namespace without default-deny ingress",
        .why = "Pods no NetworkPolicy selects accept connections from every pod of the cluster "
               "and from outside it; a compromised pod anywhere can reach them. A policy "
               "selecting every pod of the namespace for ingress makes denial the default. A "
               "Namespace object of the input is reported even when the input has no "
               "workloads in it: the pods it will run are not isolated either.",
        .fix = "Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] to the "
               "namespace, then allow the traffic each workload needs.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening",
                 "CIS 5.3.2"},
        .aliases = {"C-0054", "C-0206"},
    },
    {
        .id = "network/no-default-deny-egress",
        .severity = SEV_LOW,
        .title = "Namespace without default-deny egress",
        .why = "Pods no NetworkPolicy selects for egress may open connections to any pod and "
               "any address, which eases lateral movement and data exfiltration.",
        .fix = "Add a NetworkPolicy with podSelector: {} and policyTypes: [Egress] to the "
               "namespace, allowing DNS and the destinations each workload needs.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening",
                 "CIS 5.3.2"},
    },
    {
        .id = "network/pod-not-isolated",
        .severity = SEV_LOW,
        .title = "Workload selected by no NetworkPolicy",
        .why = "A workload no policy selects allows every connection in both directions, "
               "whatever the other policies of its namespace say.",
        .fix = "Select the workload with a NetworkPolicy (a namespace default deny does it) and "
               "allow only the traffic it needs.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening",
                 "CIS 5.3.2"},
        .aliases = {"C-0260", "non-isolated-pod"},
    },
    {
        .id = "network/allow-all-ingress",
        .severity = SEV_MEDIUM,
        .title = "NetworkPolicy admits every source",
        .why = "An ingress rule without `from`, or with an ipBlock of 0.0.0.0/0 or ::/0, admits "
               "every pod and every address on the Internet: the selected pods are isolated in "
               "name only.",
        .fix = "List the sources that need access (podSelector, namespaceSelector, narrow "
               "ipBlocks) in the rule's `from`.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening",
                 "CIS 5.3.2"},
    },
    {
        .id = "network/dns-blocked",
        .severity = SEV_MEDIUM,
        .title = "Egress isolation blocks DNS",
        .why = "Once a policy isolates a pod for egress, only what its rules allow goes out; "
               "without a rule allowing UDP and TCP port 53 to kube-dns, name resolution fails "
               "and the workload breaks, which often leads to the policy being dropped.",
        .fix = "Add an egress rule to namespace kube-system, pods k8s-app: kube-dns, ports UDP "
               "53 and TCP 53.",
        .refs = {"Kubernetes docs: Network Policies (default deny all egress traffic)"},
    },
    {
        .id = "network/service-exposed",
        .severity = SEV_LOW,
        .title = "Service exposed outside the cluster",
        .why = "NodePort and LoadBalancer Services accept traffic from outside the cluster; a "
               "LoadBalancer without loadBalancerSourceRanges accepts it from any address "
               "(reported as medium).",
        .fix = "Prefer ClusterIP behind an Ingress or gateway; restrict LoadBalancers with "
               "loadBalancerSourceRanges.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening"},
        .aliases = {"C-0256", "exposed-services"},
        .object = service_exposed,
    },
    {
        .id = "network/external-ips",
        .severity = SEV_HIGH,
        .title = "Service with externalIPs",
        .why = "Whoever can set a Service's externalIPs can capture traffic sent to those "
               "addresses from inside the cluster (CVE-2020-8554, man-in-the-middle).",
        .fix = "Remove spec.externalIPs; use a LoadBalancer, and block the field with the "
               "DenyServiceExternalIPs admission plugin.",
        .refs = {"CVE-2020-8554", "MITRE ATT&CK T1557 (Adversary-in-the-Middle)"},
        .object = external_ips,
    },
    {
        .id = "network/ingress-no-tls",
        .severity = SEV_MEDIUM,
        .title = "Ingress without TLS",
        .why = "Hosts an Ingress serves without a tls entry are reachable over plain HTTP: "
               "credentials and cookies cross the network in clear text.",
        .fix = "Add spec.tls entries covering every host, with a certificate Secret.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening"},
        .aliases = {"C-0263"},
        .object = ingress_no_tls,
    },
    {
        .id = "network/policy-selects-nothing",
        .severity = SEV_LOW,
        .title = "NetworkPolicy selects no workload",
        .why = "A policy whose podSelector matches none of its namespace's workloads has no "
               "effect, usually because of a label typo: the pods it meant to protect are open.",
        .fix = "Fix the podSelector to match the intended pods' labels.",
        .refs = {"Kubernetes docs: Network Policies"},
    },
    {
        .id = "network/policy-selects-unseen",
        .severity = SEV_INFO,
        .title = "NetworkPolicy selects only pods the input does not show",
        .why = "A policy's podSelector matches none of its namespace's workloads in the input, "
               "but the namespace holds custom resources (a Prometheus, a database cluster, ...) "
               "whose operators create pods ringwall cannot see; the policy probably applies to "
               "them.",
        .fix = "Check that the podSelector matches the labels the operator gives its pods.",
        .refs = {"Kubernetes docs: Network Policies"},
    },
    {
        .id = "network/coverage-unknown",
        .severity = SEV_INFO,
        .title = "NetworkPolicy coverage cannot be judged",
        .why = "The input has workloads in a namespace but no NetworkPolicy in it and not its "
               "Namespace object, so it says nothing about how the cluster isolates them; "
               "per-workload findings would be guesses.",
        .fix = "Scan the workloads together with their namespace's NetworkPolicies or its "
               "Namespace object.",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening"},
    },
};

const struct check_family FAMILY_NETWORK = {
    .name = "network",
    .checks = NETWORK_CHECKS,
    .nchecks = sizeof NETWORK_CHECKS / sizeof *NETWORK_CHECKS,
    .analyzer = &NETWORK_ANALYZER,
};
