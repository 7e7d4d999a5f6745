/* test_metrics.c — the Prometheus registry (src/serve/metrics.h): counters
 * summed per label set, gauges set, cumulative histogram buckets, HELP and
 * TYPE lines once per family, label escaping, and adds from many threads. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/serve/metrics.h"

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void test_counters_and_gauges(void **state)
{
    (void)state;
    metrics_add("t_requests_total", "requests", "code=\"200\"", 1);
    metrics_add("t_requests_total", "ignored help", "code=\"200\"", 2);
    metrics_add("t_requests_total", NULL, "code=\"413\"", 1);
    metrics_add("t_plain_total", "no labels", NULL, 5);
    metrics_set("t_open", "open now", NULL, 7);
    metrics_set("t_open", "open now", NULL, 3);
    size_t len;
    char *text = metrics_render(&len);
    assert_int_equal(strlen(text), len);
    assert_non_null(strstr(text, "# HELP t_requests_total requests\n# TYPE t_requests_total counter\n"));
    assert_int_equal(count_of(text, "# TYPE t_requests_total"), 1);
    assert_non_null(strstr(text, "t_requests_total{code=\"200\"} 3\n"));
    assert_non_null(strstr(text, "t_requests_total{code=\"413\"} 1\n"));
    assert_non_null(strstr(text, "t_plain_total 5\n"));
    assert_non_null(strstr(text, "# TYPE t_open gauge\nt_open 3\n"));
    free(text);
}

static void test_histogram(void **state)
{
    (void)state;
    metrics_observe("t_seconds", "durations", 0.000005);  /* first bucket */
    metrics_observe("t_seconds", "durations", 0.0003);    /* le 0.0005 */
    metrics_observe("t_seconds", "durations", 60);        /* only +Inf */
    char *text = metrics_render(NULL);
    assert_non_null(strstr(text, "# TYPE t_seconds histogram\n"));
    assert_non_null(strstr(text, "t_seconds_bucket{le=\"1e-05\"} 1\n"));
    assert_non_null(strstr(text, "t_seconds_bucket{le=\"0.00025\"} 1\n"));
    assert_non_null(strstr(text, "t_seconds_bucket{le=\"0.0005\"} 2\n"));
    assert_non_null(strstr(text, "t_seconds_bucket{le=\"10\"} 2\n"));
    assert_non_null(strstr(text, "t_seconds_bucket{le=\"+Inf\"} 3\n"));
    assert_non_null(strstr(text, "t_seconds_count 3\n"));
    assert_non_null(strstr(text, "t_seconds_sum 60.000305"));
    free(text);
}

static void test_escape(void **state)
{
    (void)state;
    char buf[64];
    metrics_escape(buf, sizeof buf, "a\"b\\c\nd");
    assert_string_equal(buf, "a\\\"b\\\\c\\nd");
    metrics_escape(buf, 5, "abc\"def");       /* cut, never half an escape */
    assert_string_equal(buf, "abc");
    metrics_escape(buf, sizeof buf, NULL);
    assert_string_equal(buf, "");
}

static void *add_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 10000; i++)
        metrics_add("t_threads_total", "from threads", "k=\"v\"", 1);
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, add_many, NULL), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    char *text = metrics_render(NULL);
    assert_non_null(strstr(text, "t_threads_total{k=\"v\"} 40000\n"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_and_gauges),
        cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
