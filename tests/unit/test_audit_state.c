/* test_audit_state.c — the keyed windows behind ringwall's stateful audit
 * rules (audit_state.h): a threshold counts events within the window only,
 * fires once and starts again, keys expire, the cap evicts the least
 * recently seen key and counts it, first-seen fires once per key; keys
 * saved and restored (a checkpoint) count on as if never interrupted, in
 * the same least-recently-seen order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/audit/audit_state.h"

#define S(x) ((uint64_t)(x) * 1000000000ULL)

static bool hit(struct audit_state *s, const char *key, uint64_t t, unsigned *count)
{
    return audit_state_hit(s, key, strlen(key), t, count);
}

static void threshold_within_window(void **state)
{
    (void)state;
    struct audit_state s;
    unsigned n;
    audit_state_init(&s, 3, 60, 100);
    assert_false(hit(&s, "alice", S(0), &n));
    assert_false(hit(&s, "bob", S(1), &n));
    assert_false(hit(&s, "alice", S(30), &n));
    assert_int_equal(n, 2);
    assert_true(hit(&s, "alice", S(59), &n));
    assert_int_equal(n, 3);
    /* counting starts again after an alert */
    assert_false(hit(&s, "alice", S(60), &n));
    assert_int_equal(n, 1);
    audit_state_free(&s);
}

static void old_events_leave_the_window(void **state)
{
    (void)state;
    struct audit_state s;
    unsigned n;
    audit_state_init(&s, 3, 10, 100);
    assert_false(hit(&s, "k", S(0), &n));
    assert_false(hit(&s, "k", S(5), &n));
    assert_false(hit(&s, "k", S(11), &n)); /* the first fell out */
    assert_int_equal(n, 2);
    assert_true(hit(&s, "k", S(14), &n));
    audit_state_free(&s);
}

static void cap_evicts_least_recent(void **state)
{
    (void)state;
    struct audit_state s;
    unsigned n;
    audit_state_init(&s, 2, 3600, 2);
    assert_false(hit(&s, "a", S(0), &n));
    assert_false(hit(&s, "b", S(1), &n));
    assert_false(hit(&s, "c", S(2), &n)); /* evicts a */
    assert_int_equal(s.evicted, 1);
    assert_int_equal(s.count, 2);
    assert_false(hit(&s, "a", S(3), &n)); /* a starts over; evicts b */
    assert_int_equal(n, 1);
    assert_int_equal(s.evicted, 2);
    assert_true(hit(&s, "c", S(4), &n));
    audit_state_free(&s);
}

static void keys_expire(void **state)
{
    (void)state;
    struct audit_state s;
    unsigned n;
    audit_state_init(&s, 5, 10, 100);
    assert_false(hit(&s, "a", S(0), &n));
    assert_false(hit(&s, "b", S(1), &n));
    assert_false(hit(&s, "c", S(30), &n)); /* a and b are forgotten */
    assert_int_equal(s.expired, 2);
    assert_int_equal(s.count, 1);
    audit_state_free(&s);
}

static void first_seen_once_per_key(void **state)
{
    (void)state;
    struct audit_state s;
    unsigned n;
    audit_state_init(&s, 0, 3600, 100);
    assert_true(hit(&s, "sa\x1f" "kubectl", S(0), &n));
    assert_false(hit(&s, "sa\x1f" "kubectl", S(1), &n));
    assert_true(hit(&s, "sa\x1f" "curl", S(2), &n));
    assert_true(hit(&s, "sa\x1f" "kubectl", S(4000), &n)); /* forgotten after the window */
    audit_state_free(&s);
}

struct saved {
    char keys[8][16];
    uint64_t last[8], times[8][4];
    unsigned n[8], count;
};

static void save_key(const char *key, size_t len, uint64_t last, const uint64_t *times,
                     unsigned n, void *ctx)
{
    struct saved *sv = ctx;
    assert_true(sv->count < 8 && len < 16 && n <= 4);
    memcpy(sv->keys[sv->count], key, len);
    sv->last[sv->count] = last;
    memcpy(sv->times[sv->count], times, n * sizeof *times);
    sv->n[sv->count++] = n;
}

static void restored_keys_count_on(void **state)
{
    (void)state;
    struct audit_state s, r;
    unsigned n;
    audit_state_init(&s, 3, 60, 2);
    assert_false(hit(&s, "alice", S(0), &n));
    assert_false(hit(&s, "bob", S(5), &n));
    assert_false(hit(&s, "alice", S(10), &n));
    struct saved sv = {0};
    audit_state_each(&s, save_key, &sv);
    audit_state_free(&s);
    assert_int_equal(sv.count, 2);
    assert_string_equal(sv.keys[0], "bob");   /* least recently seen first */
    assert_string_equal(sv.keys[1], "alice");
    assert_int_equal(sv.n[1], 2);
    assert_true(sv.times[1][0] == S(0) && sv.times[1][1] == S(10) && sv.last[1] == S(10));

    audit_state_init(&r, 3, 60, 2);
    for (unsigned i = 0; i < sv.count; i++)
        audit_state_restore(&r, sv.keys[i], strlen(sv.keys[i]), sv.last[i], sv.times[i],
                            sv.n[i]);
    assert_true(hit(&r, "alice", S(20), &n)); /* the third within the window */
    assert_int_equal(n, 3);
    /* the order survived: a new key at the cap evicts bob, not alice */
    assert_false(hit(&r, "carol", S(21), &n));
    assert_int_equal(r.evicted, 1);
    assert_false(hit(&r, "alice", S(22), &n));
    assert_int_equal(n, 1);
    audit_state_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threshold_within_window),
        cmocka_unit_test(old_events_leave_the_window),
        cmocka_unit_test(cap_evicts_least_recent),
        cmocka_unit_test(keys_expire),
        cmocka_unit_test(first_seen_once_per_key),
        cmocka_unit_test(restored_keys_count_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
