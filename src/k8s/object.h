/* object.h — the view every front end shares of one Kubernetes object:
 * apiVersion, kind, namespace, name, labels and annotations, plus where it
 * came from. Lists (`kind: List` and any `*List` with `items`, as kubectl
 * prints them) are expanded into their items. */
#ifndef RINGWALL_OBJECT_H
#define RINGWALL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"

struct pod_view;
struct k8s_identity;

struct k8s_object {
    const struct node *node; /* the object's mapping */
    const char *api_version, *kind, *namespace, *name; /* NULL when absent */
    const struct node *metadata, *labels, *annotations;
    const char *file;
    unsigned doc_index; /* position of its document in the file */
    /* Its pod view (pod.h) once made (with no spec when it has none), or
     * NULL: set by whoever made it, on a copy that lives no longer than the
     * view, so the checks and analyzers handed the object reuse it. */
    const struct pod_view *pod;
    /* Its identity (identity.h) once made, or NULL: set like pod, so the
     * analyzers keep one copy of it. */
    const struct k8s_identity *identity;
};

/* Fills o from a mapping; false when it has no apiVersion or kind. */
bool k8s_object_init(struct k8s_object *o, const struct node *n, const char *file,
                     unsigned doc_index);

/* The object's label or annotation value (strings only). */
const char *k8s_label(const struct k8s_object *o, const char *key);
const char *k8s_annotation(const struct k8s_object *o, const char *key);

/* "Kind/name" or "Kind/namespace/name" into buf. */
const char *k8s_object_label(const struct k8s_object *o, char *buf, size_t size);

/* A field the checks read that holds the wrong type of value: a string
 * where a mapping belongs (a truncated `securityContext:\n  runA`), a
 * mapping where a list belongs. Such an object would otherwise look clean. */
struct k8s_invalid_field {
    const char *path;      /* e.g. "spec.template.spec.containers[0].securityContext" */
    const struct node *at; /* the value */
    const char *expected;  /* "a mapping", "a list" */
    const char *found;     /* "a string", "a number", "a boolean", "a list", "a mapping" */
    const char *container; /* the container holding the field, or NULL */
};

/* Where invalid fields are reported while walking an object. */
struct k8s_field_walk {
    struct arena *a;       /* for paths */
    void (*fn)(const struct k8s_invalid_field *f, void *ctx);
    void *ctx;
    const char *container; /* set while walking a container */
};

/* The value of `key` in `map` (at `path`, "" for the object) when it is a
 * `want` (NODE_MAP, NODE_SEQ, NODE_BOOL or NODE_INT); NULL when absent or
 * null, and when of another type, which is reported. */
const struct node *k8s_field_get(struct k8s_field_walk *w, const struct node *map,
                                 const char *path, const char *key, enum node_type want);
/* The same for item i of a list at `path`. */
const struct node *k8s_field_at(struct k8s_field_walk *w, const struct node *seq,
                                const char *path, size_t i, enum node_type want);

/* Reports wrong types in the object's metadata (a mapping, whose labels and
 * annotations are mappings) and, for the built-in API groups, its spec (a
 * mapping). */
void k8s_invalid_fields(const struct k8s_object *o, struct k8s_field_walk *w);

typedef void (*object_fn)(const struct k8s_object *o, void *ctx);

/* Calls fn for every object of a document (List items expanded, recursively).
 * Returns the number of documents/items skipped for lacking apiVersion/kind. */
size_t k8s_each_object(const struct node *root, const char *file, unsigned doc_index,
                       object_fn fn, void *ctx);

/* An element of a List's items handed out while the List loads (load.h),
 * with `head`, the List as far as it was read before its items. Known when
 * its objects are the ones k8s_each_object would give with the whole List:
 * the List's kind precedes the items and ends in List (with its apiVersion
 * too when a typed list's item lacks both), or the kind is not read yet
 * (kubectl prints it after the items) and the item has its own apiVersion
 * and kind. That last case takes the item for an object whatever kind the
 * List turns out to have, as kubectl's decoder takes any document with an
 * `items` array for a list. */
bool k8s_item_known(const struct node *head, const struct node *item);
/* Calls fn for the objects of such an item; returns the number skipped. */
size_t k8s_each_item(const struct node *head, const struct node *item, const char *file,
                     unsigned doc_index, object_fn fn, void *ctx);

#endif
