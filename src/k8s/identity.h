/* identity.h — what the whole-input analyzers keep of an object to report
 * on it later: apiVersion, kind, namespace, name, its ringwall.io/ignore
 * annotation, file and position. The scan makes it once per object
 * (k8s_object.identity) and every analyzer points to that one copy; an
 * object that brings none gets one from the analyzer's own table. */
#ifndef RINGWALL_IDENTITY_H
#define RINGWALL_IDENTITY_H

#include "../core/arena.h"
#include "object.h"

struct k8s_identity {
    const char *api_version, *kind, *ns, *name; /* ns: NULL when absent; name: "" */
    const char *ignore;                         /* the annotation, or NULL */
    const char *file;
    unsigned line, col;
};

/* Where identities live: an arena, and the strings that repeat from object
 * to object (file, apiVersion, kind, namespace) kept once while they stay
 * the same. */
struct k8s_identities {
    struct arena arena;
    const char *file, *api_version, *kind, *ns;
};

/* The object's identity: the one it brings along, else one made in t (valid
 * until k8s_identities_free). */
const struct k8s_identity *k8s_identity(struct k8s_identities *t, const struct k8s_object *o);
void k8s_identities_free(struct k8s_identities *t);

#endif
