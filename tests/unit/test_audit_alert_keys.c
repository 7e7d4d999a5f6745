/* test_audit_alert_keys.c — the keys of alerts read back from an alerts file
 * (audit_alert_keys.h): the same alert from another source (a rotated,
 * compressed file) has the same key, another request or rule another one,
 * lines that are not alerts have none; the multiset consumes each key as
 * many times as it was added; a tail's incomplete last line is left out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/audit/audit_alert_keys.h"

static bool key(enum audit_format f, const char *line, uint64_t *k)
{
    return alert_key_of_line(f, line, strlen(line), k);
}

static const char JL1[] =
    "{\"rule\":\"audit/exec-into-pod\",\"priority\":\"WARNING\",\"auditID\":\"id-1\","
    "\"time\":\"2026-11-30T10:00:00Z\",\"output\":\"exec\",\"source\":\"audit.log:1\"}";
static const char JL1_GZ[] =
    "{\"rule\":\"audit/exec-into-pod\",\"priority\":\"WARNING\",\"auditID\":\"id-1\","
    "\"time\":\"2026-11-30T10:00:00Z\",\"output\":\"exec\",\"source\":\"audit.log.1.gz:1\"}";
static const char JL2[] =
    "{\"rule\":\"audit/exec-into-pod\",\"priority\":\"WARNING\",\"auditID\":\"id-2\","
    "\"time\":\"2026-11-30T10:00:00Z\",\"output\":\"exec\",\"source\":\"audit.log:2\"}";
static const char JL1_OTHER_RULE[] =
    "{\"rule\":\"audit/other\",\"priority\":\"WARNING\",\"auditID\":\"id-1\","
    "\"time\":\"2026-11-30T10:00:00Z\",\"output\":\"exec\",\"source\":\"audit.log:1\"}";

static void jsonl_rule_and_audit_id(void **state)
{
    (void)state;
    uint64_t a, b, c, d;
    assert_true(key(AUDIT_JSONL, JL1, &a));
    assert_true(key(AUDIT_JSONL, JL1_GZ, &b));
    assert_true(key(AUDIT_JSONL, JL2, &c));
    assert_true(key(AUDIT_JSONL, JL1_OTHER_RULE, &d));
    assert_true(a == b);
    assert_true(a != c);
    assert_true(a != d);
}

static void jsonl_without_audit_id(void **state)
{
    (void)state;
    uint64_t a, b, c;
    assert_true(key(AUDIT_JSONL, "{\"rule\":\"r\",\"auditID\":null,\"time\":\"t1\","
                                 "\"output\":\"o\",\"source\":\"a:1\"}", &a));
    assert_true(key(AUDIT_JSONL, "{\"rule\":\"r\",\"auditID\":null,\"time\":\"t1\","
                                 "\"output\":\"o\",\"source\":\"b:9\"}", &b));
    assert_true(key(AUDIT_JSONL, "{\"rule\":\"r\",\"auditID\":null,\"time\":\"t2\","
                                 "\"output\":\"o\",\"source\":\"a:1\"}", &c));
    assert_true(a == b);
    assert_true(a != c);
}

static void falco_rule_and_output(void **state)
{
    (void)state;
    uint64_t a, b, c;
    assert_true(key(AUDIT_FALCO, "{\"time\":\"t\",\"rule\":\"Attach/Exec Pod\",\"priority\":"
                                 "\"Notice\",\"output\":\"t: Notice exec a\",\"tags\":[]}", &a));
    assert_true(key(AUDIT_FALCO, "{\"rule\":\"Attach/Exec Pod\",\"output\":\"t: Notice exec a\"}",
                    &b));
    assert_true(key(AUDIT_FALCO, "{\"rule\":\"Attach/Exec Pod\",\"output\":\"t: Notice exec b\"}",
                    &c));
    assert_true(a == b);
    assert_true(a != c);
}

static void text_without_its_source(void **state)
{
    (void)state;
    uint64_t a, b, c, d;
    assert_true(key(AUDIT_TEXT, "/var/log/audit.log:12: WARNING r: exec [t]", &a));
    assert_true(key(AUDIT_TEXT, "/var/log/audit.log.1.gz:12: WARNING r: exec [t]", &b));
    assert_true(key(AUDIT_TEXT, "/var/log/audit.log:12: WARNING r: exec b [t]", &c));
    /* a colon and digits in the path, not followed by ": " */
    assert_true(key(AUDIT_TEXT, "/var/log:8080/audit.log:12: WARNING r: exec [t]", &d));
    assert_true(a == b);
    assert_true(a != c);
    assert_true(a == d);
    assert_false(key(AUDIT_TEXT, "no source here", &a));
    assert_false(key(AUDIT_TEXT, "a.log:12: ", &a));
    assert_false(key(AUDIT_TEXT, "a.log:: x", &a));
}

static void not_alerts(void **state)
{
    (void)state;
    uint64_t k;
    const char *lines[] = {"", "{", "{}", "[1,2]", "{\"rule\":1,\"output\":\"o\"}",
                           "{\"rule\":\"r\"}", "{\"rule\":\"\",\"output\":\"o\"}",
                           "rule: r", "{\"rule\":\"r\",\"output\":\"o\"} trailing"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        assert_false(key(AUDIT_JSONL, lines[i], &k));
    assert_false(key(AUDIT_JSON, JL1, &k));
}

static void multiset_counts(void **state)
{
    (void)state;
    struct alert_keys k = {0};
    alert_keys_add(&k, 7);
    alert_keys_add(&k, 7);
    alert_keys_add(&k, 0); /* 0 is a key like any other */
    for (uint64_t i = 100; i < 1100; i++)
        alert_keys_add(&k, i * 0x9e3779b97f4a7c15ULL);
    assert_int_equal(k.total, 1003);
    uint64_t *all;
    assert_int_equal(alert_keys_export(&k, &all), 1003);
    free(all);
    assert_true(alert_keys_take(&k, 7));
    assert_true(alert_keys_take(&k, 7));
    assert_false(alert_keys_take(&k, 7));
    assert_true(alert_keys_take(&k, 0));
    assert_false(alert_keys_take(&k, 0));
    assert_false(alert_keys_take(&k, 8));
    for (uint64_t i = 100; i < 1100; i++)
        assert_true(alert_keys_take(&k, i * 0x9e3779b97f4a7c15ULL));
    assert_int_equal(k.total, 0);
    assert_false(alert_keys_take(&k, 100 * 0x9e3779b97f4a7c15ULL));
    alert_keys_free(&k);
    assert_false(alert_keys_take(&k, 7));
}

static void tail_whole_lines(void **state)
{
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, "%s\n%s\nnot an alert\n%s\n%.40s", JL1, JL2, JL1_GZ, JL2);
    struct alert_keys k = {0};
    size_t whole, unkeyed;
    alert_keys_of_text(AUDIT_JSONL, text, strlen(text), &k, &whole, &unkeyed);
    assert_int_equal(whole, strlen(text) - 40);
    assert_int_equal(unkeyed, 1);
    assert_int_equal(k.total, 3);
    uint64_t a, b;
    key(AUDIT_JSONL, JL1, &a);
    key(AUDIT_JSONL, JL2, &b);
    assert_true(alert_keys_take(&k, a));
    assert_true(alert_keys_take(&k, a)); /* JL1 and JL1_GZ: one alert, twice */
    assert_false(alert_keys_take(&k, a));
    assert_true(alert_keys_take(&k, b));
    alert_keys_free(&k);
    alert_keys_of_text(AUDIT_JSONL, "", 0, &k, &whole, &unkeyed);
    assert_int_equal(whole, 0);
    alert_keys_of_text(AUDIT_JSONL, "no newline", 10, &k, &whole, &unkeyed);
    assert_int_equal(whole, 0);
    assert_int_equal(k.total, 0);
    alert_keys_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jsonl_rule_and_audit_id),
        cmocka_unit_test(jsonl_without_audit_id),
        cmocka_unit_test(falco_rule_and_output),
        cmocka_unit_test(text_without_its_source),
        cmocka_unit_test(not_alerts),
        cmocka_unit_test(multiset_counts),
        cmocka_unit_test(tail_whole_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
