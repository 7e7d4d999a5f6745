/* model.h — the RBAC model: roles, bindings, service accounts and the
 * service account each workload runs as, copied out of objects as they
 * stream by (documents are freed after each object). rbac_model_finish()
 * resolves role references, fills in default (bootstrap) roles that the
 * input lacks, and computes ClusterRole aggregation as the controller does.
 * Every string matched is interned (intern.h), so matching compares
 * pointers; what only names an object in reports is its identity's. */
#ifndef RINGWALL_RBAC_MODEL_H
#define RINGWALL_RBAC_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../k8s/identity.h"
#include "../k8s/object.h"
#include "intern.h"

struct strs {
    const char **v;
    size_t n;
};

struct rbac_rule {
    struct strs verbs, groups, resources, names, urls;
    unsigned index;        /* position in its role's rules */
    unsigned id;           /* position among all rules of the model (set by finish) */
    unsigned line, col;
    const struct rbac_role *role; /* the role that declares it */
};

enum selector_op { SEL_IN, SEL_NOT_IN, SEL_EXISTS, SEL_NOT_EXISTS };

struct selector_expr {
    const char *key;
    enum selector_op op;
    struct strs values;
};

/* One clusterRoleSelector: matchLabels become SEL_IN expressions. */
struct selector {
    struct selector_expr *exprs;
    size_t n;
};

struct rbac_role {
    unsigned id;               /* position in rbac_model.roles */
    bool cluster;              /* ClusterRole (else Role) */
    const char *namespace;     /* Roles only */
    const char *name, *file, *ignore; /* ignore: its ringwall.io/ignore annotation */
    unsigned line, col;
    bool is_default;           /* from the bootstrap policy, not the input */
    struct strs label_keys, label_values;
    struct rbac_rule *rules;   /* as declared */
    size_t nrules;
    struct selector *selectors; /* aggregationRule.clusterRoleSelectors */
    size_t nselectors;
    bool aggregated;           /* has an aggregationRule */
    const struct rbac_rule **eff; /* effective rules (aggregation applied) */
    size_t neff;
    /* index over eff: a 64-bit signature of the verbs, API groups, resources
     * and URL presence its rules mention (a star sets every bit), so most
     * roles are ruled out of a query without looking at a rule */
    uint64_t sig_verbs, sig_groups, sig_resources;
    bool has_urls;
};

enum subject_kind { SUBJECT_USER, SUBJECT_GROUP, SUBJECT_SA };

struct rbac_subject {
    enum subject_kind kind;
    const char *name;
    const char *namespace; /* ServiceAccounts: defaulted to a RoleBinding's namespace */
    unsigned index, line, col;
};

struct rbac_binding {
    bool cluster;               /* ClusterRoleBinding (else RoleBinding) */
    bool is_default;            /* from the bootstrap policy, not the input */
    const char *namespace;      /* RoleBindings only */
    const char *name, *file, *ignore;
    unsigned line, col;
    bool role_cluster;          /* roleRef.kind is ClusterRole */
    const char *role_name;
    const struct rbac_role *role; /* NULL when the reference is unknown */
    struct rbac_subject *subjects;
    size_t nsubjects;
};

/* A workload (or pod) and the service account its pods run as (namespace
 * and service account interned; kind, name and file its identity's). */
struct rbac_workload {
    const char *kind, *namespace, *name, *file;
    unsigned line, col;
    const char *service_account;
    int pod_automount;          /* automountServiceAccountToken: -1 unset, 0, 1 */
    bool automount;             /* the token is mounted (pod spec, else the SA's setting) */
};

struct rbac_account {
    const char *namespace, *name, *file;
    unsigned line, col;
    int automount;              /* -1 unset, 0 false, 1 true */
};

struct ptr_map;

struct rbac_model {
    struct arena arena;
    struct intern strings;
    struct k8s_identities identities; /* of objects that bring none */
    const char *star, *core;    /* interned "*" and "" */
    struct rbac_role **roles;   /* input roles, then the defaults in use */
    size_t nroles, cap_roles;
    struct rbac_binding **bindings;
    size_t nbindings, cap_bindings;
    struct rbac_workload *workloads;
    size_t nworkloads, cap_workloads;
    struct rbac_account *accounts;
    size_t naccounts, cap_accounts;
    struct rbac_role **defaults; /* bootstrap roles */
    size_t ndefaults, cap_defaults;
    struct rbac_binding **default_bindings; /* bootstrap bindings (never in bindings) */
    size_t ndefault_bindings, cap_default_bindings;
    struct ptr_map *role_index;
    bool loading_defaults;
    bool finished;
    size_t unknown_refs;        /* bindings whose role is missing */
    size_t duplicates;          /* objects ignored as repeated definitions */
};

void rbac_model_init(struct rbac_model *m);
void rbac_model_free(struct rbac_model *m);

/* Copies what the model needs from o (any kind; others are ignored). */
void rbac_model_add(struct rbac_model *m, const struct k8s_object *o);
/* Whether o is of the RBAC API, whose roles and bindings are all that grant:
 * of any other object the model keeps only who runs as which account. */
bool rbac_model_grants(const struct k8s_object *o);

/* Loads the bootstrap policy files of dir (each a List). Returns false
 * after reporting an unreadable directory or invalid file. */
bool rbac_model_load_defaults(struct rbac_model *m, const char *dir);
/* Loads the bootstrap policy built into the binary (data/rbac/bootstrap.def). */
void rbac_model_load_builtin(struct rbac_model *m);

/* Record a bootstrap role (unless one of its name is already known) or
 * binding; used by both loaders. */
void rbac_model_add_default_role(struct rbac_model *m, struct rbac_role *r);
void rbac_model_add_default_binding(struct rbac_model *m, struct rbac_binding *b);
/* The bootstrap role of that name, used by a binding or not, or NULL. */
const struct rbac_role *rbac_find_default_role(const struct rbac_model *m, bool cluster,
                                               const char *namespace, const char *name);
/* The bootstrap binding that b reproduces: same kind, namespace, name,
 * roleRef and subjects (in any order), or NULL. Only such a binding is the
 * platform's own. */
const struct rbac_binding *rbac_platform_binding(const struct rbac_model *m,
                                                 const struct rbac_binding *b);
/* Same kind, name and (service accounts) namespace. */
bool rbac_subject_eq(const struct rbac_subject *a, const struct rbac_subject *b);

/* Resolves references, adds the default roles bindings need, aggregates.
 * Unknown references are reported on stderr (as warnings) when warn. */
void rbac_model_finish(struct rbac_model *m, bool warn);

/* The signature bit of an interned string. */
uint64_t rbac_sig_bit(const char *interned);

const struct rbac_role *rbac_find_role(const struct rbac_model *m, bool cluster,
                                       const char *namespace, const char *name);

/* "User:alice", "Group:devs", "ServiceAccount:ns/name" (interned). */
const char *rbac_subject_key(struct rbac_model *m, const struct rbac_subject *s);
/* True for system:anonymous, system:unauthenticated, system:authenticated
 * and the system:serviceaccounts groups. */
bool rbac_subject_is_broad(const struct rbac_subject *s);
/* True when a bootstrap binding names this subject (a control-plane
 * component), never for broad subjects. */
bool rbac_is_component(const struct rbac_model *m, const struct rbac_subject *s);

/* "User:alice", ... into buf (the form rbac_subject_key interns). */
void rbac_format_subject_key(char *buf, size_t size, const struct rbac_subject *s);

/* Steps of rbac_model_finish (aggregate.c): aggregation, then the role
 * index signatures. */
void rbac_aggregate(struct rbac_model *m);
void rbac_index_roles(struct rbac_model *m);

/* "ClusterRoleBinding name" or "RoleBinding ns/name", "ClusterRole name", ... */
const char *rbac_binding_label(const struct rbac_binding *b, char *buf, size_t size);
const char *rbac_role_label(const struct rbac_role *r, char *buf, size_t size);
const char *rbac_subject_label(const struct rbac_subject *s, char *buf, size_t size);
/* "ClusterRole edit rules[3]": the role that declares the rule. */
const char *rbac_rule_label(const struct rbac_rule *r, char *buf, size_t size);
/* "cluster-wide" or "in namespace NS". */
const char *rbac_scope_label(const struct rbac_binding *b, char *buf, size_t size);

#endif
