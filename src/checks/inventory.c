/* inventory.c — builds the application inventory of inventory.h from the
 * objects of a scan, and answers lookups by name once the input has ended. */
#include "inventory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fmt.h"
#include "../netpol/model.h"

/* ---- sharing ---- */

static _Thread_local struct inventory *shared;

struct share {
    struct inventory *inv;
    bool feeds;
};

void *inventory_begin(const struct scan_config *cfg)
{
    (void)cfg;
    struct share *s = xcalloc(1, sizeof *s);
    if (!shared || shared->finished) { /* none yet, or one a finished scan left */
        shared = xcalloc(1, sizeof *shared);
        s->feeds = true;
    }
    shared->shares++;
    s->inv = shared;
    return s;
}

static void inventory_free(struct inventory *inv)
{
    for (size_t i = 0; i < inv->nns; i++)
        free(inv->ns[i].workloads);
    free(inv->w);
    free(inv->svc);
    free(inv->routes);
    free(inv->gw);
    free(inv->pdb);
    free(inv->hpa);
    free(inv->ns);
    strmap_free(&inv->ns_index);
    strmap_free(&inv->names);
    strmap_free(&inv->svc_index);
    strmap_free(&inv->w_index);
    strmap_free(&inv->gw_index);
    strmap_free(&inv->texts);
    k8s_identities_free(&inv->identities);
    arena_free(&inv->arena);
    free(inv);
}

void inventory_destroy(void *share)
{
    struct share *s = share;
    if (--s->inv->shares == 0) {
        if (shared == s->inv)
            shared = NULL;
        inventory_free(s->inv);
    }
    free(s);
}

/* ---- small helpers ---- */

static const char *dup(struct inventory *inv, const char *s)
{
    return s ? arena_strdup(&inv->arena, s) : NULL;
}

static const char *ns_of(const struct k8s_object *o)
{
    return o->namespace && *o->namespace ? o->namespace : "default";
}

/* The length of what fmt_snprintf wrote into a buffer of size bytes. */
static size_t written(int n, size_t size)
{
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/* "a\x1fb\x1fc" into buf; its length. */
static size_t key3(char *buf, size_t size, const char *a, const char *b, const char *c)
{
    return written(fmt_snprintf(buf, size, "%s\x1f%s\x1f%s", a ? a : "", b ? b : "", c ? c : ""),
                   size);
}

static struct inv_namespace *namespace_of(struct inventory *inv, const char *name)
{
    size_t r = strmap_rank(&inv->ns_index, name, strlen(name));
    if (r == inv->nns) {
        ARRAY_GROW(inv->ns, inv->nns, inv->ns_cap);
        inv->ns[inv->nns++] = (struct inv_namespace){.name = dup(inv, name)};
    }
    return &inv->ns[r];
}

static void define(struct inventory *inv, const char *kind, const char *ns, const char *name)
{
    char key[768];
    if (name && *name)
        strmap_rank(&inv->names, key, key3(key, sizeof key, kind, ns, name));
}

static void refs_push(struct inventory *inv, struct inv_refs *refs, const struct inv_ref *ref)
{
    if (refs->n == refs->cap) {
        size_t cap = refs->cap ? refs->cap * 2 : 1; /* most lists hold one */
        struct inv_ref *v = arena_alloc(&inv->arena, cap * sizeof *v);
        if (refs->n)
            memcpy(v, refs->v, refs->n * sizeof *v);
        refs->v = v;
        refs->cap = cap;
    }
    refs->v[refs->n++] = *ref;
}

/* A reference by name at node `name` (a string), into refs; its path is
 * BASE.FIELD[I]TAIL, made only when there is a reference. */
static void add_ref(struct inventory *inv, struct inv_refs *refs, const struct node *name,
                    const struct node *optional, const char *container, const char *base,
                    const char *field, size_t i, const char *tail)
{
    if (!node_str(name) || !*node_str(name))
        return;
    char path[1024];
    size_t len = written(fmt_snprintf(path, sizeof path, "%s.%s[%zu]%s", base, field, i, tail),
                         sizeof path);
    size_t rank;
    struct inv_ref ref = {
        .name = dup(inv, node_str(name)),
        .path = strmap_intern_ranked(&inv->texts, path, len, &rank),
        .container = strmap_intern(&inv->texts, container), .line = name->line, .col = name->col,
        .optional = node_is_true(optional),
    };
    refs_push(inv, refs, &ref);
}

static uint32_t port_number(const struct node *n)
{
    int64_t v;
    return node_int(n, &v) && v > 0 && v <= 65535 ? (uint32_t)v : 0;
}

/* ---- workloads ---- */

static const char *const REPLICATED[] = {"Deployment", "StatefulSet", "ReplicaSet",
                                         "ReplicationController"};

static bool is_replicated(const char *kind)
{
    for (size_t i = 0; i < sizeof REPLICATED / sizeof *REPLICATED; i++)
        if (strcmp(kind, REPLICATED[i]) == 0)
            return true;
    return false;
}

/* configMap/secret/persistentVolumeClaim volumes, projected sources too. */
static void read_volumes(struct inventory *inv, struct inv_workload *w, const struct pod_view *pv)
{
    const struct node *vols = node_get(pv->spec, "volumes");
    const char *base = pv->spec_path;
    for (size_t i = 0; i < node_len(vols); i++) {
        const struct node *v = node_at(vols, i);
        const struct node *cm = node_get(v, "configMap"), *sec = node_get(v, "secret");
        const struct node *pvc = node_get(v, "persistentVolumeClaim");
        add_ref(inv, &w->configmaps, node_get(cm, "name"), node_get(cm, "optional"), NULL, base,
                "volumes", i, "");
        add_ref(inv, &w->secrets, node_get(sec, "secretName"), node_get(sec, "optional"), NULL,
                base, "volumes", i, "");
        add_ref(inv, &w->claims, node_get(pvc, "claimName"), NULL, NULL, base, "volumes", i, "");
        const struct node *sources = node_get(node_get(v, "projected"), "sources");
        for (size_t k = 0; k < node_len(sources); k++) {
            const struct node *src = node_at(sources, k);
            cm = node_get(src, "configMap");
            sec = node_get(src, "secret");
            add_ref(inv, &w->configmaps, node_get(cm, "name"), node_get(cm, "optional"), NULL,
                    base, "volumes", i, "");
            add_ref(inv, &w->secrets, node_get(sec, "name"), node_get(sec, "optional"), NULL,
                    base, "volumes", i, "");
        }
    }
}

/* env valueFrom and envFrom references, and the container ports. */
static void read_containers(struct inventory *inv, struct inv_workload *w,
                            const struct pod_view *pv)
{
    size_t nports = 0;
    for (size_t i = 0; i < pv->ncontainers; i++)
        nports += node_len(node_get(pv->containers[i].node, "ports"));
    w->ports = nports ? arena_alloc(&inv->arena, nports * sizeof *w->ports) : NULL;
    for (size_t i = 0; i < pv->ncontainers; i++) {
        const struct container_view *c = &pv->containers[i];
        const struct node *env = node_get(c->node, "env");
        for (size_t k = 0; k < node_len(env); k++) {
            const struct node *from = node_get(node_at(env, k), "valueFrom");
            const struct node *cm = node_get(from, "configMapKeyRef");
            const struct node *sec = node_get(from, "secretKeyRef");
            add_ref(inv, &w->configmaps, node_get(cm, "name"), node_get(cm, "optional"), c->name,
                    c->path, "env", k, ".valueFrom");
            add_ref(inv, &w->secrets, node_get(sec, "name"), node_get(sec, "optional"), c->name,
                    c->path, "env", k, ".valueFrom");
        }
        const struct node *env_from = node_get(c->node, "envFrom");
        for (size_t k = 0; k < node_len(env_from); k++) {
            const struct node *cm = node_get(node_at(env_from, k), "configMapRef");
            const struct node *sec = node_get(node_at(env_from, k), "secretRef");
            add_ref(inv, &w->configmaps, node_get(cm, "name"), node_get(cm, "optional"), c->name,
                    c->path, "envFrom", k, "");
            add_ref(inv, &w->secrets, node_get(sec, "name"), node_get(sec, "optional"), c->name,
                    c->path, "envFrom", k, "");
        }
        const struct node *ports = node_get(c->node, "ports");
        for (size_t k = 0; k < node_len(ports); k++) {
            const struct node *p = node_at(ports, k);
            w->ports[w->nports++] = (struct inv_port){
                .name = dup(inv, node_str(node_get(p, "name"))),
                .port = port_number(node_get(p, "containerPort")),
            };
        }
    }
}

static const char *service_account_path(struct inventory *inv, const char *spec_path)
{
    char path[1024];
    size_t len = written(fmt_snprintf(path, sizeof path, "%s.serviceAccountName", spec_path),
                         sizeof path);
    size_t rank;
    return strmap_intern_ranked(&inv->texts, path, len, &rank);
}

static void add_workload(struct inventory *inv, const struct k8s_object *o,
                         const struct pod_view *pv)
{
    ARRAY_GROW(inv->w, inv->nw, inv->w_cap);
    struct inv_workload *w = &inv->w[inv->nw];
    memset(w, 0, sizeof *w);
    w->obj = *k8s_identity(&inv->identities, o);
    const char *ns = ns_of(o);
    char key[768];
    if (strmap_rank(&inv->w_index, key, key3(key, sizeof key, o->kind, ns, o->name)) != inv->nw)
        return; /* the same workload again: the first counts */
    inv->nw++;
    namespace_of(inv, ns)->nworkloads++;
    w->labels = labels_read(&inv->arena, node_get(pv->meta, "labels"), NULL, NULL);
    const struct node *spec = node_get(o->node, "spec");
    const struct node *sel = node_get(spec, "selector");
    if (node_is_map(sel)) {
        const struct node *bad;
        const char *why;
        if (strcmp(o->kind, "ReplicationController") == 0) {
            struct labels l = labels_read(&inv->arena, sel, NULL, NULL);
            w->selector.n = l.n;
            w->selector.req = arena_zalloc(&inv->arena, (l.n ? l.n : 1) * sizeof *w->selector.req);
            for (size_t i = 0; i < l.n; i++) {
                const char **values = arena_alloc(&inv->arena, sizeof *values);
                values[0] = l.v[i].value;
                w->selector.req[i] = (struct sel_req){.key = l.v[i].key, .op = SEL_IN,
                                                      .from_labels = true, .values = values,
                                                      .nvalues = 1};
            }
            w->has_selector = true;
        } else {
            w->has_selector = selector_read(&inv->arena, sel, &w->selector, &bad, &why);
        }
    }
    w->replicas = -1;
    if (is_replicated(o->kind)) {
        const struct node *r = node_get(spec, "replicas");
        int64_t v = 1;
        w->replicas_set = node_int(r, &v);
        w->replicas = w->replicas_set ? v : 1;
        if (r) {
            w->replicas_line = r->line;
            w->replicas_col = r->col;
        }
    }
    w->spread = node_len(node_get(pv->spec, "topologySpreadConstraints")) > 0 ||
                node_get(node_get(pv->spec, "affinity"), "podAntiAffinity") != NULL;
    w->owned = strcmp(o->kind, "Pod") == 0 && node_len(node_get(o->metadata, "ownerReferences"));
    const struct node *sa = node_get(pv->spec, "serviceAccountName");
    if (!node_str(sa) || !*node_str(sa))
        sa = node_get(pv->spec, "serviceAccount");
    if (node_str(sa) && *node_str(sa))
        w->sa = (struct inv_ref){.name = dup(inv, node_str(sa)), .line = sa->line, .col = sa->col,
                                 .path = service_account_path(inv, pv->spec_path)};
    const struct node *svc = node_get(spec, "serviceName");
    if (strcmp(o->kind, "StatefulSet") == 0 && node_str(svc) && *node_str(svc))
        w->service_name = (struct inv_ref){.name = dup(inv, node_str(svc)), .line = svc->line,
                                           .col = svc->col, .path = "spec.serviceName"};
    read_volumes(inv, w, pv);
    read_containers(inv, w, pv);
}

/* ---- Services and routes ---- */

static void add_service(struct inventory *inv, const struct k8s_object *o)
{
    const char *ns = ns_of(o);
    char key[768];
    if (strmap_rank(&inv->svc_index, key, key3(key, sizeof key, "", ns, o->name)) != inv->nsvc)
        return;
    ARRAY_GROW(inv->svc, inv->nsvc, inv->svc_cap);
    struct inv_service *s = &inv->svc[inv->nsvc++];
    memset(s, 0, sizeof *s);
    s->obj = *k8s_identity(&inv->identities, o);
    namespace_of(inv, ns)->nservices++;
    const struct node *spec = node_get(o->node, "spec");
    const struct node *sel = node_get(spec, "selector");
    s->has_selector = node_is_map(sel) && sel->n > 0;
    s->selector = labels_read(&inv->arena, sel, NULL, NULL);
    s->type = dup(inv, node_str(node_get(spec, "type")) ? node_str(node_get(spec, "type"))
                                                        : "ClusterIP");
    const struct node *ports = node_get(spec, "ports");
    s->ports = node_len(ports) ? arena_zalloc(&inv->arena, node_len(ports) * sizeof *s->ports)
                               : NULL;
    for (size_t i = 0; i < node_len(ports); i++) {
        const struct node *p = node_at(ports, i), *t = node_get(p, "targetPort");
        struct inv_service_port *sp = &s->ports[s->nports++];
        sp->port = port_number(node_get(p, "port"));
        sp->name = dup(inv, node_str(node_get(p, "name")));
        sp->index = i;
        sp->line = (t ? t : p)->line;
        sp->col = (t ? t : p)->col;
        if (t && t->type == NODE_STR && port_number(t) == 0)
            sp->target_name = dup(inv, node_str(t));
        else
            sp->target = t ? port_number(t) : sp->port;
    }
}

static struct inv_route *new_route(struct inventory *inv, const struct k8s_object *o,
                                   enum inv_route_kind kind)
{
    ARRAY_GROW(inv->routes, inv->nroutes, inv->routes_cap);
    struct inv_route *r = &inv->routes[inv->nroutes++];
    memset(r, 0, sizeof *r);
    r->obj = *k8s_identity(&inv->identities, o);
    r->kind = kind;
    return r;
}

static void add_backend(struct inventory *inv, struct inv_route *r, const char *ns,
                        const struct node *name, const struct node *port, const char *path)
{
    if (!node_str(name) || !*node_str(name))
        return;
    struct inv_ref ref = {
        .name = dup(inv, node_str(name)), .ns = dup(inv, ns), .path = dup(inv, path),
        .line = name->line, .col = name->col, .port = port_number(port),
        .port_name = port && port->type == NODE_STR && !port_number(port)
                         ? dup(inv, node_str(port)) : NULL,
    };
    refs_push(inv, &r->backends, &ref);
}

/* networking.k8s.io/v1 backends (service.name, service.port.number|name)
 * and the v1beta1 ones (serviceName, servicePort). */
static void ingress_backend(struct inventory *inv, struct inv_route *r, const char *ns,
                            const struct node *b, const char *path)
{
    const struct node *svc = node_get(b, "service");
    if (svc) {
        const struct node *port = node_get(svc, "port");
        const struct node *pn = node_get(port, "name");
        add_backend(inv, r, ns, node_get(svc, "name"), pn ? pn : node_get(port, "number"), path);
    } else {
        add_backend(inv, r, ns, node_get(b, "serviceName"), node_get(b, "servicePort"), path);
    }
}

static void add_ingress(struct inventory *inv, const struct k8s_object *o)
{
    struct inv_route *r = new_route(inv, o, ROUTE_INGRESS);
    const char *ns = ns_of(o);
    const struct node *spec = node_get(o->node, "spec");
    const struct node *def = node_get(spec, "defaultBackend");
    ingress_backend(inv, r, ns, def ? def : node_get(spec, "backend"),
                    def ? "spec.defaultBackend" : "spec.backend");
    const struct node *rules = node_get(spec, "rules");
    for (size_t i = 0; i < node_len(rules); i++) {
        const struct node *rule = node_at(rules, i);
        if (!r->host)
            r->host = dup(inv, node_str(node_get(rule, "host")));
        const struct node *paths = node_path(rule, "http.paths");
        for (size_t k = 0; k < node_len(paths); k++)
            ingress_backend(inv, r, ns, node_get(node_at(paths, k), "backend"),
                            arena_printf(&inv->arena, "spec.rules[%zu].http.paths[%zu].backend",
                                         i, k));
    }
}

static bool is_gateway_api(const struct k8s_object *o)
{
    return strncmp(o->api_version, "gateway.networking.k8s.io/", 26) == 0;
}

static bool is_istio(const struct k8s_object *o)
{
    return strncmp(o->api_version, "networking.istio.io/", 20) == 0;
}

static bool is_route_kind(const char *kind)
{
    static const char *const KINDS[] = {"HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute",
                                        "UDPRoute"};
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcmp(kind, KINDS[i]) == 0)
            return true;
    return false;
}

/* A reference's kind (and group) is the one wanted, or unset. */
static bool ref_kind_is(const struct node *ref, const char *kind, const char *group)
{
    const char *k = node_str(node_get(ref, "kind")), *g = node_str(node_get(ref, "group"));
    return (!k || strcmp(k, kind) == 0) && (!g || strcmp(g, group) == 0);
}

static void add_gateway_route(struct inventory *inv, const struct k8s_object *o)
{
    struct inv_route *r = new_route(inv, o, ROUTE_GATEWAY_API);
    const char *ns = ns_of(o);
    const struct node *spec = node_get(o->node, "spec");
    r->host = dup(inv, node_str(node_at(node_get(spec, "hostnames"), 0)));
    const struct node *parents = node_get(spec, "parentRefs");
    for (size_t i = 0; i < node_len(parents); i++) {
        const struct node *p = node_at(parents, i), *name = node_get(p, "name");
        if (!ref_kind_is(p, "Gateway", "gateway.networking.k8s.io") || !node_str(name))
            continue;
        const char *pns = node_str(node_get(p, "namespace"));
        struct inv_ref ref = {
            .name = dup(inv, node_str(name)), .ns = dup(inv, pns ? pns : ns),
            .path = arena_printf(&inv->arena, "spec.parentRefs[%zu]", i), .line = name->line,
            .col = name->col,
        };
        refs_push(inv, &r->parents, &ref);
    }
    const struct node *rules = node_get(spec, "rules");
    for (size_t i = 0; i < node_len(rules); i++) {
        const struct node *refs = node_get(node_at(rules, i), "backendRefs");
        for (size_t k = 0; k < node_len(refs); k++) {
            const struct node *b = node_at(refs, k);
            if (!ref_kind_is(b, "Service", ""))
                continue;
            const char *bns = node_str(node_get(b, "namespace"));
            add_backend(inv, r, bns ? bns : ns, node_get(b, "name"), node_get(b, "port"),
                        arena_printf(&inv->arena, "spec.rules[%zu].backendRefs[%zu]", i, k));
        }
    }
}

/* An Istio destination host names a Service when it is NAME, NAME.NS,
 * NAME.NS.svc or NAME.NS.svc.<domain>; *ns receives the namespace. */
static const char *istio_service(struct inventory *inv, const char *host, const char **ns)
{
    const char *dot = strchr(host, '.');
    if (!dot)
        return dup(inv, host);
    const char *dot2 = strchr(dot + 1, '.');
    if (dot2 && strncmp(dot2, ".svc", 4) != 0)
        return NULL;
    *ns = arena_strndup(&inv->arena, dot + 1, (size_t)((dot2 ? dot2 : dot + strlen(dot)) - dot - 1));
    return arena_strndup(&inv->arena, host, (size_t)(dot - host));
}

static void add_virtual_service(struct inventory *inv, const struct k8s_object *o)
{
    struct inv_route *r = new_route(inv, o, ROUTE_ISTIO);
    const char *ns = ns_of(o);
    const struct node *spec = node_get(o->node, "spec");
    r->host = dup(inv, node_str(node_at(node_get(spec, "hosts"), 0)));
    const struct node *gws = node_get(spec, "gateways");
    for (size_t i = 0; i < node_len(gws); i++) {
        const struct node *g = node_at(gws, i);
        const char *name = node_str(g);
        if (!name || strcmp(name, "mesh") == 0)
            continue;
        const char *slash = strchr(name, '/');
        struct inv_ref ref = {
            .name = dup(inv, slash ? slash + 1 : name),
            .ns = slash ? arena_strndup(&inv->arena, name, (size_t)(slash - name)) : dup(inv, ns),
            .path = arena_printf(&inv->arena, "spec.gateways[%zu]", i), .line = g->line,
            .col = g->col,
        };
        refs_push(inv, &r->parents, &ref);
    }
    static const char *const PROTOCOLS[] = {"http", "tcp", "tls"};
    for (size_t p = 0; p < 3; p++) {
        const struct node *list = node_get(spec, PROTOCOLS[p]);
        for (size_t i = 0; i < node_len(list); i++) {
            const struct node *routes = node_get(node_at(list, i), "route");
            for (size_t k = 0; k < node_len(routes); k++) {
                const struct node *d = node_get(node_at(routes, k), "destination");
                const struct node *host = node_get(d, "host");
                const char *dns = ns;
                const char *svc = node_str(host) ? istio_service(inv, node_str(host), &dns) : NULL;
                if (!svc)
                    continue;
                struct inv_ref ref = {
                    .name = svc, .ns = dup(inv, dns), .line = host->line, .col = host->col,
                    .path = arena_printf(&inv->arena, "spec.%s[%zu].route[%zu].destination",
                                         PROTOCOLS[p], i, k),
                    .port = port_number(node_path(d, "port.number")),
                };
                refs_push(inv, &r->backends, &ref);
            }
        }
    }
}

static void add_gateway(struct inventory *inv, const struct k8s_object *o, bool istio)
{
    char key[768];
    if (strmap_rank(&inv->gw_index, key, key3(key, sizeof key, "", ns_of(o), o->name)) != inv->ngw)
        return;
    ARRAY_GROW(inv->gw, inv->ngw, inv->gw_cap);
    struct inv_gateway *g = &inv->gw[inv->ngw++];
    memset(g, 0, sizeof *g);
    g->obj = *k8s_identity(&inv->identities, o);
    g->istio = istio;
    if (istio)
        g->selector = labels_read(&inv->arena, node_path(o->node, "spec.selector"), NULL, NULL);
}

/* ---- budgets and autoscalers ---- */

/* An IntOrString: a count, or "N%". */
static bool int_or_percent(const struct node *n, int64_t *v, bool *percent)
{
    *percent = false;
    if (node_int(n, v))
        return true;
    const char *s = node_str(n);
    char *end;
    if (!s || !*s)
        return false;
    long x = strtol(s, &end, 10);
    if (end == s || strcmp(end, "%") != 0)
        return false;
    *v = x;
    *percent = true;
    return true;
}

static void add_pdb(struct inventory *inv, const struct k8s_object *o)
{
    ARRAY_GROW(inv->pdb, inv->npdb, inv->pdb_cap);
    struct inv_pdb *p = &inv->pdb[inv->npdb++];
    memset(p, 0, sizeof *p);
    p->obj = *k8s_identity(&inv->identities, o);
    const struct node *spec = node_get(o->node, "spec"), *bad;
    const char *why;
    p->selector_ok = node_is_map(node_get(spec, "selector")) &&
                     selector_read(&inv->arena, node_get(spec, "selector"), &p->selector, &bad,
                                   &why);
    const struct node *min = node_get(spec, "minAvailable"), *max = node_get(spec, "maxUnavailable");
    const struct node *v = min ? min : max;
    if (v && int_or_percent(v, &p->value, &p->percent)) {
        p->has_min = min != NULL;
        p->has_max = min == NULL;
        p->vline = v->line;
        p->vcol = v->col;
    }
}

static void add_hpa(struct inventory *inv, const struct k8s_object *o)
{
    ARRAY_GROW(inv->hpa, inv->nhpa, inv->hpa_cap);
    struct inv_hpa *h = &inv->hpa[inv->nhpa++];
    memset(h, 0, sizeof *h);
    h->obj = *k8s_identity(&inv->identities, o);
    const struct node *spec = node_get(o->node, "spec");
    const struct node *t = node_get(spec, "scaleTargetRef");
    h->target_kind = dup(inv, node_str(node_get(t, "kind")));
    h->target_name = dup(inv, node_str(node_get(t, "name")));
    h->tline = (t ? t : o->node)->line;
    h->tcol = (t ? t : o->node)->col;
    if (!node_int(node_get(spec, "minReplicas"), &h->min))
        h->min = 1;
    if (!node_int(node_get(spec, "maxReplicas"), &h->max))
        h->max = 0;
}

/* ---- objects by kind ---- */

static bool is_core(const struct k8s_object *o, const char *kind)
{
    return strcmp(o->api_version, "v1") == 0 && strcmp(o->kind, kind) == 0;
}

/* Objects that bring a Secret of another name: cert-manager Certificates
 * (spec.secretName), External Secrets (spec.target.name). */
static void define_secret_makers(struct inventory *inv, const struct k8s_object *o, const char *ns)
{
    const char *kind = o->kind;
    size_t n = strlen(kind);
    if (n >= 6 && strcmp(kind + n - 6, "Secret") == 0) {
        define(inv, "Secret", ns, o->name);
        define(inv, "Secret", ns, node_str(node_path(o->node, "spec.target.name")));
    }
    if (strcmp(kind, "Certificate") == 0)
        define(inv, "Secret", ns, node_str(node_path(o->node, "spec.secretName")));
}

static void inventory_add(struct inventory *inv, const struct k8s_object *o)
{
    const char *ns = ns_of(o), *kind = o->kind;
    struct arena scratch = {0};
    struct pod_view pv;
    if (pod_view_init(&pv, o, &scratch)) {
        add_workload(inv, o, &pv);
    } else if (is_core(o, "Service")) {
        add_service(inv, o);
        define(inv, "Service", ns, o->name);
    } else if (is_core(o, "ServiceAccount") || is_core(o, "ConfigMap") || is_core(o, "Secret") ||
               is_core(o, "PersistentVolumeClaim")) {
        struct inv_namespace *n = namespace_of(inv, ns);
        size_t *count = strcmp(kind, "ServiceAccount") == 0 ? &n->naccounts
                        : strcmp(kind, "ConfigMap") == 0    ? &n->nconfigmaps
                        : strcmp(kind, "Secret") == 0       ? &n->nsecrets
                                                            : &n->nclaims;
        (*count)++;
        define(inv, kind, ns, o->name);
    } else if (strcmp(kind, "Ingress") == 0) {
        add_ingress(inv, o);
    } else if (is_gateway_api(o) && is_route_kind(kind)) {
        add_gateway_route(inv, o);
    } else if (is_gateway_api(o) && strcmp(kind, "Gateway") == 0) {
        add_gateway(inv, o, false);
    } else if (is_istio(o) && strcmp(kind, "Gateway") == 0) {
        add_gateway(inv, o, true);
    } else if (is_istio(o) && strcmp(kind, "VirtualService") == 0) {
        add_virtual_service(inv, o);
    } else if (strcmp(kind, "PodDisruptionBudget") == 0) {
        add_pdb(inv, o);
    } else if (strcmp(kind, "HorizontalPodAutoscaler") == 0) {
        add_hpa(inv, o);
    } else if (o->namespace && model_is_custom_api(o->api_version)) {
        namespace_of(inv, ns)->ncustom++;
        define_secret_makers(inv, o, ns);
    }
    arena_free(&scratch);
}

void inventory_feed(void *share, const struct k8s_object *o)
{
    struct share *s = share;
    if (s->feeds)
        inventory_add(s->inv, o);
}

/* Namespaces' workload lists, once the input has ended. */
static void inventory_finish(struct inventory *inv)
{
    if (inv->finished)
        return;
    inv->finished = true;
    inv->ndefined = inv->names.count;
    size_t *fill = xcalloc(inv->nns ? inv->nns : 1, sizeof *fill);
    for (size_t i = 0; i < inv->nns; i++)
        inv->ns[i].workloads = xmalloc((inv->ns[i].nworkloads + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < inv->nw; i++) {
        const char *ns = inv->w[i].obj.ns && *inv->w[i].obj.ns ? inv->w[i].obj.ns : "default";
        size_t r = strmap_rank(&inv->ns_index, ns, strlen(ns));
        inv->ns[r].workloads[fill[r]++] = (uint32_t)i;
    }
    free(fill);
}

struct inventory *inventory_of(void *share)
{
    struct share *s = share;
    inventory_finish(s->inv);
    return s->inv;
}

/* ---- lookups ---- */

const struct inv_namespace *inventory_namespace(struct inventory *inv, const char *ns)
{
    size_t r = strmap_rank(&inv->ns_index, ns, strlen(ns));
    return r < inv->nns ? &inv->ns[r] : NULL;
}

bool inventory_has(struct inventory *inv, const char *kind, const char *ns, const char *name)
{
    char key[768];
    return strmap_rank(&inv->names, key, key3(key, sizeof key, kind, ns, name)) < inv->ndefined;
}

/* The rank of a key in a map whose ranks are array indices, or (size_t)-1;
 * an unknown key is added past the array's end and never matches. */
static size_t lookup(struct strmap *m, size_t n, const char *kind, const char *ns, const char *name)
{
    char key[768];
    size_t r = strmap_rank(m, key, key3(key, sizeof key, kind, ns, name));
    return r < n ? r : (size_t)-1;
}

const struct inv_service *inventory_service(struct inventory *inv, const char *ns, const char *name)
{
    size_t r = lookup(&inv->svc_index, inv->nsvc, "", ns, name);
    return r == (size_t)-1 ? NULL : &inv->svc[r];
}

const struct inv_gateway *inventory_gateway(struct inventory *inv, const char *ns, const char *name)
{
    size_t r = lookup(&inv->gw_index, inv->ngw, "", ns, name);
    return r == (size_t)-1 ? NULL : &inv->gw[r];
}

const struct inv_workload *inventory_workload(struct inventory *inv, const char *kind,
                                              const char *ns, const char *name)
{
    size_t r = lookup(&inv->w_index, inv->nw, kind, ns, name);
    return r == (size_t)-1 ? NULL : &inv->w[r];
}

bool inventory_service_selects(const struct inv_service *s, const struct inv_workload *w)
{
    return s->has_selector && labels_subset(&s->selector, &w->labels);
}

struct object_ref inventory_ref(const struct k8s_identity *o, unsigned line, unsigned col)
{
    return (struct object_ref){
        .api_version = o->api_version, .kind = o->kind, .namespace = o->ns, .name = o->name,
        .file = o->file, .line = line ? line : o->line, .col = line ? col : o->col,
        .ignore = o->ignore,
    };
}
