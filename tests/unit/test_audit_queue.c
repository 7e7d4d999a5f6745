/* test_audit_queue.c — the audit webhook's bounded batch queue
 * (audit_queue.h): bounded in batches and in bytes, first in first out,
 * a copy of each body, close lets the consumer drain what is left, and
 * producers on several threads never overshoot the bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/audit/audit_queue.h"

static void bounded_by_count(void **state)
{
    (void)state;
    struct audit_queue q;
    audit_queue_init(&q, 2, 1000);
    assert_true(audit_queue_push(&q, "a", 1));
    assert_true(audit_queue_push(&q, "b", 1));
    assert_true(audit_queue_full(&q, 1));
    assert_false(audit_queue_push(&q, "c", 1));
    struct audit_batch *b = audit_queue_pop(&q);
    assert_string_equal(b->body, "a");
    free(b);
    assert_false(audit_queue_full(&q, 1));
    assert_true(audit_queue_push(&q, "c", 1));
    audit_queue_destroy(&q);
}

static void bounded_by_bytes(void **state)
{
    (void)state;
    struct audit_queue q;
    size_t n, bytes;
    audit_queue_init(&q, 100, 10);
    assert_true(audit_queue_push(&q, "123456", 6));
    assert_false(audit_queue_push(&q, "12345", 5));
    assert_true(audit_queue_push(&q, "1234", 4));
    audit_queue_depth(&q, &n, &bytes);
    assert_int_equal(n, 2);
    assert_int_equal(bytes, 10);
    assert_true(audit_queue_full(&q, 0) == false);
    assert_true(audit_queue_full(&q, 1));
    audit_queue_destroy(&q);
}

static void fifo_copies_and_drains_after_close(void **state)
{
    (void)state;
    struct audit_queue q;
    char body[] = "first";
    audit_queue_init(&q, 10, 1000);
    assert_true(audit_queue_push(&q, body, 5));
    body[0] = 'X'; /* the queue holds its own copy */
    assert_true(audit_queue_push(&q, "second", 6));
    audit_queue_close(&q);
    assert_false(audit_queue_push(&q, "late", 4));
    struct audit_batch *b = audit_queue_pop(&q);
    assert_string_equal(b->body, "first");
    assert_int_equal(b->len, 5);
    free(b);
    b = audit_queue_pop(&q);
    assert_string_equal(b->body, "second");
    free(b);
    assert_null(audit_queue_pop(&q));
    audit_queue_destroy(&q);
}

struct producer {
    struct audit_queue *q;
    int accepted;
};

static void *produce(void *arg)
{
    struct producer *p = arg;
    for (int i = 0; i < 2000; i++)
        if (audit_queue_push(p->q, "0123456789", 10))
            p->accepted++;
    return NULL;
}

static void concurrent_producers_respect_bounds(void **state)
{
    (void)state;
    struct audit_queue q;
    audit_queue_init(&q, 1000000, 500); /* room for 50 batches of 10 bytes */
    pthread_t t[4];
    struct producer p[4];
    for (int i = 0; i < 4; i++) {
        p[i] = (struct producer){.q = &q};
        pthread_create(&t[i], NULL, produce, &p[i]);
    }
    int accepted = 0, popped = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        accepted += p[i].accepted;
    }
    assert_int_equal(accepted, 50);
    audit_queue_close(&q);
    struct audit_batch *b;
    while ((b = audit_queue_pop(&q))) {
        popped++;
        free(b);
    }
    assert_int_equal(popped, 50);
    audit_queue_destroy(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bounded_by_count),
        cmocka_unit_test(bounded_by_bytes),
        cmocka_unit_test(fifo_copies_and_drains_after_close),
        cmocka_unit_test(concurrent_producers_respect_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
