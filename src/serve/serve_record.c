/* serve_record.c — the TLS 1.3 record layer of serve_record.h. The AEADs
 * and HKDF are libcrypto's, fetched once per process; this file does only
 * the framing: the 5-byte header that is also the additional data, the
 * nonce (the IV XOR the 64-bit record number, right-aligned), the inner
 * content type after the content and the zero padding after that. */
#include "serve_record.h"

#include <pthread.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "../core/openssl_libs.h"

enum { KEY_UPDATE_TYPE = 24 };

const uint8_t record_key_update_msg[RECORD_KEY_UPDATE_LEN] = {KEY_UPDATE_TYPE, 0, 0, 1, 0};

static struct {
    EVP_CIPHER *aead[4];      /* by enum record_suite */
    EVP_KDF *hkdf;
} prims;
static pthread_once_t prims_once = PTHREAD_ONCE_INIT;

static void prims_fetch(void)
{
    prims.aead[RECORD_AES_128_GCM_SHA256] = EVP_CIPHER_fetch(NULL, "AES-128-GCM", NULL);
    prims.aead[RECORD_AES_256_GCM_SHA384] = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    prims.aead[RECORD_CHACHA20_POLY1305_SHA256] =
        EVP_CIPHER_fetch(NULL, "ChaCha20-Poly1305", NULL);
    prims.hkdf = EVP_KDF_fetch(NULL, "HKDF", NULL);
}

static const EVP_CIPHER *suite_aead(int suite)
{
    pthread_once(&prims_once, prims_fetch);
    return suite >= RECORD_AES_128_GCM_SHA256 && suite <= RECORD_CHACHA20_POLY1305_SHA256
               ? prims.aead[suite]
               : NULL;
}

int record_suite_of(unsigned protocol_id)
{
    switch (protocol_id) {
    case 0x1301: return RECORD_AES_128_GCM_SHA256;
    case 0x1302: return RECORD_AES_256_GCM_SHA384;
    case 0x1303: return RECORD_CHACHA20_POLY1305_SHA256;
    default: return 0;
    }
}

size_t record_secret_len(int suite)
{
    return suite == RECORD_AES_256_GCM_SHA384 ? 48 : 32;
}

static size_t key_len(int suite)
{
    return suite == RECORD_AES_128_GCM_SHA256 ? 16 : 32;
}

/* HKDF-Expand-Label(secret, label, "", n) with the suite's hash (§7.1). */
static bool expand_label(int suite, const uint8_t *secret, const char *label, uint8_t *out,
                         size_t n)
{
    static const char prefix[] = "tls13 ";
    size_t plen = sizeof prefix - 1, llen = strlen(label);
    uint8_t info[4 + 32];
    if (plen + llen > 32 || !suite_aead(suite) || !prims.hkdf)
        return false;
    info[0] = (uint8_t)(n >> 8);
    info[1] = (uint8_t)n;
    info[2] = (uint8_t)(plen + llen);
    memcpy(info + 3, prefix, plen);
    memcpy(info + 3 + plen, label, llen);
    info[3 + plen + llen] = 0;  /* an empty context */
    char *digest = suite == RECORD_AES_256_GCM_SHA384 ? "SHA384" : "SHA256";
    int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
    OSSL_PARAM params[] = {
        OSSL_PARAM_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, strlen(digest)),
        OSSL_PARAM_octet_string(OSSL_KDF_PARAM_KEY, (void *)secret, record_secret_len(suite)),
        OSSL_PARAM_octet_string(OSSL_KDF_PARAM_INFO, info, 4 + plen + llen),
        OSSL_PARAM_END,
    };
    EVP_KDF_CTX *kc = EVP_KDF_CTX_new(prims.hkdf);
    bool ok = kc && EVP_KDF_derive(kc, out, n, params) == 1;
    EVP_KDF_CTX_free(kc);
    return ok;
}

bool record_dir_init(struct record_dir *d, int suite)
{
    d->seq = 0;
    return expand_label(suite, d->secret, "key", d->key, key_len(suite)) &&
           expand_label(suite, d->secret, "iv", d->iv, sizeof d->iv);
}

bool record_dir_update(struct record_dir *d, int suite)
{
    uint8_t next[RECORD_SECRET_MAX];
    size_t n = record_secret_len(suite);
    if (!expand_label(suite, d->secret, "traffic upd", next, n))
        return false;
    memcpy(d->secret, next, n);
    OPENSSL_cleanse(next, sizeof next);
    return record_dir_init(d, suite);
}

/* Keys cx for the next record of d (enc: 1 seal, 0 open); false when the
 * numbering is exhausted. */
static bool cipher_begin(struct record_keys *k, struct record_dir *d, EVP_CIPHER_CTX *cx,
                         int enc, const uint8_t *header)
{
    const EVP_CIPHER *aead = suite_aead(k->suite);
    if (!aead || d->seq == UINT64_MAX)
        return false;
    uint8_t nonce[12];
    memcpy(nonce, d->iv, sizeof nonce);
    for (int i = 0; i < 8; i++)
        nonce[11 - i] ^= (uint8_t)(d->seq >> (8 * i));
    int n;
    return EVP_CipherInit_ex(cx, aead, NULL, d->key, nonce, enc) == 1 &&
           EVP_CipherUpdate(cx, NULL, &n, header, RECORD_HEADER) == 1;
}

enum record_status record_open(struct record_keys *k, EVP_CIPHER_CTX *cx, uint8_t *buf,
                               size_t len, struct record_opened *o)
{
    memset(o, 0, sizeof *o);
    if (len < RECORD_HEADER)
        return RECORD_MORE;
    size_t body = (size_t)buf[3] << 8 | buf[4];
    if (buf[0] != RECORD_TYPE_DATA || buf[1] != 3 || buf[2] != 3) {
        o->alert = buf[0] == RECORD_TYPE_DATA ? ALERT_DECODE_ERROR : ALERT_UNEXPECTED_MESSAGE;
        return RECORD_FAILED;
    }
    if (body > RECORD_MAX_BODY) {
        o->alert = ALERT_RECORD_OVERFLOW;
        return RECORD_FAILED;
    }
    if (len < RECORD_HEADER + body)
        return RECORD_MORE;
    o->used = RECORD_HEADER + body;
    o->alert = ALERT_BAD_RECORD_MAC;
    if (body < RECORD_TAG + 1)
        return RECORD_FAILED;
    uint8_t *in = buf + RECORD_HEADER;
    size_t inner = body - RECORD_TAG;
    int n;
    if (!cipher_begin(k, &k->rx, cx, 0, buf)) {
        o->alert = ALERT_INTERNAL_ERROR;
        return RECORD_FAILED;
    }
    if (EVP_CipherUpdate(cx, in, &n, in, (int)inner) != 1 ||
        EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_AEAD_SET_TAG, RECORD_TAG, in + inner) != 1 ||
        EVP_CipherFinal_ex(cx, in + n, &n) != 1)
        return RECORD_FAILED;
    k->rx.seq++;
    while (inner && !in[inner - 1])  /* the padding */
        inner--;
    if (!inner) {
        o->alert = ALERT_UNEXPECTED_MESSAGE;
        return RECORD_FAILED;
    }
    o->type = in[inner - 1];
    o->off = RECORD_HEADER;
    o->len = inner - 1;
    if (o->len > RECORD_MAX_PLAIN) {
        o->alert = ALERT_RECORD_OVERFLOW;
        return RECORD_FAILED;
    }
    o->alert = 0;
    return RECORD_OPENED;
}

size_t record_seal(struct record_keys *k, EVP_CIPHER_CTX *cx, uint8_t type, const void *data,
                   size_t n, size_t pad, uint8_t *out)
{
    static const uint8_t zeros[256];
    if (n + pad > RECORD_MAX_PLAIN)
        return 0;
    size_t body = n + 1 + pad + RECORD_TAG;
    out[0] = RECORD_TYPE_DATA;
    out[1] = out[2] = 3;
    out[3] = (uint8_t)(body >> 8);
    out[4] = (uint8_t)body;
    uint8_t *p = out + RECORD_HEADER;
    int m;
    if (!cipher_begin(k, &k->tx, cx, 1, out) ||
        (n && EVP_CipherUpdate(cx, p, &m, data, (int)n) != 1) ||
        EVP_CipherUpdate(cx, p + n, &m, &type, 1) != 1)
        return 0;
    for (size_t at = 0; at < pad; at += sizeof zeros) {
        size_t step = pad - at < sizeof zeros ? pad - at : sizeof zeros;
        if (EVP_CipherUpdate(cx, p + n + 1 + at, &m, zeros, (int)step) != 1)
            return 0;
    }
    if (EVP_CipherFinal_ex(cx, p + n + 1 + pad, &m) != 1 ||
        EVP_CIPHER_CTX_ctrl(cx, EVP_CTRL_AEAD_GET_TAG, RECORD_TAG, p + n + 1 + pad) != 1)
        return 0;
    k->tx.seq++;
    return RECORD_HEADER + body;
}

int record_handshake(struct record_keys *k, const uint8_t *msg, size_t len, bool *requested)
{
    *requested = false;
    if (len < 4 || msg[0] != KEY_UPDATE_TYPE)
        return ALERT_UNEXPECTED_MESSAGE;
    /* A KeyUpdate must end its record (§5.1: no message spans a key change). */
    if (len != RECORD_KEY_UPDATE_LEN || msg[1] || msg[2] || msg[3] != 1 || msg[4] > 1)
        return ALERT_DECODE_ERROR;
    if (!record_dir_update(&k->rx, k->suite))
        return ALERT_INTERNAL_ERROR;
    *requested = msg[4] == 1;
    return 0;
}
