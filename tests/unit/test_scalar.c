/* test_scalar.c — every YAML 1.1 resolution rule of scalar.h, one row each,
 * as the API server's decoder (sigs.k8s.io/yaml, go-yaml v2) resolves them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "../../src/core/scalar.h"

struct row {
    const char *text;
    enum node_type type;
    int64_t i;   /* NODE_INT, NODE_BOOL (0/1) */
    double f;    /* NODE_FLOAT */
};

static const struct row ROWS[] = {
    /* null */
    {"", NODE_NULL, 0, 0}, {"~", NODE_NULL, 0, 0}, {"null", NODE_NULL, 0, 0},
    {"Null", NODE_NULL, 0, 0}, {"NULL", NODE_NULL, 0, 0}, {"nULL", NODE_STR, 0, 0},
    /* booleans, YAML 1.1 */
    {"y", NODE_BOOL, 1, 0}, {"Y", NODE_BOOL, 1, 0}, {"yes", NODE_BOOL, 1, 0},
    {"Yes", NODE_BOOL, 1, 0}, {"YES", NODE_BOOL, 1, 0}, {"on", NODE_BOOL, 1, 0},
    {"On", NODE_BOOL, 1, 0}, {"ON", NODE_BOOL, 1, 0}, {"true", NODE_BOOL, 1, 0},
    {"True", NODE_BOOL, 1, 0}, {"TRUE", NODE_BOOL, 1, 0},
    {"n", NODE_BOOL, 0, 0}, {"N", NODE_BOOL, 0, 0}, {"no", NODE_BOOL, 0, 0},
    {"No", NODE_BOOL, 0, 0}, {"NO", NODE_BOOL, 0, 0}, {"off", NODE_BOOL, 0, 0},
    {"Off", NODE_BOOL, 0, 0}, {"OFF", NODE_BOOL, 0, 0}, {"false", NODE_BOOL, 0, 0},
    {"False", NODE_BOOL, 0, 0}, {"FALSE", NODE_BOOL, 0, 0},
    {"yEs", NODE_STR, 0, 0}, {"tRUE", NODE_STR, 0, 0}, {"o", NODE_STR, 0, 0},
    /* integers: strconv.ParseInt(s, 0, 64) after removing underscores */
    {"0", NODE_INT, 0, 0}, {"10", NODE_INT, 10, 0}, {"+10", NODE_INT, 10, 0},
    {"-10", NODE_INT, -10, 0}, {"0x1F", NODE_INT, 31, 0}, {"0X1f", NODE_INT, 31, 0},
    {"-0x1F", NODE_INT, -31, 0}, {"0o17", NODE_INT, 15, 0}, {"017", NODE_INT, 15, 0},
    {"0b101", NODE_INT, 5, 0}, {"-0b101", NODE_INT, -5, 0}, {"1_000", NODE_INT, 1000, 0},
    {"9223372036854775807", NODE_INT, INT64_MAX, 0},
    {"-9223372036854775808", NODE_INT, INT64_MIN, 0},
    /* floats */
    {"1.5", NODE_FLOAT, 0, 1.5}, {"-1.5", NODE_FLOAT, 0, -1.5}, {".5", NODE_FLOAT, 0, 0.5},
    {"1e3", NODE_FLOAT, 0, 1000}, {"1.", NODE_FLOAT, 0, 1}, {"08", NODE_FLOAT, 0, 8},
    {"1_000.5", NODE_FLOAT, 0, 1000.5}, {".inf", NODE_FLOAT, 0, INFINITY},
    {"-.Inf", NODE_FLOAT, 0, -INFINITY}, {"+.INF", NODE_FLOAT, 0, INFINITY},
    /* strings */
    {"0x", NODE_STR, 0, 0}, {"1.2.3", NODE_STR, 0, 0}, {"12abc", NODE_STR, 0, 0},
    {"-", NODE_STR, 0, 0}, {".", NODE_STR, 0, 0}, {"=", NODE_STR, 0, 0},
    {"<<", NODE_STR, 0, 0}, {"2001-12-14", NODE_STR, 0, 0}, {"1e", NODE_STR, 0, 0},
    {"0b2", NODE_STR, 0, 0}, {"nginx:1.25", NODE_STR, 0, 0},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ROWS / sizeof *ROWS; k++) {
        const struct row *r = &ROWS[k];
        struct node n = {.str = r->text, .len = (uint32_t)strlen(r->text)};
        scalar_resolve(&n);
        if (n.type != r->type)
            fail_msg("'%s': type %d, want %d", r->text, n.type, r->type);
        if (r->type == NODE_INT && n.num.i != r->i)
            fail_msg("'%s': %lld, want %lld", r->text, (long long)n.num.i, (long long)r->i);
        if (r->type == NODE_BOOL && n.num.b != (r->i != 0))
            fail_msg("'%s': wrong boolean", r->text);
        if (r->type == NODE_FLOAT && n.num.f != r->f)
            fail_msg("'%s': %g, want %g", r->text, n.num.f, r->f);
    }
}

static void test_nan(void **state)
{
    (void)state;
    struct node n = {.str = ".NaN", .len = 4};
    scalar_resolve(&n);
    assert_int_equal(n.type, NODE_FLOAT);
    assert_true(isnan(n.num.f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_nan),
    };
    return cmocka_run_group_tests_name("scalar", tests, NULL, NULL);
}
