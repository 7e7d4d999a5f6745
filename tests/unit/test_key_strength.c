/* test_key_strength.c — the weak-key rule shared by node and etcd, on keys
 * generated here with OpenSSL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "../../src/core/key_strength.h"

static void expect(EVP_PKEY *k, bool weak, const char *desc)
{
    assert_non_null(k);
    char got[64];
    assert_int_equal(key_is_weak(k, got, sizeof got), weak);
    assert_string_equal(got, desc);
    EVP_PKEY_free(k);
}

static void rsa(void **state)
{
    (void)state;
    expect(EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024), true, "RSA 1024 bits");
    expect(EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048), false, "RSA 2048 bits");
}

static void ec(void **state)
{
    (void)state;
    expect(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "secp224r1"), true, "EC 224 bits");
    expect(EVP_PKEY_Q_keygen(NULL, NULL, "EC", "prime256v1"), false, "EC 256 bits");
    expect(EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"), false, "ED25519 256 bits");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rsa),
        cmocka_unit_test(ec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
