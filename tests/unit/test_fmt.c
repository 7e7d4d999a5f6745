/* test_fmt.c — fmt_plain writes what vsnprintf writes, or gives up. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/fmt.h"

/* fmt_plain into a buffer of `size`; returns its result and leaves the text
 * in out. */
static int plain(char *out, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fmt_plain(out, size, fmt, ap);
    va_end(ap);
    return n;
}

#define SAME_AS_PRINTF(...)                                                    \
    do {                                                                       \
        char want[256], got[256];                                              \
        int wn = snprintf(want, sizeof want, __VA_ARGS__);                     \
        assert_int_equal(plain(got, sizeof got, __VA_ARGS__), wn);             \
        assert_string_equal(got, want);                                        \
    } while (0)

static void test_same_as_printf(void **state)
{
    (void)state;
    SAME_AS_PRINTF("%s", "");
    SAME_AS_PRINTF("plain text, no directive");
    SAME_AS_PRINTF("%s.%s[%zu]", "spec.template.spec", "containers", (size_t)0);
    SAME_AS_PRINTF("%zu %zu", (size_t)SIZE_MAX, (size_t)10);
    SAME_AS_PRINTF("%d|%d|%d|%d", 0, -1, INT_MIN, INT_MAX);
    SAME_AS_PRINTF("%u|%u", 0u, UINT_MAX);
    SAME_AS_PRINTF("%ld|%ld|%ld|%lu", 0L, LONG_MIN, LONG_MAX, ULONG_MAX);
    SAME_AS_PRINTF("%lld|%lld|%llu replicas", LLONG_MIN, -7LL, ULLONG_MAX);
    SAME_AS_PRINTF("100%% of %s", "containers");
    SAME_AS_PRINTF("%.*s/%s", 4, "apps/v1", "Deployment");
    SAME_AS_PRINTF("%.*s|", 0, "abc");
    SAME_AS_PRINTF("%.*s|", 10, "abc");
    SAME_AS_PRINTF("%.*s|", -1, "abc");
    SAME_AS_PRINTF("a%cb%cc", 'x', '/');
    SAME_AS_PRINTF("container \"%s\" sets %s: %d", "app", "runAsUser", 0);
    /* a NUL made by %c stays inside the text, as with printf */
    char want[16], got[16];
    int wn = snprintf(want, sizeof want, "a%cb", 0);
    assert_int_equal(plain(got, sizeof got, "a%cb", 0), wn);
    assert_memory_equal(got, want, (size_t)wn + 1);
}

static void test_gives_up(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(plain(buf, sizeof buf, "%5s", "x"), -1);
    assert_int_equal(plain(buf, sizeof buf, "%g", 1.5), -1);
    assert_int_equal(plain(buf, sizeof buf, "%x", 255u), -1);
    assert_int_equal(plain(buf, sizeof buf, "%lx", 5UL), -1);
    assert_int_equal(plain(buf, sizeof buf, "%hd", 5), -1);
    assert_int_equal(plain(buf, sizeof buf, "%s", (const char *)NULL), -1);
    assert_int_equal(plain(buf, sizeof buf, "trailing %"), -1);
    /* too long: nothing is cut, the caller falls back */
    assert_int_equal(plain(buf, 4, "abcd"), -1);
    assert_int_equal(plain(buf, 4, "%s", "abcd"), -1);
    assert_int_equal(plain(buf, 4, "%zu", (size_t)1234), -1);
    assert_int_equal(plain(buf, 5, "%zu", (size_t)1234), 4);
    assert_string_equal(buf, "1234");
    assert_int_equal(plain(buf, 0, "x"), -1);
}

/* fmt_snprintf is snprintf: by fmt_plain where it can, by the C library's
 * where fmt_plain gives up (other directives, NULL, text cut short). The
 * size is volatile: the compiler does not warn about the texts cut short. */
#define SNPRINTF_SAME(size, ...)                                               \
    do {                                                                       \
        char want[64], got[64];                                                \
        memset(want, '#', sizeof want);                                        \
        memset(got, '#', sizeof got);                                          \
        volatile size_t n = (size);                                            \
        int wn = snprintf(want, n, __VA_ARGS__);                               \
        assert_int_equal(fmt_snprintf(got, n, __VA_ARGS__), wn);               \
        assert_memory_equal(got, want, sizeof want);                           \
    } while (0)

static void test_snprintf(void **state)
{
    (void)state;
    SNPRINTF_SAME(64, "%s.%s[%zu]%s", "spec", "containers", (size_t)2, ".env");
    SNPRINTF_SAME(64, "%s\x1f%s\x1f%s", "Deployment", "", "web");
    SNPRINTF_SAME(64, "%5s|%x|%g", "ab", 255u, 1.5);
    SNPRINTF_SAME(64, "[%s]", (const char *)"");
    SNPRINTF_SAME(8, "%s/%s", "apps/v1", "Deployment");
    SNPRINTF_SAME(8, "%.*s", 20, "abcdefghijklmnop");
    SNPRINTF_SAME(1, "%s", "x");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_printf),
        cmocka_unit_test(test_gives_up),
        cmocka_unit_test(test_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
