/* snapshot.c — opening, checking and reading etcd snapshots (snapshot.h). */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../core/crc32c.h"
#include "../core/diag.h"
#include "../core/openssl_libs.h"
#include "../core/sort.h"
#include "../core/strmap.h"
#include "mvcc.h"

static enum snapshot_rc damaged(struct snapshot *s, const char *what)
{
    snprintf(s->problem, sizeof s->problem, "%s", what);
    return SNAPSHOT_DAMAGED;
}

/* An unlinked temporary file, readable by no one else. */
static int temp_file(const char *for_path)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) { /* a file system without O_TMPFILE */
        char path[4096];
        snprintf(path, sizeof path, "%s/ringwall-snapshot-XXXXXX", dir);
        fd = mkostemp(path, O_CLOEXEC);
        if (fd >= 0)
            unlink(path);
    }
    if (fd < 0)
        diag_error("%s: cannot make a temporary file in %s to decrypt into: %s", for_path, dir,
                   strerror(errno));
    return fd;
}

/* Decrypts the backup at in into a temporary file; its descriptor, or -1
 * after reporting the error. */
static int decrypt_to_temp(struct snapshot *s, int in, const unsigned char *key)
{
    if (!key) {
        diag_error("%s: an encrypted backup: give its key with --encrypt-key-file", s->path);
        return -1;
    }
    struct backup_decryptor *d = backup_decrypt_begin(in, s->path, key);
    if (!d)
        return -1;
    snprintf(s->key_id, sizeof s->key_id, "%s", backup_decrypt_key_id(d));
    int out = temp_file(s->path);
    enum { BUF = 1 << 20 };
    unsigned char *buf = out < 0 ? NULL : xmalloc(BUF);
    ssize_t n = out < 0 ? -1 : 0;
    while (out >= 0 && (n = backup_decrypt_read(d, buf, BUF)) > 0) {
        const unsigned char *p = buf;
        while (n > 0) {
            ssize_t w = write(out, p, (size_t)n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                diag_error("%s: writing the decrypted copy: %s", s->path,
                           w < 0 ? strerror(errno) : "no space");
                n = -1;
                break;
            }
            p += w;
            n -= w;
        }
        if (n < 0)
            break;
    }
    free(buf);
    backup_decrypt_end(d);
    if (n < 0) {
        if (out >= 0)
            close(out);
        return -1;
    }
    return out;
}

/* The trailer and the bbolt meta pages of the bytes at s->map. */
static enum snapshot_rc open_bytes(struct snapshot *s)
{
    /* bbolt files are whole pages (at least 512 bytes): 32 bytes more is
     * the trailer `etcdctl snapshot save` adds */
    s->has_trailer = s->map_size % 512 == SNAPSHOT_HASH_SIZE;
    s->db_size = s->map_size - (s->has_trailer ? SNAPSHOT_HASH_SIZE : 0);
    if (bbolt_open(&s->db, s->map, s->db_size) != 0)
        return damaged(s, s->db.error);
    s->db_open = true;
    if (s->map_size % 512 != 0 && !s->has_trailer) {
        snprintf(s->problem, sizeof s->problem,
                 "truncated or padded: %zu bytes is neither whole pages nor whole pages and "
                 "a 32-byte hash",
                 s->map_size);
        return SNAPSHOT_DAMAGED;
    }
    return SNAPSHOT_OK;
}

enum snapshot_rc snapshot_open(struct snapshot *s, const char *path, const unsigned char *key)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_error("%s: %s", path, strerror(errno));
        return SNAPSHOT_ERROR;
    }
    unsigned char head[BACKUP_MAGIC_SIZE];
    ssize_t got = pread(fd, head, sizeof head, 0);
    if (got > 0 && backup_is_encrypted(head, (size_t)got)) {
        s->encrypted = true;
        int plain = decrypt_to_temp(s, fd, key);
        close(fd);
        if (plain < 0)
            return SNAPSHOT_ERROR;
        fd = plain;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_error("%s: %s", path, S_ISREG(st.st_mode) ? strerror(errno) : "not a regular file");
        close(fd);
        return SNAPSHOT_ERROR;
    }
    s->map_size = (size_t)st.st_size;
    if (s->map_size == 0) {
        close(fd);
        return damaged(s, "empty file");
    }
    void *m = mmap(NULL, s->map_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    int err = errno;
    close(fd);
    if (m == MAP_FAILED) {
        diag_error("%s: cannot map the file: %s", path, strerror(err));
        return SNAPSHOT_ERROR;
    }
    s->map = m;
    s->owns_map = true;
    return open_bytes(s);
}

enum snapshot_rc snapshot_open_memory(struct snapshot *s, const char *name, const void *data,
                                      size_t size)
{
    memset(s, 0, sizeof *s);
    s->path = name;
    s->map = (unsigned char *)data;
    s->map_size = size;
    if (!size)
        return damaged(s, "empty file");
    return open_bytes(s);
}

void snapshot_close(struct snapshot *s)
{
    if (s->db_open)
        bbolt_close(&s->db);
    if (s->map && s->owns_map)
        munmap(s->map, s->map_size);
    memset(s, 0, sizeof *s);
}

int snapshot_check_trailer(struct snapshot *s)
{
    if (!s->has_trailer)
        return -1;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (!EVP_Digest(s->map, s->db_size, digest, &len, EVP_sha256(), NULL) ||
        len != SNAPSHOT_HASH_SIZE)
        abort();
    if (memcmp(digest, s->map + s->db_size, SNAPSHOT_HASH_SIZE) == 0)
        return 1;
    damaged(s, "the SHA-256 trailer does not match the contents: the file was changed after "
               "it was saved");
    return 0;
}

/* Status: one walk of the whole file */

struct status_walk {
    struct snapshot_status *out;
    uint32_t crc;
    bool in_key_bucket, in_meta_bucket;
    const unsigned char *last_rev;
};

static uint64_t get_be64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | p[i];
    return v;
}

static bool key_is(const struct bbolt_entry *e, const char *name)
{
    return e->key_len == strlen(name) && memcmp(e->key, name, e->key_len) == 0;
}

static int status_entry(void *ctx, const struct bbolt_entry *e)
{
    struct status_walk *w = ctx;
    if (e->depth == 0) {
        w->crc = crc32c(w->crc, e->key, e->key_len);
        w->in_key_bucket = e->bucket && key_is(e, "key");
        w->in_meta_bucket = e->bucket && key_is(e, "meta");
        return 0;
    }
    if (e->depth != 1)
        return 0;
    w->out->total_keys++;
    w->crc = crc32c(w->crc, e->key, e->key_len);
    if (!e->bucket) /* etcdctl hashes a nested bucket's name only */
        w->crc = crc32c(w->crc, e->value, e->value_len);
    if (w->in_key_bucket) {
        struct mvcc_revision rev;
        if (e->key_len >= 8)
            w->out->revision = get_be64(e->key);
        w->out->revisions++;
        if (mvcc_parse_revision(e->key, e->key_len, &rev) && rev.tombstone)
            w->out->tombstones++;
    } else if (w->in_meta_bucket && !e->bucket) {
        if (key_is(e, "consistent_index") && e->value_len == 8)
            w->out->consistent_index = get_be64(e->value);
        else if (key_is(e, "finishedCompactRev") && e->value_len >= 8)
            w->out->compact_revision = get_be64(e->value);
    }
    return 0;
}

enum snapshot_rc snapshot_status(struct snapshot *s, struct snapshot_status *out)
{
    memset(out, 0, sizeof *out);
    struct status_walk w = {.out = out};
    if (bbolt_check(&s->db, &out->stats, status_entry, &w) != 0)
        return damaged(s, s->db.error);
    out->hash = w.crc;
    out->total_size = out->stats.pages * s->db.page_size;
    return SNAPSHOT_OK;
}

/* Live keys */

struct latest {
    const unsigned char *key, *value;
    size_t key_len, value_len;
    int64_t create_revision, mod_revision, version, lease;
    bool deleted;
};

struct live_walk {
    struct snapshot *s;
    struct strmap names;
    struct latest *v;
    size_t n, cap;
    uint64_t entry;
};

static int live_entry(void *ctx, const struct bbolt_entry *e)
{
    struct live_walk *w = ctx;
    struct mvcc_revision rev;
    struct mvcc_kv kv;
    w->entry++;
    if (e->bucket || !mvcc_parse_revision(e->key, e->key_len, &rev)) {
        snprintf(w->s->problem, sizeof w->s->problem,
                 "bucket key: entry %llu is not a revision", (unsigned long long)w->entry);
        return SNAPSHOT_DAMAGED;
    }
    if (!mvcc_decode_kv(e->value, e->value_len, &kv)) {
        snprintf(w->s->problem, sizeof w->s->problem,
                 "bucket key: revision %llu.%llu does not hold a KeyValue",
                 (unsigned long long)rev.main, (unsigned long long)rev.sub);
        return SNAPSHOT_DAMAGED;
    }
    size_t i = strmap_rank(&w->names, (const char *)kv.key, kv.key_len);
    if (i == w->n) {
        ARRAY_GROW(w->v, w->n, w->cap);
        w->n++;
    }
    /* revisions come in order: a later one replaces what came before */
    w->v[i] = (struct latest){.key = kv.key, .key_len = kv.key_len, .value = kv.value,
                              .value_len = kv.value_len,
                              .create_revision = kv.create_revision,
                              .mod_revision = kv.mod_revision, .version = kv.version,
                              .lease = kv.lease, .deleted = rev.tombstone};
    return 0;
}

static int cmp_latest(const void *a, const void *b)
{
    const struct latest *x = *(const struct latest *const *)a;
    const struct latest *y = *(const struct latest *const *)b;
    size_t m = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, m);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

enum snapshot_rc snapshot_live_keys(struct snapshot *s, snapshot_key_fn fn, void *ctx,
                                    size_t *nlive)
{
    struct bbolt_bucket root = bbolt_root(&s->db), keys;
    int found = bbolt_bucket_find(&s->db, &root, "key", 3, &keys);
    if (found < 0)
        return damaged(s, s->db.error);
    if (!found)
        return damaged(s, "no bucket \"key\": not an etcd v3 database");
    struct live_walk w = {.s = s};
    int rc = bbolt_foreach(&s->db, &keys, false, live_entry, &w);
    if (rc == -1)
        damaged(s, s->db.error);
    size_t live = 0;
    struct latest **order = rc ? NULL : xmalloc((w.n ? w.n : 1) * sizeof *order);
    for (size_t i = 0; !rc && i < w.n; i++)
        if (!w.v[i].deleted)
            order[live++] = &w.v[i];
    if (!rc) {
        sort_array(order, live, sizeof *order, cmp_latest);
        for (size_t i = 0; i < live; i++) {
            const struct latest *l = order[i];
            struct snapshot_key k = {.key = l->key, .key_len = l->key_len, .value = l->value,
                                     .value_len = l->value_len,
                                     .create_revision = l->create_revision,
                                     .mod_revision = l->mod_revision, .version = l->version,
                                     .lease = l->lease};
            if (fn)
                fn(ctx, &k);
        }
    }
    if (nlive)
        *nlive = live;
    free(order);
    free(w.v);
    strmap_free(&w.names);
    return rc ? SNAPSHOT_DAMAGED : SNAPSHOT_OK;
}
