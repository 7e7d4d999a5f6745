/* test_admit_quantity.c — Kubernetes quantities as the webhook's resource
 * bounds read them: suffixes, exponents, decimals, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/admit/quantity.h"

static void parses(const char *s, double want)
{
    double v = -1;
    assert_true(quantity_parse(s, &v));
    assert_true(v > want * (1 - 1e-12) - 1e-15 && v < want * (1 + 1e-12) + 1e-15);
}

static void test_valid(void **state)
{
    parses("2", 2);
    parses("500m", 0.5);
    parses("1.5", 1.5);
    parses(".5", 0.5);
    parses("128Mi", 128.0 * 1024 * 1024);
    parses("4Gi", 4.0 * 1024 * 1024 * 1024);
    parses("1Ki", 1024);
    parses("1G", 1e9);
    parses("1k", 1e3);
    parses("250u", 250e-6);
    parses("1e3", 1e3);
    parses("1E-2", 0.01);
    parses("2e+6", 2e6);
    parses("3e-0003", 0.003);
    parses("+3", 3);
    parses("0", 0);
}

static void test_invalid(void **state)
{
    double v;
    const char *bad[] = {"", "m", "Gi", "1.2.3", "1KI", "1gi", "1 Gi", "1e", "1e+", "abc",
                         "1Mi2", "--1", "1ee3"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(quantity_parse(bad[i], &v));
    assert_false(quantity_parse(NULL, &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
