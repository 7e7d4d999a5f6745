/* key_strength.h — the one rule for weak public keys, wherever ringwall
 * judges a certificate or a key (a node's PKI, etcd's server certificate). */
#ifndef RINGWALL_KEY_STRENGTH_H
#define RINGWALL_KEY_STRENGTH_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

/* Whether k is weak: RSA under 2048 bits, EC under 256, DSA at any size
 * (NIST SP 800-57; FIPS 186-5 approves no new DSA signatures). Writes the
 * key's type and size ("RSA 1024 bits") to desc either way. */
bool key_is_weak(const EVP_PKEY *k, char *desc, size_t n);

#endif
