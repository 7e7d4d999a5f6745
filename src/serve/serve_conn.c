/* serve_conn.c — one connection's life on its loop: the TLS session made
 * on the first byte, the handshake (after which a TLS 1.3 connection reads
 * and writes through the server's own record layer, serve_offload.c, and
 * a TLS 1.2 one goes on with OpenSSL), reading a request's head and body
 * (Content-Length or chunked, after a 100 Continue when the client asks
 * for one), writing the answer, then the next request (pipelined bytes
 * first), idling between requests with no buffers, or closing: after an
 * answer that closes, the server stops writing and reads (and drops) what
 * the client still sends for a while, so that the client reads the answer
 * rather than a reset. Every state but the application's has a deadline:
 * idle for the timeout, or the whole request (handshake included) and its
 * answer within the timeout plus one second of the connection opening or
 * the previous answer. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/err.h>

#include "metrics.h"
#include "serve_int.h"

enum step { STEP_AGAIN, STEP_WAIT, STEP_CLOSED };

static int64_t timeout_ms(const struct serve_conn *c)
{
    return (int64_t)c->loop->sv->lim.timeout_s * 1000;
}

static int64_t request_deadline(const struct serve_conn *c)
{
    return c->base_ms + timeout_ms(c) + 1000;
}

static void conn_want(struct serve_conn *c, uint32_t events)
{
    if (c->events == events)
        return;
    struct epoll_event ev = {.events = events, .data.ptr = c};
    epoll_ctl(c->loop->ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->events = events;
}

static enum step conn_close(struct serve_conn *c)
{
    serve_loop_close(c);
    return STEP_CLOSED;
}

/* An SSL call returned r <= 0: wait for what it needs, or close. */
static enum step ssl_blocked(struct serve_conn *c, int r)
{
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        conn_want(c, e == SSL_ERROR_WANT_READ ? EPOLLIN : EPOLLOUT);
        return STEP_WAIT;
    }
    if (e == SSL_ERROR_SSL && c->state == CONN_HANDSHAKE)
        metrics_add("ringwall_tls_handshake_failures_total",
                    "TLS handshakes that failed (protocol version, cipher, garbage)", NULL, 1);
    ERR_clear_error();
    return conn_close(c);
}

/* The client's bytes, from OpenSSL or the record layer: n > 0 of them
 * in dst, or 0 with *s telling to wait or that the connection is closed. */
static size_t conn_recv(struct serve_conn *c, void *dst, size_t room, enum step *s)
{
    if (c->ssl) {
        int n = SSL_read(c->ssl, dst, room > INT_MAX ? INT_MAX : (int)room);
        if (n > 0)
            return (size_t)n;
        *s = ssl_blocked(c, n);
        return 0;
    }
    long n = serve_offload_read(c, dst, room);
    if (n > 0)
        return (size_t)n;
    if (n < 0) {
        *s = conn_close(c);
        return 0;
    }
    conn_want(c, EPOLLIN);
    *s = STEP_WAIT;
    return 0;
}

/* Writes some of buf: n > 0 bytes taken, or 0 with *s as for conn_recv. */
static size_t conn_send(struct serve_conn *c, const void *buf, size_t len, enum step *s)
{
    long n = c->ssl ? SSL_write(c->ssl, buf, len > INT_MAX ? INT_MAX : (int)len)
                    : serve_offload_write(c, buf, len);
    if (n > 0)
        return (size_t)n;
    if (c->ssl)
        *s = ssl_blocked(c, (int)n);
    else if (n < 0)
        *s = conn_close(c);
    else {
        conn_want(c, EPOLLOUT);
        *s = STEP_WAIT;
    }
    return 0;
}

/* Whatever is sealed and not yet sent (OpenSSL sends before returning). */
static enum step conn_flush(struct serve_conn *c)
{
    int f = c->ssl ? 1 : serve_offload_flush(c);
    if (f > 0)
        return STEP_AGAIN;
    if (f < 0)
        return conn_close(c);
    conn_want(c, EPOLLOUT);
    return STEP_WAIT;
}

/* Bytes received and not yet read. */
static bool conn_pending(const struct serve_conn *c)
{
    return c->ssl ? SSL_has_pending(c->ssl) : serve_offload_pending(c);
}

static enum step conn_begin_tls(struct serve_conn *c)
{
    c->ssl = serve_tls_new();
    if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) {
        ERR_clear_error();
        return conn_close(c);
    }
    SSL_set_ex_data(c->ssl, 0, c);  /* for the keylog callback (serve_offload.c) */
    SSL_set_accept_state(c->ssl);
    c->state = CONN_HANDSHAKE;
    serve_loop_deadline(c, request_deadline(c));
    return STEP_AGAIN;
}

static enum step conn_handshake(struct serve_conn *c)
{
    int r = SSL_do_handshake(c->ssl);
    if (r != 1)
        return ssl_blocked(c, r);
    serve_offload_take(c);
    c->req = serve_req_get(c->loop);
    if (!c->req)
        return conn_close(c);
    c->state = CONN_HEAD;
    return STEP_AGAIN;
}

/* Keep-alive: the next request begins. */
static enum step conn_wake(struct serve_conn *c)
{
    c->req = serve_req_get(c->loop);
    if (!c->req)
        return conn_close(c);
    c->state = CONN_HEAD;
    serve_loop_deadline(c, request_deadline(c));
    return STEP_AGAIN;
}

/* Gets ready for the body: what of it is in the buffer already is taken
 * (the head stays where it is: the request's strings point into it). */
static enum step body_begin(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    const struct http_head *h = &r->head;
    if (!h->chunked) {
        size_t want = (size_t)h->content_length, rest = r->len - r->consumed;
        size_t have = rest < want ? rest : want;
        r->body = malloc(want + 1);
        if (!r->body)
            return conn_close(c);
        r->body_cap = want + 1;
        memcpy(r->body, r->buf + r->consumed, have);
        r->body_len = have;
        r->consumed += have;
    }
    bool more = h->chunked || r->body_len < h->content_length;
    c->state = CONN_BODY;
    if (h->expect_continue && !h->http10 && more && r->consumed == r->len) {
        static char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        r->out = cont;
        r->out_len = sizeof cont - 1;
        r->out_static = true;
        serve_conn_send(c, NEXT_BODY);
    }
    return STEP_AGAIN;
}

static enum step conn_read_head(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    struct serve_server *sv = c->loop->sv;
    for (;;) {
        int st = http_parse_head(r->buf, r->len, sv->lim.max_header_bytes, &r->scan, &r->head);
        if (st > 1) {
            serve_http_error(c, st);
            return STEP_AGAIN;
        }
        if (st == 1) {
            r->consumed = r->head.skipped + r->head.head_len;
            r->counted = true;
            atomic_fetch_add(&sv->inflight, 1);
            return serve_http_head(c) ? body_begin(c) : STEP_AGAIN;
        }
        enum step s;
        size_t n = conn_recv(c, r->buf + r->len, sv->rbuf_size - r->len, &s);
        if (!n)
            return s;
        r->len += n;
    }
}

/* Appends decoded body bytes; false (413 queued) over the limit. */
static bool body_append(struct serve_conn *c, const char *data, size_t n)
{
    struct serve_req *r = c->req;
    size_t max = c->loop->sv->lim.max_body;
    if (n > max - r->body_len) {
        serve_http_error(c, 413);
        return false;
    }
    if (r->body_len + n + 1 > r->body_cap) {
        size_t cap = r->body_cap ? r->body_cap : 4096;
        while (cap < r->body_len + n + 1)
            cap *= 2;
        if (cap > max + 1)
            cap = max + 1;
        char *b = realloc(r->body, cap);
        if (!b) {
            serve_http_error(c, 413);
            return false;
        }
        r->body = b;
        r->body_cap = cap;
    }
    memcpy(r->body + r->body_len, data, n);
    r->body_len += n;
    return true;
}

/* Decodes the chunked bytes in the buffer: 1 done, 0 more wanted, -1 an
 * error answer is queued. */
static int chunked_decode(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    size_t off = r->consumed;
    while (off < r->len && !r->chunk.done) {
        size_t doff, dlen;
        long used = http_chunked_step(&r->chunk, r->buf + off, r->len - off, &doff, &dlen);
        if (used < 0) {
            serve_http_error(c, 400);
            return -1;
        }
        if (dlen && !body_append(c, r->buf + off + doff, dlen))
            return -1;
        off += (size_t)used;
    }
    r->consumed = off;
    return r->chunk.done;
}

static enum step body_done(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    if (!r->body && !(r->body = malloc(1)))
        return conn_close(c);
    r->body[r->body_len] = '\0';
    serve_http_body(c);
    return STEP_AGAIN;
}

static enum step conn_read_body(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    conn_want(c, EPOLLIN);
    if (!r->head.chunked) {
        while (r->body_len < r->head.content_length) {
            enum step s;
            size_t n = conn_recv(c, r->body + r->body_len,
                                 (size_t)r->head.content_length - r->body_len, &s);
            if (!n)
                return s;
            r->body_len += n;
        }
        return body_done(c);
    }
    for (;;) {
        int st = chunked_decode(c);
        if (st < 0)
            return STEP_AGAIN;
        if (st > 0)
            return body_done(c);
        size_t head_end = r->head.skipped + r->head.head_len;
        if (r->len == c->loop->sv->rbuf_size) {  /* keep the head, drop what is decoded */
            memmove(r->buf + head_end, r->buf + r->consumed, r->len - r->consumed);
            r->len = head_end + (r->len - r->consumed);
            r->consumed = head_end;
        }
        enum step s;
        size_t n = conn_recv(c, r->buf + r->len, c->loop->sv->rbuf_size - r->len, &s);
        if (!n)
            return s;
        r->len += n;
    }
}

static void out_release(struct serve_req *r)
{
    if (!r->out_static)
        free(r->out);
    free(r->out_body);
    r->out = r->out_body = NULL;
    r->out_len = r->out_off = r->out_body_len = r->out_body_off = 0;
    r->out_static = false;
}

/* The next request on the connection: pipelined bytes are kept. */
static enum step next_request(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    struct serve_loop *l = c->loop;
    c->base_ms = serve_now_ms();
    size_t rest = r->len - r->consumed;
    if (!rest && !conn_pending(c)) {
        serve_req_put(l, r);
        c->req = NULL;
        c->state = CONN_IDLE;
        conn_want(c, EPOLLIN);
        serve_loop_deadline(c, c->base_ms + timeout_ms(c));
        return STEP_WAIT;
    }
    struct serve_req *n = serve_req_get(l);
    if (!n)
        return conn_close(c);
    memcpy(n->buf, r->buf + r->consumed, rest);
    n->len = rest;
    serve_req_put(l, r);
    c->req = n;
    c->state = CONN_HEAD;
    conn_want(c, EPOLLIN);
    serve_loop_deadline(c, request_deadline(c));
    return STEP_AGAIN;
}

/* Answered and closing: send close_notify and FIN, then read and drop. */
static enum step linger_begin(struct serve_conn *c)
{
    if (c->ssl)
        SSL_shutdown(c->ssl);
    else
        serve_offload_close_notify(c);
    ERR_clear_error();
    shutdown(c->fd, SHUT_WR);
    serve_req_put(c->loop, c->req);
    c->req = NULL;
    c->state = CONN_LINGER;
    c->discarded = 0;
    conn_want(c, EPOLLIN);
    serve_loop_deadline(c, serve_now_ms() + timeout_ms(c) + 1000);
    return STEP_AGAIN;
}

static enum step conn_linger(struct serve_conn *c)
{
    char drop[16384];
    for (;;) {
        ssize_t n = recv(c->fd, drop, sizeof drop, 0);
        if (n > 0) {
            c->discarded += (size_t)n;
            if (c->discarded > c->loop->sv->lim.max_body)
                return conn_close(c);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return STEP_WAIT;
        if (n < 0 && errno == EINTR)
            continue;
        return conn_close(c);
    }
}

static enum step write_all(struct serve_conn *c, const char *buf, size_t len, size_t *off)
{
    while (*off < len) {
        enum step s;
        size_t n = conn_send(c, buf + *off, len - *off, &s);
        if (!n)
            return s;
        *off += n;
    }
    return STEP_AGAIN;
}

static enum step conn_write(struct serve_conn *c)
{
    struct serve_req *r = c->req;
    enum step s = write_all(c, r->out, r->out_len, &r->out_off);
    if (s == STEP_AGAIN && r->out_body)
        s = write_all(c, r->out_body, r->out_body_len, &r->out_body_off);
    if (s == STEP_AGAIN)
        s = conn_flush(c);
    if (s != STEP_AGAIN)
        return s;
    out_release(r);
    if (c->next == NEXT_BODY) {
        c->state = CONN_BODY;
        return STEP_AGAIN;
    }
    if (r->counted) {
        r->counted = false;
        atomic_fetch_sub(&c->loop->sv->inflight, 1);
    }
    if (c->next == NEXT_CLOSE || atomic_load(&c->loop->sv->stopping))
        return linger_begin(c);
    return next_request(c);
}

void serve_conn_send(struct serve_conn *c, enum conn_next next)
{
    c->state = CONN_WRITE;
    c->next = (uint8_t)next;
    c->req->out_off = c->req->out_body_off = 0;
    if (next != NEXT_BODY)
        serve_loop_deadline(c, serve_now_ms() + timeout_ms(c) + 1000);
}

void serve_conn_event(struct serve_conn *c, uint32_t events)
{
    for (;;) {
        enum step s;
        switch (c->state) {
        case CONN_SILENT: s = conn_begin_tls(c); break;
        case CONN_HANDSHAKE: s = conn_handshake(c); break;
        case CONN_IDLE: s = conn_wake(c); break;
        case CONN_HEAD: s = conn_read_head(c); break;
        case CONN_BODY: s = conn_read_body(c); break;
        case CONN_WRITE: s = conn_write(c); break;
        default: s = conn_linger(c); break;
        }
        if (s != STEP_AGAIN)
            return;
    }
}

void serve_conn_expire(struct serve_conn *c)
{
    bool working = c->state == CONN_HANDSHAKE || c->state == CONN_BODY ||
                   c->state == CONN_WRITE || (c->state == CONN_HEAD && c->req->len);
    if (working)
        serve_count_limit("timeout", 1);
    serve_loop_close(c);
}
