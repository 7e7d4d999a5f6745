/* facts.h — everything Pod Security Standards look at in one pod spec,
 * extracted in a single walk of the document into a compact, typed struct.
 * Evaluation (evaluate.h) reads only these facts, so a pod can be evaluated
 * at any number of levels and versions without touching the document again,
 * and facts can outlive the document (copy mode) when the policy is only
 * known later (namespace labels that follow the pods in the input).
 *
 * Absent fields and explicit nulls are the same (a nil pointer to the API
 * server); a field of the wrong type counts as absent. */
#ifndef RINGWALL_PSS_FACTS_H
#define RINGWALL_PSS_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../k8s/pod.h"

/* A boolean that may be unset. */
enum pss_tri { PSS_UNSET = 0, PSS_FALSE, PSS_TRUE };

/* Strings are NULL when the field is absent. */
struct pss_selinux {
    bool set;
    const char *type, *user, *role; /* "" when absent inside a set object */
};

/* Security fields shared by the pod and container securityContext. */
struct pss_context {
    uint8_t run_as_non_root; /* enum pss_tri */
    bool run_as_user_set;
    bool host_process;        /* windowsOptions.hostProcess: true */
    int64_t run_as_user;
    const char *seccomp_type;  /* seccompProfile set: its type ("" if none) */
    const char *apparmor_type; /* appArmorProfile set: its type ("" if none) */
    struct pss_selinux selinux;
};

struct pss_container {
    const char *name;
    struct pss_context ctx;
    bool has_sc;              /* securityContext set */
    bool privileged;          /* privileged: true */
    uint8_t allow_escalation; /* enum pss_tri */
    bool has_caps;            /* capabilities set */
    bool drops_all;           /* capabilities.drop contains "ALL" */
    const char *proc_mount;
    const char **cap_add;
    uint32_t ncap_add;
    uint32_t nhost_ports, nprobe_hosts;
    int64_t *host_ports;      /* non-zero hostPort values */
    const char **probe_hosts; /* non-empty probe and lifecycle handler hosts */
};

/* A restricted volume: its name and the first restricted source type found. */
struct pss_volume {
    const char *name;
    const char *type; /* NULL when the volume's source is allowed */
    bool host_path;
};

struct pss_facts {
    bool host_network, host_pid, host_ipc;
    uint8_t host_users; /* enum pss_tri */
    bool windows;       /* spec.os.name: windows */
    struct pss_context pod;
    const char **sysctls;
    uint32_t nsysctls, nvolumes, ncontainers;
    uint32_t napparmor_annotations, nseccomp_annotations;
    struct pss_volume *volumes;
    struct pss_container *containers; /* init, regular, ephemeral */
    /* forbidden legacy annotations, each `KEY="VALUE"`, sorted */
    const char **apparmor_annotations;
    const char **seccomp_annotations;
};

/* Fills f from a pod view. Arrays go to `a`; with copy, strings are copied
 * there too, else they point into the document (valid while it lives). */
void pss_facts_extract(struct pss_facts *f, const struct pod_view *pv, struct arena *a, bool copy);

#endif
