/* paths.h — privilege-escalation paths to cluster-admin. Principals are
 * the service accounts, users and groups the input names, and those of the
 * bootstrap policy's bindings (the kube-system controllers), whose grants a
 * real cluster always has; an edge says
 * "this principal can become that one" and names the binding and rule that
 * allow it: creating pods (run as any service account of the namespace),
 * reading secrets (legacy token secrets), creating tokens, exec into a pod
 * or the kubelet's nodes/proxy (the pod's service account), impersonation,
 * bind + create clusterrolebindings, escalate + update of a bound
 * ClusterRole. Targets hold '*' on '*' cluster-wide or are system:masters. */
#ifndef RINGWALL_RBAC_PATHS_H
#define RINGWALL_RBAC_PATHS_H

#include "match.h"

enum path_action {
    ACT_ADMIN,        /* target: '*' on '*' cluster-wide */
    ACT_MASTERS,      /* target: member of system:masters */
    ACT_CREATE_PODS,
    ACT_READ_SECRETS,
    ACT_TOKEN,
    ACT_IMPERSONATE_SA,
    ACT_EXEC,
    ACT_NODE_PROXY,
    ACT_IMPERSONATE_USERS,
    ACT_IMPERSONATE_GROUPS,
    ACT_BIND,
    ACT_CREATE_CRB,
    ACT_ESCALATE,
    ACT_UPDATE_CR,
    ACT_COUNT,
};

/* A kind whose objects make pods run: a Pod, or a workload's pod template. */
struct rbac_pod_kind {
    const char *group, *resource, *api_version, *kind;
};

struct path_step {
    const struct rbac_principal *who;
    enum path_action action;
    const struct rbac_binding *binding; /* NULL for system:masters */
    const struct rbac_rule *rule;
    const struct rbac_binding *binding2; /* second grant of two-grant steps */
    const struct rbac_rule *rule2;
    const struct rbac_principal *becomes; /* NULL: the step reaches cluster-admin */
    const struct rbac_workload *via_workload; /* exec / nodes/proxy */
    const struct rbac_pod_kind *pod_kind; /* create pods: what the grant lets it create */
    const char *namespace;              /* scope of the grant; NULL cluster-wide */
};

struct rbac_path {
    const struct rbac_principal *from;
    bool component;
    struct path_step *steps;
    size_t nsteps;
};

struct rbac_paths {
    struct rbac_path *v;
    size_t n;
    void *state; /* owns principals and steps */
};

/* Every principal (or only `from`, when not NULL) that can reach
 * cluster-admin, shortest path first. */
void rbac_paths_to_admin(struct rbac_model *m, const struct rbac_principal *from,
                         struct rbac_paths *out);
void rbac_paths_free(struct rbac_paths *p);

/* "can create pods", "can impersonate users", ... */
const char *rbac_path_action_text(enum path_action a);

/* For a create-pods step: the manifest the subject would submit (a Pod, or
 * the workload kind it may create, whose pods run as step->becomes with its
 * token mounted and pass the restricted Pod Security Standard), as YAML
 * (malloc'd). NULL for other steps. */
char *rbac_path_manifest(const struct path_step *s);

#endif
