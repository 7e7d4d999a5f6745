/* pod.c — locating pod specs and building container views (pod.h). */
#include "pod.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/fmt.h"

struct pod_location {
    const char *kind;
    const char *spec_path;
};

static const struct pod_location BUILTIN[] = {
    {"Pod", "spec"},
    {"PodTemplate", "template.spec"},
    {"CronJob", "spec.jobTemplate.spec.template.spec"},
};

static struct pod_location *extra;
static size_t nextra;

void pod_locations_add(const char *kind, const char *spec_path)
{
    extra = xrealloc(extra, (nextra + 1) * sizeof *extra);
    extra[nextra].kind = xstrdup(kind);
    extra[nextra].spec_path = xstrdup(spec_path);
    nextra++;
}

void pod_locations_reset(void)
{
    for (size_t i = 0; i < nextra; i++) {
        free((char *)extra[i].kind);
        free((char *)extra[i].spec_path);
    }
    free(extra);
    extra = NULL;
    nextra = 0;
}

/* The path of the object's pod spec, or NULL; *spec receives the node there
 * (NULL when missing). */
static const char *spec_path_for(const struct k8s_object *o, const struct node **spec)
{
    for (size_t i = 0; i < nextra; i++)
        if ((strcmp(extra[i].kind, o->kind) == 0 || strcmp(extra[i].kind, "*") == 0) &&
            node_is_map(*spec = node_path(o->node, extra[i].spec_path)))
            return extra[i].spec_path;
    for (size_t i = 0; i < sizeof BUILTIN / sizeof *BUILTIN; i++)
        if (strcmp(BUILTIN[i].kind, o->kind) == 0) {
            *spec = node_path(o->node, BUILTIN[i].spec_path);
            return BUILTIN[i].spec_path;
        }
    /* Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController,
     * and every CRD that embeds a pod template the same way */
    *spec = node_get(node_get(node_get(o->node, "spec"), "template"), "spec");
    if (node_is_seq(node_get(*spec, "containers")))
        return "spec.template.spec";
    *spec = NULL;
    return NULL;
}

static const char *const LIST_KEYS[] = {"initContainers", "containers", "ephemeralContainers"};
static const enum container_kind LIST_KINDS[] = {CONTAINER_INIT, CONTAINER_REGULAR,
                                                 CONTAINER_EPHEMERAL};

/* The template whose spec is at spec_path ("spec.template" for
 * "spec.template.spec"): its metadata sits beside that spec. False when
 * spec_path is not a template's spec. */
static bool template_path(const char *spec_path, char *out, size_t size)
{
    size_t len = strlen(spec_path), suffix = sizeof ".spec" - 1;
    if (len <= suffix || memcmp(spec_path + len - suffix, ".spec", suffix) != 0)
        return false;
    len -= suffix;
    if (len > size - 1) /* cut short, as snprintf would */
        len = size - 1;
    memcpy(out, spec_path, len);
    out[len] = '\0';
    return true;
}

/* "base.key" and "base[i]" without printf: every object's walk makes many
 * paths, and few are ever shown. */
static const char *path_key(struct arena *a, const char *base, const char *key)
{
    size_t lb = strlen(base), lk = strlen(key);
    char *p = arena_alloc(a, lb + lk + 2);
    memcpy(p, base, lb);
    p[lb] = '.';
    memcpy(p + lb + 1, key, lk + 1);
    return p;
}

/* "base.key[i]" (key NULL: "base[i]"), base lb bytes long. */
static const char *path_item(struct arena *a, const char *base, size_t lb, const char *key,
                             size_t i)
{
    char digits[FMT_UINT_MAX];
    size_t n = fmt_uint(digits, i), lk = key ? strlen(key) + 1 : 0;
    char *p = arena_alloc(a, lb + lk + n + 3), *q = p + lb;
    memcpy(p, base, lb);
    if (key) {
        *q++ = '.';
        memcpy(q, key, lk - 1);
        q += lk - 1;
    }
    *q++ = '[';
    memcpy(q, digits, n);
    q += n;
    *q++ = ']';
    *q = '\0';
    return p;
}

static const char *path_index(struct arena *a, const char *base, size_t i)
{
    return path_item(a, base, strlen(base), NULL, i);
}

bool pod_view_init(struct pod_view *pv, const struct k8s_object *o, struct arena *a)
{
    if (o->pod) {
        *pv = *o->pod;
        return pv->spec != NULL;
    }
    memset(pv, 0, sizeof *pv);
    const struct node *spec;
    const char *spec_path = spec_path_for(o, &spec);
    if (!node_is_map(spec))
        return false;
    pv->obj = o;
    pv->spec = spec;
    pv->spec_path = spec_path;
    pv->sc = node_get(spec, "securityContext");
    if (!node_is_map(pv->sc))
        pv->sc = NULL;
    pv->windows = node_str_eq(node_get(node_get(spec, "os"), "name"), "windows");
    if (strcmp(spec_path, "spec") == 0) {
        pv->meta = o->metadata;
    } else {
        char template[128];
        if (template_path(spec_path, template, sizeof template))
            pv->meta = node_get(node_path(o->node, template), "metadata");
    }
    const struct node *lists[3];
    size_t total = 0, spec_path_len = strlen(spec_path);
    for (size_t k = 0; k < 3; k++)
        total += node_len(lists[k] = node_get(spec, LIST_KEYS[k]));
    pv->containers = arena_zalloc(a, (total + 1) * sizeof *pv->containers);
    for (size_t k = 0; k < 3; k++) {
        const struct node *list = lists[k];
        for (size_t i = 0; i < node_len(list); i++) {
            const struct node *c = node_at(list, i);
            if (!node_is_map(c))
                continue;
            struct container_view *cv = &pv->containers[pv->ncontainers++];
            const char *name = node_str(node_get(c, "name"));
            cv->name = name ? name : "";
            cv->node = c;
            cv->sc = node_get(c, "securityContext");
            if (!node_is_map(cv->sc))
                cv->sc = NULL;
            cv->kind = LIST_KINDS[k];
            cv->index = i;
            cv->path = path_item(a, spec_path, spec_path_len, LIST_KEYS[k], i);
            cv->image = node_get(c, "image");
            const char *image = node_str(cv->image);
            if (image) {
                struct image_ref *ref = arena_alloc(a, sizeof *ref);
                if (image_parse(image, ref))
                    cv->ref = ref;
            }
        }
    }
    return true;
}

/* Where the workload kinds of the Kubernetes API keep their pod spec. */
struct workload_kind {
    const char *kind, *group; /* group "" is the core API (apiVersion v1) */
    const char *spec_path;
};

static const struct workload_kind WORKLOAD_KINDS[] = {
    {"Pod", "", "spec"},
    {"PodTemplate", "", "template.spec"},
    {"ReplicationController", "", "spec.template.spec"},
    {"Deployment", "apps", "spec.template.spec"},
    {"ReplicaSet", "apps", "spec.template.spec"},
    {"StatefulSet", "apps", "spec.template.spec"},
    {"DaemonSet", "apps", "spec.template.spec"},
    {"Deployment", "extensions", "spec.template.spec"},
    {"ReplicaSet", "extensions", "spec.template.spec"},
    {"DaemonSet", "extensions", "spec.template.spec"},
    {"Job", "batch", "spec.template.spec"},
    {"CronJob", "batch", "spec.jobTemplate.spec.template.spec"},
};

static const char *workload_spec_path(const struct k8s_object *o)
{
    const char *slash = strchr(o->api_version, '/');
    size_t glen = slash ? (size_t)(slash - o->api_version) : 0;
    for (size_t i = 0; i < sizeof WORKLOAD_KINDS / sizeof *WORKLOAD_KINDS; i++) {
        const struct workload_kind *k = &WORKLOAD_KINDS[i];
        if (strcmp(k->kind, o->kind) == 0 && strlen(k->group) == glen &&
            strncmp(k->group, o->api_version, glen) == 0)
            return k->spec_path;
    }
    return NULL;
}

/* The pod spec at the dotted spec_path, every step on the way a mapping. */
static const struct node *walk_to_spec(const struct k8s_object *o, struct k8s_field_walk *w,
                                       const char *spec_path)
{
    const struct node *n = o->node;
    char path[128] = "", key[64];
    size_t used = 0; /* of path; both are cut short at their size, as by snprintf */
    for (const char *p = spec_path; n && *p;) {
        size_t len = strcspn(p, "."), klen = len < sizeof key - 1 ? len : sizeof key - 1;
        memcpy(key, p, klen);
        key[klen] = '\0';
        n = k8s_field_get(w, n, path, key, NODE_MAP);
        if (used && used < sizeof path - 1)
            path[used++] = '.';
        size_t room = sizeof path - 1 - used, add = klen < room ? klen : room;
        memcpy(path + used, key, add);
        used += add;
        path[used] = '\0';
        p += len + (p[len] == '.');
    }
    return n;
}

/* Fields of a securityContext (pod or container) and of a pod spec that the
 * checks read, with the type each must hold: first the typed scalars (a
 * quoted "true" is a string to the API server), then the fields the walk
 * below goes into. */
struct typed_field {
    const char *key;
    size_t len; /* of key */
    enum node_type type;
    bool container_only;
};

#define FIELD(key, type, container_only) {key, sizeof key - 1, type, container_only}
#define COUNT(fields) (sizeof fields / sizeof *fields)

enum { SC_TYPED = 7, SC_CAPABILITIES = SC_TYPED };
static const struct typed_field SC_FIELDS[] = {
    FIELD("runAsNonRoot", NODE_BOOL, false), FIELD("runAsUser", NODE_INT, false),
    FIELD("runAsGroup", NODE_INT, false), FIELD("fsGroup", NODE_INT, false),
    FIELD("privileged", NODE_BOOL, true), FIELD("allowPrivilegeEscalation", NODE_BOOL, true),
    FIELD("readOnlyRootFilesystem", NODE_BOOL, true),
    [SC_CAPABILITIES] = FIELD("capabilities", NODE_MAP, true),
};

enum { SPEC_TYPED = 6, SPEC_SC = SPEC_TYPED, SPEC_VOLUMES, SPEC_LISTS };
static const struct typed_field SPEC_FIELDS[] = {
    FIELD("hostNetwork", NODE_BOOL, false), FIELD("hostPID", NODE_BOOL, false),
    FIELD("hostIPC", NODE_BOOL, false), FIELD("hostUsers", NODE_BOOL, false),
    FIELD("shareProcessNamespace", NODE_BOOL, false),
    FIELD("automountServiceAccountToken", NODE_BOOL, false),
    [SPEC_SC] = FIELD("securityContext", NODE_MAP, false),
    [SPEC_VOLUMES] = FIELD("volumes", NODE_SEQ, false),
    [SPEC_LISTS] = FIELD("initContainers", NODE_SEQ, false), /* the order of LIST_KEYS */
    FIELD("containers", NODE_SEQ, false), FIELD("ephemeralContainers", NODE_SEQ, false),
};

enum { CONTAINER_SC, CONTAINER_RESOURCES, CONTAINER_LISTS };
static const struct typed_field CONTAINER_FIELDS[] = {
    [CONTAINER_SC] = FIELD("securityContext", NODE_MAP, false),
    [CONTAINER_RESOURCES] = FIELD("resources", NODE_MAP, false),
    [CONTAINER_LISTS] = FIELD("env", NODE_SEQ, false), FIELD("ports", NODE_SEQ, false),
};
static const struct typed_field CAPABILITY_LISTS[] = {FIELD("add", NODE_SEQ, false),
                                                      FIELD("drop", NODE_SEQ, false)};
static const struct typed_field RESOURCE_FIELDS[] = {FIELD("limits", NODE_MAP, false),
                                                     FIELD("requests", NODE_MAP, false)};
static const struct typed_field HOST_PATH_FIELD[] = {FIELD("hostPath", NODE_MAP, false)};

static void typed_fields(struct k8s_field_walk *w, const struct node *map, const char *path,
                         const struct typed_field *fields, size_t n, bool container)
{
    for (size_t i = 0; map && i < n; i++)
        if (container || !fields[i].container_only)
            k8s_field_get(w, map, path, fields[i].key, fields[i].type);
}

static void container_invalid_fields(struct k8s_field_walk *w, const struct node *c,
                                     const char *path)
{
    const char *name = node_str(node_get(c, "name"));
    w->container = name ? name : "";
    /* a path is spelled only under a field that is there: nothing is
     * reported inside an absent one */
    const struct node *sc = k8s_field_get(w, c, path, "securityContext", NODE_MAP);
    if (sc) {
        const char *sc_path = path_key(w->a, path, "securityContext");
        typed_fields(w, sc, sc_path, SC_FIELDS, SC_TYPED, true);
        const struct node *caps = k8s_field_get(w, sc, sc_path, "capabilities", NODE_MAP);
        if (caps)
            typed_fields(w, caps, path_key(w->a, sc_path, "capabilities"), CAPABILITY_LISTS,
                         COUNT(CAPABILITY_LISTS), true);
    }
    const struct node *res = k8s_field_get(w, c, path, "resources", NODE_MAP);
    if (res)
        typed_fields(w, res, path_key(w->a, path, "resources"), RESOURCE_FIELDS,
                     COUNT(RESOURCE_FIELDS), true);
    typed_fields(w, c, path, CONTAINER_FIELDS + CONTAINER_LISTS,
                 COUNT(CONTAINER_FIELDS) - CONTAINER_LISTS, true);
    w->container = NULL;
}

static void spec_invalid_fields(struct k8s_field_walk *w, const struct node *spec,
                                const char *spec_path)
{
    const struct node *sc = k8s_field_get(w, spec, spec_path, "securityContext", NODE_MAP);
    if (sc)
        typed_fields(w, sc, path_key(w->a, spec_path, "securityContext"), SC_FIELDS, SC_TYPED,
                     false);
    typed_fields(w, spec, spec_path, SPEC_FIELDS, SPEC_TYPED, false);
    const struct node *volumes = k8s_field_get(w, spec, spec_path, "volumes", NODE_SEQ);
    const char *volumes_path = volumes ? path_key(w->a, spec_path, "volumes") : NULL;
    for (size_t i = 0; i < node_len(volumes); i++) {
        const struct node *v = k8s_field_at(w, volumes, volumes_path, i, NODE_MAP);
        if (v)
            typed_fields(w, v, path_index(w->a, volumes_path, i), HOST_PATH_FIELD, 1, false);
    }
    for (size_t k = 0; k < 3; k++) {
        const struct node *list = k8s_field_get(w, spec, spec_path, LIST_KEYS[k], NODE_SEQ);
        if (!list)
            continue;
        const char *list_path = path_key(w->a, spec_path, LIST_KEYS[k]);
        for (size_t i = 0; i < node_len(list); i++) {
            const struct node *c = k8s_field_at(w, list, list_path, i, NODE_MAP);
            if (c)
                container_invalid_fields(w, c, path_index(w->a, list_path, i));
        }
    }
}

/* The walk above reports nothing for most pod specs, and asks each mapping
 * for its fields one by one. Before it, one pass over each mapping it
 * would read tells whether any of these fields holds another type: when
 * none does, the walk is skipped. Both read their fields from the tables
 * above, so a field the walk checks goes into a table this pass reads. */

/* One pass over map (a mapping or NULL): found[i] receives the value of
 * fields[i] as node_get finds it, NULL when absent (container_only fields
 * are left out unless container). False when one holds another type than
 * its field's, null aside. */
static bool fields_typed(const struct node *map, const struct typed_field *fields, size_t n,
                         bool container, const struct node **found)
{
    uint64_t lengths = 0; /* of the keys looked for, to pass over the others at once */
    for (size_t i = 0; i < n; i++) {
        found[i] = NULL;
        lengths |= 1ull << fields[i].len; /* every key is shorter than 64 */
    }
    if (!node_is_map(map))
        return true;
    for (uint32_t p = 0; p < map->n; p++) {
        const struct node *k = node_key(map, p);
        if (k->len >= 64 || !(lengths >> k->len & 1))
            continue;
        for (size_t i = 0; i < n; i++) {
            const struct typed_field *f = &fields[i];
            if (k->len != f->len || k->str[0] != f->key[0] || memcmp(k->str, f->key, k->len) != 0)
                continue;
            if (!found[i]) { /* the first of duplicate keys, as node_get */
                const struct node *v = found[i] = node_value(map, p);
                if (v->type != NODE_NULL && v->type != f->type && (container || !f->container_only))
                    return false;
            }
            break;
        }
    }
    return true;
}

/* Each item of a list a mapping (or null), and each mapping valid. */
static bool items_typed(const struct node *list, bool (*valid)(const struct node *item))
{
    for (size_t i = 0; i < node_len(list); i++) {
        const struct node *item = node_at(list, i);
        if (item->type != NODE_NULL && (item->type != NODE_MAP || !valid(item)))
            return false;
    }
    return true;
}

static bool volume_typed(const struct node *v)
{
    const struct node *host_path;
    return fields_typed(v, HOST_PATH_FIELD, 1, false, &host_path);
}

static bool container_typed(const struct node *c)
{
    const struct node *f[COUNT(CONTAINER_FIELDS)], *sc[COUNT(SC_FIELDS)];
    const struct node *lists[COUNT(CAPABILITY_LISTS)], *resources[COUNT(RESOURCE_FIELDS)];
    return fields_typed(c, CONTAINER_FIELDS, COUNT(CONTAINER_FIELDS), true, f) &&
           fields_typed(f[CONTAINER_SC], SC_FIELDS, COUNT(SC_FIELDS), true, sc) &&
           fields_typed(sc[SC_CAPABILITIES], CAPABILITY_LISTS, COUNT(CAPABILITY_LISTS), true,
                        lists) &&
           fields_typed(f[CONTAINER_RESOURCES], RESOURCE_FIELDS, COUNT(RESOURCE_FIELDS), true,
                        resources);
}

/* Would spec_invalid_fields report nothing? */
static bool spec_typed(const struct node *spec)
{
    const struct node *f[COUNT(SPEC_FIELDS)], *sc[COUNT(SC_FIELDS)];
    if (!fields_typed(spec, SPEC_FIELDS, COUNT(SPEC_FIELDS), false, f) ||
        !fields_typed(f[SPEC_SC], SC_FIELDS, SC_TYPED, false, sc) ||
        !items_typed(f[SPEC_VOLUMES], volume_typed))
        return false;
    for (size_t k = 0; k < 3; k++)
        if (!items_typed(f[SPEC_LISTS + k], container_typed))
            return false;
    return true;
}

void pod_invalid_fields(const struct k8s_object *o, struct k8s_field_walk *w)
{
    const char *spec_path = workload_spec_path(o);
    const struct node *spec = NULL;
    if (spec_path) {
        spec = walk_to_spec(o, w, spec_path);
        char template[128];
        if (template_path(spec_path, template, sizeof template)) {
            const struct node *meta =
                k8s_field_get(w, node_path(o->node, template), template, "metadata", NODE_MAP);
            const char *meta_path = path_key(w->a, template, "metadata");
            k8s_field_get(w, meta, meta_path, "labels", NODE_MAP);
            k8s_field_get(w, meta, meta_path, "annotations", NODE_MAP);
        }
    } else if ((spec_path = spec_path_for(o, &spec))) {
        if (!node_is_map(spec))
            spec = NULL;
    }
    if (spec && !spec_typed(spec))
        spec_invalid_fields(w, spec, spec_path);
}

static bool inherited_from_pod(const char *field)
{
    static const char *const INHERITED[] = {"runAsUser", "runAsGroup", "runAsNonRoot",
                                            "seccompProfile", "appArmorProfile",
                                            "seLinuxOptions", "windowsOptions"};
    for (size_t i = 0; i < sizeof INHERITED / sizeof *INHERITED; i++)
        if (strcmp(field, INHERITED[i]) == 0)
            return true;
    return false;
}

const struct node *container_effective(const struct pod_view *pv, const struct container_view *c,
                                       const char *field, struct arena *a, const char **path)
{
    const struct node *v = node_get(c->sc, field);
    const char *owner = c->path;
    if ((!v || v->type == NODE_NULL) && inherited_from_pod(field)) {
        const struct node *pod = node_get(pv->sc, field);
        if (pod && pod->type != NODE_NULL) {
            v = pod;
            owner = pv->spec_path;
        }
    }
    if (path)
        *path = arena_printf(a, "%s.securityContext.%s", owner, field);
    return v && v->type != NODE_NULL ? v : NULL;
}

const struct node *container_effective_windows(const struct pod_view *pv,
                                               const struct container_view *c, const char *field,
                                               struct arena *a, const char **path)
{
    const struct node *v = node_get(node_get(c->sc, "windowsOptions"), field);
    const char *owner = c->path;
    if (!v || v->type == NODE_NULL) {
        const struct node *pod = node_get(node_get(pv->sc, "windowsOptions"), field);
        if (pod && pod->type != NODE_NULL) {
            v = pod;
            owner = pv->spec_path;
        }
    }
    if (path)
        *path = arena_printf(a, "%s.securityContext.windowsOptions.%s", owner, field);
    return v && v->type != NODE_NULL ? v : NULL;
}

const struct node *pod_volume(const struct pod_view *pv, const char *name)
{
    const struct node *volumes = node_get(pv->spec, "volumes");
    for (size_t i = 0; i < node_len(volumes); i++) {
        const struct node *v = node_at(volumes, i);
        if (node_str_eq(node_get(v, "name"), name))
            return v;
    }
    return NULL;
}

const char *container_kind_name(enum container_kind k)
{
    return k == CONTAINER_INIT ? "init container"
           : k == CONTAINER_EPHEMERAL ? "ephemeral container"
                                      : "container";
}
