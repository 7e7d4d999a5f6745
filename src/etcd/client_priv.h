/* client_priv.h — the etcd client's state and the request set-up shared by
 * its two transports: the JSON gateway (client.c) and gRPC (grpc.c).
 * libcurl is called through the table of audit_sink_curl.h (loaded when
 * the first client is made). */
#ifndef RINGWALL_ETCD_CLIENT_PRIV_H
#define RINGWALL_ETCD_CLIENT_PRIV_H

#include "../audit/audit_sink_curl.h"
#include "client.h"

struct etcd_client {
    struct etcd_client_opts o;
    CURL *curl;
    size_t current;      /* the endpoint that answered last */
    char *token;         /* after login */
};

/* Resets the handle for one request to endpoint e: URL (endpoint + path),
 * TLS files, timeouts, the token, and the body (POST; a GET when request is
 * NULL). Returns the header list to free after the request; the caller
 * sets the write callback. */
struct curl_slist *etcd_prepare(struct etcd_client *c, size_t e, const char *path,
                                const char *request, char *errbuf);

void etcd_set_message(struct etcd_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The pause before another round over the endpoints. */
void etcd_pause_between_rounds(unsigned round);

/* One try of a call on endpoint e; false when it failed, with *next set
 * when the next endpoint may be tried (nothing was received). */
typedef bool (*etcd_attempt_fn)(struct etcd_client *c, size_t e, void *ctx,
                                struct etcd_result *r, bool *next);
/* Tries the endpoints in order, the one that answered last first, for
 * c->o.rounds rounds with a pause between them; stops at the first
 * success (remembered) or at a failure that leaves no next. */
bool etcd_each_endpoint(struct etcd_client *c, etcd_attempt_fn attempt, void *ctx,
                        struct etcd_result *r);

/* Performs the prepared request on endpoint e (r->endpoint and
 * r->http_status filled). */
CURLcode etcd_perform(struct etcd_client *c, size_t e, struct etcd_result *r);
/* r: the transport failed (rc, curl's error buffer). */
void etcd_transport_error(struct etcd_result *r, CURLcode rc, const char *errbuf);
/* Stream settings: a large receive buffer, a stall timeout, no total one. */
void etcd_stream_limits(struct etcd_client *c);

#endif
