/* serve.c — serve_run: loads the certificate (serve_tls.c), opens the
 * listening socket, starts the event loops (serve_loop.c), then waits for
 * signals on the calling thread, once a second checking the certificate
 * files. SIGHUP reloads, SIGTERM and SIGINT stop gracefully. */
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
    return 0;
}

/* Stop accepting (the listening socket is shut down at once, so that new
 * connections are refused even while every loop is busy), close the idle
 * connections, let in-flight requests finish (their deadlines still
 * apply), then close what is left. A second SIGTERM or SIGINT cuts the
 * wait short; SIGHUP is ignored by now. */
static void stop(struct serve_server *sv, int sig, const sigset_t *set)
{
    char num[32];
    atomic_store(&sv->ready, false);
    atomic_store(&sv->stopping, true);
    shutdown(sv->lfd, SHUT_RD);
    serve_loops_wake(sv);
    snprintf(num, sizeof num, "%d", atomic_load(&sv->inflight));
    serve_log("info", "stopping", "server", sv->o->name, "signal", strsignal(sig), "#inflight",
              num, NULL);
    int64_t end = serve_now_ms() + (int64_t)sv->lim.timeout_s * 3000;
    bool again = false;
    while (!again && atomic_load(&sv->inflight) > 0 && serve_now_ms() < end) {
        struct timespec ms20 = {0, 20 * 1000 * 1000};
        int got = sigtimedwait(set, NULL, &ms20);
        again = got == SIGTERM || got == SIGINT;
    }
    snprintf(num, sizeof num, "%d", atomic_load(&sv->inflight));
    atomic_store(&sv->force, true);
    serve_loops_join(sv);
    close(sv->lfd);
    serve_tls_free();
    struct timespec none = {0, 0};
    while (sigtimedwait(set, NULL, &none) > 0)
        ;                     /* nothing pending may act once the mask is restored */
    serve_log("info", "stop", "server", sv->o->name, "#unfinished", num, NULL);
}

static void log_start(struct serve_server *sv, int lfd)
{
    char port[16], threads[16], body[32], conns[32], timeout[16];
    snprintf(port, sizeof port, "%u", listen_port(lfd));
    snprintf(threads, sizeof threads, "%u", sv->nloops);
    snprintf(body, sizeof body, "%zu", sv->lim.max_body);
    snprintf(conns, sizeof conns, "%u", sv->lim.max_connections);
    snprintf(timeout, sizeof timeout, "%u", sv->lim.timeout_s);
    serve_log("info", "start", "server", sv->o->name, "listen", sv->o->listen, "#port", port,
              "#threads", threads, "#max_body", body, "#max_connections", conns, "#timeout_s", timeout,
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
    if (!serve_tls_load(o->tls_cert, o->tls_key, why, sizeof why))
        return start_failed(o, why);
    sv.lfd = listen_open(o->listen, why, sizeof why);
    if (sv.lfd < 0) {
        serve_tls_free();
        return start_failed(o, why);
    }
    nofile_raise();
    sv.nloops = threads_resolve(o);
    sv.rbuf_size = sv.lim.max_header_bytes + 4096;
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    signal(SIGPIPE, SIG_IGN);                /* a peer gone mid-write is an error, not a kill */
    pthread_sigmask(SIG_BLOCK, &set, &old);  /* the server's threads inherit it */
    if (!serve_loops_start(&sv)) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        close(sv.lfd);
        serve_tls_free();
        return start_failed(o, "the event loops did not start (threads, descriptors or memory)");
    }
    atomic_store(&sv.ready, true);
    log_start(&sv, sv.lfd);
    int sig;
    while (!(sig = wait_tick(&sv, &set)))
        ;
    stop(&sv, sig, &set);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}
