/* test_output_memo.c — text made once and copied (jsonw_memory, the
 * report's slots, the per-check text) is the text written directly: a JSON
 * report whose findings alternate between objects and texts lists each
 * finding exactly as output_json_finding writes it alone, and JSON Lines
 * streamed as the findings are made are the lines written from the store;
 * fmt_uint writes what printf's %llu writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/catalog.h"
#include "../../src/core/fmt.h"
#include "../../src/output/jsonw.h"
#include "../../src/output/output.h"

static void test_memory_writer(void **state)
{
    (void)state;
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    jsonw_kv_string(&w, "a", "x\"y\n\x01");
    jsonw_kv_string(&w, "b", NULL);
    size_t len;
    char *members = jsonw_memory_take(&w, &len);
    assert_string_equal(members, "\"a\":\"x\\\"y\\n\\u0001\",\"b\":null");
    assert_int_equal(len, strlen(members));

    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    jsonw_init(&w, m);
    jsonw_object(&w);
    jsonw_members(&w, members, len); /* first: no comma before */
    jsonw_kv_int(&w, "c", 1);
    jsonw_members(&w, members, len); /* later: a comma before */
    jsonw_object_end(&w);
    fclose(m);
    assert_string_equal(buf, "{\"a\":\"x\\\"y\\n\\u0001\",\"b\":null,\"c\":1,"
                             "\"a\":\"x\\\"y\\n\\u0001\",\"b\":null}");
    free(buf);
    free(members);
}

/* Many distinct messages, paths and objects (more than a stream keeps),
 * each object's findings far apart in the store. */
static void add_findings(struct findings *fs)
{
    static const char *const ids[] = {"workload/privileged", "image/latest-tag",
                                      "namespace/no-pss-enforce"};
    char message[64], path[64], name[32];
    for (unsigned i = 0; i < 9000; i++) {
        snprintf(message, sizeof message, "message %u \"quoted\"", i % 5000);
        snprintf(path, sizeof path, "spec.containers[%u]", i % 4500);
        snprintf(name, sizeof name, "app-%u", i % 3000);
        struct finding f = {
            .check = catalog_find(ids[i % 3]),
            .severity = (enum severity)(i % SEV_COUNT),
            .message = message,
            .api_version = "v1",
            .kind = "Pod",
            .namespace = i % 2 ? "ns" : NULL,
            .name = name,
            .container = i % 3 ? "c0" : NULL,
            .path = path,
            .file = i % 4 ? "a.yaml" : NULL,
            .line = i % 7,
            .col = i % 5,
            .suppressed = i % 13 == 0 ? "a reason" : NULL,
            .suppressed_by = i % 13 == 0 ? "config" : NULL,
        };
        findings_add(fs, &f);
    }
}

static void test_report_same_as_single(void **state)
{
    (void)state;
    struct findings fs = {0};
    add_findings(&fs);
    char *report = NULL, *single = NULL;
    size_t rsize = 0, ssize = 0;
    FILE *m = open_memstream(&report, &rsize);
    struct scan_result res = {.findings = &fs, .fail_on = SEV_HIGH};
    output_write(m, FORMAT_JSON, &res, false);
    fclose(m);

    /* the findings array as output_json_finding writes each finding */
    m = open_memstream(&single, &ssize);
    struct output_ranked *order = output_rank(&fs, false);
    struct jsonw w;
    jsonw_init(&w, m);
    jsonw_array(&w);
    for (size_t i = 0; i < fs.n; i++) {
        struct finding f;
        findings_at(&fs, order[i].index, &f);
        output_json_finding(&w, &f);
    }
    jsonw_array_end(&w);
    fclose(m);
    free(order);

    const char *findings = strstr(report, "\"findings\":");
    assert_non_null(findings);
    findings += strlen("\"findings\":");
    assert_true(strlen(findings) > ssize);
    assert_memory_equal(findings, single, ssize);
    free(report);
    free(single);
    findings_free(&fs);
}

static void test_stream_same_as_stored(void **state)
{
    (void)state;
    char *streamed = NULL, *stored = NULL, *single = NULL;
    size_t streamed_size = 0, stored_size = 0, single_size = 0;
    FILE *m = open_memstream(&streamed, &streamed_size);
    struct output_jsonl_stream *stream = output_jsonl_open(m, false);
    struct findings counted = {.discard = true, .on_add = output_jsonl_add, .on_add_ctx = stream};
    add_findings(&counted);
    output_jsonl_close(stream);
    fclose(m);
    findings_free(&counted);

    struct findings fs = {0};
    add_findings(&fs);
    m = open_memstream(&stored, &stored_size);
    struct scan_result res = {.findings = &fs, .fail_on = SEV_HIGH};
    output_write(m, FORMAT_JSONL, &res, false);
    fclose(m);
    m = open_memstream(&single, &single_size);
    for (size_t i = 0; i < fs.n; i++) {
        struct finding f;
        findings_at(&fs, i, &f);
        struct jsonw w;
        jsonw_init(&w, m);
        output_json_finding(&w, &f);
        fputc('\n', m);
    }
    fclose(m);

    assert_int_equal(streamed_size, stored_size);
    assert_memory_equal(streamed, stored, stored_size);
    assert_int_equal(single_size, stored_size);
    assert_memory_equal(single, stored, stored_size);
    free(streamed);
    free(stored);
    free(single);
    findings_free(&fs);
}

static void test_fmt_uint(void **state)
{
    (void)state;
    const unsigned long long values[] = {0, 7, 10, 99, 4294967295ULL, 18446744073709551615ULL};
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char want[32], got[FMT_UINT_MAX + 1];
        snprintf(want, sizeof want, "%llu", values[i]);
        size_t n = fmt_uint(got, values[i]);
        got[n] = '\0';
        assert_string_equal(got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_writer),
        cmocka_unit_test(test_report_same_as_single),
        cmocka_unit_test(test_stream_same_as_stored),
        cmocka_unit_test(test_fmt_uint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
