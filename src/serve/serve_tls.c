/* serve_tls.c — the server's certificate and key, in an OpenSSL context:
 * TLS 1.3 and 1.2 only, for 1.2 only ECDHE key exchange with AEAD ciphers,
 * no session cache and no tickets (a TLS 1.3 connection leaves OpenSSL after
 * its handshake: serve_offload.c), buffers released while a TLS 1.2
 * connection is idle. A reload builds a whole new context and swaps one
 * pointer under a lock: new handshakes take the new one, open connections
 * keep theirs (each session holds a reference; the last one frees it). A
 * pair that fails to load or whose key does not match its certificate is
 * never used. The files are watched by identity (device, inode, size,
 * mtime), which catches cert-manager's symlink swap as well as an in-place
 * rewrite. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/err.h>

#include "metrics.h"
#include "serve_int.h"

static const char tls12_ciphers[] =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

struct tls_sig {              /* identity of the two files */
    dev_t dev[2];
    ino_t ino[2];
    off_t size[2];
    struct timespec mtime[2];
    bool missing;
};

static pthread_mutex_t tls_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *tls_current;
static char *tls_paths[2];
static struct tls_sig tls_loaded_sig, tls_pending_sig;

/* Certificate selection: counted, as every handshake that gets this far. */
static int tls_cert_cb(SSL *ssl, void *arg)
{
    metrics_add("ringwall_tls_handshakes_total",
                "TLS handshakes that reached certificate selection", NULL, 1);
    return 1;
}

static void tls_why(char *why, size_t why_size, const char *path, const char *what)
{
    char err[256] = "";
    unsigned long e = ERR_peek_last_error();
    if (e)
        ERR_error_string_n(e, err, sizeof err);
    ERR_clear_error();
    snprintf(why, why_size, "%s: %s%s%s", path, what, *err ? ": " : "", err);
}

static SSL_CTX *ctx_new(const char *cert, const char *key, char *why, size_t why_size)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        tls_why(why, why_size, cert, "cannot create a TLS context");
        return NULL;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                 SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE |
                              SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    /* No tickets: nothing is sent under the application keys before the
     * record layer takes a TLS 1.3 connection over (serve_offload.c),
     * whose secrets come through the keylog callback. */
    SSL_CTX_set_num_tickets(ctx, 0);
    SSL_CTX_set_keylog_callback(ctx, serve_offload_keylog);
    SSL_CTX_set_cert_cb(ctx, tls_cert_cb, NULL);
    if (!SSL_CTX_set_cipher_list(ctx, tls12_ciphers))
        tls_why(why, why_size, cert, "no usable cipher");
    else if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
        tls_why(why, why_size, cert, "no certificate");
    else if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
        tls_why(why, why_size, key, "no private key");
    else if (SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        snprintf(why, why_size, "%s does not match the certificate in %s", key, cert);
    } else
        return ctx;
    SSL_CTX_free(ctx);
    return NULL;
}

static struct tls_sig sig_now(void)
{
    struct tls_sig s = {0};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        if (!tls_paths[i] || stat(tls_paths[i], &st) != 0) {
            s.missing = true;
            continue;
        }
        s.dev[i] = st.st_dev;
        s.ino[i] = st.st_ino;
        s.size[i] = st.st_size;
        s.mtime[i] = st.st_mtim;
    }
    return s;
}

static bool sig_equal(const struct tls_sig *a, const struct tls_sig *b)
{
    for (int i = 0; i < 2; i++)
        if (a->dev[i] != b->dev[i] || a->ino[i] != b->ino[i] || a->size[i] != b->size[i] ||
            a->mtime[i].tv_sec != b->mtime[i].tv_sec || a->mtime[i].tv_nsec != b->mtime[i].tv_nsec)
            return false;
    return a->missing == b->missing;
}

static void paths_set(const char *cert, const char *key)
{
    const char *src[2] = {cert, key};
    for (int i = 0; i < 2; i++) {
        if (tls_paths[i] && !strcmp(tls_paths[i], src[i]))
            continue;
        free(tls_paths[i]);
        tls_paths[i] = strdup(src[i]);
    }
}

bool serve_tls_load(const char *cert, const char *key, char *why, size_t why_size)
{
    paths_set(cert, key);
    tls_loaded_sig = tls_pending_sig = sig_now();
    SSL_CTX *ctx = ctx_new(cert, key, why, why_size);
    if (!ctx)
        return false;
    pthread_mutex_lock(&tls_lock);
    SSL_CTX *old = tls_current;
    tls_current = ctx;
    pthread_mutex_unlock(&tls_lock);
    SSL_CTX_free(old);        /* sessions on it keep it until they end */
    return true;
}

SSL *serve_tls_new(void)
{
    pthread_mutex_lock(&tls_lock);
    SSL_CTX *ctx = tls_current;
    if (ctx)
        SSL_CTX_up_ref(ctx);
    pthread_mutex_unlock(&tls_lock);
    if (!ctx)
        return NULL;
    SSL *ssl = SSL_new(ctx);
    SSL_CTX_free(ctx);
    return ssl;
}

bool serve_tls_changed(void)
{
    struct tls_sig now = sig_now();
    if (sig_equal(&now, &tls_loaded_sig))
        return false;
    if (!sig_equal(&now, &tls_pending_sig)) {
        tls_pending_sig = now;  /* wait one more check for the files to settle */
        return false;
    }
    return !now.missing;
}

void serve_tls_free(void)
{
    pthread_mutex_lock(&tls_lock);
    SSL_CTX *old = tls_current;
    tls_current = NULL;
    pthread_mutex_unlock(&tls_lock);
    SSL_CTX_free(old);
}
