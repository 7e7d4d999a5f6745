/* test_serve_parse.c — the server's HTTP/1.1 request parser
 * (src/serve/serve_parse.h): a head found whole or as it arrives, the
 * header limit at its exact boundary, the fields the server acts on, the
 * strictness cases (each with the status it gets), and the chunked
 * decoder fed a byte at a time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/serve/serve_parse.h"

/* Parses a copy of TEXT (the parser cuts strings in place). */
static int parse(const char *text, size_t max_head, struct http_head *h, char **copy)
{
    size_t len = strlen(text), scan = 0;
    *copy = malloc(len + 1);
    memcpy(*copy, text, len + 1);
    return http_parse_head(*copy, len, max_head, &scan, h);
}

static void test_request(void **state)
{
    (void)state;
    struct http_head h;
    char *buf;
    assert_int_equal(parse("\r\nPOST /a%2Fb?x=1+2&y=%41 HTTP/1.1\r\nHost: h\r\n"
                           "content-type:  application/json \r\nContent-Length: 12\r\n"
                           "Expect: 100-Continue\r\nConnection: keep-alive, Close\r\n\r\nbody",
                           16384, &h, &buf), 1);
    assert_string_equal(h.method, "POST");
    assert_string_equal(h.path, "/a/b");
    assert_string_equal(h.query, "x=1 2&y=A");
    assert_string_equal(h.content_type, "application/json");
    assert_true(h.has_length && h.content_length == 12);
    assert_true(h.expect_continue && !h.keep_alive && !h.http10 && !h.chunked);
    assert_int_equal(h.skipped, 2);
    assert_memory_equal(buf + h.skipped + h.head_len, "body", 4);
    free(buf);
    assert_int_equal(parse("GET / HTTP/1.0\r\n\r\n", 100, &h, &buf), 1);
    assert_true(h.http10 && !h.keep_alive && !h.query);
    free(buf);
    assert_int_equal(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 100, &h, &buf), 1);
    assert_true(h.keep_alive);
    free(buf);
}

static void test_incremental(void **state)
{
    (void)state;
    const char *text = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    size_t len = strlen(text), scan = 0;
    char buf[64];
    struct http_head h;
    memcpy(buf, text, len);
    for (size_t n = 1; n < len; n++)
        assert_int_equal(http_parse_head(buf, n, 1024, &scan, &h), 0);
    assert_int_equal(http_parse_head(buf, len, 1024, &scan, &h), 1);
    assert_int_equal(h.head_len, len);
}

static void test_limit_boundary(void **state)
{
    (void)state;
    const char *start = "GET / HTTP/1.1\r\nX: ";
    size_t limit = 200;
    char text[256];
    struct http_head h;
    for (size_t size = limit - 1; size <= limit + 1; size++) {
        size_t pad = size - strlen(start) - 4, scan = 0;
        snprintf(text, sizeof text, "%s%.*s\r\n\r\n", start, (int)pad,
                 "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
                 "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
                 "pppppppppppppppppppppppppppppppppppppppppppppppppp");
        assert_int_equal(strlen(text), size);
        assert_int_equal(http_parse_head(text, size, limit, &scan, &h), size <= limit ? 1 : 431);
    }
    /* no end in sight and already over the limit: refused without waiting */
    char big[300];
    memset(big, 'a', sizeof big);
    memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
    size_t scan = 0;
    assert_int_equal(http_parse_head(big, sizeof big, limit, &scan, &h), 431);
}

static void test_refusals(void **state)
{
    (void)state;
    static const struct { const char *text; int status; } cases[] = {
        {"\x16\x03\x01\x02", 400},
        {"GET  / HTTP/1.1\r\n\r\n", 400},
        {"GET http://x/ HTTP/1.1\r\n\r\n", 400},
        {"GET /a#b HTTP/1.1\r\n\r\n", 400},
        {"GET /%zz HTTP/1.1\r\n\r\n", 400},
        {"GET /%00 HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\nHost: x\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\x01" "b\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
        {"POST / HTTP/1.1\r\nExpect: something\r\n\r\n", 417},
        {"GET / HTTP/2.0\r\n\r\n", 505},
        {"GET / HTTPS/1.1\r\n\r\n", 400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct http_head h;
        char *buf;
        int got = parse(cases[i].text, 1024, &h, &buf);
        if (got != cases[i].status)
            fail_msg("case %zu: %d, want %d", i, got, cases[i].status);
        free(buf);
    }
    /* the same Content-Length twice is one length */
    struct http_head h;
    char *buf;
    assert_int_equal(parse("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
                           1024, &h, &buf), 1);
    free(buf);
}

/* Decodes IN a byte at a time into OUT; returns the decoded length or -1. */
static long dechunk(const char *in, char *out, size_t *consumed)
{
    struct http_chunked c = {0};
    size_t n = strlen(in), at = 0, o = 0;
    while (at < n && !c.done) {
        size_t off, len;
        long used = http_chunked_step(&c, in + at, 1, &off, &len);
        if (used < 0)
            return -1;
        memcpy(out + o, in + at + off, len);
        o += len;
        at += (size_t)used;
    }
    *consumed = at;
    return c.done ? (long)o : -2;
}

static void test_chunked(void **state)
{
    (void)state;
    char out[64];
    size_t used;
    const char *body = "3;x=y\r\nabc\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\nNEXT";
    assert_int_equal(dechunk(body, out, &used), 13);
    assert_memory_equal(out, "abc0123456789", 13);
    assert_int_equal(used, strlen(body) - 4);  /* stops before the next request */
    assert_int_equal(dechunk("z\r\n", out, &used), -1);
    assert_int_equal(dechunk("3\r\nabcX\r\n", out, &used), -1);
    assert_int_equal(dechunk("1234567890123456\r\n", out, &used), -1);
    assert_int_equal(dechunk("3\r\nab", out, &used), -2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request),
        cmocka_unit_test(test_incremental),
        cmocka_unit_test(test_limit_boundary),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_chunked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
