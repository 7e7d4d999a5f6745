/* test_strmap.c — first-appearance ranks (strmap.h) and finding identity
 * (finding_fingerprint in finding.h, output_object_numbers in output.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/check.h"
#include "../../src/core/strmap.h"
#include "../../src/output/output.h"

static void test_ranks(void **state)
{
    (void)state;
    struct strmap m = {0};
    char key[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            int n = snprintf(key, sizeof key, "k%d", i);
            assert_int_equal(strmap_rank(&m, key, (size_t)n), (size_t)i);
        }
    assert_int_equal(m.count, 5000);
    /* keys with NUL bytes inside are distinct by their full length */
    assert_int_equal(strmap_rank(&m, "a\0b", 3), 5000);
    assert_int_equal(strmap_rank(&m, "a\0c", 3), 5001);
    assert_int_equal(strmap_rank(&m, "a", 1), 5002);
    assert_int_equal(strmap_rank(&m, "", 0), 5003);
    assert_int_equal(strmap_rank(&m, "a\0b", 3), 5000);
    strmap_free(&m);
}

static void test_fnv1a(void **state)
{
    (void)state;
    /* published FNV-1a 64 test vectors */
    assert_true(fnv1a(FNV1A_INIT, "", 0) == 0xcbf29ce484222325ULL);
    assert_true(fnv1a(FNV1A_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(fnv1a(FNV1A_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
    assert_true(fnv1a(fnv1a(FNV1A_INIT, "foo", 3), "bar", 3) == 0x85944171f73967e8ULL);
}

static const struct check CHECK = {.id = "workload/privileged"};

static void test_identity(void **state)
{
    (void)state;
    struct finding a = {.check = &CHECK, .file = "x.yaml", .kind = "Pod", .namespace = "ns",
                        .name = "web", .container = "app", .path = "spec.containers[0]",
                        .line = 3, .col = 5, .message = "m"};
    struct finding b = a;
    b.line = 30, b.col = 1, b.message = "other words";
    char fa[17], fb[17];
    assert_string_equal(finding_fingerprint(&a, fa), finding_fingerprint(&b, fb));
    assert_int_equal(strlen(fa), 16);
    b.container = "sidecar";
    assert_string_not_equal(fa, finding_fingerprint(&b, fb));
    b = a, b.namespace = NULL;
    assert_string_not_equal(fa, finding_fingerprint(&b, fb));
    /* the parts are separated: moving a character between them changes it */
    b = a, b.kind = "Po", b.namespace = "dns";
    assert_string_not_equal(fa, finding_fingerprint(&b, fb));
}

/* A report's objects: file, kind, namespace and name, an empty text the
 * same as none, whatever the apiVersion, container or field path. */
static void test_report_objects(void **state)
{
    (void)state;
    struct finding a = {.check = &CHECK, .api_version = "v1", .file = "x.yaml", .kind = "Pod",
                        .namespace = "ns", .name = "web", .message = "m"};
    struct finding same[4] = {a, a, a, a}, other[3] = {a, a, a};
    same[1].container = "x", same[1].path = "y";
    same[2].api_version = "v2";
    same[3].message = "other words";
    other[0].kind = "Po", other[0].namespace = "dns";
    other[1].namespace = NULL;
    other[2].file = NULL;
    struct findings fs = {0};
    for (size_t i = 0; i < 4; i++) { /* every one after another, for rows of their own */
        findings_add(&fs, &same[i]);
        findings_add(&fs, &other[i % 3]);
    }
    struct finding none = a, empty = a;
    none.namespace = NULL, none.name = NULL;
    empty.namespace = "", empty.name = "";
    findings_add(&fs, &none);
    findings_add(&fs, &empty);
    size_t nobjects;
    uint32_t *number = output_object_numbers(&fs, &nobjects);
    assert_int_equal(nobjects, 5);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(number[fs.v[2 * i].object], 0);
        assert_int_equal(number[fs.v[2 * i + 1].object], 1 + i % 3);
    }
    assert_int_equal(number[fs.v[8].object], 4);
    assert_int_equal(number[fs.v[9].object], 4);
    free(number);
    findings_free(&fs);
}

static void test_intern(void **state)
{
    (void)state;
    struct strmap m = {0};
    char a[] = "spec.containers[0]", b[] = "spec.containers[0]";
    const char *ia = strmap_intern(&m, a);
    assert_ptr_not_equal(ia, a); /* a copy, not the caller's buffer */
    assert_string_equal(ia, a);
    assert_ptr_equal(strmap_intern(&m, b), ia);
    assert_ptr_not_equal(strmap_intern(&m, "spec.containers"), ia);
    assert_string_equal(strmap_intern(&m, ""), "");
    assert_null(strmap_intern(&m, NULL));
    /* interned strings are keys like any other: same ranks */
    assert_int_equal(strmap_rank(&m, a, strlen(a)), 0);
    assert_int_equal(strmap_rank(&m, "", 0), 2);
    for (int i = 0; i < 1000; i++) { /* growing keeps earlier copies */
        char k[32];
        snprintf(k, sizeof k, "message %d", i);
        strmap_intern(&m, k);
    }
    assert_ptr_equal(strmap_intern(&m, b), ia);
    strmap_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ranks),
        cmocka_unit_test(test_fnv1a),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_report_objects),
        cmocka_unit_test(test_intern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
