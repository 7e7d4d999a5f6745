/* policy.c — control table, version parsing and policy resolution (policy.h). */
#include "policy.h"

#include <stdio.h>
#include <string.h>

static const struct pss_control_info CONTROLS[PSS_NCONTROLS] = {
    [PSS_APPARMOR_PROFILE] = {"appArmorProfile", PSS_LEVEL_BASELINE, 0},
    [PSS_CAPABILITIES_BASELINE] = {"capabilities_baseline", PSS_LEVEL_BASELINE, 0},
    [PSS_HOST_NAMESPACES] = {"hostNamespaces", PSS_LEVEL_BASELINE, 0},
    [PSS_HOST_PATH_VOLUMES] = {"hostPathVolumes", PSS_LEVEL_BASELINE, 0},
    [PSS_HOST_PORTS] = {"hostPorts", PSS_LEVEL_BASELINE, 0},
    [PSS_HOST_PROBES_AND_LIFECYCLE] = {"hostProbesAndHostLifecycle", PSS_LEVEL_BASELINE, 34},
    [PSS_PRIVILEGED] = {"privileged", PSS_LEVEL_BASELINE, 0},
    [PSS_PROC_MOUNT] = {"procMount", PSS_LEVEL_BASELINE, 0},
    [PSS_SELINUX_OPTIONS] = {"seLinuxOptions", PSS_LEVEL_BASELINE, 0},
    [PSS_SECCOMP_BASELINE] = {"seccompProfile_baseline", PSS_LEVEL_BASELINE, 0},
    [PSS_SYSCTLS] = {"sysctls", PSS_LEVEL_BASELINE, 0},
    [PSS_WINDOWS_HOST_PROCESS] = {"windowsHostProcess", PSS_LEVEL_BASELINE, 0},
    [PSS_ALLOW_PRIVILEGE_ESCALATION] = {"allowPrivilegeEscalation", PSS_LEVEL_RESTRICTED, 8},
    [PSS_CAPABILITIES_RESTRICTED] = {"capabilities_restricted", PSS_LEVEL_RESTRICTED, 22},
    [PSS_PROC_MOUNT_RESTRICTED] = {"procMount_restricted", PSS_LEVEL_RESTRICTED, 35},
    [PSS_RESTRICTED_VOLUMES] = {"restrictedVolumes", PSS_LEVEL_RESTRICTED, 0},
    [PSS_RUN_AS_NON_ROOT] = {"runAsNonRoot", PSS_LEVEL_RESTRICTED, 0},
    [PSS_RUN_AS_USER] = {"runAsUser", PSS_LEVEL_RESTRICTED, 23},
    [PSS_SECCOMP_RESTRICTED] = {"seccompProfile_restricted", PSS_LEVEL_RESTRICTED, 19},
};

const struct pss_control_info *pss_control_info(enum pss_control c)
{
    return &CONTROLS[c];
}

int pss_control_find(const char *id)
{
    for (int c = 0; c < PSS_NCONTROLS; c++)
        if (strcmp(CONTROLS[c].id, id) == 0)
            return c;
    return -1;
}

/* Baseline controls a restricted control replaces from the version it starts. */
static uint32_t overridden(unsigned minor)
{
    uint32_t m = PSS_BIT(PSS_HOST_PATH_VOLUMES); /* by restrictedVolumes */
    if (minor >= 19)
        m |= PSS_BIT(PSS_SECCOMP_BASELINE);
    if (minor >= 22)
        m |= PSS_BIT(PSS_CAPABILITIES_BASELINE);
    if (minor >= 35)
        m |= PSS_BIT(PSS_PROC_MOUNT);
    return m;
}

void pss_policy_init(struct pss_policy *p, enum pss_level level, struct pss_version version)
{
    memset(p, 0, sizeof *p);
    p->level = level;
    p->version = version;
    unsigned minor = version.latest || version.minor > PSS_NEWEST_MINOR ? PSS_NEWEST_MINOR
                                                                         : (unsigned)version.minor;
    p->minor = minor;
    for (int c = 0; c < PSS_NCONTROLS; c++)
        if (level >= CONTROLS[c].level && CONTROLS[c].level != PSS_LEVEL_PRIVILEGED &&
            minor >= CONTROLS[c].since)
            p->controls |= PSS_BIT(c);
    if (level == PSS_LEVEL_RESTRICTED)
        p->controls &= ~overridden(minor);
    static const unsigned SYSCTL_GENERATIONS[] = {37, 32, 29, 27};
    for (size_t i = 0; i < sizeof SYSCTL_GENERATIONS / sizeof *SYSCTL_GENERATIONS; i++)
        if (minor >= SYSCTL_GENERATIONS[i]) {
            p->sysctl_minor = SYSCTL_GENERATIONS[i];
            break;
        }
    p->selinux_engine_type = minor >= 31;
    p->seccomp_annotations = minor < 19;
    p->windows_exempt = minor >= 25;
    p->userns_relaxed = minor >= 35;
}

static const char *const LEVEL_NAMES[] = {"privileged", "baseline", "restricted"};

bool pss_level_parse(const char *s, enum pss_level *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, LEVEL_NAMES[i]) == 0) {
            *out = (enum pss_level)i;
            return true;
        }
    return false;
}

const char *pss_level_name(enum pss_level level)
{
    return LEVEL_NAMES[level];
}

bool pss_version_parse(const char *s, struct pss_version *out)
{
    if (strcmp(s, "latest") == 0) {
        *out = (struct pss_version){.latest = true};
        return true;
    }
    if (strncmp(s, "v1.", 3) != 0)
        return false;
    const char *d = s + 3;
    if (!*d || (d[0] == '0' && d[1]))
        return false;
    uint64_t minor = 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9' || minor > (INT64_MAX - (uint64_t)(*d - '0')) / 10)
            return false;
        minor = minor * 10 + (uint64_t)(*d - '0');
    }
    *out = (struct pss_version){.minor = minor};
    return true;
}

const char *pss_version_format(struct pss_version v, char *buf, size_t size)
{
    if (v.latest)
        snprintf(buf, size, "latest");
    else
        snprintf(buf, size, "v1.%llu", (unsigned long long)v.minor);
    return buf;
}

bool pss_spec_parse(const char *s, enum pss_level *level, struct pss_version *version)
{
    char name[16];
    const char *colon = strchr(s, ':');
    size_t len = colon ? (size_t)(colon - s) : strlen(s);
    if (len >= sizeof name)
        return false;
    memcpy(name, s, len);
    name[len] = '\0';
    if (!pss_level_parse(name, level))
        return false;
    if (!colon) {
        *version = (struct pss_version){.latest = true};
        return true;
    }
    return pss_version_parse(colon + 1, version);
}

const char *pss_spec_format(enum pss_level level, struct pss_version version, char *buf,
                            size_t size)
{
    char v[32];
    snprintf(buf, size, "%s:%s", pss_level_name(level), pss_version_format(version, v, sizeof v));
    return buf;
}
