/* test_xmlw.c — XML escaping (xmlw.h) and the JSON writer (jsonw.h): text
 * that is not valid UTF-8, its escaping against a byte-at-a-time reference
 * for strings with every kind of byte at every offset of the word-wide
 * scan, and held writes against plain ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/utf8.h"
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

/* The escaping spelled out one byte at a time. */
static void reference(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len;
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\r')
            fputs("\\r", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p == '\b')
            fputs("\\b", out);
        else if (*p == '\f')
            fputs("\\f", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else if (*p < 0x80)
            fputc(*p, out);
        else if (utf8_decode(p, &len) < 0)
            fputs("\\ufffd", out);
        else {
            fwrite(p, 1, len, out);
            p += len;
            continue;
        }
        p++;
    }
    fputc('"', out);
}

static void test_escapes_as_reference(void **state)
{
    (void)state;
    static const char *const PIECES[] = {"a", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f",
                                         "\xc3\xa9", "\xe2\x80\xa8", "\xf0\x9f\x98\x80",
                                         "\xc3", "\xff", "\x80", " ", "~", "\b", "\f", "\r"};
    enum { NPIECES = sizeof PIECES / sizeof *PIECES };
    srand(7);
    for (int round = 0; round < 20000; round++) {
        char s[128] = "";
        size_t n = 0, want = (size_t)(rand() % 40);
        while (n < want) {
            const char *piece = rand() % 3 ? "x" : PIECES[rand() % NPIECES];
            size_t len = strlen(piece);
            memcpy(s + n, piece, len);
            n += len;
        }
        s[n] = '\0';
        char *got = capture(json_write_string, s), *expect = capture(reference, s);
        assert_string_equal(got, expect);
        free(got);
        free(expect);
    }
    char long_text[5000]; /* more than one buffer */
    memset(long_text, 'q', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    long_text[4095] = '"';
    char *got = capture(json_write_string, long_text), *expect = capture(reference, long_text);
    assert_string_equal(got, expect);
    free(got);
    free(expect);
}

static void record(struct jsonw *w, int i)
{
    jsonw_object(w);
    jsonw_kv_string(w, "name", i % 3 ? "plain" : "quote \" and \\");
    jsonw_kv_int(w, "n", i - 50);
    jsonw_kv_bool(w, "even", i % 2 == 0);
    jsonw_key(w, "list");
    jsonw_array(w);
    jsonw_string(w, NULL);
    jsonw_int(w, INT64_MIN + i);
    jsonw_array_end(w);
    jsonw_object_end(w);
}

/* Held or not, the same text. */
static void test_held_writes(void **state)
{
    (void)state;
    char *text[2];
    size_t size[2];
    for (int held = 0; held < 2; held++) {
        FILE *f = open_memstream(&text[held], &size[held]);
        struct jsonw w;
        struct jsonw_sink sink;
        jsonw_init(&w, f);
        jsonw_array(&w);
        if (held)
            jsonw_hold(&w, &sink);
        for (int i = 0; i < 300; i++)
            record(&w, i);
        if (held)
            jsonw_release(&w);
        jsonw_array_end(&w);
        fclose(f);
    }
    assert_int_equal(size[0], size[1]);
    assert_true(size[0] > sizeof ((struct jsonw_sink *)0)->buf);
    assert_string_equal(text[0], text[1]);
    assert_non_null(strstr(text[0], "-9223372036854775808"));
    free(text[0]);
    free(text[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xml),
        cmocka_unit_test(test_xml_null),
        cmocka_unit_test(test_json_utf8),
        cmocka_unit_test(test_escapes_as_reference),
        cmocka_unit_test(test_held_writes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
