/* pod.h — the pod spec inside any workload, and its containers with their
 * effective security settings. Pod specs are found in Pods, in the templates
 * of Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController
 * and PodTemplate, in CronJob's job template, and in any kind whose
 * spec.template.spec has containers (Argo Rollout, Knative Service, ...).
 * More locations come from the configuration (pod_locations_add). */
#ifndef RINGWALL_POD_H
#define RINGWALL_POD_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "image.h"
#include "object.h"

enum container_kind { CONTAINER_REGULAR, CONTAINER_INIT, CONTAINER_EPHEMERAL };

struct container_view {
    const char *name;           /* "" when unnamed */
    const struct node *node;    /* the container mapping */
    const struct node *sc;      /* its securityContext, or NULL */
    enum container_kind kind;
    size_t index;               /* position in its list */
    const char *path;           /* e.g. "spec.template.spec.containers[0]" */
    const struct node *image;   /* the image field, or NULL */
    const struct image_ref *ref; /* the image parsed once, or NULL when missing or malformed */
};

struct pod_view {
    const struct k8s_object *obj;
    const struct node *spec;    /* the pod spec mapping */
    const char *spec_path;      /* "spec", "spec.template.spec", ... */
    const struct node *meta;    /* pod (template) metadata, or NULL */
    const struct node *sc;      /* pod securityContext, or NULL */
    bool windows;               /* spec.os.name is windows: Linux-only settings do not apply */
    struct container_view *containers;
    size_t ncontainers;
};

/* Adds a pod spec location for a kind ("*" for any kind), as a dotted path. */
void pod_locations_add(const char *kind, const char *spec_path);
void pod_locations_reset(void);

/* Fills pv when the object carries a pod spec; allocations go to `a` (none
 * when the object brings its view along: o->pod). */
bool pod_view_init(struct pod_view *pv, const struct k8s_object *o, struct arena *a);

/* The effective value of a securityContext field for a container: its own
 * setting, else the pod's for the fields Kubernetes inherits (runAsUser,
 * runAsGroup, runAsNonRoot, seccompProfile, appArmorProfile, seLinuxOptions,
 * windowsOptions). *path receives the field path of the value found (or of
 * where it should be set, on the container, when missing); with a NULL path
 * nothing is allocated, so checks ask for it only when they report. */
const struct node *container_effective(const struct pod_view *pv, const struct container_view *c,
                                       const char *field, struct arena *a, const char **path);

/* windowsOptions merges field by field (a container's hostProcess does not
 * hide the pod's runAsUserName): the effective windowsOptions.<field>. */
const struct node *container_effective_windows(const struct pod_view *pv,
                                               const struct container_view *c, const char *field,
                                               struct arena *a, const char **path);

/* Reports wrong types (k8s_field_walk) on the way to the pod spec of the
 * workload kinds Kubernetes defines (spec, template, jobTemplate, ...:
 * mappings) and in the pod spec of any object that has one: its
 * securityContext, volumes (a list of mappings, hostPath a mapping), the
 * container lists (lists of mappings) and in each container its
 * securityContext (capabilities a mapping, add and drop lists), resources
 * (limits and requests mappings), env and ports (lists). */
void pod_invalid_fields(const struct k8s_object *o, struct k8s_field_walk *w);

/* The pod's volume named `name`, or NULL. */
const struct node *pod_volume(const struct pod_view *pv, const char *name);

const char *container_kind_name(enum container_kind k);

#endif
