/* admin.h — the admin tiers' verdict on one direction of a connection (see
 * admin.c). */
#ifndef RINGWALL_NETPOL_ADMIN_H
#define RINGWALL_NETPOL_ADMIN_H

#include "reach.h"

/* The captured side (its namespace and labels), the other side (a pod's
 * namespace and labels, or an external range), and the destination workload
 * for named ports (NULL when external, REACH_POTENTIAL_POD for a pod the
 * input does not have). */
struct admin_side {
    bool egress;
    const struct np_namespace *ns;
    const struct labels *labels;
    const struct np_namespace *other_ns;
    const struct labels *other_labels;
    const struct ip_range *other_ip;
    const struct workload *dst; /* or REACH_POTENTIAL_POD */
    /* when set, decides which rule peers select the other side instead of
     * other_ns/other_labels/other_ip (exposure analysis's potential peers) */
    bool (*selects)(const struct admin_peer *p, const void *ctx);
    const void *ctx;
};

/* Whether an admin policy's subject selects the pod and it has rules in
 * that direction: the pod is then protected by the admin tiers. */
bool admin_protects(const struct np_model *m, const struct np_namespace *ns,
                    const struct labels *labels, bool egress);

bool admin_peer_selects(const struct admin_peer *p, const struct np_namespace *ns,
                        const struct labels *pod_labels, const struct ip_range *ip);

/* Replaces *np_allowed (what NetworkPolicy allows; everything when the side
 * is not isolated) with the tiered verdict. */
void admin_verdict(const struct np_model *m, const struct admin_side *s, bool np_isolated,
                   struct conns *np_allowed);

#endif
