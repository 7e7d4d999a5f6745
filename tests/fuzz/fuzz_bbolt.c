/* fuzz_bbolt.c — libFuzzer target for the snapshot reader: any bytes as an
 * etcd snapshot go through everything `etcd verify` and `etcd inspect` do
 * (trailer, meta pages, the whole-file check, the MVCC keyspace at its
 * latest revision, Secret values classified). The corpus holds small real
 * snapshots from etcd. */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/etcd/at_rest.h"
#include "../../src/etcd/snapshot.h"

static void classify(void *ctx, const struct snapshot_key *k)
{
    struct at_rest_provider p;
    size_t *n = ctx;
    if (classify_secret_value(k->value, k->value_len, &p) == AT_REST_ENCRYPTED)
        ++*n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
    return 0;
}
