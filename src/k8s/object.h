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

#endif
