/* test_audit_batch.c — the audit webhook's body check (audit_batch.h):
 * EventLists, Events and arrays pass; another kind, malformed JSON (with
 * its line and column), text that is not JSON and bodies over the loader's
 * limits are refused with the reason; input the fast JSON reader declines
 * but the loader reads is decided by the loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/audit/audit_batch.h"

static char why[512];

static bool check(const char *body)
{
    why[0] = '\0';
    return audit_batch_check(body, strlen(body), why, sizeof why);
}

static void audit_shapes_pass(void **state)
{
    (void)state;
    assert_true(check("{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[]}"));
    assert_true(check("{\"apiVersion\":\"audit.k8s.io/v1\",\"items\":[{\"kind\":\"Event\"}],"
                      "\"kind\":\"EventList\"}"));
    assert_true(check("{\"kind\":\"Event\",\"auditID\":\"a\"}"));
    assert_true(check("[{\"kind\":\"Event\"}]"));
    /* a nested kind is not the top level's */
    assert_true(check("{\"items\":[{\"kind\":\"Pod\"}],\"metadata\":{\"kind\":\"x\"}}"));
}

static void other_kind_refused(void **state)
{
    (void)state;
    assert_false(check("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"));
    assert_string_equal(why, "not an audit EventList: kind \"AdmissionReview\"");
}

static void malformed_refused_with_position(void **state)
{
    (void)state;
    assert_false(check("{\"kind\":\"EventList\",\n\"items\":[{\"auditID\":\"a\"}]]}"));
    assert_non_null(strstr(why, "malformed JSON: line 2, column"));
    assert_false(check("hello"));
    assert_non_null(strstr(why, "malformed JSON"));
    assert_false(check("{\"kind\":\"EventList\",\"items\":["));
    assert_non_null(strstr(why, "malformed JSON"));
}

static void loader_decides_what_the_fast_reader_declines(void **state)
{
    (void)state;
    /* a comment: not JSON, but what `ringwall audit` reads from a file */
    assert_true(check("{\"kind\": \"EventList\", # note\n \"items\": []}"));
}

static void limits_refused(void **state)
{
    (void)state;
    char *deep = malloc(1300);
    memset(deep, '[', 600);
    memset(deep + 600, ']', 600);
    deep[1200] = '\0';
    assert_false(check(deep));
    assert_non_null(strstr(why, "600 levels of nesting (limit 512)"));
    free(deep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_shapes_pass),
        cmocka_unit_test(other_kind_refused),
        cmocka_unit_test(malformed_refused_with_position),
        cmocka_unit_test(loader_decides_what_the_fast_reader_declines),
        cmocka_unit_test(limits_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
