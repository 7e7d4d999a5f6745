/* object.h — the view every front end shares of one Kubernetes object:
 * apiVersion, kind, namespace, name, labels and annotations, plus where it
 * came from. Lists (`kind: List` and any `*List` with `items`, as kubectl
 * prints them) are expanded into their items. */
#ifndef RINGWALL_OBJECT_H
#define RINGWALL_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/doc.h"

struct k8s_object {
    const struct node *node; /* the object's mapping */
    const char *api_version, *kind, *namespace, *name; /* NULL when absent */
    const struct node *metadata, *labels, *annotations;
    const char *file;
    unsigned doc_index; /* position of its document in the file */
};

/* Fills o from a mapping; false when it has no apiVersion or kind. */
bool k8s_object_init(struct k8s_object *o, const struct node *n, const char *file,
                     unsigned doc_index);

/* The object's label or annotation value (strings only). */
const char *k8s_label(const struct k8s_object *o, const char *key);
const char *k8s_annotation(const struct k8s_object *o, const char *key);

/* "Kind/name" or "Kind/namespace/name" into buf. */
const char *k8s_object_label(const struct k8s_object *o, char *buf, size_t size);

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
