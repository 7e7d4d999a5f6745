/* live_check.c — the probes of `ringwall etcd check` and the findings they
 * make (rows in src/checks/etcd_endpoint.c; the secrets-at-rest rows are
 * at_rest.c's). Each probe uses a client of its own, with only what it
 * tests: no certificate for "does it accept clients without one", plain
 * HTTP for "does it answer in the clear". */
#include "live_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../checks/check.h"
#include "../core/diag.h"
#include "at_rest.h"
#include "tls_probe.h"

enum role { ROLE_CLIENT, ROLE_PEER };

static const char *const ROLE_NAME[] = {"client", "peer"};

static void endpoint_finding(struct report_ctx *r, const char *id, const char *url,
                             enum severity floor, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void endpoint_finding(struct report_ctx *r, const char *id, const char *url,
                             enum severity floor, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct object_ref ref = {.kind = "Endpoint", .name = url, .file = url, .floor = floor};
    report_ref(r, id, &ref, NULL, NULL, "%s", msg);
}

/* A client of one endpoint for one probe: short timeouts, one round. */
static struct etcd_client *probe_client(const char *url, const struct etcd_tls *tls,
                                        bool verify)
{
    const char *endpoints[] = {url};
    struct etcd_client_opts o = {
        .endpoints = endpoints, .nendpoints = 1, .no_verify = !verify,
        .connect_timeout_ms = 3000, .call_timeout_ms = 10000, .rounds = 1,
    };
    if (tls)
        o.tls = *tls;
    return etcd_client_new(&o);
}

/* Whether url answers as etcd: maintenance/status on a client port, GET
 * /version on a peer port. r gets the details. */
static bool answers(const char *url, const struct etcd_tls *tls, bool verify, enum role role,
                    struct etcd_result *r)
{
    struct etcd_client *c = probe_client(url, tls, verify);
    if (!c) {
        memset(r, 0, sizeof *r);
        return false;
    }
    struct arena a = {0};
    bool ok = role == ROLE_CLIENT ? etcd_call(c, &a, "/v3/maintenance/status", "{}", r)
                                  : etcd_call(c, &a, "/version", NULL, r);
    if (ok && role == ROLE_PEER && !ej_str(ej_get(r->body, "etcdserver")))
        ok = false;
    r->body = NULL;
    arena_free(&a);
    etcd_client_free(c);
    return ok;
}

static void plain_finding(struct report_ctx *r, enum role role, const char *url,
                          const char *plain_url)
{
    if (role == ROLE_CLIENT)
        endpoint_finding(r, "etcd/client-plaintext", url, SEV_INFO,
                         "%s serves the etcd API over plain HTTP: every key, Secrets "
                         "included, crosses the network in the clear", plain_url);
    else
        endpoint_finding(r, "etcd/peer-plaintext", url, SEV_INFO,
                         "peer URL %s speaks plain HTTP: replication traffic (every write) "
                         "is unencrypted and unauthenticated", plain_url);
}

static void certificate_findings(struct report_ctx *r, const char *url,
                                 const struct tls_probe_result *t, unsigned expiry_days)
{
    if (t->tls10 || t->tls11)
        endpoint_finding(r, "etcd/tls-legacy-version", url, SEV_INFO,
                         "accepts %s%s%s", t->tls10 ? "TLS 1.0" : "",
                         t->tls10 && t->tls11 ? " and " : "", t->tls11 ? "TLS 1.1" : "");
    if (t->weak_ciphers[0])
        endpoint_finding(r, "etcd/tls-weak-cipher", url, SEV_INFO,
                         "agrees to weak cipher suites: %s", t->weak_ciphers);
    if (t->self_signed)
        endpoint_finding(r, "etcd/cert-self-signed", url, SEV_INFO,
                         "presents a self-signed certificate (%s): clients cannot verify "
                         "the server (--auto-tls, or --insecure-skip-tls-verify on their side)",
                         t->subject);
    time_t now = time(NULL);
    if (t->not_after && t->not_after <= now) {
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%d", gmtime(&t->not_after));
        endpoint_finding(r, "etcd/cert-expiry", url, SEV_HIGH,
                         "the server certificate (%s) expired on %s", t->subject, when);
    } else if (t->not_after && t->not_after - now < (time_t)expiry_days * 86400) {
        char when[32];
        strftime(when, sizeof when, "%Y-%m-%d", gmtime(&t->not_after));
        endpoint_finding(r, "etcd/cert-expiry", url, SEV_INFO,
                         "the server certificate (%s) expires on %s, in %ld days", t->subject,
                         when, (long)((t->not_after - now) / 86400));
    }
    if (t->key_weak)
        endpoint_finding(r, "etcd/cert-weak-key", url, SEV_INFO,
                         "the server certificate's key is %s", t->key);
}

/* The transport probes of one URL. */
static void probe_endpoint(const struct etcd_check_opts *o, const char *url, enum role role,
                           struct report_ctx *r, struct etcd_check_stats *st)
{
    char scheme[16], host[256], port[16], plain_url[512];
    if (!url_split(url, scheme, sizeof scheme, host, sizeof host, port, sizeof port) ||
        (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
        diag_error("%s: not an http:// or https:// URL", url);
        st->errors++;
        return;
    }
    st->endpoints++;
    bool v6 = strchr(host, ':') != NULL;
    snprintf(plain_url, sizeof plain_url, "http://%s%s%s:%s", v6 ? "[" : "", host,
             v6 ? "]" : "", port);
    struct etcd_result res;
    if (strcmp(scheme, "http") == 0) {
        if (answers(plain_url, NULL, false, role, &res))
            plain_finding(r, role, url, plain_url);
        else {
            diag_error("%s endpoint %s: %s", ROLE_NAME[role], url, res.message);
            st->errors++;
        }
        return;
    }
    if (answers(plain_url, NULL, false, role, &res))
        plain_finding(r, role, url, plain_url);
    struct tls_probe_opts to = {.host = host, .port = port, .cert = o->client.tls.cert,
                                .key = o->client.tls.key, .timeout_ms = 3000};
    struct tls_probe_result t;
    if (!tls_probe(&to, &t) || !t.tls) {
        diag_error("%s endpoint %s: %s", ROLE_NAME[role], url, t.error);
        st->errors++;
        return;
    }
    certificate_findings(r, url, &t, o->expiry_days ? o->expiry_days : 30);
    if (answers(url, NULL, false, role, &res))
        endpoint_finding(r, role == ROLE_CLIENT ? "etcd/client-cert-auth-off"
                                                : "etcd/peer-cert-auth-off",
                         url, SEV_INFO,
                         "a client without a certificate is served over TLS "
                         "(--%sclient-cert-auth is off)", role == ROLE_PEER ? "peer-" : "");
}

/* An anonymous client (no certificate, no credentials) reading keys. */
static void probe_anonymous_read(const struct etcd_check_opts *o, const char *url,
                                 struct report_ctx *r)
{
    struct etcd_client *c = probe_client(url, NULL, false);
    if (!c)
        return;
    struct arena a = {0};
    unsigned char end[4096];
    size_t plen = strlen(o->prefix);
    if (plen > sizeof end)
        plen = sizeof end;
    struct etcd_range q = {
        .key = (const unsigned char *)o->prefix, .keylen = plen, .range_end = end,
        .endlen = etcd_prefix_end((const unsigned char *)o->prefix, plen, end),
        .count_only = true,
    };
    struct etcd_range_page page;
    struct etcd_result res;
    if (etcd_range(c, &a, &q, &page, &res))
        endpoint_finding(r, "etcd/anonymous-read", url, SEV_INFO,
                         "a client with neither certificate nor credentials read the key "
                         "space: %llu keys under %s",
                         (unsigned long long)page.count, o->prefix);
    arena_free(&a);
    etcd_client_free(c);
}

/* Whether RBAC authentication is on: auth/status (etcd 3.5 and later), else
 * whether a range without a token is refused for want of a user. -1 when it
 * cannot be told (reported). */
static int auth_enabled(struct etcd_client *c, const struct etcd_check_opts *o)
{
    struct arena a = {0};
    struct etcd_result res;
    int on = -1;
    if (etcd_call(c, &a, "/v3/auth/status", "{}", &res)) {
        const struct ej_value *e = ej_get(res.body, "enabled");
        on = e && e->type == EJ_BOOL && e->boolean;
    } else if (res.http_status == 404 || res.status == ETCD_REFUSED ||
               res.status == ETCD_BAD_RESPONSE) {
        struct etcd_range q = {.key = (const unsigned char *)o->prefix,
                               .keylen = strlen(o->prefix), .count_only = true};
        struct etcd_range_page page;
        if (etcd_range(c, &a, &q, &page, &res))
            on = 0;
        else if (res.status == ETCD_REFUSED &&
                 (strstr(res.message, "user name") || strstr(res.message, "token") ||
                  strstr(res.message, "permission denied")))
            on = 1;
    }
    if (on < 0)
        diag_error("cannot tell whether authentication is enabled: %s", res.message);
    arena_free(&a);
    return on;
}

/* Values are read about this many bytes a page: etcd 3.4 walks its whole
 * index for every page, so pages are made as large as memory allows. */
enum { PAGE_BYTES = 8u << 20, PAGE_MIN = 10, PAGE_MAX = 5000 };

/* The next page's limit from the last page's average pair size. */
static unsigned next_limit(const struct etcd_range_page *page, unsigned limit)
{
    size_t bytes = 0;
    for (size_t i = 0; i < page->n; i++)
        bytes += page->kvs[i].keylen + page->kvs[i].valuelen;
    if (!page->n || !bytes)
        return limit;
    size_t fit = PAGE_BYTES / (bytes / page->n + 1);
    return fit < PAGE_MIN ? PAGE_MIN : fit > PAGE_MAX ? PAGE_MAX : (unsigned)fit;
}

/* One pass over the Secrets' keys: keys only (to count them), or values,
 * `limit` at a time (then as many as fit PAGE_BYTES), at revision *rev (0:
 * the current one, then pinned). */
static bool secrets_pass(struct etcd_client *c, const char *prefix, bool keys_only,
                         unsigned limit, uint64_t *rev, struct at_rest_summary *sum,
                         size_t *count)
{
    size_t plen = strlen(prefix);
    unsigned char *end = xmalloc(plen + 1), *cur = xmalloc(plen + 1);
    size_t endlen = etcd_prefix_end((const unsigned char *)prefix, plen, end), curlen = plen;
    memcpy(cur, prefix, plen);
    struct arena a = {0};
    bool ok = true, more = true;
    while (ok && more) {
        struct arena_mark m = arena_mark(&a);
        struct etcd_range q = {.key = cur, .keylen = curlen, .range_end = end, .endlen = endlen,
                               .limit = limit, .revision = *rev, .keys_only = keys_only};
        struct etcd_range_page page;
        struct etcd_result res;
        ok = etcd_range(c, &a, &q, &page, &res);
        if (!ok) {
            diag_error("reading %s: %s", prefix, res.message);
            break;
        }
        if (!*rev)
            *rev = page.revision;
        for (size_t i = 0; i < page.n; i++) {
            (*count)++;
            if (sum)
                at_rest_summary_add(sum, (const char *)page.kvs[i].key, page.kvs[i].value,
                                    page.kvs[i].valuelen);
        }
        more = page.more && page.n;
        if (!keys_only)
            limit = next_limit(&page, limit);
        if (more) { /* the next page starts just after the last key */
            const struct etcd_kv *last = &page.kvs[page.n - 1];
            cur = xrealloc(cur, last->keylen + 1);
            memcpy(cur, last->key, last->keylen);
            cur[last->keylen] = '\0';
            curlen = last->keylen + 1;
        }
        arena_release(&a, m);
    }
    arena_free(&a);
    free(cur);
    free(end);
    return ok;
}

static void check_secrets(struct etcd_client *c, const struct etcd_check_opts *o,
                          struct report_ctx *r, struct etcd_check_stats *st)
{
    char *prefix = xmalloc(strlen(o->prefix) + sizeof "secrets/");
    sprintf(prefix, "%ssecrets/", o->prefix);
    uint64_t rev = 0;
    size_t keys = 0;
    struct at_rest_summary sum;
    at_rest_summary_init(&sum, o->client.endpoints[0]);
    if (secrets_pass(c, prefix, true, PAGE_MAX, &rev, NULL, &keys) &&
        (keys == 0 || secrets_pass(c, prefix, false, o->page ? o->page : 500, &rev, &sum,
                                   &st->secrets)))
        at_rest_summary_report(&sum, r);
    else
        st->errors++;
    st->keys = keys;
    at_rest_summary_free(&sum);
    free(prefix);
}

void etcd_check_run(const struct etcd_check_opts *o, struct report_ctx *r,
                    struct etcd_check_stats *st)
{
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < o->client.nendpoints; i++) {
        probe_endpoint(o, o->client.endpoints[i], ROLE_CLIENT, r, st);
        probe_anonymous_read(o, o->client.endpoints[i], r);
    }
    for (size_t i = 0; i < o->npeers; i++)
        probe_endpoint(o, o->peers[i], ROLE_PEER, r, st);
    struct etcd_client *c = etcd_client_new(&o->client);
    if (!c) {
        st->errors++;
        return;
    }
    int auth = auth_enabled(c, o);
    if (auth == 0)
        endpoint_finding(r, "etcd/auth-off", o->client.endpoints[0], SEV_INFO,
                         "RBAC authentication is off: any client the transport lets in "
                         "(any certificate from the client CA) reads and writes every key");
    else if (auth < 0)
        st->errors++;
    struct etcd_result res;
    if (!etcd_client_login(c, &res)) {
        diag_error("cannot log in as %s: %s", o->client.user, res.message);
        st->errors++;
    } else if (o->secrets) {
        check_secrets(c, o, r, st);
    }
    etcd_client_free(c);
}
