/* test_bbolt.c — the bbolt reader (src/etcd/bbolt.h) over files built here
 * page by page: a sound file with branch, leaf, overflow and inline-bucket
 * pages read back in key order; then each kind of damage a hostile file can
 * hold (bad meta pages, truncation, pages out of range, reached twice or in
 * a loop, elements outside their page or overlapping, a freelist at odds
 * with the tree) refused with its own message, quickly. */
#include <endian.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/strmap.h"
#include "../../src/etcd/bbolt.h"

enum { PS = 4096, NPAGES = 12 };
enum { BRANCH = 1, LEAF = 2, META = 4, FREELIST = 0x10 };

static unsigned char img[NPAGES * PS];

static void put16(unsigned char *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void put32(unsigned char *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }

static unsigned char *page(uint64_t id) { return img + id * PS; }

static void header(uint64_t id, uint16_t flags, uint16_t count, uint32_t overflow)
{
    put64(page(id), id);
    put16(page(id) + 8, flags);
    put16(page(id) + 10, count);
    put32(page(id) + 12, overflow);
}

static void meta(int which, uint64_t root, uint64_t freelist, uint64_t pages, uint64_t txid)
{
    header((uint64_t)which, META, 0, 0);
    unsigned char *d = page((uint64_t)which) + 16;
    put32(d, BBOLT_MAGIC);
    put32(d + 4, BBOLT_VERSION);
    put32(d + 8, PS);
    put32(d + 12, 0);
    put64(d + 16, root);
    put64(d + 24, 0);
    put64(d + 32, freelist);
    put64(d + 40, pages);
    put64(d + 48, txid);
    put64(d + 56, fnv1a(FNV1A_INIT, d, 56));
}

struct item {
    const char *key;
    const void *value; /* for a bucket: its 16-byte header and inline page */
    size_t vlen;
    bool bucket;
};

/* A leaf node at p (an inline page when id is 0); returns its size. */
static size_t leaf_at(unsigned char *p, uint64_t id, const struct item *items, size_t n)
{
    put64(p, id);
    put16(p + 8, LEAF);
    put16(p + 10, (uint16_t)n);
    put32(p + 12, 0);
    size_t data = 16 + n * 16;
    for (size_t i = 0; i < n; i++) {
        unsigned char *e = p + 16 + i * 16;
        size_t klen = strlen(items[i].key);
        put32(e, items[i].bucket ? 1 : 0);
        put32(e + 4, (uint32_t)(data - (16 + i * 16)));
        put32(e + 8, (uint32_t)klen);
        put32(e + 12, (uint32_t)items[i].vlen);
        memcpy(p + data, items[i].key, klen);
        memcpy(p + data + klen, items[i].value, items[i].vlen);
        data += klen + items[i].vlen;
    }
    return data;
}

struct child {
    const char *key;
    uint64_t page;
};

static void branch(uint64_t id, const struct child *c, size_t n)
{
    header(id, BRANCH, (uint16_t)n, 0);
    size_t data = 16 + n * 16;
    for (size_t i = 0; i < n; i++) {
        unsigned char *e = page(id) + 16 + i * 16;
        size_t klen = strlen(c[i].key);
        put32(e, (uint32_t)(data - (16 + i * 16)));
        put32(e + 4, (uint32_t)klen);
        put64(e + 8, c[i].page);
        memcpy(page(id) + data, c[i].key, klen);
        data += klen;
    }
}

static unsigned char bucket_value[1024], inline_value[512], big[6000];

/* The sound file:
 *   0, 1 meta (txid 7 and 8)   2 freelist: page 11 free
 *   3 root leaf: "inl" (inline bucket: a=1, b=2), "key" (bucket at page 4)
 *   4 branch: "k1" -> 5, "k5" -> 6
 *   5 leaf: k1, k2   6 leaf (+ overflow page 7): k5 = 6000 bytes, k6
 *   8 leaf: empty bucket "zz" inside "key"   9, 10 unused by the tree, 11 free */
static void build(void)
{
    memset(img, 0, sizeof img);
    meta(0, 3, 2, NPAGES, 7);
    meta(1, 3, 2, NPAGES, 8);
    header(2, FREELIST, 3, 0);
    put64(page(2) + 16, 9);
    put64(page(2) + 24, 10);
    put64(page(2) + 32, 11);
    /* inline bucket: header (root 0, sequence 0) + leaf page */
    static const struct item inl[] = {{"a", "1", 1, false}, {"b", "2", 1, false}};
    memset(inline_value, 0, 16);
    size_t ilen = 16 + leaf_at(inline_value + 16, 0, inl, 2);
    memset(bucket_value, 0, 16);
    put64(bucket_value, 4);
    const struct item root[] = {{"inl", inline_value, ilen, true},
                                {"key", bucket_value, 16, true}};
    leaf_at(page(3), 3, root, 2);
    static const struct child kids[] = {{"k1", 5}, {"k5", 6}};
    branch(4, kids, 2);
    static unsigned char zz[16];
    put64(zz, 8);
    const struct item l5[] = {{"k1", "v1", 2, false}, {"k2", "v2", 2, false}};
    leaf_at(page(5), 5, l5, 2);
    memset(big, 'x', sizeof big);
    const struct item l6[] = {{"k5", big, sizeof big, false}, {"k6", "v6", 2, false},
                              {"zz", zz, 16, true}};
    leaf_at(page(6), 6, l6, 3);
    put32(page(6) + 12, 1); /* one overflow page: 7 */
    leaf_at(page(8), 8, NULL, 0);
}

struct seen {
    char keys[32][8];
    unsigned depth[32];
    size_t n;
};

static int collect(void *ctx, const struct bbolt_entry *e)
{
    struct seen *s = ctx;
    if (s->n < 32) {
        snprintf(s->keys[s->n], sizeof s->keys[0], "%.*s", (int)e->key_len, e->key);
        s->depth[s->n++] = e->depth;
    }
    return 0;
}

static void test_sound_file(void **state)
{
    (void)state;
    build();
    struct bbolt db;
    assert_int_equal(bbolt_open(&db, img, sizeof img), 0);
    assert_int_equal(db.current, 1);
    struct bbolt_stats st;
    struct seen s = {0};
    if (bbolt_check(&db, &st, collect, &s) != 0)
        fail_msg("%s", db.error);
    const char *want[] = {"inl", "a", "b", "key", "k1", "k2", "k5", "k6", "zz"};
    const unsigned depth[] = {0, 1, 1, 0, 1, 1, 1, 1, 1};
    assert_int_equal(s.n, 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(s.keys[i], want[i]);
        assert_int_equal(s.depth[i], depth[i]);
    }
    assert_int_equal(st.branch, 1);
    assert_int_equal(st.leaf, 4);
    assert_int_equal(st.overflow, 1);
    assert_int_equal(st.free, 3);
    assert_int_equal(st.buckets, 3);
    /* a bucket found by name, walked alone */
    struct bbolt_bucket root = bbolt_root(&db), key, inl;
    assert_int_equal(bbolt_bucket_find(&db, &root, "key", 3, &key), 1);
    assert_int_equal(bbolt_bucket_find(&db, &root, "inl", 3, &inl), 1);
    assert_int_equal(bbolt_bucket_find(&db, &root, "nope", 4, &inl), 0);
    memset(&s, 0, sizeof s);
    assert_int_equal(bbolt_foreach(&db, &key, false, collect, &s), 0);
    assert_int_equal(s.n, 5);
    assert_string_equal(s.keys[2], "k5");
    bbolt_close(&db);
}

/* Damages the sound file with f, then expects open or check to fail with
 * a message containing want. */
static void expect_damage(void (*f)(void), size_t size, const char *want)
{
    build();
    f();
    struct bbolt db;
    struct bbolt_stats st;
    int rc = bbolt_open(&db, img, size);
    if (rc == 0)
        rc = bbolt_check(&db, &st, NULL, NULL);
    if (rc == 0)
        fail_msg("damage not found (want \"%s\")", want);
    if (!strstr(db.error, want))
        fail_msg("error \"%s\", want \"%s\"", db.error, want);
    bbolt_close(&db);
}

static void nothing(void) {}
static void meta1_checksum(void) { page(1)[16 + 40] ^= 1; }
static void both_metas(void) { page(0)[16] ^= 1; page(1)[16 + 8] ^= 1; }
static void version_1(void)
{
    meta(0, 3, 2, NPAGES, 9);
    put32(page(0) + 20, 1); /* a valid checksum over version 1 */
    put64(page(0) + 16 + 56, fnv1a(FNV1A_INIT, page(0) + 16, 56));
}
static void meta1_misplaced(void)
{
    page(0)[16] ^= 1;
    put32(page(1) + 16 + 8, 2 * PS);
    put64(page(1) + 16 + 56, fnv1a(FNV1A_INIT, page(1) + 16, 56));
}
static void root_out_of_range(void) { put64(page(5) + 16 + 8, 99); put64(page(4) + 16 + 8, 99); }
static void child_twice(void) { put64(page(4) + 16 + 16 + 8, 5); }
static void child_loop(void) { put64(page(4) + 16 + 8, 4); }
static void element_outside(void) { put32(page(5) + 16 + 12, 5000); }
static void wrong_page_id(void) { put64(page(5), 6); }
static void wrong_type(void) { put16(page(5) + 8, FREELIST); }
static void keys_unordered(void) { memcpy(page(5) + 16 + 32, "k3", 2); }
static void free_and_used(void) { put64(page(2) + 16, 5); }
static void unaccounted(void) { put16(page(2) + 10, 2); }
static void overflow_past_end(void) { put32(page(6) + 12, 50); }
static void too_many_elements(void) { put16(page(5) + 10, 300); }

/* Nested inline buckets whose elements all share one value: at each of 30
 * levels, 4 elements (keys "a", "aa", ... over one run of filler bytes)
 * point at the same inline bucket of the next level. A walk without a budget
 * would take 4^30 steps. Each level: bucket header, page header, elements,
 * filler, then the next level; returns the level's size. */
enum { FANOUT = 4, LEVELS = 30 };

static size_t shared_level(unsigned char *v, int level)
{
    memset(v, 0, 16);
    unsigned char *pg = v + 16;
    put64(pg, 0);
    put16(pg + 8, LEAF);
    put32(pg + 12, 0);
    if (!level) {
        put16(pg + 10, 0);
        return 32;
    }
    put16(pg + 10, FANOUT);
    unsigned char *filler = pg + 16 + FANOUT * 16, *next = filler + FANOUT;
    memset(filler, 'a', FANOUT);
    size_t next_len = shared_level(next, level - 1);
    for (size_t i = 0; i < FANOUT; i++) {
        unsigned char *e = pg + 16 + i * 16;
        put32(e, 1);
        put32(e + 4, (uint32_t)((next - (i + 1)) - e));
        put32(e + 8, (uint32_t)(i + 1));
        put32(e + 12, (uint32_t)next_len);
    }
    return (size_t)(next - v) + next_len;
}

static void elements_overlap(void)
{
    unsigned char *p = page(5);
    memset(p, 0, PS);
    /* page 5 itself is the outermost level, without the bucket header */
    unsigned char tmp[PS];
    size_t n = shared_level(tmp, LEVELS);
    assert_true(n - 16 <= PS);
    memcpy(p, tmp + 16, n - 16);
    put64(p, 5); /* element offsets count from each element: still right */
}

static void test_damage(void **state)
{
    (void)state;
    expect_damage(meta1_checksum, sizeof img, "meta page 1: checksum mismatch");
    expect_damage(both_metas, sizeof img, "both meta pages are damaged");
    expect_damage(version_1, sizeof img, "meta page 0: bbolt format version 1");
    expect_damage(meta1_misplaced, sizeof img, "meta page 1: page size 8192, found at byte 4096");
    expect_damage(nothing, sizeof img - PS, "truncated");
    expect_damage(nothing, 100, "truncated");
    expect_damage(nothing, 50, "the file ends before meta page 0");
    expect_damage(root_out_of_range, sizeof img, "out of range");
    expect_damage(child_twice, sizeof img, "page 5 is reached twice");
    expect_damage(child_loop, sizeof img, "page 4 is reached twice");
    expect_damage(element_outside, sizeof img, "points outside the page");
    expect_damage(wrong_page_id, sizeof img, "page 5: holds the id of page 6");
    expect_damage(wrong_type, sizeof img, "page 5: type 0x10");
    expect_damage(keys_unordered, sizeof img, "keys out of order");
    expect_damage(free_and_used, sizeof img, "page 5 is both in use and on the freelist");
    expect_damage(unaccounted, sizeof img, "neither in use nor free");
    expect_damage(overflow_past_end, sizeof img, "reach past the end");
    expect_damage(too_many_elements, sizeof img, "do not fit in the page");
    expect_damage(elements_overlap, sizeof img, "elements overlap");
}

/* The older meta is used when the newer one is damaged. */
static void test_falls_back_to_older_meta(void **state)
{
    (void)state;
    build();
    page(1)[16 + 48] ^= 1; /* meta 1's txid, checksum now wrong */
    struct bbolt db;
    assert_int_equal(bbolt_open(&db, img, sizeof img), 0);
    assert_int_equal(db.current, 0);
    bbolt_close(&db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sound_file),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_falls_back_to_older_meta),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
