/* test_xmlw.c — XML escaping (xmlw.h) and the JSON writer's handling of
 * text that is not valid UTF-8 (jsonw.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/output/jsonw.h"
#include "../../src/output/xmlw.h"

static char *capture(void (*fn)(FILE *, const char *), const char *in)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    fn(m, in);
    fclose(m);
    return buf;
}

struct row {
    const char *in, *text, *attr;
};

static const struct row ROWS[] = {
    {"plain", "plain", "plain"},
    {"a<b>&c", "a&lt;b&gt;&amp;c", "a&lt;b&gt;&amp;c"},
    {"\"q\" 'a'", "\"q\" 'a'", "&quot;q&quot; &apos;a&apos;"},
    {"t\tn\nr\r", "t\tn\nr&#13;", "t&#9;n&#10;r&#13;"},
    {"bell\a esc\x1b nul-less \x01", "bell\\x07 esc\\x1b nul-less \\x01",
     "bell\\x07 esc\\x1b nul-less \\x01"},
    {"]]>", "]]&gt;", "]]&gt;"},
    {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92",
     "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92"},
    /* invalid UTF-8: a lone continuation, a truncated sequence, an overlong
     * slash, a surrogate: each byte becomes U+FFFD */
    {"a\x80z", "a\xef\xbf\xbdz", "a\xef\xbf\xbdz"},
    {"a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd", "a\xef\xbf\xbd\xef\xbf\xbd"},
    {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd"},
    {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
    /* noncharacters XML cannot carry */
    {"x\xef\xbf\xbfy", "x\\uFFFFy", "x\\uFFFFy"},
};

static void test_xml(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
        char *t = capture(xml_write_text, ROWS[i].in), *a = capture(xml_write_attr, ROWS[i].in);
        if (strcmp(t, ROWS[i].text) != 0 || strcmp(a, ROWS[i].attr) != 0)
            fail_msg("row %zu: text \"%s\" attr \"%s\"", i, t, a);
        free(t);
        free(a);
    }
}

static void test_xml_null(void **state)
{
    (void)state;
    char *t = capture(xml_write_text, NULL);
    assert_string_equal(t, "");
    free(t);
}

static void test_json_utf8(void **state)
{
    (void)state;
    char *s = capture(json_write_string, "ok \xc3\xa9 bad \xff \x01 \"q\"");
    assert_string_equal(s, "\"ok \xc3\xa9 bad \\ufffd \\u0001 \\\"q\\\"\"");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml),
        cmocka_unit_test(test_xml_null),
        cmocka_unit_test(test_json_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
