/* test_pool.c — fixed-size record pools (src/core/pool.h): records are
 * zeroed, distinct, aligned and reused after pool_put, and pools grow past
 * one block. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/pool.h"

static void test_records(void **state)
{
    (void)state;
    struct pool p;
    pool_init(&p, 40);
    assert_int_equal(p.size, 48);
    enum { N = 5000 }; /* several 64 KB blocks */
    static unsigned char *r[N];
    for (int i = 0; i < N; i++) {
        r[i] = pool_get(&p);
        assert_non_null(r[i]);
        assert_int_equal((uintptr_t)r[i] % 16, 0);
        for (size_t j = 0; j < 40; j++)
            assert_int_equal(r[i][j], 0);
        memset(r[i], 0xa5, 40);
        if (i)
            assert_ptr_not_equal(r[i], r[i - 1]);
    }
    assert_int_equal(p.live, N);
    for (int i = 0; i < N; i++) { /* no record overlaps another */
        assert_int_equal(r[i][0], 0xa5);
        r[i][0] = (unsigned char)i;
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(r[i][0], (unsigned char)i);
    pool_put(&p, r[7]);
    pool_put(&p, NULL);
    assert_int_equal(p.live, N - 1);
    unsigned char *again = pool_get(&p);
    assert_ptr_equal(again, r[7]); /* the record just put back comes first */
    for (size_t j = 0; j < 40; j++)
        assert_int_equal(again[j], 0);
    for (int i = 0; i < N; i++)
        pool_put(&p, r[i]);
    assert_int_equal(p.live, 0);
    pool_release(&p);
    assert_null(p.blocks);
}

static void test_tiny_records(void **state)
{
    (void)state;
    struct pool p;
    pool_init(&p, 1); /* still room for the free list's link */
    assert_true(p.size >= sizeof(void *));
    void *a = pool_get(&p), *b = pool_get(&p);
    assert_true((char *)b - (char *)a == (ptrdiff_t)p.size);
    pool_put(&p, a);
    pool_put(&p, b);
    pool_release(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records),
        cmocka_unit_test(test_tiny_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
