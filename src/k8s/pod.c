/* pod.c — locating pod specs and building container views (pod.h). */
#include "pod.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

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

static const char *spec_path_for(const struct k8s_object *o)
{
    for (size_t i = 0; i < nextra; i++)
        if ((strcmp(extra[i].kind, o->kind) == 0 || strcmp(extra[i].kind, "*") == 0) &&
            node_is_map(node_path(o->node, extra[i].spec_path)))
            return extra[i].spec_path;
    for (size_t i = 0; i < sizeof BUILTIN / sizeof *BUILTIN; i++)
        if (strcmp(BUILTIN[i].kind, o->kind) == 0)
            return BUILTIN[i].spec_path;
    /* Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController,
     * and every CRD that embeds a pod template the same way */
    if (node_is_seq(node_path(o->node, "spec.template.spec.containers")))
        return "spec.template.spec";
    return NULL;
}

static const char *const LIST_KEYS[] = {"initContainers", "containers", "ephemeralContainers"};
static const enum container_kind LIST_KINDS[] = {CONTAINER_INIT, CONTAINER_REGULAR,
                                                 CONTAINER_EPHEMERAL};

bool pod_view_init(struct pod_view *pv, const struct k8s_object *o, struct arena *a)
{
    memset(pv, 0, sizeof *pv);
    const char *spec_path = spec_path_for(o);
    const struct node *spec = spec_path ? node_path(o->node, spec_path) : NULL;
    if (!node_is_map(spec))
        return false;
    pv->obj = o;
    pv->spec = spec;
    pv->spec_path = spec_path;
    pv->sc = node_get(spec, "securityContext");
    if (!node_is_map(pv->sc))
        pv->sc = NULL;
    pv->windows = node_str_eq(node_path(spec, "os.name"), "windows");
    if (strcmp(spec_path, "spec") == 0) {
        pv->meta = o->metadata;
    } else if (strlen(spec_path) > 5 && strcmp(spec_path + strlen(spec_path) - 5, ".spec") == 0) {
        /* a template: its metadata sits beside its spec */
        size_t len = strlen(spec_path) - strlen(".spec");
        char meta_path[128];
        snprintf(meta_path, sizeof meta_path, "%.*s.metadata", (int)len, spec_path);
        pv->meta = node_path(o->node, meta_path);
    }
    size_t total = 0;
    for (size_t k = 0; k < 3; k++)
        total += node_len(node_get(spec, LIST_KEYS[k]));
    pv->containers = arena_zalloc(a, (total + 1) * sizeof *pv->containers);
    for (size_t k = 0; k < 3; k++) {
        const struct node *list = node_get(spec, LIST_KEYS[k]);
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
            cv->path = arena_printf(a, "%s.%s[%zu]", spec_path, LIST_KEYS[k], i);
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
