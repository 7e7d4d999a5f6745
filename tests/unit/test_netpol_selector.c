/* test_netpol_selector.c — label selectors as the API server validates and
 * evaluates them: matchLabels, every matchExpressions operator, empty
 * selectors, and the validation errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/load.h"
#include "../../src/netpol/selector.h"

struct loaded {
    struct doc *doc;
};

static int keep(struct doc *d, void *ctx)
{
    ((struct loaded *)ctx)->doc = d;
    return 0;
}

static struct doc *parse(const char *yaml)
{
    struct loaded l = {0};
    struct load_error err;
    assert_int_equal(load_buffer("t.yaml", yaml, strlen(yaml), NULL, keep, &l, &err), 0);
    return l.doc;
}

static bool matches(const char *sel_yaml, const char *labels_yaml)
{
    struct doc *s = parse(sel_yaml), *l = parse(labels_yaml);
    struct arena a = {0};
    struct selector sel;
    const struct node *bad;
    const char *why;
    assert_true(selector_read(&a, s->root, &sel, &bad, &why));
    struct labels labels = labels_read(&a, l->root, NULL, NULL);
    bool m = selector_matches(&sel, &labels);
    arena_free(&a);
    doc_free(s);
    doc_free(l);
    return m;
}

static const char *invalid(const char *sel_yaml)
{
    struct doc *s = parse(sel_yaml);
    struct arena a = {0};
    struct selector sel;
    const struct node *bad = NULL;
    const char *why = NULL;
    bool ok = selector_read(&a, s->root, &sel, &bad, &why);
    arena_free(&a);
    doc_free(s);
    return ok ? NULL : why;
}

static void test_match_labels(void **state)
{
    (void)state;
    assert_true(matches("{}", "{app: web}"));
    assert_true(matches("{matchLabels: {app: web}}", "{app: web, tier: x}"));
    assert_false(matches("{matchLabels: {app: web}}", "{app: api}"));
    assert_false(matches("{matchLabels: {app: web, tier: x}}", "{app: web}"));
}

static void test_expressions(void **state)
{
    (void)state;
    const char *in = "{matchExpressions: [{key: app, operator: In, values: [a, b]}]}";
    const char *notin = "{matchExpressions: [{key: app, operator: NotIn, values: [a]}]}";
    const char *exists = "{matchExpressions: [{key: app, operator: Exists}]}";
    const char *absent = "{matchExpressions: [{key: app, operator: DoesNotExist}]}";
    assert_true(matches(in, "{app: b}"));
    assert_false(matches(in, "{app: c}"));
    assert_false(matches(in, "{}"));
    assert_true(matches(notin, "{app: b}"));
    assert_true(matches(notin, "{}")); /* NotIn matches a missing key */
    assert_false(matches(notin, "{app: a}"));
    assert_true(matches(exists, "{app: ''}"));
    assert_false(matches(exists, "{tier: x}"));
    assert_true(matches(absent, "{tier: x}"));
    assert_false(matches(absent, "{app: x}"));
}

static void test_invalid(void **state)
{
    (void)state;
    assert_null(invalid("{matchLabels: {app: web}}"));
    assert_non_null(invalid("{matchLabels: {'bad key!': web}}"));
    assert_non_null(invalid("{matchLabels: {app: 'not valid value'}}"));
    assert_non_null(invalid("{matchLabels: {'Example.com/app': web}}"));
    assert_null(invalid("{matchLabels: {'example.com/app': web}}"));
    assert_non_null(invalid("{matchExpressions: [{key: app, operator: In}]}"));
    assert_non_null(invalid("{matchExpressions: [{key: app, operator: Exists, values: [a]}]}"));
    assert_non_null(invalid("{matchExpressions: [{key: app, operator: Has}]}"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_labels),
        cmocka_unit_test(test_expressions),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
