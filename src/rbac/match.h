/* match.h — the RBAC authorizer's matching rules, exactly: a request
 * (verb, API group, resource/subresource, resource name, namespace, or a
 * non-resource URL) against a policy rule, and a binding subject against a
 * principal (user name plus groups, implicit groups included). */
#ifndef RINGWALL_RBAC_MATCH_H
#define RINGWALL_RBAC_MATCH_H

#include <stdbool.h>

#include "model.h"

struct rbac_request {
    const char *verb;              /* interned */
    const char *group, *resource;  /* interned; resource requests */
    const char *subresource;       /* interned, or NULL */
    const char *combined;          /* "resource/subresource" or resource (interned) */
    const char *star_sub;          /* star-slash-subresource (interned), or NULL */
    const char *name;              /* interned resource name, or NULL */
    const char *path;              /* non-resource URL (plain string), or NULL */
    const char *namespace;         /* interned; NULL for cluster-scoped requests */
    bool cluster_scoped;           /* non-resource URL or cluster-scoped resource */
};

enum { PRINCIPAL_MAX_GROUPS = 8 };

/* Who is asking: a user name (NULL when asking for a group's members) and
 * the groups the authenticator would add. */
struct rbac_principal {
    enum subject_kind kind;
    const char *user;              /* interned */
    const char *sa_namespace, *sa_name; /* ServiceAccounts */
    const char *groups[PRINCIPAL_MAX_GROUPS];
    unsigned ngroups;
    const char *display;           /* "ServiceAccount ci/deployer", ... */
};

bool rbac_rule_allows(const struct rbac_model *m, const struct rbac_rule *r,
                      const struct rbac_request *q);
/* The first effective rule of role that allows q, or NULL. */
const struct rbac_rule *rbac_role_allows(const struct rbac_model *m, const struct rbac_role *role,
                                         const struct rbac_request *q);

/* Does binding b take part in request q? Cluster-scoped requests see only
 * ClusterRoleBindings; namespaced ones also the RoleBindings of their
 * namespace, or of every namespace when all_namespaces. */
bool rbac_binding_in_scope(const struct rbac_binding *b, const struct rbac_request *q,
                           bool all_namespaces);
bool rbac_subject_applies(const struct rbac_subject *s, const struct rbac_principal *p);

/* Parses `system:serviceaccount:NS:NAME`, `ServiceAccount:NS/NAME`,
 * `User:NAME`, `Group:NAME` (and a bare user name). False with a message. */
bool rbac_principal_parse(struct rbac_model *m, const char *text, struct rbac_principal *p,
                          char *err, size_t errsize);
/* The principal of a service account. */
void rbac_principal_sa(struct rbac_model *m, const char *ns, const char *name,
                       struct rbac_principal *p);

/* Builds a resource request from the command line's RESOURCE argument:
 * `resource`, `resource.group`, `resource/subresource`, `*`, or a
 * non-resource URL starting with '/'. Known resources get their API group
 * and scope from resources.h. */
bool rbac_request_parse(struct rbac_model *m, const char *verb, const char *resource,
                        const char *subresource, const char *name, const char *ns,
                        struct rbac_request *q, char *err, size_t errsize);

/* A request for a probe: verb on group's resource ("pods/exec" carries
 * its subresource; "*" is the literal star), no name, no namespace;
 * cluster_scoped for the cluster-scoped resources of resources.h. */
void rbac_request_make(struct rbac_model *m, const char *verb, const char *group,
                       const char *resource, struct rbac_request *q);

#endif
