/* facts.c — one walk over a pod spec into struct pss_facts (facts.h). Every
 * mapping is visited once, key by key, rather than looked up field by field. */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "../core/sort.h"

struct walk {
    struct arena *a;
    bool copy;
};

static bool present(const struct node *n)
{
    return n && n->type != NODE_NULL;
}

static bool key_is(const struct node *k, const char *s, size_t len)
{
    return k->len == len && memcmp(k->str, s, len) == 0;
}

#define KEY_IS(k, lit) key_is((k), lit, sizeof lit - 1)

static const char *text(struct walk *w, const struct node *n)
{
    if (!n || n->type != NODE_STR)
        return NULL;
    return w->copy ? arena_strndup(w->a, n->str, n->len) : n->str;
}

static uint8_t tri(const struct node *n)
{
    return n && n->type == NODE_BOOL ? (n->num.b ? PSS_TRUE : PSS_FALSE) : PSS_UNSET;
}

/* The `type` of a seccompProfile or appArmorProfile object, "" when unset;
 * NULL when the object itself is absent. */
static const char *profile_type(struct walk *w, const struct node *profile)
{
    if (!node_is_map(profile))
        return NULL;
    const char *t = text(w, node_get(profile, "type"));
    return t ? t : "";
}

static void read_selinux(struct walk *w, struct pss_selinux *s, const struct node *n)
{
    if (!node_is_map(n))
        return;
    s->set = true;
    s->type = s->user = s->role = "";
    for (uint32_t i = 0; i < n->n; i++) {
        const struct node *k = node_key(n, i), *v = node_value(n, i);
        const char *t = text(w, v);
        if (!t)
            continue;
        if (KEY_IS(k, "type"))
            s->type = t;
        else if (KEY_IS(k, "user"))
            s->user = t;
        else if (KEY_IS(k, "role"))
            s->role = t;
    }
}

/* The fields pod and container security contexts share; false for others. */
static bool read_context_field(struct walk *w, struct pss_context *c, const struct node *k,
                               const struct node *v)
{
    if (KEY_IS(k, "runAsNonRoot")) {
        c->run_as_non_root = tri(v);
    } else if (KEY_IS(k, "runAsUser")) {
        c->run_as_user_set = v && v->type == NODE_INT;
        c->run_as_user = c->run_as_user_set ? v->num.i : 0;
    } else if (KEY_IS(k, "seccompProfile")) {
        c->seccomp_type = profile_type(w, v);
    } else if (KEY_IS(k, "appArmorProfile")) {
        c->apparmor_type = profile_type(w, v);
    } else if (KEY_IS(k, "seLinuxOptions")) {
        read_selinux(w, &c->selinux, v);
    } else if (KEY_IS(k, "windowsOptions")) {
        c->host_process = node_is_true(node_get(v, "hostProcess"));
    } else {
        return false;
    }
    return true;
}

static const char **string_list(struct walk *w, const struct node *seq, uint32_t *n)
{
    *n = 0;
    if (!node_is_seq(seq) || seq->n == 0)
        return NULL;
    const char **out = arena_alloc(w->a, seq->n * sizeof *out);
    for (uint32_t i = 0; i < seq->n; i++) {
        const char *s = text(w, seq->u.items[i]);
        if (s)
            out[(*n)++] = s;
    }
    return out;
}

static void read_capabilities(struct walk *w, struct pss_container *c, const struct node *caps)
{
    if (!node_is_map(caps))
        return;
    c->has_caps = true;
    const struct node *drop = node_get(caps, "drop");
    for (uint32_t i = 0; node_is_seq(drop) && i < drop->n; i++)
        if (node_str_eq(drop->u.items[i], "ALL"))
            c->drops_all = true;
    c->cap_add = string_list(w, node_get(caps, "add"), &c->ncap_add);
}

static void read_container_sc(struct walk *w, struct pss_container *c, const struct node *sc)
{
    if (!node_is_map(sc))
        return;
    c->has_sc = true;
    for (uint32_t i = 0; i < sc->n; i++) {
        const struct node *k = node_key(sc, i), *v = node_value(sc, i);
        if (read_context_field(w, &c->ctx, k, v))
            continue;
        if (KEY_IS(k, "privileged"))
            c->privileged = node_is_true(v);
        else if (KEY_IS(k, "allowPrivilegeEscalation"))
            c->allow_escalation = tri(v);
        else if (KEY_IS(k, "capabilities"))
            read_capabilities(w, c, v);
        else if (KEY_IS(k, "procMount"))
            c->proc_mount = text(w, v);
    }
}

static void read_ports(struct walk *w, struct pss_container *c, const struct node *ports)
{
    if (!node_is_seq(ports) || ports->n == 0)
        return;
    c->host_ports = arena_alloc(w->a, ports->n * sizeof *c->host_ports);
    for (uint32_t i = 0; i < ports->n; i++) {
        int64_t port;
        if (node_int(node_get(ports->u.items[i], "hostPort"), &port) && port != 0)
            c->host_ports[c->nhost_ports++] = port;
    }
}

enum { MAX_HANDLER_HOSTS = 10 }; /* 3 probes and 2 hooks, each httpGet and tcpSocket */

/* Hosts of a probe or lifecycle handler (httpGet.host, tcpSocket.host). */
static void add_handler_hosts(struct walk *w, const char **hosts, uint32_t *n,
                              const struct node *handler)
{
    static const char *const KINDS[] = {"httpGet", "tcpSocket"};
    for (size_t i = 0; i < 2 && *n < MAX_HANDLER_HOSTS; i++) {
        const char *h = text(w, node_get(node_get(handler, KINDS[i]), "host"));
        if (h && *h)
            hosts[(*n)++] = h;
    }
}

static bool is_probe(const struct node *k)
{
    return KEY_IS(k, "livenessProbe") || KEY_IS(k, "readinessProbe") ||
           KEY_IS(k, "startupProbe");
}

/* One pass over the container's keys: ports, probes and lifecycle handlers. */
static void read_container(struct walk *w, struct pss_container *c, const struct container_view *cv)
{
    memset(c, 0, sizeof *c);
    c->name = w->copy ? arena_strdup(w->a, cv->name) : cv->name;
    read_container_sc(w, c, cv->sc);
    const char *hosts[MAX_HANDLER_HOSTS];
    uint32_t n = 0;
    const struct node *cn = cv->node;
    for (uint32_t i = 0; i < cn->n; i++) {
        const struct node *k = node_key(cn, i), *v = node_value(cn, i);
        if (KEY_IS(k, "ports")) {
            read_ports(w, c, v);
        } else if (is_probe(k)) {
            add_handler_hosts(w, hosts, &n, v);
        } else if (KEY_IS(k, "lifecycle")) {
            add_handler_hosts(w, hosts, &n, node_get(v, "postStart"));
            add_handler_hosts(w, hosts, &n, node_get(v, "preStop"));
        }
    }
    if (n == 0)
        return;
    c->probe_hosts = arena_alloc(w->a, n * sizeof *hosts);
    memcpy(c->probe_hosts, hosts, n * sizeof *hosts);
    c->nprobe_hosts = n;
}

/* Volume sources the restricted level allows, then the restricted ones in the
 * order the API server reports the first one it finds. */
static const char *const ALLOWED_SOURCES[] = {
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
    "persistentVolumeClaim", "projected", "secret",
};
static const char *const RESTRICTED_SOURCES[] = {
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi",
    "glusterfs", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile",
    "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
    "scaleIO", "storageos",
};

static bool has_source(const struct node *vol, const char *key)
{
    return present(node_get(vol, key));
}

static void read_volume(struct walk *w, struct pss_volume *v, const struct node *vol)
{
    v->name = text(w, node_get(vol, "name"));
    if (!v->name)
        v->name = "";
    v->host_path = has_source(vol, "hostPath");
    v->type = NULL;
    for (size_t i = 0; i < sizeof ALLOWED_SOURCES / sizeof *ALLOWED_SOURCES; i++)
        if (has_source(vol, ALLOWED_SOURCES[i]))
            return;
    /* a volume without any known source is defaulted to emptyDir */
    for (size_t i = 0; i < sizeof RESTRICTED_SOURCES / sizeof *RESTRICTED_SOURCES; i++)
        if (has_source(vol, RESTRICTED_SOURCES[i])) {
            v->type = RESTRICTED_SOURCES[i];
            return;
        }
}

static void read_pod_sc(struct walk *w, struct pss_facts *f, const struct node *sc)
{
    if (!sc)
        return;
    for (uint32_t i = 0; i < sc->n; i++) {
        const struct node *k = node_key(sc, i), *v = node_value(sc, i);
        if (read_context_field(w, &f->pod, k, v) || !KEY_IS(k, "sysctls") || !node_is_seq(v))
            continue;
        f->sysctls = arena_alloc(w->a, (v->n + 1) * sizeof *f->sysctls);
        for (uint32_t j = 0; j < v->n; j++) {
            const char *name = text(w, node_get(v->u.items[j], "name"));
            if (name)
                f->sysctls[f->nsysctls++] = name;
        }
    }
}

static void read_spec(struct walk *w, struct pss_facts *f, const struct node *spec)
{
    for (uint32_t i = 0; i < spec->n; i++) {
        const struct node *k = node_key(spec, i), *v = node_value(spec, i);
        if (KEY_IS(k, "hostNetwork"))
            f->host_network = node_is_true(v);
        else if (KEY_IS(k, "hostPID"))
            f->host_pid = node_is_true(v);
        else if (KEY_IS(k, "hostIPC"))
            f->host_ipc = node_is_true(v);
        else if (KEY_IS(k, "hostUsers"))
            f->host_users = tri(v);
        else if (KEY_IS(k, "os"))
            f->windows = node_str_eq(node_get(v, "name"), "windows");
        else if (KEY_IS(k, "volumes") && node_is_seq(v) && v->n) {
            f->volumes = arena_alloc(w->a, v->n * sizeof *f->volumes);
            for (uint32_t j = 0; j < v->n; j++)
                if (node_is_map(v->u.items[j]))
                    read_volume(w, &f->volumes[f->nvolumes++], v->u.items[j]);
        }
    }
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and removes duplicates; returns the new count. */
static uint32_t sort_unique(const char **v, uint32_t n)
{
    if (n < 2)
        return n;
    sort_array(v, n, sizeof *v, compare_strings);
    uint32_t k = 1;
    for (uint32_t i = 1; i < n; i++)
        if (strcmp(v[i], v[k - 1]) != 0)
            v[k++] = v[i];
    return k;
}

static const char APPARMOR_PREFIX[] = "container.apparmor.security.beta.kubernetes.io/";
static const char SECCOMP_POD[] = "seccomp.security.alpha.kubernetes.io/pod";
static const char SECCOMP_PREFIX[] = "container.seccomp.security.alpha.kubernetes.io/";

static bool apparmor_value_ok(const char *v)
{
    return !*v || strcmp(v, "runtime/default") == 0 || strncmp(v, "localhost/", 10) == 0;
}

static bool seccomp_value_ok(const char *v)
{
    return strcmp(v, "runtime/default") == 0 || strcmp(v, "docker/default") == 0 ||
           strncmp(v, "localhost/", 10) == 0;
}

static const char *annotation_entry(struct walk *w, const struct node *k, const char *value)
{
    return arena_printf(w->a, "%s=%s", k->str, pss_quote(w->a, value));
}

static bool container_named(const struct pss_facts *f, const char *name, size_t len)
{
    for (uint32_t i = 0; i < f->ncontainers; i++)
        if (strlen(f->containers[i].name) == len && memcmp(f->containers[i].name, name, len) == 0)
            return true;
    return false;
}

/* Forbidden legacy AppArmor and seccomp annotations. Whether a value is
 * allowed does not depend on the policy version, so only the forbidden ones
 * are kept, already formatted. */
static void read_annotations(struct walk *w, struct pss_facts *f, const struct node *ann)
{
    if (!node_is_map(ann))
        return;
    const char **apparmor = NULL, **seccomp = NULL;
    uint32_t na = 0, ns = 0;
    for (uint32_t i = 0; i < ann->n; i++) {
        const struct node *k = node_key(ann, i), *v = node_value(ann, i);
        const char *value = v && v->type == NODE_STR ? v->str : NULL;
        if (!value)
            continue;
        size_t ap = sizeof APPARMOR_PREFIX - 1, sp = sizeof SECCOMP_PREFIX - 1;
        if (k->len >= ap && memcmp(k->str, APPARMOR_PREFIX, ap) == 0) {
            if (apparmor_value_ok(value))
                continue;
            if (!apparmor)
                apparmor = arena_alloc(w->a, ann->n * sizeof *apparmor);
            apparmor[na++] = annotation_entry(w, k, value);
        } else if (KEY_IS(k, SECCOMP_POD) ||
                   (k->len > sp && memcmp(k->str, SECCOMP_PREFIX, sp) == 0 &&
                    container_named(f, k->str + sp, k->len - sp))) {
            if (seccomp_value_ok(value))
                continue;
            if (!seccomp)
                seccomp = arena_alloc(w->a, ann->n * sizeof *seccomp);
            seccomp[ns++] = annotation_entry(w, k, value);
        }
    }
    f->apparmor_annotations = apparmor;
    f->napparmor_annotations = sort_unique(apparmor, na);
    f->seccomp_annotations = seccomp;
    f->nseccomp_annotations = sort_unique(seccomp, ns);
}

void pss_facts_extract(struct pss_facts *f, const struct pod_view *pv, struct arena *a, bool copy)
{
    struct walk w = {.a = a, .copy = copy};
    memset(f, 0, sizeof *f);
    read_spec(&w, f, pv->spec);
    read_pod_sc(&w, f, pv->sc);
    if (pv->ncontainers) {
        f->containers = arena_alloc(a, pv->ncontainers * sizeof *f->containers);
        for (size_t i = 0; i < pv->ncontainers; i++)
            read_container(&w, &f->containers[f->ncontainers++], &pv->containers[i]);
    }
    read_annotations(&w, f, node_get(pv->meta, "annotations"));
}
