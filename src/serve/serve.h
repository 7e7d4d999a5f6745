/* serve.h — the one small HTTPS server module that `admit serve` and
 * `audit serve` both use: TLS 1.2+ only, a limit on every input (body,
 * headers, connections), timeouts against slow clients, /healthz /readyz
 * /metrics answered by the module itself, SIGHUP reload (application
 * settings and certificate, atomically, the old ones kept on failure), a
 * certificate that changes on disk picked up without a signal, and a
 * graceful stop on SIGTERM/SIGINT (stop accepting, finish in-flight
 * requests, close keep-alive connections, exit 0).
 *
 * The application supplies one handler for every other path; it runs on
 * the server's event-loop threads (one per core by default), so it must be
 * thread-safe (read-only shared state, or its own locking), and while it
 * runs its loop serves no other connection: it should not block for long. */
#ifndef RINGWALL_SERVE_H
#define RINGWALL_SERVE_H

#include <stdbool.h>
#include <stddef.h>

struct serve_request {
    const char *method;       /* "POST", "GET", ... */
    const char *path;         /* "/validate" (no query string) */
    const char *query;        /* "timeout=10s" or NULL: the decoded arguments
                                 joined by '&' */
    const char *content_type; /* header value or NULL */
    const char *body;         /* NUL-terminated copy; body_len bytes */
    size_t body_len;
    const char *remote;       /* "127.0.0.1:51234" */
};

struct serve_response {
    int status;               /* 200 unless the handler sets another */
    const char *content_type; /* static string; default "application/json" */
    char *body;               /* malloc'd by the handler, freed by the server */
    size_t body_len;
};

typedef void (*serve_handler_fn)(void *app, const struct serve_request *req,
                                 struct serve_response *resp);
/* Called on SIGHUP (before the certificate is reloaded): re-read the
 * application's settings. Returns false, after logging why, to keep the old
 * ones (the server counts the failure in
 * ringwall_reloads_total{result="failure"}). The certificate is reloaded
 * either way; each keeps its old version when its new one fails. */
typedef bool (*serve_reload_fn)(void *app);
/* Called on a loop thread once a POST's headers are in, before its body
 * is read: returns 0 to read the body and call the handler, or an HTTP
 * status to answer at once with text (a static string), closing the
 * connection after it (e.g. 429 while the application's queue is full, so
 * that a refused body costs no reading). declared_len is the Content-Length,
 * or 0 when the body is chunked. */
typedef int (*serve_early_fn)(void *app, size_t declared_len, const char **text);

struct serve_limits {
    size_t max_body;          /* bytes; over it: 413 (default 8 MiB) */
    size_t max_header_bytes;  /* request line + headers; over it: 431 (default 16 KiB) */
    unsigned max_connections; /* open connections; more are refused (default 10,000) */
    unsigned timeout_s;       /* a connection idle or too slow this long is closed (default 10) */
};

struct serve_options {
    const char *listen;       /* ":8443", "127.0.0.1:8443", "[::1]:8443" */
    const char *tls_cert;     /* PEM chain; both required */
    const char *tls_key;
    struct serve_limits limits; /* zero fields take the defaults */
    unsigned threads;         /* event loops (threads); 0: one per core */
    const char *name;         /* for logs, e.g. "admit" */
    /* The paths the handler serves (POST only), NULL-terminated; any other
     * path is answered 404 by the server. NULL: every path but /healthz,
     * /readyz and /metrics goes to the handler (metrics label it "other"). */
    const char *const *paths;
    serve_handler_fn handler;
    serve_reload_fn reload;   /* may be NULL */
    serve_early_fn early;     /* may be NULL */
    void *app;
};

/* Serves until SIGTERM or SIGINT (one server per process: it owns those
 * signals and SIGHUP while it runs, and ignores SIGPIPE). Logs one JSON line
 * per event on stderr (start, reload, stopping, stop, errors). Returns the
 * exit status: 0 after a graceful stop, 2 when the server cannot start (the
 * reason is logged). The handler runs on a loop thread with a 1 MiB
 * stack. */
int serve_run(const struct serve_options *o);

/* Writes one JSON object as one line on stderr, atomically (one write):
 * {"time":"2026-...Z","level":LEVEL,"event":EVENT, members...}. Members
 * come as key, value string pairs ending with NULL; a key starting with '#'
 * writes its value as raw JSON (a number, an array), e.g.
 *   serve_log("info", "decision", "uid", uid, "#us", "42", NULL); */
void serve_log(const char *level, const char *event, ...) __attribute__((sentinel));

/* Writes a log line the caller formatted (one JSON object and its newline)
 * to stderr the same way: one write, never interleaved with others. */
void serve_log_line(const char *line, size_t len);

#endif
