/* client_priv.h — the etcd client's state and the request set-up shared by
 * its two transports: the JSON gateway (client.c) and gRPC (grpc.c). */
#ifndef RINGWALL_ETCD_CLIENT_PRIV_H
#define RINGWALL_ETCD_CLIENT_PRIV_H

#include <curl/curl.h>

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

#endif
