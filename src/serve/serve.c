/* serve.c — serve_run: opens the listening socket, starts libmicrohttpd
 * with GnuTLS (TLS 1.2 and 1.3 only, the certificate from serve_tls.c),
 * then waits for signals on the calling thread, once a second checking the
 * certificate files and the connection deadlines. SIGHUP reloads, SIGTERM
 * and SIGINT stop gracefully. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "serve_int.h"

/* TLS 1.3 and 1.2 only; for 1.2 only ECDHE key exchange and AEAD ciphers. */
static const char serve_tls_priorities[] =
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"
    "-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD";

static struct serve_limits limits_resolve(const struct serve_limits *l)
{
    struct serve_limits r = *l;
    if (!r.max_body)
        r.max_body = SERVE_DEFAULT_MAX_BODY;
    if (!r.max_header_bytes)
        r.max_header_bytes = SERVE_DEFAULT_MAX_HEADERS;
    if (!r.max_connections)
        r.max_connections = SERVE_DEFAULT_MAX_CONNECTIONS;
    if (!r.timeout_s)
        r.timeout_s = SERVE_DEFAULT_TIMEOUT_S;
    return r;
}

/* "host:port", "[v6]:port" or ":port" (every address) into host and port. */
static bool listen_split(const char *spec, char *host, size_t hsize, char *port, size_t psize)
{
    const char *colon = strrchr(spec, ':');
    if (!colon || !colon[1] || strlen(colon + 1) >= psize)
        return false;
    const char *h = spec;
    size_t hl = (size_t)(colon - spec);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (hl >= hsize)
        return false;
    memcpy(host, h, hl);
    host[hl] = '\0';
    strcpy(port, colon + 1);
    return true;
}

static int listen_bind(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    int one = 1, zero = 0;
    if (fd < 0)
        return -1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ai->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 4096) == 0)
        return fd;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

/* The listening socket, or -1 with the reason in why. An empty host means
 * every address (IPv6 and IPv4 where the system allows both). */
static int listen_open(const char *spec, char *why, size_t why_size)
{
    char host[256], port[16];
    if (!spec || !listen_split(spec, host, sizeof host, port, sizeof port)) {
        snprintf(why, why_size, "listen address %s: want HOST:PORT or :PORT", spec ? spec : "");
        return -1;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
    if (rc) {
        snprintf(why, why_size, "listen address %s: %s", spec, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (int family = AF_INET6; fd < 0 && family; family = family == AF_INET6 ? AF_INET : 0)
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
            if (ai->ai_family == family)
                fd = listen_bind(ai);
    if (fd < 0)
        snprintf(why, why_size, "listen on %s: %s", spec, strerror(errno));
    freeaddrinfo(res);
    return fd;
}

static unsigned listen_port(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return 0;
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

static unsigned threads_resolve(const struct serve_options *o)
{
    if (o->threads)
        return o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static enum serve_threading threading_resolve(const struct serve_options *o)
{
    /* Measured with bench/serve.sh: a thread per connection gave 0.8-1.8x
     * nginx's req/s with a lower p99 than nginx's, the epoll pool 0.35-1.0x
     * with up to 2.6x nginx's p99. Silent connections hold no thread
     * (serve_accept.c), so idle clients cost no stacks. */
    return o->threading == SERVE_THREADING_DEFAULT ? SERVE_THREAD_PER_CONNECTION : o->threading;
}

/* libmicrohttpd gets its connections from serve_accept.c, never from a
 * listening socket of its own. */
static struct MHD_Daemon *daemon_start(struct serve_server *sv)
{
    bool per_conn = threading_resolve(sv->o) == SERVE_THREAD_PER_CONNECTION;
    unsigned flags = MHD_USE_TLS | MHD_USE_ITC | MHD_USE_NO_LISTEN_SOCKET |
                     (per_conn ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD
                               : MHD_USE_EPOLL_INTERNAL_THREAD);
    unsigned pool = per_conn ? 0 : threads_resolve(sv->o);
    /* Per connection: room for the request line and headers plus
     * libmicrohttpd's own use (the header limit itself is checked against
     * the exact size). libmicrohttpd 0.9.7x zeroes the whole pool after
     * each request of a keep-alive connection, so every page of it stays
     * resident: it is the largest part of what a connection costs. 2,000
     * keep-alive TLS connections took 63 KB each with 16 KB over the header
     * limit, 55 KB with 8 KB; with 4 KB a request of 16 KB of headers no
     * longer fits and libmicrohttpd refuses it itself. */
    size_t memory = sv->lim.max_header_bytes + 8192;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, serve_http_access, sv,
        MHD_OPTION_HTTPS_PRIORITIES, serve_tls_priorities,
        MHD_OPTION_HTTPS_CERT_CALLBACK, serve_tls_pick,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(sv->lim.max_connections + 64),
        MHD_OPTION_CONNECTION_TIMEOUT, sv->lim.timeout_s,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory,
        MHD_OPTION_NOTIFY_CONNECTION, serve_conn_notify, sv,
        MHD_OPTION_NOTIFY_COMPLETED, serve_http_completed, sv,
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(1u << 20),
        pool > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, pool,
        MHD_OPTION_END);
}

/* Lets the process hold as many sockets as the hard limit allows. */
static void nofile_raise(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static void count_reload(bool ok)
{
    metrics_add("ringwall_reloads_total", "reloads of settings and certificate, by result",
                ok ? "result=\"success\"" : "result=\"failure\"", 1);
}

/* SIGHUP: the application's settings, then the certificate; each keeps its
 * old version when the new one fails. */
static void reload_all(struct serve_server *sv)
{
    const struct serve_options *o = sv->o;
    char why[512] = "";
    bool app_ok = !o->reload || o->reload(o->app);
    bool cert_ok = serve_tls_load(o->tls_cert, o->tls_key, why, sizeof why);
    count_reload(app_ok && cert_ok);
    serve_log(app_ok && cert_ok ? "info" : "error", "reload", "server", o->name, "trigger",
              "SIGHUP", "settings", !o->reload ? "none" : app_ok ? "reloaded" : "kept",
              "certificate", cert_ok ? "reloaded" : "kept", cert_ok ? NULL : "reason", why,
              NULL);
}

/* The certificate files changed on disk. */
static void reload_certificate(struct serve_server *sv)
{
    char why[512] = "";
    bool ok = serve_tls_load(sv->o->tls_cert, sv->o->tls_key, why, sizeof why);
    count_reload(ok);
    serve_log(ok ? "info" : "error", "reload", "server", sv->o->name, "trigger", "file change",
              "certificate", ok ? "reloaded" : "kept", ok ? NULL : "reason", why, NULL);
}

/* Once a second and on every signal; returns the stopping signal or 0. */
static int wait_tick(struct serve_server *sv, const sigset_t *set)
{
    struct timespec second = {1, 0};
    int sig = sigtimedwait(set, NULL, &second);
    if (sig == SIGHUP)
        reload_all(sv);
    if (sig == SIGTERM || sig == SIGINT)
        return sig;
    if (serve_tls_changed())
        reload_certificate(sv);
    serve_conn_expire();
    serve_tls_free_retired((int64_t)sv->lim.timeout_s * 2000 + 60000);
    return 0;
}

/* Stop accepting, let in-flight requests finish (their deadlines still
 * apply), then close what is left (idle keep-alive connections). A second
 * SIGTERM or SIGINT cuts the wait short; SIGHUP is ignored by now. */
static void stop(struct serve_server *sv, int sig, const sigset_t *set)
{
    char num[32];
    atomic_store(&sv->ready, false);
    atomic_store(&sv->stopping, true);
    serve_accept_stop();
    snprintf(num, sizeof num, "%d", atomic_load(&sv->inflight));
    serve_log("info", "stopping", "server", sv->o->name, "signal", strsignal(sig), "#inflight",
              num, NULL);
    int64_t end = serve_now_ms() + (int64_t)sv->lim.timeout_s * 3000;
    int64_t next_tick = serve_now_ms() + 1000;
    bool again = false;
    while (!again && atomic_load(&sv->inflight) > 0 && serve_now_ms() < end) {
        struct timespec ms20 = {0, 20 * 1000 * 1000};
        int got = sigtimedwait(set, NULL, &ms20);
        again = got == SIGTERM || got == SIGINT;
        if (serve_now_ms() >= next_tick) {
            serve_conn_expire();
            next_tick += 1000;
        }
    }
    snprintf(num, sizeof num, "%d", atomic_load(&sv->inflight));
    MHD_stop_daemon(sv->daemon);
    serve_tls_free_retired(-1);
    struct timespec none = {0, 0};
    while (sigtimedwait(set, NULL, &none) > 0)
        ;                     /* nothing pending may act once the mask is restored */
    serve_log("info", "stop", "server", sv->o->name, "#unfinished", num, NULL);
}

static void log_start(struct serve_server *sv, int lfd)
{
    char port[16], threads[16], body[32], conns[32], timeout[16];
    bool per_conn = threading_resolve(sv->o) == SERVE_THREAD_PER_CONNECTION;
    snprintf(port, sizeof port, "%u", listen_port(lfd));
    snprintf(threads, sizeof threads, "%u", per_conn ? 0 : threads_resolve(sv->o));
    snprintf(body, sizeof body, "%zu", sv->lim.max_body);
    snprintf(conns, sizeof conns, "%u", sv->lim.max_connections);
    snprintf(timeout, sizeof timeout, "%u", sv->lim.timeout_s);
    serve_log("info", "start", "server", sv->o->name, "listen", sv->o->listen, "#port", port,
              "threading", per_conn ? "thread-per-connection" : "epoll-pool", "#threads",
              threads, "#max_body", body, "#max_connections", conns, "#timeout_s", timeout,
              NULL);
}

static int start_failed(const struct serve_options *o, const char *why)
{
    serve_log("error", "start failed", "server", o->name, "reason", why, NULL);
    return 2;
}

int serve_run(const struct serve_options *o)
{
    struct serve_server sv = {.o = o, .lim = limits_resolve(&o->limits)};
    char why[512] = "";
    if (!o->tls_cert || !o->tls_key || !o->handler)
        return start_failed(o, "a certificate, a key and a handler are required");
    if (!serve_libs_load(why, sizeof why))
        return start_failed(o, why);
    if (!serve_tls_load(o->tls_cert, o->tls_key, why, sizeof why))
        return start_failed(o, why);
    int lfd = listen_open(o->listen, why, sizeof why);
    if (lfd < 0)
        return start_failed(o, why);
    nofile_raise();
    serve_conn_init(sv.lim.timeout_s);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    signal(SIGPIPE, SIG_IGN);                /* a peer gone mid-write is an error, not a kill */
    pthread_sigmask(SIG_BLOCK, &set, &old);  /* the server's threads inherit it */
    sv.daemon = daemon_start(&sv);
    if (!sv.daemon || !serve_accept_start(&sv, lfd)) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (sv.daemon)
            MHD_stop_daemon(sv.daemon);
        close(lfd);
        return start_failed(o, "libmicrohttpd did not start (TLS support, threads or memory)");
    }
    atomic_store(&sv.ready, true);
    log_start(&sv, lfd);
    int sig;
    while (!(sig = wait_tick(&sv, &set)))
        ;
    stop(&sv, sig, &set);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}
