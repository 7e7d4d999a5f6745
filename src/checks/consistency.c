/* consistency.c — references between objects that lead nowhere (family
 * "consistency"): Services selecting no pods, routes to missing Services,
 * autoscalers and budgets without targets, pods naming ServiceAccounts,
 * ConfigMaps, Secrets or claims the input does not hold. A partial input
 * (one chart whose dependencies live elsewhere) would make every reference
 * look dangling, so each check judges a namespace only when the input
 * plausibly holds that part of the application: a reference to a kind is
 * judged when the input defines at least one object of that kind in the
 * namespace, a selector when the namespace has workloads in the input and
 * no custom resources (whose operators create pods the input does not show).
 * Duplicate environment variables need only the pod. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fmt.h"
#include "inventory.h"

static const char *ns_or_default(const char *ns)
{
    return ns && *ns ? ns : "default";
}

/* ---- one pod ---- */

static void duplicate_env(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *env = node_get(c->node, "env");
        for (size_t k = 1; k < node_len(env); k++) {
            const struct node *name = node_get(node_at(env, k), "name");
            if (!node_str(name))
                continue;
            for (size_t j = 0; j < k; j++)
                if (node_str_eq(node_get(node_at(env, j), "name"), node_str(name))) {
                    report(r, name, c->name, arena_printf(r->scratch, "%s.env[%zu].name", c->path, k),
                           "%s \"%s\" sets %s twice (env[%zu] and env[%zu]): the last one wins, "
                           "and a later edit of the first is silently ignored",
                           container_kind_name(c->kind), c->name, node_str(name), j, k);
                    break;
                }
        }
    }
}

/* ---- whole input ---- */

/* Is the namespace's set of pods plausibly complete in the input? */
static bool pods_known(const struct inv_namespace *n)
{
    return n && n->nworkloads > 0 && n->ncustom == 0;
}

static void service_no_workload(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nsvc; i++) {
        const struct inv_service *s = &inv->svc[i];
        const struct inv_namespace *n = inventory_namespace(inv, ns_or_default(s->obj.ns));
        if (!s->has_selector || !pods_known(n))
            continue;
        bool any = false;
        for (size_t k = 0; k < n->nworkloads && !any; k++)
            any = inventory_service_selects(s, &inv->w[n->workloads[k]]);
        if (any)
            continue;
        struct object_ref ref = inventory_ref(&s->obj, 0, 0);
        report_ref(r, "consistency/service-no-workload", &ref, NULL, "spec.selector",
                   "Service selects none of the %zu workload%s of namespace \"%s\": it has no "
                   "endpoints", n->nworkloads, n->nworkloads == 1 ? "" : "s", n->name);
    }
}

/* Does some workload the Service selects declare the port name? */
static bool port_name_declared(struct inventory *inv, const struct inv_namespace *n,
                               const struct inv_service *s, const char *name, bool *selected)
{
    for (size_t k = 0; k < n->nworkloads; k++) {
        const struct inv_workload *w = &inv->w[n->workloads[k]];
        if (!inventory_service_selects(s, w))
            continue;
        *selected = true;
        for (size_t p = 0; p < w->nports; p++)
            if (w->ports[p].name && strcmp(w->ports[p].name, name) == 0)
                return true;
    }
    return false;
}

static void service_target_port(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nsvc; i++) {
        const struct inv_service *s = &inv->svc[i];
        const struct inv_namespace *n = inventory_namespace(inv, ns_or_default(s->obj.ns));
        if (!s->has_selector || !pods_known(n))
            continue;
        for (size_t p = 0; p < s->nports; p++) {
            const struct inv_service_port *sp = &s->ports[p];
            bool selected = false;
            if (!sp->target_name || port_name_declared(inv, n, s, sp->target_name, &selected) ||
                !selected)
                continue;
            struct object_ref ref = inventory_ref(&s->obj, sp->line, sp->col);
            report_ref(r, "consistency/service-target-port", &ref, NULL,
                       arena_printf(r->scratch, "spec.ports[%zu].targetPort", sp->index),
                       "targetPort \"%s\" is not a port name of any pod the Service selects: "
                       "traffic to port %u goes nowhere", sp->target_name, sp->port);
        }
    }
}

/* Does a Service have the port a backend asks for? */
static bool service_has_port(const struct inv_service *s, const struct inv_ref *b)
{
    if (!b->port && !b->port_name)
        return true;
    for (size_t p = 0; p < s->nports; p++)
        if (b->port_name ? s->ports[p].name && strcmp(s->ports[p].name, b->port_name) == 0
                         : s->ports[p].port == b->port)
            return true;
    return false;
}

static const char *route_check(const struct inv_route *rt)
{
    return rt->kind == ROUTE_INGRESS ? "consistency/ingress-missing-service"
                                     : "consistency/route-missing-service";
}

static void route_backends(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nroutes; i++) {
        const struct inv_route *rt = &inv->routes[i];
        for (size_t k = 0; k < rt->backends.n; k++) {
            const struct inv_ref *b = &rt->backends.v[k];
            const struct inv_namespace *n = inventory_namespace(inv, b->ns);
            const struct inv_service *s = inventory_service(inv, b->ns, b->name);
            struct object_ref ref = inventory_ref(&rt->obj, b->line, b->col);
            if (!s && n && n->nservices > 0 && rt->kind != ROUTE_ISTIO)
                report_ref(r, route_check(rt), &ref, NULL, b->path,
                           "%s sends traffic to Service \"%s/%s\", which is not in the input "
                           "(namespace \"%s\" has %zu other Service%s): it answers 503",
                           rt->obj.kind, b->ns, b->name, b->ns, n->nservices,
                           n->nservices == 1 ? "" : "s");
            else if (s && !service_has_port(s, b))
                report_ref(r, "consistency/backend-port-missing", &ref, NULL, b->path,
                           "%s sends traffic to port %s of Service \"%s\", which has no such "
                           "port", rt->obj.kind,
                           b->port_name ? arena_printf(r->scratch, "\"%s\"", b->port_name)
                                        : arena_printf(r->scratch, "%u", b->port),
                           b->name);
        }
    }
}

static void route_missing_gateway(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nroutes; i++) {
        const struct inv_route *rt = &inv->routes[i];
        for (size_t k = 0; k < rt->parents.n && rt->kind != ROUTE_INGRESS; k++) {
            const struct inv_ref *p = &rt->parents.v[k];
            bool judged = false;
            for (size_t g = 0; g < inv->ngw && !judged; g++)
                judged = inv->gw[g].istio == (rt->kind == ROUTE_ISTIO) &&
                         strcmp(ns_or_default(inv->gw[g].obj.ns), p->ns) == 0;
            if (!judged || inventory_gateway(inv, p->ns, p->name))
                continue;
            struct object_ref ref = inventory_ref(&rt->obj, p->line, p->col);
            report_ref(r, "consistency/route-missing-gateway", &ref, NULL, p->path,
                       "%s attaches to Gateway \"%s/%s\", which is not in the input though "
                       "namespace \"%s\" has other Gateways: the route serves nothing",
                       rt->obj.kind, p->ns, p->name, p->ns);
        }
    }
}

static void hpa_no_target(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nhpa; i++) {
        const struct inv_hpa *h = &inv->hpa[i];
        const char *ns = ns_or_default(h->obj.ns);
        const struct inv_namespace *n = inventory_namespace(inv, ns);
        if (!h->target_kind || !h->target_name || !pods_known(n) ||
            inventory_workload(inv, h->target_kind, ns, h->target_name))
            continue;
        struct object_ref ref = inventory_ref(&h->obj, h->tline, h->tcol);
        report_ref(r, "consistency/hpa-no-target", &ref, NULL, "spec.scaleTargetRef",
                   "HorizontalPodAutoscaler scales %s \"%s\", which is not in the input "
                   "(namespace \"%s\" has %zu workload%s)", h->target_kind, h->target_name, ns,
                   n->nworkloads, n->nworkloads == 1 ? "" : "s");
    }
}

static void pdb_selects_nothing(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->npdb; i++) {
        const struct inv_pdb *p = &inv->pdb[i];
        const struct inv_namespace *n = inventory_namespace(inv, ns_or_default(p->obj.ns));
        if (!p->selector_ok || !pods_known(n))
            continue;
        bool any = false;
        for (size_t k = 0; k < n->nworkloads && !any; k++)
            any = selector_matches(&p->selector, &inv->w[n->workloads[k]].labels);
        if (any)
            continue;
        struct object_ref ref = inventory_ref(&p->obj, 0, 0);
        report_ref(r, "consistency/pdb-selects-nothing", &ref, NULL, "spec.selector",
                   "PodDisruptionBudget selects none of the %zu workload%s of namespace \"%s\": "
                   "it protects nothing", n->nworkloads, n->nworkloads == 1 ? "" : "s", n->name);
    }
}

/* ConfigMaps controllers put in every namespace: the cluster's CA bundle
 * (kube-root-ca.crt, and OpenShift's service CA) and Istio's root
 * certificate. */
static bool controller_made(const char *configmap)
{
    static const char *const MADE[] = {"kube-root-ca.crt", "openshift-service-ca.crt",
                                       "istio-ca-root-cert"};
    for (size_t i = 0; i < sizeof MADE / sizeof *MADE; i++)
        if (strcmp(configmap, MADE[i]) == 0)
            return true;
    return false;
}

/* References of one kind from every workload, judged where the input
 * defines objects of that kind in the workload's namespace. */
static void missing_refs(struct report_ctx *r, struct inventory *inv, const char *id,
                         const char *kind, size_t which)
{
    for (size_t i = 0; i < inv->nw; i++) {
        const struct inv_workload *w = &inv->w[i];
        const char *ns = ns_or_default(w->obj.ns);
        const struct inv_namespace *n = inventory_namespace(inv, ns);
        const struct inv_refs *refs = which == 0 ? &w->configmaps : which == 1 ? &w->secrets
                                                                               : &w->claims;
        size_t defined = which == 0 ? n->nconfigmaps : which == 1 ? n->nsecrets : n->nclaims;
        if (!defined)
            continue;
        for (size_t k = 0; k < refs->n; k++) {
            const struct inv_ref *ref = &refs->v[k];
            if (ref->optional || inventory_has(inv, kind, ns, ref->name) ||
                (which == 0 && controller_made(ref->name)))
                continue;
            struct object_ref at = inventory_ref(&w->obj, ref->line, ref->col);
            report_ref(r, id, &at, ref->container, ref->path,
                       "%s \"%s\" is not in the input (namespace \"%s\" has %zu other%s): the pod "
                       "cannot start", kind, ref->name, ns, defined, defined == 1 ? "" : "s");
        }
    }
}

static void missing_service_account(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nw; i++) {
        const struct inv_workload *w = &inv->w[i];
        const char *ns = ns_or_default(w->obj.ns);
        const struct inv_namespace *n = inventory_namespace(inv, ns);
        if (!w->sa.name || strcmp(w->sa.name, "default") == 0 || !n->naccounts ||
            inventory_has(inv, "ServiceAccount", ns, w->sa.name))
            continue;
        struct object_ref ref = inventory_ref(&w->obj, w->sa.line, w->sa.col);
        report_ref(r, "consistency/missing-service-account", &ref, NULL, w->sa.path,
                   "ServiceAccount \"%s\" is not in the input (namespace \"%s\" has %zu other%s): "
                   "the pods are not created", w->sa.name, ns, n->naccounts,
                   n->naccounts == 1 ? "" : "s");
    }
}

static void statefulset_missing_service(struct report_ctx *r, struct inventory *inv)
{
    for (size_t i = 0; i < inv->nw; i++) {
        const struct inv_workload *w = &inv->w[i];
        const char *ns = ns_or_default(w->obj.ns);
        const struct inv_namespace *n = inventory_namespace(inv, ns);
        if (!w->service_name.name || !n->nservices ||
            inventory_service(inv, ns, w->service_name.name))
            continue;
        struct object_ref ref = inventory_ref(&w->obj, w->service_name.line, w->service_name.col);
        report_ref(r, "consistency/statefulset-missing-service", &ref, NULL, "spec.serviceName",
                   "serviceName \"%s\" names no Service of the input: the pods get no stable "
                   "DNS names", w->service_name.name);
    }
}

/* Two controllers of one namespace whose selectors both match the other's
 * pods fight over them. A selector with a matchLabels pair only matches
 * workloads carrying that label: those are found through an index of the
 * namespace's labels, so large namespaces are not compared pair by pair. */
static void report_overlap(struct report_ctx *r, const struct inv_workload *wa,
                           const struct inv_workload *wb)
{
    struct object_ref ref = inventory_ref(&wb->obj, 0, 0);
    report_ref(r, "consistency/overlapping-selectors", &ref, NULL, "spec.selector",
               "%s \"%s\" and %s \"%s\" select each other's pods: their controllers fight over "
               "them", wb->obj.kind, wb->obj.name, wa->obj.kind, wa->obj.name);
}

static bool overlap(const struct inv_workload *wa, const struct inv_workload *wb)
{
    return wb->has_selector && !selector_is_empty(&wb->selector) &&
           selector_matches(&wa->selector, &wb->labels) &&
           selector_matches(&wb->selector, &wa->labels);
}

/* The first matchLabels pair of a selector, or NULL. */
static const struct sel_req *label_pair(const struct selector *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->req[i].from_labels && s->req[i].nvalues == 1)
            return &s->req[i];
    return NULL;
}

/* The workloads carrying each label: list r is at[start[r] .. start[r + 1]),
 * in ascending order, for the r-th label of keys (of nlists). */
struct label_index {
    struct strmap keys;   /* "ns\x1fkey\x1fvalue" -> list number */
    uint32_t *start, *at;
    size_t nlists;
};

static size_t label_key(char *buf, size_t size, const char *ns, const char *k, const char *v)
{
    int n = fmt_snprintf(buf, size, "%s\x1f%s\x1f%s", ns, k, v);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* Two passes: every label's list number, then the lists laid out one after
 * another in one array. */
static void index_labels(struct label_index *ix, struct inventory *inv)
{
    char key[1024];
    size_t total = 0, k = 0;
    for (size_t i = 0; i < inv->nw; i++)
        total += inv->w[i].labels.n;
    uint32_t *list_of = xmalloc((total ? total : 1) * sizeof *list_of);
    for (size_t i = 0; i < inv->nw; i++) {
        const struct inv_workload *w = &inv->w[i];
        for (size_t l = 0; l < w->labels.n; l++)
            list_of[k++] = (uint32_t)strmap_rank(&ix->keys, key,
                                                 label_key(key, sizeof key, ns_or_default(w->obj.ns),
                                                           w->labels.v[l].key,
                                                           w->labels.v[l].value));
    }
    ix->nlists = ix->keys.count;
    ix->start = xcalloc(ix->nlists + 1, sizeof *ix->start);
    for (k = 0; k < total; k++)
        ix->start[list_of[k] + 1]++;
    for (size_t r = 0; r < ix->nlists; r++)
        ix->start[r + 1] += ix->start[r];
    uint32_t *next = xmalloc((ix->nlists ? ix->nlists : 1) * sizeof *next);
    memcpy(next, ix->start, ix->nlists * sizeof *next);
    ix->at = xmalloc((total ? total : 1) * sizeof *ix->at);
    k = 0;
    for (size_t i = 0; i < inv->nw; i++)
        for (size_t l = 0; l < inv->w[i].labels.n; l++)
            ix->at[next[list_of[k++]]++] = (uint32_t)i;
    free(next);
    free(list_of);
}

static void label_index_free(struct label_index *ix)
{
    free(ix->start);
    free(ix->at);
    strmap_free(&ix->keys);
}

static void overlapping_selectors(struct report_ctx *r, struct inventory *inv)
{
    struct label_index ix = {0};
    index_labels(&ix, inv);
    char key[1024];
    for (size_t a = 0; a < inv->nw; a++) {
        const struct inv_workload *wa = &inv->w[a];
        if (!wa->has_selector || selector_is_empty(&wa->selector))
            continue;
        const char *ns = ns_or_default(wa->obj.ns);
        const struct sel_req *pair = label_pair(&wa->selector);
        if (pair) {
            size_t rank = strmap_rank(&ix.keys, key,
                                      label_key(key, sizeof key, ns, pair->key, pair->values[0]));
            bool listed = rank < ix.nlists; /* else a label no workload carries */
            size_t from = listed ? ix.start[rank] : 0, to = listed ? ix.start[rank + 1] : 0;
            for (size_t k = from; k < to; k++) {
                uint32_t b = ix.at[k];
                if (b > a && overlap(wa, &inv->w[b]))
                    report_overlap(r, wa, &inv->w[b]);
            }
            continue;
        }
        const struct inv_namespace *n = inventory_namespace(inv, ns);
        for (size_t k = 0; k < n->nworkloads; k++) {
            uint32_t b = n->workloads[k];
            if (b > a && overlap(wa, &inv->w[b]))
                report_overlap(r, wa, &inv->w[b]);
        }
    }
    label_index_free(&ix);
}

static void analysis_end(void *state, struct report_ctx *r)
{
    struct inventory *inv = inventory_of(state);
    service_no_workload(r, inv);
    service_target_port(r, inv);
    route_backends(r, inv);
    route_missing_gateway(r, inv);
    hpa_no_target(r, inv);
    pdb_selects_nothing(r, inv);
    missing_service_account(r, inv);
    missing_refs(r, inv, "consistency/missing-configmap", "ConfigMap", 0);
    missing_refs(r, inv, "consistency/missing-secret", "Secret", 1);
    missing_refs(r, inv, "consistency/missing-pvc", "PersistentVolumeClaim", 2);
    statefulset_missing_service(r, inv);
    overlapping_selectors(r, inv);
}

static const struct analyzer CONSISTENCY_ANALYZER = {
    .begin = inventory_begin,
    .add = inventory_feed,
    .end = analysis_end,
    .destroy = inventory_destroy,
};

#define PARTIAL_INPUT                                                                           \
    " Judged only when the input holds the whole application in that namespace: "            \
    "workloads and no custom resources (whose operators create pods the input does not show)."
#define BY_KIND(kind)                                                                           \
    " Judged only in a namespace where the input defines at least one " kind                  \
    ": otherwise the input is taken for a part of the application and the reference for one " \
    "to the rest."

static const struct check CONSISTENCY_CHECKS[] = {
    {
        .id = "consistency/service-no-workload",
        .severity = SEV_LOW,
        .title = "Service selects no workload",
        .why = "A Service whose selector matches none of its namespace's pod templates has no "
               "endpoints: its clients get connection errors, usually because of a label typo."
               PARTIAL_INPUT,
        .fix = "Make spec.selector match the labels of the pods that serve it.",
        .refs = {"Kubernetes docs: Service"},
        .aliases = {"dangling-service", "service-targets-pod"},
    },
    {
        .id = "consistency/service-target-port",
        .severity = SEV_LOW,
        .title = "Service targetPort names no container port",
        .why = "A targetPort given by name is looked up in the selected pods' container ports; "
               "when none of them declares it, the Service has no endpoint for that port."
               PARTIAL_INPUT,
        .fix = "Name the container port as the Service's targetPort, or use the number.",
        .refs = {"Kubernetes docs: Service (port definitions)"},
        .aliases = {"invalid-target-ports"},
    },
    {
        .id = "consistency/ingress-missing-service",
        .severity = SEV_LOW,
        .title = "Ingress backend names a missing Service",
        .why = "An Ingress path whose backend Service does not exist answers 503 (or falls "
               "through to the default backend)." BY_KIND("Service"),
        .fix = "Fix the backend's service name, or add the Service.",
        .refs = {"Kubernetes docs: Ingress"},
        .aliases = {"dangling-ingress", "ingress-targets-service"},
    },
    {
        .id = "consistency/route-missing-service",
        .severity = SEV_LOW,
        .title = "Gateway API route backend names a missing Service",
        .why = "An HTTPRoute, GRPCRoute, TLSRoute, TCPRoute or UDPRoute rule whose backendRef "
               "names a Service that does not exist fails its requests (HTTP 500)."
               BY_KIND("Service"),
        .fix = "Fix the backendRef's name (and namespace), or add the Service.",
        .refs = {"Gateway API: HTTPRoute backendRefs"},
    },
    {
        .id = "consistency/backend-port-missing",
        .severity = SEV_LOW,
        .title = "Route backend port not on the Service",
        .why = "An Ingress, Gateway API route or Istio VirtualService sending traffic to a port "
               "(by number or name) the Service does not have gets no endpoints for it.",
        .fix = "Use one of the Service's ports in the backend.",
        .refs = {"Kubernetes docs: Ingress", "Gateway API: BackendRef"},
    },
    {
        .id = "consistency/route-missing-gateway",
        .severity = SEV_LOW,
        .title = "Route attached to a missing Gateway",
        .why = "A Gateway API route whose parentRef, or an Istio VirtualService whose gateways "
               "entry, names a Gateway that does not exist is served by nothing. Judged only "
               "in a namespace where the input defines at least one Gateway of the same API.",
        .fix = "Fix the parent reference, or add the Gateway.",
        .refs = {"Gateway API: parentRefs", "Istio: VirtualService gateways"},
    },
    {
        .id = "consistency/hpa-no-target",
        .severity = SEV_LOW,
        .title = "Autoscaler targets a missing workload",
        .why = "A HorizontalPodAutoscaler whose scaleTargetRef names no workload does nothing."
               PARTIAL_INPUT,
        .fix = "Fix scaleTargetRef's kind and name.",
        .refs = {"Kubernetes docs: Horizontal Pod Autoscaling"},
        .aliases = {"dangling-hpa", "horizontalpodautoscaler-has-target"},
    },
    {
        .id = "consistency/pdb-selects-nothing",
        .severity = SEV_LOW,
        .title = "PodDisruptionBudget selects no workload",
        .why = "A PodDisruptionBudget whose selector matches none of its namespace's pod "
               "templates protects nothing, usually because of a label typo." PARTIAL_INPUT,
        .fix = "Make spec.selector match the labels of the pods to protect.",
        .refs = {"Kubernetes docs: Specifying a Disruption Budget for your Application"},
        .aliases = {"poddisruptionbudget-has-policy"},
    },
    {
        .id = "consistency/missing-service-account",
        .severity = SEV_MEDIUM,
        .title = "Pod names a missing ServiceAccount",
        .why = "The API server refuses pods whose serviceAccountName does not exist: the "
               "workload's controller creates none. The default account is not reported."
               BY_KIND("ServiceAccount"),
        .fix = "Add the ServiceAccount, or fix the name.",
        .refs = {"Kubernetes docs: Configure Service Accounts for Pods"},
        .aliases = {"non-existent-service-account"},
    },
    {
        .id = "consistency/missing-configmap",
        .severity = SEV_LOW,
        .title = "Pod uses a missing ConfigMap",
        .why = "A pod mounting or reading a ConfigMap that does not exist (and not marked "
               "optional) stays in ContainerCreating or CreateContainerConfigError."
               BY_KIND("ConfigMap"),
        .fix = "Add the ConfigMap, fix the name, or mark the reference optional. The ConfigMaps "
               "controllers create in every namespace (kube-root-ca.crt, "
               "openshift-service-ca.crt, istio-ca-root-cert) are never reported.",
        .refs = {"Kubernetes docs: ConfigMaps"},
    },
    {
        .id = "consistency/missing-secret",
        .severity = SEV_LOW,
        .title = "Pod uses a missing Secret",
        .why = "A pod mounting or reading a Secret that does not exist (and not marked "
               "optional) does not start. Secrets made by cert-manager Certificates and by "
               "custom resources whose kind ends in Secret (SealedSecret, ExternalSecret) count "
               "as present." BY_KIND("Secret"),
        .fix = "Add the Secret (or what makes it), fix the name, or mark the reference optional.",
        .refs = {"Kubernetes docs: Secrets"},
    },
    {
        .id = "consistency/missing-pvc",
        .severity = SEV_LOW,
        .title = "Pod uses a missing PersistentVolumeClaim",
        .why = "A pod whose volume names a PersistentVolumeClaim that does not exist stays "
               "Pending." BY_KIND("PersistentVolumeClaim"),
        .fix = "Add the claim, or fix claimName.",
        .refs = {"Kubernetes docs: Persistent Volumes"},
    },
    {
        .id = "consistency/statefulset-missing-service",
        .severity = SEV_LOW,
        .title = "StatefulSet serviceName names no Service",
        .why = "A StatefulSet's pods get stable DNS names from the headless Service its "
               "serviceName names; without it peers cannot find each other." BY_KIND("Service"),
        .fix = "Add the headless Service (clusterIP: None) or fix serviceName.",
        .refs = {"Kubernetes docs: StatefulSets"},
        .aliases = {"statefulset-has-servicename"},
    },
    {
        .id = "consistency/overlapping-selectors",
        .severity = SEV_MEDIUM,
        .title = "Workloads select each other's pods",
        .why = "Two controllers of a namespace whose selectors each match the other's pod "
               "template both claim the same pods: they scale and replace each other's pods.",
        .fix = "Give each workload a label the other's selector excludes.",
        .refs = {"Kubernetes docs: Deployments (label selector updates)"},
    },
    {
        .id = "consistency/duplicate-env",
        .severity = SEV_LOW,
        .title = "Environment variable set twice",
        .why = "When a container's env lists a name twice the last value wins; whoever edits "
               "the first one changes nothing.",
        .fix = "Keep one entry per name.",
        .refs = {"Kubernetes docs: Define Environment Variables for a Container"},
        .aliases = {"duplicate-env-var", "environment-variable-key-duplication"},
        .pod = duplicate_env,
    },
};

const struct check_family FAMILY_CONSISTENCY = {
    .name = "consistency",
    .checks = CONSISTENCY_CHECKS,
    .nchecks = sizeof CONSISTENCY_CHECKS / sizeof *CONSISTENCY_CHECKS,
    .analyzer = &CONSISTENCY_ANALYZER,
};
