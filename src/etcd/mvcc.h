/* mvcc.h — etcd's MVCC keyspace as stored in its bbolt "key" bucket: each
 * key is a revision (main u64 BE, '_', sub u64 BE, and a 't' when the
 * revision deletes the key), each value an mvccpb.KeyValue protobuf. */
#ifndef RINGWALL_ETCD_MVCC_H
#define RINGWALL_ETCD_MVCC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mvcc_revision {
    uint64_t main, sub;
    bool tombstone;
};

/* Parses a revision key: false unless it is 17 bytes, or 18 ending in 't'. */
bool mvcc_parse_revision(const unsigned char *k, size_t n, struct mvcc_revision *out);

/* mvccpb.KeyValue: key = 1, create_revision = 2, mod_revision = 3,
 * version = 4, value = 5, lease = 6. key and value point into the input. */
struct mvcc_kv {
    const unsigned char *key, *value;
    size_t key_len, value_len;
    int64_t create_revision, mod_revision, version, lease;
};

/* Decodes a KeyValue; unknown fields are skipped. false when the bytes are
 * not a well-formed protobuf message or the key is missing. */
bool mvcc_decode_kv(const unsigned char *p, size_t n, struct mvcc_kv *out);

#endif
