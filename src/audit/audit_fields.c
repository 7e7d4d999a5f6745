/* audit_fields.c — field extraction (audit_fields.h). Values are strings, as
 * in the k8saudit plugin: a string as itself, anything else as its compact
 * JSON text; absent keys make the field absent (<NA> in outputs). */
#include "audit_fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit_text.h"
#include "audit_workload.h"

enum kind {
    K_KEYS,        /* value at a key path */
    K_KEYS_LIST,   /* array at a key path, each element */
    K_CONTAINERS,  /* a key path inside each regular container (index argument) */
    K_CTR_NONNULL, /* the same, skipping containers where it is absent */
    K_CTR_OF,      /* a key path in each container of another list */
    K_CTR_OF_NN,   /* the same, skipping containers where it is absent */
    K_IMAGE_REPO,  /* image repository of each container */
    K_FIRST_IMAGE, /* image (or repository) of the first container */
    K_ANY_PRIV,    /* "true" when any container is privileged */
    K_HOST_PORTS,
    K_EFF,         /* container value, else the pod's, else 0 */
    K_RULES,       /* a list inside each RBAC rule, flattened */
    K_VOLUMES,     /* a key path inside each volume, skipping absent ones */
    K_VOLUME_TYPES,
    K_VOLUME_HOSTPATH_ARG, /* "true" when a hostPath volume matches the argument */
    K_URI_PARAM,
    K_HAS_NAME,    /* deprecated: always "true" */
    K_POINTER,     /* jevt.value[/pointer] */
    K_OBJ,         /* the whole event */
    K_TIME,
    K_RAWTIME,
    K_CHECK,       /* ringwall.check[ID]: a scan check on requestObject */
};

struct audit_field_def {
    const char *name;
    enum kind kind;
    const char *keys[5];
    bool arg_required;
    bool list;
};

#define F(n, k, ...) {n, k, {__VA_ARGS__}, false, false}
#define L(n, k, ...) {n, k, {__VA_ARGS__}, false, true}
#define A(n, k, ...) {n, k, {__VA_ARGS__}, true, false}

static const struct audit_field_def FIELDS[] = {
    F("ka.auditid", K_KEYS, "auditID"),
    F("ka.stage", K_KEYS, "stage"),
    F("ka.auth.decision", K_KEYS, "annotations", "authorization.k8s.io/decision"),
    F("ka.auth.reason", K_KEYS, "annotations", "authorization.k8s.io/reason"),
    F("ka.user.name", K_KEYS, "user", "username"),
    L("ka.user.groups", K_KEYS_LIST, "user", "groups"),
    F("ka.impuser.name", K_KEYS, "impersonatedUser", "username"),
    F("ka.verb", K_KEYS, "verb"),
    F("ka.uri", K_KEYS, "requestURI"),
    A("ka.uri.param", K_URI_PARAM, NULL),
    F("ka.target.name", K_KEYS, "objectRef", "name"),
    F("ka.target.namespace", K_KEYS, "objectRef", "namespace"),
    F("ka.target.resource", K_KEYS, "objectRef", "resource"),
    F("ka.target.subresource", K_KEYS, "objectRef", "subresource"),
    F("ka.target.pod.name", K_KEYS, "objectRef", "name"),
    L("ka.req.binding.subjects", K_KEYS_LIST, "requestObject", "subjects"),
    F("ka.req.binding.role", K_KEYS, "requestObject", "roleRef", "name"),
    A("ka.req.binding.subject.has_name", K_HAS_NAME, NULL),
    F("ka.req.configmap.name", K_KEYS, "objectRef", "name"),
    F("ka.req.configmap.obj", K_KEYS, "requestObject", "data"),
    L("ka.req.pod.containers.image", K_CONTAINERS, "image"),
    L("ka.req.pod.initContainers.image", K_CTR_OF, "initContainers", "image"),
    L("ka.req.pod.ephemeralContainers.image", K_CTR_OF, "ephemeralContainers", "image"),
    L("ka.req.pod.initContainers.privileged", K_CTR_OF_NN, "initContainers", "securityContext",
      "privileged"),
    L("ka.req.pod.ephemeralContainers.privileged", K_CTR_OF_NN, "ephemeralContainers",
      "securityContext", "privileged"),
    F("ka.req.container.image", K_FIRST_IMAGE, "image"),
    L("ka.req.pod.containers.image.repository", K_IMAGE_REPO, NULL),
    F("ka.req.container.image.repository", K_FIRST_IMAGE, "repository"),
    F("ka.req.pod.host_ipc", K_KEYS, "requestObject", "spec", "hostIPC"),
    F("ka.req.pod.host_network", K_KEYS, "requestObject", "spec", "hostNetwork"),
    F("ka.req.container.host_network", K_KEYS, "requestObject", "spec", "hostNetwork"),
    F("ka.req.pod.host_pid", K_KEYS, "requestObject", "spec", "hostPID"),
    L("ka.req.pod.containers.host_port", K_HOST_PORTS, NULL),
    L("ka.req.pod.containers.privileged", K_CTR_NONNULL, "securityContext", "privileged"),
    F("ka.req.container.privileged", K_ANY_PRIV, NULL),
    L("ka.req.pod.containers.allow_privilege_escalation", K_CONTAINERS, "securityContext",
      "allowPrivilegeEscalation"),
    L("ka.req.pod.containers.read_only_fs", K_CONTAINERS, "securityContext",
      "readOnlyRootFilesystem"),
    F("ka.req.pod.run_as_user", K_KEYS, "requestObject", "spec", "securityContext", "runAsUser"),
    L("ka.req.pod.containers.run_as_user", K_CONTAINERS, "securityContext", "runAsUser"),
    L("ka.req.pod.containers.eff_run_as_user", K_EFF, "runAsUser"),
    F("ka.req.pod.run_as_group", K_KEYS, "requestObject", "spec", "securityContext", "runAsGroup"),
    L("ka.req.pod.containers.run_as_group", K_CONTAINERS, "securityContext", "runAsGroup"),
    L("ka.req.pod.containers.eff_run_as_group", K_EFF, "runAsGroup"),
    L("ka.req.pod.containers.proc_mount", K_CONTAINERS, "securityContext", "procMount"),
    L("ka.req.role.rules", K_KEYS_LIST, "requestObject", "rules"),
    L("ka.req.role.rules.apiGroups", K_RULES, "apiGroups"),
    L("ka.req.role.rules.nonResourceURLs", K_RULES, "nonResourceURLs"),
    L("ka.req.role.rules.verbs", K_RULES, "verbs"),
    L("ka.req.role.rules.resources", K_RULES, "resources"),
    F("ka.req.pod.fs_group", K_KEYS, "requestObject", "spec", "securityContext", "fsGroup"),
    L("ka.req.pod.supplemental_groups", K_KEYS_LIST, "requestObject", "spec", "securityContext",
      "supplementalGroups"),
    /* flattened, containers without added capabilities skipped (the
     * plugin gives the lists' JSON text, and nothing when one is absent) */
    L("ka.req.pod.containers.add_capabilities", K_CTR_NONNULL, "securityContext", "capabilities",
      "add"),
    F("ka.req.service.type", K_KEYS, "requestObject", "spec", "type"),
    L("ka.req.service.ports", K_KEYS_LIST, "requestObject", "spec", "ports"),
    L("ka.req.pod.volumes.hostpath", K_VOLUMES, "hostPath", "path"),
    A("ka.req.volume.hostpath", K_VOLUME_HOSTPATH_ARG, NULL),
    L("ka.req.pod.volumes.flexvolume_driver", K_VOLUMES, "flexVolume", "driver"),
    L("ka.req.pod.volumes.volume_type", K_VOLUME_TYPES, NULL),
    F("ka.resp.name", K_KEYS, "responseObject", "metadata", "name"),
    F("ka.response.code", K_KEYS, "responseStatus", "code"),
    F("ka.response.reason", K_KEYS, "responseStatus", "reason"),
    F("ka.useragent", K_KEYS, "userAgent"),
    L("ka.sourceips", K_KEYS_LIST, "sourceIPs"),
    F("ka.cluster.name", K_KEYS, "annotations", "ringwall.io/cluster"),
    A("jevt.value", K_POINTER, NULL),
    F("jevt.obj", K_OBJ, NULL),
    F("jevt.time", K_TIME, NULL),
    F("jevt.rawtime", K_RAWTIME, NULL),
    F("evt.time", K_TIME, NULL),
    A("ringwall.check", K_CHECK, NULL),
};

enum { NFIELDS = sizeof FIELDS / sizeof *FIELDS };

const struct audit_field_def *audit_field_lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (strlen(FIELDS[i].name) == len && memcmp(FIELDS[i].name, name, len) == 0)
            return &FIELDS[i];
    return NULL;
}

bool audit_field_arg_required(const struct audit_field_def *d)
{
    return d->arg_required;
}

bool audit_field_is_list(const struct audit_field_def *d)
{
    return d->list;
}

const char *audit_field_name_at(size_t i)
{
    return i < NFIELDS ? FIELDS[i].name : NULL;
}

/* ---- value collection ---- */

struct collect {
    struct audit_event *ev;
    const char **v;
    uint32_t n, cap;
};

static void push(struct collect *c, const char *s)
{
    if (c->n == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 4;
        const char **v = arena_alloc(c->ev->scratch, cap * sizeof *v);
        if (c->n)
            memcpy(v, c->v, c->n * sizeof *v);
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = s;
}

/* A node as the plugin reads it: a string as itself, others as JSON. */
static const char *as_text(struct audit_event *ev, const struct node *n)
{
    if (n->type == NODE_STR)
        return n->str;
    if (n->type == NODE_INT || n->type == NODE_FLOAT)
        return n->str;
    if (n->type == NODE_BOOL)
        return n->num.b ? "true" : "false";
    struct audit_buf b = {0};
    audit_buf_json_node(&b, n);
    char *s = arena_strndup(ev->scratch, b.p, b.len);
    audit_buf_free(&b);
    return s;
}

static const struct node *keys_get(const struct node *n, const char *const *keys)
{
    for (size_t i = 0; i < 5 && keys[i] && n; i++)
        n = node_get(n, keys[i]);
    return n;
}

static const struct node *pod_spec(const struct audit_event *ev)
{
    return node_get(node_get(ev->root, "requestObject"), "spec");
}

/* Index argument: a number selects one element; anything else all. */
static bool index_arg(const char *arg, size_t *out)
{
    if (!arg || !*arg)
        return false;
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || v < 0)
        return false;
    *out = (size_t)v;
    return true;
}

/* Elements of spec.<list>, one or all: false when the list is missing. */
static bool each_of(const struct node *seq, const char *arg, size_t *from, size_t *to)
{
    if (!node_is_seq(seq))
        return false;
    size_t i;
    if (index_arg(arg, &i)) {
        if (i >= node_len(seq))
            return false;
        *from = i;
        *to = i + 1;
    } else {
        *from = 0;
        *to = node_len(seq);
    }
    return true;
}

/* The pod spec's list LIST (containers, volumes) and the range of it arg
 * selects (an index, or all); NULL when there is no such list or item. */
static const struct node *pod_items(struct audit_event *ev, const char *list, const char *arg,
                                    size_t *from, size_t *to)
{
    const struct node *seq = node_get(pod_spec(ev), list);
    return each_of(seq, arg, from, to) ? seq : NULL;
}

static const char *image_repository(struct audit_event *ev, const char *image)
{
    size_t n = strcspn(image, ":@");
    return arena_strndup(ev->scratch, image, n);
}

/* A percent-decoded query parameter of the request URI. */
static bool uri_param(struct audit_event *ev, const char *arg, struct collect *c)
{
    const char *uri = node_str(node_get(ev->root, "requestURI"));
    const char *q = uri ? strchr(uri, '?') : NULL;
    if (!q)
        return false;
    size_t alen = strlen(arg);
    for (const char *p = q + 1; *p;) {
        size_t n = strcspn(p, "&");
        const char *eq = memchr(p, '=', n);
        size_t klen = eq ? (size_t)(eq - p) : n;
        if (klen == alen && memcmp(p, arg, alen) == 0) {
            const char *v = eq ? eq + 1 : p + n;
            size_t vlen = (size_t)(p + n - v);
            char *out = arena_alloc(ev->scratch, vlen + 1), *o = out;
            for (size_t i = 0; i < vlen; i++) {
                if (v[i] == '%' && i + 2 < vlen) {
                    char hex[3] = {v[i + 1], v[i + 2], 0};
                    char *e;
                    long x = strtol(hex, &e, 16);
                    if (!*e) {
                        *o++ = (char)x;
                        i += 2;
                        continue;
                    }
                }
                *o++ = v[i] == '+' ? ' ' : v[i];
            }
            *o = '\0';
            push(c, out);
            return true;
        }
        p += n + (p[n] ? 1 : 0);
    }
    return false;
}

/* RFC 6901 JSON pointer. */
static const struct node *json_pointer(const struct node *n, const char *ptr)
{
    if (!*ptr)
        return n;
    if (*ptr != '/')
        return NULL;
    char tok[512];
    while (n && *ptr == '/') {
        ptr++;
        size_t k = 0;
        while (*ptr && *ptr != '/' && k + 1 < sizeof tok) {
            if (ptr[0] == '~' && ptr[1] == '1') {
                tok[k++] = '/';
                ptr += 2;
            } else if (ptr[0] == '~' && ptr[1] == '0') {
                tok[k++] = '~';
                ptr += 2;
            } else {
                tok[k++] = *ptr++;
            }
        }
        tok[k] = '\0';
        if (node_is_seq(n)) {
            char *end;
            long i = strtol(tok, &end, 10);
            n = (*end || !*tok || i < 0) ? NULL : node_at(n, (size_t)i);
        } else {
            n = node_get(n, tok);
        }
    }
    return n;
}

static const char *event_time(const struct node *root)
{
    const char *keys[] = {"stageTimestamp", "requestReceivedTimestamp", "timestamp"};
    for (size_t i = 0; i < 3; i++) {
        const char *s = node_str(node_get(root, keys[i]));
        if (s)
            return s;
    }
    return NULL;
}

/* RFC 3339 to nanoseconds since the epoch; 0 when unparsable. */
static unsigned long long rfc3339_ns(const char *s)
{
    struct tm tm = {0};
    const char *p = s ? strptime(s, "%Y-%m-%dT%H:%M:%S", &tm) : NULL;
    if (!p)
        return 0;
    unsigned long long ns = 0, scale = 100000000ULL;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
            ns += (unsigned long long)(*p - '0') * scale;
    long off = 0;
    if (*p == '+' || *p == '-') {
        int hh = 0, mm = 0;
        sscanf(p + 1, "%d:%d", &hh, &mm);
        off = (hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
    }
    time_t t = timegm(&tm) - off;
    return (unsigned long long)t * 1000000000ULL + ns;
}

static bool extract_containers(struct audit_event *ev, const struct audit_field_def *d,
                               const char *list, const char *arg, bool skip_absent,
                               struct collect *c)
{
    size_t from, to;
    const struct node *seq = pod_items(ev, list, arg, &from, &to);
    if (!seq)
        return false;
    const char *const *keys = d->kind == K_CTR_OF || d->kind == K_CTR_OF_NN ? d->keys + 1 : d->keys;
    for (size_t i = from; i < to; i++) {
        const struct node *v = keys_get(node_at(seq, i), keys);
        if (v && skip_absent && node_is_seq(v))
            for (size_t k = 0; k < node_len(v); k++)
                push(c, as_text(ev, node_at(v, k)));
        else if (v)
            push(c, as_text(ev, v));
        else if (!skip_absent)
            return false;
    }
    return true;
}

static bool extract_keys(const struct audit_field_def *d, const char *arg,
                         struct audit_event *ev, struct collect *c)
{
    const struct node *n = keys_get(ev->root, d->keys);
    if (!n)
        return false;
    push(c, as_text(ev, n));
    return true;
}

static bool extract_keys_list(const struct audit_field_def *d, const char *arg,
                              struct audit_event *ev, struct collect *c)
{
    const struct node *n = keys_get(ev->root, d->keys);
    if (!node_is_seq(n))
        return false;
    for (size_t i = 0; i < node_len(n); i++)
        push(c, as_text(ev, node_at(n, i)));
    return true;
}

static bool extract_image_repo(const struct audit_field_def *d, const char *arg,
                               struct audit_event *ev, struct collect *c)
{
    const struct node *n;
    size_t from, to;
    n = node_get(pod_spec(ev), "containers");
    bool first = d->kind == K_FIRST_IMAGE;
    if (first ? node_len(n) == 0 : !each_of(n, arg, &from, &to))
        return false;
    if (first) {
        from = 0;
        to = 1;
    }
    for (size_t i = from; i < to; i++) {
        const struct node *img = node_get(node_at(n, i), "image");
        if (!img)
            return false;
        const char *s = as_text(ev, img);
        bool repo = !first || strcmp(d->keys[0], "repository") == 0;
        push(c, repo ? image_repository(ev, s) : s);
    }
    return true;
}

static bool extract_any_priv(const struct audit_field_def *d, const char *arg,
                             struct audit_event *ev, struct collect *c)
{
    const struct node *n = node_get(pod_spec(ev), "containers");
    if (!node_is_seq(n))
        return false;
    for (size_t i = 0; i < node_len(n); i++)
        if (node_is_true(node_path(node_at(n, i), "securityContext.privileged"))) {
            push(c, "true");
            return true;
        }
    push(c, "false");
    return true;
}

static bool extract_host_ports(const struct audit_field_def *d, const char *arg,
                               struct audit_event *ev, struct collect *c)
{
    size_t from, to;
    const struct node *n = pod_items(ev, "containers", arg, &from, &to);
    if (!n)
        return false;
    for (size_t i = from; i < to; i++) {
        const struct node *ports = node_get(node_at(n, i), "ports");
        if (!ports)
            return false;
        for (size_t j = 0; j < node_len(ports); j++) {
            const struct node *p = node_at(ports, j);
            const struct node *v = node_get(p, "hostPort");
            if (!v)
                v = node_get(p, "containerPort");
            if (v)
                push(c, as_text(ev, v));
        }
    }
    return true;
}

static bool extract_eff(const struct audit_field_def *d, const char *arg,
                        struct audit_event *ev, struct collect *c)
{
    size_t from, to;
    const struct node *podv = node_get(node_get(pod_spec(ev), "securityContext"), d->keys[0]);
    const char *dflt = podv ? as_text(ev, podv) : "0";
    const struct node *n = pod_items(ev, "containers", arg, &from, &to);
    if (!n)
        return false;
    for (size_t i = from; i < to; i++) {
        const struct node *v = node_get(node_get(node_at(n, i), "securityContext"), d->keys[0]);
        push(c, v ? as_text(ev, v) : dflt);
    }
    return true;
}

static bool extract_rules(const struct audit_field_def *d, const char *arg,
                          struct audit_event *ev, struct collect *c)
{
    const struct node *n = node_get(node_get(ev->root, "requestObject"), "rules");
    size_t from, to;
    if (!each_of(n, arg, &from, &to))
        return false;
    for (size_t i = from; i < to; i++) {
        const struct node *l = node_get(node_at(n, i), d->keys[0]);
        for (size_t j = 0; node_is_seq(l) && j < node_len(l); j++)
            if (node_at(l, j)->type != NODE_NULL)
                push(c, as_text(ev, node_at(l, j)));
    }
    return true;
}

static bool extract_volumes(const struct audit_field_def *d, const char *arg,
                            struct audit_event *ev, struct collect *c)
{
    size_t from, to;
    const struct node *n = pod_items(ev, "volumes", arg, &from, &to);
    if (!n)
        return false;
    for (size_t i = from; i < to; i++) {
        const struct node *v = keys_get(node_at(n, i), d->keys);
        if (v)
            push(c, as_text(ev, v));
    }
    return true;
}

static bool extract_volume_types(const struct audit_field_def *d, const char *arg,
                                 struct audit_event *ev, struct collect *c)
{
    size_t from, to;
    const struct node *n = pod_items(ev, "volumes", arg, &from, &to);
    if (!n)
        return false;
    for (size_t i = from; i < to; i++) {
        const struct node *v = node_at(n, i);
        for (size_t j = 0; node_is_map(v) && j < node_len(v); j++)
            if (strcmp(node_key(v, j)->str, "name") != 0)
                push(c, node_key(v, j)->str);
    }
    return true;
}

static bool extract_volume_hostpath_arg(const struct audit_field_def *d, const char *arg,
                                        struct audit_event *ev, struct collect *c)
{
    const struct node *n = node_get(pod_spec(ev), "volumes");
    if (!node_is_seq(n))
        return false;
    size_t alen = strlen(arg);
    bool prefix = alen && arg[alen - 1] == '*';
    for (size_t i = 0; i < node_len(n); i++) {
        const char *p = node_str(node_path(node_at(n, i), "hostPath.path"));
        if (p && (strcmp(p, arg) == 0 || (prefix && strncmp(p, arg, alen - 1) == 0))) {
            push(c, "true");
            return true;
        }
    }
    push(c, "false");
    return true;
}

static bool extract_pointer(const struct audit_field_def *d, const char *arg,
                            struct audit_event *ev, struct collect *c)
{
    const struct node *n = json_pointer(ev->root, arg);
    if (!n)
        return false;
    push(c, as_text(ev, n));
    return true;
}

static bool extract_time(const struct audit_field_def *d, const char *arg,
                         struct audit_event *ev, struct collect *c)
{
    const struct node *root = ev->root;
    const char *t = event_time(root);
    if (!t)
        return false;
    push(c, t);
    return true;
}

static bool extract_check(const struct audit_field_def *d, const char *arg,
                          struct audit_event *ev, struct collect *c)
{
    bool found;
    if (!audit_workload_run(ev, arg, &found))
        return false;
    push(c, found ? "true" : "false");
    return true;
}

static bool extract_rawtime(const struct audit_field_def *d, const char *arg,
                            struct audit_event *ev, struct collect *c)
{
    const struct node *root = ev->root;
    unsigned long long ns = rfc3339_ns(event_time(root));
    if (!ns) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ns = (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
    }
    push(c, arena_printf(ev->scratch, "%llu", ns));
    return true;
}

static bool extract(const struct audit_field_def *d, const char *arg, struct audit_event *ev,
                    struct collect *c)
{
    if (d->arg_required && !arg)
        return false;
    switch (d->kind) {
    case K_KEYS:
        return extract_keys(d, arg, ev, c);
    case K_KEYS_LIST:
        return extract_keys_list(d, arg, ev, c);
    case K_CONTAINERS:
        return extract_containers(ev, d, "containers", arg, false, c);
    case K_CTR_NONNULL:
        return extract_containers(ev, d, "containers", arg, true, c);
    case K_CTR_OF:
    case K_CTR_OF_NN:
        return extract_containers(ev, d, d->keys[0], arg, d->kind == K_CTR_OF_NN, c);
    case K_IMAGE_REPO:
    case K_FIRST_IMAGE:
        return extract_image_repo(d, arg, ev, c);
    case K_ANY_PRIV:
        return extract_any_priv(d, arg, ev, c);
    case K_HOST_PORTS:
        return extract_host_ports(d, arg, ev, c);
    case K_EFF:
        return extract_eff(d, arg, ev, c);
    case K_RULES:
        return extract_rules(d, arg, ev, c);
    case K_VOLUMES:
        return extract_volumes(d, arg, ev, c);
    case K_VOLUME_TYPES:
        return extract_volume_types(d, arg, ev, c);
    case K_VOLUME_HOSTPATH_ARG:
        return extract_volume_hostpath_arg(d, arg, ev, c);
    case K_URI_PARAM:
        return uri_param(ev, arg, c);
    case K_HAS_NAME:
        push(c, "true");
        return true;
    case K_POINTER:
        return extract_pointer(d, arg, ev, c);
    case K_OBJ:
        push(c, as_text(ev, ev->root));
        return true;
    case K_TIME:
        return extract_time(d, arg, ev, c);
    case K_CHECK:
        return extract_check(d, arg, ev, c);
    case K_RAWTIME:
        return extract_rawtime(d, arg, ev, c);
    }
    return false;
}

unsigned long long audit_event_time_ns(const struct audit_event *ev)
{
    return rfc3339_ns(event_time(ev->root));
}

const char *audit_event_time(const struct audit_event *ev)
{
    return event_time(ev->root);
}

const struct audit_vals *audit_field_get(const struct audit_field *f, struct audit_event *ev)
{
    struct audit_vals *v = &ev->cache[f->slot];
    if (v->gen == ev->gen)
        return v;
    struct collect c = {.ev = ev};
    v->present = extract(f->def, f->arg, ev, &c);
    v->n = v->present ? c.n : 0;
    v->v = c.v;
    v->gen = ev->gen;
    return v;
}
