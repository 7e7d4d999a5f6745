/* bbolt.h — a reader of bbolt database files (etcd's backend, and so its
 * snapshots), over bytes already in memory (a mapped file). It never trusts
 * the file: every page number, element offset and length is checked against
 * the page it is in and the file, trees are walked with a depth limit and a
 * visited-page bitmap (a page reached twice is damage, not a loop), so a
 * hostile file yields an error message, never a crash or a hang.
 *
 * Layout (little-endian, as bbolt writes it on amd64 and arm64):
 *   page     id u64 | flags u16 | count u16 | overflow u32 | data
 *   meta     magic 0xED0CDAED | version 2 | page size | flags | root bucket
 *            (root page u64, sequence u64) | freelist page | page count
 *            (high-water mark) | txid | checksum: FNV-1a 64 of the 56 bytes
 *            before it; pages 0 and 1 each hold one, the valid one with the
 *            larger txid is current
 *   branch   elements { pos u32, ksize u32, child page u64 }
 *   leaf     elements { flags u32 (1: bucket), pos u32, ksize u32, vsize u32 };
 *            pos counts from the element itself
 *   bucket   value { root page u64, sequence u64 }; root 0: an inline
 *            bucket whose leaf page follows in the value
 *   freelist u64 page ids (count 0xFFFF: the real count is the first u64) */
#ifndef RINGWALL_ETCD_BBOLT_H
#define RINGWALL_ETCD_BBOLT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    BBOLT_MAGIC = 0xED0CDAED,
    BBOLT_VERSION = 2,
    BBOLT_ERROR_MAX = 256,
};

#define BBOLT_NO_FREELIST UINT64_MAX /* meta.freelist when the freelist is not stored */

struct bbolt_meta {
    uint32_t magic, version, page_size, flags;
    uint64_t root, sequence, freelist, pages, txid, checksum;
    bool valid;
    char problem[96]; /* why it is not valid */
};

struct bbolt {
    const unsigned char *data;
    size_t size;
    uint32_t page_size;
    struct bbolt_meta meta[2];
    int current;          /* index of the meta in use */
    unsigned char *seen;  /* one bit per page, during a walk */
    char error[BBOLT_ERROR_MAX];
};

/* A bucket: a tree rooted at a page, or an inline leaf page inside a value. */
struct bbolt_bucket {
    uint64_t root;
    const unsigned char *inline_page;
    size_t inline_size;
};

/* Reads both meta pages of the size bytes at data (borrowed) and picks the
 * current one. 0, or -1 with db->error set (no valid meta, or the page count
 * reaches past the end of the bytes: truncated). */
int bbolt_open(struct bbolt *db, const void *data, size_t size);
void bbolt_close(struct bbolt *db);

/* The root bucket of the current meta. */
struct bbolt_bucket bbolt_root(const struct bbolt *db);

/* Finds the nested bucket `name` of parent: 1 found, 0 absent, -1 damaged
 * (db->error). */
int bbolt_bucket_find(struct bbolt *db, const struct bbolt_bucket *parent, const void *name,
                      size_t name_len, struct bbolt_bucket *out);

struct bbolt_entry {
    const unsigned char *key, *value;
    size_t key_len, value_len;
    bool bucket;     /* a nested bucket (value is its header) */
    unsigned depth;  /* 0: an entry of the bucket walked; 1: of a bucket in it, ... */
};

/* Calls fn for every entry of the bucket in key order; with nested, a
 * nested bucket's entry is followed by its own entries (depth + 1). A
 * non-zero return of fn stops the walk and is returned; -1 when the file is
 * damaged (db->error). */
typedef int (*bbolt_entry_fn)(void *ctx, const struct bbolt_entry *e);
int bbolt_foreach(struct bbolt *db, const struct bbolt_bucket *b, bool nested, bbolt_entry_fn fn,
                  void *ctx);

struct bbolt_stats {
    uint64_t pages;           /* the current meta's page count */
    uint64_t branch, leaf, overflow, free, freelist, unreachable;
    uint64_t buckets, entries;
    bool freelist_stored;
};

/* The whole-file check: both meta pages, the freelist, the tree of every
 * bucket (page types and ids, bounds, keys in order), each page reached at
 * most once and never both free and in use, and, when the freelist is
 * stored, no page left unaccounted. fn (may be NULL) sees every entry as
 * bbolt_foreach(nested) on the root would. 0 when sound, -1 with db->error,
 * or fn's non-zero value. */
int bbolt_check(struct bbolt *db, struct bbolt_stats *st, bbolt_entry_fn fn, void *ctx);

#endif
