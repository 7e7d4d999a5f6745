/* evaluate.c — the fast verdict: which controls a pod violates (evaluate.h). */
#include "evaluate.h"

#include "rules.h"

static uint32_t evaluate_pod_level(const struct pss_policy *p, const struct pss_facts *f,
                                   uint32_t on)
{
    uint32_t bad = 0;
    if ((on & PSS_BIT(PSS_HOST_NAMESPACES)) && (f->host_network || f->host_pid || f->host_ipc))
        bad |= PSS_BIT(PSS_HOST_NAMESPACES);
    for (uint32_t i = 0; i < f->nvolumes; i++) {
        if (f->volumes[i].host_path)
            bad |= PSS_BIT(PSS_HOST_PATH_VOLUMES);
        if (f->volumes[i].type)
            bad |= PSS_BIT(PSS_RESTRICTED_VOLUMES);
    }
    if (on & PSS_BIT(PSS_SYSCTLS))
        for (uint32_t i = 0; i < f->nsysctls; i++)
            if (!rule_sysctl_safe(f->sysctls[i], p->sysctl_minor))
                bad |= PSS_BIT(PSS_SYSCTLS);
    const struct pss_context *pod = &f->pod;
    if (pod->host_process)
        bad |= PSS_BIT(PSS_WINDOWS_HOST_PROCESS);
    if (f->napparmor_annotations || rule_profile_bad(pod->apparmor_type))
        bad |= PSS_BIT(PSS_APPARMOR_PROFILE);
    if (p->seccomp_annotations ? f->nseccomp_annotations != 0
                               : rule_profile_bad(pod->seccomp_type))
        bad |= PSS_BIT(PSS_SECCOMP_BASELINE);
    if (rule_profile_bad(pod->seccomp_type))
        bad |= PSS_BIT(PSS_SECCOMP_RESTRICTED);
    if (rule_selinux_bad(p, &pod->selinux))
        bad |= PSS_BIT(PSS_SELINUX_OPTIONS);
    if (pod->run_as_non_root == PSS_FALSE)
        bad |= PSS_BIT(PSS_RUN_AS_NON_ROOT);
    if (rule_root_user(pod))
        bad |= PSS_BIT(PSS_RUN_AS_USER);
    return bad;
}

static uint32_t evaluate_container(const struct pss_policy *p, const struct pss_facts *f,
                                   const struct pss_container *c)
{
    uint32_t bad = 0;
    const struct pss_context *x = &c->ctx;
    if (c->privileged)
        bad |= PSS_BIT(PSS_PRIVILEGED);
    if (c->nhost_ports)
        bad |= PSS_BIT(PSS_HOST_PORTS);
    if (c->nprobe_hosts)
        bad |= PSS_BIT(PSS_HOST_PROBES_AND_LIFECYCLE);
    if (x->host_process)
        bad |= PSS_BIT(PSS_WINDOWS_HOST_PROCESS);
    if (rule_proc_mount_bad(c))
        bad |= PSS_BIT(PSS_PROC_MOUNT) | PSS_BIT(PSS_PROC_MOUNT_RESTRICTED);
    if (rule_profile_bad(x->apparmor_type))
        bad |= PSS_BIT(PSS_APPARMOR_PROFILE);
    if (rule_selinux_bad(p, &x->selinux))
        bad |= PSS_BIT(PSS_SELINUX_OPTIONS);
    if (rule_profile_bad(x->seccomp_type))
        bad |= PSS_BIT(PSS_SECCOMP_RESTRICTED) |
               (p->seccomp_annotations ? 0 : PSS_BIT(PSS_SECCOMP_BASELINE));
    else if (rule_seccomp_implicit_bad(f, c))
        bad |= PSS_BIT(PSS_SECCOMP_RESTRICTED);
    if (c->ncap_add && rule_caps_baseline_bad(c))
        bad |= PSS_BIT(PSS_CAPABILITIES_BASELINE);
    if (!c->drops_all || rule_caps_add_restricted_bad(c))
        bad |= PSS_BIT(PSS_CAPABILITIES_RESTRICTED);
    if (c->allow_escalation != PSS_FALSE)
        bad |= PSS_BIT(PSS_ALLOW_PRIVILEGE_ESCALATION);
    if (rule_non_root_explicit_bad(c) || rule_non_root_implicit_bad(f, c))
        bad |= PSS_BIT(PSS_RUN_AS_NON_ROOT);
    if (rule_root_user(x))
        bad |= PSS_BIT(PSS_RUN_AS_USER);
    return bad;
}

uint32_t pss_evaluate(const struct pss_policy *p, const struct pss_facts *f)
{
    uint32_t on = p->controls;
    if (!on)
        return 0;
    on &= ~rule_exempt(p, f);
    uint32_t bad = evaluate_pod_level(p, f, on);
    for (uint32_t i = 0; i < f->ncontainers; i++)
        bad |= evaluate_container(p, f, &f->containers[i]);
    return bad & on;
}
