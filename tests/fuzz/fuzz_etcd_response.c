/* fuzz_etcd_response.c — libFuzzer target for what an etcd (or anything
 * posing as one) sends back: the gateway's JSON (tree parser, a range
 * response's key-value pairs with base64 keys and values and 64-bit
 * integers as strings, the splitter of a snapshot stream fed in uneven
 * pieces, each object parsed and its blob decoded) and gRPC (message
 * framing fed in pieces, SnapshotResponse protobuf). */
#include <stdint.h>
#include <string.h>

#include "../../src/etcd/client.h"
#include "../../src/etcd/etcd_json.h"
#include "../../src/etcd/grpc_frame.h"

static bool on_object(const char *obj, size_t len, void *ctx)
{
    struct arena *a = ctx;
    size_t at;
    const char *why;
    const struct ej_value *v = ej_parse(a, obj, len, &at, &why);
    const unsigned char *blob;
    size_t n;
    uint64_t remaining;
    if (v) {
        const struct ej_value *result = ej_get(v, "result");
        ej_bytes(a, ej_get(result, "blob"), &blob, &n);
        ej_u64(ej_get(result, "remaining_bytes"), &remaining);
    }
    return v != NULL;
}

static bool on_message(const unsigned char *msg, size_t n, void *ctx)
{
    const unsigned char *blob;
    size_t len;
    if (snapshot_response_blob(msg, n, &blob, &len) && len > n)
        __builtin_trap(); /* a blob lies inside its message */
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = {0};
    size_t at;
    const char *why;
    const struct ej_value *v = ej_parse(&a, (const char *)data, size, &at, &why);
    if (v) {
        struct etcd_range_page page;
        if (etcd_range_page_read(&a, v, &page))
            for (size_t i = 0; i < page.n; i++)
                if (page.kvs[i].keylen && page.kvs[i].key[page.kvs[i].keylen] != '\0')
                    __builtin_trap(); /* decoded bytes are NUL-terminated */
        ej_str(ej_get(v, "error"));
    }
    struct ej_splitter s;
    ej_splitter_init(&s, 1u << 16, on_object, &a);
    size_t step = size % 7 + 1;
    for (size_t off = 0; off < size; off += step)
        if (!ej_splitter_feed(&s, (const char *)data + off, off + step < size ? step : size - off))
            break;
    ej_splitter_done(&s);
    ej_splitter_free(&s);
    struct grpc_frames f = {0};
    for (size_t off = 0; off < size; off += step)
        if (grpc_frames_feed(&f, data + off, off + step < size ? step : size - off, on_message,
                             NULL))
            break;
    grpc_frames_partial(&f);
    grpc_frames_free(&f);
    arena_free(&a);
    return 0;
}
