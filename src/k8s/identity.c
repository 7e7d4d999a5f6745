/* identity.c — one copy of each object's identity (identity.h). */
#include "identity.h"

#include <string.h>

/* The copy of s in t, shared with the previous object's while equal. */
static const char *repeated(struct k8s_identities *t, const char **last, const char *s)
{
    if (!s)
        return NULL;
    if (!*last || strcmp(*last, s) != 0)
        *last = arena_strdup(&t->arena, s);
    return *last;
}

const struct k8s_identity *k8s_identity(struct k8s_identities *t, const struct k8s_object *o)
{
    if (o->identity)
        return o->identity;
    const char *ignore = k8s_annotation(o, "ringwall.io/ignore");
    struct k8s_identity *id = arena_alloc(&t->arena, sizeof *id);
    *id = (struct k8s_identity){
        .api_version = repeated(t, &t->api_version, o->api_version),
        .kind = repeated(t, &t->kind, o->kind),
        .ns = o->namespace ? repeated(t, &t->ns, o->namespace) : NULL,
        .name = arena_strdup(&t->arena, o->name ? o->name : ""),
        .ignore = ignore ? arena_strdup(&t->arena, ignore) : NULL,
        .file = repeated(t, &t->file, o->file),
        .line = o->node->line, .col = o->node->col,
    };
    return id;
}

void k8s_identities_free(struct k8s_identities *t)
{
    arena_free(&t->arena);
    memset(t, 0, sizeof *t);
}
