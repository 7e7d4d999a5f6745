/* serve_conn.c — the table of open connections and their read deadlines.
 * libmicrohttpd only closes a connection that is idle for the timeout; a
 * slow client that sends one byte every few seconds (slowloris) is never
 * idle. Each connection therefore gets a deadline by which its handshake
 * and request must be read (or its response written); once a second the
 * server shuts down the sockets past theirs, which libmicrohttpd then
 * closes as it would any connection the peer ended. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "metrics.h"
#include "serve_int.h"

struct serve_conn {
    struct serve_conn *prev, *next;
    int fd;
    _Atomic int64_t deadline_ms;  /* 0: none */
    bool shut;
};

static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
static struct serve_conn *conn_head;
static atomic_uint conn_count;
static int64_t conn_timeout_ms;

int64_t serve_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One second beyond libmicrohttpd's idle timeout, so that an idle
 * connection is closed by it (quietly) and only a slow one by the deadline. */
static int64_t conn_deadline(void)
{
    return serve_now_ms() + conn_timeout_ms + 1000;
}

void serve_conn_init(unsigned timeout_s)
{
    conn_timeout_ms = (int64_t)timeout_s * 1000;
}

unsigned serve_conn_open(void)
{
    return atomic_load(&conn_count);
}

static void conn_started(struct MHD_Connection *c, void **socket_ctx)
{
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    struct serve_conn *n = calloc(1, sizeof *n);
    if (!n)
        return;
    n->fd = fd ? fd->connect_fd : -1;
    atomic_store(&n->deadline_ms, conn_deadline());
    pthread_mutex_lock(&conn_lock);
    n->next = conn_head;
    if (conn_head)
        conn_head->prev = n;
    conn_head = n;
    pthread_mutex_unlock(&conn_lock);
    atomic_fetch_add(&conn_count, 1);
    *socket_ctx = n;
}

static void conn_closed(struct serve_conn *n)
{
    pthread_mutex_lock(&conn_lock);
    if (n->prev)
        n->prev->next = n->next;
    else
        conn_head = n->next;
    if (n->next)
        n->next->prev = n->prev;
    pthread_mutex_unlock(&conn_lock);
    atomic_fetch_sub(&conn_count, 1);
    free(n);
}

void serve_conn_notify(void *cls, struct MHD_Connection *c, void **socket_ctx,
                       enum MHD_ConnectionNotificationCode code)
{
    if (code == MHD_CONNECTION_NOTIFY_STARTED)
        conn_started(c, socket_ctx);
    else if (*socket_ctx) {
        conn_closed(*socket_ctx);
        *socket_ctx = NULL;
    }
}

void serve_conn_arm(struct MHD_Connection *c, bool on)
{
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct serve_conn *n = i ? i->socket_context : NULL;
    if (n)
        atomic_store(&n->deadline_ms, on ? conn_deadline() : 0);
}

void serve_conn_gauge(void)
{
    metrics_set("ringwall_connections_open", "TCP connections open now", NULL,
                serve_conn_open() + serve_accept_pending());
}

void serve_conn_expire(void)
{
    int64_t now = serve_now_ms();
    unsigned expired = 0;
    pthread_mutex_lock(&conn_lock);
    for (struct serve_conn *n = conn_head; n; n = n->next) {
        int64_t d = atomic_load(&n->deadline_ms);
        if (n->shut || !d || now < d || n->fd < 0)
            continue;
        shutdown(n->fd, SHUT_RDWR);
        n->shut = true;
        expired++;
    }
    pthread_mutex_unlock(&conn_lock);
    if (expired)
        serve_count_limit("timeout", expired);
    serve_conn_gauge();
}
