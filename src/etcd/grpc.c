/* grpc.c — etcd's Maintenance.Snapshot over gRPC (HTTP/2 through libcurl:
 * prior knowledge on http://, ALPN on https://). The gateway's JSON costs
 * etcd a base64 encoding and a JSON marshalling of every 32 KiB chunk; gRPC
 * sends the bytes as they are. The messages (grpc_frame.h) are read as
 * they arrive; the call ends with a grpc-status trailer, without which it
 * failed. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client_priv.h"
#include "grpc_frame.h"

struct grpc_call {
    etcd_blob_fn fn;
    void *ctx;
    struct etcd_result *r;
    struct grpc_frames frames;
    bool grpc;          /* the answer is gRPC (content-type application/grpc) */
    int status;         /* grpc-status, -1 until seen */
    char message[160];  /* grpc-message */
    bool failed;
};

/* One SnapshotResponse: its blob to the callback. */
static bool on_message(const unsigned char *msg, size_t n, void *ctx)
{
    struct grpc_call *g = ctx;
    const unsigned char *blob;
    size_t len;
    if (!snapshot_response_blob(msg, n, &blob, &len)) {
        etcd_set_message(g->r, "%s: malformed snapshot message", g->r->endpoint);
        return false;
    }
    return g->fn(blob, len, g->ctx, g->r->message, sizeof g->r->message);
}

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
    struct grpc_call *g = ctx;
    const char *why = g->grpc ? grpc_frames_feed(&g->frames, (const unsigned char *)data,
                                                 size * n, on_message, g)
                              : "the answer is not gRPC";
    if (!why)
        return size * n;
    g->failed = true;
    g->r->status = ETCD_BAD_RESPONSE;
    if (why != GRPC_REFUSED) /* else on_message or the callback said why */
        etcd_set_message(g->r, "%s: %s", g->r->endpoint, why);
    return 0;
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
    sink_curl.slist_free_all(json);
    CURL *h = c->curl;
    bool tls = strncmp(c->o.endpoints[e], "https:", 6) == 0;
    sink_curl.easy_setopt(h, CURLOPT_HTTP_VERSION,
                     tls ? (long)CURL_HTTP_VERSION_2TLS : (long)CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE);
    struct curl_slist *hs = sink_curl.slist_append(NULL, "Content-Type: application/grpc");
    hs = sink_curl.slist_append(hs, "TE: trailers");
    if (c->token) {
        char tok[1024];
        snprintf(tok, sizeof tok, "token: %s", c->token);
        hs = sink_curl.slist_append(hs, tok);
    }
    sink_curl.easy_setopt(h, CURLOPT_HTTPHEADER, hs);
    sink_curl.easy_setopt(h, CURLOPT_POST, 1L);
    sink_curl.easy_setopt(h, CURLOPT_POSTFIELDS, REQUEST);
    sink_curl.easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)GRPC_PREFIX);
    sink_curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    sink_curl.easy_setopt(h, CURLOPT_WRITEDATA, &g);
    sink_curl.easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    sink_curl.easy_setopt(h, CURLOPT_HEADERDATA, &g);
    etcd_stream_limits(c);
    CURLcode rc = etcd_perform(c, e, r);
    sink_curl.slist_free_all(hs);
    bool received = g.frames.messages > 0;
    grpc_frames_free(&g.frames);
    if (received || g.grpc)
        sc->not_grpc = false;
    *next = !received;
    if (g.failed)
        return false;
    if (rc != CURLE_OK) {
        etcd_transport_error(r, rc, errbuf);
        return false;
    }
    if (g.status != 0 || grpc_frames_partial(&g.frames)) {
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
