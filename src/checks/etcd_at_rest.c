/* etcd_at_rest.c — catalog rows of the secrets-at-rest findings (family
 * "etcd", with etcd_snapshot.c). They are reported by src/etcd/at_rest.c
 * over the values of /registry/secrets/, read from a live etcd (`etcd
 * check`) or a snapshot (`etcd inspect`), not over manifests: the rows have
 * no check function. */
#include "catalog.h"

static const char REF_K8S_ENCRYPT[] =
    "Kubernetes: Encrypting Confidential Data at Rest";

static const struct check ETCD_AT_REST_CHECKS[] = {
    {
        .id = "etcd/secret-plain",
        .severity = SEV_HIGH,
        .title = "Secret stored in etcd unencrypted",
        .why = "The Secret's value in etcd is the API server's plain serialization (protobuf "
               "`k8s\\0` or JSON): anyone who reads etcd, its data directory or a snapshot "
               "reads the Secret.",
        .fix = "Configure an EncryptionConfiguration with aesgcm, secretbox or KMS v2 before "
               "identity, then rewrite every Secret (kubectl get secrets -A -o json | kubectl "
               "replace -f -).",
        .refs = {"CIS 1.2.27", "CIS 1.2.28", REF_K8S_ENCRYPT, "MITRE ATT&CK T1552.007"},
    },
    {
        .id = "etcd/secret-unrecognized",
        .severity = SEV_LOW,
        .title = "Secret stored in an unrecognized form",
        .why = "The value is neither the API server's plain serialization nor a `k8s:enc:` "
               "provider prefix: the key may not have been written by an API server, or the "
               "value is damaged.",
        .fix = "Check what wrote the key; read the Secret through the API server.",
        .refs = {REF_K8S_ENCRYPT},
    },
    {
        .id = "etcd/encryption-providers",
        .severity = SEV_INFO,
        .title = "Encryption at rest: providers and keys in use",
        .why = "Which providers and key names the stored Secrets were written with, and how "
               "many of each: a key that should have been rotated out still in use shows "
               "here.",
        .fix = "Nothing to fix; after a key rotation, rewrite all Secrets so the old key "
               "disappears from this list.",
        .refs = {REF_K8S_ENCRYPT},
    },
    {
        .id = "etcd/encryption-off",
        .severity = SEV_HIGH,
        .title = "No Secret is encrypted at rest",
        .why = "Every Secret is stored plain: the API server runs without "
               "--encryption-provider-config, or with identity as its only provider.",
        .fix = "Write an EncryptionConfiguration for secrets (aesgcm, secretbox or KMS v2 "
               "first), pass it with --encryption-provider-config, then rewrite all Secrets.",
        .refs = {"CIS 1.2.27", "CIS 1.2.28", REF_K8S_ENCRYPT},
        .aliases = {"C-0066"},
    },
    {
        .id = "etcd/encryption-identity-first",
        .severity = SEV_HIGH,
        .title = "Secrets stored plain next to encrypted ones",
        .why = "Some Secrets are encrypted and others are not: identity comes first in the "
               "provider list (new writes are plain), or Secrets written before encryption "
               "was turned on were never rewritten.",
        .fix = "Put an encrypting provider first in the EncryptionConfiguration, identity "
               "last if at all, and rewrite all Secrets.",
        .refs = {"CIS 1.2.28", REF_K8S_ENCRYPT},
    },
    {
        .id = "etcd/encryption-aescbc",
        .severity = SEV_MEDIUM,
        .title = "Secrets encrypted with aescbc",
        .why = "aescbc (AES-CBC with PKCS#7 padding) is open to padding-oracle attacks and is "
               "no longer recommended by Kubernetes.",
        .fix = "Move to KMS v2 (or aesgcm with key rotation, or secretbox): add the new "
               "provider first, restart the API servers, rewrite all Secrets.",
        .refs = {REF_K8S_ENCRYPT},
    },
    {
        .id = "etcd/encryption-kms-v1",
        .severity = SEV_MEDIUM,
        .title = "Secrets encrypted with KMS v1",
        .why = "KMS v1 is deprecated since Kubernetes 1.28 and off by default from 1.29; it "
               "calls the KMS for every read, and clusters that upgrade may lose access to "
               "these values.",
        .fix = "Migrate to KMS v2: add a v2 provider first, then rewrite all Secrets.",
        .refs = {REF_K8S_ENCRYPT},
    },
};

const struct check_family FAMILY_ETCD_AT_REST = {
    .name = "etcd",
    .checks = ETCD_AT_REST_CHECKS,
    .nchecks = sizeof ETCD_AT_REST_CHECKS / sizeof *ETCD_AT_REST_CHECKS,
};
