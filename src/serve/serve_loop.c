/* serve_loop.c — the server's event loops: one thread per loop, each with
 * its own epoll set (level-triggered) and a timer wheel of one-second
 * slots. Every loop waits on the one listening socket (EPOLLEXCLUSIVE, so
 * a new connection wakes one loop) and owns the connections it accepted
 * from then on: no locks on the request path. A connection that has sent
 * nothing is only a socket and a small record; its TLS session is made on
 * its first byte (serve_conn.c). Request buffers come from a per-loop free
 * list and go back to it after each answer. */
#include <errno.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "serve_int.h"

enum { LOOP_EVENTS = 128, LOOP_ACCEPT_BATCH = 64, LOOP_FREE_REQS = 64, LOOP_TRIM_SESSIONS = 256 };

int64_t serve_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wheel_unlink(struct serve_conn *c)
{
    if (!c->deadline_ms)
        return;
    if (c->tprev)
        c->tprev->tnext = c->tnext;
    else
        c->loop->wheel[(c->deadline_ms / 1000 + 1) % SERVE_WHEEL] = c->tnext;
    if (c->tnext)
        c->tnext->tprev = c->tprev;
    c->tprev = c->tnext = NULL;
    c->deadline_ms = 0;
}

/* The slot of the second after the deadline: it is run once that second
 * has begun, so a connection is cut between 0 and 1 s after its deadline. */
void serve_loop_deadline(struct serve_conn *c, int64_t ms)
{
    wheel_unlink(c);
    if (!ms)
        return;
    struct serve_conn **slot = &c->loop->wheel[(ms / 1000 + 1) % SERVE_WHEEL];
    c->deadline_ms = ms;
    c->tnext = *slot;
    if (*slot)
        (*slot)->tprev = c;
    *slot = c;
}

static void wheel_run(struct serve_loop *l)
{
    int64_t now = serve_now_ms(), s = now / 1000;
    bool paused = l->sessions_freed_s < l->tick_s;  /* none freed in the last second */
    if (s > l->tick_s && (l->sessions_freed >= LOOP_TRIM_SESSIONS ||
                          (paused && l->sessions_freed >= LOOP_TRIM_SESSIONS / 16))) {
        /* Handshakes' memory lies between connections that stay open, and
         * glibc's free() returns only the top of a heap (the commands keep
         * even that, for their decisions' sake): once the record layer has
         * freed many OpenSSL sessions, or some and then none for a second,
         * the free pages inside the heaps go back to the system. */
        l->sessions_freed = 0;
        malloc_trim(0);
    }
    if (s - l->tick_s > SERVE_WHEEL)
        l->tick_s = s - SERVE_WHEEL;
    for (; l->tick_s < s; l->tick_s++) {
        struct serve_conn *c = l->wheel[(l->tick_s + 1) % SERVE_WHEEL], *next;
        for (; c; c = next) {
            next = c->tnext;
            if (c->deadline_ms <= now)
                serve_conn_expire(c);
        }
    }
}

struct serve_req *serve_req_get(struct serve_loop *l)
{
    struct serve_req *r = l->free_reqs;
    if (r) {
        l->free_reqs = r->next_free;
        l->nfree--;
        char *buf = r->buf;
        memset(r, 0, sizeof *r);
        r->buf = buf;
        return r;
    }
    r = calloc(1, sizeof *r);
    if (r && !(r->buf = malloc(l->sv->rbuf_size))) {
        free(r);
        r = NULL;
    }
    return r;
}

void serve_req_put(struct serve_loop *l, struct serve_req *r)
{
    free(r->body);
    if (!r->out_static)
        free(r->out);
    free(r->out_body);
    if (r->counted)
        atomic_fetch_sub(&l->sv->inflight, 1);
    if (l->nfree >= LOOP_FREE_REQS) {
        free(r->buf);
        free(r);
        return;
    }
    r->next_free = l->free_reqs;
    l->free_reqs = r;
    l->nfree++;
}

void serve_loop_close(struct serve_conn *c)
{
    struct serve_loop *l = c->loop;
    wheel_unlink(c);
    if (c->req)
        serve_req_put(l, c->req);
    SSL_free(c->ssl);
    serve_offload_free(c);
    close(c->fd);             /* also leaves the epoll set */
    l->nconns--;
    atomic_fetch_sub(&l->sv->nconns, 1);
    free(c);
}

static void conn_add(struct serve_loop *l, int fd)
{
    struct serve_conn *c = calloc(1, sizeof *c);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (!c || epoll_ctl(l->ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        free(c);
        close(fd);
        atomic_fetch_sub(&l->sv->nconns, 1);
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->loop = l;
    c->fd = fd;
    c->events = EPOLLIN;
    c->state = CONN_SILENT;
    c->base_ms = serve_now_ms();
    l->nconns++;
    serve_loop_deadline(c, c->base_ms + (int64_t)l->sv->lim.timeout_s * 1000);
}

static void accept_some(struct serve_loop *l)
{
    struct serve_server *sv = l->sv;
    for (int i = 0; i < LOOP_ACCEPT_BATCH; i++) {
        int fd = accept4(sv->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* the backlog keeps the client; pause instead of spinning on it */
                struct timespec pause = {0, 10 * 1000 * 1000};
                serve_count_limit("descriptors", 1);
                nanosleep(&pause, NULL);
            }
            return;
        }
        metrics_add("ringwall_connections_total", "TCP connections accepted", NULL, 1);
        if (atomic_fetch_add(&sv->nconns, 1) >= sv->lim.max_connections) {
            atomic_fetch_sub(&sv->nconns, 1);
            serve_count_limit("connections", 1);
            close(fd);
            continue;
        }
        conn_add(l, fd);
    }
}

/* Stopping: no more accepting; connections that have sent nothing close
 * now, the others answer with Connection: close until the main thread
 * sets force (no request left in flight, or the wait is over): then all
 * of them close. */
static void loop_stop(struct serve_loop *l, bool force)
{
    if (l->listening) {
        epoll_ctl(l->ep, EPOLL_CTL_DEL, l->sv->lfd, NULL);
        l->listening = false;
    }
    for (int s = 0; s < SERVE_WHEEL; s++) {
        struct serve_conn *c = l->wheel[s], *next;
        for (; c; c = next) {
            next = c->tnext;
            if (force || c->state == CONN_SILENT || c->state == CONN_LINGER)
                serve_loop_close(c);
        }
    }
}

static void *loop_main(void *arg)
{
    struct serve_loop *l = arg;
    struct serve_server *sv = l->sv;
    struct epoll_event evs[LOOP_EVENTS];
    l->tick_s = serve_now_ms() / 1000;
    for (;;) {
        bool stopping = atomic_load(&sv->stopping);
        int level = stopping ? 1 + atomic_load(&sv->force) : 0;
        if (level > l->stop_level)
            loop_stop(l, level == 2);
        l->stop_level = level;
        if (stopping && !l->nconns)
            break;
        int n = epoll_wait(l->ep, evs, LOOP_EVENTS, 1000);
        for (int i = 0; i < n; i++) {
            void *p = evs[i].data.ptr;
            if (p == &l->wake) {
                uint64_t v;
                if (read(l->wake, &v, sizeof v) < 0)
                    continue;
            } else if (p == &sv->lfd)
                accept_some(l);
            else
                serve_conn_event(p, evs[i].events);
        }
        wheel_run(l);
    }
    while (l->free_reqs) {
        struct serve_req *r = l->free_reqs;
        l->free_reqs = r->next_free;
        free(r->buf);
        free(r);
    }
    while (l->free_records) {
        void *b = l->free_records;
        memcpy(&l->free_records, b, sizeof b);
        free(b);
    }
    EVP_CIPHER_CTX_free(l->aead);
    return NULL;
}

static bool loop_init(struct serve_server *sv, struct serve_loop *l)
{
    l->sv = sv;
    l->ep = epoll_create1(EPOLL_CLOEXEC);
    l->wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event lev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = &sv->lfd};
    struct epoll_event wev = {.events = EPOLLIN, .data.ptr = &l->wake};
    l->listening = l->ep >= 0 && l->wake >= 0 &&
                   epoll_ctl(l->ep, EPOLL_CTL_ADD, sv->lfd, &lev) == 0 &&
                   epoll_ctl(l->ep, EPOLL_CTL_ADD, l->wake, &wev) == 0;
    return l->listening;
}

static void loop_free(struct serve_loop *l)
{
    if (l->ep >= 0)
        close(l->ep);
    if (l->wake >= 0)
        close(l->wake);
}

bool serve_loops_start(struct serve_server *sv)
{
    sv->loops = calloc(sv->nloops, sizeof *sv->loops);
    if (!sv->loops)
        return false;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, (size_t)1 << 20);
    unsigned started = 0;
    for (; started < sv->nloops; started++) {
        struct serve_loop *l = &sv->loops[started];
        if (!loop_init(sv, l) || pthread_create(&l->thread, &attr, loop_main, l) != 0) {
            loop_free(l);
            break;
        }
    }
    pthread_attr_destroy(&attr);
    if (started == sv->nloops)
        return true;
    atomic_store(&sv->stopping, true);
    atomic_store(&sv->force, true);
    sv->nloops = started;
    serve_loops_join(sv);
    return false;
}

void serve_loops_wake(struct serve_server *sv)
{
    uint64_t one = 1;
    for (unsigned i = 0; i < sv->nloops; i++)
        if (write(sv->loops[i].wake, &one, sizeof one) < 0)
            continue;
}

void serve_loops_join(struct serve_server *sv)
{
    serve_loops_wake(sv);
    for (unsigned i = 0; i < sv->nloops; i++) {
        pthread_join(sv->loops[i].thread, NULL);
        loop_free(&sv->loops[i]);
    }
    free(sv->loops);
    sv->loops = NULL;
}
