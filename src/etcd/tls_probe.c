/* tls_probe.c — TLS versions, weak suites and the certificate of a port,
 * with OpenSSL at security level 0 (so that the client side never refuses
 * what the server would accept). */
#include "tls_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../core/key_strength.h"
#include "../core/openssl_libs.h"

/* Weak TLS 1.2 suites, by class: key exchange without forward secrecy,
 * 3DES and RC4, CBC with SHA-1. */
static const char *const WEAK_CLASSES[] = {
    "kRSA",        /* static RSA key exchange */
    "3DES",
    "RC4",
    "aNULL:eNULL",
    "kECDHE+SHA1", /* ECDHE with CBC and SHA-1 */
};

bool url_split(const char *url, char *scheme, size_t slen, char *host, size_t hlen, char *port,
               size_t plen)
{
    const char *sep = strstr(url, "://");
    if (!sep || (size_t)(sep - url) >= slen)
        return false;
    snprintf(scheme, slen, "%.*s", (int)(sep - url), url);
    const char *h = sep + 3, *hend, *p;
    if (*h == '[') {
        hend = strchr(h, ']');
        if (!hend)
            return false;
        h++;
        p = hend + 1;
    } else {
        hend = h + strcspn(h, ":/");
        p = hend;
    }
    if (hend == h || (size_t)(hend - h) >= hlen)
        return false;
    snprintf(host, hlen, "%.*s", (int)(hend - h), h);
    if (*p == ':') {
        size_t n = strspn(p + 1, "0123456789");
        if (n == 0 || n >= plen)
            return false;
        snprintf(port, plen, "%.*s", (int)n, p + 1);
    } else {
        snprintf(port, plen, "%s", strcmp(scheme, "https") == 0 ? "443" : "80");
    }
    return true;
}

/* A TCP connection within the timeout; -1 with error filled. */
static int dial(const struct tls_probe_opts *o, char *error, size_t elen)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res;
    int rc = getaddrinfo(o->host, o->port, &hints, &res);
    if (rc != 0) {
        snprintf(error, elen, "%s: %s", o->host, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0)
            continue;
        int fl = fcntl(fd, F_GETFL);
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
        rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            struct pollfd p = {fd, POLLOUT, 0};
            int err = ETIMEDOUT;
            socklen_t len = sizeof err;
            if (poll(&p, 1, o->timeout_ms) == 1)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err ? -1 : 0;
            errno = err;
        }
        if (rc == 0) {
            fcntl(fd, F_SETFL, fl);
            struct timeval tv = {o->timeout_ms / 1000, (o->timeout_ms % 1000) * 1000};
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            break;
        }
        snprintf(error, elen, "%s:%s: %s", o->host, o->port, strerror(errno));
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

struct attempt {
    int min_version, max_version;
    const char *ciphers; /* TLS 1.2 and older; NULL: OpenSSL's defaults */
};

/* One handshake; the connected SSL (to read the certificate from) when it
 * worked, NULL otherwise. */
static SSL *handshake(const struct tls_probe_opts *o, const struct attempt *a, int *fd_out,
                      char *error, size_t elen)
{
    int fd = dial(o, error, elen);
    if (fd < 0)
        return NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = NULL;
    if (!ctx)
        goto fail;
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_min_proto_version(ctx, a->min_version);
    SSL_CTX_set_max_proto_version(ctx, a->max_version);
    if (a->ciphers) {
        char spec[128];
        snprintf(spec, sizeof spec, "%s:@SECLEVEL=0", a->ciphers);
        if (SSL_CTX_set_cipher_list(ctx, spec) != 1)
            goto fail;
    }
    if (o->cert && (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1 ||
                    SSL_CTX_use_PrivateKey_file(ctx, o->key ? o->key : o->cert,
                                                SSL_FILETYPE_PEM) != 1)) {
        snprintf(error, elen, "cannot load the client certificate %s", o->cert);
        goto fail;
    }
    ssl = SSL_new(ctx);
    if (!ssl)
        goto fail;
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, o->host);
    if (SSL_connect(ssl) == 1) {
        SSL_CTX_free(ctx); /* the SSL keeps its own reference */
        *fd_out = fd;
        return ssl;
    }
    unsigned long e = ERR_peek_last_error();
    snprintf(error, elen, "%s:%s: TLS handshake failed%s%s", o->host, o->port, e ? ": " : "",
             e ? ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "" : "");
fail:
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return NULL;
}

static void close_ssl(SSL *ssl, int fd)
{
    SSL_free(ssl);
    close(fd);
}

static bool accepts(const struct tls_probe_opts *o, const struct attempt *a, char *cipher,
                    size_t clen)
{
    char error[256];
    int fd;
    SSL *ssl = handshake(o, a, &fd, error, sizeof error);
    if (!ssl)
        return false;
    if (cipher)
        snprintf(cipher, clen, "%s", SSL_get_cipher_name(ssl));
    close_ssl(ssl, fd);
    return true;
}

static void read_certificate(SSL *ssl, struct tls_probe_result *out)
{
    X509 *cert = SSL_get1_peer_certificate(ssl);
    if (!cert)
        return;
    EVP_PKEY *key = X509_get0_pubkey(cert);
    /* issued by itself and signed with its own key (what --auto-tls makes
     * carries no certificate-signing key usage, so X509_check_issued would
     * not say so) */
    out->self_signed = X509_NAME_cmp(X509_get_issuer_name(cert), X509_get_subject_name(cert)) == 0 &&
                       key && X509_verify(cert, key) == 1;
    struct tm tm;
    if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1)
        out->not_after = timegm(&tm);
    if (ASN1_TIME_to_tm(X509_get0_notBefore(cert), &tm) == 1)
        out->not_before = timegm(&tm);
    if (key)
        out->key_weak = key_is_weak(key, out->key, sizeof out->key);
    X509_NAME_oneline(X509_get_subject_name(cert), out->subject, sizeof out->subject);
    ERR_clear_error();
    X509_free(cert);
}

bool tls_probe(const struct tls_probe_opts *o, struct tls_probe_result *out)
{
    memset(out, 0, sizeof *out);
    int fd = dial(o, out->error, sizeof out->error);
    if (fd < 0)
        return false;
    close(fd);
    struct attempt def = {TLS1_VERSION, TLS1_3_VERSION, NULL};
    SSL *ssl = handshake(o, &def, &fd, out->error, sizeof out->error);
    if (!ssl)
        return true; /* reachable, but it does not speak TLS to us */
    out->tls = true;
    read_certificate(ssl, out);
    close_ssl(ssl, fd);
    out->tls10 = accepts(o, &(struct attempt){TLS1_VERSION, TLS1_VERSION, "ALL"}, NULL, 0);
    out->tls11 = accepts(o, &(struct attempt){TLS1_1_VERSION, TLS1_1_VERSION, "ALL"}, NULL, 0);
    size_t n = 0;
    for (size_t i = 0; i < sizeof WEAK_CLASSES / sizeof *WEAK_CLASSES; i++) {
        char cipher[128];
        struct attempt a = {TLS1_VERSION, TLS1_2_VERSION, WEAK_CLASSES[i]};
        if (accepts(o, &a, cipher, sizeof cipher))
            n += (size_t)snprintf(out->weak_ciphers + n, sizeof out->weak_ciphers - n, "%s%s",
                                  n ? ", " : "", cipher);
        if (n >= sizeof out->weak_ciphers)
            n = sizeof out->weak_ciphers - 1;
    }
    return true;
}
