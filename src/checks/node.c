/* node.c — catalog rows of ringwall's own node checks (family "node"),
 * evaluated by `ringwall node` (src/node/node_extra.c) next to the CIS
 * benchmark, whose rows (node/cis-*) are generated from data/node/. */
#include "catalog.h"

static const struct check NODE_CHECKS[] = {
    {
        .id = "node/cert-expired",
        .severity = SEV_CRITICAL,
        .title = "Certificate has expired",
        .why = "An expired certificate in /etc/kubernetes/pki or the kubelet's PKI breaks "
               "TLS between components; clusters then get patched in a hurry, often by "
               "turning verification off.",
        .fix = "Renew it (kubeadm certs renew, or let the kubelet rotate its own) and restart "
               "the components that use it.",
        .refs = {"NSA-CISA Kubernetes Hardening: PKI"},
    },
    {
        .id = "node/cert-expiring",
        .severity = SEV_MEDIUM,
        .title = "Certificate expires within 30 days",
        .why = "A certificate close to its end will stop the component that serves or "
               "presents it.",
        .fix = "Renew it before it expires (kubeadm certs renew; kubelet rotateCertificates).",
    },
    {
        .id = "node/weak-key",
        .severity = SEV_HIGH,
        .title = "Key or certificate uses a weak key",
        .why = "RSA keys under 2048 bits and elliptic curves under 256 bits can be broken, "
               "and DSA is no longer approved for signatures; whoever breaks the key "
               "impersonates the component or the CA.",
        .fix = "Re-issue the key pair with RSA 2048+ or ECDSA P-256+.",
        .refs = {"NIST SP 800-57"},
    },
    {
        .id = "node/kubelet-anonymous-auth",
        .severity = SEV_CRITICAL,
        .title = "Kubelet accepts anonymous requests",
        .why = "With anonymous authentication on, anyone who reaches port 10250 is "
               "system:anonymous to the kubelet API. Judged on the effective setting: the "
               "flag, else the config file, else the kubelet's default.",
        .fix = "Set authentication.anonymous.enabled: false in the kubelet config (or "
               "--anonymous-auth=false).",
        .refs = {"CIS Kubernetes 4.2.1"},
    },
    {
        .id = "node/kubelet-read-only-port",
        .severity = SEV_HIGH,
        .title = "Kubelet serves the unauthenticated read-only port",
        .why = "The read-only port (10255) answers without authentication: pod specs, "
               "environment and node details for anyone on the network.",
        .fix = "Set readOnlyPort: 0 (or --read-only-port=0).",
        .refs = {"CIS Kubernetes 4.2.4"},
    },
    {
        .id = "node/kubelet-authz-always-allow",
        .severity = SEV_CRITICAL,
        .title = "Kubelet authorizes every request",
        .why = "authorization.mode AlwaysAllow lets any authenticated client exec into pods "
               "and read their logs through the kubelet.",
        .fix = "Set authorization.mode: Webhook (or --authorization-mode=Webhook).",
        .refs = {"CIS Kubernetes 4.2.2"},
    },
    {
        .id = "node/kubelet-protect-kernel-defaults",
        .severity = SEV_LOW,
        .title = "Kubelet does not protect kernel defaults",
        .why = "Without protectKernelDefaults the kubelet silently changes kernel tunables "
               "it disagrees with, instead of refusing to start on a misconfigured host.",
        .fix = "Set protectKernelDefaults: true and set the sysctls the kubelet needs in the "
               "host's configuration.",
    },
    {
        .id = "node/kubelet-no-rotation",
        .severity = SEV_MEDIUM,
        .title = "Kubelet client certificate rotation is off",
        .why = "Without rotateCertificates the kubelet's client certificate expires and the "
               "node drops out of the cluster, or is renewed by hand with long lifetimes.",
        .fix = "Set rotateCertificates: true (and serverTLSBootstrap: true for the serving "
               "certificate).",
        .refs = {"CIS Kubernetes 4.2.10"},
    },
    {
        .id = "node/no-lsm",
        .severity = SEV_HIGH,
        .title = "No mandatory access control (AppArmor or SELinux) enforcing",
        .why = "Pods' AppArmor and SELinux settings mean nothing on a node whose kernel does "
               "not enforce a module; a container escape then meets no second wall.",
        .fix = "Enable AppArmor (Debian, Ubuntu, SUSE) or SELinux in enforcing mode (RHEL "
               "family) on the node.",
        .refs = {"NSA-CISA Kubernetes Hardening: Pod security"},
    },
    {
        .id = "node/no-seccomp",
        .severity = SEV_MEDIUM,
        .title = "Kernel has no seccomp filtering",
        .why = "RuntimeDefault seccomp profiles, and Pod Security restricted, need the "
               "kernel's seccomp filter support.",
        .fix = "Run a kernel built with CONFIG_SECCOMP_FILTER.",
    },
    {
        .id = "node/audit-logging",
        .severity = SEV_HIGH,
        .title = "API server audit logging is off or broken",
        .why = "Without an audit policy and a log (or webhook) the API server records no one's "
               "actions; a policy file that is missing or does not parse stops the API server.",
        .fix = "Give kube-apiserver --audit-policy-file (an audit.k8s.io Policy with rules) and "
               "--audit-log-path with --audit-log-maxage/maxbackup/maxsize.",
        .refs = {"CIS Kubernetes 1.2.16", "CIS Kubernetes 3.2.1"},
    },
    {
        .id = "node/encryption-at-rest",
        .severity = SEV_HIGH,
        .title = "Secrets are not encrypted at rest",
        .why = "Without an encryption provider config, or with identity first for secrets, "
               "every Secret sits in etcd (and its backups) in plain text.",
        .fix = "Give kube-apiserver --encryption-provider-config whose first provider for "
               "secrets is kms (v2), aescbc, aesgcm or secretbox; then rewrite existing Secrets.",
        .refs = {"CIS Kubernetes 1.2.27", "CIS Kubernetes 1.2.28"},
    },
};

const struct check_family FAMILY_NODE = {"node", NODE_CHECKS,
                                         sizeof NODE_CHECKS / sizeof *NODE_CHECKS, NULL};
