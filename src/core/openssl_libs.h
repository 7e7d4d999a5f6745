/* openssl_libs.h — libcrypto and libssl are loaded (dlopen by soname) by the
 * first command that calls them (node's certificate checks, etcd's probes,
 * snapshots and backups), not each time ringwall starts: a scan never maps
 * them nor pays for their thousands of relocations. Code calls OpenSSL by its
 * usual names; the macros at the end route each listed name through the
 * table, which is filled on first use (a missing library is a clear error,
 * exit 2). A module adds the functions it calls to the list of the library
 * that exports them, and one #define line below. Include this header after
 * any other OpenSSL header. */
#ifndef RINGWALL_OPENSSL_LIBS_H
#define RINGWALL_OPENSSL_LIBS_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#define OPENSSL_LIBS_STR_(v) #v
#define OPENSSL_LIBS_STR(v) OPENSSL_LIBS_STR_(v)
#define OPENSSL_LIBS_CRYPTO_SONAME "libcrypto.so." OPENSSL_LIBS_STR(OPENSSL_SHLIB_VERSION)
#define OPENSSL_LIBS_SSL_SONAME "libssl.so." OPENSSL_LIBS_STR(OPENSSL_SHLIB_VERSION)

#define OPENSSL_LIBS_CRYPTO(X) \
    X(ASN1_TIME_print) \
    X(ASN1_TIME_to_tm) \
    X(BIO_free) \
    X(BIO_new) \
    X(BIO_new_mem_buf) \
    X(BIO_read) \
    X(BIO_s_mem) \
    X(CRYPTO_memcmp) \
    X(ERR_clear_error) \
    X(ERR_error_string_n) \
    X(ERR_peek_last_error) \
    X(ERR_reason_error_string) \
    X(EVP_CIPHER_CTX_ctrl) \
    X(EVP_CIPHER_CTX_free) \
    X(EVP_CIPHER_CTX_new) \
    X(EVP_CIPHER_fetch) \
    X(EVP_CipherFinal_ex) \
    X(EVP_CipherInit_ex) \
    X(EVP_CipherUpdate) \
    X(EVP_DecryptFinal_ex) \
    X(EVP_DecryptInit_ex) \
    X(EVP_DecryptUpdate) \
    X(EVP_Digest) \
    X(EVP_DigestFinal_ex) \
    X(EVP_DigestInit_ex) \
    X(EVP_DigestUpdate) \
    X(EVP_EncryptFinal_ex) \
    X(EVP_EncryptInit_ex) \
    X(EVP_EncryptUpdate) \
    X(EVP_KDF_CTX_free) \
    X(EVP_KDF_CTX_new) \
    X(EVP_KDF_derive) \
    X(EVP_KDF_fetch) \
    X(EVP_MD_CTX_free) \
    X(EVP_MD_CTX_new) \
    X(EVP_PKEY_free) \
    X(EVP_PKEY_get_base_id) \
    X(EVP_PKEY_get_bits) \
    X(EVP_aes_256_gcm) \
    X(EVP_sha256) \
    X(OPENSSL_cleanse) \
    X(OPENSSL_hexchar2int) \
    X(PEM_read_bio_PrivateKey) \
    X(PEM_read_bio_X509) \
    X(RAND_bytes) \
    X(X509_NAME_cmp) \
    X(X509_NAME_oneline) \
    X(X509_cmp_time) \
    X(X509_free) \
    X(X509_get0_notAfter) \
    X(X509_get0_notBefore) \
    X(X509_get0_pubkey) \
    X(X509_get_issuer_name) \
    X(X509_get_subject_name) \
    X(X509_verify)

#define OPENSSL_LIBS_SSL(X) \
    X(SSL_CIPHER_get_name) \
    X(SSL_CIPHER_get_protocol_id) \
    X(SSL_CTX_check_private_key) \
    X(SSL_CTX_ctrl) \
    X(SSL_CTX_free) \
    X(SSL_CTX_new) \
    X(SSL_CTX_set_cert_cb) \
    X(SSL_CTX_set_cipher_list) \
    X(SSL_CTX_set_keylog_callback) \
    X(SSL_CTX_set_num_tickets) \
    X(SSL_CTX_set_options) \
    X(SSL_CTX_set_security_level) \
    X(SSL_CTX_up_ref) \
    X(SSL_CTX_use_PrivateKey_file) \
    X(SSL_CTX_use_certificate_chain_file) \
    X(SSL_connect) \
    X(SSL_ctrl) \
    X(SSL_do_handshake) \
    X(SSL_free) \
    X(SSL_get1_peer_certificate) \
    X(SSL_get_current_cipher) \
    X(SSL_get_error) \
    X(SSL_get_ex_data) \
    X(SSL_has_pending) \
    X(SSL_new) \
    X(SSL_read) \
    X(SSL_set_accept_state) \
    X(SSL_set_ex_data) \
    X(SSL_set_fd) \
    X(SSL_shutdown) \
    X(SSL_version) \
    X(SSL_write) \
    X(TLS_client_method) \
    X(TLS_server_method)

struct openssl_libs {
#define OPENSSL_LIBS_SLOT(f) __typeof__(&f) f;
    OPENSSL_LIBS_CRYPTO(OPENSSL_LIBS_SLOT)
    OPENSSL_LIBS_SSL(OPENSSL_LIBS_SLOT)
#undef OPENSSL_LIBS_SLOT
};

/* Which library a caller needs: libssl's table comes with libcrypto's. */
enum { OPENSSL_LIBS_NEED_CRYPTO = 1, OPENSSL_LIBS_NEED_SSL = 3 };

extern struct openssl_libs openssl_lib;
extern int openssl_libs_loaded; /* OPENSSL_LIBS_NEED_* bits of the filled parts */

/* Loads what need names, once (thread-safe); false with the reason in why.
 * For callers that must report the error their way (a server at start). */
bool openssl_libs_load(int need, char *why, size_t why_size);

/* openssl_libs_load, or the reason on stderr and exit status 2. */
void openssl_libs_require(int need);

static inline struct openssl_libs *openssl_libs_get(int need)
{
    if (__builtin_expect((__atomic_load_n(&openssl_libs_loaded, __ATOMIC_ACQUIRE) & need) != need,
                         0))
        openssl_libs_require(need);
    return &openssl_lib;
}

#ifndef OPENSSL_LIBS_TABLE
#define OPENSSL_LIBS_CRYPTO_FN(f) (openssl_libs_get(OPENSSL_LIBS_NEED_CRYPTO)->f)
#define OPENSSL_LIBS_SSL_FN(f) (openssl_libs_get(OPENSSL_LIBS_NEED_SSL)->f)
#define ASN1_TIME_print OPENSSL_LIBS_CRYPTO_FN(ASN1_TIME_print)
#define ASN1_TIME_to_tm OPENSSL_LIBS_CRYPTO_FN(ASN1_TIME_to_tm)
#define BIO_free OPENSSL_LIBS_CRYPTO_FN(BIO_free)
#define BIO_new OPENSSL_LIBS_CRYPTO_FN(BIO_new)
#define BIO_new_mem_buf OPENSSL_LIBS_CRYPTO_FN(BIO_new_mem_buf)
#define BIO_read OPENSSL_LIBS_CRYPTO_FN(BIO_read)
#define BIO_s_mem OPENSSL_LIBS_CRYPTO_FN(BIO_s_mem)
#define CRYPTO_memcmp OPENSSL_LIBS_CRYPTO_FN(CRYPTO_memcmp)
#define ERR_clear_error OPENSSL_LIBS_CRYPTO_FN(ERR_clear_error)
#define ERR_error_string_n OPENSSL_LIBS_CRYPTO_FN(ERR_error_string_n)
#define ERR_peek_last_error OPENSSL_LIBS_CRYPTO_FN(ERR_peek_last_error)
#define ERR_reason_error_string OPENSSL_LIBS_CRYPTO_FN(ERR_reason_error_string)
#define EVP_CIPHER_CTX_ctrl OPENSSL_LIBS_CRYPTO_FN(EVP_CIPHER_CTX_ctrl)
#define EVP_CIPHER_CTX_free OPENSSL_LIBS_CRYPTO_FN(EVP_CIPHER_CTX_free)
#define EVP_CIPHER_CTX_new OPENSSL_LIBS_CRYPTO_FN(EVP_CIPHER_CTX_new)
#define EVP_CIPHER_fetch OPENSSL_LIBS_CRYPTO_FN(EVP_CIPHER_fetch)
#define EVP_CipherFinal_ex OPENSSL_LIBS_CRYPTO_FN(EVP_CipherFinal_ex)
#define EVP_CipherInit_ex OPENSSL_LIBS_CRYPTO_FN(EVP_CipherInit_ex)
#define EVP_CipherUpdate OPENSSL_LIBS_CRYPTO_FN(EVP_CipherUpdate)
#define EVP_DecryptFinal_ex OPENSSL_LIBS_CRYPTO_FN(EVP_DecryptFinal_ex)
#define EVP_DecryptInit_ex OPENSSL_LIBS_CRYPTO_FN(EVP_DecryptInit_ex)
#define EVP_DecryptUpdate OPENSSL_LIBS_CRYPTO_FN(EVP_DecryptUpdate)
#define EVP_Digest OPENSSL_LIBS_CRYPTO_FN(EVP_Digest)
#define EVP_DigestFinal_ex OPENSSL_LIBS_CRYPTO_FN(EVP_DigestFinal_ex)
#define EVP_DigestInit_ex OPENSSL_LIBS_CRYPTO_FN(EVP_DigestInit_ex)
#define EVP_DigestUpdate OPENSSL_LIBS_CRYPTO_FN(EVP_DigestUpdate)
#define EVP_EncryptFinal_ex OPENSSL_LIBS_CRYPTO_FN(EVP_EncryptFinal_ex)
#define EVP_EncryptInit_ex OPENSSL_LIBS_CRYPTO_FN(EVP_EncryptInit_ex)
#define EVP_EncryptUpdate OPENSSL_LIBS_CRYPTO_FN(EVP_EncryptUpdate)
#define EVP_KDF_CTX_free OPENSSL_LIBS_CRYPTO_FN(EVP_KDF_CTX_free)
#define EVP_KDF_CTX_new OPENSSL_LIBS_CRYPTO_FN(EVP_KDF_CTX_new)
#define EVP_KDF_derive OPENSSL_LIBS_CRYPTO_FN(EVP_KDF_derive)
#define EVP_KDF_fetch OPENSSL_LIBS_CRYPTO_FN(EVP_KDF_fetch)
#define EVP_MD_CTX_free OPENSSL_LIBS_CRYPTO_FN(EVP_MD_CTX_free)
#define EVP_MD_CTX_new OPENSSL_LIBS_CRYPTO_FN(EVP_MD_CTX_new)
#define EVP_PKEY_free OPENSSL_LIBS_CRYPTO_FN(EVP_PKEY_free)
#define EVP_PKEY_get_base_id OPENSSL_LIBS_CRYPTO_FN(EVP_PKEY_get_base_id)
#define EVP_PKEY_get_bits OPENSSL_LIBS_CRYPTO_FN(EVP_PKEY_get_bits)
#define EVP_aes_256_gcm OPENSSL_LIBS_CRYPTO_FN(EVP_aes_256_gcm)
#define EVP_sha256 OPENSSL_LIBS_CRYPTO_FN(EVP_sha256)
#define OPENSSL_cleanse OPENSSL_LIBS_CRYPTO_FN(OPENSSL_cleanse)
#define OPENSSL_hexchar2int OPENSSL_LIBS_CRYPTO_FN(OPENSSL_hexchar2int)
#define PEM_read_bio_PrivateKey OPENSSL_LIBS_CRYPTO_FN(PEM_read_bio_PrivateKey)
#define PEM_read_bio_X509 OPENSSL_LIBS_CRYPTO_FN(PEM_read_bio_X509)
#define RAND_bytes OPENSSL_LIBS_CRYPTO_FN(RAND_bytes)
#define X509_NAME_cmp OPENSSL_LIBS_CRYPTO_FN(X509_NAME_cmp)
#define X509_NAME_oneline OPENSSL_LIBS_CRYPTO_FN(X509_NAME_oneline)
#define X509_cmp_time OPENSSL_LIBS_CRYPTO_FN(X509_cmp_time)
#define X509_free OPENSSL_LIBS_CRYPTO_FN(X509_free)
#define X509_get0_notAfter OPENSSL_LIBS_CRYPTO_FN(X509_get0_notAfter)
#define X509_get0_notBefore OPENSSL_LIBS_CRYPTO_FN(X509_get0_notBefore)
#define X509_get0_pubkey OPENSSL_LIBS_CRYPTO_FN(X509_get0_pubkey)
#define X509_get_issuer_name OPENSSL_LIBS_CRYPTO_FN(X509_get_issuer_name)
#define X509_get_subject_name OPENSSL_LIBS_CRYPTO_FN(X509_get_subject_name)
#define X509_verify OPENSSL_LIBS_CRYPTO_FN(X509_verify)
#define SSL_CIPHER_get_name OPENSSL_LIBS_SSL_FN(SSL_CIPHER_get_name)
#define SSL_CIPHER_get_protocol_id OPENSSL_LIBS_SSL_FN(SSL_CIPHER_get_protocol_id)
#define SSL_CTX_check_private_key OPENSSL_LIBS_SSL_FN(SSL_CTX_check_private_key)
#define SSL_CTX_ctrl OPENSSL_LIBS_SSL_FN(SSL_CTX_ctrl)
#define SSL_CTX_free OPENSSL_LIBS_SSL_FN(SSL_CTX_free)
#define SSL_CTX_new OPENSSL_LIBS_SSL_FN(SSL_CTX_new)
#define SSL_CTX_set_cert_cb OPENSSL_LIBS_SSL_FN(SSL_CTX_set_cert_cb)
#define SSL_CTX_set_cipher_list OPENSSL_LIBS_SSL_FN(SSL_CTX_set_cipher_list)
#define SSL_CTX_set_keylog_callback OPENSSL_LIBS_SSL_FN(SSL_CTX_set_keylog_callback)
#define SSL_CTX_set_num_tickets OPENSSL_LIBS_SSL_FN(SSL_CTX_set_num_tickets)
#define SSL_CTX_set_options OPENSSL_LIBS_SSL_FN(SSL_CTX_set_options)
#define SSL_CTX_set_security_level OPENSSL_LIBS_SSL_FN(SSL_CTX_set_security_level)
#define SSL_CTX_up_ref OPENSSL_LIBS_SSL_FN(SSL_CTX_up_ref)
#define SSL_CTX_use_PrivateKey_file OPENSSL_LIBS_SSL_FN(SSL_CTX_use_PrivateKey_file)
#define SSL_CTX_use_certificate_chain_file OPENSSL_LIBS_SSL_FN(SSL_CTX_use_certificate_chain_file)
#define SSL_connect OPENSSL_LIBS_SSL_FN(SSL_connect)
#define SSL_ctrl OPENSSL_LIBS_SSL_FN(SSL_ctrl)
#define SSL_do_handshake OPENSSL_LIBS_SSL_FN(SSL_do_handshake)
#define SSL_free OPENSSL_LIBS_SSL_FN(SSL_free)
#define SSL_get1_peer_certificate OPENSSL_LIBS_SSL_FN(SSL_get1_peer_certificate)
#define SSL_get_current_cipher OPENSSL_LIBS_SSL_FN(SSL_get_current_cipher)
#define SSL_get_error OPENSSL_LIBS_SSL_FN(SSL_get_error)
#define SSL_get_ex_data OPENSSL_LIBS_SSL_FN(SSL_get_ex_data)
#define SSL_has_pending OPENSSL_LIBS_SSL_FN(SSL_has_pending)
#define SSL_new OPENSSL_LIBS_SSL_FN(SSL_new)
#define SSL_read OPENSSL_LIBS_SSL_FN(SSL_read)
#define SSL_set_accept_state OPENSSL_LIBS_SSL_FN(SSL_set_accept_state)
#define SSL_set_ex_data OPENSSL_LIBS_SSL_FN(SSL_set_ex_data)
#define SSL_set_fd OPENSSL_LIBS_SSL_FN(SSL_set_fd)
#define SSL_shutdown OPENSSL_LIBS_SSL_FN(SSL_shutdown)
#define SSL_version OPENSSL_LIBS_SSL_FN(SSL_version)
#define SSL_write OPENSSL_LIBS_SSL_FN(SSL_write)
#define TLS_client_method OPENSSL_LIBS_SSL_FN(TLS_client_method)
#define TLS_server_method OPENSSL_LIBS_SSL_FN(TLS_server_method)
#endif

#endif
