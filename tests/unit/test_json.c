/* test_json.c — the JSON front end: which inputs it takes and which it
 * leaves to libyaml, and that either way the tree (types, values, text,
 * positions, flags), the errors and their positions are exactly those of
 * the libyaml path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/json.h"
#include "../common/tree_compare.h"

static bool count_event(const yaml_event_t *ev, void *ctx)
{
    (void)ev;
    ++*(unsigned *)ctx;
    return true;
}

static bool takes(const char *text)
{
    unsigned n = 0;
    return json_events(text, strlen(text), count_event, &n);
}

static void assert_same(const char *text)
{
    char why[400];
    const char *w = tc_compare(text, strlen(text), NULL, why, sizeof why);
    if (w)
        fail_msg("%s\n  for: %s", w, text);
}

/* Plain JSON as kubectl and API servers print it: the fast path. */
static const char *const TAKEN[] = {
    "{}",
    "[]",
    "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"a\":1}]}",
    "{\n    \"a\": [\n        1,\n        -2.5e+3,\n        true,\n        null\n    ]\n}\n",
    "\xEF\xBB\xBF{\"bom\": 1}",
    "{\r\n\t\"crlf\": \"x\"\r\n}\r\n",
    "  \n [1, 2, 3]  \n\n",
    "{\"esc\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20ac \\u0041\"}",
    "{\"utf8\": \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\", \"after\": 1}",
    "{\"yes\": \"yes\", \"on\": true, \"n\": 0, \"x\": 0.5, \"big\": 123456789012345678901234}",
    "{\"dup\": 1, \"dup\": 2}",
    "{\"a\":{\"b\":{\"c\":[[[{}]]]}}}",
    "{\"\": \"\", \"<<\": {\"a\": 1}}",
    "{\"k\" :\"v\" , \"k2\":[ ]}",
    "[\"a\",\"b\"\n,\"c\"]",
    NULL,
};

/* Not plain JSON, or not certainly what libyaml makes of it: declined. */
static const char *const DECLINED[] = {
    "",
    "   ",
    "# comment\n{}",
    "{} # comment",
    "{a: 1}",
    "{'a': 1}",
    "{\"a\": 1,}",
    "[1, 2,]",
    "{\"a\": 1}\n---\n{\"b\": 2}\n",
    "{\"a\": 1} {\"b\": 2}",
    "{\"a\"\n: 1}",
    "{\"s\": \"\\ud83d\\ude00\"}",
    "{\"s\": \"\\x41\"}",
    "{\"s\": \"tab\there\"}",
    "{\"s\": \"line\nbreak\"}",
    "{\"s\": \"del\x7f\"}",
    "{\"s\": \"bad \xC3\"}",
    "{\"s\": \"overlong \xC0\xAF\"}",
    "{\"s\": \"c1 \xC2\x85\"}",
    "{\"s\": \"ls \xE2\x80\xA8\"}",
    "{\"n\": 01}",
    "{\"n\": 1.}",
    "{\"n\": .5}",
    "{\"n\": +1}",
    "{\"n\": 1e}",
    "{\"n\": True}",
    "{\"n\": nul}",
    "[1 2]",
    "[1:2]",
    "\"scalar\"",
    "42",
    "{\"a\": [1, {\"b\": 2]}",
    "{\"unclosed\": [1, 2",
    "[\"a\"\x00]",
    "\n\t{}\n",
    "{}\n\t\n",
    NULL,
};

static void test_taken(void **state)
{
    (void)state;
    for (const char *const *t = TAKEN; *t; t++) {
        if (!takes(*t))
            fail_msg("declined: %s", *t);
        assert_same(*t);
    }
}

static void test_declined(void **state)
{
    (void)state;
    for (const char *const *t = DECLINED; *t; t++) {
        if (takes(*t))
            fail_msg("taken: %s", *t);
        assert_same(*t);
    }
}

/* A key libyaml would no longer take as a simple key (over 1024 chars). */
static void test_long_key(void **state)
{
    (void)state;
    char text[3000];
    memset(text, 'k', sizeof text);
    memcpy(text, "{\"", 2);
    strcpy(text + 1100, "\": 1}");
    assert_false(takes(text));
    assert_same(text);
    strcpy(text + 900, "\": 1}");
    assert_true(takes(text));
    assert_same(text);
}

/* Limits apply on the fast path exactly as on libyaml's. */
static void test_limits(void **state)
{
    (void)state;
    char why[400];
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_depth = 3;
    const char *deep = "{\"a\": {\"b\": {\"c\": {\"d\": 1}}}}";
    assert_null(tc_compare(deep, strlen(deep), &lim, why, sizeof why));
    lim = LOAD_LIMITS_DEFAULT;
    lim.max_scalar_bytes = 4;
    const char *big = "{\"a\": \"longer than four\"}";
    assert_null(tc_compare(big, strlen(big), &lim, why, sizeof why));
    lim = LOAD_LIMITS_DEFAULT;
    lim.max_nodes = 4;
    const char *many = "[1, 2, 3, 4, 5, 6]";
    assert_null(tc_compare(many, strlen(many), &lim, why, sizeof why));
    lim = LOAD_LIMITS_DEFAULT;
    lim.max_doc_bytes = 10;
    assert_null(tc_compare(many, strlen(many), &lim, why, sizeof why));
}

/* The kubectl-generated fixtures of the declarative cases. */
/* Strings up to JSON_LONG_STRING + 1 bytes are taken, longer ones left to
 * libyaml, whether the string is plain ASCII or ends in an escape or a
 * multi-byte character; positions after runs of ASCII, escapes and UTF-8
 * match libyaml's. */
static void test_long_string_boundary(void **state)
{
    (void)state;
    static const char *const TAILS[] = {"a", "\\n", "\xc3\xa9"};
    for (size_t t = 0; t < 3; t++) {
        for (size_t extra = 0; extra <= 2; extra++) {
            size_t tail = strlen(TAILS[t]);
            size_t body = JSON_LONG_STRING + extra - 1; /* bytes before the tail */
            char *text = malloc(body + tail + 16);
            text[0] = '[';
            text[1] = '"';
            memset(text + 2, 'x', body);
            memcpy(text + 2 + body, TAILS[t], tail);
            strcpy(text + 2 + body + tail, "\"]");
            bool want = extra <= 1;
            if (takes(text) != want)
                fail_msg("tail %zu, length limit%+d: taken %d", t, (int)extra - 1, !want);
            free(text);
        }
    }
    assert_same("{\"k\": \"plain ascii then \\u00e9 and \xc3\xa9 then more\", \"n\": [\"x\", 1]}");
}

static void test_fixtures(void **state)
{
    (void)state;
    static const char *const FILES[] = {"tests/cases/input/list-kubectl.json",
                                        "tests/cases/input/deployment-kubectl.json",
                                        "tests/cases/input/json-compact.json",
                                        "tests/cases/input/json-tabs.json", NULL};
    for (const char *const *f = FILES; *f; f++) {
        FILE *in = fopen(*f, "rb");
        if (!in)
            fail_msg("%s: cannot open (run from the repository root)", *f);
        static char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf - 1, in);
        fclose(in);
        buf[n] = '\0';
        assert_true(takes(buf));
        assert_same(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_taken),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_long_key),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_long_string_boundary),
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
