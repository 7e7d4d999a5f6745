/* inventory.h — what the whole-input checks know of an application: its
 * workloads (labels, replicas, what their pods refer to by name), Services,
 * Ingresses, Gateway API routes and Gateways, Istio Gateways and
 * VirtualServices, PodDisruptionBudgets and HorizontalPodAutoscalers, and the
 * names of the objects pods use. Objects are only borrowed: what is kept is
 * copied into the inventory's arena, but for their identities (identity.h),
 * which the scan keeps.
 *
 * One inventory serves a scan: the families that read it (reliability,
 * consistency, exposure) each hold a share; the first share taken feeds it,
 * so every object is read once whichever of those families run. */
#ifndef RINGWALL_INVENTORY_H
#define RINGWALL_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/strmap.h"
#include "../k8s/identity.h"
#include "../netpol/selector.h"
#include "check.h"

/* A name an object refers to, where, and whether the reference may dangle. */
struct inv_ref {
    const char *name, *ns, *path, *container;
    unsigned line, col;
    bool optional;
    uint32_t port;          /* a backend's port number (0: none) */
    const char *port_name;  /* or its port name */
};

struct inv_refs {
    struct inv_ref *v;
    size_t n, cap;
};

struct inv_port {
    const char *name;
    uint32_t port;
};

struct inv_workload {
    struct k8s_identity obj;
    struct labels labels;        /* of the pod template (or the Pod) */
    bool has_selector;
    struct selector selector;    /* spec.selector, when it has one */
    int64_t replicas;            /* spec.replicas (default 1); -1 for kinds without */
    bool replicas_set;
    unsigned replicas_line, replicas_col;
    bool spread;                 /* topologySpreadConstraints or pod anti-affinity */
    bool owned;                  /* a Pod with ownerReferences */
    struct inv_ref sa;           /* serviceAccountName (name NULL: default) */
    struct inv_refs configmaps, secrets, claims;
    struct inv_port *ports;
    size_t nports;
    struct inv_ref service_name; /* a StatefulSet's spec.serviceName */
};

struct inv_service_port {
    uint32_t port;
    const char *name;
    uint32_t target;             /* targetPort by number (0: none) */
    const char *target_name;     /* or by name */
    unsigned line, col;
    size_t index;
};

struct inv_service {
    struct k8s_identity obj;
    bool has_selector;
    struct labels selector;
    struct inv_service_port *ports;
    size_t nports;
    const char *type;            /* spec.type, "ClusterIP" when unset */
};

enum inv_route_kind { ROUTE_INGRESS, ROUTE_GATEWAY_API, ROUTE_ISTIO };

/* An Ingress, a Gateway API route or an Istio VirtualService: the parents it
 * attaches to (Gateways; none for an Ingress) and the Services it sends to. */
struct inv_route {
    struct k8s_identity obj;
    enum inv_route_kind kind;
    struct inv_refs parents;     /* Gateway API Gateways, or Istio gateway names */
    struct inv_refs backends;    /* Services (ns set) */
    const char *host;            /* first host, for messages (or NULL) */
};

struct inv_gateway {
    struct k8s_identity obj;
    bool istio;
    struct labels selector;      /* Istio: the gateway pods' labels */
};

struct inv_pdb {
    struct k8s_identity obj;
    struct selector selector;
    bool selector_ok;
    bool has_min, has_max;
    int64_t value;               /* minAvailable or maxUnavailable */
    bool percent;                /* the value is a percentage */
    unsigned vline, vcol;
};

struct inv_hpa {
    struct k8s_identity obj;
    const char *target_kind, *target_name;
    unsigned tline, tcol;
    int64_t min, max;            /* min defaults to 1 */
};

struct inv_namespace {
    const char *name;
    size_t nworkloads, nservices, naccounts, nconfigmaps, nsecrets, nclaims, ncustom;
    uint32_t *workloads;         /* indices (after inventory_finish) */
};

struct inventory {
    struct arena arena;
    struct inv_workload *w;
    size_t nw, w_cap;
    struct inv_service *svc;
    size_t nsvc, svc_cap;
    struct inv_route *routes;
    size_t nroutes, routes_cap;
    struct inv_gateway *gw;
    size_t ngw, gw_cap;
    struct inv_pdb *pdb;
    size_t npdb, pdb_cap;
    struct inv_hpa *hpa;
    size_t nhpa, hpa_cap;
    struct inv_namespace *ns;
    size_t nns, ns_cap;
    struct strmap ns_index;      /* namespace name -> ns[] index */
    struct strmap names;         /* "Kind\x1fns\x1fname" of every object kept by name */
    size_t ndefined;             /* names defined when the input ended */
    struct strmap svc_index;     /* "ns\x1fname" -> svc[] index */
    struct strmap w_index;       /* "Kind\x1fns\x1fname" -> w[] index */
    struct strmap gw_index;      /* "ns\x1fname" -> gw[] index */
    struct strmap texts;         /* field paths and container names, which repeat
                                    from workload to workload: one copy each */
    struct k8s_identities identities; /* of objects that bring none */
    bool finished;
    int shares;
};

/* The analyzer functions of a family reading the inventory: begin takes a
 * share (the first share taken feeds the inventory, so each object is read
 * once), add feeds it, destroy gives the share back (the last frees it).
 * The family's own end() reads inventory_of(state). */
void *inventory_begin(const struct scan_config *cfg);
void inventory_feed(void *share, const struct k8s_object *o);
void inventory_destroy(void *share);
/* The inventory of a share, completed (inventory_finish). */
struct inventory *inventory_of(void *share);


const struct inv_namespace *inventory_namespace(struct inventory *inv, const char *ns);
/* Is an object of `kind` named `name` in namespace ns part of the input? */
bool inventory_has(struct inventory *inv, const char *kind, const char *ns, const char *name);
/* The Service ns/name, or NULL. */
const struct inv_service *inventory_service(struct inventory *inv, const char *ns,
                                            const char *name);
const struct inv_gateway *inventory_gateway(struct inventory *inv, const char *ns,
                                            const char *name);
/* The workload of that kind (Deployment, StatefulSet, ...) ns/name, or NULL. */
const struct inv_workload *inventory_workload(struct inventory *inv, const char *kind,
                                              const char *ns, const char *name);
/* Does a Service's selector choose the workload's pods? */
bool inventory_service_selects(const struct inv_service *s, const struct inv_workload *w);

/* A finding about an inventory object at its own position or at line:col. */
struct object_ref inventory_ref(const struct k8s_identity *o, unsigned line, unsigned col);

#endif
