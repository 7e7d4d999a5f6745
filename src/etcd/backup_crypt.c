/* backup_crypt.c — AES-256-GCM chunked encryption of backup streams with
 * OpenSSL's libcrypto (layout in backup_crypt.h and docs/etcd.md). */
#include "backup_crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/arena.h"
#include "../core/diag.h"
#include "../core/openssl_libs.h"

const unsigned char BACKUP_MAGIC[BACKUP_MAGIC_SIZE] = {'R', 'W', 'E', 'T', 'C', 'D', 'B', 'K'};

enum {
    FORMAT_VERSION = 1,
    NONCE_SIZE = 12,
    CHECK_SIZE = 16,
    CHUNK_HEAD = 5, /* flags, length */
    FLAG_FINAL = 1,
    HEADER_MAX = BACKUP_HEADER_FIXED + BACKUP_KEY_ID_MAX,
};

static const char KEY_CHECK_LABEL[] = "ringwall backup key check v1";

bool backup_is_encrypted(const unsigned char *head, size_t n)
{
    return n >= BACKUP_MAGIC_SIZE && memcmp(head, BACKUP_MAGIC, BACKUP_MAGIC_SIZE) == 0;
}

static void key_check(const unsigned char key[BACKUP_KEY_SIZE], unsigned char out[CHECK_SIZE])
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL) ||
        !EVP_DigestUpdate(md, KEY_CHECK_LABEL, sizeof KEY_CHECK_LABEL - 1) ||
        !EVP_DigestUpdate(md, key, BACKUP_KEY_SIZE) || !EVP_DigestFinal_ex(md, digest, NULL))
        abort(); /* SHA-256 of a few bytes cannot fail but for memory */
    EVP_MD_CTX_free(md);
    memcpy(out, digest, CHECK_SIZE);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The nonce of chunk i: the base with i XORed into its last 8 bytes. */
static void chunk_nonce(const unsigned char base[NONCE_SIZE], uint64_t i,
                        unsigned char out[NONCE_SIZE])
{
    memcpy(out, base, NONCE_SIZE);
    for (int b = 0; b < 8; b++)
        out[NONCE_SIZE - 1 - b] ^= (unsigned char)(i >> (8 * b));
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Reads up to n bytes, short only at end of file; -1 on error. */
static ssize_t read_all(int fd, unsigned char *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Sealing and opening one chunk */

struct chunk_cipher {
    EVP_CIPHER_CTX *ctx;
    unsigned char key[BACKUP_KEY_SIZE];
    unsigned char nonce[NONCE_SIZE];
    unsigned char header[HEADER_MAX];
    size_t header_len;
    uint64_t index; /* of the next chunk */
};

static bool cipher_init(struct chunk_cipher *c, const unsigned char key[BACKUP_KEY_SIZE])
{
    memcpy(c->key, key, BACKUP_KEY_SIZE);
    c->ctx = EVP_CIPHER_CTX_new();
    return c->ctx != NULL;
}

static void cipher_free(struct chunk_cipher *c)
{
    EVP_CIPHER_CTX_free(c->ctx);
    OPENSSL_cleanse(c->key, sizeof c->key);
}

/* Starts chunk c->index with the given head (flags, length) as AAD. */
static bool chunk_start(struct chunk_cipher *c, bool encrypt, const unsigned char head[CHUNK_HEAD])
{
    unsigned char nonce[NONCE_SIZE];
    chunk_nonce(c->nonce, c->index, nonce);
    int len;
    int ok = encrypt ? EVP_EncryptInit_ex(c->ctx, EVP_aes_256_gcm(), NULL, c->key, nonce)
                     : EVP_DecryptInit_ex(c->ctx, EVP_aes_256_gcm(), NULL, c->key, nonce);
    return ok && EVP_CipherUpdate(c->ctx, NULL, &len, c->header, (int)c->header_len) &&
           EVP_CipherUpdate(c->ctx, NULL, &len, head, CHUNK_HEAD);
}

/* Encrypts in[0..n) into out as head | ciphertext | tag. */
static bool chunk_seal(struct chunk_cipher *c, bool final, const unsigned char *in, size_t n,
                       unsigned char *out)
{
    out[0] = final ? FLAG_FINAL : 0;
    put_u32(out + 1, (uint32_t)n);
    int len = 0, fin = 0;
    bool ok = chunk_start(c, true, out) &&
              EVP_EncryptUpdate(c->ctx, out + CHUNK_HEAD, &len, in, (int)n) &&
              EVP_EncryptFinal_ex(c->ctx, out + CHUNK_HEAD + len, &fin) &&
              EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_GET_TAG, BACKUP_TAG_SIZE,
                                  out + CHUNK_HEAD + n);
    c->index++;
    return ok;
}

/* Decrypts body (ciphertext | tag, n bytes of ciphertext) into out; false
 * when the tag does not verify. */
static bool chunk_open(struct chunk_cipher *c, const unsigned char head[CHUNK_HEAD],
                       unsigned char *body, size_t n, unsigned char *out)
{
    int len = 0, fin = 0;
    bool ok = chunk_start(c, false, head) &&
              EVP_DecryptUpdate(c->ctx, out, &len, body, (int)n) &&
              EVP_CIPHER_CTX_ctrl(c->ctx, EVP_CTRL_GCM_SET_TAG, BACKUP_TAG_SIZE, body + n) &&
              EVP_DecryptFinal_ex(c->ctx, out + len, &fin) > 0;
    c->index++;
    return ok;
}

/* Encryption */

struct backup_encryptor {
    struct chunk_cipher c;
    int fd;
    unsigned char *plain;   /* BACKUP_CHUNK_SIZE bytes */
    size_t used;
    unsigned char *sealed;  /* head + chunk + tag */
};

static void encryptor_free(struct backup_encryptor *e)
{
    if (!e)
        return;
    cipher_free(&e->c);
    OPENSSL_cleanse(e->plain, BACKUP_CHUNK_SIZE);
    free(e->plain);
    free(e->sealed);
    free(e);
}

struct backup_encryptor *backup_encrypt_begin(int out_fd, const unsigned char key[BACKUP_KEY_SIZE],
                                              const char *key_id)
{
    size_t id_len = key_id ? strlen(key_id) : 0;
    if (id_len > BACKUP_KEY_ID_MAX) {
        errno = EINVAL;
        return NULL;
    }
    struct backup_encryptor *e = xcalloc(1, sizeof *e);
    e->fd = out_fd;
    e->plain = xmalloc(BACKUP_CHUNK_SIZE);
    e->sealed = xmalloc(CHUNK_HEAD + BACKUP_CHUNK_SIZE + BACKUP_TAG_SIZE);
    if (!cipher_init(&e->c, key) || RAND_bytes(e->c.nonce, NONCE_SIZE) != 1) {
        encryptor_free(e);
        errno = EIO;
        return NULL;
    }
    unsigned char *h = e->c.header;
    memcpy(h, BACKUP_MAGIC, BACKUP_MAGIC_SIZE);
    h[8] = FORMAT_VERSION;
    h[9] = (unsigned char)id_len;
    put_u32(h + 10, BACKUP_CHUNK_SIZE);
    memcpy(h + 14, e->c.nonce, NONCE_SIZE);
    key_check(key, h + 26);
    if (id_len)
        memcpy(h + BACKUP_HEADER_FIXED, key_id, id_len);
    e->c.header_len = BACKUP_HEADER_FIXED + id_len;
    if (write_all(out_fd, h, e->c.header_len) != 0) {
        int err = errno;
        encryptor_free(e);
        errno = err;
        return NULL;
    }
    return e;
}

static int flush_chunk(struct backup_encryptor *e, bool final)
{
    if (!chunk_seal(&e->c, final, e->plain, e->used, e->sealed)) {
        errno = EIO;
        return -1;
    }
    size_t n = CHUNK_HEAD + e->used + BACKUP_TAG_SIZE;
    e->used = 0;
    return write_all(e->fd, e->sealed, n);
}

int backup_encrypt_write(struct backup_encryptor *e, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n) {
        /* a full chunk goes out only once more data follows it: the last
         * chunk, full or not, is sealed as final by end */
        if (e->used == BACKUP_CHUNK_SIZE && flush_chunk(e, false) != 0)
            return -1;
        size_t take = BACKUP_CHUNK_SIZE - e->used;
        if (take > n)
            take = n;
        memcpy(e->plain + e->used, p, take);
        e->used += take;
        p += take;
        n -= take;
    }
    return 0;
}

int backup_encrypt_end(struct backup_encryptor *e)
{
    int rc = flush_chunk(e, true);
    int err = errno;
    encryptor_free(e);
    errno = err;
    return rc;
}

void backup_encrypt_abort(struct backup_encryptor *e)
{
    encryptor_free(e);
}

/* Decryption */

struct backup_decryptor {
    struct chunk_cipher c;
    int fd;
    const char *name;
    uint32_t chunk_size;
    char key_id[BACKUP_KEY_ID_MAX + 1];
    unsigned char *body;    /* ciphertext + tag of one chunk */
    unsigned char *plain;   /* its plaintext ... */
    size_t plain_len, plain_at; /* ... and how much was handed out */
    bool final_seen, failed;
};

static void decryptor_free(struct backup_decryptor *d)
{
    if (!d)
        return;
    cipher_free(&d->c);
    if (d->plain)
        OPENSSL_cleanse(d->plain, d->chunk_size);
    free(d->plain);
    free(d->body);
    free(d);
}

static struct backup_decryptor *begin_failed(struct backup_decryptor *d)
{
    decryptor_free(d);
    return NULL;
}

struct backup_decryptor *backup_decrypt_begin(int in_fd, const char *name,
                                              const unsigned char key[BACKUP_KEY_SIZE])
{
    struct backup_decryptor *d = xcalloc(1, sizeof *d);
    d->fd = in_fd;
    d->name = name;
    if (!cipher_init(&d->c, key)) {
        diag_error("%s: cannot set up AES-256-GCM", name);
        return begin_failed(d);
    }
    unsigned char *h = d->c.header;
    ssize_t got = read_all(in_fd, h, BACKUP_HEADER_FIXED);
    if (got < 0) {
        diag_error("%s: %s", name, strerror(errno));
        return begin_failed(d);
    }
    if (!backup_is_encrypted(h, (size_t)got)) {
        diag_error("%s: not an encrypted ringwall backup (no RWETCDBK header)", name);
        return begin_failed(d);
    }
    if (got < BACKUP_HEADER_FIXED) {
        diag_error("%s: truncated: the file ends inside its header", name);
        return begin_failed(d);
    }
    if (h[8] != FORMAT_VERSION) {
        diag_error("%s: backup format version %u is not supported (this ringwall reads "
                   "version %d)", name, h[8], FORMAT_VERSION);
        return begin_failed(d);
    }
    size_t id_len = h[9];
    d->chunk_size = get_u32(h + 10);
    if (d->chunk_size == 0 || d->chunk_size > BACKUP_CHUNK_MAX) {
        diag_error("%s: damaged header: chunk size %u out of range", name, d->chunk_size);
        return begin_failed(d);
    }
    memcpy(d->c.nonce, h + 14, NONCE_SIZE);
    got = read_all(in_fd, h + BACKUP_HEADER_FIXED, id_len);
    if (got < 0 || (size_t)got < id_len) {
        diag_error("%s: %s", name, got < 0 ? strerror(errno) : "truncated: the file ends "
                                                               "inside its header");
        return begin_failed(d);
    }
    memcpy(d->key_id, h + BACKUP_HEADER_FIXED, id_len);
    d->key_id[id_len] = 0;
    d->c.header_len = BACKUP_HEADER_FIXED + id_len;
    unsigned char check[CHECK_SIZE];
    key_check(key, check);
    if (CRYPTO_memcmp(check, h + 26, CHECK_SIZE) != 0) {
        diag_error("%s: wrong key: the file was encrypted with another key (key id \"%s\"), "
                   "or its header is damaged",
                   name, d->key_id);
        return begin_failed(d);
    }
    d->body = xmalloc((size_t)d->chunk_size + BACKUP_TAG_SIZE);
    d->plain = xmalloc(d->chunk_size);
    return d;
}

const char *backup_decrypt_key_id(const struct backup_decryptor *d)
{
    return d->key_id;
}

static ssize_t read_failed(struct backup_decryptor *d, const char *fmt, unsigned long long a)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, a);
    diag_error("%s: %s", d->name, msg);
    d->failed = true;
    return -1;
}

/* Reads, authenticates and decrypts the next chunk into d->plain. */
static ssize_t next_chunk(struct backup_decryptor *d)
{
    unsigned long long i = d->c.index;
    unsigned char head[CHUNK_HEAD];
    ssize_t got = read_all(d->fd, head, CHUNK_HEAD);
    if (got < 0)
        return read_failed(d, "read error in chunk %llu", i);
    if (got == 0)
        return read_failed(d, "truncated: the file ends after chunk %llu, which is not the "
                              "last", i ? i - 1 : 0);
    if (got < CHUNK_HEAD)
        return read_failed(d, "truncated: the file ends inside chunk %llu", i);
    uint32_t len = get_u32(head + 1);
    bool final = head[0] & FLAG_FINAL;
    if ((head[0] & ~FLAG_FINAL) || len > d->chunk_size || (!final && len != d->chunk_size))
        return read_failed(d, "damaged: chunk %llu has an impossible header", i);
    got = read_all(d->fd, d->body, (size_t)len + BACKUP_TAG_SIZE);
    if (got < 0)
        return read_failed(d, "read error in chunk %llu", i);
    if ((size_t)got < (size_t)len + BACKUP_TAG_SIZE)
        return read_failed(d, "truncated: the file ends inside chunk %llu", i);
    if (!chunk_open(&d->c, head, d->body, len, d->plain))
        return read_failed(d, "damaged or tampered: chunk %llu fails authentication", i);
    d->plain_len = len;
    d->plain_at = 0;
    if (final) {
        d->final_seen = true;
        unsigned char extra;
        got = read_all(d->fd, &extra, 1);
        if (got != 0)
            return read_failed(d, got < 0 ? "read error after chunk %llu"
                                          : "damaged: data follows the final chunk %llu", i);
    }
    return len;
}

ssize_t backup_decrypt_read(struct backup_decryptor *d, void *buf, size_t n)
{
    if (d->failed)
        return -1;
    while (d->plain_at == d->plain_len) {
        if (d->final_seen)
            return 0;
        if (next_chunk(d) < 0)
            return -1;
    }
    size_t take = d->plain_len - d->plain_at;
    if (take > n)
        take = n;
    memcpy(buf, d->plain + d->plain_at, take);
    d->plain_at += take;
    return (ssize_t)take;
}

void backup_decrypt_end(struct backup_decryptor *d)
{
    decryptor_free(d);
}

/* Key files */

int backup_key_load(const char *path, unsigned char key[BACKUP_KEY_SIZE])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        diag_error("%s: %s", path, strerror(errno));
        return -1;
    }
    unsigned char buf[2 * BACKUP_KEY_SIZE + 3];
    ssize_t got = read_all(fd, buf, sizeof buf);
    int err = errno;
    close(fd);
    if (got < 0) {
        diag_error("%s: %s", path, strerror(err));
        return -1;
    }
    size_t n = (size_t)got;
    int rc = -1;
    if (n == BACKUP_KEY_SIZE) {
        memcpy(key, buf, BACKUP_KEY_SIZE);
        rc = 0;
    } else {
        while (n > 2 * BACKUP_KEY_SIZE && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            n--;
        if (n == 2 * BACKUP_KEY_SIZE) {
            rc = 0;
            for (size_t i = 0; i < BACKUP_KEY_SIZE && rc == 0; i++) {
                int hi = OPENSSL_hexchar2int(buf[2 * i]), lo = OPENSSL_hexchar2int(buf[2 * i + 1]);
                if (hi < 0 || lo < 0)
                    rc = -1;
                else
                    key[i] = (unsigned char)(hi << 4 | lo);
            }
        }
    }
    OPENSSL_cleanse(buf, sizeof buf);
    if (rc != 0) {
        OPENSSL_cleanse(key, BACKUP_KEY_SIZE);
        diag_error("%s: not a key: a key file holds 32 raw bytes or 64 hex digits", path);
    }
    return rc;
}
