/* at_rest.h — how a Secret is stored in etcd, read from its value alone:
 * plain (the API server's protobuf `k8s\0` envelope, or JSON) or encrypted
 * by an EncryptionConfiguration provider (`k8s:enc:<provider>:v1:<key>:`,
 * `k8s:enc:kms:v2:<config>:`). The identity provider writes values plain,
 * so they classify as plain. A summary gathers the values of every Secret
 * (live through the v3 API, or offline from a snapshot) and reports the
 * etcd/secret-* and etcd/encryption-* findings. Values are only looked at:
 * nothing here ever prints or keeps a secret's bytes past its prefix. */
#ifndef RINGWALL_ETCD_AT_REST_H
#define RINGWALL_ETCD_AT_REST_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"

enum at_rest_kind {
    AT_REST_UNKNOWN,         /* neither plain nor a provider's prefix */
    AT_REST_PLAIN_PROTOBUF,  /* `k8s\0` + protobuf (identity provider, or none) */
    AT_REST_PLAIN_JSON,      /* a JSON object (identity provider, or none) */
    AT_REST_ENCRYPTED,       /* `k8s:enc:...`: provider and key name in the provider */
};

enum { AT_REST_NAME_MAX = 64, AT_REST_KEY_MAX = 256 };

struct at_rest_provider {
    char name[AT_REST_NAME_MAX];     /* aescbc, aesgcm, secretbox, kms (or another name) */
    unsigned version;                /* the vN of the prefix: kms is 1 or 2, others 1 */
    char key_name[AT_REST_KEY_MAX];  /* the key's (kms: the configuration's) name */
};

/* How the value v of n bytes is stored. For AT_REST_ENCRYPTED fills *out
 * (when out is not NULL); a prefix naming a provider this file does not know
 * still counts as encrypted (its name is kept). */
enum at_rest_kind classify_secret_value(const unsigned char *v, size_t n,
                                        struct at_rest_provider *out);

/* "plain protobuf", "plain JSON", "encrypted", "unrecognized". */
const char *at_rest_kind_name(enum at_rest_kind k);

/* Whether the provider name is one of Kubernetes' (aescbc, aesgcm,
 * secretbox, kms). */
bool at_rest_provider_known(const char *name);

struct at_rest_secret;   /* one Secret stored plain or unrecognized */
struct at_rest_key_use;  /* one provider + key name, with its count */

struct at_rest_summary {
    const char *source;  /* shown as each finding's file (snapshot path or endpoint), or NULL */
    size_t secrets;      /* Secrets seen */
    size_t plain, encrypted, unknown;
    size_t bad_keys;     /* keys not of the form /registry/secrets/NS/NAME (skipped) */
    struct at_rest_secret *flagged; /* plain or unrecognized Secrets, in order seen */
    struct at_rest_secret *flagged_tail;
    struct at_rest_key_use *uses;   /* providers and keys, in order of first use */
    struct arena arena;
};

/* source may be NULL; it is borrowed, not copied. */
void at_rest_summary_init(struct at_rest_summary *s, const char *source);
void at_rest_summary_free(struct at_rest_summary *s);

/* Adds the Secret whose etcd key is etcd_key (`/registry/secrets/NS/NAME`,
 * any prefix before /registry/ is allowed, as with --etcd-prefix) and whose
 * stored value is value[0..n). Returns false, having counted it in bad_keys,
 * when the key is not a Secret's. */
bool at_rest_summary_add(struct at_rest_summary *s, const char *etcd_key,
                         const unsigned char *value, size_t n);

struct report_ctx;
/* Reports the findings: etcd/secret-plain for each plain Secret (namespace
 * and name set), etcd/secret-unrecognized for values of neither form,
 * etcd/encryption-providers (what is in use, with counts), and
 * etcd/encryption-off, etcd/encryption-identity-first, etcd/encryption-aescbc,
 * etcd/encryption-kms-v1 where they apply. Honours the configuration in
 * r->cfg (enabled checks, severities, exemptions). */
void at_rest_summary_report(const struct at_rest_summary *s, struct report_ctx *r);

#endif
