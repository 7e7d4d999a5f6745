/* test_serve_record.c — the server's TLS 1.3 record layer
 * (src/serve/serve_record.h): keys and IVs from a traffic secret against
 * RFC 8448 §3 (the server's application traffic secret), KeyUpdate and
 * SHA-384 derivations against values computed with Python's
 * `cryptography` HKDF, records sealed and opened against the application
 * data and close_notify records of the same "simple 1-RTT" trace as
 * published in draft-ietf-tls-tls13-vectors-06, then each suite's round
 * trip with padding and what must be refused: a flipped bit, a record
 * that is all padding, a length over 2^14 + 256, a plaintext record type,
 * a record cut short, a KeyUpdate that is not whole, an exhausted record
 * number. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/serve/serve_record.h"
#include "../../src/core/hex.h"
#include "../../src/core/openssl_libs.h"

static size_t unhex(const char *s, uint8_t *out)
{
    size_t n = 0;
    for (; s[0] && s[1]; s += 2)
        out[n++] = (uint8_t)(hex_value((unsigned char)s[0]) << 4 | hex_value((unsigned char)s[1]));
    return n;
}

static void assert_hex(const uint8_t *got, size_t n, const char *want)
{
    uint8_t w[512];
    assert_int_equal(unhex(want, w), n);
    assert_memory_equal(got, w, n);
}

static EVP_CIPHER_CTX *cx;

static int setup(void **state)
{
    (void)state;
    cx = EVP_CIPHER_CTX_new();
    return cx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    EVP_CIPHER_CTX_free(cx);
    return 0;
}

static void test_derive(void **state)
{
    (void)state;
    struct record_dir d = {.seq = 7};
    unhex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643", d.secret);
    assert_true(record_dir_init(&d, RECORD_AES_128_GCM_SHA256));
    assert_hex(d.key, 16, "9f02283b6c9c07efc26bb9f2ac92e356");
    assert_hex(d.iv, 12, "cf782b88dd83549aadf1e984");
    assert_true(d.seq == 0);
    d.seq = 9;
    assert_true(record_dir_update(&d, RECORD_AES_128_GCM_SHA256));
    assert_hex(d.secret, 32, "51921b8aa3001976eb401d0a4319a8516416a6c56001a357e5d162031e84f916");
    assert_hex(d.key, 16, "2e63be99d67b39097feb9786cf7a15a0");
    assert_hex(d.iv, 12, "628a0a8298ac953baef4255a");
    assert_true(d.seq == 0);

    struct record_dir e = {0};
    for (int i = 0; i < 48; i++)
        e.secret[i] = (uint8_t)i;
    assert_true(record_dir_init(&e, RECORD_AES_256_GCM_SHA384));
    assert_hex(e.key, 32, "6877d022f1c61d24ebb7487c16752d9a4798e40431c75b39320e537c90e23225");
    assert_hex(e.iv, 12, "42822531a0fe88648fc09e9f");

    assert_int_equal(record_suite_of(0x1301), RECORD_AES_128_GCM_SHA256);
    assert_int_equal(record_suite_of(0x1302), RECORD_AES_256_GCM_SHA384);
    assert_int_equal(record_suite_of(0x1303), RECORD_CHACHA20_POLY1305_SHA256);
    assert_int_equal(record_suite_of(0xc02f), 0);
}

static const char app_data[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f3031";

/* One direction's keys as the trace gives them, both ways in k. */
static void trace_keys(struct record_keys *k, const char *key, const char *iv, uint64_t seq)
{
    memset(k, 0, sizeof *k);
    k->suite = RECORD_AES_128_GCM_SHA256;
    unhex(key, k->tx.key);
    unhex(iv, k->tx.iv);
    k->tx.seq = seq;
    k->rx = k->tx;
}

/* Seals content (hex) with k->tx, compares with the trace's record, opens
 * it with k->rx. */
static void trace_record(struct record_keys *k, uint8_t type, const char *content,
                         const char *record)
{
    uint8_t plain[64], out[RECORD_BUF];
    size_t n = unhex(content, plain);
    size_t len = record_seal(k, cx, type, plain, n, 0, out);
    assert_int_equal(len, record_sealed_len(n, 0));
    assert_hex(out, len, record);
    struct record_opened o;
    assert_int_equal(record_open(k, cx, out, len, &o), RECORD_OPENED);
    assert_int_equal(o.type, type);
    assert_int_equal(o.used, len);
    assert_int_equal(o.len, n);
    assert_memory_equal(out + o.off, plain, n);
}

static void test_trace_records(void **state)
{
    (void)state;
    static const struct {
        const char *key, *iv;
        uint64_t seq;
        uint8_t type;
        const char *content, *record;
    } trace[] = {
        /* the client's application data, its first record */
        {"88b96ad686c84be55ace18a59cce5c87", "b99dc58cd5ff5ab082fdad19", 0, RECORD_TYPE_DATA,
         app_data,
         "1703030043"
         "8c3497da00ae023e53c01b4324b665404c1b49e78fe2bf4d17f6348ae8340551"
         "e363a0cd05f2179c4fef5ad689b5cae0bae94adc63632e571fb79aa91544c639"
         "4d28a1"},
        /* the server's: after its NewSessionTicket (record 0) */
        {"a688ebb5ac826d6f42d45c0cc44b9b7d", "c1cad4425a438b5de714830a", 1, RECORD_TYPE_DATA,
         app_data,
         "1703030043"
         "f65f49fd2df6cd2347c3d30166e3cfddb6308a5906c076112c6a37ff1dbd406b"
         "5813c0abd734883017a6b2833186b13c14da5d75f33d8760789994e27d82043a"
         "b88d65"},
        /* the server's close_notify */
        {"a688ebb5ac826d6f42d45c0cc44b9b7d", "c1cad4425a438b5de714830a", 2, RECORD_TYPE_ALERT,
         "0100", "1703030013f8141ebdb5eda511e0bce639a56ff9ea825a21"},
    };
    for (size_t i = 0; i < sizeof trace / sizeof *trace; i++) {
        struct record_keys k;
        trace_keys(&k, trace[i].key, trace[i].iv, trace[i].seq);
        trace_record(&k, trace[i].type, trace[i].content, trace[i].record);
    }
}

static void keys_for(struct record_keys *k, int suite)
{
    memset(k, 0, sizeof *k);
    k->suite = (uint8_t)suite;
    for (size_t i = 0; i < record_secret_len(suite); i++)
        k->tx.secret[i] = (uint8_t)(i * 7 + suite);
    assert_true(record_dir_init(&k->tx, suite));
    k->rx = k->tx;
}

static void test_round_trip(void **state)
{
    (void)state;
    static uint8_t data[RECORD_MAX_PLAIN], out[RECORD_BUF];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(i * 31);
    for (int suite = RECORD_AES_128_GCM_SHA256; suite <= RECORD_CHACHA20_POLY1305_SHA256;
         suite++) {
        struct record_keys k;
        keys_for(&k, suite);
        const size_t sizes[][2] = {{0, 0}, {1, 0}, {100, 50}, {RECORD_MAX_PLAIN, 0},
                                   {RECORD_MAX_PLAIN - 300, 300}};
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
            size_t n = sizes[i][0], pad = sizes[i][1];
            size_t len = record_seal(&k, cx, RECORD_TYPE_DATA, data, n, pad, out);
            assert_int_equal(len, record_sealed_len(n, pad));
            struct record_opened o;
            assert_int_equal(record_open(&k, cx, out, len - 1, &o), RECORD_MORE);
            assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_OPENED);
            assert_int_equal(o.type, RECORD_TYPE_DATA);
            assert_int_equal(o.len, n);
            assert_memory_equal(out + o.off, data, n);
        }
        assert_int_equal(record_seal(&k, cx, RECORD_TYPE_DATA, data, RECORD_MAX_PLAIN, 1, out), 0);
        /* a KeyUpdate received moves rx on: records sealed with the old
         * keys no longer open, those sealed with the next ones do */
        bool requested;
        uint8_t ku[5] = {24, 0, 0, 1, 1};
        assert_int_equal(record_handshake(&k, ku, sizeof ku, &requested), 0);
        assert_true(requested);
        struct record_opened o;
        size_t len = record_seal(&k, cx, RECORD_TYPE_DATA, data, 10, 0, out);
        assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_FAILED);
        assert_int_equal(o.alert, ALERT_BAD_RECORD_MAC);
        assert_true(record_dir_update(&k.tx, suite));
        len = record_seal(&k, cx, RECORD_TYPE_DATA, data, 10, 0, out);
        assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_OPENED);
        assert_int_equal(record_handshake(&k, record_key_update_msg, RECORD_KEY_UPDATE_LEN,
                                          &requested), 0);
        assert_false(requested);
    }
}

static void test_refused(void **state)
{
    (void)state;
    static uint8_t data[RECORD_MAX_PLAIN], out[RECORD_BUF];
    struct record_keys k, k0;
    struct record_opened o;
    keys_for(&k, RECORD_AES_256_GCM_SHA384);
    k0 = k;

    size_t len = record_seal(&k, cx, RECORD_TYPE_DATA, "abcdef", 6, 0, out);
    out[RECORD_HEADER + 2] ^= 1;   /* a flipped bit */
    assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_FAILED);
    assert_int_equal(o.alert, ALERT_BAD_RECORD_MAC);
    k = k0;
    len = record_seal(&k, cx, RECORD_TYPE_DATA, "abcdef", 6, 0, out);
    out[4] ^= 1;                   /* the header is authenticated too */
    assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_FAILED);

    k = k0;
    len = record_seal(&k, cx, 0, NULL, 0, 20, out);  /* no content type at all */
    assert_int_equal(record_open(&k, cx, out, len, &o), RECORD_FAILED);
    assert_int_equal(o.alert, ALERT_UNEXPECTED_MESSAGE);

    uint8_t big[RECORD_HEADER] = {23, 3, 3, (RECORD_MAX_BODY + 1) >> 8,
                                  (RECORD_MAX_BODY + 1) & 0xff};
    assert_int_equal(record_open(&k, cx, big, sizeof big, &o), RECORD_FAILED);
    assert_int_equal(o.alert, ALERT_RECORD_OVERFLOW);
    uint8_t plain_alert[7] = {21, 3, 3, 0, 2, 2, 40};
    assert_int_equal(record_open(&k, cx, plain_alert, sizeof plain_alert, &o), RECORD_FAILED);
    assert_int_equal(o.alert, ALERT_UNEXPECTED_MESSAGE);
    uint8_t tiny[RECORD_HEADER + 4] = {23, 3, 3, 0, 4};
    assert_int_equal(record_open(&k, cx, tiny, sizeof tiny, &o), RECORD_FAILED);
    assert_int_equal(o.alert, ALERT_BAD_RECORD_MAC);
    assert_int_equal(record_open(&k, cx, tiny, 3, &o), RECORD_MORE);

    bool requested;
    uint8_t ku_bad[5] = {24, 0, 0, 1, 2}, ku_long[6] = {24, 0, 0, 2, 0, 0}, finished[4] = {20};
    assert_int_equal(record_handshake(&k, ku_bad, sizeof ku_bad, &requested), ALERT_DECODE_ERROR);
    assert_int_equal(record_handshake(&k, ku_long, sizeof ku_long, &requested),
                     ALERT_DECODE_ERROR);
    assert_int_equal(record_handshake(&k, ku_bad, 3, &requested), ALERT_UNEXPECTED_MESSAGE);
    assert_int_equal(record_handshake(&k, finished, sizeof finished, &requested),
                     ALERT_UNEXPECTED_MESSAGE);

    k.tx.seq = UINT64_MAX;          /* the numbering is exhausted */
    assert_int_equal(record_seal(&k, cx, RECORD_TYPE_DATA, data, 1, 0, out), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive),
        cmocka_unit_test(test_trace_records),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
