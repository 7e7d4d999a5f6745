/* test_output_position.c — a finding without a position (line 0: a
 * namespace-level finding with no Namespace object to point at) is printed
 * without a made-up line:col by every report format, and a finding about no
 * file has no file in any of them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/catalog.h"
#include "../../src/output/output.h"

static void add_finding(struct findings *fs, const char *file, unsigned line, unsigned col)
{
    struct finding f = {
        .check = catalog_find("namespace/no-pss-enforce"),
        .severity = SEV_MEDIUM,
        .message = "namespace \"shop\" enforces no Pod Security level",
        .kind = "Namespace",
        .name = "shop",
        .file = file,
        .line = line,
        .col = col,
    };
    findings_add(fs, &f);
}

static char *write_report(enum output_format fmt, const struct findings *fs)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    struct scan_result res = {.findings = fs, .fail_on = SEV_HIGH};
    output_write(m, fmt, &res, false);
    fclose(m);
    return buf;
}

static void test_no_position(void **state)
{
    (void)state;
    struct findings fs = {0};
    add_finding(&fs, "deploy/app.yaml", 0, 0);
    char *text = write_report(FORMAT_TEXT, &fs);
    assert_non_null(strstr(text, "deploy/app.yaml\n"));
    assert_null(strstr(text, "app.yaml:0"));
    assert_null(strstr(text, "app.yaml:1"));
    char *json = write_report(FORMAT_JSON, &fs);
    assert_non_null(strstr(json, "\"line\":null,\"column\":null"));
    char *sarif = write_report(FORMAT_SARIF, &fs);
    assert_null(strstr(sarif, "\"region\""));
    char *junit = write_report(FORMAT_JUNIT, &fs);
    assert_non_null(strstr(junit, "deploy/app.yaml: namespace"));
    assert_null(strstr(junit, "app.yaml:0"));
    free(text);
    free(json);
    free(sarif);
    free(junit);
    findings_free(&fs);
}

static void test_no_file(void **state)
{
    (void)state;
    struct findings fs = {0};
    add_finding(&fs, NULL, 0, 0);
    char *text = write_report(FORMAT_TEXT, &fs);
    assert_non_null(strstr(text, "(no file)\n  Namespace/shop\n"));
    assert_null(strstr(text, ":0"));
    char *json = write_report(FORMAT_JSON, &fs);
    assert_non_null(strstr(json, "\"file\":null,\"line\":null,\"column\":null"));
    char *sarif = write_report(FORMAT_SARIF, &fs);
    assert_null(strstr(sarif, "\"physicalLocation\""));
    assert_non_null(strstr(sarif, "\"logicalLocations\""));
    free(text);
    free(json);
    free(sarif);
    findings_free(&fs);
}

static void test_position_kept(void **state)
{
    (void)state;
    struct findings fs = {0};
    add_finding(&fs, "ns.yaml", 3, 5);
    char *text = write_report(FORMAT_TEXT, &fs);
    assert_non_null(strstr(text, "ns.yaml:3:5"));
    char *json = write_report(FORMAT_JSON, &fs);
    assert_non_null(strstr(json, "\"line\":3,\"column\":5"));
    free(text);
    free(json);
    findings_free(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_position),
        cmocka_unit_test(test_no_file),
        cmocka_unit_test(test_position_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
