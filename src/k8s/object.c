/* object.c — object metadata view and List expansion (object.h). */
#include "object.h"

#include <stdio.h>
#include <string.h>

#include "../core/arena.h"

static void read_meta(struct k8s_object *o)
{
    o->metadata = node_get(o->node, "metadata");
    o->name = node_str(node_get(o->metadata, "name"));
    if (!o->name)
        o->name = node_str(node_get(o->metadata, "generateName"));
    o->namespace = node_str(node_get(o->metadata, "namespace"));
    o->labels = node_get(o->metadata, "labels");
    o->annotations = node_get(o->metadata, "annotations");
}

bool k8s_object_init(struct k8s_object *o, const struct node *n, const char *file,
                     unsigned doc_index)
{
    memset(o, 0, sizeof *o);
    o->node = n;
    o->file = file;
    o->doc_index = doc_index;
    o->api_version = node_str(node_get(n, "apiVersion"));
    o->kind = node_str(node_get(n, "kind"));
    if (!o->api_version || !o->kind || !*o->kind)
        return false;
    read_meta(o);
    return true;
}

const char *k8s_label(const struct k8s_object *o, const char *key)
{
    return node_str(node_get(o->labels, key));
}

const char *k8s_annotation(const struct k8s_object *o, const char *key)
{
    return node_str(node_get(o->annotations, key));
}

const char *k8s_object_label(const struct k8s_object *o, char *buf, size_t size)
{
    if (o->namespace)
        snprintf(buf, size, "%s/%s/%s", o->kind, o->namespace, o->name ? o->name : "-");
    else
        snprintf(buf, size, "%s/%s", o->kind, o->name ? o->name : "-");
    return buf;
}

static const char *value_kind(const struct node *n)
{
    switch (n->type) {
    case NODE_BOOL:
        return "a boolean";
    case NODE_INT:
    case NODE_FLOAT:
        return "a number";
    case NODE_STR:
        return "a string";
    case NODE_MAP:
        return "a mapping";
    default:
        return "a list";
    }
}

/* The value when it is a `want`; NULL when absent or null. */
static const struct node *field_value(const struct node *n, enum node_type want)
{
    return n && n->type == want ? n : NULL;
}

static bool field_valid(const struct node *n, enum node_type want)
{
    return !n || n->type == NODE_NULL || n->type == want;
}

static const char *expected_kind(enum node_type want)
{
    switch (want) {
    case NODE_MAP:
        return "a mapping";
    case NODE_BOOL:
        return "a boolean";
    case NODE_INT:
        return "an integer";
    default:
        return "a list";
    }
}

static void field_report(struct k8s_field_walk *w, const struct node *n, enum node_type want,
                         const char *path)
{
    struct k8s_invalid_field f = {
        .path = path, .at = n, .expected = expected_kind(want),
        .found = value_kind(n), .container = w->container,
    };
    w->fn(&f, w->ctx);
}

const struct node *k8s_field_get(struct k8s_field_walk *w, const struct node *map,
                                 const char *path, const char *key, enum node_type want)
{
    const struct node *n = node_get(map, key);
    if (!field_valid(n, want))
        field_report(w, n, want, *path ? arena_printf(w->a, "%s.%s", path, key) : key);
    return field_value(n, want);
}

const struct node *k8s_field_at(struct k8s_field_walk *w, const struct node *seq,
                                const char *path, size_t i, enum node_type want)
{
    const struct node *n = node_at(seq, i);
    if (!field_valid(n, want))
        field_report(w, n, want, arena_printf(w->a, "%s[%zu]", path, i));
    return field_value(n, want);
}

/* The API groups of Kubernetes itself: the core group, the unqualified
 * ones (apps, batch, ...) and *.k8s.io. Custom resources are left alone. */
static bool builtin_api(const char *api_version)
{
    const char *slash = strchr(api_version, '/');
    if (!slash)
        return true;
    size_t glen = (size_t)(slash - api_version);
    static const char SUFFIX[] = ".k8s.io";
    return !memchr(api_version, '.', glen) ||
           (glen >= sizeof SUFFIX - 1 &&
            memcmp(slash - (sizeof SUFFIX - 1), SUFFIX, sizeof SUFFIX - 1) == 0);
}

void k8s_invalid_fields(const struct k8s_object *o, struct k8s_field_walk *w)
{
    const struct node *meta = k8s_field_get(w, o->node, "", "metadata", NODE_MAP);
    k8s_field_get(w, meta, "metadata", "labels", NODE_MAP);
    k8s_field_get(w, meta, "metadata", "annotations", NODE_MAP);
    if (builtin_api(o->api_version))
        k8s_field_get(w, o->node, "", "spec", NODE_MAP);
}

static bool is_list_kind(const char *kind)
{
    size_t len = kind ? strlen(kind) : 0;
    return len >= 4 && strcmp(kind + len - 4, "List") == 0;
}

static bool is_list(const struct node *n, const char *kind)
{
    return is_list_kind(kind) && node_is_seq(node_get(n, "items"));
}

static size_t each_object(const struct node *root, const char *file, unsigned doc_index,
                          const char *item_api, const char *item_kind, object_fn fn, void *ctx);

/* Items of a typed list (PodList, NamespaceList, ...) as the API server
 * returns them omit apiVersion and kind: they take the list's. */
static size_t each_item(const struct node *list, const char *kind, const struct node *item,
                        const char *file, unsigned doc_index, object_fn fn, void *ctx)
{
    char type[128];
    snprintf(type, sizeof type, "%.*s", (int)(strlen(kind) - 4), kind);
    const char *api = node_str(node_get(list, "apiVersion"));
    return each_object(item, file, doc_index, type[0] ? api : NULL, type[0] ? type : NULL, fn,
                       ctx);
}

static size_t each_object(const struct node *root, const char *file, unsigned doc_index,
                          const char *item_api, const char *item_kind, object_fn fn, void *ctx)
{
    if (!node_is_map(root))
        return root && root->type == NODE_NULL ? 0 : 1;
    struct k8s_object o;
    const char *kind = node_str(node_get(root, "kind"));
    if (kind && is_list(root, kind)) {
        size_t skipped = 0;
        const struct node *items = node_get(root, "items");
        for (size_t i = 0; i < node_len(items); i++)
            skipped += each_item(root, kind, node_at(items, i), file, doc_index, fn, ctx);
        return skipped;
    }
    if (!k8s_object_init(&o, root, file, doc_index)) {
        if (!item_kind || node_get(root, "kind") || node_get(root, "apiVersion") || !item_api)
            return 1;
        o.api_version = item_api;
        o.kind = item_kind;
        read_meta(&o);
    }
    fn(&o, ctx);
    return 0;
}

size_t k8s_each_object(const struct node *root, const char *file, unsigned doc_index,
                       object_fn fn, void *ctx)
{
    return each_object(root, file, doc_index, NULL, NULL, fn, ctx);
}

bool k8s_item_known(const struct node *head, const struct node *item)
{
    struct k8s_object o;
    bool own = k8s_object_init(&o, item, NULL, 0);
    const struct node *kind = node_get(head, "kind");
    if (!kind)
        return own;
    if (!is_list_kind(node_str(kind)))
        return false;
    /* what a typed list's item without apiVersion and kind takes is known
     * once the list's apiVersion is; any other item is an object or skipped */
    return own || node_get(head, "apiVersion") || node_get(item, "kind") ||
           node_get(item, "apiVersion") || strcmp(node_str(kind), "List") == 0;
}

size_t k8s_each_item(const struct node *head, const struct node *item, const char *file,
                     unsigned doc_index, object_fn fn, void *ctx)
{
    const char *kind = node_str(node_get(head, "kind"));
    if (is_list_kind(kind))
        return each_item(head, kind, item, file, doc_index, fn, ctx);
    return each_object(item, file, doc_index, NULL, NULL, fn, ctx);
}
