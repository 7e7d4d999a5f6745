/* test_jsonw.c — the JSON writer's strings: the same text as escaping byte
 * by byte, wherever the bytes to escape fall in the words the writer copies
 * at a time, however full its buffer is, and written in parts. */
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

/* The escaping, one byte at a time, as a string literal with its quotes. */
static size_t reference(char *out, const char *s)
{
    size_t n = 0;
    out[n++] = '"';
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t len = 1;
        if (*p == '"' || *p == '\\') {
            out[n++] = '\\';
            out[n++] = (char)*p;
        } else if (*p == '\n' || *p == '\r' || *p == '\t' || *p == '\b' || *p == '\f') {
            out[n++] = '\\';
            out[n++] = *p == '\n' ? 'n' : *p == '\r' ? 'r' : *p == '\t' ? 't' : *p == '\b' ? 'b' : 'f';
        } else if (*p < 0x20) {
            n += (size_t)sprintf(out + n, "\\u%04x", *p);
        } else if (*p < 0x80) {
            out[n++] = (char)*p;
        } else if (utf8_decode(p, &len) < 0) {
            memcpy(out + n, "\\ufffd", 6);
            n += 6;
            len = 1;
        } else {
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
    }
    out[n++] = '"';
    out[n] = '\0';
    return n;
}

/* s as an array's element after `fill` bytes of plain text: the writer's
 * text of s, checked against the reference. */
static void check_string(const char *s, size_t fill)
{
    char *pad = malloc(fill + 1);
    memset(pad, 'x', fill);
    pad[fill] = '\0';
    struct jsonw w;
    struct jsonw_sink sink;
    jsonw_memory(&w, &sink);
    jsonw_array(&w);
    jsonw_string(&w, pad);
    jsonw_string(&w, s);
    jsonw_array_end(&w);
    size_t len;
    char *got = jsonw_memory_take(&w, &len);
    char *want = malloc(6 * strlen(s) + fill + 16);
    size_t n = 0;
    want[n++] = '[';
    n += reference(want + n, pad);
    want[n++] = ',';
    n += reference(want + n, s);
    want[n++] = ']';
    want[n] = '\0';
    assert_string_equal(got, want);
    assert_int_equal(len, n);
    free(got);
    free(want);
    free(pad);
}

static const char *const SPECIALS[] = {"\"", "\\", "\n", "\x01", "\x7f", "\xc3\xa9",
                                       "\xe2\x82\xac", "\xc3", "\xff", "\xed\xa0\x80"};
enum { NSPECIALS = sizeof SPECIALS / sizeof *SPECIALS };

/* A special byte or sequence at every position of strings of every length
 * up to forty, after buffers filled to around the room the string needs. */
static void test_escapes_anywhere(void **state)
{
    (void)state;
    static const size_t FILLS[] = {0, 1, 7, 3900, 4000, 4050, 4070, 4080, 4090, 4093, 5000};
    char s[64];
    for (size_t f = 0; f < sizeof FILLS / sizeof *FILLS; f++)
        for (size_t len = 0; len <= 40; len++)
            for (size_t k = 0; k < NSPECIALS; k++)
                for (size_t at = 0; at <= len; at++) {
                    memset(s, 'a' + (int)(len % 26), len);
                    size_t sl = strlen(SPECIALS[k]);
                    memcpy(s + at, SPECIALS[k], sl);
                    size_t total = at + sl > len ? at + sl : len;
                    s[total] = '\0';
                    check_string(s, FILLS[f]);
                }
}

static void test_long_strings(void **state)
{
    (void)state;
    size_t n = 9000;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        s[i] = (char)('a' + i % 26);
    s[n] = '\0';
    check_string(s, 0);
    check_string(s, 4090);
    s[5000] = '"';
    s[8999] = '\n';
    check_string(s, 100);
    free(s);
}

/* Parts written one after another: the text of the parts joined. */
static void test_parts(void **state)
{
    (void)state;
    const char *parts[] = {"secret/as-env", ":", "app \"x\"", ",", "caf\xc3\xa9", ":", "\xc3",
                           ",", "reliability/no-topology-spread"};
    size_t nparts = sizeof parts / sizeof *parts;
    char joined[256] = "";
    struct jsonw w;
    struct jsonw_sink sink;
    jsonw_memory(&w, &sink);
    jsonw_object(&w);
    jsonw_key(&w, "k");
    jsonw_string_open(&w);
    for (size_t i = 0; i < nparts; i++) {
        jsonw_string_part(&w, parts[i]);
        strcat(joined, parts[i]);
    }
    jsonw_string_close(&w);
    jsonw_kv_string(&w, "after", "");
    jsonw_object_end(&w);
    size_t len;
    char *got = jsonw_memory_take(&w, &len);
    char want[1024] = "{\"k\":";
    reference(want + strlen(want), joined);
    strcat(want, ",\"after\":\"\"}");
    assert_string_equal(got, want);
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes_anywhere),
        cmocka_unit_test(test_long_strings),
        cmocka_unit_test(test_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
