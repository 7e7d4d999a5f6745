/* model.h — the network model of an input: namespaces, workloads (one per
 * pod owner: the pod template of every workload kind, or a Pod and the
 * controller that owns it), NetworkPolicies, Services and Ingresses. Objects
 * are streamed in one at a time and only borrowed: everything kept is copied
 * into the model's arena, but for their identities (identity.h), which the
 * scan keeps. Invalid policies are recorded as errors with their
 * position, never half-applied. */
#ifndef RINGWALL_NETPOL_MODEL_H
#define RINGWALL_NETPOL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../k8s/identity.h"
#include "../k8s/object.h"
#include "ipblock.h"
#include "ports.h"
#include "selector.h"
#include "../core/strmap.h"

#define NS_NAME_LABEL "kubernetes.io/metadata.name"

struct np_pos {
    const char *file;
    unsigned line, col;
};

struct np_error {
    struct np_pos pos;
    const char *msg;
};

/* Identity of an object for reports. */
struct np_obj {
    const char *api_version, *kind, *ns, *name, *ignore;
    struct np_pos pos;
};

struct np_namespace {
    const char *name;
    struct labels labels;
    bool declared;            /* a Namespace object exists */
    struct np_obj obj;        /* that object, when declared */
    uint32_t *workloads;      /* indices, in name order */
    size_t nworkloads;
    uint32_t *policies;       /* NetworkPolicies in this namespace */
    size_t npolicies;
    size_t ncustom;           /* custom resources (their controllers may create pods) */
    struct np_obj custom;     /* the first of them */
};

struct container_port {
    const char *name;         /* NULL when unnamed */
    enum proto proto;
    uint32_t port;
};

struct workload {
    struct np_obj obj;        /* the object it came from */
    const char *ns, *name, *kind; /* owner identity: ns/name[kind] */
    const char *peer;         /* "ns/name[kind]" */
    uint32_t ns_index;
    struct labels labels;
    struct container_port *ports;
    size_t nports;
};

struct np_port {
    enum proto proto;
    bool any;                 /* no port: every port of the protocol */
    const char *named;        /* a named port, resolved per destination */
    bool named_any_proto;     /* the named port's own protocol counts (admin policies) */
    uint32_t lo, hi;
};

enum peer_kind { PEER_PODS, PEER_IPBLOCK };

struct np_peer {
    enum peer_kind kind;
    bool has_ns_sel, has_pod_sel;
    struct selector ns_sel, pod_sel;
    struct ipblock ip;
    const char *cidr;         /* for messages */
    bool except;              /* the ipBlock has an except list */
};

struct np_rule {
    struct np_peer *peers;    /* none: every source or destination */
    size_t npeers;
    struct np_port *ports;    /* none: every connection */
    size_t nports;
    struct np_pos pos;
    uint64_t *members;        /* workloads the peers select (computed lazily) */
};

struct np_policy {
    struct np_obj obj;
    const char *ns, *name;
    uint32_t ns_index;
    struct selector pod_sel;
    struct np_pos pod_sel_pos; /* spec.podSelector (the object's position without it) */
    bool affects_ingress, affects_egress;
    struct np_rule *in, *eg;
    size_t nin, neg;
    uint64_t *selected;       /* workloads selected by podSelector (computed lazily) */
};

/* AdminNetworkPolicy and BaselineAdminNetworkPolicy
 * (policy.networking.k8s.io/v1alpha1): cluster-wide tiers around
 * NetworkPolicy. Rules apply in order, policies by ascending priority. */
enum admin_action { ADMIN_ALLOW, ADMIN_DENY, ADMIN_PASS };

enum admin_peer_kind { ADMIN_NAMESPACES, ADMIN_PODS, ADMIN_NODES, ADMIN_NETWORKS };

struct admin_peer {
    enum admin_peer_kind kind;
    struct selector ns_sel, pod_sel; /* namespaces: ns_sel; pods: both */
    struct ipblock ip;               /* networks */
};

struct admin_rule {
    const char *name;
    enum admin_action action;
    struct admin_peer *peers;
    size_t npeers;
    struct np_port *ports;    /* none: every connection */
    size_t nports;
};

struct admin_policy {
    struct np_obj obj;
    const char *name;
    int64_t priority;
    struct admin_peer subject;
    struct admin_rule *in, *eg;
    size_t nin, neg;
};

/* A Service port: where traffic to `port` (or the port named `name`) goes on
 * the selected pods: targetPort by number, or by container port name. */
struct np_service_port {
    const char *name;
    uint32_t port, target;
    const char *target_name;
};

struct np_service {
    const char *ns, *name;
    bool has_selector;        /* a Service without selector has no pods */
    struct labels selector;
    struct np_service_port *ports;
    size_t nports;
};

/* A Service an Ingress or Route sends traffic to; port 0 and no name: every
 * port of the Service. */
struct np_backend {
    const char *ns, *service;
    uint32_t port;
    const char *port_name;
};

struct np_model {
    struct arena arena;
    struct np_namespace *ns;
    size_t nns, ns_cap;
    struct workload *w;
    size_t nw, w_cap;
    struct np_policy *pol;
    size_t npol, pol_cap;
    struct admin_policy *anp;  /* sorted by priority after model_finish */
    size_t nanp, anp_cap;
    struct admin_policy *banp; /* the BaselineAdminNetworkPolicy, or NULL */
    struct np_service *svc;
    size_t nsvc, svc_cap;
    struct np_backend *backends;
    size_t nbackends, backends_cap;
    struct np_error *err;
    size_t nerr, err_cap;
    size_t namespace_objects;  /* Namespace objects seen */
    bool finished;
    size_t words;              /* 64-bit words of a workload bitset */
    struct strmap ns_by_name;  /* namespace name → index (numbered as created) */
    struct strmap pol_by_name; /* "ns/name" of every policy read */
    struct k8s_identities identities; /* of objects that bring none */
};

void model_init(struct np_model *m);
void model_free(struct np_model *m);
/* What model_add makes of an object: a workload covers Pods and the kinds
 * with a pod template, custom resources (which may make pods) and objects
 * the model ignores. */
enum model_part {
    MODEL_NOTHING, MODEL_NAMESPACE, MODEL_POLICY, MODEL_SERVICE, MODEL_INGRESS, MODEL_ROUTE,
    MODEL_ADMIN_POLICY, MODEL_WORKLOAD,
};
enum model_part model_part_of(const struct k8s_object *o);
/* Takes what the model needs from one object (borrowed). */
void model_add(struct np_model *m, const struct k8s_object *o);
/* Resolves namespaces, orders workloads by name and checks consistency.
 * Call once after the last model_add. */
void model_finish(struct np_model *m);

/* Whether an apiVersion names an API group ringwall does not model (not
 * core, not a built-in group such as apps, batch or *.k8s.io): a custom
 * resource, whose controller may create pods the input does not show. */
bool model_is_custom_api(const char *api_version);
/* The namespace of that name, created (with its automatic label) if new. */
struct np_namespace *model_namespace(struct np_model *m, const char *name);
/* A workload by "ns/name", "name", or its peer text; -1 when unknown. */
long model_find_workload(const struct np_model *m, const char *query);

#endif
