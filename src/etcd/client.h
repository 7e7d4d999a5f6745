/* client.h — an etcd v3 client over the HTTP/JSON gateway (libcurl with
 * OpenSSL). Endpoints are tried in the order given: a call that cannot
 * reach one (refused, reset, timed out, TLS failure) moves on to the next,
 * and the endpoint that answered is tried first next time. Every call is
 * bounded: a connect timeout, a whole-call timeout for unary calls, a
 * stall timeout for streams, and a bounded number of rounds over the
 * endpoints with a short pause between them. */
#ifndef RINGWALL_ETCD_CLIENT_H
#define RINGWALL_ETCD_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "etcd_json.h"

struct etcd_tls {
    const char *cacert, *cert, *key; /* files; NULL when not given */
};

struct etcd_client_opts {
    const char *const *endpoints; /* URLs: http://host:port or https://host:port */
    size_t nendpoints;
    struct etcd_tls tls;
    bool no_verify;               /* probes: accept any server certificate */
    const char *user, *password;  /* etcd RBAC credentials, or NULL */
    long connect_timeout_ms;      /* per connection attempt (default 5 s) */
    long call_timeout_ms;         /* a unary call (default 30 s) */
    long stall_timeout_ms;        /* a stream that sends nothing this long fails (30 s) */
    unsigned rounds;              /* passes over the endpoints (default 2) */
};

struct etcd_client;

/* Why a call failed: the transport (no endpoint answered), or etcd said no
 * (an error body: gRPC code and message), or the answer was not what the
 * gateway sends. */
enum etcd_status { ETCD_OK, ETCD_UNREACHABLE, ETCD_REFUSED, ETCD_BAD_RESPONSE };

struct etcd_result {
    enum etcd_status status;
    const struct ej_value *body;  /* ETCD_OK: the parsed response (in the call arena) */
    long http_status;
    int grpc_code;                /* ETCD_REFUSED: the gateway's code */
    char message[256];            /* what went wrong, for the user */
    const char *endpoint;         /* the endpoint that answered (or was tried last) */
};

/* NULL after reporting why (libcurl missing). */
struct etcd_client *etcd_client_new(const struct etcd_client_opts *o);
void etcd_client_free(struct etcd_client *c);

/* Authenticates with the configured user (a no-op without one); false after
 * filling r. */
bool etcd_client_login(struct etcd_client *c, struct etcd_result *r);

/* POSTs the JSON request to path (/v3/...), or GETs path when request is
 * NULL, and parses the answer into a (owned by the caller, released between
 * calls as it likes). */
bool etcd_call(struct etcd_client *c, struct arena *a, const char *path, const char *request,
               struct etcd_result *r);

/* One key-value pair of a range response (key and value decoded). */
struct etcd_kv {
    const unsigned char *key, *value;
    size_t keylen, valuelen;
    uint64_t mod_revision;
};

struct etcd_range {
    const unsigned char *key, *range_end; /* range_end NULL: the single key */
    size_t keylen, endlen;
    uint64_t limit;      /* 0: no limit */
    uint64_t revision;   /* 0: the current one */
    bool keys_only, count_only;
};

struct etcd_range_page {
    struct etcd_kv *kvs; /* in the call arena */
    size_t n;
    bool more;
    uint64_t count, revision;
};

/* Reads a range response body into page; false when it is not one. */
bool etcd_range_page_read(struct arena *a, const struct ej_value *body,
                          struct etcd_range_page *page);

bool etcd_range(struct etcd_client *c, struct arena *a, const struct etcd_range *q,
                struct etcd_range_page *page, struct etcd_result *r);

/* The end of the range of every key starting with prefix (etcd's
 * GetPrefixRangeEnd) into out (len bytes at most); returns its length. */
size_t etcd_prefix_end(const unsigned char *prefix, size_t len, unsigned char *out);

/* Streams a server-streaming call: each `result` object of the answer is
 * handed to fn (parsed, in a scratch arena released after it). Once the
 * first piece arrived the stream is tied to that endpoint: a failure then
 * is final. */
typedef bool (*etcd_stream_fn)(const struct ej_value *result, void *ctx, char *why,
                               size_t whylen);
bool etcd_stream(struct etcd_client *c, const char *path, const char *request, etcd_stream_fn fn,
                 void *ctx, struct etcd_result *r);

/* Snapshot bytes as they arrive; false (with why filled) stops the call. */
typedef bool (*etcd_blob_fn)(const unsigned char *blob, size_t n, void *ctx, char *why,
                             size_t whylen);

/* Maintenance.Snapshot over gRPC (grpc.c). *not_grpc is set when no
 * endpoint answered in gRPC at all (a proxy or gateway that speaks only
 * HTTP/1.1): the caller may use the gateway instead. */
bool etcd_snapshot_grpc(struct etcd_client *c, etcd_blob_fn fn, void *ctx,
                        struct etcd_result *r, bool *not_grpc);

#endif
