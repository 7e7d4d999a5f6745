/* etcd_endpoint.c — catalog rows of the findings `ringwall etcd check` makes
 * about a running etcd's transport and access (family "etcd", as the rows
 * of etcd_at_rest.c and etcd_snapshot.c), reported by src/etcd/live_check.c,
 * not over manifests: the rows have no check function. */
#include "catalog.h"

static const char REF_ETCD_SECURITY[] = "etcd: Transport security model";

static const struct check ETCD_ENDPOINT_CHECKS[] = {
    {
        .id = "etcd/client-plaintext",
        .severity = SEV_CRITICAL,
        .title = "etcd serves clients over plain HTTP",
        .why = "Everything the cluster stores, Secrets and tokens included, crosses the "
               "network in the clear, and anyone who reaches the port can read and write it "
               "unless RBAC auth is on.",
        .fix = "Listen on https:// only (--listen-client-urls), with --cert-file, --key-file, "
               "--client-cert-auth and --trusted-ca-file.",
        .refs = {"CIS 2.1", REF_ETCD_SECURITY, "MITRE ATT&CK T1552.007"},
    },
    {
        .id = "etcd/client-cert-auth-off",
        .severity = SEV_HIGH,
        .title = "etcd accepts TLS clients without a certificate",
        .why = "Without --client-cert-auth the TLS port serves any client: the certificate "
               "was the API server's only proof of identity, so anyone who reaches the port "
               "reads and writes every key unless RBAC auth is on.",
        .fix = "Run etcd with --client-cert-auth=true and --trusted-ca-file set to the CA "
               "that signs the API server's etcd client certificate.",
        .refs = {"CIS 2.2", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/peer-plaintext",
        .severity = SEV_HIGH,
        .title = "etcd peers replicate over plain HTTP",
        .why = "Every write crosses the network unencrypted between members, and anyone who "
               "reaches the peer port can pose as a member.",
        .fix = "Use https:// peer URLs with --peer-cert-file, --peer-key-file, "
               "--peer-trusted-ca-file and --peer-client-cert-auth.",
        .refs = {"CIS 2.4", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/peer-cert-auth-off",
        .severity = SEV_HIGH,
        .title = "etcd peer port accepts connections without a certificate",
        .why = "Without --peer-client-cert-auth any host that reaches the peer port talks to "
               "the member as if it were one.",
        .fix = "Run etcd with --peer-client-cert-auth=true and --peer-trusted-ca-file.",
        .refs = {"CIS 2.5", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/tls-legacy-version",
        .severity = SEV_MEDIUM,
        .title = "etcd accepts TLS 1.0 or 1.1",
        .why = "TLS 1.0 and 1.1 are deprecated (RFC 8996): their constructions are weak and "
               "a downgrade exposes the traffic.",
        .fix = "etcd 3.5 and later: --tls-min-version=TLS1.2 (or TLS1.3). etcd 3.4: list only "
               "TLS 1.2 AEAD suites in --cipher-suites, which rules out older versions.",
        .refs = {"RFC 8996", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/tls-weak-cipher",
        .severity = SEV_MEDIUM,
        .title = "etcd agrees to weak TLS cipher suites",
        .why = "Suites without forward secrecy (RSA key exchange), with 3DES or RC4, or CBC "
               "with SHA-1 make recorded traffic readable later or are open to known attacks.",
        .fix = "Set --cipher-suites to ECDHE suites with AES-GCM or ChaCha20-Poly1305 only.",
        .refs = {"CIS 2.1", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/cert-self-signed",
        .severity = SEV_MEDIUM,
        .title = "etcd presents a self-signed certificate",
        .why = "A self-signed certificate (what --auto-tls and --peer-auto-tls generate) "
               "cannot be verified by clients, so they skip verification and a "
               "man-in-the-middle goes unnoticed.",
        .fix = "Issue etcd's certificates from a CA the clients trust (kubeadm's etcd CA); "
               "turn off --auto-tls and --peer-auto-tls.",
        .refs = {"CIS 2.3", "CIS 2.6", REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/cert-expiry",
        .severity = SEV_MEDIUM,
        .title = "etcd's certificate has expired or expires soon",
        .why = "When the server certificate expires, clients (the API servers) can no longer "
               "connect and the control plane stops. Reported high once expired, medium "
               "within 30 days.",
        .fix = "Renew the certificate (kubeadm certs renew etcd-server) and restart etcd.",
        .refs = {REF_ETCD_SECURITY},
    },
    {
        .id = "etcd/cert-weak-key",
        .severity = SEV_MEDIUM,
        .title = "etcd's certificate has a weak key",
        .why = "RSA keys under 2048 bits, EC keys under 256 bits and DSA keys are below "
               "current minimums (NIST SP 800-57).",
        .fix = "Reissue the certificate with an RSA 2048+ or ECDSA P-256+ key.",
        .refs = {"NIST SP 800-57"},
    },
    {
        .id = "etcd/auth-off",
        .severity = SEV_MEDIUM,
        .title = "etcd RBAC authentication is off",
        .why = "With auth off, every client the transport admits has full access to every "
               "key: any certificate the client CA ever signed (a kubelet's, an old admin's) "
               "reads all Secrets. Kubernetes clusters usually rely on client certificates "
               "alone; this finding says so.",
        .fix = "Issue etcd client certificates from a CA used for nothing else; or enable "
               "RBAC (etcdctl user add root; etcdctl auth enable) with the API server's "
               "certificate CN as a user.",
        .refs = {REF_ETCD_SECURITY, "etcd: Role-based access control"},
    },
    {
        .id = "etcd/anonymous-read",
        .severity = SEV_CRITICAL,
        .title = "etcd keys readable without any credential",
        .why = "A client with neither a certificate nor a user read keys: anyone who reaches "
               "the port owns the cluster (Secrets, service account tokens, every object).",
        .fix = "Require client certificates (--client-cert-auth) on https:// client URLs, "
               "and firewall the client port to the API servers.",
        .refs = {"CIS 2.1", "CIS 2.2", "MITRE ATT&CK T1552.007"},
    },
};

const struct check_family FAMILY_ETCD_ENDPOINT = {
    .name = "etcd",
    .checks = ETCD_ENDPOINT_CHECKS,
    .nchecks = sizeof ETCD_ENDPOINT_CHECKS / sizeof *ETCD_ENDPOINT_CHECKS,
};
