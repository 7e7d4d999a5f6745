/* serve_offload.c — a TLS 1.3 connection leaves OpenSSL once its handshake
 * is done, the way kernel TLS takes a connection over, but in user space:
 * the context's keylog callback hands over the two application traffic
 * secrets, and after the handshake (no session tickets are sent, so both
 * directions are at record 0, and OpenSSL reads without read-ahead, so
 * the client's next records are still in the socket) the SSL object is
 * freed and serve_record.c seals and opens the records. What a connection
 * keeps is its keys (about 200 bytes instead of OpenSSL's 14 KB); a record
 * buffer comes from the loop's free list only while a record is being
 * gathered or handed out, or sealed bytes wait for the socket. TLS 1.2
 * connections stay on OpenSSL. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "metrics.h"
#include "serve_int.h"
#include "serve_record.h"

#include "../core/hex.h"

enum { LOOP_FREE_RECORDS = 64 };

struct serve_offload {
    struct record_keys keys;
    uint8_t *in;              /* received bytes: [0, in_len); NULL when none */
    uint8_t *out;             /* sealed bytes not yet sent: [out_off, out_len) */
    uint16_t in_len, plain_off, plain_end, record_end; /* the open record's content, its end */
    uint16_t out_len, out_off;
    uint8_t secret_len[2];    /* as handed over: the client's, the server's */
    bool update_due;          /* a KeyUpdate is owed before the next data */
};

void *serve_record_buf_get(struct serve_loop *l)
{
    void *b = l->free_records;
    if (b) {
        memcpy(&l->free_records, b, sizeof(void *));
        l->nfree_records--;
        return b;
    }
    return malloc(RECORD_BUF);
}

void serve_record_buf_put(struct serve_loop *l, void *buf)
{
    if (!buf)
        return;
    if (l->nfree_records >= LOOP_FREE_RECORDS) {
        free(buf);
        return;
    }
    memcpy(buf, &l->free_records, sizeof(void *));
    l->free_records = buf;
    l->nfree_records++;
}

/* "CLIENT_TRAFFIC_SECRET_0 <client random> <secret>", in hex. */
void serve_offload_keylog(const SSL *ssl, const char *line)
{
    static const char *labels[2] = {"CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 "};
    struct serve_conn *c = SSL_get_ex_data(ssl, 0);
    int which = !strncmp(line, labels[0], strlen(labels[0]))   ? 0
                : !strncmp(line, labels[1], strlen(labels[1])) ? 1
                                                               : -1;
    const char *hex = strrchr(line, ' ');
    if (!c || which < 0 || !hex)
        return;
    hex++;
    size_t n = strlen(hex) / 2;
    if (n > RECORD_SECRET_MAX || strlen(hex) % 2)
        return;
    if (!c->tls13 && !(c->tls13 = calloc(1, sizeof *c->tls13)))
        return;
    struct record_dir *d = which ? &c->tls13->keys.tx : &c->tls13->keys.rx;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value((unsigned char)hex[2 * i]), lo = hex_value((unsigned char)hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return;
        d->secret[i] = (uint8_t)(hi << 4 | lo);
    }
    c->tls13->secret_len[which] = (uint8_t)n;
}

static void offload_drop(struct serve_conn *c)
{
    struct serve_offload *t = c->tls13;
    if (!t)
        return;
    serve_record_buf_put(c->loop, t->in);
    serve_record_buf_put(c->loop, t->out);
    OPENSSL_cleanse(&t->keys, sizeof t->keys);
    free(t);
    c->tls13 = NULL;
}

bool serve_offload_take(struct serve_conn *c)
{
    struct serve_offload *t = c->tls13;
    struct serve_loop *l = c->loop;
    const SSL_CIPHER *cipher = SSL_get_current_cipher(c->ssl);
    int suite = cipher ? record_suite_of(SSL_CIPHER_get_protocol_id(cipher)) : 0;
    size_t len = record_secret_len(suite);
    if (!l->aead)
        l->aead = EVP_CIPHER_CTX_new();
    /* TLS 1.2 stays on OpenSSL (its keylog has no traffic secrets; its
     * records differ); so does a connection whose next bytes OpenSSL has
     * already read. */
    bool ok = t && l->aead && suite && SSL_version(c->ssl) == TLS1_3_VERSION &&
              t->secret_len[0] == len && t->secret_len[1] == len && !SSL_has_pending(c->ssl);
    if (ok) {
        t->keys.suite = (uint8_t)suite;
        ok = record_dir_init(&t->keys.rx, suite) && record_dir_init(&t->keys.tx, suite);
    }
    if (!ok) {
        offload_drop(c);
        ERR_clear_error();
        return false;
    }
    SSL_free(c->ssl);
    c->ssl = NULL;
    l->sessions_freed++;
    l->sessions_freed_s = l->tick_s;
    metrics_add("ringwall_tls_record_layer_connections_total",
                "TLS 1.3 connections moved from OpenSSL to the server's own record layer "
                "after their handshake", NULL, 1);
    return true;
}

/* Sends a fatal alert, if nothing else is waiting to be sent. */
static void send_alert(struct serve_conn *c, uint8_t level, uint8_t alert)
{
    struct serve_offload *t = c->tls13;
    uint8_t msg[2] = {level, alert}, rec[32];
    if (t->out)
        return;
    size_t n = record_seal(&t->keys, c->loop->aead, RECORD_TYPE_ALERT, msg, sizeof msg, 0, rec);
    if (n && send(c->fd, rec, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
        return;
}

static long fail(struct serve_conn *c, uint8_t alert)
{
    send_alert(c, 2, alert);
    return -1;
}

/* The open record is handed out: what follows it moves to the front. */
static void record_done(struct serve_conn *c)
{
    struct serve_offload *t = c->tls13;
    t->in_len = (uint16_t)(t->in_len - t->record_end);
    memmove(t->in, t->in + t->record_end, t->in_len);
    t->record_end = t->plain_off = t->plain_end = 0;
    if (!t->in_len) {
        serve_record_buf_put(c->loop, t->in);
        t->in = NULL;
    }
}

/* Acts on the record just opened: 1 go on, -1 close. */
static int record_act(struct serve_conn *c, const struct record_opened *o)
{
    struct serve_offload *t = c->tls13;
    t->record_end = (uint16_t)o->used;
    switch (o->type) {
    case RECORD_TYPE_DATA:
        t->plain_off = (uint16_t)o->off;
        t->plain_end = (uint16_t)(o->off + o->len);
        if (!o->len)
            record_done(c);
        return 1;
    case RECORD_TYPE_ALERT:  /* close_notify (answered with ours) or an error: the end */
        if (o->len == 2 && t->in[o->off + 1] == ALERT_CLOSE_NOTIFY)
            send_alert(c, 1, ALERT_CLOSE_NOTIFY);
        return -1;
    case RECORD_TYPE_HANDSHAKE: {
        bool requested;
        int alert = record_handshake(&t->keys, t->in + o->off, o->len, &requested);
        if (alert)
            return (int)fail(c, (uint8_t)alert);
        t->update_due |= requested;
        record_done(c);
        return 1;
    }
    default:
        return (int)fail(c, ALERT_UNEXPECTED_MESSAGE);
    }
}

long serve_offload_read(struct serve_conn *c, void *dst, size_t room)
{
    struct serve_offload *t = c->tls13;
    for (;;) {
        if (t->plain_off < t->plain_end) {
            size_t n = t->plain_end - t->plain_off;
            n = n < room ? n : room;
            memcpy(dst, t->in + t->plain_off, n);
            t->plain_off = (uint16_t)(t->plain_off + n);
            if (t->plain_off == t->plain_end)
                record_done(c);
            return (long)n;
        }
        if (!t->in && !(t->in = serve_record_buf_get(c->loop)))
            return -1;
        struct record_opened o;
        enum record_status st = record_open(&t->keys, c->loop->aead, t->in, t->in_len, &o);
        if (st == RECORD_FAILED)
            return fail(c, o.alert);
        if (st == RECORD_OPENED) {
            if (record_act(c, &o) < 0)
                return -1;
            continue;
        }
        ssize_t n = recv(c->fd, t->in + t->in_len, RECORD_BUF - t->in_len, 0);
        if (n > 0) {
            t->in_len = (uint16_t)(t->in_len + n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!t->in_len) {
                serve_record_buf_put(c->loop, t->in);
                t->in = NULL;
            }
            return 0;
        }
        return -1;
    }
}

int serve_offload_flush(struct serve_conn *c)
{
    struct serve_offload *t = c->tls13;
    while (t->out) {
        ssize_t n = send(c->fd, t->out + t->out_off, t->out_len - t->out_off, MSG_NOSIGNAL);
        if (n > 0) {
            t->out_off = (uint16_t)(t->out_off + n);
            if (t->out_off == t->out_len) {
                serve_record_buf_put(c->loop, t->out);
                t->out = NULL;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    }
    return 1;
}

/* Seals up to one record of src (after the KeyUpdate owed, if any) and
 * starts sending it; the bytes of src taken. */
long serve_offload_write(struct serve_conn *c, const void *src, size_t len)
{
    struct serve_offload *t = c->tls13;
    int f = serve_offload_flush(c);
    if (f <= 0)
        return f;
    if (!(t->out = serve_record_buf_get(c->loop)))
        return -1;
    size_t at = 0, n = len < RECORD_MAX_PLAIN ? len : RECORD_MAX_PLAIN;
    if (t->update_due) {
        at = record_seal(&t->keys, c->loop->aead, RECORD_TYPE_HANDSHAKE, record_key_update_msg,
                         RECORD_KEY_UPDATE_LEN, 0, t->out);
        if (!at || !record_dir_update(&t->keys.tx, t->keys.suite))
            return fail(c, ALERT_INTERNAL_ERROR);
        t->update_due = false;
    }
    size_t sealed = record_seal(&t->keys, c->loop->aead, RECORD_TYPE_DATA, src, n, 0, t->out + at);
    if (!sealed)
        return fail(c, ALERT_INTERNAL_ERROR);
    t->out_len = (uint16_t)(at + sealed);
    t->out_off = 0;
    return serve_offload_flush(c) < 0 ? -1 : (long)n;
}

bool serve_offload_pending(const struct serve_conn *c)
{
    return c->tls13->in != NULL;
}

void serve_offload_close_notify(struct serve_conn *c)
{
    send_alert(c, 1, ALERT_CLOSE_NOTIFY);
}

void serve_offload_free(struct serve_conn *c)
{
    offload_drop(c);
}
