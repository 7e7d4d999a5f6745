/* reach.h — the reachability engine. A connection from src to dst is allowed
 * when src's egress allows it (no policy isolates src for egress, or a rule
 * of one of the policies that does admits dst) and dst's ingress allows it
 * (likewise), on the intersection of the two connection sets. Named ports
 * resolve against the destination's container ports. External addresses are
 * the IPv4 space split at every ipBlock boundary, separately for sources
 * (ingress rules) and destinations (egress rules), as netpol-analyzer does.
 * The full listing works on workload bitsets: per-rule member sets, per
 * destination admitted sources, so only pairs that can connect are costed. */
#ifndef RINGWALL_NETPOL_REACH_H
#define RINGWALL_NETPOL_REACH_H

#include "model.h"

/* EP_INGRESS is the cluster's ingress controller, whose pod the input does
 * not describe: a pod without labels in its own namespace (named as
 * netpol-analyzer names it), not isolated for egress. */
enum endpoint_kind { EP_WORKLOAD, EP_IP, EP_INGRESS };

#define INGRESS_PEER "{ingress-controller}"
#define INGRESS_NAMESPACE "ingress-controller-ns"

struct endpoint {
    enum endpoint_kind kind;
    uint32_t w;              /* workload index */
    struct ip_range ip;      /* an address range inside one elementary range */
};

/* One rule that admitted part of a connection. */
struct reach_rule_ref {
    uint32_t policy, rule;
    bool egress;
};

/* Why a pair connects (or not), filled by reach_pair when asked. */
struct reach_why {
    bool src_isolated, dst_isolated; /* egress of src, ingress of dst */
    uint32_t *src_policies, *dst_policies; /* policies isolating each side */
    size_t nsrc_policies, ndst_policies;
    struct reach_rule_ref *rules;    /* rules admitting the pair, egress then ingress */
    size_t nrules, rules_cap;
};

struct reach {
    struct np_model *m;
    uint32_t **in_pols, **eg_pols;   /* per workload: policies isolating it */
    uint32_t *nin_pols, *neg_pols;
    bool *pols_known;                /* the two lists are computed on first use */
    bool ranges_known;
    struct ip_range *src_ips, *dst_ips; /* elementary external ranges */
    size_t nsrc_ips, ndst_ips;
    struct conns a, b, tmp;          /* scratch */
    struct np_namespace ingress_ns;  /* the ingress controller's namespace */
    struct label ingress_ns_label;
};

void reach_init(struct reach *r, struct np_model *m);
/* Fills in_pols/eg_pols of one workload (done lazily: a single query
 * touches two workloads). */
void reach_policies(struct reach *r, uint32_t w);
/* Fills src_ips/dst_ips. */
void reach_external_ranges(struct reach *r);
void reach_free(struct reach *r);

/* The connections allowed from src to dst (into out); why may be NULL. */
void reach_pair(struct reach *r, struct endpoint src, struct endpoint dst, struct conns *out,
                struct reach_why *why);
void reach_why_free(struct reach_why *why);

/* A destination pod the input does not have (exposure analysis): named
 * ports cannot be resolved, so they stay in the set by name. */
extern const struct workload reach_potential_pod;
#define REACH_POTENTIAL_POD (&reach_potential_pod)

/* The connections a rule allows to dst (NULL: an external destination,
 * where named ports match nothing; REACH_POTENTIAL_POD: see above). */
void reach_rule_conns(const struct np_rule *rule, const struct workload *dst, struct conns *out);
/* The same for a list of ports (none: every connection). */
void reach_ports_conns(const struct np_port *ports, size_t n, const struct workload *dst,
                       struct conns *out);

/* Every allowed connection between distinct endpoints (workload pairs,
 * external source ranges to workloads, workloads to external destination
 * ranges); fn is called once per pair with a non-empty set. */
typedef void (*reach_fn)(struct endpoint src, struct endpoint dst, const struct conns *c,
                         void *ctx);
void reach_all(struct reach *r, reach_fn fn, void *ctx);

/* Whether a policy's rule peer selects a pod with these labels in ns. */
bool reach_peer_selects(const struct np_policy *p, const struct np_peer *peer,
                        const struct np_namespace *ns, const struct labels *pod_labels);

/* The connections Ingresses and Routes send from the ingress controller to
 * each workload (through the Services they name), as far as the workload's
 * policies admit them; fn gets every workload with a non-empty set. */
void reach_ingress(struct reach *r, reach_fn fn, void *ctx);

/* Members of a rule's peers as a workload bitset (computed once). */
const uint64_t *reach_rule_members(struct reach *r, const struct np_policy *p,
                                   struct np_rule *rule);

#endif
