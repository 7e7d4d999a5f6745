/* policy.h — Pod Security Standards levels, policy versions and the controls
 * of each level, resolved once into a struct pss_policy that the evaluator
 * reads without further lookups. A version is "latest" or v1.N; versions newer
 * than the newest known policy (PSS_NEWEST_MINOR) evaluate as the newest one,
 * exactly as the API server's Pod Security Admission clamps them. */
#ifndef RINGWALL_PSS_POLICY_H
#define RINGWALL_PSS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pss_level { PSS_LEVEL_PRIVILEGED, PSS_LEVEL_BASELINE, PSS_LEVEL_RESTRICTED };

/* The newest policy version any control changed at. */
enum { PSS_NEWEST_MINOR = 37 };

struct pss_version {
    bool latest;
    uint64_t minor; /* v1.<minor>, up to INT64_MAX as the API server parses it */
};

/* Controls in the order the API server lists violations: baseline controls
 * by id, then restricted controls by id. */
enum pss_control {
    PSS_APPARMOR_PROFILE,
    PSS_CAPABILITIES_BASELINE,
    PSS_HOST_NAMESPACES,
    PSS_HOST_PATH_VOLUMES,
    PSS_HOST_PORTS,
    PSS_HOST_PROBES_AND_LIFECYCLE,
    PSS_PRIVILEGED,
    PSS_PROC_MOUNT,
    PSS_SELINUX_OPTIONS,
    PSS_SECCOMP_BASELINE,
    PSS_SYSCTLS,
    PSS_WINDOWS_HOST_PROCESS,
    PSS_ALLOW_PRIVILEGE_ESCALATION,
    PSS_CAPABILITIES_RESTRICTED,
    PSS_PROC_MOUNT_RESTRICTED,
    PSS_RESTRICTED_VOLUMES,
    PSS_RUN_AS_NON_ROOT,
    PSS_RUN_AS_USER,
    PSS_SECCOMP_RESTRICTED,
    PSS_NCONTROLS
};

#define PSS_BIT(c) (UINT32_C(1) << (c))

/* One control: its upstream id, level and the policy version (minor) it
 * starts at. */
struct pss_control_info {
    const char *id;
    enum pss_level level;
    unsigned since;
};

const struct pss_control_info *pss_control_info(enum pss_control c);
/* The control with this id (exact, case-sensitive), or -1. */
int pss_control_find(const char *id);

/* A policy resolved for one level and version. */
struct pss_policy {
    enum pss_level level;
    struct pss_version version; /* as requested (shown in messages) */
    unsigned minor;             /* the policy version actually evaluated */
    uint32_t controls;          /* PSS_BIT mask of the controls in force */
    unsigned sysctl_minor;      /* allow-list generation: 0, 27, 29, 32 or 37 */
    bool selinux_engine_type;   /* container_engine_t allowed (1.31) */
    bool seccomp_annotations;   /* baseline seccomp reads annotations (< 1.19) */
    bool windows_exempt;        /* Linux-only restricted controls skip Windows pods (1.25) */
    bool userns_relaxed;        /* hostUsers: false relaxes runAsNonRoot, runAsUser and
                                   procMount (1.35) */
};

void pss_policy_init(struct pss_policy *p, enum pss_level level, struct pss_version version);

bool pss_level_parse(const char *s, enum pss_level *out);
const char *pss_level_name(enum pss_level level);
/* "latest" or "v1.N" (digits without leading zeros, N within int64, as the
 * API server accepts). */
bool pss_version_parse(const char *s, struct pss_version *out);
/* "latest" or "v1.N" into buf. */
const char *pss_version_format(struct pss_version v, char *buf, size_t size);
/* "LEVEL" or "LEVEL:VERSION" (scan --pss). */
bool pss_spec_parse(const char *s, enum pss_level *level, struct pss_version *version);
/* "LEVEL:VERSION" into buf (64 bytes always suffice). */
const char *pss_spec_format(enum pss_level level, struct pss_version version, char *buf,
                            size_t size);

#endif
