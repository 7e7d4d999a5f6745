/* test_etcd_json.c — what etcd sends back. The gateway's JSON: trees and
 * their errors, string escapes, 64-bit integers written as strings, base64
 * bytes, range pages, the splitter of a snapshot stream fed byte by byte,
 * and the end of a prefix range. gRPC: message framing fed byte by byte,
 * its refusals, and SnapshotResponse's blob. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/etcd/client.h"
#include "../../src/etcd/etcd_json.h"
#include "../../src/etcd/grpc_frame.h"

static const struct ej_value *parse(struct arena *a, const char *text)
{
    size_t at;
    const char *why;
    return ej_parse(a, text, strlen(text), &at, &why);
}

static void test_tree(void **state)
{
    struct arena a = {0};
    const struct ej_value *v =
        parse(&a, " {\"a\": [1, -2.5e3, true, null], \"s\": \"x\\u00e9\\ud83d\\ude00\\n\"} ");
    assert_non_null(v);
    assert_int_equal(v->type, EJ_OBJECT);
    const struct ej_value *arr = ej_get(v, "a");
    assert_int_equal(arr->type, EJ_ARRAY);
    assert_string_equal(arr->child->str, "1");
    assert_string_equal(arr->child->next->str, "-2.5e3");
    assert_true(arr->child->next->next->boolean);
    assert_int_equal(arr->child->next->next->next->type, EJ_NULL);
    assert_string_equal(ej_str(ej_get(v, "s")), "x\xc3\xa9\xf0\x9f\x98\x80\n");
    assert_null(ej_get(v, "missing"));
    assert_null(ej_get(arr, "a"));
    arena_free(&a);
}

static void test_errors(void **state)
{
    static const char *const BAD[] = {
        "", "{", "{\"a\"}", "{\"a\":1,}", "[1 2]", "\"\\q\"", "\"a\x01\"", "01", "1.",
        "tru", "{} {}", "\"\\u12\"", "-",
    };
    struct arena a = {0};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
        size_t at;
        const char *why = NULL;
        assert_null(ej_parse(&a, BAD[i], strlen(BAD[i]), &at, &why));
        assert_non_null(why);
        assert_true(at <= strlen(BAD[i]));
    }
    char deep[200];
    memset(deep, '[', sizeof deep);
    size_t at;
    const char *why;
    assert_null(ej_parse(&a, deep, sizeof deep, &at, &why));
    assert_string_equal(why, "nested too deeply");
    arena_free(&a);
}

static void test_integers_and_bytes(void **state)
{
    struct arena a = {0};
    const struct ej_value *v = parse(
        &a, "{\"r\":\"18446744073709551615\",\"o\":\"18446744073709551616\",\"n\":12,"
            "\"neg\":\"-1\",\"b\":\"azhzAA==\",\"bad\":\"a*==\"}");
    uint64_t u;
    assert_true(ej_u64(ej_get(v, "r"), &u));
    assert_true(u == UINT64_MAX);
    assert_false(ej_u64(ej_get(v, "o"), &u));
    assert_true(ej_u64(ej_get(v, "n"), &u) && u == 12);
    assert_false(ej_u64(ej_get(v, "neg"), &u));
    assert_true(ej_u64(ej_get(v, "absent"), &u) && u == 0);
    const unsigned char *b;
    size_t n;
    assert_true(ej_bytes(&a, ej_get(v, "b"), &b, &n));
    assert_int_equal(n, 4);
    assert_memory_equal(b, "k8s\0", 4);
    assert_false(ej_bytes(&a, ej_get(v, "bad"), &b, &n));
    assert_true(ej_bytes(&a, NULL, &b, &n) && n == 0);
    arena_free(&a);
}

static void test_range_page(void **state)
{
    struct arena a = {0};
    const struct ej_value *v = parse(
        &a, "{\"header\":{\"revision\":\"9\"},\"kvs\":[{\"key\":\"L2E=\",\"value\":\"eA==\","
            "\"mod_revision\":\"3\"},{\"key\":\"L2I=\"}],\"more\":true,\"count\":\"5\"}");
    struct etcd_range_page p;
    assert_true(etcd_range_page_read(&a, v, &p));
    assert_int_equal(p.n, 2);
    assert_true(p.more);
    assert_int_equal(p.count, 5);
    assert_int_equal(p.revision, 9);
    assert_memory_equal(p.kvs[0].key, "/a", 2);
    assert_int_equal(p.kvs[0].valuelen, 1);
    assert_int_equal(p.kvs[0].mod_revision, 3);
    assert_int_equal(p.kvs[1].valuelen, 0); /* keys_only: no value */
    assert_false(etcd_range_page_read(&a, parse(&a, "{\"kvs\":{}}"), &p));
    assert_false(etcd_range_page_read(&a, parse(&a, "{\"kvs\":[{\"key\":1}]}"), &p));
    arena_free(&a);
}

struct collected {
    int n;
    char last[64];
};

static bool collect(const char *obj, size_t len, void *ctx)
{
    struct collected *c = ctx;
    c->n++;
    snprintf(c->last, sizeof c->last, "%.*s", (int)len, obj);
    return true;
}

static void test_splitter(void **state)
{
    const char stream[] = "{\"result\":{\"blob\":\"a}\\\"{\"}}\n {\"result\":{}}\r\n";
    struct collected c = {0};
    struct ej_splitter s;
    ej_splitter_init(&s, 1024, collect, &c);
    for (size_t i = 0; i < sizeof stream - 1; i++)
        assert_true(ej_splitter_feed(&s, stream + i, 1));
    assert_true(ej_splitter_done(&s));
    assert_int_equal(c.n, 2);
    assert_string_equal(c.last, "{\"result\":{}}");
    ej_splitter_free(&s);

    ej_splitter_init(&s, 1024, collect, &c);
    assert_true(ej_splitter_feed(&s, "{\"a\":", 5));
    assert_false(ej_splitter_done(&s)); /* cut in the middle of an object */
    ej_splitter_free(&s);

    ej_splitter_init(&s, 8, collect, &c);
    assert_false(ej_splitter_feed(&s, "{\"abcdefgh\":1}", 14));
    assert_string_equal(s.error, "object in the stream too large");
    ej_splitter_free(&s);

    ej_splitter_init(&s, 1024, collect, &c);
    assert_false(ej_splitter_feed(&s, "HTTP/1.1", 8));
    ej_splitter_free(&s);
}

static void test_prefix_end(void **state)
{
    unsigned char out[8];
    assert_int_equal(etcd_prefix_end((const unsigned char *)"/a/", 3, out), 3);
    assert_memory_equal(out, "/a0", 3);
    assert_int_equal(etcd_prefix_end((const unsigned char *)"a\xff\xff", 3, out), 1);
    assert_memory_equal(out, "b", 1);
    assert_int_equal(etcd_prefix_end((const unsigned char *)"\xff", 1, out), 1);
    assert_int_equal(out[0], 0);
}

struct blobs {
    int n;
    size_t bytes;
};

static bool take_blob(const unsigned char *msg, size_t n, void *ctx)
{
    struct blobs *b = ctx;
    const unsigned char *blob;
    size_t len;
    if (!snapshot_response_blob(msg, n, &blob, &len))
        return false;
    b->n++;
    b->bytes += len;
    return true;
}

static void test_grpc_frames(void **state)
{
    /* remaining_bytes 128, blob of 4, an unknown field 4; then an empty message */
    static const unsigned char BODY[] = {0, 0, 0, 0, 12, 0x10, 0x80, 0x01, 0x1a, 4, 0, 1, 2, 3,
                                         0x22, 1, 'x', 0, 0, 0, 0, 0};
    struct grpc_frames f = {0};
    struct blobs b = {0};
    for (size_t i = 0; i < sizeof BODY; i++)
        assert_null(grpc_frames_feed(&f, BODY + i, 1, take_blob, &b));
    assert_false(grpc_frames_partial(&f));
    assert_int_equal(b.n, 2);
    assert_int_equal(b.bytes, 4);
    assert_null(grpc_frames_feed(&f, BODY, 3, take_blob, &b));
    assert_true(grpc_frames_partial(&f)); /* cut inside a prefix */
    grpc_frames_free(&f);

    struct grpc_frames g = {0};
    static const unsigned char COMPRESSED[] = {1, 0, 0, 0, 0};
    assert_non_null(grpc_frames_feed(&g, COMPRESSED, 5, take_blob, &b));
    struct grpc_frames h = {0};
    static const unsigned char HUGE[] = {0, 0x7f, 0, 0, 0};
    assert_non_null(grpc_frames_feed(&h, HUGE, 5, take_blob, &b));
    struct grpc_frames k = {0};
    static const unsigned char BAD[] = {0, 0, 0, 0, 2, 0x1a, 9}; /* blob past the end */
    assert_ptr_equal(grpc_frames_feed(&k, BAD, sizeof BAD, take_blob, &b), GRPC_REFUSED);
    grpc_frames_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_integers_and_bytes),
        cmocka_unit_test(test_range_page),
        cmocka_unit_test(test_splitter),
        cmocka_unit_test(test_prefix_end),
        cmocka_unit_test(test_grpc_frames),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
