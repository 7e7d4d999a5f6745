/* tls_probe.h — what a TLS port offers, asked with OpenSSL directly: the
 * protocol versions it accepts (TLS 1.0 and 1.1 are legacy), the weak
 * cipher suites it agrees to, and its certificate (self-signed, validity,
 * key type and size). The probes present the client certificate when one
 * is given, so that a server requiring one still negotiates. */
#ifndef RINGWALL_TLS_PROBE_H
#define RINGWALL_TLS_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct tls_probe_opts {
    const char *host, *port;
    const char *cert, *key; /* client certificate, or NULL */
    int timeout_ms;         /* connect and each handshake */
};

struct tls_probe_result {
    bool tls;               /* a handshake at the default versions worked */
    bool tls10, tls11;      /* accepted */
    char weak_ciphers[512]; /* accepted weak suites, comma-separated ("" when none) */
    /* the leaf certificate */
    bool self_signed;
    time_t not_before, not_after;
    char key[32];           /* type and size: "RSA 1024 bits" */
    bool key_weak;          /* by key_is_weak() */
    char subject[256];
    char error[256];        /* why the default handshake failed, when !tls */
};

/* Probes; false only when the port cannot be reached at all (error says
 * why). */
bool tls_probe(const struct tls_probe_opts *o, struct tls_probe_result *out);

/* Splits a URL (scheme://host:port[/...], host may be [v6]) into its
 * parts; false when it is not of that form. */
bool url_split(const char *url, char *scheme, size_t slen, char *host, size_t hlen, char *port,
               size_t plen);

#endif
