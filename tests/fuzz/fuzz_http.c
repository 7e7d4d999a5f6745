/* fuzz_http.c — libFuzzer target for the server's HTTP/1.1 request parser
 * (src/serve/serve_parse.c). The first byte picks the header limit; the
 * rest is what a client sends. The head is parsed once whole and once as
 * it would arrive in pieces (the search resuming where it stopped): both
 * must agree. A parsed head's strings must lie inside the buffer; what
 * follows it goes through the chunked decoder, also in pieces, whose data
 * slices must lie inside what it was given. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/serve/serve_parse.h"

static void check_string(const char *s, const char *buf, size_t len)
{
    if (!s)
        return;
    assert(s >= buf && s < buf + len);
    assert(memchr(s, '\0', (size_t)(buf + len - s)));
}

static void check_chunked(const char *in, size_t n, unsigned piece)
{
    struct http_chunked c = {0};
    size_t at = 0, data = 0;
    while (at < n && !c.done) {
        size_t step = n - at < piece ? n - at : piece, off, len;
        long used = http_chunked_step(&c, in + at, step, &off, &len);
        if (used < 0)
            return;
        assert((size_t)used <= step && off + len <= (size_t)used);
        if (used == 0 && step)
            return;
        data += len;
        at += (size_t)used;
    }
    assert(data <= n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t max_head = 16 + (size_t)data[0] * 64;
    const char *in = (const char *)data + 1;
    size_t n = size - 1;
    char *whole = malloc(n + 1), *pieces = malloc(n + 1);
    if (!whole || !pieces)
        abort();
    memcpy(whole, in, n);
    memcpy(pieces, in, n);
    struct http_head h1, h2;
    size_t scan = 0;
    int all = http_parse_head(whole, n, max_head, &scan, &h1);
    int part = 0;
    scan = 0;
    unsigned piece = 1 + data[0] % 37;
    for (size_t len = piece < n ? piece : n; ; len = len + piece < n ? len + piece : n) {
        part = http_parse_head(pieces, len, max_head, &scan, &h2);
        if (part || len == n)
            break;
    }
    assert(part == all);
    if (all == 1) {
        assert(h1.skipped + h1.head_len <= n && h1.head_len <= max_head);
        check_string(h1.method, whole, n);
        check_string(h1.path, whole, n);
        check_string(h1.query, whole, n);
        check_string(h1.content_type, whole, n);
        assert(h1.path && h1.path[0] == '/');
        assert(!(h1.chunked && h1.has_length));
        size_t body = h1.skipped + h1.head_len;
        check_chunked(in + body, n - body, piece);
    }
    free(whole);
    free(pieces);
    return 0;
}
