/* serve_http.c — one HTTP request through the server: the limits (header
 * bytes 431, body bytes 413 from Content-Length before reading and while
 * reading a chunked body, methods 405, unknown paths 404), the
 * application's early answer from the headers (429 while it is full), the server's own
 * endpoints (/healthz, /readyz, /metrics), the application's handler for
 * the rest, and the per-request metrics. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "serve_int.h"

struct http_req {
    int64_t t0_us;
    char *body;
    size_t len, cap;
    bool too_big;             /* body over the limit: discarded, 413 */
    size_t discarded;         /* bytes dropped since */
    bool answered;            /* a response is queued */
    bool close;               /* answered before the body: close after */
    bool builtin;             /* /healthz, /readyz or /metrics */
};

static const char *const http_builtin[] = {"/healthz", "/readyz", "/metrics", NULL};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void serve_count_limit(const char *limit, unsigned n)
{
    char labels[64];
    snprintf(labels, sizeof labels, "limit=\"%s\"", limit);
    metrics_add("ringwall_limit_rejections_total",
                "requests and connections refused or cut at a limit", labels, n);
}

static bool path_in(const char *path, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(path, *list))
            return true;
    return false;
}

/* The path as a metrics label: the server's and the application's known
 * paths by name, anything else (attacker-chosen, unbounded) as "other". */
static const char *path_label(const struct serve_server *sv, const char *path)
{
    if (path_in(path, http_builtin) || path_in(path, sv->o->paths))
        return path;
    return "other";
}

static void count_request(const struct serve_server *sv, const char *path, int status)
{
    char labels[160], esc[96];
    metrics_escape(esc, sizeof esc, path_label(sv, path));
    snprintf(labels, sizeof labels, "path=\"%s\",code=\"%d\"", esc, status);
    metrics_add("ringwall_http_requests_total", "HTTP requests answered, by path and status",
                labels, 1);
}

/* Queues BODY (malloc'd when owned, else static) with STATUS. */
static enum MHD_Result respond(struct serve_server *sv, struct MHD_Connection *c,
                               struct http_req *r, const char *path, int status,
                               const char *ctype, char *body, size_t len, bool owned,
                               const char *allow)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, body ? body : (char *)"", owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        if (owned)
            free(body);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    if (allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
    if (atomic_load(&sv->stopping) || r->close)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    if (ok == MHD_YES) {
        r->answered = true;
        count_request(sv, path, status);
        serve_conn_arm(c, true);
    }
    return ok;
}

static enum MHD_Result respond_text(struct serve_server *sv, struct MHD_Connection *c,
                                    struct http_req *r, const char *path, int status,
                                    const char *text)
{
    return respond(sv, c, r, path, status, "text/plain; charset=utf-8", (char *)text,
                   strlen(text), false, NULL);
}

static enum MHD_Result respond_limit(struct serve_server *sv, struct MHD_Connection *c,
                                     struct http_req *r, const char *path, int status,
                                     const char *limit, const char *text)
{
    serve_count_limit(limit, 1);
    r->close = true;
    return respond_text(sv, c, r, path, status, text);
}

/* An answer before the body is read: the connection closes after it. */
static enum MHD_Result respond_early(struct serve_server *sv, struct MHD_Connection *c,
                                     struct http_req *r, const char *path, int status,
                                     const char *text, const char *allow)
{
    r->close = true;
    return respond(sv, c, r, path, status, "text/plain; charset=utf-8", (char *)text,
                   strlen(text), false, allow);
}

static enum MHD_Result answer_builtin(struct serve_server *sv, struct MHD_Connection *c,
                                      struct http_req *r, const char *path)
{
    if (!strcmp(path, "/healthz"))
        return respond_text(sv, c, r, path, 200, "ok\n");
    if (!strcmp(path, "/readyz"))
        return atomic_load(&sv->ready) ? respond_text(sv, c, r, path, 200, "ok\n")
                                       : respond_text(sv, c, r, path, 503, "not ready\n");
    serve_conn_gauge();
    size_t len;
    char *text = metrics_render(&len);
    return respond(sv, c, r, path, 200, "text/plain; version=0.0.4; charset=utf-8", text, len,
                   true, NULL);
}

static bool is_method(const char *method, const char *want)
{
    return !strcmp(method, want);
}

/* Content-Length over the limit (or unreadable): refuse before reading. */
static bool declared_too_big(struct MHD_Connection *c, size_t max)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!cl)
        return false;
    errno = 0;
    char *end;
    unsigned long long n = strtoull(cl, &end, 10);
    return errno || end == cl || n > max;
}

/* Content-Length, or 0 when absent (chunked). */
static size_t declared_length(struct MHD_Connection *c)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    return cl ? (size_t)strtoull(cl, NULL, 10) : 0;
}

/* Headers are in: check them, answer what needs no body. */
static enum MHD_Result http_begin(struct serve_server *sv, struct MHD_Connection *c,
                                  const char *path, const char *method, void **req_ctx)
{
    struct http_req *r = calloc(1, sizeof *r);
    if (!r)
        return MHD_NO;
    r->t0_us = now_us();
    *req_ctx = r;
    atomic_fetch_add(&sv->inflight, 1);
    const union MHD_ConnectionInfo *hs = MHD_get_connection_info(c, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (hs && hs->header_size > sv->lim.max_header_bytes)
        return respond_limit(sv, c, r, path, 431, "headers", "request headers too large\n");
    bool builtin = path_in(path, http_builtin);
    if (builtin && !is_method(method, "GET") && !is_method(method, "HEAD"))
        return respond_early(sv, c, r, path, 405, "method not allowed\n", "GET, HEAD");
    if (builtin) {            /* answered on the next call: an answer queued now closes */
        r->builtin = true;
        return MHD_YES;
    }
    if (sv->o->paths && !path_in(path, sv->o->paths))
        return respond_early(sv, c, r, path, 404, "not found\n", NULL);
    if (!is_method(method, "POST"))
        return respond_early(sv, c, r, path, 405, "method not allowed\n", "POST");
    if (declared_too_big(c, sv->lim.max_body))
        return respond_limit(sv, c, r, path, 413, "body", "request body too large\n");
    const char *text = NULL;
    int status = sv->o->early ? sv->o->early(sv->o->app, declared_length(c), &text) : 0;
    if (status)
        return respond_early(sv, c, r, path, status, text ? text : "", NULL);
    return MHD_YES;
}

/* A piece of the body: keep it, or once over the limit drop it all. */
static void http_take(struct serve_server *sv, struct http_req *r, const char *data, size_t n)
{
    if (r->too_big) {
        r->discarded += n;
        return;
    }
    if (n > sv->lim.max_body - r->len) {
        r->too_big = true;
        free(r->body);
        r->body = NULL;
        r->len = r->cap = 0;
        return;
    }
    if (r->len + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + n + 1)
            cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b) {
            r->too_big = true;
            return;
        }
        r->body = b;
        r->cap = cap;
    }
    memcpy(r->body + r->len, data, n);
    r->len += n;
    r->body[r->len] = '\0';
}

static void remote_text(struct MHD_Connection *c, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    const struct sockaddr *sa = i ? i->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
        port = ntohs(v4->sin_port);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
        port = ntohs(v6->sin6_port);
    }
    snprintf(buf, size, sa && sa->sa_family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
}

struct query_buf {
    char *text;
    size_t len, cap;
};

static enum MHD_Result query_add(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct query_buf *q = cls;
    size_t need = strlen(key) + (value ? strlen(value) + 1 : 0) + 2;
    if (q->len + need > q->cap)
        return MHD_NO;
    q->len += (size_t)snprintf(q->text + q->len, q->cap - q->len, "%s%s%s%s", q->len ? "&" : "",
                               key, value ? "=" : "", value ? value : "");
    return MHD_YES;
}

/* The whole body is in: the application answers. */
static enum MHD_Result http_finish(struct serve_server *sv, struct MHD_Connection *c,
                                   struct http_req *r, const char *path, const char *method)
{
    if (r->builtin)
        return answer_builtin(sv, c, r, path);
    if (r->too_big)
        return respond_limit(sv, c, r, path, 413, "body", "request body too large\n");
    char remote[INET6_ADDRSTRLEN + 16], query[2048];
    struct query_buf qb = {query, 0, sizeof query};
    query[0] = '\0';
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_add, &qb);
    remote_text(c, remote, sizeof remote);
    struct serve_request q = {
        .method = method,
        .path = path,
        .query = qb.len ? query : NULL,
        .content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
        .body = r->body ? r->body : "",
        .body_len = r->len,
        .remote = remote,
    };
    struct serve_response resp = {.status = 200};
    serve_conn_arm(c, false);
    sv->o->handler(sv->o->app, &q, &resp);
    enum MHD_Result ok = respond(sv, c, r, path, resp.status ? resp.status : 200,
                                 resp.content_type ? resp.content_type : "application/json",
                                 resp.body, resp.body ? resp.body_len : 0, resp.body != NULL,
                                 NULL);
    metrics_observe("ringwall_request_duration_seconds",
                    "time from a request's last header to its answer, in seconds",
                    (double)(now_us() - r->t0_us) / 1e6);
    return ok;
}

enum MHD_Result serve_http_access(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **req_ctx)
{
    struct serve_server *sv = cls;
    struct http_req *r = *req_ctx;
    if (!r)
        return http_begin(sv, c, url, method, req_ctx);
    if (r->answered) {        /* refused early; the rest is not read */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        http_take(sv, r, upload, *upload_size);
        *upload_size = 0;
        /* libmicrohttpd answers only once the body is in: discard up to
         * the limit again to send a clean 413, then hang up */
        if (r->discarded <= sv->lim.max_body)
            return MHD_YES;
        serve_count_limit("body", 1);
        return MHD_NO;
    }
    return http_finish(sv, c, r, url, method);
}

void serve_http_completed(void *cls, struct MHD_Connection *c, void **req_ctx,
                          enum MHD_RequestTerminationCode why)
{
    struct serve_server *sv = cls;
    struct http_req *r = *req_ctx;
    if (!r)
        return;
    free(r->body);
    free(r);
    *req_ctx = NULL;
    atomic_fetch_sub(&sv->inflight, 1);
    serve_conn_arm(c, true);
}
