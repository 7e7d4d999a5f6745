/* client.c — etcd's v3 HTTP/JSON gateway through libcurl: failover over the
 * endpoints in order, bounded timeouts and rounds, TLS client files, the
 * token of calls.c's login, unary calls parsed whole and streams split
 * object by object. */
#include "client.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/diag.h"
#include "client_priv.h"

/* A unary answer larger than this is refused (a range page is bounded by
 * its limit; no gateway answer of ours comes near). */
enum { MAX_RESPONSE = 256u << 20, MAX_STREAM_OBJECT = 4u << 20 };

struct buffer {
    char *p;
    size_t len, cap;
    bool too_large;
};

void etcd_set_message(struct etcd_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->message, sizeof r->message, fmt, ap);
    va_end(ap);
}

struct etcd_client *etcd_client_new(const struct etcd_client_opts *o)
{
    char why[256];
    if (!sink_curl_load(why, sizeof why)) {
        diag_error("%s", why);
        return NULL;
    }
    struct etcd_client *c = xcalloc(1, sizeof *c);
    c->o = *o;
    /* the list is copied, the URLs are borrowed */
    const char **endpoints = xmalloc((o->nendpoints ? o->nendpoints : 1) * sizeof *endpoints);
    memcpy(endpoints, o->endpoints, o->nendpoints * sizeof *endpoints);
    c->o.endpoints = endpoints;
    if (!c->o.connect_timeout_ms)
        c->o.connect_timeout_ms = 5000;
    if (!c->o.call_timeout_ms)
        c->o.call_timeout_ms = 30000;
    if (!c->o.stall_timeout_ms)
        c->o.stall_timeout_ms = 30000;
    if (!c->o.rounds)
        c->o.rounds = 2;
    c->curl = sink_curl.easy_init();
    if (!c->curl) {
        diag_error("libcurl cannot make a handle");
        free(endpoints);
        free(c);
        return NULL;
    }
    return c;
}

void etcd_client_free(struct etcd_client *c)
{
    if (!c)
        return;
    sink_curl.easy_cleanup(c->curl);
    free((void *)c->o.endpoints);
    free(c->token);
    free(c);
}

static size_t collect(char *data, size_t size, size_t n, void *ctx)
{
    struct buffer *b = ctx;
    size_t len = size * n;
    if (b->len + len > MAX_RESPONSE) {
        b->too_large = true;
        return 0;
    }
    if (b->len + len + 1 > b->cap) {
        while (b->len + len + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 8192;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    return len;
}

struct curl_slist *etcd_prepare(struct etcd_client *c, size_t e, const char *path,
                                const char *request, char *errbuf)
{
    CURL *h = c->curl;
    char url[2048];
    const char *base = c->o.endpoints[e];
    size_t blen = strlen(base);
    while (blen && base[blen - 1] == '/')
        blen--;
    snprintf(url, sizeof url, "%.*s%s", (int)blen, base, path);
    sink_curl.easy_reset(h);
    sink_curl.easy_setopt(h, CURLOPT_URL, url);
    sink_curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    sink_curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if (request)
        sink_curl.easy_setopt(h, CURLOPT_POSTFIELDS, request);
    else
        sink_curl.easy_setopt(h, CURLOPT_HTTPGET, 1L);
    if (c->o.no_verify) {
        sink_curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        sink_curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    sink_curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_timeout_ms);
    sink_curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    sink_curl.easy_setopt(h, CURLOPT_NOPROXY, "*");
    /* HTTP/1.1: etcd's peer port mishandles HTTP/2 over TLS */
    sink_curl.easy_setopt(h, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    if (c->o.tls.cacert)
        sink_curl.easy_setopt(h, CURLOPT_CAINFO, c->o.tls.cacert);
    if (c->o.tls.cert)
        sink_curl.easy_setopt(h, CURLOPT_SSLCERT, c->o.tls.cert);
    if (c->o.tls.key)
        sink_curl.easy_setopt(h, CURLOPT_SSLKEY, c->o.tls.key);
    struct curl_slist *headers = sink_curl.slist_append(NULL, "Content-Type: application/json");
    if (c->token) {
        char auth[1024];
        snprintf(auth, sizeof auth, "Authorization: %s", c->token);
        headers = sink_curl.slist_append(headers, auth);
    }
    sink_curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    return headers;
}

/* The gateway's error body, unary ({"error": "...", "code": N}) or
 * streamed ({"error": {"grpc_code": N, "message": "..."}}). */
static bool read_error(const struct ej_value *body, struct etcd_result *r)
{
    const struct ej_value *err = ej_get(body, "error");
    if (!err)
        return false;
    uint64_t code = 0;
    const char *msg = ej_str(err);
    if (err->type == EJ_OBJECT) {
        ej_u64(ej_get(err, "grpc_code"), &code);
        msg = ej_str(ej_get(err, "message"));
    } else {
        ej_u64(ej_get(body, "code"), &code);
        if (ej_str(ej_get(body, "message")))
            msg = ej_str(ej_get(body, "message"));
    }
    r->status = ETCD_REFUSED;
    r->grpc_code = (int)code;
    etcd_set_message(r, "%s", msg ? msg : "error without a message");
    return true;
}

/* gRPC Unavailable: this member cannot serve (no leader, stopping): try
 * the next one. */
enum { GRPC_UNAVAILABLE = 14 };

static bool json_start(const char *buf, size_t len)
{
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
        i++;
    return i < len && (buf[i] == '{' || buf[i] == '[');
}

/* The first line of a text answer (a proxy's or the gateway's own error),
 * printable characters only, shortened to fit out. */
static const char *first_line(const char *buf, size_t len, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < len && buf[i] != '\n' && o + 1 < size; i++)
        out[o++] = buf[i] >= 0x20 && buf[i] < 0x7f ? buf[i] : '?';
    out[o] = '\0';
    return o ? out : "empty answer";
}

static bool parse_body(struct arena *a, const char *buf, size_t len, struct etcd_result *r)
{
    size_t at;
    const char *why;
    const struct ej_value *v = ej_parse(a, buf, len, &at, &why);
    if (!v || v->type != EJ_OBJECT) {
        r->status = ETCD_BAD_RESPONSE;
        if (!v && !json_start(buf, len))
            etcd_set_message(r, "%s: HTTP %ld: %s", r->endpoint, r->http_status,
                        first_line(buf, len, (char[160]){0}, 160));
        else if (!v)
            etcd_set_message(r, "%s: HTTP %ld: not a JSON response (%s at byte %zu)", r->endpoint,
                        r->http_status, why, at);
        else
            etcd_set_message(r, "%s: HTTP %ld: the response is not a JSON object", r->endpoint,
                        r->http_status);
        return false;
    }
    if (read_error(v, r))
        return false;
    if (r->http_status != 200) {
        r->status = ETCD_REFUSED;
        etcd_set_message(r, "%s: HTTP %ld", r->endpoint, r->http_status);
        return false;
    }
    r->status = ETCD_OK;
    r->body = v;
    return true;
}

void etcd_pause_between_rounds(unsigned round)
{
    struct timespec ts = {0, (long)(100 + 200 * round) * 1000000L};
    nanosleep(&ts, NULL);
}

CURLcode etcd_perform(struct etcd_client *c, size_t e, struct etcd_result *r)
{
    r->endpoint = c->o.endpoints[e];
    CURLcode rc = sink_curl.easy_perform(c->curl);
    sink_curl.easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->http_status);
    return rc;
}

void etcd_transport_error(struct etcd_result *r, CURLcode rc, const char *errbuf)
{
    r->status = ETCD_UNREACHABLE;
    etcd_set_message(r, "%s: %s", r->endpoint, errbuf[0] ? errbuf : sink_curl.easy_strerror(rc));
}

void etcd_stream_limits(struct etcd_client *c)
{
    /* a stream takes as long as it takes, but never stalls */
    sink_curl.easy_setopt(c->curl, CURLOPT_BUFFERSIZE, 512L * 1024);
    sink_curl.easy_setopt(c->curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    sink_curl.easy_setopt(c->curl, CURLOPT_LOW_SPEED_TIME, (c->o.stall_timeout_ms + 999) / 1000);
}

bool etcd_each_endpoint(struct etcd_client *c, etcd_attempt_fn attempt, void *ctx,
                        struct etcd_result *r)
{
    memset(r, 0, sizeof *r);
    size_t n = c->o.nendpoints;
    for (unsigned round = 0; round < c->o.rounds; round++) {
        if (round)
            etcd_pause_between_rounds(round);
        for (size_t k = 0; k < n; k++) {
            size_t e = (c->current + k) % n;
            bool next = false;
            if (attempt(c, e, ctx, r, &next)) {
                c->current = e;
                r->status = ETCD_OK;
                return true;
            }
            if (!next)
                return false;
        }
    }
    return false;
}

struct unary {
    struct arena *a;
    const char *path, *request;
};

/* One unary call on endpoint e: the next endpoint is tried when this one
 * cannot be reached or is unavailable (no leader, stopping). */
static bool unary_attempt(struct etcd_client *c, size_t e, void *ctx, struct etcd_result *r,
                          bool *next)
{
    const struct unary *u = ctx;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct buffer b = {0};
    struct curl_slist *h = etcd_prepare(c, e, u->path, u->request, errbuf);
    sink_curl.easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, collect);
    sink_curl.easy_setopt(c->curl, CURLOPT_WRITEDATA, &b);
    sink_curl.easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, c->o.call_timeout_ms);
    CURLcode rc = etcd_perform(c, e, r);
    sink_curl.slist_free_all(h);
    bool ok = false;
    if (b.too_large) {
        r->status = ETCD_BAD_RESPONSE;
        etcd_set_message(r, "%s: response larger than %u MiB", r->endpoint, MAX_RESPONSE >> 20);
    } else if (rc != CURLE_OK) {
        etcd_transport_error(r, rc, errbuf);
        *next = true;
    } else {
        ok = parse_body(u->a, b.p ? b.p : "", b.len, r);
        *next = !ok && r->status == ETCD_REFUSED && r->grpc_code == GRPC_UNAVAILABLE;
    }
    free(b.p);
    return ok;
}

bool etcd_call(struct etcd_client *c, struct arena *a, const char *path, const char *request,
               struct etcd_result *r)
{
    struct unary u = {a, path, request};
    return etcd_each_endpoint(c, unary_attempt, &u, r);
}

struct stream_state {
    etcd_stream_fn fn;
    void *ctx;
    struct etcd_result *r;
    struct ej_splitter split;
    struct arena scratch;
    bool received, failed;
};

static bool stream_object(const char *obj, size_t len, void *ctx)
{
    struct stream_state *st = ctx;
    struct arena_mark m = arena_mark(&st->scratch);
    size_t at;
    const char *why;
    const struct ej_value *v = ej_parse(&st->scratch, obj, len, &at, &why);
    bool ok = false;
    if (!v) {
        st->r->status = ETCD_BAD_RESPONSE;
        etcd_set_message(st->r, "%s: malformed object in the stream (%s at byte %zu)",
                    st->r->endpoint, why, at);
    } else if (!read_error(v, st->r)) {
        const struct ej_value *result = ej_get(v, "result");
        if (!result || result->type != EJ_OBJECT) {
            st->r->status = ETCD_BAD_RESPONSE;
            etcd_set_message(st->r, "%s: stream object without a result", st->r->endpoint);
        } else {
            ok = st->fn(result, st->ctx, st->r->message, sizeof st->r->message);
            if (!ok)
                st->r->status = ETCD_BAD_RESPONSE;
        }
    }
    arena_release(&st->scratch, m);
    st->failed = !ok;
    return ok;
}

static size_t stream_write(char *data, size_t size, size_t n, void *ctx)
{
    struct stream_state *st = ctx;
    st->received = true;
    if (!ej_splitter_feed(&st->split, data, size * n)) {
        if (!st->failed) {
            st->failed = true;
            st->r->status = ETCD_BAD_RESPONSE;
            etcd_set_message(st->r, "%s: %s", st->r->endpoint, st->split.error);
        }
        return 0;
    }
    return size * n;
}

struct stream_call {
    const char *path, *request;
    etcd_stream_fn fn;
    void *ctx;
};

/* One streaming call on endpoint e: the next endpoint is tried only while
 * nothing has arrived. */
static bool stream_attempt(struct etcd_client *c, size_t e, void *ctx, struct etcd_result *r,
                           bool *next)
{
    const struct stream_call *sc = ctx;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct stream_state st = {.fn = sc->fn, .ctx = sc->ctx, .r = r};
    ej_splitter_init(&st.split, MAX_STREAM_OBJECT, stream_object, &st);
    struct curl_slist *h = etcd_prepare(c, e, sc->path, sc->request, errbuf);
    sink_curl.easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, stream_write);
    sink_curl.easy_setopt(c->curl, CURLOPT_WRITEDATA, &st);
    etcd_stream_limits(c);
    CURLcode rc = etcd_perform(c, e, r);
    sink_curl.slist_free_all(h);
    bool complete = ej_splitter_done(&st.split);
    ej_splitter_free(&st.split);
    arena_free(&st.scratch);
    if (st.failed)
        return false; /* the stream said why */
    if (rc != CURLE_OK) {
        etcd_transport_error(r, rc, errbuf);
        *next = !st.received;
        return false;
    }
    if (!complete || r->http_status != 200) {
        r->status = ETCD_BAD_RESPONSE;
        etcd_set_message(r, "%s: HTTP %ld: the stream ended in the middle of an object",
                         r->endpoint, r->http_status);
        return false;
    }
    return true;
}

bool etcd_stream(struct etcd_client *c, const char *path, const char *request, etcd_stream_fn fn,
                 void *ctx, struct etcd_result *r)
{
    struct stream_call sc = {path, request, fn, ctx};
    return etcd_each_endpoint(c, stream_attempt, &sc, r);
}
