/* exposure.c — what the outside world reaches through routes (family
 * "exposure"): workloads behind an Ingress, a Gateway API route attached to
 * a Gateway, or an Istio VirtualService bound to an ingress Gateway, and
 * gateway listeners that accept routes from any namespace or serve plain
 * HTTP. NodePort and LoadBalancer Services are network/service-exposed.
 * Reaching a workload needs the route, its Service and the workload in the
 * input: the shared inventory links them. */
#include <string.h>

#include "inventory.h"

/* ---- gateways, object by object ---- */

static bool api_is(const struct k8s_object *o, const char *group, const char *kind)
{
    return strcmp(o->kind, kind) == 0 && strncmp(o->api_version, group, strlen(group)) == 0;
}

static void gateway_all_namespaces(const struct k8s_object *o, struct report_ctx *r)
{
    if (!api_is(o, "gateway.networking.k8s.io/", "Gateway"))
        return;
    const struct node *listeners = node_path(o->node, "spec.listeners");
    for (size_t i = 0; i < node_len(listeners); i++) {
        const struct node *from = node_path(node_at(listeners, i), "allowedRoutes.namespaces.from");
        if (node_str_eq(from, "All"))
            report(r, from, NULL,
                   arena_printf(r->scratch, "spec.listeners[%zu].allowedRoutes.namespaces.from", i),
                   "listener \"%s\" accepts routes from every namespace: anyone who can create "
                   "an HTTPRoute anywhere can publish it, or take over a hostname",
                   node_str(node_get(node_at(listeners, i), "name")) ?: "");
    }
}

static void gateway_plain_http(const struct k8s_object *o, struct report_ctx *r)
{
    if (!api_is(o, "gateway.networking.k8s.io/", "Gateway"))
        return;
    const struct node *listeners = node_path(o->node, "spec.listeners");
    for (size_t i = 0; i < node_len(listeners); i++) {
        const struct node *proto = node_get(node_at(listeners, i), "protocol");
        if (node_str_eq(proto, "HTTP"))
            report(r, proto, NULL, arena_printf(r->scratch, "spec.listeners[%zu].protocol", i),
                   "listener \"%s\" serves plain HTTP on port %s",
                   node_str(node_get(node_at(listeners, i), "name")) ?: "",
                   node_text(node_get(node_at(listeners, i), "port")) ?: "?");
    }
}

static void istio_plain_http(const struct k8s_object *o, struct report_ctx *r)
{
    if (!api_is(o, "networking.istio.io/", "Gateway"))
        return;
    const struct node *servers = node_path(o->node, "spec.servers");
    for (size_t i = 0; i < node_len(servers); i++) {
        const struct node *s = node_at(servers, i);
        const struct node *proto = node_path(s, "port.protocol");
        if ((node_str_eq(proto, "HTTP") || node_str_eq(proto, "HTTP2")) &&
            !node_is_true(node_path(s, "tls.httpsRedirect")))
            report(r, proto, NULL, arena_printf(r->scratch, "spec.servers[%zu].port.protocol", i),
                   "server on port %s serves plain %s without tls.httpsRedirect",
                   node_text(node_path(s, "port.number")) ?: "?", node_str(proto));
    }
}

/* ---- routes to workloads, over the whole input ---- */

static const char *route_check(enum inv_route_kind k)
{
    return k == ROUTE_INGRESS ? "exposure/ingress"
           : k == ROUTE_GATEWAY_API ? "exposure/gateway-route" : "exposure/istio";
}

/* How a route is reached, for messages: its parents, when it has any. */
static const char *route_entry(struct report_ctx *r, const struct inv_route *rt)
{
    if (rt->kind == ROUTE_INGRESS || !rt->parents.n)
        return "";
    const struct inv_ref *p = &rt->parents.v[0];
    return arena_printf(r->scratch, " via Gateway %s/%s%s", p->ns, p->name,
                        rt->parents.n > 1 ? " and others" : "");
}

static void expose(struct report_ctx *r, struct inventory *inv, const struct inv_route *rt)
{
    /* each workload once per route, through the first Service reaching it */
    bool *seen = arena_zalloc(r->scratch, inv->nw + 1);
    for (size_t k = 0; k < rt->backends.n; k++) {
        const struct inv_ref *b = &rt->backends.v[k];
        const struct inv_service *s = inventory_service(inv, b->ns, b->name);
        const struct inv_namespace *n = s ? inventory_namespace(inv, b->ns) : NULL;
        for (size_t i = 0; n && i < n->nworkloads; i++) {
            uint32_t wi = n->workloads[i];
            const struct inv_workload *w = &inv->w[wi];
            if (seen[wi] || !inventory_service_selects(s, w))
                continue;
            seen[wi] = true;
            struct object_ref ref = inventory_ref(&w->obj, 0, 0);
            const char *host = rt->host ? arena_printf(r->scratch, " (host %s)", rt->host) : "";
            report_ref(r, route_check(rt->kind), &ref, NULL, NULL,
                       "%s is reachable from outside the cluster: %s %s/%s%s%s sends traffic to "
                       "Service \"%s\"", w->obj.kind, rt->obj.kind,
                       rt->obj.ns && *rt->obj.ns ? rt->obj.ns : "default", rt->obj.name, host,
                       route_entry(r, rt), b->name);
        }
    }
}

static void analysis_end(void *state, struct report_ctx *r)
{
    struct inventory *inv = inventory_of(state);
    for (size_t i = 0; i < inv->nroutes; i++) {
        const struct inv_route *rt = &inv->routes[i];
        /* a route attached to no gateway (Istio: only the mesh) is internal */
        if (rt->kind != ROUTE_INGRESS && !rt->parents.n)
            continue;
        expose(r, inv, rt);
    }
}

static const struct analyzer EXPOSURE_ANALYZER = {
    .begin = inventory_begin,
    .add = inventory_feed,
    .end = analysis_end,
    .destroy = inventory_destroy,
};

#define REACH " The workload, the Service and the route must all be in the input."

static const struct check EXPOSURE_CHECKS[] = {
    {
        .id = "exposure/ingress",
        .severity = SEV_LOW,
        .title = "Workload exposed through an Ingress",
        .why = "An Ingress publishes a Service's pods through the ingress controller, usually "
               "to the Internet: the workload is an entry point and must be hardened and "
               "authenticated as one." REACH,
        .fix = "Expose only what must be public; restrict the rest (ingress class of an "
               "internal controller, source ranges, authentication at the controller).",
        .refs = {"NSA-CISA Kubernetes Hardening Guide: Network separation and hardening",
                 "MITRE ATT&CK T1190"},
    },
    {
        .id = "exposure/gateway-route",
        .severity = SEV_LOW,
        .title = "Workload exposed through a Gateway API route",
        .why = "An HTTPRoute, GRPCRoute, TLSRoute, TCPRoute or UDPRoute attached to a Gateway "
               "publishes its backend Services' pods through that Gateway, usually to the "
               "Internet." REACH,
        .fix = "Attach only public services to public Gateways; use an internal Gateway class "
               "for the rest.",
        .refs = {"Gateway API: Security model", "MITRE ATT&CK T1190"},
        .aliases = {"C-0266"},
    },
    {
        .id = "exposure/istio",
        .severity = SEV_LOW,
        .title = "Workload exposed through an Istio gateway",
        .why = "A VirtualService bound to a Gateway (other than the mesh) routes external "
               "traffic from the Istio ingress gateway to its destination Services' pods."
               REACH,
        .fix = "Bind only public services to ingress Gateways; add AuthorizationPolicies at the "
               "gateway and the workload.",
        .refs = {"Istio: Ingress Gateways", "MITRE ATT&CK T1190"},
    },
    {
        .id = "exposure/gateway-all-namespaces",
        .severity = SEV_MEDIUM,
        .title = "Gateway accepts routes from every namespace",
        .why = "A listener with allowedRoutes.namespaces.from: All lets a route in any namespace "
               "attach to the Gateway: whoever may create an HTTPRoute anywhere can publish a "
               "service on it or claim one of its hostnames.",
        .fix = "Use from: Same, or from: Selector with a label only trusted namespaces carry.",
        .refs = {"Gateway API: Security model (route attachment)"},
        .object = gateway_all_namespaces,
    },
    {
        .id = "exposure/gateway-plain-http",
        .severity = SEV_LOW,
        .title = "Gateway listener serves plain HTTP",
        .why = "Traffic through an HTTP listener crosses the network unencrypted. A listener "
               "kept only to redirect to HTTPS is fine: check that its routes redirect.",
        .fix = "Serve HTTPS (protocol HTTPS with certificateRefs), and redirect HTTP to it.",
        .refs = {"Gateway API: Listeners"},
        .object = gateway_plain_http,
    },
    {
        .id = "exposure/istio-plain-http",
        .severity = SEV_LOW,
        .title = "Istio gateway serves plain HTTP",
        .why = "An Istio Gateway server with protocol HTTP and no tls.httpsRedirect serves its "
               "hosts unencrypted.",
        .fix = "Serve HTTPS, and set tls.httpsRedirect: true on the HTTP server.",
        .refs = {"Istio: Gateway (ServerTLSSettings.httpsRedirect)"},
        .object = istio_plain_http,
    },
};

const struct check_family FAMILY_EXPOSURE = {
    .name = "exposure",
    .checks = EXPOSURE_CHECKS,
    .nchecks = sizeof EXPOSURE_CHECKS / sizeof *EXPOSURE_CHECKS,
    .analyzer = &EXPOSURE_ANALYZER,
};
