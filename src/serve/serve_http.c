/* serve_http.c — one HTTP request through the server, once its head is
 * in: the limits (431 from the parser, 413 from Content-Length before the
 * body is read and while a chunked body arrives, 405 for a wrong method,
 * 404 for an unknown path), the application's early answer from the
 * headers (429 while it is full), the server's own endpoints (/healthz,
 * /readyz, /metrics), the application's handler for the rest (on the
 * loop's thread), the answer's bytes and the per-request metrics. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "metrics.h"
#include "serve_int.h"

enum { HTTP_SMALL_BODY = 16384 };  /* copied next to the head: one TLS record */

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
    for (; path && list && *list; list++)
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

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
    }
}

struct answer {
    int status;
    const char *ctype;
    char *body;               /* malloc'd when owned */
    size_t len;
    bool owned;
    const char *allow;        /* an Allow header, or NULL */
    bool close;               /* closes the connection after it */
};

/* Queues the answer's bytes on the connection: the head, then the body
 * (not for HEAD), in one buffer when the body is small. */
static void respond(struct serve_conn *c, const char *path, struct answer *a)
{
    struct serve_server *sv = c->loop->sv;
    struct serve_req *r = c->req;
    bool head_only = r->head_done_method_head;
    bool close = a->close || !r->head.keep_alive || atomic_load(&sv->stopping);
    char head[512];
    int hl = snprintf(head, sizeof head,
                      "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s%s%s\r\n",
                      a->status, reason(a->status), a->ctype, a->len, a->allow ? "Allow: " : "",
                      a->allow ? a->allow : "", a->allow ? "\r\n" : "",
                      close ? "Connection: close\r\n"
                      : r->head.http10 ? "Connection: keep-alive\r\n" : "");
    size_t send_len = head_only ? 0 : a->len;
    bool together = send_len <= HTTP_SMALL_BODY || !a->owned;
    r->out = malloc((size_t)hl + (together ? send_len : 0));
    if (!r->out) {
        static char oom[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                            "Connection: close\r\n\r\n";
        if (a->owned)
            free(a->body);
        r->out = oom;
        r->out_len = sizeof oom - 1;
        r->out_static = true;
        serve_conn_send(c, NEXT_CLOSE);
        return;
    }
    memcpy(r->out, head, (size_t)hl);
    r->out_len = (size_t)hl;
    if (together && send_len) {
        memcpy(r->out + hl, a->body, send_len);
        r->out_len += send_len;
    }
    if (a->owned && (together || head_only))
        free(a->body);
    else if (a->owned) {
        r->out_body = a->body;
        r->out_body_len = send_len;
    }
    count_request(sv, path, a->status);
    serve_conn_send(c, close ? NEXT_CLOSE : NEXT_REQUEST);
}

static void respond_text(struct serve_conn *c, const char *path, int status, const char *text,
                         const char *allow, bool close)
{
    struct answer a = {.status = status, .ctype = "text/plain; charset=utf-8",
                       .body = (char *)text, .len = strlen(text), .allow = allow, .close = close};
    respond(c, path, &a);
}

void serve_http_error(struct serve_conn *c, int status)
{
    const char *text = "bad request\n";
    if (status == 431) {
        serve_count_limit("headers", 1);
        text = "request headers too large\n";
    } else if (status == 413) {
        serve_count_limit("body", 1);
        text = "request body too large\n";
    } else if (status == 501)
        text = "transfer coding not implemented\n";
    else if (status == 505)
        text = "HTTP version not supported\n";
    else if (status == 417)
        text = "expectation not supported\n";
    c->req->head.keep_alive = false;
    respond_text(c, c->req->head_done ? c->req->head.path : NULL, status, text, NULL, true);
}

static void answer_builtin(struct serve_conn *c, const char *path, bool close)
{
    struct serve_server *sv = c->loop->sv;
    if (!strcmp(path, "/healthz"))
        return respond_text(c, path, 200, "ok\n", NULL, close);
    if (!strcmp(path, "/readyz")) {
        bool ready = atomic_load(&sv->ready);
        return respond_text(c, path, ready ? 200 : 503, ready ? "ok\n" : "not ready\n", NULL,
                            close);
    }
    metrics_set("ringwall_connections_open", "TCP connections open now", NULL,
                atomic_load(&sv->nconns));
    struct answer a = {.status = 200, .ctype = "text/plain; version=0.0.4; charset=utf-8",
                       .owned = true, .close = close};
    a.body = metrics_render(&a.len);
    respond(c, path, &a);
}

bool serve_http_head(struct serve_conn *c)
{
    struct serve_server *sv = c->loop->sv;
    struct serve_req *r = c->req;
    const struct http_head *h = &r->head;
    const char *path = h->path, *method = h->method;
    bool has_body = h->chunked || h->content_length > 0;
    r->head_done = true;
    r->head_done_method_head = !strcmp(method, "HEAD");
    r->t0_us = now_us();
    if (path_in(path, http_builtin)) {
        if (strcmp(method, "GET") && strcmp(method, "HEAD"))
            respond_text(c, path, 405, "method not allowed\n", "GET, HEAD", true);
        else
            answer_builtin(c, path, has_body);   /* a body is not read: close after */
        return false;
    }
    r->head_done_method_head = false;
    if (sv->o->paths && !path_in(path, sv->o->paths))
        respond_text(c, path, 404, "not found\n", NULL, true);
    else if (strcmp(method, "POST"))
        respond_text(c, path, 405, "method not allowed\n", "POST", true);
    else if (h->content_length > sv->lim.max_body)
        serve_http_error(c, 413);
    else {
        const char *text = NULL;
        int status = sv->o->early ? sv->o->early(sv->o->app, (size_t)h->content_length, &text) : 0;
        if (!status)
            return true;
        respond_text(c, path, status, text ? text : "", NULL, true);
    }
    return false;
}

static void remote_text(int fd, char *buf, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    int family = getpeername(fd, (struct sockaddr *)&ss, &len) == 0 ? ss.ss_family : AF_UNSPEC;
    if (family == AF_INET) {
        const struct sockaddr_in *v4 = (const struct sockaddr_in *)&ss;
        inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
        port = ntohs(v4->sin_port);
    } else if (family == AF_INET6) {
        const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)&ss;
        inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
        port = ntohs(v6->sin6_port);
    }
    snprintf(buf, size, family == AF_INET6 ? "[%s]:%u" : "%s:%u", host, port);
}

void serve_http_body(struct serve_conn *c)
{
    struct serve_server *sv = c->loop->sv;
    struct serve_req *r = c->req;
    char remote[INET6_ADDRSTRLEN + 16];
    remote_text(c->fd, remote, sizeof remote);
    struct serve_request q = {
        .method = r->head.method,
        .path = r->head.path,
        .query = r->head.query,
        .content_type = r->head.content_type,
        .body = r->body,
        .body_len = r->body_len,
        .remote = remote,
    };
    struct serve_response resp = {.status = 200};
    sv->o->handler(sv->o->app, &q, &resp);
    struct answer a = {.status = resp.status ? resp.status : 200,
                       .ctype = resp.content_type ? resp.content_type : "application/json",
                       .body = resp.body ? resp.body : (char *)"", .len = resp.body ? resp.body_len : 0,
                       .owned = resp.body != NULL};
    respond(c, r->head.path, &a);
    metrics_observe("ringwall_request_duration_seconds",
                    "time from a request's last header to its answer, in seconds",
                    (double)(now_us() - r->t0_us) / 1e6);
}
