/* key_strength.c — the one rule for weak public keys (see key_strength.h). */
#include "key_strength.h"

#include <stdio.h>

#include "openssl_libs.h"

bool key_is_weak(const EVP_PKEY *k, char *desc, size_t n)
{
    int bits = EVP_PKEY_get_bits(k), id = EVP_PKEY_get_base_id(k);
    const char *type = id == EVP_PKEY_RSA       ? "RSA"
                       : id == EVP_PKEY_EC      ? "EC"
                       : id == EVP_PKEY_ED25519 ? "ED25519"
                       : id == EVP_PKEY_ED448   ? "ED448"
                       : id == EVP_PKEY_DSA     ? "DSA"
                                                : "other";
    snprintf(desc, n, "%s %d bits", type, bits);
    return (id == EVP_PKEY_RSA && bits < 2048) || (id == EVP_PKEY_EC && bits < 256) ||
           id == EVP_PKEY_DSA;
}
