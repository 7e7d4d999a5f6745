/* resources.h — the built-in API resources RBAC questions are usually about:
 * their API group and whether they are namespaced. Lets users write
 * `deployments` instead of `deployments.apps`, and puts cluster-scoped
 * resources (nodes, persistentvolumes, ...) out of any namespace. */
#ifndef RINGWALL_RBAC_RESOURCES_H
#define RINGWALL_RBAC_RESOURCES_H

#include <stdbool.h>

struct api_resource {
    const char *resource, *group;
    bool namespaced;
};

/* The resource named `resource` (plural, lower case), or NULL. */
const struct api_resource *api_resource_find(const char *resource);
/* Its API group by name and group: NULL when unknown. */
const struct api_resource *api_resource_find_in(const char *resource, const char *group);

#endif
