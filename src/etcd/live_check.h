/* live_check.h — `ringwall etcd check`: a running etcd judged from the
 * outside. Transport (plain HTTP answered, TLS without a client
 * certificate accepted, legacy versions and weak suites, the certificate's
 * issuer, validity and key), access (RBAC auth on, keys readable by an
 * anonymous client) and, through the v3 API, how the Secrets under
 * /registry/secrets/ are stored (at_rest.h). Secret values are looked at
 * one page at a time and never printed. */
#ifndef RINGWALL_ETCD_LIVE_CHECK_H
#define RINGWALL_ETCD_LIVE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "client.h"

struct report_ctx;

struct etcd_check_opts {
    struct etcd_client_opts client;  /* the client endpoints and credentials */
    const char *const *peers;        /* peer URLs to probe, or none */
    size_t npeers;
    bool secrets;                    /* read /registry/secrets/ */
    const char *prefix;              /* where the API server's keys are (default /registry/) */
    unsigned page;                   /* values in the first range page (default 500;
                                        later pages hold about 8 MiB) */
    unsigned expiry_days;            /* a certificate expiring sooner is a finding (30) */
};

struct etcd_check_stats {
    size_t endpoints, secrets, keys;
    unsigned errors;                 /* probes that could not run (reported) */
};

/* Runs every probe, reporting findings into r; errors (an endpoint that
 * does not answer, secrets that cannot be read) are reported through diag
 * and counted. */
void etcd_check_run(const struct etcd_check_opts *o, struct report_ctx *r,
                    struct etcd_check_stats *st);

#endif
