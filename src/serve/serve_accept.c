/* serve_accept.c — the server's acceptor. A TLS connection in
 * libmicrohttpd costs a GnuTLS session (about 8 KB) from the moment it is
 * accepted, so 10,000 clients that connect and say nothing would hold
 * 80 MB. The acceptor therefore keeps a new connection itself, at the cost
 * of an epoll entry, until its first byte arrives, and only then hands it to
 * libmicrohttpd (MHD_add_connection). It also enforces the connection limit
 * (counting both kinds) and closes connections that stay silent for the
 * timeout. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "serve_int.h"

struct pending {
    struct pending *prev, *next;  /* oldest first */
    int fd;
    int64_t deadline_ms;
    socklen_t alen;
    struct sockaddr_storage addr;
};

static struct {
    struct serve_server *sv;
    int lfd, ep, wake;
    pthread_t thread;
    struct pending *head, *tail;
    atomic_uint npending;
} acc = {.lfd = -1, .ep = -1, .wake = -1};

static void pending_unlink(struct pending *p)
{
    if (p->prev)
        p->prev->next = p->next;
    else
        acc.head = p->next;
    if (p->next)
        p->next->prev = p->prev;
    else
        acc.tail = p->prev;
    atomic_fetch_sub(&acc.npending, 1);
}

static void pending_close(struct pending *p)
{
    pending_unlink(p);
    close(p->fd);
    free(p);
}

static void pending_add(int fd, const struct sockaddr_storage *addr, socklen_t alen)
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p) {
        close(fd);
        return;
    }
    p->fd = fd;
    p->addr = *addr;
    p->alen = alen;
    p->deadline_ms = serve_now_ms() + (int64_t)acc.sv->lim.timeout_s * 1000;
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = p};
    if (epoll_ctl(acc.ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
        close(fd);
        free(p);
        return;
    }
    p->prev = acc.tail;
    if (acc.tail)
        acc.tail->next = p;
    else
        acc.head = p;
    acc.tail = p;
    atomic_fetch_add(&acc.npending, 1);
}

static void accept_all(void)
{
    for (;;) {
        struct sockaddr_storage addr;
        socklen_t alen = sizeof addr;
        int fd = accept4(acc.lfd, (struct sockaddr *)&addr, &alen, SOCK_NONBLOCK | SOCK_CLOEXEC);
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
        if (serve_conn_open() + atomic_load(&acc.npending) >= acc.sv->lim.max_connections) {
            serve_count_limit("connections", 1);
            close(fd);
            continue;
        }
        pending_add(fd, &addr, alen);
    }
}

/* The client spoke (or hung up): libmicrohttpd takes the connection. */
static void hand_over(struct pending *p)
{
    char byte;
    epoll_ctl(acc.ep, EPOLL_CTL_DEL, p->fd, NULL);
    if (recv(p->fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) {
        pending_close(p);
        return;
    }
    pending_unlink(p);
    MHD_add_connection(acc.sv->daemon, p->fd, (const struct sockaddr *)&p->addr, p->alen);
    free(p);                  /* the socket is libmicrohttpd's now, closed by it on failure */
}

static void expire_silent(void)
{
    int64_t now = serve_now_ms();
    while (acc.head && acc.head->deadline_ms <= now)
        pending_close(acc.head);
}

static void *accept_main(void *unused)
{
    struct epoll_event evs[256];
    for (;;) {
        int n = epoll_wait(acc.ep, evs, 256, 1000);
        for (int i = 0; i < n; i++) {
            if (evs[i].data.ptr == &acc.wake)
                return NULL;
            if (evs[i].data.ptr == &acc.lfd)
                accept_all();
            else
                hand_over(evs[i].data.ptr);
        }
        expire_silent();
    }
}

unsigned serve_accept_pending(void)
{
    return atomic_load(&acc.npending);
}

bool serve_accept_start(struct serve_server *sv, int lfd)
{
    acc.sv = sv;
    acc.lfd = lfd;
    acc.ep = epoll_create1(EPOLL_CLOEXEC);
    acc.wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    struct epoll_event l = {.events = EPOLLIN, .data.ptr = &acc.lfd};
    struct epoll_event w = {.events = EPOLLIN, .data.ptr = &acc.wake};
    if (acc.ep < 0 || acc.wake < 0 || epoll_ctl(acc.ep, EPOLL_CTL_ADD, lfd, &l) != 0 ||
        epoll_ctl(acc.ep, EPOLL_CTL_ADD, acc.wake, &w) != 0 ||
        pthread_create(&acc.thread, NULL, accept_main, NULL) != 0) {
        if (acc.ep >= 0)
            close(acc.ep);
        if (acc.wake >= 0)
            close(acc.wake);
        acc.ep = acc.wake = -1;
        return false;
    }
    return true;
}

void serve_accept_stop(void)
{
    uint64_t one = 1;
    if (write(acc.wake, &one, sizeof one) != sizeof one)
        return;
    pthread_join(acc.thread, NULL);
    close(acc.lfd);
    while (acc.head)
        pending_close(acc.head);
    close(acc.ep);
    close(acc.wake);
    acc.lfd = acc.ep = acc.wake = -1;
}
