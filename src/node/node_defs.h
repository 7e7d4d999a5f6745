/* node_defs.h — the CIS benchmark definitions `ringwall node` evaluates,
 * compiled in from data/node/ (node_defs.c is generated). A definition
 * is data: which file to stat, or which flag or config key of which
 * component to compare with what; evaluation is node_eval.c's. */
#ifndef RINGWALL_NODE_DEFS_H
#define RINGWALL_NODE_DEFS_H

#include <stdbool.h>
#include <stddef.h>

#include "../checks/check.h"

enum node_target {
    NODE_TARGET_MASTER, NODE_TARGET_ETCD, NODE_TARGET_CONTROLPLANE, NODE_TARGET_NODE,
    NODE_TARGET_POLICIES, NODE_TARGET_COUNT
};

/* The components whose command lines the checks read (NODE_NONE: a file or
 * manual check). */
enum node_component {
    NODE_APISERVER, NODE_CONTROLLER_MANAGER, NODE_SCHEDULER, NODE_ETCD, NODE_KUBELET, NODE_PROXY,
    NODE_COMPONENT_COUNT, NODE_NONE = NODE_COMPONENT_COUNT
};

enum node_op {
    NODE_OP_PRESENT, NODE_OP_ABSENT, NODE_OP_IS, NODE_OP_IS_NOT, NODE_OP_CONTAINS, NODE_OP_LACKS,
    NODE_OP_AT_LEAST, NODE_OP_ONLY_FROM
};

enum node_combine { NODE_ALL, NODE_ANY };

/* One comparison: the value of a flag (--name), a feature gate, or a fact
 * ringwall derives (encryption-provider); key is the same setting's dotted
 * path in the component's config file, read when the flag is not given. */
struct node_test {
    const char *flag, *gate, *fact, *key;
    enum node_op op;
    const char *value;
};

struct node_def {
    const char *id, *group;
    enum node_target target;
    enum node_component component;
    const char *file;     /* a file role (node_files.c), or NULL */
    int level;
    bool scored, manual;
    int mode;             /* permission mask for a file check, or -1 */
    const char *owner;    /* user:group for a file check, or NULL */
    bool missing_pass;    /* an absent file passes */
    enum node_combine combine;
    const struct node_test *tests;
    size_t ntests;
    const struct check *check; /* its catalog row (node/cis-ID) */
};

struct node_group {
    const char *id, *text;
};

struct node_benchmark {
    const char *name;
    const struct node_group *groups;
    size_t ngroups;
    const struct node_def *const *defs; /* benchmarks share what they define alike */
    size_t ndefs;
};

extern const struct node_benchmark NODE_BENCHMARKS[];
extern const size_t NODE_NBENCHMARKS;

#endif
