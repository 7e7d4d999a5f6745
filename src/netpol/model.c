/* model.c — building the network model from streamed objects (model.h). */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../k8s/pod.h"
#include "model_priv.h"
#include "../core/sort.h"

void model_init(struct np_model *m)
{
    memset(m, 0, sizeof *m);
}

void model_free(struct np_model *m)
{
    for (size_t i = 0; i < m->npol; i++) {
        struct np_policy *p = &m->pol[i];
        free(p->selected);
        for (int d = 0; d < 2; d++) {
            struct np_rule *rules = d ? p->eg : p->in;
            size_t n = d ? p->neg : p->nin;
            for (size_t r = 0; r < n; r++) {
                free(rules[r].members);
                for (size_t k = 0; k < rules[r].npeers; k++)
                    free(rules[r].peers[k].ip.r);
            }
        }
    }
    for (size_t i = 0; i < m->nns; i++) {
        free(m->ns[i].workloads);
        free(m->ns[i].policies);
    }
    admin_free(m);
    strmap_free(&m->ns_by_name);
    strmap_free(&m->pol_by_name);
    free(m->ns);
    free(m->w);
    free(m->pol);
    free(m->svc);
    free(m->backends);
    free(m->err);
    k8s_identities_free(&m->identities);
    arena_free(&m->arena);
    memset(m, 0, sizeof *m);
}

void model_error(struct np_model *m, const char *file, const struct node *at, const char *fmt,
                 ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ARRAY_GROW(m->err, m->nerr, m->err_cap);
    m->err[m->nerr++] = (struct np_error){
        .pos = {arena_strdup(&m->arena, file), at ? at->line : 0, at ? at->col : 0},
        .msg = arena_strdup(&m->arena, buf),
    };
}

const char *model_ns_or_default(const struct k8s_object *o)
{
    return o->namespace && *o->namespace ? o->namespace : "default";
}

struct np_obj model_obj_copy(struct np_model *m, const struct k8s_object *o)
{
    const struct k8s_identity *id = k8s_identity(&m->identities, o);
    return (struct np_obj){
        .api_version = id->api_version, .kind = id->kind, .ns = id->ns, .name = id->name,
        .ignore = id->ignore, .pos = {id->file, id->line, id->col},
    };
}

struct np_namespace *model_namespace(struct np_model *m, const char *name)
{
    size_t i = strmap_rank(&m->ns_by_name, name, strlen(name));
    if (i < m->nns)
        return &m->ns[i];
    ARRAY_GROW(m->ns, m->nns, m->ns_cap);
    struct np_namespace *ns = &m->ns[m->nns++];
    memset(ns, 0, sizeof *ns);
    ns->name = arena_strdup(&m->arena, name);
    ns->labels = labels_read(&m->arena, NULL, NS_NAME_LABEL, name);
    return ns;
}

static void add_namespace(struct np_model *m, const struct k8s_object *o)
{
    m->namespace_objects++;
    if (!o->name) {
        model_error(m, o->file, o->node, "Namespace without metadata.name");
        return;
    }
    struct np_namespace *ns = model_namespace(m, o->name);
    if (ns->declared) {
        model_error(m, o->file, o->node, "Namespace \"%s\" is defined more than once", o->name);
        return;
    }
    ns->declared = true;
    ns->obj = model_obj_copy(m, o);
    ns->labels = labels_read(&m->arena, o->labels, NS_NAME_LABEL, o->name);
}

/* ---- workloads ---- */

static const char *const WORKLOAD_KINDS[] = {"Deployment", "ReplicaSet", "StatefulSet",
                                             "DaemonSet", "Job", "CronJob",
                                             "ReplicationController"};

static bool is_workload_kind(const char *kind)
{
    for (size_t i = 0; i < sizeof WORKLOAD_KINDS / sizeof *WORKLOAD_KINDS; i++)
        if (strcmp(kind, WORKLOAD_KINDS[i]) == 0)
            return true;
    return false;
}

static void read_ports(struct np_model *m, const struct pod_view *pv, struct workload *w)
{
    size_t total = 0;
    for (size_t i = 0; i < pv->ncontainers; i++)
        if (pv->containers[i].kind == CONTAINER_REGULAR)
            total += node_len(node_get(pv->containers[i].node, "ports"));
    w->ports = arena_zalloc(&m->arena, (total + 1) * sizeof *w->ports);
    for (size_t i = 0; i < pv->ncontainers; i++) {
        if (pv->containers[i].kind != CONTAINER_REGULAR)
            continue;
        const struct node *ports = node_get(pv->containers[i].node, "ports");
        for (size_t k = 0; k < node_len(ports); k++) {
            const struct node *p = node_at(ports, k);
            int64_t num;
            if (!node_int(node_get(p, "containerPort"), &num) || num < 1 || num > PORT_MAX)
                continue;
            struct container_port *cp = &w->ports[w->nports++];
            const char *name = node_str(node_get(p, "name"));
            const char *proto = node_str(node_get(p, "protocol"));
            cp->name = name ? arena_strdup(&m->arena, name) : NULL;
            cp->port = (uint32_t)num;
            if (!proto || !proto_parse(proto, &cp->proto))
                cp->proto = PROTO_TCP;
        }
    }
}

/* The controller owning a Pod, as netpol-analyzer names workloads. */
static const struct node *pod_controller(const struct k8s_object *o)
{
    const struct node *refs = node_get(o->metadata, "ownerReferences");
    for (size_t i = 0; i < node_len(refs); i++) {
        const struct node *r = node_at(refs, i);
        if (node_is_true(node_get(r, "controller")))
            return node_str_eq(node_get(r, "kind"), "Node") ? NULL : r;
    }
    return NULL;
}

bool model_is_custom_api(const char *api_version)
{
    static const char *const BUILTIN[] = {"apps", "batch", "policy", "autoscaling",
                                          "extensions", "route.openshift.io"};
    const char *slash = api_version ? strchr(api_version, '/') : NULL;
    if (!slash)
        return false; /* the core group */
    size_t n = (size_t)(slash - api_version);
    for (size_t i = 0; i < sizeof BUILTIN / sizeof *BUILTIN; i++)
        if (strlen(BUILTIN[i]) == n && strncmp(api_version, BUILTIN[i], n) == 0)
            return false;
    static const char SUFFIX[] = ".k8s.io";
    size_t k = sizeof SUFFIX - 1;
    return !(n > k && strncmp(slash - k, SUFFIX, k) == 0);
}

static void add_custom(struct np_model *m, const struct k8s_object *o)
{
    struct np_namespace *ns = model_namespace(m, model_ns_or_default(o));
    if (!ns->ncustom++)
        ns->custom = model_obj_copy(m, o);
}

static void add_workload(struct np_model *m, const struct k8s_object *o)
{
    bool is_pod = strcmp(o->kind, "Pod") == 0;
    if (!is_pod && !is_workload_kind(o->kind)) {
        if (model_is_custom_api(o->api_version))
            add_custom(m, o);
        return;
    }
    struct arena scratch = {0};
    struct pod_view pv;
    if (!pod_view_init(&pv, o, &scratch)) {
        arena_free(&scratch);
        return;
    }
    ARRAY_GROW(m->w, m->nw, m->w_cap);
    struct workload *w = &m->w[m->nw++];
    memset(w, 0, sizeof *w);
    w->obj = model_obj_copy(m, o);
    w->ns = o->namespace && *o->namespace ? w->obj.ns : "default";
    w->name = w->obj.name;
    w->kind = w->obj.kind;
    const struct node *owner = is_pod ? pod_controller(o) : NULL;
    if (owner && node_str(node_get(owner, "name"))) {
        /* an owner without a kind still names the workload; it stays a Pod */
        const char *kind = node_str(node_get(owner, "kind"));
        w->name = arena_strdup(&m->arena, node_str(node_get(owner, "name")));
        if (kind && *kind)
            w->kind = arena_strdup(&m->arena, kind);
    }
    w->peer = arena_printf(&m->arena, "%s/%s[%s]", w->ns, w->name, w->kind);
    w->labels = labels_read(&m->arena, node_get(pv.meta, "labels"), NULL, NULL);
    read_ports(m, &pv, w);
    arena_free(&scratch);
}

/* ---- NetworkPolicy ---- */

void model_reader_bad(struct model_reader *r, const struct node *at, const char *fmt, ...)
{
    char buf[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (r->ok && r->kind)
        model_error(r->m, r->file, at, "%s \"%s\": %s", r->kind, r->name, buf);
    else if (r->ok)
        model_error(r->m, r->file, at, "%s", buf);
    r->ok = false;
}

void model_reader_selector(struct model_reader *r, const struct node *n, struct selector *out,
                           const char *what)
{
    const struct node *where;
    const char *why;
    if (!selector_read(&r->m->arena, n, out, &where, &why))
        model_reader_bad(r, where ? where : n, "%s error: %s", what, why);
}

static void read_selector(struct model_reader *r, const struct node *n, struct selector *out)
{
    model_reader_selector(r, n, out, "NetworkPolicy selector");
}

static void read_ipblock(struct model_reader *r, const struct node *n, struct np_peer *p)
{
    p->kind = PEER_IPBLOCK;
    const struct node *cidr = node_get(n, "cidr");
    const char *why;
    uint32_t lo, hi;
    bool v6;
    if (!node_str(cidr)) {
        model_reader_bad(r, cidr ? cidr : n, "NetworkPolicy ipBlock error: cidr must be a string");
        return;
    }
    if (!cidr_parse(node_str(cidr), &v6, &lo, &hi, &why)) {
        model_reader_bad(r, cidr, "NetworkPolicy ipBlock error: invalid CIDR \"%s\": %s", node_str(cidr), why);
        return;
    }
    p->cidr = arena_strdup(&r->m->arena, node_str(cidr));
    p->ip.v6 = v6;
    if (!v6) {
        p->ip.r = xmalloc(sizeof *p->ip.r);
        p->ip.r[0] = (struct ip_range){lo, hi};
        p->ip.n = 1;
    }
    const struct node *except = node_get(n, "except");
    if (except && except->type != NODE_NULL && !node_is_seq(except)) {
        model_reader_bad(r, except, "NetworkPolicy ipBlock error: except must be a list");
        return;
    }
    for (size_t i = 0; i < node_len(except); i++) {
        const struct node *e = node_at(except, i);
        uint32_t elo, ehi;
        bool ev6;
        if (!node_str(e) || !cidr_parse(node_str(e), &ev6, &elo, &ehi, &why)) {
            model_reader_bad(r, e, "NetworkPolicy ipBlock error: invalid except CIDR \"%s\"",
                node_str(e) ? node_str(e) : node_text(e));
            return;
        }
        if (ev6 != v6 || (!v6 && (elo < lo || ehi > hi))) {
            model_reader_bad(r, e, "NetworkPolicy ipBlock error: except \"%s\" is not within cidr \"%s\"",
                node_str(e), p->cidr);
            return;
        }
        p->except = true;
        if (!v6)
            ipblock_subtract(&p->ip, elo, ehi);
    }
}

static void read_peer(struct model_reader *r, const struct node *n, struct np_peer *p)
{
    if (!node_is_map(n)) {
        model_reader_bad(r, n, "NetworkPolicy rule peer error: a peer must be a mapping");
        return;
    }
    const struct node *ps = node_get(n, "podSelector"), *ns = node_get(n, "namespaceSelector");
    const struct node *ip = node_get(n, "ipBlock");
    bool has_ps = ps && ps->type != NODE_NULL, has_ns = ns && ns->type != NODE_NULL;
    bool has_ip = ip && ip->type != NODE_NULL;
    if (!has_ps && !has_ns && !has_ip) {
        model_reader_bad(r, n, "NetworkPolicy rule peer error: a peer needs podSelector, namespaceSelector "
                  "or ipBlock");
        return;
    }
    if (has_ip && (has_ps || has_ns)) {
        model_reader_bad(r, n, "NetworkPolicy rule peer error: ipBlock cannot be combined with podSelector "
                  "or namespaceSelector");
        return;
    }
    if (has_ip) {
        read_ipblock(r, ip, p);
        return;
    }
    p->kind = PEER_PODS;
    p->has_pod_sel = has_ps;
    p->has_ns_sel = has_ns;
    if (has_ps)
        read_selector(r, ps, &p->pod_sel);
    if (has_ns)
        read_selector(r, ns, &p->ns_sel);
}

static bool valid_port_name(const char *s)
{
    size_t n = strlen(s);
    bool letter = false;
    if (n == 0 || n > 15 || s[0] == '-' || s[n - 1] == '-' || strstr(s, "--"))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            letter = true;
        else if (!(c >= '0' && c <= '9') && c != '-')
            return false;
    }
    return letter;
}

static void read_port(struct model_reader *r, const struct node *n, struct np_port *p)
{
    if (!node_is_map(n)) {
        model_reader_bad(r, n, "NetworkPolicy port error: a port must be a mapping");
        return;
    }
    const struct node *proto = node_get(n, "protocol"), *port = node_get(n, "port");
    const struct node *end = node_get(n, "endPort");
    p->proto = PROTO_TCP;
    if (proto && proto->type != NODE_NULL &&
        (!node_str(proto) || !proto_parse(node_str(proto), &p->proto))) {
        model_reader_bad(r, proto, "NetworkPolicy port error: protocol must be TCP, UDP or SCTP");
        return;
    }
    bool has_end = end && end->type != NODE_NULL;
    if (!port || port->type == NODE_NULL) {
        p->any = true;
        if (has_end)
            model_reader_bad(r, end, "NetworkPolicy port error: endPort requires port");
        return;
    }
    int64_t lo, hi;
    if (port->type == NODE_STR) {
        if (!valid_port_name(port->str)) {
            model_reader_bad(r, port, "NetworkPolicy port error: \"%s\" is neither a port number nor a valid "
                         "port name",
                port->str);
            return;
        }
        if (has_end) {
            model_reader_bad(r, end, "NetworkPolicy port error: endPort cannot be used with named port \"%s\"",
                port->str);
            return;
        }
        p->named = arena_strdup(&r->m->arena, port->str);
        return;
    }
    if (!node_int(port, &lo)) {
        model_reader_bad(r, port, "NetworkPolicy port error: port must be a number or a name");
        return;
    }
    hi = lo;
    if (has_end && !node_int(end, &hi)) {
        model_reader_bad(r, end, "NetworkPolicy port error: endPort must be a number");
        return;
    }
    if (lo < PORT_MIN || lo > PORT_MAX || hi < PORT_MIN || hi > PORT_MAX || hi < lo) {
        model_reader_bad(r, has_end ? end : port,
            "NetworkPolicy port error: illegal port range %lld-%lld (ports are 1-65535, endPort "
            ">= port)",
            (long long)lo, (long long)hi);
        return;
    }
    p->lo = (uint32_t)lo;
    p->hi = (uint32_t)hi;
}

static void read_rule(struct model_reader *r, const struct node *n, const char *peers_key,
                      bool egress, struct np_rule *rule)
{
    struct arena *a = &r->m->arena;
    rule->pos = (struct np_pos){r->file, n ? n->line : 0, n ? n->col : 0};
    if (!node_is_map(n)) {
        if (n && n->type != NODE_NULL)
            model_reader_bad(r, n, "NetworkPolicy rule error: a rule must be a mapping");
        return;
    }
    const struct node *peers = node_get(n, peers_key), *ports = node_get(n, "ports");
    if (peers && peers->type != NODE_NULL && !node_is_seq(peers)) {
        model_reader_bad(r, peers, "NetworkPolicy rule error: %s must be a list", peers_key);
        return;
    }
    if (ports && ports->type != NODE_NULL && !node_is_seq(ports)) {
        model_reader_bad(r, ports, "NetworkPolicy rule error: ports must be a list");
        return;
    }
    rule->npeers = node_len(peers);
    rule->peers = arena_zalloc(a, (rule->npeers + 1) * sizeof *rule->peers);
    for (size_t i = 0; i < rule->npeers; i++)
        read_peer(r, node_at(peers, i), &rule->peers[i]);
    rule->nports = node_len(ports);
    rule->ports = arena_zalloc(a, (rule->nports + 1) * sizeof *rule->ports);
    for (size_t i = 0; i < rule->nports; i++)
        read_port(r, node_at(ports, i), &rule->ports[i]);
    if (!egress || !r->ok)
        return;
    /* a named port means nothing for an IP destination */
    bool to_ips = rule->npeers == 0;
    for (size_t i = 0; i < rule->npeers; i++)
        to_ips |= rule->peers[i].kind == PEER_IPBLOCK;
    for (size_t i = 0; to_ips && i < rule->nports; i++)
        if (rule->ports[i].named)
            model_reader_bad(r, node_get(node_at(ports, i), "port"),
                "NetworkPolicy named port error: named port \"%s\" cannot apply to an ipBlock "
                "destination",
                rule->ports[i].named);
}

static void read_rules(struct model_reader *r, const struct node *spec, bool egress,
                       struct np_rule **out, size_t *n)
{
    const struct node *rules = node_get(spec, egress ? "egress" : "ingress");
    if (rules && rules->type != NODE_NULL && !node_is_seq(rules)) {
        model_reader_bad(r, rules, "NetworkPolicy error: %s must be a list", egress ? "egress" : "ingress");
        return;
    }
    *n = node_len(rules);
    *out = arena_zalloc(&r->m->arena, (*n + 1) * sizeof **out);
    for (size_t i = 0; i < *n; i++)
        read_rule(r, node_at(rules, i), egress ? "to" : "from", egress, &(*out)[i]);
}

static void read_policy_types(struct model_reader *r, const struct node *spec,
                              struct np_policy *p)
{
    const struct node *types = node_get(spec, "policyTypes");
    if (types && types->type != NODE_NULL && !node_is_seq(types)) {
        model_reader_bad(r, types, "NetworkPolicy error: policyTypes must be a list");
        return;
    }
    if (node_len(types) == 0) {
        p->affects_ingress = true;
        p->affects_egress = p->neg > 0;
        return;
    }
    for (size_t i = 0; i < node_len(types); i++) {
        const struct node *t = node_at(types, i);
        if (node_str_eq(t, "Ingress"))
            p->affects_ingress = true;
        else if (node_str_eq(t, "Egress"))
            p->affects_egress = true;
        else
            model_reader_bad(r, t, "NetworkPolicy error: policyTypes items must be Ingress or Egress");
    }
}

static void free_rule_blocks(struct np_rule *rules, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < rules[i].npeers; k++) {
            free(rules[i].peers[k].ip.r);
            rules[i].peers[k].ip.r = NULL;
        }
}

static void add_policy(struct np_model *m, const struct k8s_object *o)
{
    /* rule positions outlive the document: keep our own copy of its name */
    struct model_reader r = {.m = m, .file = arena_strdup(&m->arena, o->file), .ok = true};
    if (!o->name) {
        model_reader_bad(&r, o->node, "NetworkPolicy without metadata.name");
        return;
    }
    const char *ns = model_ns_or_default(o);
    const char *key = arena_printf(&m->arena, "%s/%s", ns, o->name);
    size_t seen = m->pol_by_name.count;
    if (strmap_rank(&m->pol_by_name, key, strlen(key)) < seen) {
        model_reader_bad(&r, o->node, "NetworkPolicy \"%s\" is defined more than once", key);
        return;
    }
    struct np_policy p = {0};
    p.obj = model_obj_copy(m, o);
    p.ns = arena_strdup(&m->arena, ns);
    p.name = p.obj.name;
    const struct node *spec = node_get(o->node, "spec");
    if (spec && spec->type != NODE_NULL && !node_is_map(spec)) {
        model_reader_bad(&r, spec, "NetworkPolicy error: spec must be a mapping");
        return;
    }
    const struct node *pod_sel = node_get(spec, "podSelector");
    if (pod_sel)
        p.pod_sel_pos = (struct np_pos){p.obj.pos.file, pod_sel->line, pod_sel->col};
    else
        p.pod_sel_pos = p.obj.pos;
    read_selector(&r, pod_sel, &p.pod_sel);
    read_rules(&r, spec, false, &p.in, &p.nin);
    read_rules(&r, spec, true, &p.eg, &p.neg);
    read_policy_types(&r, spec, &p);
    if (!r.ok) {
        free_rule_blocks(p.in, p.nin);
        free_rule_blocks(p.eg, p.neg);
        return;
    }
    ARRAY_GROW(m->pol, m->npol, m->pol_cap);
    m->pol[m->npol++] = p;
}

/* ---- Services, Ingresses and Routes (traffic from the ingress controller) ---- */

static void add_service(struct np_model *m, const struct k8s_object *o)
{
    struct arena *a = &m->arena;
    const struct node *spec = node_get(o->node, "spec");
    const struct node *sel = node_get(spec, "selector"), *ports = node_get(spec, "ports");
    ARRAY_GROW(m->svc, m->nsvc, m->svc_cap);
    struct np_service *s = &m->svc[m->nsvc++];
    memset(s, 0, sizeof *s);
    s->ns = arena_strdup(a, model_ns_or_default(o));
    s->name = arena_strdup(a, o->name ? o->name : "");
    s->has_selector = node_is_map(sel);
    s->selector = labels_read(a, sel, NULL, NULL);
    s->ports = arena_zalloc(a, (node_len(ports) + 1) * sizeof *s->ports);
    for (size_t i = 0; i < node_len(ports); i++) {
        const struct node *p = node_at(ports, i), *target = node_get(p, "targetPort");
        int64_t port, t;
        if (!node_int(node_get(p, "port"), &port) || port < 1 || port > PORT_MAX)
            continue;
        struct np_service_port *sp = &s->ports[s->nports++];
        const char *name = node_str(node_get(p, "name"));
        sp->name = name ? arena_strdup(a, name) : NULL;
        sp->port = sp->target = (uint32_t)port;
        if (node_str(target))
            sp->target_name = arena_strdup(a, node_str(target));
        else if (node_int(target, &t) && t >= 1 && t <= PORT_MAX)
            sp->target = (uint32_t)t;
    }
}

static void add_backend(struct np_model *m, const char *ns, const struct node *service,
                        const struct node *port)
{
    if (!node_str(service))
        return;
    ARRAY_GROW(m->backends, m->nbackends, m->backends_cap);
    struct np_backend *b = &m->backends[m->nbackends++];
    memset(b, 0, sizeof *b);
    b->ns = arena_strdup(&m->arena, ns);
    b->service = arena_strdup(&m->arena, node_str(service));
    int64_t num;
    if (node_str(port))
        b->port_name = arena_strdup(&m->arena, node_str(port));
    else if (node_int(port, &num) && num >= 1 && num <= PORT_MAX)
        b->port = (uint32_t)num;
}

/* An Ingress backend's service: port by name, else by number. */
static void add_ingress_backend(struct np_model *m, const char *ns, const struct node *svc)
{
    const struct node *port = node_get(svc, "port");
    const struct node *name = node_get(port, "name");
    add_backend(m, ns, node_get(svc, "name"), name ? name : node_get(port, "number"));
}

static void add_ingress(struct np_model *m, const struct k8s_object *o)
{
    const char *ns = model_ns_or_default(o);
    const struct node *spec = node_get(o->node, "spec");
    add_ingress_backend(m, ns, node_path(spec, "defaultBackend.service"));
    const struct node *rules = node_get(spec, "rules");
    for (size_t i = 0; i < node_len(rules); i++) {
        const struct node *paths = node_path(node_at(rules, i), "http.paths");
        for (size_t k = 0; k < node_len(paths); k++)
            add_ingress_backend(m, ns, node_path(node_at(paths, k), "backend.service"));
    }
}

static bool route_target(const struct node *to)
{
    const struct node *kind = node_get(to, "kind");
    return !node_str(kind) || !*node_str(kind) || node_str_eq(kind, "Service");
}

static void add_route(struct np_model *m, const struct k8s_object *o)
{
    const char *ns = model_ns_or_default(o);
    const struct node *spec = node_get(o->node, "spec");
    const struct node *port = node_path(spec, "port.targetPort");
    const struct node *to = node_get(spec, "to");
    if (route_target(to))
        add_backend(m, ns, node_get(to, "name"), port);
    const struct node *alt = node_get(spec, "alternateBackends");
    for (size_t i = 0; i < node_len(alt); i++)
        if (route_target(node_at(alt, i)))
            add_backend(m, ns, node_get(node_at(alt, i), "name"), port);
}

enum model_part model_part_of(const struct k8s_object *o)
{
    if (!o->kind)
        return MODEL_NOTHING;
    if (strcmp(o->kind, "Namespace") == 0)
        return MODEL_NAMESPACE;
    if (strcmp(o->kind, "NetworkPolicy") == 0)
        return MODEL_POLICY;
    if (strcmp(o->kind, "Service") == 0 && strcmp(o->api_version, "v1") == 0)
        return MODEL_SERVICE;
    if (strcmp(o->kind, "Ingress") == 0)
        return MODEL_INGRESS;
    if (strcmp(o->kind, "Route") == 0 && strncmp(o->api_version, "route.openshift.io/", 19) == 0)
        return MODEL_ROUTE;
    if ((strcmp(o->kind, "AdminNetworkPolicy") == 0 ||
         strcmp(o->kind, "BaselineAdminNetworkPolicy") == 0) &&
        strncmp(o->api_version, "policy.networking.k8s.io/", 25) == 0)
        return MODEL_ADMIN_POLICY;
    return MODEL_WORKLOAD;
}

void model_add(struct np_model *m, const struct k8s_object *o)
{
    switch (model_part_of(o)) {
    case MODEL_NOTHING: break;
    case MODEL_NAMESPACE: add_namespace(m, o); break;
    case MODEL_POLICY: add_policy(m, o); break;
    case MODEL_SERVICE: add_service(m, o); break;
    case MODEL_INGRESS: add_ingress(m, o); break;
    case MODEL_ROUTE: add_route(m, o); break;
    case MODEL_ADMIN_POLICY: admin_add(m, o, o->kind[0] == 'B'); break;
    case MODEL_WORKLOAD: add_workload(m, o); break;
    }
}

/* ---- finishing ---- */

static int cmp_workload(const void *a, const void *b)
{
    const struct workload *x = a, *y = b;
    int c = strcmp(x->peer, y->peer);
    if (c)
        return c;
    /* stable on input order: positions are unique per object */
    c = strcmp(x->obj.pos.file, y->obj.pos.file);
    if (c)
        return c;
    return x->obj.pos.line < y->obj.pos.line ? -1 : x->obj.pos.line > y->obj.pos.line;
}

/* A policy whose selectors tell two pods of one owner apart: connectivity
 * would differ between the owner's pods, so it cannot be one workload. */
static const struct np_policy *selects_differently(const struct np_model *m,
                                                   const struct workload *a,
                                                   const struct workload *b)
{
    for (size_t p = 0; p < m->npol; p++) {
        const struct np_policy *pol = &m->pol[p];
        if (strcmp(pol->ns, a->ns) == 0 &&
            selector_matches(&pol->pod_sel, &a->labels) !=
                selector_matches(&pol->pod_sel, &b->labels))
            return pol;
        for (int d = 0; d < 2; d++) {
            const struct np_rule *rules = d ? pol->eg : pol->in;
            size_t n = d ? pol->neg : pol->nin;
            for (size_t r = 0; r < n; r++)
                for (size_t k = 0; k < rules[r].npeers; k++) {
                    const struct np_peer *peer = &rules[r].peers[k];
                    if (peer->has_pod_sel && selector_matches(&peer->pod_sel, &a->labels) !=
                                                 selector_matches(&peer->pod_sel, &b->labels))
                        return pol;
                }
        }
    }
    return NULL;
}

static bool admin_peer_differs(const struct admin_peer *p, const struct workload *a,
                               const struct workload *b)
{
    return p->kind == ADMIN_PODS &&
           selector_matches(&p->pod_sel, &a->labels) != selector_matches(&p->pod_sel, &b->labels);
}

/* The same for admin policies: their subjects and rule peers. */
static const struct admin_policy *admin_selects_differently(const struct np_model *m,
                                                            const struct workload *a,
                                                            const struct workload *b)
{
    for (size_t i = 0; i <= m->nanp; i++) {
        const struct admin_policy *p = i < m->nanp ? &m->anp[i] : m->banp;
        if (!p)
            continue;
        if (admin_peer_differs(&p->subject, a, b))
            return p;
        for (int d = 0; d < 2; d++) {
            const struct admin_rule *rules = d ? p->eg : p->in;
            size_t n = d ? p->neg : p->nin;
            for (size_t r = 0; r < n; r++)
                for (size_t k = 0; k < rules[r].npeers; k++)
                    if (admin_peer_differs(&rules[r].peers[k], a, b))
                        return p;
        }
    }
    return NULL;
}

static void merge_same_owner(struct np_model *m)
{
    if (m->nw)
        sort_array(m->w, m->nw, sizeof *m->w, cmp_workload);
    size_t out = 0;
    for (size_t i = 0; i < m->nw; i++) {
        if (out && strcmp(m->w[out - 1].peer, m->w[i].peer) == 0) {
            const struct np_policy *pol = selects_differently(m, &m->w[out - 1], &m->w[i]);
            const struct admin_policy *apol =
                pol ? NULL : admin_selects_differently(m, &m->w[out - 1], &m->w[i]);
            if (apol) {
                struct node at = {.line = m->w[i].obj.pos.line, .col = m->w[i].obj.pos.col};
                model_error(m, m->w[i].obj.pos.file, &at,
                            "pods \"%s\" and \"%s\" of %s have labels that %s \"%s\" "
                            "selects differently: connectivity would differ between the pods "
                            "of one workload",
                            m->w[out - 1].obj.name, m->w[i].obj.name, m->w[i].peer,
                            apol->obj.kind, apol->name);
            } else if (pol) {
                struct node at = {.line = m->w[i].obj.pos.line, .col = m->w[i].obj.pos.col};
                model_error(m, m->w[i].obj.pos.file, &at,
                            "pods \"%s\" and \"%s\" of %s have labels that NetworkPolicy "
                            "%s/%s selects differently: connectivity would differ between the "
                            "pods of one workload",
                            m->w[out - 1].obj.name, m->w[i].obj.name, m->w[i].peer, pol->ns,
                            pol->name);
            }
            continue;
        }
        m->w[out++] = m->w[i];
    }
    m->nw = out;
}

void model_finish(struct np_model *m)
{
    if (m->finished)
        return;
    m->finished = true;
    admin_finish(m);
    merge_same_owner(m);
    for (size_t i = 0; i < m->nw; i++)
        model_namespace(m, m->w[i].ns);
    for (size_t i = 0; i < m->npol; i++)
        model_namespace(m, m->pol[i].ns);
    for (size_t i = 0; i < m->nns; i++) {
        m->ns[i].workloads = xmalloc((m->nw + 1) * sizeof *m->ns[i].workloads);
        m->ns[i].policies = xmalloc((m->npol + 1) * sizeof *m->ns[i].policies);
    }
    for (size_t i = 0; i < m->nw; i++) {
        struct np_namespace *ns = model_namespace(m, m->w[i].ns);
        m->w[i].ns_index = (uint32_t)(ns - m->ns);
        ns->workloads[ns->nworkloads++] = (uint32_t)i;
    }
    for (size_t i = 0; i < m->npol; i++) {
        struct np_namespace *ns = model_namespace(m, m->pol[i].ns);
        m->pol[i].ns_index = (uint32_t)(ns - m->ns);
        ns->policies[ns->npolicies++] = (uint32_t)i;
    }
    m->words = (m->nw + 63) / 64;
}

long model_find_workload(const struct np_model *m, const char *query)
{
    long hit = -1;
    for (size_t i = 0; i < m->nw; i++) {
        const struct workload *w = &m->w[i];
        size_t nsl = strlen(w->ns);
        bool full = strncmp(query, w->ns, nsl) == 0 && query[nsl] == '/' &&
                    strcmp(query + nsl + 1, w->name) == 0;
        if (strcmp(query, w->peer) == 0 || full)
            return (long)i;
        if (hit < 0 && strcmp(query, w->name) == 0)
            hit = (long)i;
    }
    return hit;
}
