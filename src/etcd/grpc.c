/* grpc.c — etcd's Maintenance.Snapshot over gRPC (HTTP/2 through libcurl:
 * prior knowledge on http://, ALPN on https://). The gateway's JSON costs
 * etcd a base64 encoding and a JSON marshalling of every 32 KiB chunk; gRPC
 * sends the bytes as they are. Messages are length-prefixed protobuf
 * SnapshotResponse { header = 1; remaining_bytes = 2; blob = 3 }; the call
 * ends with a grpc-status trailer, without which it failed. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/arena.h"
#include "client_priv.h"

/* A message larger than this is refused (etcd sends 32 KiB chunks). */
enum { GRPC_MAX_MESSAGE = 4u << 20, GRPC_PREFIX = 5 };

struct grpc_call {
    etcd_blob_fn fn;
    void *ctx;
    struct etcd_result *r;
    unsigned char prefix[GRPC_PREFIX];
    size_t have_prefix;
    unsigned char *msg;
    size_t msg_len, have, cap;
    bool received;      /* a message arrived: no failover past this point */
    bool grpc;          /* the answer is gRPC (content-type application/grpc) */
    int status;         /* grpc-status, -1 until seen */
    char message[160];  /* grpc-message */
    bool failed;
};

/* A protobuf varint at *p; false when it runs past end or over 64 bits. */
static bool read_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64 && *p < end; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

enum message_rc { MESSAGE_OK, MESSAGE_MALFORMED, MESSAGE_REFUSED };

/* One SnapshotResponse: its blob to the callback. */
static enum message_rc read_message(struct grpc_call *g, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n, *blob = NULL;
    size_t blob_len = 0;
    while (p < end) {
        uint64_t tag, v;
        if (!read_varint(&p, end, &tag))
            return MESSAGE_MALFORMED;
        switch (tag & 7) {
        case 0: /* varint: remaining_bytes */
            if (!read_varint(&p, end, &v))
                return MESSAGE_MALFORMED;
            break;
        case 1:
            if (end - p < 8)
                return MESSAGE_MALFORMED;
            p += 8;
            break;
        case 2: /* header (skipped) or blob */
            if (!read_varint(&p, end, &v) || v > (uint64_t)(end - p))
                return MESSAGE_MALFORMED;
            if (tag >> 3 == 3)
                blob = p, blob_len = (size_t)v;
            p += v;
            break;
        case 5:
            if (end - p < 4)
                return MESSAGE_MALFORMED;
            p += 4;
            break;
        default:
            return MESSAGE_MALFORMED;
        }
    }
    return g->fn(blob ? blob : (const unsigned char *)"", blob_len, g->ctx, g->r->message,
                 sizeof g->r->message)
               ? MESSAGE_OK
               : MESSAGE_REFUSED;
}

static size_t fail_write(struct grpc_call *g, const char *why)
{
    g->failed = true;
    g->r->status = ETCD_BAD_RESPONSE;
    etcd_set_message(g->r, "%s: %s", g->r->endpoint, why);
    return 0;
}

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
    struct grpc_call *g = ctx;
    const unsigned char *p = (const unsigned char *)data, *end = p + size * n;
    if (!g->grpc)
        return fail_write(g, "the answer is not gRPC");
    while (p < end) {
        if (g->have_prefix < GRPC_PREFIX) {
            size_t k = GRPC_PREFIX - g->have_prefix;
            if (k > (size_t)(end - p))
                k = (size_t)(end - p);
            memcpy(g->prefix + g->have_prefix, p, k);
            g->have_prefix += k, p += k;
            if (g->have_prefix < GRPC_PREFIX)
                break;
            if (g->prefix[0] != 0)
                return fail_write(g, "compressed gRPC message (not asked for)");
            g->msg_len = (size_t)g->prefix[1] << 24 | (size_t)g->prefix[2] << 16 |
                         (size_t)g->prefix[3] << 8 | g->prefix[4];
            if (g->msg_len > GRPC_MAX_MESSAGE)
                return fail_write(g, "gRPC message too large");
            if (g->msg_len > g->cap) {
                g->cap = g->msg_len;
                g->msg = xrealloc(g->msg, g->cap);
            }
            g->have = 0;
        }
        size_t k = g->msg_len - g->have;
        if (k > (size_t)(end - p))
            k = (size_t)(end - p);
        memcpy(g->msg + g->have, p, k);
        g->have += k, p += k;
        if (g->have == g->msg_len) {
            g->received = true;
            g->have_prefix = 0;
            enum message_rc rc = read_message(g, g->msg, g->msg_len);
            if (rc == MESSAGE_MALFORMED)
                return fail_write(g, "malformed snapshot message");
            if (rc == MESSAGE_REFUSED) { /* the callback said why */
                g->failed = true;
                g->r->status = ETCD_BAD_RESPONSE;
                return 0;
            }
        }
    }
    return size * n;
}

/* Headers and trailers: content-type, grpc-status, grpc-message. */
static size_t on_header(char *line, size_t size, size_t n, void *ctx)
{
    struct grpc_call *g = ctx;
    size_t len = size * n;
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    static const char CT[] = "content-type:", ST[] = "grpc-status:", MSG[] = "grpc-message:";
    if (len >= sizeof CT - 1 && strncasecmp(line, CT, sizeof CT - 1) == 0) {
        const char *v = line + sizeof CT - 1;
        while (*v == ' ')
            v++;
        g->grpc = strncasecmp(v, "application/grpc", 16) == 0;
    } else if (len >= sizeof ST - 1 && strncasecmp(line, ST, sizeof ST - 1) == 0) {
        g->status = atoi(line + sizeof ST - 1);
    } else if (len >= sizeof MSG - 1 && strncasecmp(line, MSG, sizeof MSG - 1) == 0) {
        const char *v = line + sizeof MSG - 1;
        while (*v == ' ')
            v++;
        size_t m = len - (size_t)(v - line);
        snprintf(g->message, sizeof g->message, "%.*s", (int)m, v);
    }
    return size * n;
}

struct snapshot_call {
    etcd_blob_fn fn;
    void *ctx;
    bool not_grpc; /* no endpoint answered in gRPC */
};

/* One attempt on endpoint e; the next endpoint is tried while nothing has
 * arrived and the server did not refuse. */
static bool attempt(struct etcd_client *c, size_t e, void *ctx, struct etcd_result *r,
                    bool *next)
{
    static const char REQUEST[GRPC_PREFIX] = {0}; /* an empty SnapshotRequest */
    struct snapshot_call *sc = ctx;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct grpc_call g = {.fn = sc->fn, .ctx = sc->ctx, .r = r, .status = -1};
    struct curl_slist *json = etcd_prepare(c, e, "/etcdserverpb.Maintenance/Snapshot", NULL,
                                           errbuf);
    curl_slist_free_all(json);
    CURL *h = c->curl;
    bool tls = strncmp(c->o.endpoints[e], "https:", 6) == 0;
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                     tls ? (long)CURL_HTTP_VERSION_2TLS : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    struct curl_slist *hs = curl_slist_append(NULL, "Content-Type: application/grpc");
    hs = curl_slist_append(hs, "TE: trailers");
    if (c->token) {
        char tok[1024];
        snprintf(tok, sizeof tok, "token: %s", c->token);
        hs = curl_slist_append(hs, tok);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, REQUEST);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)GRPC_PREFIX);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &g);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &g);
    etcd_stream_limits(c);
    CURLcode rc = etcd_perform(c, e, r);
    curl_slist_free_all(hs);
    free(g.msg);
    if (g.received || g.grpc)
        sc->not_grpc = false;
    *next = !g.received;
    if (g.failed)
        return false;
    if (rc != CURLE_OK) {
        etcd_transport_error(r, rc, errbuf);
        return false;
    }
    if (g.status != 0 || g.have_prefix != 0) {
        r->status = g.status > 0 ? ETCD_REFUSED : ETCD_BAD_RESPONSE;
        r->grpc_code = g.status;
        etcd_set_message(r, "%s: %s", r->endpoint,
                         g.status > 0 ? (g.message[0] ? g.message : "gRPC error")
                                      : "the stream ended without its gRPC status");
        *next = *next && g.status < 0;
        return false;
    }
    return true;
}

bool etcd_snapshot_grpc(struct etcd_client *c, etcd_blob_fn fn, void *ctx,
                        struct etcd_result *r, bool *not_grpc)
{
    struct snapshot_call sc = {fn, ctx, true};
    bool ok = etcd_each_endpoint(c, attempt, &sc, r);
    *not_grpc = sc.not_grpc;
    return ok;
}
