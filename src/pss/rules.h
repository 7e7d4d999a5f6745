/* rules.h — the allow rules of every control, as small predicates over
 * facts. Both the fast verdict (evaluate.c) and the message builder
 * (describe.c) use them, so the two can never disagree. Internal to src/pss. */
#ifndef RINGWALL_PSS_RULES_H
#define RINGWALL_PSS_RULES_H

#include <stdbool.h>
#include <string.h>

#include "facts.h"
#include "policy.h"

static inline bool rule_streq(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

/* seccompProfile.type and appArmorProfile.type: RuntimeDefault or Localhost. */
static inline bool rule_profile_ok(const char *type)
{
    return rule_streq(type, "RuntimeDefault") || rule_streq(type, "Localhost");
}

static inline bool rule_profile_bad(const char *type)
{
    return type && !rule_profile_ok(type);
}

bool rule_capability_default(const char *cap);
bool rule_sysctl_safe(const char *name, unsigned sysctl_minor);
bool rule_selinux_type_ok(const char *type, bool engine_type);

static inline bool rule_selinux_bad(const struct pss_policy *p, const struct pss_selinux *s)
{
    return s->set && (!rule_selinux_type_ok(s->type, p->selinux_engine_type) || *s->user ||
                      *s->role);
}

static inline bool rule_caps_baseline_bad(const struct pss_container *c)
{
    for (uint32_t i = 0; i < c->ncap_add; i++)
        if (!rule_capability_default(c->cap_add[i]))
            return true;
    return false;
}

static inline bool rule_caps_add_restricted_bad(const struct pss_container *c)
{
    for (uint32_t i = 0; i < c->ncap_add; i++)
        if (strcmp(c->cap_add[i], "NET_BIND_SERVICE") != 0)
            return true;
    return false;
}

static inline bool rule_proc_mount_bad(const struct pss_container *c)
{
    return c->proc_mount && strcmp(c->proc_mount, "Default") != 0;
}

/* runAsNonRoot: explicitly false, or unset without the pod setting true. */
static inline bool rule_non_root_explicit_bad(const struct pss_container *c)
{
    return c->ctx.run_as_non_root == PSS_FALSE;
}

static inline bool rule_non_root_implicit_bad(const struct pss_facts *f,
                                              const struct pss_container *c)
{
    return c->ctx.run_as_non_root == PSS_UNSET && f->pod.run_as_non_root != PSS_TRUE;
}

static inline bool rule_root_user(const struct pss_context *x)
{
    return x->run_as_user_set && x->run_as_user == 0;
}

/* seccompProfile (restricted): a bad explicit type, or unset without a valid
 * pod-level profile. */
static inline bool rule_seccomp_implicit_bad(const struct pss_facts *f,
                                             const struct pss_container *c)
{
    return !c->ctx.seccomp_type && !rule_profile_ok(f->pod.seccomp_type);
}

/* Controls a pod is exempt from under this policy: Linux-only restricted
 * controls for Windows pods, and the user-namespace relaxations. */
static inline uint32_t rule_exempt(const struct pss_policy *p, const struct pss_facts *f)
{
    uint32_t m = 0;
    if (p->windows_exempt && f->windows)
        m |= PSS_BIT(PSS_ALLOW_PRIVILEGE_ESCALATION) | PSS_BIT(PSS_CAPABILITIES_RESTRICTED) |
             PSS_BIT(PSS_SECCOMP_RESTRICTED);
    if (p->userns_relaxed && f->host_users == PSS_FALSE)
        m |= PSS_BIT(PSS_RUN_AS_NON_ROOT) | PSS_BIT(PSS_RUN_AS_USER) | PSS_BIT(PSS_PROC_MOUNT);
    return m;
}

#endif
