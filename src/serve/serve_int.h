/* serve_int.h — what the parts of the server module share: the running
 * server, its event loops, a connection and the request it is reading or
 * answering, the TLS credential store. Not for applications. */
#ifndef RINGWALL_SERVE_INT_H
#define RINGWALL_SERVE_INT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "../core/openssl_libs.h"

#include "serve.h"
#include "serve_parse.h"

enum {
    SERVE_DEFAULT_MAX_BODY = 8u << 20,
    SERVE_DEFAULT_MAX_HEADERS = 16u << 10,
    SERVE_DEFAULT_MAX_CONNECTIONS = 10000,
    SERVE_DEFAULT_TIMEOUT_S = 10,
    SERVE_WHEEL = 64,          /* timer wheel slots of one second */
};

struct serve_server {
    const struct serve_options *o;
    struct serve_limits lim;
    int lfd;                  /* the listening socket, shared by the loops */
    unsigned nloops;
    struct serve_loop *loops;
    size_t rbuf_size;         /* a request's read buffer */
    atomic_bool ready;        /* certificate and settings loaded, not stopping */
    atomic_bool stopping;     /* no more accepting; answers close their connection */
    atomic_bool force;        /* close everything now */
    atomic_int inflight;      /* requests between headers and their answer written */
    atomic_uint nconns;       /* open connections, all loops */
};

/* One thread with its own epoll set and timer wheel. */
struct serve_loop {
    struct serve_server *sv;
    pthread_t thread;
    int ep, wake;             /* epoll set; eventfd the main thread writes to */
    bool listening;
    int stop_level;           /* 1 stopping, 2 forced: loop_stop has run for it */
    unsigned nconns;          /* this loop's */
    int64_t tick_s;           /* the last second the wheel was run for */
    struct serve_conn *wheel[SERVE_WHEEL];
    struct serve_req *free_reqs; /* spare request buffers */
    unsigned nfree;
    void *free_records;       /* spare record buffers (RECORD_BUF bytes), linked through their start */
    unsigned nfree_records;
    EVP_CIPHER_CTX *aead;     /* re-keyed for each record of the record layer */
    unsigned sessions_freed;  /* OpenSSL sessions freed by the record layer since the last trim */
    int64_t sessions_freed_s; /* the wheel's second when the last one was */
};

/* The state of a connection. */
enum conn_state {
    CONN_SILENT,              /* accepted, nothing received: only a socket */
    CONN_HANDSHAKE,
    CONN_HEAD,                /* reading a request line and headers */
    CONN_BODY,
    CONN_WRITE,               /* writing an answer (or 100 Continue) */
    CONN_IDLE,                /* keep-alive between requests: no buffers */
    CONN_LINGER,              /* answered and closing: reading what the client still sends */
};

/* What happens once the answer is written. */
enum conn_next { NEXT_REQUEST, NEXT_BODY, NEXT_CLOSE };

/* A request being read or answered; on the loop's free list between requests. */
struct serve_req {
    struct serve_req *next_free;
    char *buf;                /* rbuf_size bytes: the head, then what follows it */
    size_t len, scan;
    struct http_head head;
    bool head_done, counted;  /* counted: in sv->inflight */
    bool head_done_method_head; /* HEAD: the answer has no body */
    char *body;
    size_t body_len, body_cap;
    struct http_chunked chunk;
    char *out;                /* the answer: head (and a small body) */
    size_t out_len, out_off;
    bool out_static;
    char *out_body;           /* a large body, written after out */
    size_t out_body_len, out_body_off;
    size_t consumed;          /* bytes of buf that belong to this request */
    int64_t t0_us;
};

struct serve_conn {
    struct serve_conn *tprev, *tnext; /* the wheel slot holding its deadline */
    struct serve_loop *loop;
    SSL *ssl;                 /* from the first byte on; NULL once on the record layer */
    struct serve_offload *tls13; /* TLS 1.3 secrets, then the record layer's state */
    struct serve_req *req;    /* NULL while idle */
    int64_t base_ms;          /* opened, or the previous answer written */
    int64_t deadline_ms;      /* 0: none */
    size_t discarded;         /* bytes read and dropped while lingering */
    int fd;
    uint32_t events;          /* registered with epoll */
    uint8_t state;            /* enum conn_state */
    uint8_t next;             /* enum conn_next */
};

/* ---- serve_loop.c */
bool serve_loops_start(struct serve_server *sv);
void serve_loops_wake(struct serve_server *sv);
void serve_loops_join(struct serve_server *sv);
void serve_loop_deadline(struct serve_conn *c, int64_t ms); /* 0: none */
void serve_loop_close(struct serve_conn *c);
struct serve_req *serve_req_get(struct serve_loop *l);
void serve_req_put(struct serve_loop *l, struct serve_req *r);
int64_t serve_now_ms(void);

/* ---- serve_conn.c: a connection's TLS and HTTP I/O, driven by its events. */
void serve_conn_event(struct serve_conn *c, uint32_t events);
void serve_conn_expire(struct serve_conn *c);
/* Writes the answer queued in c->req->out (and out_body), then goes on
 * as next says. */
void serve_conn_send(struct serve_conn *c, enum conn_next next);

/* ---- serve_http.c: a request whose head is in: answered or body wanted.
 * Returns true when the body is to be read (c->req->head tells how). */
bool serve_http_head(struct serve_conn *c);
void serve_http_body(struct serve_conn *c);        /* the whole body is in */
void serve_http_error(struct serve_conn *c, int status); /* malformed, too large */
void serve_count_limit(const char *limit, unsigned n); /* limit="body" ... */

/* ---- serve_offload.c: a TLS 1.3 connection moves from OpenSSL to the
 * record layer of serve_record.h once its handshake is done (TLS 1.2
 * connections stay on OpenSSL). The reads and writes return the bytes
 * taken (> 0), 0 to wait (for input; for output, to be writable) or -1
 * when the connection is to close (an alert is sent when one is due). */
void serve_offload_keylog(const SSL *ssl, const char *line); /* the SSL_CTX keylog callback */
bool serve_offload_take(struct serve_conn *c);  /* after the handshake: true if it moved */
long serve_offload_read(struct serve_conn *c, void *dst, size_t room);
long serve_offload_write(struct serve_conn *c, const void *src, size_t len);
int serve_offload_flush(struct serve_conn *c);  /* 1 all sent, 0 wait, -1 failed */
bool serve_offload_pending(const struct serve_conn *c); /* received bytes not yet read */
void serve_offload_close_notify(struct serve_conn *c);
void serve_offload_free(struct serve_conn *c);
void *serve_record_buf_get(struct serve_loop *l);
void serve_record_buf_put(struct serve_loop *l, void *buf);

/* ---- serve_tls.c: the current certificate and key in an SSL_CTX, swapped
 * atomically; new handshakes take whatever is current. */
bool serve_tls_load(const char *cert, const char *key, char *why, size_t why_size);
SSL *serve_tls_new(void);     /* a server session on the current context, or NULL */
/* True when the files changed on disk and have been stable for one check
 * since (cert-manager swaps a symlink; an editor may write in steps). */
bool serve_tls_changed(void);
void serve_tls_free(void);

#endif
