/* echo_server.c — a test and benchmark application of the server module
 * (src/serve): POST /echo and / answer the path and body length as JSON,
 * POST /slow does the same after --slow-ms milliseconds, POST /large
 * answers 16 MiB (for a client that never reads). Its reload hook
 * fails while the file given by --reload-fail exists. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/serve/metrics.h"
#include "../../src/serve/serve.h"

struct echo_app {
    unsigned slow_ms;
    const char *reload_fail;
};

static void echo_handle(void *app, const struct serve_request *req, struct serve_response *resp)
{
    struct echo_app *a = app;
    if (!strcmp(req->path, "/slow")) {
        struct timespec t = {a->slow_ms / 1000, (long)(a->slow_ms % 1000) * 1000000};
        nanosleep(&t, NULL);
    }
    if (!strcmp(req->path, "/large")) {
        resp->body_len = 16u << 20;
        resp->body = malloc(resp->body_len);
        if (resp->body)
            memset(resp->body, 'x', resp->body_len);
        resp->status = resp->body ? 200 : 500;
        resp->content_type = "text/plain";
        return;
    }
    size_t cap = strlen(req->path) + (req->query ? strlen(req->query) : 0) + 128;
    resp->body = malloc(cap);
    if (!resp->body) {
        resp->status = 500;
        return;
    }
    int n = snprintf(resp->body, cap, "{\"path\":\"%s\",\"query\":\"%s\",\"length\":%zu}\n",
                     req->path, req->query ? req->query : "", req->body_len);
    resp->body_len = (size_t)n;
    metrics_add("echo_requests_total", "requests the echo handler answered", NULL, 1);
}

static bool echo_reload(void *app)
{
    struct echo_app *a = app;
    if (a->reload_fail && access(a->reload_fail, F_OK) == 0) {
        fprintf(stderr, "{\"event\":\"echo settings\",\"error\":\"reload refused\"}\n");
        return false;
    }
    return true;
}

static unsigned long number(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end) {
        fprintf(stderr, "echo_server: not a number: %s\n", s);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    static const char *const paths[] = {"/", "/echo", "/slow", "/large", NULL};
    struct echo_app app = {.slow_ms = 2000};
    struct serve_options o = {.listen = "127.0.0.1:0", .name = "echo", .paths = paths,
                              .handler = echo_handle, .reload = echo_reload, .app = &app};
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *k = argv[i], *v = argv[i + 1];
        if (!strcmp(k, "--listen")) o.listen = v;
        else if (!strcmp(k, "--cert")) o.tls_cert = v;
        else if (!strcmp(k, "--key")) o.tls_key = v;
        else if (!strcmp(k, "--threads")) o.threads = (unsigned)number(v);
        else if (!strcmp(k, "--max-body")) o.limits.max_body = number(v);
        else if (!strcmp(k, "--max-headers")) o.limits.max_header_bytes = number(v);
        else if (!strcmp(k, "--max-connections")) o.limits.max_connections = (unsigned)number(v);
        else if (!strcmp(k, "--timeout")) o.limits.timeout_s = (unsigned)number(v);
        else if (!strcmp(k, "--slow-ms")) app.slow_ms = (unsigned)number(v);
        else if (!strcmp(k, "--reload-fail")) app.reload_fail = v;
        else {
            fprintf(stderr, "echo_server: unknown option %s\n", k);
            return 2;
        }
    }
    return serve_run(&o);
}
