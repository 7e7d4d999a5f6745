/* test_suppress.c — the ringwall.io/ignore grammar (suppress.h): separators,
 * quoted reasons, container globs, aliases, and malformed entries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/check.h"
#include "../../src/checks/suppress.h"

static const struct check PRIV = {.id = "workload/privileged", .aliases = {"KSV-0017"}};
static const struct check LATEST = {.id = "image/latest-tag"};

struct row {
    const char *annotation;
    const struct check *check;
    const char *container;
    const char *reason; /* NULL: must not match */
};

static const char DEFAULT[] = "no reason given";

static const struct row ROWS[] = {
    {"workload/privileged", &PRIV, "app", DEFAULT},
    {"workload/privileged=needs devices", &PRIV, "app", "needs devices"},
    {"  workload/privileged  =  spaced out  ", &PRIV, NULL, "spaced out"},
    {"image/latest-tag, workload/privileged=second", &PRIV, "app", "second"},
    {"image/latest-tag=first, workload/privileged", &LATEST, "app", "first"},
    {"KSV-0017=by alias", &PRIV, "app", "by alias"},
    {"workload/*=glob", &PRIV, "app", "glob"},
    {"image/*", &PRIV, "app", NULL},
    /* quoted reasons keep commas, escapes work, text after the quote is an error */
    {"workload/privileged=\"a, b, c\", image/latest-tag", &PRIV, "app", "a, b, c"},
    {"workload/privileged=\"a, b\", image/latest-tag=x", &LATEST, "app", "x"},
    {"workload/privileged=\"say \\\"hi\\\" \\\\ bye\"", &PRIV, "app", "say \"hi\" \\ bye"},
    {"workload/privileged=\"unclosed, image/latest-tag", &LATEST, "app", NULL},
    {"workload/privileged=\"quoted\" trailing", &PRIV, "app", NULL},
    /* unquoted reasons end at a comma */
    {"workload/privileged=a, b", &PRIV, "app", "a"},
    /* newlines separate entries */
    {"image/latest-tag=x, y\nworkload/privileged=line two, still", &PRIV, NULL, "line two"},
    {"image/latest-tag\r\nworkload/privileged=crlf\r\n", &PRIV, NULL, "crlf"},
    /* containers */
    {"workload/privileged[app]=only app", &PRIV, "app", "only app"},
    {"workload/privileged[app]", &PRIV, "sidecar", NULL},
    {"workload/privileged[app]", &PRIV, NULL, NULL},
    {"workload/privileged[side*]=glob", &PRIV, "sidecar", "glob"},
    {"workload/privileged [ app ] = spaced", &PRIV, "app", "spaced"},
    {"workload/privileged[app", &PRIV, "app", NULL},
    {"workload/privileged[app]x", &PRIV, "app", NULL},
    /* empty and degenerate values */
    {"", &PRIV, "app", NULL},
    {",,, ,", &PRIV, "app", NULL},
    {"=reason", &PRIV, "app", NULL},
    {"workload/privileged=", &PRIV, "app", DEFAULT},
    {"workload/privileged=\"\"", &PRIV, "app", DEFAULT},
};

static void test_rows(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
        const struct row *r = &ROWS[i];
        char reason[512] = "";
        bool got = suppress_match(r->annotation, r->check, r->container, reason, sizeof reason);
        if (got != (r->reason != NULL) || (got && strcmp(reason, r->reason) != 0))
            fail_msg("row %zu \"%s\": got %s \"%s\", want %s", i, r->annotation,
                     got ? "match" : "no match", reason, r->reason ? r->reason : "no match");
    }
}

static void test_truncates_long_reason(void **state)
{
    (void)state;
    char annotation[2048] = "workload/privileged=";
    memset(annotation + strlen(annotation), 'x', 1500);
    char reason[64];
    assert_true(suppress_match(annotation, &PRIV, NULL, reason, sizeof reason));
    assert_int_equal(strlen(reason), sizeof reason - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_truncates_long_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
