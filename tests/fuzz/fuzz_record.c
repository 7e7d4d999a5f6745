/* fuzz_record.c — libFuzzer target for the server's TLS 1.3 record opener
 * (src/serve/serve_record.c). The first byte picks the cipher suite, the
 * size of the pieces the bytes arrive in, and the mode: either the rest
 * is what a client sends, opened record by record as the server does, or
 * it describes records (type, padding, content) that are sealed with the
 * same keys first, with one byte of the result flipped when the next
 * input byte asks for it. Whatever opens must lie inside its record and
 * hold at most 2^14 bytes; untouched sealed records must open to exactly
 * what was sealed, KeyUpdates included; a flipped byte must not open. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/serve/serve_record.h"
#include "../../src/core/openssl_libs.h"

static EVP_CIPHER_CTX *cx;

static void keys_for(struct record_keys *k, int suite)
{
    memset(k, 0, sizeof *k);
    k->suite = (uint8_t)suite;
    for (size_t i = 0; i < record_secret_len(suite); i++)
        k->tx.secret[i] = (uint8_t)(i + 1);
    if (!record_dir_init(&k->tx, suite))
        abort();
    k->rx = k->tx;
}

/* A record as sealed. */
struct sealed {
    uint8_t type;
    const uint8_t *content;
    size_t n;
};

/* Opens the records of buf[0, len) as they arrive piece bytes at a time;
 * the number opened before one failed or the bytes ran out. Each must
 * match want[i] when given (a record sealed with type 0 has its last
 * non-zero content byte as type: not compared). */
static size_t open_all(struct record_keys *k, uint8_t *buf, size_t len, size_t piece,
                       const struct sealed *want)
{
    size_t at = 0, have = 0, opened = 0;
    while (at < len) {
        have = have + piece < len - at ? have + piece : len - at;
        struct record_opened o;
        enum record_status st = record_open(k, cx, buf + at, have, &o);
        if (st == RECORD_MORE) {
            if (have == len - at)
                break;
            continue;
        }
        if (st == RECORD_FAILED) {
            assert(o.alert);
            break;
        }
        assert(o.used <= have && o.off + o.len <= o.used && o.len <= RECORD_MAX_PLAIN);
        const struct sealed *w = want ? &want[opened] : NULL;
        if (w && w->type)
            assert(o.type == w->type && o.len == w->n &&
                   !memcmp(buf + at + o.off, w->content, w->n));
        if (o.type == RECORD_TYPE_HANDSHAKE) {
            bool requested;
            if (record_handshake(k, buf + at + o.off, o.len, &requested))
                break;
        }
        opened++;
        at += o.used;
        have = 0;
    }
    return opened;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cx && !(cx = EVP_CIPHER_CTX_new()))
        abort();
    if (size < 1)
        return 0;
    int suite = RECORD_AES_128_GCM_SHA256 + data[0] % 3;
    size_t piece = 1 + (data[0] >> 3) * 97;
    struct record_keys k;
    keys_for(&k, suite);
    data++, size--;
    if (!(data[-1] & 4)) {
        uint8_t *buf = malloc(size + 1);
        if (!buf)
            abort();
        memcpy(buf, data, size);
        open_all(&k, buf, size, piece, NULL);
        free(buf);
        return 0;
    }
    /* records: type, padding, length (2 bytes, capped at what is left), content */
    size_t cap = 64, used = 0, nrec = 0, at = 0;
    uint8_t *sealed = malloc(cap);
    struct sealed recs[64];
    size_t starts[64];
    struct record_keys sender = k;
    int flip = -1;
    while (at + 4 <= size && nrec < 64) {
        uint8_t type = data[at], pad = data[at + 1];
        size_t n = (size_t)data[at + 2] << 8 | data[at + 3];
        at += 4;
        if (type == 0xff) {   /* the flip: where in the sealed bytes */
            flip = (int)n;
            continue;
        }
        n = n < size - at ? n : size - at;
        n = n < RECORD_MAX_PLAIN - pad ? n : RECORD_MAX_PLAIN - pad;
        if (type == RECORD_TYPE_HANDSHAKE)  /* keys change after a KeyUpdate */
            n = n < RECORD_KEY_UPDATE_LEN ? n : RECORD_KEY_UPDATE_LEN;
        size_t need = record_sealed_len(n, pad);
        while (used + need > cap)
            cap *= 2;
        sealed = realloc(sealed, cap);
        if (!sealed)
            abort();
        size_t len = record_seal(&sender, cx, type, data + at, n, pad, sealed + used);
        assert(len == record_sealed_len(n, pad));
        recs[nrec] = (struct sealed){type, data + at, n};
        starts[nrec++] = used;
        bool requested;
        struct record_keys check = {.rx = sender.tx, .suite = sender.suite};
        if (type == RECORD_TYPE_HANDSHAKE && !record_handshake(&check, data + at, n, &requested))
            sender.tx = check.rx;
        used += len;
        at += n;
    }
    uint8_t *copy = malloc(used + 1);
    if (!copy)
        abort();
    memcpy(copy, sealed, used);
    size_t opened = open_all(&k, copy, used, piece, recs);
    if (flip >= 0 && (size_t)flip < used) {
        /* every record before the flipped one opens, that one does not */
        size_t hit = 0;
        while (hit + 1 < nrec && starts[hit + 1] <= (size_t)flip)
            hit++;
        struct record_keys k2;
        keys_for(&k2, suite);
        memcpy(copy, sealed, used);
        copy[flip] ^= 0x5a;
        size_t good = open_all(&k2, copy, used, piece, recs);
        assert(good == (hit < opened ? hit : opened));
    }
    free(copy);
    free(sealed);
    return 0;
}
