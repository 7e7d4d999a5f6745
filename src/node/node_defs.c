/* node_defs.c — the CIS benchmark definitions (node_defs.h) and their catalog
 * rows, generated from data/node/ by data/node/gen_defs.py: edit those
 * files and run `make node-defs`. */
#include "node_defs.h"

#include "../checks/catalog.h"

static const struct check ROWS[] = {
    {.id = "node/cis-1.1.1", .severity = SEV_MEDIUM,
     .title = "kube-apiserver static Pod manifest: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.1 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.1"}},
    {.id = "node/cis-1.1.2", .severity = SEV_MEDIUM,
     .title = "kube-apiserver static Pod manifest: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.2 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.2"}},
    {.id = "node/cis-1.1.3", .severity = SEV_MEDIUM,
     .title = "kube-controller-manager static Pod manifest: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.3 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.3"}},
    {.id = "node/cis-1.1.4", .severity = SEV_MEDIUM,
     .title = "kube-controller-manager static Pod manifest: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.4 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.4"}},
    {.id = "node/cis-1.1.5", .severity = SEV_MEDIUM,
     .title = "kube-scheduler static Pod manifest: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.5 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.5"}},
    {.id = "node/cis-1.1.6", .severity = SEV_MEDIUM,
     .title = "kube-scheduler static Pod manifest: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.6 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.6"}},
    {.id = "node/cis-1.1.7", .severity = SEV_MEDIUM,
     .title = "etcd static Pod manifest: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.7 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.7"}},
    {.id = "node/cis-1.1.8", .severity = SEV_MEDIUM,
     .title = "etcd static Pod manifest: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.8 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.8"}},
    {.id = "node/cis-1.1.9", .severity = SEV_MEDIUM,
     .title = "CNI configuration files: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.9 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.9"}},
    {.id = "node/cis-1.1.10", .severity = SEV_MEDIUM,
     .title = "CNI configuration files: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.10 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.10"}},
    {.id = "node/cis-1.1.11", .severity = SEV_HIGH,
     .title = "etcd data directory: mode 700 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.11 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 700 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.11"}},
    {.id = "node/cis-1.1.12", .severity = SEV_MEDIUM,
     .title = "etcd data directory: owned by etcd:etcd",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.12 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown etcd:etcd on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.12"}},
    {.id = "node/cis-1.1.13", .severity = SEV_HIGH,
     .title = "Administrator kubeconfigs (admin.conf, super-admin.conf): mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.13 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.13"}},
    {.id = "node/cis-1.1.14", .severity = SEV_MEDIUM,
     .title = "Administrator kubeconfigs (admin.conf, super-admin.conf): owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.14 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.14"}},
    {.id = "node/cis-1.1.15", .severity = SEV_MEDIUM,
     .title = "kube-scheduler's kubeconfig: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.15 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.15"}},
    {.id = "node/cis-1.1.16", .severity = SEV_MEDIUM,
     .title = "kube-scheduler's kubeconfig: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.16 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.16"}},
    {.id = "node/cis-1.1.17", .severity = SEV_MEDIUM,
     .title = "kube-controller-manager's kubeconfig: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.17 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.17"}},
    {.id = "node/cis-1.1.18", .severity = SEV_MEDIUM,
     .title = "kube-controller-manager's kubeconfig: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.18 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.18"}},
    {.id = "node/cis-1.1.19", .severity = SEV_HIGH,
     .title = "Everything under /etc/kubernetes/pki: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.19 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.19"}},
    {.id = "node/cis-1.1.20", .severity = SEV_MEDIUM,
     .title = "Certificates in /etc/kubernetes/pki: mode 644 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.20 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "chmod 644 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.20"}},
    {.id = "node/cis-1.1.21", .severity = SEV_HIGH,
     .title = "Private keys in /etc/kubernetes/pki: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 1.1.21 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 1.1.21"}},
    {.id = "node/cis-1.2.1", .severity = SEV_CRITICAL,
     .title = "kube-apiserver: --anonymous-auth is false",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.1 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --anonymous-auth=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.1"}},
    {.id = "node/cis-1.2.2", .severity = SEV_HIGH,
     .title = "kube-apiserver: --token-auth-file is not set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.2 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), remove --token-auth-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.2"}},
    {.id = "node/cis-1.2.3", .severity = SEV_LOW,
     .title = "kube-apiserver: --enable-admission-plugins includes DenyServiceExternalIPs",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.3 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add DenyServiceExternalIPs to --enable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.3"}},
    {.id = "node/cis-1.2.4", .severity = SEV_HIGH,
     .title = "kube-apiserver: --kubelet-client-certificate is set and --kubelet-client-key is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.4 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --kubelet-client-certificate and give --kubelet-client-key; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.4"}},
    {.id = "node/cis-1.2.5", .severity = SEV_HIGH,
     .title = "kube-apiserver: --kubelet-certificate-authority is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.5 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --kubelet-certificate-authority; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.5"}},
    {.id = "node/cis-1.2.6", .severity = SEV_CRITICAL,
     .title = "kube-apiserver: --authorization-mode does not include AlwaysAllow",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.6 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), take AlwaysAllow out of --authorization-mode; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.6"}},
    {.id = "node/cis-1.2.7", .severity = SEV_HIGH,
     .title = "kube-apiserver: --authorization-mode includes Node",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.7 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add Node to --authorization-mode; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.7"}},
    {.id = "node/cis-1.2.8", .severity = SEV_HIGH,
     .title = "kube-apiserver: --authorization-mode includes RBAC",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.8 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add RBAC to --authorization-mode; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.8"}},
    {.id = "node/cis-1.2.9", .severity = SEV_LOW,
     .title = "kube-apiserver: --enable-admission-plugins includes EventRateLimit",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.9 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add EventRateLimit to --enable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.9"}},
    {.id = "node/cis-1.2.10", .severity = SEV_HIGH,
     .title = "kube-apiserver: --enable-admission-plugins does not include AlwaysAdmit, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.10 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), take AlwaysAdmit out of --enable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.10"}},
    {.id = "node/cis-1.2.11", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --enable-admission-plugins includes AlwaysPullImages",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.11 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add AlwaysPullImages to --enable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.11"}},
    {.id = "node/cis-1.2.12", .severity = SEV_HIGH,
     .title = "kube-apiserver: --disable-admission-plugins does not include ServiceAccount, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.12 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), take ServiceAccount out of --disable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.12"}},
    {.id = "node/cis-1.2.13", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --disable-admission-plugins does not include NamespaceLifecycle, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.13 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), take NamespaceLifecycle out of --disable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.13"}},
    {.id = "node/cis-1.2.14", .severity = SEV_HIGH,
     .title = "kube-apiserver: --enable-admission-plugins includes NodeRestriction",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.14 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), add NodeRestriction to --enable-admission-plugins; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.14"}},
    {.id = "node/cis-1.2.15", .severity = SEV_LOW,
     .title = "kube-apiserver: --profiling is false",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.15 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --profiling=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.15"}},
    {.id = "node/cis-1.2.16", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --audit-log-path is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.16 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --audit-log-path; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.16"}},
    {.id = "node/cis-1.2.17", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --audit-log-maxage is at least 30",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.17 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --audit-log-maxage to 30 or more; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.17"}},
    {.id = "node/cis-1.2.18", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --audit-log-maxbackup is at least 10",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.18 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --audit-log-maxbackup to 10 or more; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.18"}},
    {.id = "node/cis-1.2.19", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --audit-log-maxsize is at least 100",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.19 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --audit-log-maxsize to 100 or more; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.19"}},
    {.id = "node/cis-1.2.20", .severity = SEV_MEDIUM,
     .title = "Requests to the API server time out after a sensible --request-timeout",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.20 (level 1, manual review), target master. Run by `ringwall node`.",
     .fix = "Leave --request-timeout at its default (60s) unless large requests need longer; raise it only as far as they need.",
     .refs = {"CIS Kubernetes 1.2.20"}},
    {.id = "node/cis-1.2.21", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --service-account-lookup is true, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.21 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --service-account-lookup=true; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.21"}},
    {.id = "node/cis-1.2.22", .severity = SEV_HIGH,
     .title = "kube-apiserver: --service-account-key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.22 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --service-account-key-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.22"}},
    {.id = "node/cis-1.2.23", .severity = SEV_HIGH,
     .title = "kube-apiserver: --etcd-certfile is set and --etcd-keyfile is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.23 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --etcd-certfile and give --etcd-keyfile; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.23"}},
    {.id = "node/cis-1.2.24", .severity = SEV_HIGH,
     .title = "kube-apiserver: --tls-cert-file is set and --tls-private-key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.24 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --tls-cert-file and give --tls-private-key-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.24"}},
    {.id = "node/cis-1.2.25", .severity = SEV_HIGH,
     .title = "kube-apiserver: --client-ca-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.25 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --client-ca-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.25"}},
    {.id = "node/cis-1.2.26", .severity = SEV_HIGH,
     .title = "kube-apiserver: --etcd-cafile is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.26 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --etcd-cafile; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.26"}},
    {.id = "node/cis-1.2.27", .severity = SEV_HIGH,
     .title = "kube-apiserver: --encryption-provider-config is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.27 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --encryption-provider-config; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.27"}},
    {.id = "node/cis-1.2.28", .severity = SEV_HIGH,
     .title = "kube-apiserver: the first encryption provider for Secrets is aescbc, kms or secretbox",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.28 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In the file --encryption-provider-config names, list aescbc, secretbox or kms first for secrets (identity first stores them in plain text); restart kube-apiserver and rewrite existing Secrets.",
     .refs = {"CIS Kubernetes 1.2.28"}},
    {.id = "node/cis-1.2.29", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --tls-cipher-suites lists only strong cipher suites",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.29 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), restrict --tls-cipher-suites to TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.29"}},
    {.id = "node/cis-1.2.30", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --service-account-extend-token-expiration is false",
     .why = "CIS Kubernetes Benchmark recommendation 1.2.30 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), set --service-account-extend-token-expiration=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.2.30"}},
    {.id = "node/cis-1.3.1", .severity = SEV_LOW,
     .title = "kube-controller-manager: --terminated-pod-gc-threshold is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.1 (level 1, not scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), give --terminated-pod-gc-threshold; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.1"}},
    {.id = "node/cis-1.3.2", .severity = SEV_LOW,
     .title = "kube-controller-manager: --profiling is false",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.2 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), set --profiling=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.2"}},
    {.id = "node/cis-1.3.3", .severity = SEV_HIGH,
     .title = "kube-controller-manager: --use-service-account-credentials is not false",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.3 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), set --use-service-account-credentials to something other than false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.3"}},
    {.id = "node/cis-1.3.4", .severity = SEV_HIGH,
     .title = "kube-controller-manager: --service-account-private-key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.4 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), give --service-account-private-key-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.4"}},
    {.id = "node/cis-1.3.5", .severity = SEV_HIGH,
     .title = "kube-controller-manager: --root-ca-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.5 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), give --root-ca-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.5"}},
    {.id = "node/cis-1.3.6", .severity = SEV_MEDIUM,
     .title = "kube-controller-manager: --feature-gates does not include RotateKubeletServerCertificate=false, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.6 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), take RotateKubeletServerCertificate=false out of --feature-gates; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.6"}},
    {.id = "node/cis-1.3.7", .severity = SEV_LOW,
     .title = "kube-controller-manager: --bind-address is 127.0.0.1, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.3.7 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-controller-manager.yaml (or the unit that starts kube-controller-manager), set --bind-address=127.0.0.1; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.3.7"}},
    {.id = "node/cis-1.4.1", .severity = SEV_LOW,
     .title = "kube-scheduler: --profiling is false",
     .why = "CIS Kubernetes Benchmark recommendation 1.4.1 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-scheduler.yaml (or the unit that starts kube-scheduler), set --profiling=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.4.1"}},
    {.id = "node/cis-1.4.2", .severity = SEV_LOW,
     .title = "kube-scheduler: --bind-address is 127.0.0.1, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 1.4.2 (level 1, scored), target master. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-scheduler.yaml (or the unit that starts kube-scheduler), set --bind-address=127.0.0.1; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 1.4.2"}},
    {.id = "node/cis-2.1", .severity = SEV_HIGH,
     .title = "etcd: --cert-file is set and --key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 2.1 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), give --cert-file and give --key-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.1"}},
    {.id = "node/cis-2.2", .severity = SEV_HIGH,
     .title = "etcd: --client-cert-auth is true",
     .why = "CIS Kubernetes Benchmark recommendation 2.2 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), set --client-cert-auth=true; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.2"}},
    {.id = "node/cis-2.3", .severity = SEV_HIGH,
     .title = "etcd: --auto-tls is false, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 2.3 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), set --auto-tls=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.3"}},
    {.id = "node/cis-2.4", .severity = SEV_HIGH,
     .title = "etcd: --peer-cert-file is set and --peer-key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 2.4 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), give --peer-cert-file and give --peer-key-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.4"}},
    {.id = "node/cis-2.5", .severity = SEV_HIGH,
     .title = "etcd: --peer-client-cert-auth is true",
     .why = "CIS Kubernetes Benchmark recommendation 2.5 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), set --peer-client-cert-auth=true; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.5"}},
    {.id = "node/cis-2.6", .severity = SEV_HIGH,
     .title = "etcd: --peer-auto-tls is false, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 2.6 (level 1, scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), set --peer-auto-tls=false; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.6"}},
    {.id = "node/cis-2.7", .severity = SEV_MEDIUM,
     .title = "etcd: --trusted-ca-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 2.7 (level 2, not scored), target etcd. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/etcd.yaml (or the unit that starts etcd), give --trusted-ca-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 2.7"}},
    {.id = "node/cis-3.1.1", .severity = SEV_MEDIUM,
     .title = "People do not sign in with client certificates",
     .why = "CIS Kubernetes Benchmark recommendation 3.1.1 (level 1, manual review), target controlplane. Run by `ringwall node`.",
     .fix = "Client certificates cannot be revoked; give people OIDC or another token authenticator and keep certificates for components.",
     .refs = {"CIS Kubernetes 3.1.1"}},
    {.id = "node/cis-3.1.2", .severity = SEV_MEDIUM,
     .title = "People do not sign in with service account tokens",
     .why = "CIS Kubernetes Benchmark recommendation 3.1.2 (level 1, manual review), target controlplane. Run by `ringwall node`.",
     .fix = "Service account tokens are for workloads; give people an identity provider (OIDC).",
     .refs = {"CIS Kubernetes 3.1.2"}},
    {.id = "node/cis-3.1.3", .severity = SEV_MEDIUM,
     .title = "People do not sign in with bootstrap tokens",
     .why = "CIS Kubernetes Benchmark recommendation 3.1.3 (level 1, manual review), target controlplane. Run by `ringwall node`.",
     .fix = "Bootstrap tokens exist to join nodes; delete expired ones and never hand them to people.",
     .refs = {"CIS Kubernetes 3.1.3"}},
    {.id = "node/cis-3.2.1", .severity = SEV_MEDIUM,
     .title = "kube-apiserver: --audit-policy-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 3.2.1 (level 1, not scored), target controlplane. Run by `ringwall node`.",
     .fix = "In /etc/kubernetes/manifests/kube-apiserver.yaml (or the unit that starts kube-apiserver), give --audit-policy-file; the kubelet restarts the static Pod by itself.",
     .refs = {"CIS Kubernetes 3.2.1"}},
    {.id = "node/cis-3.2.2", .severity = SEV_MEDIUM,
     .title = "The audit policy records what matters for security",
     .why = "CIS Kubernetes Benchmark recommendation 3.2.2 (level 2, manual review), target controlplane. Run by `ringwall node`.",
     .fix = "Review the policy: at least Metadata for Secrets, ConfigMaps and TokenReviews, RequestResponse for RBAC and pods/exec changes.",
     .refs = {"CIS Kubernetes 3.2.2"}},
    {.id = "node/cis-4.1.1", .severity = SEV_MEDIUM,
     .title = "kubelet's systemd unit and drop-ins: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.1 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.1"}},
    {.id = "node/cis-4.1.2", .severity = SEV_MEDIUM,
     .title = "kubelet's systemd unit and drop-ins: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.2 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.2"}},
    {.id = "node/cis-4.1.3", .severity = SEV_MEDIUM,
     .title = "kube-proxy's kubeconfig: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.3 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.3"}},
    {.id = "node/cis-4.1.4", .severity = SEV_MEDIUM,
     .title = "kube-proxy's kubeconfig: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.4 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.4"}},
    {.id = "node/cis-4.1.5", .severity = SEV_HIGH,
     .title = "kubelet's kubeconfig: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.5 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.5"}},
    {.id = "node/cis-4.1.6", .severity = SEV_MEDIUM,
     .title = "kubelet's kubeconfig: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.6 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.6"}},
    {.id = "node/cis-4.1.7", .severity = SEV_MEDIUM,
     .title = "kubelet's client CA bundle: mode 644 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.7 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "chmod 644 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.7"}},
    {.id = "node/cis-4.1.8", .severity = SEV_MEDIUM,
     .title = "kubelet's client CA bundle: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.8 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.8"}},
    {.id = "node/cis-4.1.9", .severity = SEV_HIGH,
     .title = "kubelet's config file: mode 600 or stricter",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.9 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chmod 600 (or stricter) on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.9"}},
    {.id = "node/cis-4.1.10", .severity = SEV_MEDIUM,
     .title = "kubelet's config file: owned by root:root",
     .why = "CIS Kubernetes Benchmark recommendation 4.1.10 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "chown root:root on the path named in the evidence.",
     .refs = {"CIS Kubernetes 4.1.10"}},
    {.id = "node/cis-4.2.1", .severity = SEV_CRITICAL,
     .title = "kubelet: --anonymous-auth is false",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.1 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set authentication.anonymous.enabled accordingly, or set --anonymous-auth=false on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.1"}},
    {.id = "node/cis-4.2.2", .severity = SEV_CRITICAL,
     .title = "kubelet: --authorization-mode does not include AlwaysAllow",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.2 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set authorization.mode accordingly, or take AlwaysAllow out of --authorization-mode on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.2"}},
    {.id = "node/cis-4.2.3", .severity = SEV_HIGH,
     .title = "kubelet: --client-ca-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.3 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set authentication.x509.clientCAFile accordingly, or give --client-ca-file on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.3"}},
    {.id = "node/cis-4.2.4", .severity = SEV_HIGH,
     .title = "kubelet: --read-only-port is 0, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.4 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set readOnlyPort accordingly, or set --read-only-port=0 on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.4"}},
    {.id = "node/cis-4.2.5", .severity = SEV_MEDIUM,
     .title = "kubelet: --streaming-connection-idle-timeout is not 0, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.5 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set streamingConnectionIdleTimeout accordingly, or set --streaming-connection-idle-timeout to something other than 0 on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.5"}},
    {.id = "node/cis-4.2.6", .severity = SEV_LOW,
     .title = "kubelet: --make-iptables-util-chains is true, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.6 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set makeIPTablesUtilChains accordingly, or set --make-iptables-util-chains=true on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.6"}},
    {.id = "node/cis-4.2.7", .severity = SEV_LOW,
     .title = "kubelet: --hostname-override is not set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.7 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) remove --hostname-override on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.7"}},
    {.id = "node/cis-4.2.8", .severity = SEV_LOW,
     .title = "kubelet: --event-qps is at least 0, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.8 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set eventRecordQPS accordingly, or set --event-qps to 0 or more on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.8"}},
    {.id = "node/cis-4.2.9", .severity = SEV_MEDIUM,
     .title = "kubelet: --tls-cert-file is set and --tls-private-key-file is set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.9 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set tlsCertFile accordingly, or give --tls-cert-file and give --tls-private-key-file on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.9"}},
    {.id = "node/cis-4.2.10", .severity = SEV_MEDIUM,
     .title = "kubelet: --rotate-certificates is true, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.10 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set rotateCertificates accordingly, or set --rotate-certificates=true on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.10"}},
    {.id = "node/cis-4.2.11", .severity = SEV_MEDIUM,
     .title = "kubelet: feature gate RotateKubeletServerCertificate is not turned off",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.11 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set featureGates.RotateKubeletServerCertificate accordingly, or take false out of RotateKubeletServerCertificate on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.11"}},
    {.id = "node/cis-4.2.12", .severity = SEV_MEDIUM,
     .title = "kubelet: --tls-cipher-suites lists only strong cipher suites",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.12 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set tlsCipherSuites accordingly, or restrict --tls-cipher-suites to TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.12"}},
    {.id = "node/cis-4.2.13", .severity = SEV_LOW,
     .title = "kubelet: --pod-max-pids is set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.13 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set podPidsLimit accordingly, or give --pod-max-pids on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.13"}},
    {.id = "node/cis-4.2.14", .severity = SEV_MEDIUM,
     .title = "kubelet: --seccomp-default is set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.14 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set seccompDefault accordingly, or give --seccomp-default on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.14"}},
    {.id = "node/cis-4.3.1", .severity = SEV_MEDIUM,
     .title = "kube-proxy: --metrics-bind-address includes 127.0.0.1, or left unset",
     .why = "CIS Kubernetes Benchmark recommendation 4.3.1 (level 1, scored), target node. Run by `ringwall node`.",
     .fix = "In kube-proxy's configuration (its ConfigMap or --config file), add 127.0.0.1 to --metrics-bind-address; then restart kube-proxy.",
     .refs = {"CIS Kubernetes 4.3.1"}},
    {.id = "node/cis-4.2.15", .severity = SEV_LOW,
     .title = "kubelet: --IPAddressDeny is set",
     .why = "CIS Kubernetes Benchmark recommendation 4.2.15 (level 1, not scored), target node. Run by `ringwall node`.",
     .fix = "In the kubelet's config file (the one --config names) set IPAddressDeny accordingly, or give --IPAddressDeny on its command line (systemd drop-in or /var/lib/kubelet/kubeadm-flags.env); flags override the file. Restart the kubelet.",
     .refs = {"CIS Kubernetes 4.2.15"}},
};

const struct check_family FAMILY_NODE_CIS = {"node", ROWS, sizeof ROWS / sizeof *ROWS, NULL};

static const struct node_group GROUPS_0[] = {
    {"1.1", "Control-plane files: static Pod manifests, kubeconfigs, PKI"},
    {"1.2", "kube-apiserver settings"},
    {"1.3", "kube-controller-manager settings"},
    {"1.4", "kube-scheduler settings"},
    {"2", "etcd"},
    {"3.1", "How people authenticate"},
    {"3.2", "API audit logging"},
    {"4.1", "Worker node files"},
    {"4.2", "kubelet settings"},
    {"4.3", "kube-proxy settings"},
};
static const struct node_test T_0_21[] = {
    {"--anonymous-auth", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_22[] = {
    {"--token-auth-file", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_23[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "DenyServiceExternalIPs"},
};
static const struct node_test T_0_24[] = {
    {"--kubelet-client-certificate", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--kubelet-client-key", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_25[] = {
    {"--kubelet-certificate-authority", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_26[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_LACKS, "AlwaysAllow"},
};
static const struct node_test T_0_27[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_CONTAINS, "Node"},
};
static const struct node_test T_0_28[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_CONTAINS, "RBAC"},
};
static const struct node_test T_0_29[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "EventRateLimit"},
};
static const struct node_test T_0_30[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "AlwaysAdmit"},
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_31[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "AlwaysPullImages"},
};
static const struct node_test T_0_32[] = {
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "ServiceAccount"},
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_33[] = {
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "NamespaceLifecycle"},
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_34[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "NodeRestriction"},
};
static const struct node_test T_0_35[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_36[] = {
    {"--audit-log-path", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_37[] = {
    {"--audit-log-maxage", NULL, NULL, NULL, NODE_OP_AT_LEAST, "30"},
};
static const struct node_test T_0_38[] = {
    {"--audit-log-maxbackup", NULL, NULL, NULL, NODE_OP_AT_LEAST, "10"},
};
static const struct node_test T_0_39[] = {
    {"--audit-log-maxsize", NULL, NULL, NULL, NODE_OP_AT_LEAST, "100"},
};
static const struct node_test T_0_41[] = {
    {"--service-account-lookup", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--service-account-lookup", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_0_42[] = {
    {"--service-account-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_43[] = {
    {"--etcd-certfile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--etcd-keyfile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_44[] = {
    {"--tls-cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--tls-private-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_45[] = {
    {"--client-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_46[] = {
    {"--etcd-cafile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_47[] = {
    {"--encryption-provider-config", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_48[] = {
    {NULL, NULL, "encryption-provider", NULL, NODE_OP_ONLY_FROM, "aescbc,kms,secretbox"},
};
static const struct node_test T_0_49[] = {
    {"--tls-cipher-suites", NULL, NULL, NULL, NODE_OP_ONLY_FROM, "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};
static const struct node_test T_0_50[] = {
    {"--service-account-extend-token-expiration", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_51[] = {
    {"--terminated-pod-gc-threshold", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_52[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_53[] = {
    {"--use-service-account-credentials", NULL, NULL, NULL, NODE_OP_IS_NOT, "false"},
};
static const struct node_test T_0_54[] = {
    {"--service-account-private-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_55[] = {
    {"--root-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_56[] = {
    {"--feature-gates", NULL, NULL, NULL, NODE_OP_LACKS, "RotateKubeletServerCertificate=false"},
    {"--feature-gates", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_57[] = {
    {"--bind-address", NULL, NULL, NULL, NODE_OP_IS, "127.0.0.1"},
    {"--bind-address", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_58[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_59[] = {
    {"--bind-address", NULL, NULL, NULL, NODE_OP_IS, "127.0.0.1"},
    {"--bind-address", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_60[] = {
    {"--cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_61[] = {
    {"--client-cert-auth", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_0_62[] = {
    {"--auto-tls", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--auto-tls", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_63[] = {
    {"--peer-cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--peer-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_64[] = {
    {"--peer-client-cert-auth", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_0_65[] = {
    {"--peer-auto-tls", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--peer-auto-tls", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_0_66[] = {
    {"--trusted-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_70[] = {
    {"--audit-policy-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_82[] = {
    {"--anonymous-auth", NULL, NULL, "authentication.anonymous.enabled", NODE_OP_IS, "false"},
};
static const struct node_test T_0_83[] = {
    {"--authorization-mode", NULL, NULL, "authorization.mode", NODE_OP_LACKS, "AlwaysAllow"},
};
static const struct node_test T_0_84[] = {
    {"--client-ca-file", NULL, NULL, "authentication.x509.clientCAFile", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_85[] = {
    {"--read-only-port", NULL, NULL, "readOnlyPort", NODE_OP_IS, "0"},
    {"--read-only-port", NULL, NULL, "readOnlyPort", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_86[] = {
    {"--streaming-connection-idle-timeout", NULL, NULL, "streamingConnectionIdleTimeout", NODE_OP_IS_NOT, "0"},
    {"--streaming-connection-idle-timeout", NULL, NULL, "streamingConnectionIdleTimeout", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_87[] = {
    {"--make-iptables-util-chains", NULL, NULL, "makeIPTablesUtilChains", NODE_OP_IS, "true"},
    {"--make-iptables-util-chains", NULL, NULL, "makeIPTablesUtilChains", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_88[] = {
    {"--hostname-override", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_89[] = {
    {"--event-qps", NULL, NULL, "eventRecordQPS", NODE_OP_AT_LEAST, "0"},
    {"--event-qps", NULL, NULL, "eventRecordQPS", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_90[] = {
    {"--tls-cert-file", NULL, NULL, "tlsCertFile", NODE_OP_PRESENT, NULL},
    {"--tls-private-key-file", NULL, NULL, "tlsPrivateKeyFile", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_91[] = {
    {"--rotate-certificates", NULL, NULL, "rotateCertificates", NODE_OP_IS, "true"},
    {"--rotate-certificates", NULL, NULL, "rotateCertificates", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_92[] = {
    {NULL, "RotateKubeletServerCertificate", NULL, "featureGates.RotateKubeletServerCertificate", NODE_OP_LACKS, "false"},
    {NULL, "RotateKubeletServerCertificate", NULL, "featureGates.RotateKubeletServerCertificate", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_0_93[] = {
    {"--tls-cipher-suites", NULL, NULL, "tlsCipherSuites", NODE_OP_ONLY_FROM, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
};
static const struct node_test T_0_94[] = {
    {"--pod-max-pids", NULL, NULL, "podPidsLimit", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_95[] = {
    {"--seccomp-default", NULL, NULL, "seccompDefault", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_0_96[] = {
    {"--metrics-bind-address", NULL, NULL, "metricsBindAddress", NODE_OP_CONTAINS, "127.0.0.1"},
    {"--metrics-bind-address", NULL, NULL, "metricsBindAddress", NODE_OP_ABSENT, NULL},
};
static const struct node_def DEFS_0[] = {
    {"1.1.1", "1.1", NODE_TARGET_MASTER, NODE_NONE, "apiserver-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[0]},
    {"1.1.2", "1.1", NODE_TARGET_MASTER, NODE_NONE, "apiserver-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[1]},
    {"1.1.3", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[2]},
    {"1.1.4", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[3]},
    {"1.1.5", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[4]},
    {"1.1.6", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[5]},
    {"1.1.7", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[6]},
    {"1.1.8", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[7]},
    {"1.1.9", "1.1", NODE_TARGET_MASTER, NODE_NONE, "cni-files", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[8]},
    {"1.1.10", "1.1", NODE_TARGET_MASTER, NODE_NONE, "cni-files", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[9]},
    {"1.1.11", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-data-dir", 1, true, false, 448, NULL, false, NODE_ALL, NULL, 0, &ROWS[10]},
    {"1.1.12", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-data-dir", 1, true, false, -1, "etcd:etcd", false, NODE_ALL, NULL, 0, &ROWS[11]},
    {"1.1.13", "1.1", NODE_TARGET_MASTER, NODE_NONE, "admin-kubeconfigs", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[12]},
    {"1.1.14", "1.1", NODE_TARGET_MASTER, NODE_NONE, "admin-kubeconfigs", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[13]},
    {"1.1.15", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[14]},
    {"1.1.16", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[15]},
    {"1.1.17", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[16]},
    {"1.1.18", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[17]},
    {"1.1.19", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-files", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[18]},
    {"1.1.20", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-certificates", 1, false, false, 420, NULL, false, NODE_ALL, NULL, 0, &ROWS[19]},
    {"1.1.21", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-keys", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[20]},
    {"1.2.1", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_21, 1, &ROWS[21]},
    {"1.2.2", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_22, 1, &ROWS[22]},
    {"1.2.3", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_23, 1, &ROWS[23]},
    {"1.2.4", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_24, 2, &ROWS[24]},
    {"1.2.5", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_25, 1, &ROWS[25]},
    {"1.2.6", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_26, 1, &ROWS[26]},
    {"1.2.7", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_27, 1, &ROWS[27]},
    {"1.2.8", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_28, 1, &ROWS[28]},
    {"1.2.9", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_29, 1, &ROWS[29]},
    {"1.2.10", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_30, 2, &ROWS[30]},
    {"1.2.11", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_31, 1, &ROWS[31]},
    {"1.2.12", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_32, 2, &ROWS[32]},
    {"1.2.13", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_33, 2, &ROWS[33]},
    {"1.2.14", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_34, 1, &ROWS[34]},
    {"1.2.15", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_35, 1, &ROWS[35]},
    {"1.2.16", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_36, 1, &ROWS[36]},
    {"1.2.17", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_37, 1, &ROWS[37]},
    {"1.2.18", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_38, 1, &ROWS[38]},
    {"1.2.19", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_39, 1, &ROWS[39]},
    {"1.2.20", "1.2", NODE_TARGET_MASTER, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[40]},
    {"1.2.21", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_41, 2, &ROWS[41]},
    {"1.2.22", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_42, 1, &ROWS[42]},
    {"1.2.23", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_43, 2, &ROWS[43]},
    {"1.2.24", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_44, 2, &ROWS[44]},
    {"1.2.25", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_45, 1, &ROWS[45]},
    {"1.2.26", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_46, 1, &ROWS[46]},
    {"1.2.27", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_47, 1, &ROWS[47]},
    {"1.2.28", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_48, 1, &ROWS[48]},
    {"1.2.29", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_49, 1, &ROWS[49]},
    {"1.2.30", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_50, 1, &ROWS[50]},
    {"1.3.1", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_51, 1, &ROWS[51]},
    {"1.3.2", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_52, 1, &ROWS[52]},
    {"1.3.3", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_53, 1, &ROWS[53]},
    {"1.3.4", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_54, 1, &ROWS[54]},
    {"1.3.5", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_55, 1, &ROWS[55]},
    {"1.3.6", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_56, 2, &ROWS[56]},
    {"1.3.7", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_57, 2, &ROWS[57]},
    {"1.4.1", "1.4", NODE_TARGET_MASTER, NODE_SCHEDULER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_58, 1, &ROWS[58]},
    {"1.4.2", "1.4", NODE_TARGET_MASTER, NODE_SCHEDULER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_59, 2, &ROWS[59]},
    {"2.1", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_60, 2, &ROWS[60]},
    {"2.2", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_61, 1, &ROWS[61]},
    {"2.3", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_62, 2, &ROWS[62]},
    {"2.4", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_63, 2, &ROWS[63]},
    {"2.5", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_64, 1, &ROWS[64]},
    {"2.6", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_65, 2, &ROWS[65]},
    {"2.7", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 2, false, false, -1, NULL, false, NODE_ALL, T_0_66, 1, &ROWS[66]},
    {"3.1.1", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[67]},
    {"3.1.2", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[68]},
    {"3.1.3", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[69]},
    {"3.2.1", "3.2", NODE_TARGET_CONTROLPLANE, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_70, 1, &ROWS[70]},
    {"3.2.2", "3.2", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 2, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[71]},
    {"4.1.1", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-service", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[72]},
    {"4.1.2", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-service", 1, true, false, -1, "root:root", true, NODE_ALL, NULL, 0, &ROWS[73]},
    {"4.1.3", "4.1", NODE_TARGET_NODE, NODE_NONE, "proxy-kubeconfig", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[74]},
    {"4.1.4", "4.1", NODE_TARGET_NODE, NODE_NONE, "proxy-kubeconfig", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[75]},
    {"4.1.5", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[76]},
    {"4.1.6", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[77]},
    {"4.1.7", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-client-ca", 1, false, false, 420, NULL, false, NODE_ALL, NULL, 0, &ROWS[78]},
    {"4.1.8", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-client-ca", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[79]},
    {"4.1.9", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-config", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[80]},
    {"4.1.10", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-config", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[81]},
    {"4.2.1", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_82, 1, &ROWS[82]},
    {"4.2.2", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_83, 1, &ROWS[83]},
    {"4.2.3", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_0_84, 1, &ROWS[84]},
    {"4.2.4", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_0_85, 2, &ROWS[85]},
    {"4.2.5", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_0_86, 2, &ROWS[86]},
    {"4.2.6", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_87, 2, &ROWS[87]},
    {"4.2.7", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_88, 1, &ROWS[88]},
    {"4.2.8", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_0_89, 2, &ROWS[89]},
    {"4.2.9", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_90, 2, &ROWS[90]},
    {"4.2.10", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_91, 2, &ROWS[91]},
    {"4.2.11", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_0_92, 2, &ROWS[92]},
    {"4.2.12", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_93, 1, &ROWS[93]},
    {"4.2.13", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_94, 1, &ROWS[94]},
    {"4.2.14", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_0_95, 1, &ROWS[95]},
    {"4.3.1", "4.3", NODE_TARGET_NODE, NODE_PROXY, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_0_96, 2, &ROWS[96]},
};
static const struct node_group GROUPS_1[] = {
    {"1.1", "Control-plane files: static Pod manifests, kubeconfigs, PKI"},
    {"1.2", "kube-apiserver settings"},
    {"1.3", "kube-controller-manager settings"},
    {"1.4", "kube-scheduler settings"},
    {"2", "etcd"},
    {"3.1", "How people authenticate"},
    {"3.2", "API audit logging"},
    {"4.1", "Worker node files"},
    {"4.2", "kubelet settings"},
    {"4.3", "kube-proxy settings"},
};
static const struct node_test T_1_21[] = {
    {"--anonymous-auth", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_22[] = {
    {"--token-auth-file", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_23[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "DenyServiceExternalIPs"},
};
static const struct node_test T_1_24[] = {
    {"--kubelet-client-certificate", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--kubelet-client-key", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_25[] = {
    {"--kubelet-certificate-authority", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_26[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_LACKS, "AlwaysAllow"},
};
static const struct node_test T_1_27[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_CONTAINS, "Node"},
};
static const struct node_test T_1_28[] = {
    {"--authorization-mode", NULL, NULL, NULL, NODE_OP_CONTAINS, "RBAC"},
};
static const struct node_test T_1_29[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "EventRateLimit"},
};
static const struct node_test T_1_30[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "AlwaysAdmit"},
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_31[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "AlwaysPullImages"},
};
static const struct node_test T_1_32[] = {
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "ServiceAccount"},
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_33[] = {
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_LACKS, "NamespaceLifecycle"},
    {"--disable-admission-plugins", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_34[] = {
    {"--enable-admission-plugins", NULL, NULL, NULL, NODE_OP_CONTAINS, "NodeRestriction"},
};
static const struct node_test T_1_35[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_36[] = {
    {"--audit-log-path", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_37[] = {
    {"--audit-log-maxage", NULL, NULL, NULL, NODE_OP_AT_LEAST, "30"},
};
static const struct node_test T_1_38[] = {
    {"--audit-log-maxbackup", NULL, NULL, NULL, NODE_OP_AT_LEAST, "10"},
};
static const struct node_test T_1_39[] = {
    {"--audit-log-maxsize", NULL, NULL, NULL, NODE_OP_AT_LEAST, "100"},
};
static const struct node_test T_1_41[] = {
    {"--service-account-lookup", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--service-account-lookup", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_1_42[] = {
    {"--service-account-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_43[] = {
    {"--etcd-certfile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--etcd-keyfile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_44[] = {
    {"--tls-cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--tls-private-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_45[] = {
    {"--client-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_46[] = {
    {"--etcd-cafile", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_47[] = {
    {"--encryption-provider-config", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_48[] = {
    {NULL, NULL, "encryption-provider", NULL, NODE_OP_ONLY_FROM, "aescbc,kms,secretbox"},
};
static const struct node_test T_1_49[] = {
    {"--tls-cipher-suites", NULL, NULL, NULL, NODE_OP_ONLY_FROM, "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};
static const struct node_test T_1_50[] = {
    {"--service-account-extend-token-expiration", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_51[] = {
    {"--terminated-pod-gc-threshold", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_52[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_53[] = {
    {"--use-service-account-credentials", NULL, NULL, NULL, NODE_OP_IS_NOT, "false"},
};
static const struct node_test T_1_54[] = {
    {"--service-account-private-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_55[] = {
    {"--root-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_56[] = {
    {"--feature-gates", NULL, NULL, NULL, NODE_OP_LACKS, "RotateKubeletServerCertificate=false"},
    {"--feature-gates", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_57[] = {
    {"--bind-address", NULL, NULL, NULL, NODE_OP_IS, "127.0.0.1"},
    {"--bind-address", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_58[] = {
    {"--profiling", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_59[] = {
    {"--bind-address", NULL, NULL, NULL, NODE_OP_IS, "127.0.0.1"},
    {"--bind-address", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_60[] = {
    {"--cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_61[] = {
    {"--client-cert-auth", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_1_62[] = {
    {"--auto-tls", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--auto-tls", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_63[] = {
    {"--peer-cert-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
    {"--peer-key-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_64[] = {
    {"--peer-client-cert-auth", NULL, NULL, NULL, NODE_OP_IS, "true"},
};
static const struct node_test T_1_65[] = {
    {"--peer-auto-tls", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
    {"--peer-auto-tls", NULL, NULL, NULL, NODE_OP_IS, "false"},
};
static const struct node_test T_1_66[] = {
    {"--trusted-ca-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_70[] = {
    {"--audit-policy-file", NULL, NULL, NULL, NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_82[] = {
    {"--anonymous-auth", NULL, NULL, "authentication.anonymous.enabled", NODE_OP_IS, "false"},
};
static const struct node_test T_1_83[] = {
    {"--authorization-mode", NULL, NULL, "authorization.mode", NODE_OP_LACKS, "AlwaysAllow"},
};
static const struct node_test T_1_84[] = {
    {"--client-ca-file", NULL, NULL, "authentication.x509.clientCAFile", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_85[] = {
    {"--read-only-port", NULL, NULL, "readOnlyPort", NODE_OP_IS, "0"},
    {"--read-only-port", NULL, NULL, "readOnlyPort", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_86[] = {
    {"--streaming-connection-idle-timeout", NULL, NULL, "streamingConnectionIdleTimeout", NODE_OP_IS_NOT, "0"},
    {"--streaming-connection-idle-timeout", NULL, NULL, "streamingConnectionIdleTimeout", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_87[] = {
    {"--make-iptables-util-chains", NULL, NULL, "makeIPTablesUtilChains", NODE_OP_IS, "true"},
    {"--make-iptables-util-chains", NULL, NULL, "makeIPTablesUtilChains", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_88[] = {
    {"--hostname-override", NULL, NULL, NULL, NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_89[] = {
    {"--event-qps", NULL, NULL, "eventRecordQPS", NODE_OP_AT_LEAST, "0"},
    {"--event-qps", NULL, NULL, "eventRecordQPS", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_90[] = {
    {"--tls-cert-file", NULL, NULL, "tlsCertFile", NODE_OP_PRESENT, NULL},
    {"--tls-private-key-file", NULL, NULL, "tlsPrivateKeyFile", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_91[] = {
    {"--rotate-certificates", NULL, NULL, "rotateCertificates", NODE_OP_IS, "true"},
    {"--rotate-certificates", NULL, NULL, "rotateCertificates", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_92[] = {
    {NULL, "RotateKubeletServerCertificate", NULL, "featureGates.RotateKubeletServerCertificate", NODE_OP_LACKS, "false"},
    {NULL, "RotateKubeletServerCertificate", NULL, "featureGates.RotateKubeletServerCertificate", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_93[] = {
    {"--tls-cipher-suites", NULL, NULL, "tlsCipherSuites", NODE_OP_ONLY_FROM, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_256_GCM_SHA384,TLS_RSA_WITH_AES_128_GCM_SHA256"},
};
static const struct node_test T_1_94[] = {
    {"--pod-max-pids", NULL, NULL, "podPidsLimit", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_95[] = {
    {"--seccomp-default", NULL, NULL, "seccompDefault", NODE_OP_PRESENT, NULL},
};
static const struct node_test T_1_96[] = {
    {"--metrics-bind-address", NULL, NULL, "metricsBindAddress", NODE_OP_CONTAINS, "127.0.0.1"},
    {"--metrics-bind-address", NULL, NULL, "metricsBindAddress", NODE_OP_ABSENT, NULL},
};
static const struct node_test T_1_97[] = {
    {"--IPAddressDeny", NULL, NULL, "IPAddressDeny", NODE_OP_PRESENT, NULL},
};
static const struct node_def DEFS_1[] = {
    {"1.1.1", "1.1", NODE_TARGET_MASTER, NODE_NONE, "apiserver-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[0]},
    {"1.1.2", "1.1", NODE_TARGET_MASTER, NODE_NONE, "apiserver-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[1]},
    {"1.1.3", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[2]},
    {"1.1.4", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[3]},
    {"1.1.5", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[4]},
    {"1.1.6", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[5]},
    {"1.1.7", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-manifest", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[6]},
    {"1.1.8", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-manifest", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[7]},
    {"1.1.9", "1.1", NODE_TARGET_MASTER, NODE_NONE, "cni-files", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[8]},
    {"1.1.10", "1.1", NODE_TARGET_MASTER, NODE_NONE, "cni-files", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[9]},
    {"1.1.11", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-data-dir", 1, true, false, 448, NULL, false, NODE_ALL, NULL, 0, &ROWS[10]},
    {"1.1.12", "1.1", NODE_TARGET_MASTER, NODE_NONE, "etcd-data-dir", 1, true, false, -1, "etcd:etcd", false, NODE_ALL, NULL, 0, &ROWS[11]},
    {"1.1.13", "1.1", NODE_TARGET_MASTER, NODE_NONE, "admin-kubeconfigs", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[12]},
    {"1.1.14", "1.1", NODE_TARGET_MASTER, NODE_NONE, "admin-kubeconfigs", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[13]},
    {"1.1.15", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[14]},
    {"1.1.16", "1.1", NODE_TARGET_MASTER, NODE_NONE, "scheduler-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[15]},
    {"1.1.17", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[16]},
    {"1.1.18", "1.1", NODE_TARGET_MASTER, NODE_NONE, "controller-manager-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[17]},
    {"1.1.19", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-files", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[18]},
    {"1.1.20", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-certificates", 1, false, false, 420, NULL, false, NODE_ALL, NULL, 0, &ROWS[19]},
    {"1.1.21", "1.1", NODE_TARGET_MASTER, NODE_NONE, "pki-keys", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[20]},
    {"1.2.1", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_21, 1, &ROWS[21]},
    {"1.2.2", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_22, 1, &ROWS[22]},
    {"1.2.3", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_23, 1, &ROWS[23]},
    {"1.2.4", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_24, 2, &ROWS[24]},
    {"1.2.5", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_25, 1, &ROWS[25]},
    {"1.2.6", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_26, 1, &ROWS[26]},
    {"1.2.7", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_27, 1, &ROWS[27]},
    {"1.2.8", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_28, 1, &ROWS[28]},
    {"1.2.9", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_29, 1, &ROWS[29]},
    {"1.2.10", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_30, 2, &ROWS[30]},
    {"1.2.11", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_31, 1, &ROWS[31]},
    {"1.2.12", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_32, 2, &ROWS[32]},
    {"1.2.13", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_33, 2, &ROWS[33]},
    {"1.2.14", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_34, 1, &ROWS[34]},
    {"1.2.15", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_35, 1, &ROWS[35]},
    {"1.2.16", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_36, 1, &ROWS[36]},
    {"1.2.17", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_37, 1, &ROWS[37]},
    {"1.2.18", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_38, 1, &ROWS[38]},
    {"1.2.19", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_39, 1, &ROWS[39]},
    {"1.2.20", "1.2", NODE_TARGET_MASTER, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[40]},
    {"1.2.21", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_41, 2, &ROWS[41]},
    {"1.2.22", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_42, 1, &ROWS[42]},
    {"1.2.23", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_43, 2, &ROWS[43]},
    {"1.2.24", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_44, 2, &ROWS[44]},
    {"1.2.25", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_45, 1, &ROWS[45]},
    {"1.2.26", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_46, 1, &ROWS[46]},
    {"1.2.27", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_47, 1, &ROWS[47]},
    {"1.2.28", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_48, 1, &ROWS[48]},
    {"1.2.29", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_49, 1, &ROWS[49]},
    {"1.2.30", "1.2", NODE_TARGET_MASTER, NODE_APISERVER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_50, 1, &ROWS[50]},
    {"1.3.1", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_51, 1, &ROWS[51]},
    {"1.3.2", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_52, 1, &ROWS[52]},
    {"1.3.3", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_53, 1, &ROWS[53]},
    {"1.3.4", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_54, 1, &ROWS[54]},
    {"1.3.5", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_55, 1, &ROWS[55]},
    {"1.3.6", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_56, 2, &ROWS[56]},
    {"1.3.7", "1.3", NODE_TARGET_MASTER, NODE_CONTROLLER_MANAGER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_57, 2, &ROWS[57]},
    {"1.4.1", "1.4", NODE_TARGET_MASTER, NODE_SCHEDULER, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_58, 1, &ROWS[58]},
    {"1.4.2", "1.4", NODE_TARGET_MASTER, NODE_SCHEDULER, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_59, 2, &ROWS[59]},
    {"2.1", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_60, 2, &ROWS[60]},
    {"2.2", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_61, 1, &ROWS[61]},
    {"2.3", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_62, 2, &ROWS[62]},
    {"2.4", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_63, 2, &ROWS[63]},
    {"2.5", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_64, 1, &ROWS[64]},
    {"2.6", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_65, 2, &ROWS[65]},
    {"2.7", "2", NODE_TARGET_ETCD, NODE_ETCD, NULL, 2, false, false, -1, NULL, false, NODE_ALL, T_1_66, 1, &ROWS[66]},
    {"3.1.1", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[67]},
    {"3.1.2", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[68]},
    {"3.1.3", "3.1", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 1, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[69]},
    {"3.2.1", "3.2", NODE_TARGET_CONTROLPLANE, NODE_APISERVER, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_70, 1, &ROWS[70]},
    {"3.2.2", "3.2", NODE_TARGET_CONTROLPLANE, NODE_NONE, NULL, 2, false, true, -1, NULL, false, NODE_ALL, NULL, 0, &ROWS[71]},
    {"4.1.1", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-service", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[72]},
    {"4.1.2", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-service", 1, true, false, -1, "root:root", true, NODE_ALL, NULL, 0, &ROWS[73]},
    {"4.1.3", "4.1", NODE_TARGET_NODE, NODE_NONE, "proxy-kubeconfig", 1, false, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[74]},
    {"4.1.4", "4.1", NODE_TARGET_NODE, NODE_NONE, "proxy-kubeconfig", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[75]},
    {"4.1.5", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-kubeconfig", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[76]},
    {"4.1.6", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-kubeconfig", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[77]},
    {"4.1.7", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-client-ca", 1, false, false, 420, NULL, false, NODE_ALL, NULL, 0, &ROWS[78]},
    {"4.1.8", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-client-ca", 1, false, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[79]},
    {"4.1.9", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-config", 1, true, false, 384, NULL, false, NODE_ALL, NULL, 0, &ROWS[80]},
    {"4.1.10", "4.1", NODE_TARGET_NODE, NODE_NONE, "kubelet-config", 1, true, false, -1, "root:root", false, NODE_ALL, NULL, 0, &ROWS[81]},
    {"4.2.1", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_82, 1, &ROWS[82]},
    {"4.2.2", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_83, 1, &ROWS[83]},
    {"4.2.3", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ALL, T_1_84, 1, &ROWS[84]},
    {"4.2.4", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_1_85, 2, &ROWS[85]},
    {"4.2.5", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_1_86, 2, &ROWS[86]},
    {"4.2.6", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_87, 2, &ROWS[87]},
    {"4.2.7", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_88, 1, &ROWS[88]},
    {"4.2.8", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_1_89, 2, &ROWS[89]},
    {"4.2.9", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_90, 2, &ROWS[90]},
    {"4.2.10", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_91, 2, &ROWS[91]},
    {"4.2.11", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ANY, T_1_92, 2, &ROWS[92]},
    {"4.2.12", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_93, 1, &ROWS[93]},
    {"4.2.13", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_94, 1, &ROWS[94]},
    {"4.2.14", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_95, 1, &ROWS[95]},
    {"4.3.1", "4.3", NODE_TARGET_NODE, NODE_PROXY, NULL, 1, true, false, -1, NULL, false, NODE_ANY, T_1_96, 2, &ROWS[96]},
    {"4.2.15", "4.2", NODE_TARGET_NODE, NODE_KUBELET, NULL, 1, false, false, -1, NULL, false, NODE_ALL, T_1_97, 1, &ROWS[97]},
};

const struct node_benchmark NODE_BENCHMARKS[] = {
    {"cis-1.12", GROUPS_0, sizeof GROUPS_0 / sizeof *GROUPS_0, DEFS_0, sizeof DEFS_0 / sizeof *DEFS_0},
    {"cis-1.11", GROUPS_1, sizeof GROUPS_1 / sizeof *GROUPS_1, DEFS_1, sizeof DEFS_1 / sizeof *DEFS_1},
};

const size_t NODE_NBENCHMARKS = sizeof NODE_BENCHMARKS / sizeof *NODE_BENCHMARKS;
