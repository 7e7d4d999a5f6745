/* fuzz_bbolt.c — libFuzzer target for the snapshot reader: any bytes as an
 * etcd snapshot go through everything `etcd verify` and `etcd inspect` do
 * (trailer, meta pages, the whole-file check, the MVCC keyspace at its
 * latest revision, Secret values classified), once as they are and once
 * with both meta checksums made right again, so that mutated meta fields
 * (root, page count, freelist) reach the tree walk. The corpus holds small
 * real snapshots from etcd. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/strmap.h"

#include "../../src/etcd/at_rest.h"
#include "../../src/etcd/snapshot.h"

static void classify(void *ctx, const struct snapshot_key *k)
{
    struct at_rest_provider p;
    size_t *n = ctx;
    if (classify_secret_value(k->value, k->value_len, &p) == AT_REST_ENCRYPTED)
        ++*n;
}

static void read_snapshot(const uint8_t *data, size_t size)
{
    struct snapshot s;
    if (snapshot_open_memory(&s, "fuzz.db", data, size) == SNAPSHOT_OK) {
        snapshot_check_trailer(&s);
        struct snapshot_status st;
        snapshot_status(&s, &st);
        size_t encrypted = 0, live = 0;
        snapshot_live_keys(&s, classify, &encrypted, &live);
        if (encrypted > live)
            abort();
    }
    snapshot_close(&s);
}

/* The checksum of the meta page at byte `at`, recomputed in place. */
static void fix_meta(uint8_t *d, size_t size, size_t at)
{
    if (at > size || size - at < 16 + 64)
        return;
    uint64_t h = fnv1a(FNV1A_INIT, d + at + 16, 56);
    memcpy(d + at + 16 + 56, &h, sizeof h); /* little-endian hosts, as bbolt writes */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_snapshot(data, size);
    if (size < 16 + 64)
        return 0;
    uint8_t *copy = malloc(size);
    memcpy(copy, data, size);
    uint32_t page_size;
    memcpy(&page_size, copy + 16 + 8, sizeof page_size);
    fix_meta(copy, size, 0);
    fix_meta(copy, size, page_size);
    read_snapshot(copy, size);
    free(copy);
    return 0;
}
