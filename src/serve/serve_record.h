/* serve_record.h — TLS 1.3 record protection (RFC 8446 §5) for a
 * connection whose handshake OpenSSL has completed: the two traffic
 * secrets become keys and IVs (HKDF-Expand-Label, §7.1 and §7.3),
 * records are sealed and opened with libcrypto's AEADs, and KeyUpdate
 * (§4.6.3, §7.2) moves a direction to its next secret. No sockets here:
 * serve_offload.c moves the bytes. */
#ifndef RINGWALL_SERVE_RECORD_H
#define RINGWALL_SERVE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

enum record_suite {
    RECORD_AES_128_GCM_SHA256 = 1,
    RECORD_AES_256_GCM_SHA384,
    RECORD_CHACHA20_POLY1305_SHA256,
};

enum {
    RECORD_HEADER = 5,
    RECORD_MAX_PLAIN = 1 << 14,
    RECORD_MAX_BODY = RECORD_MAX_PLAIN + 256,  /* the largest length field allowed */
    RECORD_BUF = RECORD_HEADER + RECORD_MAX_BODY, /* room for any one record */
    RECORD_TAG = 16,
    RECORD_SECRET_MAX = 48,
};

/* Content types (§5.1) and the alerts sent (§6). */
enum { RECORD_TYPE_ALERT = 21, RECORD_TYPE_HANDSHAKE = 22, RECORD_TYPE_DATA = 23 };
enum {
    ALERT_CLOSE_NOTIFY = 0,
    ALERT_UNEXPECTED_MESSAGE = 10,
    ALERT_BAD_RECORD_MAC = 20,
    ALERT_RECORD_OVERFLOW = 22,
    ALERT_DECODE_ERROR = 50,
    ALERT_INTERNAL_ERROR = 80,
};

/* One direction: its current secret, the key and IV made from it, and
 * the number of the next record. */
struct record_dir {
    uint64_t seq;
    uint8_t secret[RECORD_SECRET_MAX];
    uint8_t key[32];
    uint8_t iv[12];
};

struct record_keys {
    struct record_dir rx, tx;  /* from the client, to the client */
    uint8_t suite;             /* enum record_suite */
};

/* The suite of a TLS 1.3 cipher suite number (0x1301...), 0 if not one of
 * the three; the length of its secrets. */
int record_suite_of(unsigned protocol_id);
size_t record_secret_len(int suite);

/* Makes d's key and IV from d->secret (set by the caller) and restarts
 * its numbering; false when libcrypto fails. */
bool record_dir_init(struct record_dir *d, int suite);

/* KeyUpdate: d's next secret, key and IV. */
bool record_dir_update(struct record_dir *d, int suite);

/* What record_open found. */
enum record_status { RECORD_MORE, RECORD_OPENED, RECORD_FAILED };
struct record_opened {
    uint8_t type;              /* the inner content type */
    size_t off, len;           /* the content, decrypted in place in buf */
    size_t used;               /* the whole record's bytes in buf */
    uint8_t alert;             /* RECORD_FAILED: the alert to send */
};

/* Opens the first record of the len bytes in buf with k->rx: RECORD_MORE
 * when it is not all there yet, RECORD_FAILED (o->alert says why) for a
 * record that is malformed, too long, fails its tag or has no content
 * type. cx is any cipher context (re-keyed here). */
enum record_status record_open(struct record_keys *k, EVP_CIPHER_CTX *cx, uint8_t *buf,
                               size_t len, struct record_opened *o);

/* The bytes record_seal writes for n bytes of content and pad zeros. */
static inline size_t record_sealed_len(size_t n, size_t pad)
{
    return RECORD_HEADER + n + 1 + pad + RECORD_TAG;
}

/* Seals n bytes of content of the given type (n + pad <= 2^14), followed
 * by pad zero bytes, as the next record of k->tx into out; the bytes
 * written, 0 when the numbering is exhausted or libcrypto fails. */
size_t record_seal(struct record_keys *k, EVP_CIPHER_CTX *cx, uint8_t type, const void *data,
                   size_t n, size_t pad, uint8_t *out);

/* A handshake record's content after the handshake: only a whole
 * KeyUpdate (§4.6.3) is accepted; it moves k->rx on and sets *requested
 * when the client asks for ours. 0, or the alert to send. */
int record_handshake(struct record_keys *k, const uint8_t *msg, size_t len, bool *requested);

/* The KeyUpdate message (update_not_requested) sent in answer. */
enum { RECORD_KEY_UPDATE_LEN = 5 };
extern const uint8_t record_key_update_msg[RECORD_KEY_UPDATE_LEN];

#endif
