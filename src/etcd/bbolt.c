/* bbolt.c — bounds-checked reading of bbolt files (layout in bbolt.h). Every
 * access to the file goes through page_at() or a span check against the
 * bytes of the page being read. */
#include "bbolt.h"

#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/strmap.h"

enum {
    PAGE_HEADER = 16,
    ELEMENT_SIZE = 16,         /* branch and leaf elements alike */
    BUCKET_HEADER = 16,
    META_SIZE = 64,
    META_SUMMED = 56,          /* bytes the checksum covers */
    FLAG_BRANCH = 0x01,
    FLAG_LEAF = 0x02,
    FLAG_META = 0x04,
    FLAG_FREELIST = 0x10,
    LEAF_BUCKET = 0x01,
    MAX_TREE_DEPTH = 64,       /* levels of one B+tree */
    MAX_BUCKET_DEPTH = 32,     /* buckets within buckets */
    PAGE_SIZE_MIN = 512,
    PAGE_SIZE_MAX = 1 << 20,
};

static uint16_t get16(const unsigned char *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return le16toh(v);
}

static uint32_t get32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return le32toh(v);
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return le64toh(v);
}

static int fail(struct bbolt *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct bbolt *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->error, sizeof db->error, fmt, ap);
    va_end(ap);
    return -1;
}

static bool page_size_ok(uint64_t ps)
{
    return ps >= PAGE_SIZE_MIN && ps <= PAGE_SIZE_MAX && (ps & (ps - 1)) == 0;
}

/* Reads the meta of the page at byte offset `at` into m and judges it;
 * meta page 1 must sit one page (its own page size) into the file. */
static void read_meta(const struct bbolt *db, size_t at, unsigned index, struct bbolt_meta *m)
{
    memset(m, 0, sizeof *m);
    if (at > db->size || db->size - at < PAGE_HEADER + META_SIZE) {
        snprintf(m->problem, sizeof m->problem, "the file ends before meta page %u", index);
        return;
    }
    const unsigned char *p = db->data + at;
    const unsigned char *d = p + PAGE_HEADER;
    m->magic = get32(d);
    m->version = get32(d + 4);
    m->page_size = get32(d + 8);
    m->flags = get32(d + 12);
    m->root = get64(d + 16);
    m->sequence = get64(d + 24);
    m->freelist = get64(d + 32);
    m->pages = get64(d + 40);
    m->txid = get64(d + 48);
    m->checksum = get64(d + 56);
    const char *why = NULL;
    char buf[48];
    if (m->magic != BBOLT_MAGIC)
        why = "no bbolt magic number";
    else if (m->version != BBOLT_VERSION) {
        snprintf(buf, sizeof buf, "bbolt format version %u (2 is read)", m->version);
        why = buf;
    } else if (m->checksum != fnv1a(FNV1A_INIT, d, META_SUMMED))
        why = "checksum mismatch";
    else if (!(get16(p + 8) & FLAG_META))
        why = "not marked as a meta page";
    else if (!page_size_ok(m->page_size)) {
        snprintf(buf, sizeof buf, "page size %u", m->page_size);
        why = buf;
    } else if (index == 1 && m->page_size != at) {
        snprintf(buf, sizeof buf, "page size %u, found at byte %zu", m->page_size, at);
        why = buf;
    } else if (m->pages < 3 || m->root < 2 || m->root >= m->pages ||
               (m->freelist != BBOLT_NO_FREELIST && (m->freelist < 2 || m->freelist >= m->pages)))
        why = "page numbers out of range";
    if (why)
        snprintf(m->problem, sizeof m->problem, "meta page %u: %s", index, why);
    else
        m->valid = true;
}

int bbolt_open(struct bbolt *db, const void *data, size_t size)
{
    memset(db, 0, sizeof *db);
    db->data = data;
    db->size = size;
    read_meta(db, 0, 0, &db->meta[0]);
    if (db->meta[0].valid)
        read_meta(db, db->meta[0].page_size, 1, &db->meta[1]);
    else { /* the page size is in the damaged meta: try the usual ones */
        for (size_t ps = 4096; ps <= 65536 && !db->meta[1].valid; ps *= 2)
            read_meta(db, ps, 1, &db->meta[1]);
        if (!db->meta[1].valid) /* say what the most common one holds */
            read_meta(db, 4096, 1, &db->meta[1]);
    }
    const struct bbolt_meta *a = &db->meta[0], *b = &db->meta[1];
    if (!a->valid && !b->valid)
        return fail(db, "not a bbolt database, or both meta pages are damaged (%s; %s)",
                    a->problem, b->problem);
    db->current = !a->valid || (b->valid && b->txid > a->txid) ? 1 : 0;
    const struct bbolt_meta *m = &db->meta[db->current];
    db->page_size = m->page_size;
    if (m->pages > size / m->page_size)
        return fail(db, "truncated: the database has %llu pages of %u bytes (%llu bytes), the "
                        "file %zu bytes",
                    (unsigned long long)m->pages, m->page_size,
                    (unsigned long long)m->pages * m->page_size, size);
    db->seen = xcalloc((size_t)m->pages / 8 + 1, 1);
    return 0;
}

void bbolt_close(struct bbolt *db)
{
    free(db->seen);
    db->seen = NULL;
}

struct bbolt_bucket bbolt_root(const struct bbolt *db)
{
    struct bbolt_bucket b = {.root = db->meta[db->current].root};
    return b;
}

static uint64_t page_count(const struct bbolt *db)
{
    return db->meta[db->current].pages;
}

/* The page `id` with its overflow pages: NULL (db->error) unless wholly
 * inside the database. */
static const unsigned char *page_at(struct bbolt *db, uint64_t id, size_t *span)
{
    uint64_t pages = page_count(db);
    if (id < 2 || id >= pages) {
        fail(db, "page %llu is out of range (the database has %llu pages)",
             (unsigned long long)id, (unsigned long long)pages);
        return NULL;
    }
    const unsigned char *p = db->data + id * db->page_size;
    uint64_t overflow = get32(p + 12);
    if (overflow >= pages - id) {
        fail(db, "page %llu: %llu overflow pages reach past the end of the database",
             (unsigned long long)id, (unsigned long long)overflow);
        return NULL;
    }
    *span = (size_t)(overflow + 1) * db->page_size;
    return p;
}

static bool bit_get(const unsigned char *bits, uint64_t i)
{
    return bits[i / 8] & (1u << (i % 8));
}

static void bit_set(unsigned char *bits, uint64_t i)
{
    bits[i / 8] |= (unsigned char)(1u << (i % 8));
}

/* Walking trees */

struct walk {
    struct bbolt *db;
    bool nested;
    bbolt_entry_fn fn;
    void *ctx;
    const unsigned char *freed;  /* free-page bitmap during a check, else NULL */
    struct bbolt_stats *st;      /* during a check, else NULL */
    /* What a sound file can hold: each element has 16 bytes of its own, and
     * key and value bytes are counted again only for each level of inline
     * bucket they sit in. Elements sharing bytes (a hostile file) would
     * otherwise make the walk exponential. */
    uint64_t elements_left, bytes_left;
};

/* Keys of one bucket, to check their order. */
struct key_order {
    const unsigned char *key;
    size_t len;
    bool any;
};

static int walk_bucket(struct walk *w, const struct bbolt_bucket *b, unsigned depth);
static int walk_page(struct walk *w, uint64_t id, unsigned level, unsigned depth,
                     struct key_order *order);

static int key_in_order(struct walk *w, struct key_order *order, const unsigned char *k,
                        size_t n, uint64_t page)
{
    if (order->any) {
        size_t m = order->len < n ? order->len : n;
        int c = memcmp(order->key, k, m);
        if (c > 0 || (c == 0 && order->len >= n))
            return fail(w->db, "page %llu: keys out of order", (unsigned long long)page);
    }
    order->key = k;
    order->len = n;
    order->any = true;
    return 0;
}

/* The elements of the node at p (span bytes: a page with its overflow, or
 * an inline page), page id `id` (0 for an inline page). */
static int walk_node(struct walk *w, const unsigned char *p, size_t span, uint64_t id,
                     unsigned level, unsigned depth, struct key_order *order)
{
    struct bbolt *db = w->db;
    unsigned long long pid = (unsigned long long)id;
    uint16_t flags = get16(p + 8);
    size_t count = get16(p + 10);
    if ((size_t)PAGE_HEADER + count * ELEMENT_SIZE > span)
        return fail(db, "page %llu: %zu elements do not fit in the page", pid, count);
    if (flags == FLAG_BRANCH) {
        if (!count)
            return fail(db, "page %llu: a branch page without elements", pid);
        if (w->st && id)
            w->st->branch++;
        for (size_t i = 0; i < count; i++) {
            const unsigned char *e = p + PAGE_HEADER + i * ELEMENT_SIZE;
            uint64_t pos = get32(e), ksize = get32(e + 4);
            if ((uint64_t)(e - p) + pos + ksize > span)
                return fail(db, "page %llu: element %zu points outside the page", pid, i);
            int rc = walk_page(w, get64(e + 8), level + 1, depth, order);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (flags != FLAG_LEAF)
        return fail(db, "page %llu: type 0x%x where a branch or leaf page belongs", pid, flags);
    if (w->st && id) /* inline pages are not pages of the file */
        w->st->leaf++;
    for (size_t i = 0; i < count; i++) {
        const unsigned char *e = p + PAGE_HEADER + i * ELEMENT_SIZE;
        uint64_t eflags = get32(e), pos = get32(e + 4), ksize = get32(e + 8),
                 vsize = get32(e + 12);
        if ((uint64_t)(e - p) + pos + ksize + vsize > span)
            return fail(db, "page %llu: element %zu points outside the page", pid, i);
        if (!w->elements_left-- || w->bytes_left < ksize + vsize)
            return fail(db, "page %llu: elements overlap (more than the file can hold)", pid);
        w->bytes_left -= ksize + vsize;
        struct bbolt_entry ent = {.key = e + pos, .key_len = (size_t)ksize,
                                  .value = e + pos + ksize, .value_len = (size_t)vsize,
                                  .bucket = eflags & LEAF_BUCKET, .depth = depth};
        if (key_in_order(w, order, ent.key, ent.key_len, id) != 0)
            return -1;
        if (w->st)
            w->st->entries++;
        if (ent.bucket && vsize < BUCKET_HEADER)
            return fail(db, "page %llu: element %zu: a bucket value of %llu bytes", pid, i,
                        (unsigned long long)vsize);
        if (w->fn) {
            int rc = w->fn(w->ctx, &ent);
            if (rc)
                return rc;
        }
        if (ent.bucket && w->nested) {
            if (depth + 1 >= MAX_BUCKET_DEPTH)
                return fail(db, "page %llu: buckets nested more than %d deep", pid,
                            MAX_BUCKET_DEPTH);
            struct bbolt_bucket child = {.root = get64(ent.value)};
            if (!child.root) {
                child.inline_page = ent.value + BUCKET_HEADER;
                child.inline_size = ent.value_len - BUCKET_HEADER;
            }
            int rc = walk_bucket(w, &child, depth + 1);
            if (rc)
                return rc;
        }
    }
    return 0;
}

static int walk_page(struct walk *w, uint64_t id, unsigned level, unsigned depth,
                     struct key_order *order)
{
    struct bbolt *db = w->db;
    if (level >= MAX_TREE_DEPTH)
        return fail(db, "page %llu: the tree is more than %d levels deep",
                    (unsigned long long)id, MAX_TREE_DEPTH);
    size_t span;
    const unsigned char *p = page_at(db, id, &span);
    if (!p)
        return -1;
    if (get64(p) != id)
        return fail(db, "page %llu: holds the id of page %llu", (unsigned long long)id,
                    (unsigned long long)get64(p));
    uint64_t n = span / db->page_size;
    for (uint64_t i = id; i < id + n; i++) {
        if (bit_get(db->seen, i))
            return fail(db, "page %llu is reached twice", (unsigned long long)i);
        if (w->freed && bit_get(w->freed, i))
            return fail(db, "page %llu is both in use and on the freelist",
                        (unsigned long long)i);
        bit_set(db->seen, i);
    }
    if (w->st)
        w->st->overflow += n - 1;
    return walk_node(w, p, span, id, level, depth, order);
}

static int walk_bucket(struct walk *w, const struct bbolt_bucket *b, unsigned depth)
{
    struct key_order order = {0};
    if (w->st)
        w->st->buckets++;
    if (b->root)
        return walk_page(w, b->root, 0, depth, &order);
    if (!b->inline_page || b->inline_size < PAGE_HEADER)
        return fail(w->db, "an inline bucket of %zu bytes", b->inline_size);
    if (get16(b->inline_page + 8) != FLAG_LEAF)
        return fail(w->db, "an inline bucket whose page is not a leaf");
    return walk_node(w, b->inline_page, b->inline_size, 0, 0, depth, &order);
}

static void walk_budget(struct walk *w)
{
    w->elements_left = w->db->size / ELEMENT_SIZE + 1;
    w->bytes_left = (uint64_t)w->db->size * (MAX_BUCKET_DEPTH + 1);
}

int bbolt_foreach(struct bbolt *db, const struct bbolt_bucket *b, bool nested, bbolt_entry_fn fn,
                  void *ctx)
{
    memset(db->seen, 0, (size_t)page_count(db) / 8 + 1);
    struct walk w = {.db = db, .nested = nested, .fn = fn, .ctx = ctx};
    walk_budget(&w);
    return walk_bucket(&w, b, 0);
}

/* Finding a bucket: one path down the tree, no marking */

static int find_in(struct bbolt *db, const unsigned char *p, size_t span, uint64_t id,
                   unsigned level, const void *name, size_t len, struct bbolt_bucket *out)
{
    uint16_t flags = get16(p + 8);
    size_t count = get16(p + 10);
    if ((size_t)PAGE_HEADER + count * ELEMENT_SIZE > span)
        return fail(db, "page %llu: %zu elements do not fit in the page",
                    (unsigned long long)id, count);
    if (flags == FLAG_BRANCH) {
        if (level >= MAX_TREE_DEPTH || !count)
            return fail(db, "page %llu: a damaged branch page", (unsigned long long)id);
        /* the last child whose first key is <= name */
        size_t pick = 0;
        for (size_t i = 0; i < count; i++) {
            const unsigned char *e = p + PAGE_HEADER + i * ELEMENT_SIZE;
            uint64_t pos = get32(e), ksize = get32(e + 4);
            if ((uint64_t)(e - p) + pos + ksize > span)
                return fail(db, "page %llu: element %zu points outside the page",
                            (unsigned long long)id, i);
            size_t m = ksize < len ? (size_t)ksize : len;
            int c = memcmp(e + pos, name, m);
            if (c > 0 || (c == 0 && ksize > len))
                break;
            pick = i;
        }
        uint64_t child = get64(p + PAGE_HEADER + pick * ELEMENT_SIZE + 8);
        size_t cspan;
        const unsigned char *cp = page_at(db, child, &cspan);
        if (!cp)
            return -1;
        return find_in(db, cp, cspan, child, level + 1, name, len, out);
    }
    if (flags != FLAG_LEAF)
        return fail(db, "page %llu: type 0x%x where a branch or leaf page belongs",
                    (unsigned long long)id, flags);
    for (size_t i = 0; i < count; i++) {
        const unsigned char *e = p + PAGE_HEADER + i * ELEMENT_SIZE;
        uint64_t eflags = get32(e), pos = get32(e + 4), ksize = get32(e + 8),
                 vsize = get32(e + 12);
        if ((uint64_t)(e - p) + pos + ksize + vsize > span)
            return fail(db, "page %llu: element %zu points outside the page",
                        (unsigned long long)id, i);
        if (ksize != len || memcmp(e + pos, name, len) != 0)
            continue;
        if (!(eflags & LEAF_BUCKET))
            return 0;
        if (vsize < BUCKET_HEADER)
            return fail(db, "page %llu: element %zu: a bucket value of %llu bytes",
                        (unsigned long long)id, i, (unsigned long long)vsize);
        memset(out, 0, sizeof *out);
        out->root = get64(e + pos + ksize);
        if (!out->root) {
            out->inline_page = e + pos + ksize + BUCKET_HEADER;
            out->inline_size = (size_t)vsize - BUCKET_HEADER;
        }
        return 1;
    }
    return 0;
}

int bbolt_bucket_find(struct bbolt *db, const struct bbolt_bucket *parent, const void *name,
                      size_t name_len, struct bbolt_bucket *out)
{
    if (!parent->root) {
        if (!parent->inline_page || parent->inline_size < PAGE_HEADER ||
            get16(parent->inline_page + 8) != FLAG_LEAF)
            return fail(db, "a damaged inline bucket");
        return find_in(db, parent->inline_page, parent->inline_size, 0, 0, name, name_len, out);
    }
    size_t span;
    const unsigned char *p = page_at(db, parent->root, &span);
    if (!p)
        return -1;
    return find_in(db, p, span, parent->root, 0, name, name_len, out);
}

/* The whole-file check */

/* Marks the freelist's pages (and the freelist page itself) in freed. */
static int read_freelist(struct bbolt *db, unsigned char *freed, struct bbolt_stats *st)
{
    uint64_t id = db->meta[db->current].freelist;
    size_t span;
    const unsigned char *p = page_at(db, id, &span);
    if (!p)
        return -1;
    if (get64(p) != id || get16(p + 8) != FLAG_FREELIST)
        return fail(db, "page %llu: the freelist page is not one", (unsigned long long)id);
    uint64_t n = span / db->page_size;
    for (uint64_t i = id; i < id + n; i++)
        bit_set(db->seen, i);
    st->freelist = n;
    uint64_t count = get16(p + 10);
    const unsigned char *ids = p + PAGE_HEADER;
    size_t room = (span - PAGE_HEADER) / 8;
    if (count == 0xFFFF) {
        count = get64(ids);
        ids += 8;
        room--;
    }
    if (count > room)
        return fail(db, "page %llu: %llu free page ids do not fit in the freelist",
                    (unsigned long long)id, (unsigned long long)count);
    for (uint64_t i = 0; i < count; i++) {
        uint64_t f = get64(ids + i * 8);
        if (f < 2 || f >= page_count(db))
            return fail(db, "freelist: page %llu is out of range", (unsigned long long)f);
        if (bit_get(freed, f) || bit_get(db->seen, f))
            return fail(db, "freelist: page %llu is listed twice", (unsigned long long)f);
        bit_set(freed, f);
        st->free++;
    }
    return 0;
}

int bbolt_check(struct bbolt *db, struct bbolt_stats *st, bbolt_entry_fn fn, void *ctx)
{
    memset(st, 0, sizeof *st);
    for (int i = 0; i < 2; i++)
        if (!db->meta[i].valid)
            return fail(db, "%s", db->meta[i].problem);
    uint64_t pages = page_count(db);
    st->pages = pages;
    size_t bytes = (size_t)pages / 8 + 1;
    memset(db->seen, 0, bytes);
    unsigned char *freed = xcalloc(bytes, 1);
    int rc = 0;
    st->freelist_stored = db->meta[db->current].freelist != BBOLT_NO_FREELIST;
    if (st->freelist_stored)
        rc = read_freelist(db, freed, st);
    if (!rc) {
        struct walk w = {.db = db, .nested = true, .fn = fn, .ctx = ctx, .freed = freed,
                         .st = st};
        walk_budget(&w);
        struct bbolt_bucket root = bbolt_root(db);
        rc = walk_bucket(&w, &root, 0);
        st->buckets--; /* the root is not a bucket of the database */
    }
    uint64_t first_lost = 0;
    for (uint64_t i = 2; !rc && i < pages; i++)
        if (!bit_get(db->seen, i) && !bit_get(freed, i) && !st->unreachable++)
            first_lost = i;
    if (!rc && st->freelist_stored && st->unreachable)
        rc = fail(db, "%llu pages are neither in use nor free (the first: page %llu)",
                  (unsigned long long)st->unreachable, (unsigned long long)first_lost);
    free(freed);
    return rc;
}
