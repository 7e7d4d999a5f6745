/* pss.c — Pod Security Standards as scan findings (family "pss"): one check
 * per control, pss/<control id>, reporting what the API server's Pod Security
 * Admission would reject at the level and version given by `scan --pss`, once
 * per violating container (or once per pod for pod-level settings). Without
 * --pss these checks report nothing. */
#include <string.h>

#include "../pss/evaluate.h"
#include "check.h"
#include "config.h"

static void report_violation(struct report_ctx *r, const struct pss_policy *policy,
                             const struct pss_facts *facts, uint32_t bit, const struct node *at,
                             const char *container, const char *path)
{
    struct pss_violation v[PSS_NCONTROLS];
    size_t n = pss_describe(policy, facts, bit, r->scratch, v);
    report(r, at, container, path, "%s", pss_message(policy, v, n, r->scratch));
}

/* One finding per problem: once for the pod when its own settings violate
 * the control (the message then names every container concerned too), else
 * once per violating container, at that container. */
static void pss_control(const struct pod_view *pod, struct report_ctx *r)
{
    enum pss_level level;
    struct pss_version version;
    if (!r->cfg || !r->cfg->pss || !pss_spec_parse(r->cfg->pss, &level, &version))
        return;
    int control = pss_control_find(r->check->id + strlen("pss/"));
    struct pss_policy policy;
    pss_policy_init(&policy, level, version);
    if (control < 0 || !(policy.controls & PSS_BIT(control)))
        return;
    uint32_t bit = PSS_BIT(control);
    struct pss_facts facts;
    pss_facts_extract(&facts, pod, r->scratch, false);
    if (!(pss_evaluate(&policy, &facts) & bit))
        return;
    struct pss_facts one = facts;
    one.ncontainers = 0;
    if (pss_evaluate(&policy, &one) & bit) {
        report_violation(r, &policy, &facts, bit, pod->spec, NULL, pod->spec_path);
        return;
    }
    one.ncontainers = 1;
    for (uint32_t i = 0; i < facts.ncontainers && i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        one.containers = &facts.containers[i];
        if (pss_evaluate(&policy, &one) & bit)
            report_violation(r, &policy, &one, bit, c->node, c->name, c->path);
    }
}

#define PSS_ROW(control, sev, title_, why_, fix_, ref)                                        \
    {                                                                                         \
        .id = "pss/" control, .severity = sev, .title = title_, .why = why_, .fix = fix_,     \
        .refs = {"PSS " ref}, .pod = pss_control,                                             \
    }

static const struct check PSS_CHECKS[] = {
    PSS_ROW("appArmorProfile", SEV_HIGH, "AppArmor profile unconfined",
            "An unconfined AppArmor profile removes the default confinement of the container.",
            "Use RuntimeDefault or a Localhost profile.", "baseline: AppArmor"),
    PSS_ROW("capabilities_baseline", SEV_HIGH, "Non-default capabilities added",
            "Capabilities beyond the runtime's default set widen what a compromised process "
            "can do to the node.",
            "Add only capabilities from the default set (or none).", "baseline: Capabilities"),
    PSS_ROW("hostNamespaces", SEV_HIGH, "Host namespaces shared",
            "Sharing the host's network, PID or IPC namespace removes pod isolation.",
            "Remove hostNetwork, hostPID and hostIPC.", "baseline: Host Namespaces"),
    PSS_ROW("hostPathVolumes", SEV_HIGH, "hostPath volume",
            "A hostPath volume exposes the node's filesystem to the pod.",
            "Use another volume type.", "baseline: HostPath Volumes"),
    PSS_ROW("hostPorts", SEV_HIGH, "Host port",
            "A host port binds the node's network interface and bypasses network policy.",
            "Remove hostPort; expose the pod through a Service.", "baseline: Host Ports"),
    PSS_ROW("hostProbesAndHostLifecycle", SEV_HIGH, "Probe or lifecycle host set",
            "A host in a probe or lifecycle handler makes the kubelet connect to an arbitrary "
            "address on the pod's behalf.",
            "Remove the host field of httpGet and tcpSocket handlers.",
            "baseline: Probes and lifecycle hooks"),
    PSS_ROW("privileged", SEV_HIGH, "Privileged container",
            "A privileged container has every capability and every host device.",
            "Remove securityContext.privileged.", "baseline: Privileged Containers"),
    PSS_ROW("procMount", SEV_HIGH, "Unmasked /proc",
            "Without the default /proc masks a container sees kernel interfaces it should not.",
            "Remove procMount or set it to Default.", "baseline: /proc Mount Type"),
    PSS_ROW("seLinuxOptions", SEV_HIGH, "Custom SELinux options",
            "A custom SELinux type, user or role can lift the container's confinement.",
            "Use an allowed type and no user or role.", "baseline: SELinux"),
    PSS_ROW("seccompProfile_baseline", SEV_HIGH, "Seccomp unconfined",
            "An unconfined seccomp profile lets the container make any system call.",
            "Use RuntimeDefault or a Localhost profile.", "baseline: Seccomp"),
    PSS_ROW("sysctls", SEV_HIGH, "Unsafe sysctl",
            "Sysctls outside the safe set can affect the node or other pods.",
            "Set only the safe, namespaced sysctls.", "baseline: Sysctls"),
    PSS_ROW("windowsHostProcess", SEV_HIGH, "Windows HostProcess container",
            "A HostProcess container runs directly on the Windows node with host privileges.",
            "Remove windowsOptions.hostProcess.", "baseline: HostProcess"),
    PSS_ROW("allowPrivilegeEscalation", SEV_MEDIUM, "Privilege escalation allowed",
            "Unless disallowed, setuid binaries and file capabilities can raise privileges.",
            "Set allowPrivilegeEscalation: false.", "restricted: Privilege Escalation"),
    PSS_ROW("capabilities_restricted", SEV_MEDIUM, "Capabilities not dropped",
            "The restricted level requires dropping ALL capabilities.",
            "Set capabilities.drop: [ALL]; add at most NET_BIND_SERVICE.",
            "restricted: Capabilities"),
    PSS_ROW("procMount_restricted", SEV_MEDIUM, "Unmasked /proc in a user namespace",
            "The restricted level requires the default /proc masks even in a user namespace.",
            "Remove procMount or set it to Default.", "restricted: /proc Mount Type"),
    PSS_ROW("restrictedVolumes", SEV_MEDIUM, "Restricted volume type",
            "The restricted level allows only ephemeral, projected and claim-backed volumes.",
            "Use configMap, secret, emptyDir, projected, downwardAPI, csi, ephemeral, image or "
            "a persistentVolumeClaim.", "restricted: Volume Types"),
    PSS_ROW("runAsNonRoot", SEV_MEDIUM, "runAsNonRoot not required",
            "Without runAsNonRoot: true an image may run as root.",
            "Set runAsNonRoot: true in the pod or every container.",
            "restricted: Running as Non-root"),
    PSS_ROW("runAsUser", SEV_MEDIUM, "runAsUser 0",
            "runAsUser: 0 runs the container as root.", "Set a non-zero runAsUser.",
            "restricted: Running as Non-root user"),
    PSS_ROW("seccompProfile_restricted", SEV_MEDIUM, "Seccomp profile not set",
            "The restricted level requires a RuntimeDefault or Localhost seccomp profile.",
            "Set seccompProfile.type: RuntimeDefault on the pod.", "restricted: Seccomp"),
};

const struct check_family FAMILY_PSS = {
    .name = "pss",
    .checks = PSS_CHECKS,
    .nchecks = sizeof PSS_CHECKS / sizeof *PSS_CHECKS,
};
