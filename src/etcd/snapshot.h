/* snapshot.h — an etcd snapshot file read offline: mapped (or first
 * decrypted into an unlinked temporary file when it is an encrypted
 * backup), its SHA-256 trailer, the bbolt database inside, and the views
 * etcd itself gives of it: `etcdctl snapshot status` figures and the live
 * keys at their latest revisions. */
#ifndef RINGWALL_ETCD_SNAPSHOT_H
#define RINGWALL_ETCD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backup_crypt.h"
#include "bbolt.h"

enum { SNAPSHOT_HASH_SIZE = 32 };

struct snapshot {
    const char *path;
    unsigned char *map;
    size_t map_size;
    bool owns_map;         /* mapped here (else borrowed) */
    size_t db_size;        /* the bbolt database: the file less its trailer */
    bool has_trailer;      /* `etcdctl snapshot save` appends SHA-256 of the rest */
    bool encrypted;
    char key_id[BACKUP_KEY_ID_MAX + 1];
    bool db_open;
    struct bbolt db;
    char problem[BBOLT_ERROR_MAX + 64]; /* why the file is damaged */
};

enum snapshot_rc {
    SNAPSHOT_OK = 0,
    SNAPSHOT_ERROR = -1,    /* reported already (cannot read, cannot decrypt) */
    SNAPSHOT_DAMAGED = -2,  /* s->problem says how; not reported */
};

/* Opens path; an encrypted backup needs key (else SNAPSHOT_ERROR). The
 * database's meta pages are read (SNAPSHOT_DAMAGED when they are not
 * sound). Close it whatever the result. */
enum snapshot_rc snapshot_open(struct snapshot *s, const char *path, const unsigned char *key);
/* The same over size bytes already in memory (borrowed; name names them). */
enum snapshot_rc snapshot_open_memory(struct snapshot *s, const char *name, const void *data,
                                      size_t size);
void snapshot_close(struct snapshot *s);

/* Whether the SHA-256 trailer matches the bytes before it: 1 yes, 0 no
 * (s->problem set), -1 the file has none. */
int snapshot_check_trailer(struct snapshot *s);

/* The figures `etcdctl snapshot status` prints, computed the same way
 * (hash: CRC-32C over every top-level bucket's name, keys and values;
 * revision: the main revision of the last key of bucket "key"; total keys:
 * entries of the top-level buckets; total size: pages × page size), with
 * what the walk also learns. */
struct snapshot_status {
    uint32_t hash;
    uint64_t revision, total_keys, total_size;
    uint64_t consistent_index, compact_revision;
    uint64_t revisions, tombstones; /* entries of bucket "key" */
    struct bbolt_stats stats;
};

/* Checks the whole bbolt structure and fills *out. */
enum snapshot_rc snapshot_status(struct snapshot *s, struct snapshot_status *out);

struct snapshot_key {
    const unsigned char *key, *value;
    size_t key_len, value_len;
    int64_t create_revision, mod_revision, version, lease;
};

/* Calls fn (may be NULL) with each key not deleted, at its latest
 * revision, in key order; *nlive (may be NULL) gets their number. Values point into the
 * mapped file. */
typedef void (*snapshot_key_fn)(void *ctx, const struct snapshot_key *k);
enum snapshot_rc snapshot_live_keys(struct snapshot *s, snapshot_key_fn fn, void *ctx,
                                    size_t *nlive);

#endif
