/* serve_int.h — what the parts of the server module share: the running
 * server's state, the TLS credential store, the connection table (with its
 * read deadlines). Not for applications. */
#ifndef RINGWALL_SERVE_INT_H
#define RINGWALL_SERVE_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <gnutls/abstract.h>
#include <microhttpd.h>

#include "serve.h"
#include "serve_libs.h"

enum {
    SERVE_DEFAULT_MAX_BODY = 8u << 20,
    SERVE_DEFAULT_MAX_HEADERS = 16u << 10,
    SERVE_DEFAULT_MAX_CONNECTIONS = 10000,
    SERVE_DEFAULT_TIMEOUT_S = 10,
};

struct serve_server {
    const struct serve_options *o;
    struct serve_limits lim;
    struct MHD_Daemon *daemon;
    atomic_bool ready;        /* certificate and settings loaded, not stopping */
    atomic_bool stopping;     /* responses close their connection */
    atomic_int inflight;      /* requests between headers and completion */
};

/* ---- serve_http.c */
enum MHD_Result serve_http_access(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_ctx);
void serve_http_completed(void *cls, struct MHD_Connection *c, void **req_ctx,
                          enum MHD_RequestTerminationCode why);
void serve_count_limit(const char *limit, unsigned n); /* limit="body" ... */

/* ---- serve_tls.c: the current certificate and key, swapped atomically;
 * new handshakes take whatever is current. */
bool serve_tls_load(const char *cert, const char *key, char *why, size_t why_size);
int serve_tls_pick(gnutls_session_t s, const gnutls_datum_t *req_ca_dn, int nreqs,
                   const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
                   gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *key);
/* True when the files changed on disk and have been stable for one check
 * since (cert-manager swaps a symlink; an editor may write in steps). */
bool serve_tls_changed(void);
void serve_tls_free_retired(int64_t grace_ms); /* grace_ms < 0: all */

/* ---- serve_accept.c: accepts on the listening socket; a connection goes
 * to libmicrohttpd once it has sent a byte. */
bool serve_accept_start(struct serve_server *sv, int lfd);
void serve_accept_stop(void); /* closes the listening socket and the silent connections */
unsigned serve_accept_pending(void);

/* ---- serve_conn.c: open connections and their deadlines. */
void serve_conn_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
                       enum MHD_ConnectionNotificationCode code);
void serve_conn_init(unsigned timeout_s);
/* The connection's current request must be read (or its response written)
 * within the timeout from now; or, with on false, no deadline (the
 * application is working on it). */
void serve_conn_arm(struct MHD_Connection *c, bool on);
void serve_conn_expire(void);                 /* once a second */
void serve_conn_gauge(void);                  /* ringwall_connections_open */
unsigned serve_conn_open(void);           /* handed to libmicrohttpd */
int64_t serve_now_ms(void);

#endif
