/* at_rest.c — classifying stored Secret values and reporting what the
 * classification says about encryption at rest (at_rest.h). The prefixes are
 * those the API server's envelope transformers write: `k8s:enc:` + provider
 * + `:v` + version + `:` + key name + `:`, then the ciphertext. */
#include "at_rest.h"

#include <stdio.h>
#include <string.h>

#include "../checks/check.h"

static const char ENC_PREFIX[] = "k8s:enc:";
static const unsigned char PROTOBUF_MAGIC[4] = {'k', '8', 's', 0};

static const char *const KNOWN_PROVIDERS[] = {"aescbc", "aesgcm", "secretbox", "kms"};

bool at_rest_provider_known(const char *name)
{
    for (size_t i = 0; i < sizeof KNOWN_PROVIDERS / sizeof *KNOWN_PROVIDERS; i++)
        if (strcmp(name, KNOWN_PROVIDERS[i]) == 0)
            return true;
    return false;
}

const char *at_rest_kind_name(enum at_rest_kind k)
{
    switch (k) {
    case AT_REST_PLAIN_PROTOBUF: return "plain protobuf";
    case AT_REST_PLAIN_JSON: return "plain JSON";
    case AT_REST_ENCRYPTED: return "encrypted";
    case AT_REST_UNKNOWN: break;
    }
    return "unrecognized";
}

/* Length of the field at v[0..n) up to the next ':' (not included), or -1
 * when there is none within max bytes or the field is empty. */
static long field_len(const unsigned char *v, size_t n, size_t max)
{
    for (size_t i = 0; i < n && i <= max; i++)
        if (v[i] == ':')
            return i > 0 && i <= max ? (long)i : -1;
    return -1;
}

static bool provider_name_ok(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '-' ||
              p[i] == '_'))
            return false;
    return true;
}

static bool key_name_ok(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x21 || p[i] > 0x7e)
            return false;
    return true;
}

/* k8s:enc:<provider>:v<N>:<key>: — fills out; false when v is not of that form. */
static bool parse_encrypted(const unsigned char *v, size_t n, struct at_rest_provider *out)
{
    size_t at = sizeof ENC_PREFIX - 1;
    long plen = field_len(v + at, n - at, AT_REST_NAME_MAX - 1);
    if (plen < 0 || !provider_name_ok(v + at, (size_t)plen))
        return false;
    const unsigned char *provider = v + at;
    at += (size_t)plen + 1;
    long vlen = field_len(v + at, n - at, 9);
    if (vlen < 2 || v[at] != 'v')
        return false;
    unsigned version = 0;
    for (long i = 1; i < vlen; i++) {
        if (v[at + i] < '0' || v[at + i] > '9')
            return false;
        version = version * 10 + (unsigned)(v[at + i] - '0');
    }
    at += (size_t)vlen + 1;
    long klen = field_len(v + at, n - at, AT_REST_KEY_MAX - 1);
    if (klen < 0 || !key_name_ok(v + at, (size_t)klen))
        return false;
    if (out) {
        memcpy(out->name, provider, (size_t)plen);
        out->name[plen] = 0;
        out->version = version;
        memcpy(out->key_name, v + at, (size_t)klen);
        out->key_name[klen] = 0;
    }
    return true;
}

static bool looks_json(const unsigned char *v, size_t n)
{
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n'))
        i++;
    return i < n && v[i] == '{';
}

enum at_rest_kind classify_secret_value(const unsigned char *v, size_t n,
                                        struct at_rest_provider *out)
{
    if (!v)
        return AT_REST_UNKNOWN;
    if (n >= sizeof PROTOBUF_MAGIC && memcmp(v, PROTOBUF_MAGIC, sizeof PROTOBUF_MAGIC) == 0)
        return AT_REST_PLAIN_PROTOBUF;
    if (n > sizeof ENC_PREFIX - 1 && memcmp(v, ENC_PREFIX, sizeof ENC_PREFIX - 1) == 0)
        return parse_encrypted(v, n, out) ? AT_REST_ENCRYPTED : AT_REST_UNKNOWN;
    if (looks_json(v, n))
        return AT_REST_PLAIN_JSON;
    return AT_REST_UNKNOWN;
}

/* The summary */

struct at_rest_secret {
    struct at_rest_secret *next;
    const char *namespace, *name, *etcd_key;
    enum at_rest_kind kind;
};

struct at_rest_key_use {
    struct at_rest_key_use *next;
    struct at_rest_provider provider;
    size_t count;
};

void at_rest_summary_init(struct at_rest_summary *s, const char *source)
{
    memset(s, 0, sizeof *s);
    s->source = source;
}

void at_rest_summary_free(struct at_rest_summary *s)
{
    arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}

/* Splits `.../secrets/NS/NAME` into namespace and name (arena copies). */
static bool split_secret_key(struct arena *a, const char *key, const char **ns, const char **name)
{
    size_t n = strlen(key);
    const char *end = key + n;
    const char *slash2 = memrchr(key, '/', n);
    if (!slash2 || slash2 == key || slash2 + 1 == end)
        return false;
    const char *slash1 = memrchr(key, '/', (size_t)(slash2 - key));
    if (!slash1 || slash1 + 1 == slash2)
        return false;
    static const char SECRETS[] = "/secrets";
    size_t sl = sizeof SECRETS - 1;
    if ((size_t)(slash1 - key) < sl || memcmp(slash1 - sl, SECRETS, sl) != 0)
        return false;
    *ns = arena_strndup(a, slash1 + 1, (size_t)(slash2 - slash1 - 1));
    *name = arena_strdup(a, slash2 + 1);
    return true;
}

static void count_use(struct at_rest_summary *s, const struct at_rest_provider *p)
{
    struct at_rest_key_use **tail = &s->uses;
    for (struct at_rest_key_use *u = s->uses; u; tail = &u->next, u = u->next)
        if (u->provider.version == p->version && strcmp(u->provider.name, p->name) == 0 &&
            strcmp(u->provider.key_name, p->key_name) == 0) {
            u->count++;
            return;
        }
    struct at_rest_key_use *u = arena_zalloc(&s->arena, sizeof *u);
    u->provider = *p;
    u->count = 1;
    *tail = u;
}

bool at_rest_summary_add(struct at_rest_summary *s, const char *etcd_key,
                         const unsigned char *value, size_t n)
{
    const char *ns, *name;
    struct arena_mark m = arena_mark(&s->arena);
    if (!etcd_key || !split_secret_key(&s->arena, etcd_key, &ns, &name)) {
        s->bad_keys++;
        return false;
    }
    s->secrets++;
    struct at_rest_provider p;
    enum at_rest_kind kind = classify_secret_value(value, n, &p);
    if (kind == AT_REST_ENCRYPTED) {
        arena_release(&s->arena, m);
        s->encrypted++;
        count_use(s, &p);
        return true;
    }
    if (kind == AT_REST_UNKNOWN)
        s->unknown++;
    else
        s->plain++;
    struct at_rest_secret *sec = arena_zalloc(&s->arena, sizeof *sec);
    sec->namespace = ns;
    sec->name = name;
    sec->etcd_key = arena_strdup(&s->arena, etcd_key);
    sec->kind = kind;
    if (s->flagged_tail)
        s->flagged_tail->next = sec;
    else
        s->flagged = sec;
    s->flagged_tail = sec;
    return true;
}

/* Reporting */

static void report_secret(const struct at_rest_summary *s, struct report_ctx *r,
                          const struct at_rest_secret *sec)
{
    struct object_ref ref = {.api_version = "v1", .kind = "Secret", .namespace = sec->namespace,
                             .name = sec->name, .file = s->source};
    if (sec->kind == AT_REST_UNKNOWN)
        report_ref(r, "etcd/secret-unrecognized", &ref, NULL, NULL,
                   "Secret %s/%s is stored in a form that is neither plain nor a known "
                   "encryption prefix (etcd key %s)",
                   sec->namespace, sec->name, sec->etcd_key);
    else
        report_ref(r, "etcd/secret-plain", &ref, NULL, NULL,
                   "Secret %s/%s is stored in etcd unencrypted (%s; etcd key %s)",
                   sec->namespace, sec->name, at_rest_kind_name(sec->kind), sec->etcd_key);
}

/* "aescbc key1 (12), kms v2 cfg (3)" into buf. */
static void describe_uses(const struct at_rest_summary *s, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = 0;
    for (const struct at_rest_key_use *u = s->uses; u && at < size; u = u->next) {
        const struct at_rest_provider *p = &u->provider;
        int w;
        if (strcmp(p->name, "kms") == 0 || p->version != 1)
            w = snprintf(buf + at, size - at, "%s%s v%u key %s (%zu)", at ? ", " : "", p->name,
                         p->version, p->key_name, u->count);
        else
            w = snprintf(buf + at, size - at, "%s%s key %s (%zu)", at ? ", " : "", p->name,
                         p->key_name, u->count);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

static bool uses_provider(const struct at_rest_summary *s, const char *name, unsigned version)
{
    for (const struct at_rest_key_use *u = s->uses; u; u = u->next)
        if (strcmp(u->provider.name, name) == 0 && (!version || u->provider.version == version))
            return true;
    return false;
}

static size_t provider_count(const struct at_rest_summary *s, const char *name, unsigned version)
{
    size_t n = 0;
    for (const struct at_rest_key_use *u = s->uses; u; u = u->next)
        if (strcmp(u->provider.name, name) == 0 && (!version || u->provider.version == version))
            n += u->count;
    return n;
}

void at_rest_summary_report(const struct at_rest_summary *s, struct report_ctx *r)
{
    for (const struct at_rest_secret *sec = s->flagged; sec; sec = sec->next)
        report_secret(s, r, sec);
    if (!s->secrets)
        return;
    struct object_ref cluster = {.file = s->source};
    char uses[2048];
    describe_uses(s, uses, sizeof uses);
    report_ref(r, "etcd/encryption-providers", &cluster, NULL, NULL,
               "%zu Secrets: %zu encrypted%s%s%s, %zu plain, %zu unrecognized", s->secrets,
               s->encrypted, s->uses ? " (" : "", uses, s->uses ? ")" : "", s->plain, s->unknown);
    if (!s->encrypted && s->plain)
        report_ref(r, "etcd/encryption-off", &cluster, NULL, NULL,
                   "none of the %zu Secrets is encrypted at rest: no encryption provider is "
                   "configured, or identity is the only one",
                   s->secrets);
    else if (s->encrypted && s->plain)
        report_ref(r, "etcd/encryption-identity-first", &cluster, NULL, NULL,
                   "%zu of %zu Secrets are stored plain next to %zu encrypted ones: identity "
                   "comes first in the provider list, or they were written before encryption "
                   "was enabled and never rewritten",
                   s->plain, s->secrets, s->encrypted);
    if (uses_provider(s, "aescbc", 0))
        report_ref(r, "etcd/encryption-aescbc", &cluster, NULL, NULL,
                   "%zu Secrets are encrypted with aescbc", provider_count(s, "aescbc", 0));
    if (uses_provider(s, "kms", 1))
        report_ref(r, "etcd/encryption-kms-v1", &cluster, NULL, NULL,
                   "%zu Secrets are encrypted with KMS v1", provider_count(s, "kms", 1));
}
