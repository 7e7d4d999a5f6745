/* backup.c — a snapshot streamed to disk with its SHA-256 trailer checked,
 * put into place atomically, and retention over ringwall's own backups. */
#include "backup.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/atomic_file.h"
#include "../core/diag.h"
#include "../core/openssl_libs.h"
#include "backup_crypt.h"

enum { SHA256_LEN = 32 };

/* The stream's bytes go to the file; all but the last 32 go to the hash,
 * the last 32 (the trailer, so far) wait in tail. */
struct snapshot_sink {
    FILE *f;
    struct backup_encryptor *enc; /* or NULL: written as it comes */
    EVP_MD_CTX *md;
    unsigned char tail[SHA256_LEN];
    size_t tail_len;
    uint64_t bytes;
    int write_errno;
};

static void hash_through(struct snapshot_sink *s, const unsigned char *d, size_t n)
{
    if (n >= SHA256_LEN) {
        EVP_DigestUpdate(s->md, s->tail, s->tail_len);
        EVP_DigestUpdate(s->md, d, n - SHA256_LEN);
        memcpy(s->tail, d + n - SHA256_LEN, SHA256_LEN);
        s->tail_len = SHA256_LEN;
        return;
    }
    unsigned char both[2 * SHA256_LEN];
    memcpy(both, s->tail, s->tail_len);
    memcpy(both + s->tail_len, d, n);
    size_t len = s->tail_len + n, keep = len < SHA256_LEN ? len : SHA256_LEN;
    EVP_DigestUpdate(s->md, both, len - keep);
    memcpy(s->tail, both + len - keep, keep);
    s->tail_len = keep;
}

static bool on_bytes(const unsigned char *blob, size_t n, void *ctx, char *why, size_t whylen)
{
    struct snapshot_sink *s = ctx;
    if (n && (s->enc ? backup_encrypt_write(s->enc, blob, n) != 0
                     : fwrite(blob, 1, n, s->f) != n)) {
        s->write_errno = errno ? errno : EIO;
        snprintf(why, whylen, "cannot write the backup: %s", strerror(s->write_errno));
        return false;
    }
    hash_through(s, blob, n);
    s->bytes += n;
    return true;
}

/* A chunk of the gateway's stream: {"blob": base64, "remaining_bytes": N}. */
static bool on_gateway_chunk(const struct ej_value *result, void *ctx, char *why, size_t whylen)
{
    struct arena a = {0};
    const unsigned char *blob;
    size_t n;
    bool ok = ej_bytes(&a, ej_get(result, "blob"), &blob, &n);
    if (!ok)
        snprintf(why, whylen, "snapshot chunk with a malformed blob");
    else
        ok = on_bytes(blob, n, ctx, why, whylen);
    arena_free(&a);
    return ok;
}

/* The snapshot over gRPC, or over the gateway when asked, or when no
 * endpoint speaks gRPC (an HTTP/1.1 proxy in front of etcd). */
static bool fetch_snapshot(struct etcd_client *c, enum etcd_api api, struct snapshot_sink *s,
                           struct etcd_result *r)
{
    bool not_grpc = true;
    if (api != ETCD_API_GATEWAY && etcd_snapshot_grpc(c, on_bytes, s, r, &not_grpc))
        return true;
    if (api == ETCD_API_GRPC || (api == ETCD_API_AUTO && !not_grpc))
        return false;
    return etcd_stream(c, "/v3/maintenance/snapshot", "{}", on_gateway_chunk, s, r);
}

/* out with its strftime conversions at the current local time. */
static bool expand_name(const char *pattern, char *out, size_t len)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    size_t n = strftime(out, len, pattern, &tm);
    return n > 0 && n < len;
}

/* The name pattern as a glob: each conversion becomes `*`. */
static void pattern_glob(const char *pattern, char *out, size_t len)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 2 < len; p++) {
        if (*p == '%' && p[1]) {
            p++;
            if (*p == 'E' || *p == 'O')
                p += p[1] != 0;
            out[o++] = *p == '%' ? '%' : '*';
        } else if (*p == '*' || *p == '?' || *p == '[' || *p == '\\') {
            out[o++] = '\\';
            out[o++] = *p;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* dir of path, with its trailing slash ("" for the current directory). */
static void dir_of(const char *path, char *out, size_t len)
{
    const char *s = strrchr(path, '/');
    snprintf(out, len, "%.*s", s ? (int)(s - path + 1) : 0, path);
}

struct manifest_entry {
    char name[256];
    unsigned long long size, time;
    char sha[65];
};

static const char MANIFEST_HEADER[] = "# ringwall etcd backups: name size sha256 time\n";

static size_t read_manifest(const char *path, struct manifest_entry **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = 0, cap = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        struct manifest_entry e;
        if (line[0] == '#' ||
            sscanf(line, "%255s %llu %64s %llu", e.name, &e.size, e.sha, &e.time) != 4)
            continue;
        ARRAY_GROW(*out, n, cap);
        (*out)[n++] = e;
    }
    fclose(f);
    return n;
}

static bool write_manifest(const char *path, const struct manifest_entry *v, size_t n)
{
    struct atomic_file af;
    FILE *f = atomic_open(&af, path);
    if (!f)
        return false;
    fputs(MANIFEST_HEADER, f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s %llu %s %llu\n", v[i].name, v[i].size, v[i].sha, v[i].time);
    return atomic_commit(&af) == 0;
}

/* Whether dir/name is still the backup the entry describes. */
static bool still_ours(const char *dir, const struct manifest_entry *e, const char *glob)
{
    char path[4096 + 256];
    snprintf(path, sizeof path, "%s%s", dir, e->name);
    struct stat st;
    return fnmatch(glob, e->name, 0) == 0 && strchr(e->name, '/') == NULL &&
           lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           (unsigned long long)st.st_size == e->size;
}

/* Records the new backup, then removes the oldest beyond `keep`. */
static bool record_and_prune(const struct etcd_backup_opts *o, struct etcd_backup_result *res,
                             uint64_t file_size)
{
    char dir[4096], mpath[4096 + 64], glob[1024];
    dir_of(res->path, dir, sizeof dir);
    snprintf(mpath, sizeof mpath, "%s%s", dir, ETCD_BACKUP_MANIFEST);
    pattern_glob(base_name(o->out), glob, sizeof glob);
    struct manifest_entry *v;
    size_t n = read_manifest(mpath, &v), k = 0;
    for (size_t i = 0; i < n; i++) /* a backup written again under the same name */
        if (strcmp(v[i].name, base_name(res->path)) != 0)
            v[k++] = v[i];
    n = k;
    size_t cap = n;
    ARRAY_GROW(v, n, cap);
    struct manifest_entry *e = &v[n++];
    snprintf(e->name, sizeof e->name, "%.255s", base_name(res->path));
    e->size = file_size;
    e->time = (unsigned long long)time(NULL);
    snprintf(e->sha, sizeof e->sha, "%s", res->sha256);
    size_t drop = o->keep && n > o->keep ? n - o->keep : 0;
    for (size_t i = 0; i < drop; i++) {
        if (!still_ours(dir, &v[i], glob))
            continue; /* gone, renamed over or changed: not ours to remove */
        char path[4096 + 256];
        snprintf(path, sizeof path, "%s%s", dir, v[i].name);
        if (unlink(path) == 0)
            res->pruned++;
        else
            diag_warn("cannot remove the old backup %s: %s", path, strerror(errno));
    }
    bool ok = write_manifest(mpath, v + drop, n - drop);
    if (!ok)
        diag_error("%s: cannot write the list of backups: %s", mpath, strerror(errno));
    free(v);
    return ok;
}

static bool fetch_revision(struct etcd_client *c, uint64_t *rev)
{
    struct arena a = {0};
    struct etcd_result r;
    bool ok = etcd_call(c, &a, "/v3/maintenance/status", "{}", &r);
    if (!ok)
        diag_error("%s", r.message);
    else
        ej_u64(ej_get(ej_get(r.body, "header"), "revision"), rev);
    arena_free(&a);
    return ok;
}

/* Starts encrypting into the backup's file when a key is given; false
 * after reporting why. */
static bool begin_encryption(const struct etcd_backup_opts *o, struct snapshot_sink *s,
                             const char *path)
{
    if (!o->key_file)
        return true;
    unsigned char key[BACKUP_KEY_SIZE];
    if (backup_key_load(o->key_file, key) != 0)
        return false;
    s->enc = backup_encrypt_begin(fileno(s->f), key, o->key_id ? o->key_id
                                                               : base_name(o->key_file));
    memset(key, 0, sizeof key);
    if (!s->enc)
        diag_error("%s: %s", path, strerror(errno));
    return s->enc != NULL;
}

static bool end_encryption(struct snapshot_sink *s, bool ok, const char *path)
{
    if (!s->enc)
        return ok;
    if (!ok) {
        backup_encrypt_abort(s->enc);
        return false;
    }
    if (backup_encrypt_end(s->enc) != 0) {
        diag_error("%s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

bool etcd_backup(struct etcd_client *c, const struct etcd_backup_opts *o,
                 struct etcd_backup_result *res)
{
    memset(res, 0, sizeof *res);
    if (!expand_name(o->out, res->path, sizeof res->path)) {
        diag_error("--out '%s' gives an empty or too long file name", o->out);
        return false;
    }
    if (!fetch_revision(c, &res->revision))
        return false;
    struct atomic_file af;
    FILE *f = atomic_open(&af, res->path);
    if (!f) {
        diag_error("%s: %s", res->path, strerror(errno));
        return false;
    }
    if (af.tmp && fchmod(fileno(f), 0600) != 0) { /* every Secret of the cluster is in it */
        diag_error("%s: %s", af.tmp, strerror(errno));
        atomic_abort(&af);
        return false;
    }
    struct snapshot_sink s = {.f = f};
    if (!begin_encryption(o, &s, res->path)) {
        atomic_abort(&af);
        return false;
    }
    s.md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(s.md, EVP_sha256(), NULL);
    struct etcd_result r;
    bool ok = fetch_snapshot(c, o->api, &s, &r);
    unsigned char sum[SHA256_LEN];
    EVP_DigestFinal_ex(s.md, sum, NULL);
    EVP_MD_CTX_free(s.md);
    if (!ok)
        diag_error("snapshot failed: %s", r.message);
    else if (s.bytes < SHA256_LEN || memcmp(sum, s.tail, SHA256_LEN) != 0) {
        diag_error("snapshot from %s failed its SHA-256 check (%llu bytes): not written",
                   r.endpoint, (unsigned long long)s.bytes);
        ok = false;
    }
    struct stat st;
    ok = end_encryption(&s, ok, res->path);
    if (ok && (fflush(f) != 0 || fstat(fileno(f), &st) != 0)) {
        diag_error("%s: %s", res->path, strerror(errno));
        ok = false;
    }
    if (!ok) {
        atomic_abort(&af);
        return false;
    }
    if (atomic_commit(&af) != 0) {
        diag_error("%s: %s", res->path, strerror(errno));
        return false;
    }
    res->bytes = s.bytes;
    for (int i = 0; i < SHA256_LEN; i++)
        sprintf(res->sha256 + 2 * i, "%02x", s.tail[i]);
    return record_and_prune(o, res, (uint64_t)st.st_size);
}
