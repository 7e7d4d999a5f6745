/* test_at_rest.c — how stored Secret values classify (plain protobuf, plain
 * JSON, each provider's prefix, damaged prefixes) and which findings a
 * summary of them reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/check.h"
#include "../../src/etcd/at_rest.h"

struct value_row {
    const char *value;
    size_t len; /* 0: strlen */
    enum at_rest_kind kind;
    const char *provider, *key;
    unsigned version;
};

static const struct value_row VALUES[] = {
    {"k8s\0\n\x0c\n\x02v1\x12\x06Secret", 20, AT_REST_PLAIN_PROTOBUF, NULL, NULL, 0},
    {"{\"kind\":\"Secret\",\"apiVersion\":\"v1\"}", 0, AT_REST_PLAIN_JSON, NULL, NULL, 0},
    {"\n  {\"kind\":\"Secret\"}", 0, AT_REST_PLAIN_JSON, NULL, NULL, 0},
    {"k8s:enc:aescbc:v1:key1:\x01\x02\x03", 0, AT_REST_ENCRYPTED, "aescbc", "key1", 1},
    {"k8s:enc:aesgcm:v1:k-2026:xyz", 0, AT_REST_ENCRYPTED, "aesgcm", "k-2026", 1},
    {"k8s:enc:secretbox:v1:sb:\xff", 0, AT_REST_ENCRYPTED, "secretbox", "sb", 1},
    {"k8s:enc:kms:v1:vault:abc", 0, AT_REST_ENCRYPTED, "kms", "vault", 1},
    {"k8s:enc:kms:v2:awskms:\n\x10", 0, AT_REST_ENCRYPTED, "kms", "awskms", 2},
    {"k8s:enc:aescbc:v1:key1:", 0, AT_REST_ENCRYPTED, "aescbc", "key1", 1},
    {"k8s:enc:aescbc:v1:key1", 0, AT_REST_UNKNOWN, NULL, NULL, 0},    /* no key terminator */
    {"k8s:enc:aescbc:key1:xx", 0, AT_REST_UNKNOWN, NULL, NULL, 0},    /* no version */
    {"k8s:enc::v1:key1:xx", 0, AT_REST_UNKNOWN, NULL, NULL, 0},       /* no provider */
    {"k8s:enc:aescbc:v1::xx", 0, AT_REST_UNKNOWN, NULL, NULL, 0},     /* no key name */
    {"k8s:enc:aescbc:vx:key1:xx", 0, AT_REST_UNKNOWN, NULL, NULL, 0}, /* bad version */
    {"k8s:enc:", 0, AT_REST_UNKNOWN, NULL, NULL, 0},
    {"k8s", 0, AT_REST_UNKNOWN, NULL, NULL, 0},
    {"", 0, AT_REST_UNKNOWN, NULL, NULL, 0},
    {"\x00\x01\x02", 3, AT_REST_UNKNOWN, NULL, NULL, 0},
    {"random bytes", 0, AT_REST_UNKNOWN, NULL, NULL, 0},
};

static void test_classify(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof VALUES / sizeof *VALUES; i++) {
        const struct value_row *row = &VALUES[i];
        size_t n = row->len ? row->len : strlen(row->value);
        struct at_rest_provider p;
        memset(&p, 0x55, sizeof p);
        enum at_rest_kind k = classify_secret_value((const unsigned char *)row->value, n, &p);
        if (k != row->kind)
            fail_msg("row %zu: kind %s, want %s", i, at_rest_kind_name(k),
                     at_rest_kind_name(row->kind));
        if (k == AT_REST_ENCRYPTED) {
            assert_string_equal(p.name, row->provider);
            assert_string_equal(p.key_name, row->key);
            assert_int_equal(p.version, row->version);
        }
    }
    assert_int_equal(classify_secret_value(NULL, 0, NULL), AT_REST_UNKNOWN);
}

/* A prefix cut short at every length never classifies as encrypted with a
 * key name, and never reads past the value. */
static void test_prefix_cuts(void **state)
{
    (void)state;
    const char *v = "k8s:enc:kms:v2:config-name:";
    for (size_t n = 0; n < strlen(v); n++) {
        struct at_rest_provider p;
        assert_int_not_equal(classify_secret_value((const unsigned char *)v, n, &p),
                             AT_REST_ENCRYPTED);
    }
}

static size_t count_id(const struct findings *fs, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->checks[fs->v[i].check]->id, id) == 0)
            n++;
    return n;
}

/* The first finding of check id (kept until the next call), or NULL. */
static const struct finding *find_id(const struct findings *fs, const char *id)
{
    static struct finding found;
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->checks[fs->v[i].check]->id, id) == 0) {
            findings_at(fs, i, &found);
            return &found;
        }
    return NULL;
}

static void add(struct at_rest_summary *s, const char *key, const char *value, size_t n)
{
    assert_true(at_rest_summary_add(s, key, (const unsigned char *)value, n ? n : strlen(value)));
}

static void test_summary_mixed(void **state)
{
    (void)state;
    struct at_rest_summary s;
    at_rest_summary_init(&s, "snap.db");
    add(&s, "/registry/secrets/default/db-password", "k8s\0\x0a\x02v1", 7);
    add(&s, "/registry/secrets/prod/api", "{\"kind\":\"Secret\",\"data\":{\"x\":\"c2VjcmV0\"}}", 0);
    add(&s, "/registry/secrets/prod/tls", "k8s:enc:aescbc:v1:key1:ciphertext", 0);
    add(&s, "/registry/secrets/prod/tls2", "k8s:enc:aescbc:v1:key1:ciphertext", 0);
    add(&s, "/registry/secrets/kube-system/token", "k8s:enc:kms:v2:kms-cfg:\x0a\x01", 0);
    add(&s, "/registry/secrets/kube-system/old", "k8s:enc:kms:v1:old-kms:x", 0);
    add(&s, "/registry/secrets/odd/garbage", "\x01\x02", 2);
    assert_false(at_rest_summary_add(&s, "/registry/configmaps/default/x",
                                     (const unsigned char *)"k8s\0", 4));
    assert_false(at_rest_summary_add(&s, "/registry/secrets/only-ns",
                                     (const unsigned char *)"k8s\0", 4));
    assert_int_equal(s.secrets, 7);
    assert_int_equal(s.plain, 2);
    assert_int_equal(s.encrypted, 4);
    assert_int_equal(s.unknown, 1);
    assert_int_equal(s.bad_keys, 2);

    struct findings fs = {0};
    struct report_ctx r = {.out = &fs};
    at_rest_summary_report(&s, &r);
    assert_int_equal(count_id(&fs, "etcd/secret-plain"), 2);
    struct finding f = *find_id(&fs, "etcd/secret-plain");
    assert_string_equal(f.namespace, "default");
    assert_string_equal(f.name, "db-password");
    assert_string_equal(f.kind, "Secret");
    assert_string_equal(f.file, "snap.db");
    assert_int_equal(f.severity, SEV_HIGH);
    /* the values themselves never reach a message */
    for (size_t i = 0; i < fs.n; i++) {
        assert_null(strstr(findings_text(&fs, fs.v[i].message), "c2VjcmV0"));
        assert_null(strstr(findings_text(&fs, fs.v[i].message), "ciphertext"));
    }
    assert_int_equal(count_id(&fs, "etcd/secret-unrecognized"), 1);
    assert_int_equal(count_id(&fs, "etcd/encryption-identity-first"), 1);
    assert_int_equal(find_id(&fs, "etcd/encryption-identity-first")->severity, SEV_HIGH);
    assert_int_equal(count_id(&fs, "etcd/encryption-off"), 0);
    assert_int_equal(count_id(&fs, "etcd/encryption-aescbc"), 1);
    assert_int_equal(find_id(&fs, "etcd/encryption-aescbc")->severity, SEV_MEDIUM);
    assert_int_equal(count_id(&fs, "etcd/encryption-kms-v1"), 1);
    const struct finding *p = find_id(&fs, "etcd/encryption-providers");
    assert_non_null(p);
    assert_non_null(strstr(p->message, "aescbc key key1 (2)"));
    assert_non_null(strstr(p->message, "kms v2 key kms-cfg (1)"));
    assert_non_null(strstr(p->message, "kms v1 key old-kms (1)"));
    findings_free(&fs);
    at_rest_summary_free(&s);
}

static void test_summary_all_plain(void **state)
{
    (void)state;
    struct at_rest_summary s;
    at_rest_summary_init(&s, NULL);
    add(&s, "/registry/secrets/a/one", "k8s\0x", 5);
    add(&s, "/custom-prefix/secrets/b/two", "k8s\0y", 5);
    struct findings fs = {0};
    struct report_ctx r = {.out = &fs};
    at_rest_summary_report(&s, &r);
    assert_int_equal(count_id(&fs, "etcd/secret-plain"), 2);
    assert_int_equal(count_id(&fs, "etcd/encryption-off"), 1);
    assert_int_equal(count_id(&fs, "etcd/encryption-identity-first"), 0);
    assert_int_equal(count_id(&fs, "etcd/encryption-aescbc"), 0);
    struct finding second;
    findings_at(&fs, 1, &second);
    assert_string_equal(second.namespace, "b");
    findings_free(&fs);
    at_rest_summary_free(&s);
}

static void test_summary_all_strong(void **state)
{
    (void)state;
    struct at_rest_summary s;
    at_rest_summary_init(&s, NULL);
    add(&s, "/registry/secrets/a/one", "k8s:enc:aesgcm:v1:k1:x", 0);
    add(&s, "/registry/secrets/a/two", "k8s:enc:secretbox:v1:k2:x", 0);
    struct findings fs = {0};
    struct report_ctx r = {.out = &fs};
    at_rest_summary_report(&s, &r);
    /* only the summary */
    assert_int_equal(fs.n, 1);
    assert_string_equal(fs.checks[fs.v[0].check]->id, "etcd/encryption-providers");
    assert_int_equal(fs.v[0].severity, SEV_INFO);
    findings_free(&fs);
    at_rest_summary_free(&s);

    /* no Secret at all: nothing to say */
    at_rest_summary_init(&s, NULL);
    struct findings none = {0};
    r.out = &none;
    at_rest_summary_report(&s, &r);
    assert_int_equal(none.n, 0);
    findings_free(&none);
    at_rest_summary_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_prefix_cuts),
        cmocka_unit_test(test_summary_mixed),
        cmocka_unit_test(test_summary_all_plain),
        cmocka_unit_test(test_summary_all_strong),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
