/* audit_sink_syslog.c — the syslog transport of the alert sinks: RFC 5424
 * messages over UDP (one datagram each, RFC 5426), TCP (octet-counted
 * frames, RFC 6587) or the local syslog socket (/dev/log, a datagram socket,
 * or a stream one framed as over TCP). Facility auth (4); the alert's
 * priority is the severity (Falco's priorities are syslog's severities).
 *
 *   <36>1 2026-12-02T06:30:00.123456Z node1 ringwall 4242 audit
 *       [alert@32473 rule="audit/exec-into-pod" priority="Warning" auditID="..."]
 *       audit/exec-into-pod: OUTPUT
 */
#include "audit_sink_int.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../core/arena.h"
#include "audit_text.h"

enum { FACILITY_AUTH = 4, MAX_DATAGRAM = 65000 };
/* The SD-ID's enterprise number is the one RFC 5612 sets aside for
 * documentation and examples: ringwall has none registered. */
#define SD_ID "alert@32473"

enum transport { T_UDP, T_TCP, T_UNIX };

struct syslog_conn {
    enum transport t;
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int fd;
    bool stream; /* the local socket turned out to be a stream socket */
    char host[256];
    long pid;
};

/* "HOST[:PORT]" or "[V6]:PORT" into host and port. */
static bool split_host_port(const char *s, char *host, size_t hsize, char *port, size_t psize)
{
    const char *colon;
    if (*s == '[') {
        const char *close = strchr(s, ']');
        if (!close || (close[1] && close[1] != ':'))
            return false;
        snprintf(host, hsize, "%.*s", (int)(close - s - 1), s + 1);
        colon = close[1] ? close + 1 : NULL;
    } else {
        colon = strrchr(s, ':');
        snprintf(host, hsize, "%.*s", colon ? (int)(colon - s) : (int)strlen(s), s);
    }
    snprintf(port, psize, "%s", colon && colon[1] ? colon + 1 : "514" /* syslog's port */);
    return host[0] != '\0';
}

static bool resolve(struct syslog_conn *c, const char *hostport, char *why, size_t why_size)
{
    char host[256], port[32];
    if (!split_host_port(hostport, host, sizeof host, port, sizeof port)) {
        snprintf(why, why_size, "expected HOST[:PORT] after the scheme");
        return false;
    }
    struct addrinfo hints = {.ai_socktype = c->t == T_UDP ? SOCK_DGRAM : SOCK_STREAM};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0) {
        snprintf(why, why_size, "cannot resolve %s port %s: %s", host, port, gai_strerror(rc));
        return false;
    }
    memcpy(&c->addr, res->ai_addr, res->ai_addrlen);
    c->addrlen = res->ai_addrlen;
    freeaddrinfo(res);
    return true;
}

static bool local_path(struct syslog_conn *c, const char *path, char *why, size_t why_size)
{
    struct sockaddr_un *un = (struct sockaddr_un *)&c->addr;
    if (!*path || strlen(path) >= sizeof un->sun_path) {
        snprintf(why, why_size, "a socket path of 1 to %zu bytes is needed",
                 sizeof un->sun_path - 1);
        return false;
    }
    un->sun_family = AF_UNIX;
    strcpy(un->sun_path, path);
    c->addrlen = sizeof *un;
    return true;
}

/* Connects fd within timeout_s; false with errno set. */
static bool connect_within(int fd, const struct sockaddr *a, socklen_t len, double timeout_s)
{
    int fl = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    int rc = connect(fd, a, len);
    if (rc != 0 && errno == EINPROGRESS) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        rc = poll(&p, 1, (int)(timeout_s * 1000));
        if (rc == 0) {
            errno = ETIMEDOUT;
            return false;
        }
        int err = 0;
        socklen_t el = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
        if (rc < 0 || err) {
            errno = err ? err : errno;
            return false;
        }
        rc = 0;
    }
    fcntl(fd, F_SETFL, fl);
    if (rc != 0)
        return false;
    struct timeval tv = {.tv_sec = (time_t)timeout_s,
                         .tv_usec = (suseconds_t)((timeout_s - (double)(time_t)timeout_s) * 1e6)};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return true;
}

static bool sock_open(struct alert_sink *s, char *why, size_t why_size)
{
    struct syslog_conn *c = s->conn;
    int type = c->t == T_UDP || (c->t == T_UNIX && !c->stream) ? SOCK_DGRAM : SOCK_STREAM;
    c->fd = socket(c->addr.ss_family, type | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        snprintf(why, why_size, "socket: %s", strerror(errno));
        return false;
    }
    if (connect_within(c->fd, (struct sockaddr *)&c->addr, c->addrlen, s->o.timeout_s))
        return true;
    int e = errno;
    close(c->fd);
    c->fd = -1;
    if (c->t == T_UNIX && !c->stream && e == EPROTOTYPE) { /* a stream socket */
        c->stream = true;
        return sock_open(s, why, why_size);
    }
    snprintf(why, why_size, "connect: %s", strerror(e));
    return false;
}

/* A stream the peer has closed reads as end of file: reconnect first, so
 * the message is not written into a dead connection. */
static bool peer_closed(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char b[256];
    while (poll(&p, 1, 0) > 0) {
        ssize_t n = recv(fd, b, sizeof b, MSG_DONTWAIT);
        if (n <= 0)
            return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
    }
    return false;
}

static bool send_all(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static enum sink_result syslog_deliver(struct alert_sink *s, const char *msg, size_t len,
                                       char *why, size_t why_size)
{
    struct syslog_conn *c = s->conn;
    bool stream = c->t == T_TCP || (c->t == T_UNIX && c->stream);
    if (c->fd >= 0 && stream && peer_closed(c->fd)) {
        close(c->fd);
        c->fd = -1;
    }
    if (c->fd < 0 && !sock_open(s, why, why_size))
        return SINK_RETRY;
    stream = c->t == T_TCP || (c->t == T_UNIX && c->stream);
    bool ok;
    if (stream) {
        char frame[32];
        int n = snprintf(frame, sizeof frame, "%zu ", len);
        ok = send_all(c->fd, frame, (size_t)n) && send_all(c->fd, msg, len);
    } else {
        ok = send(c->fd, msg, len > MAX_DATAGRAM ? MAX_DATAGRAM : len, MSG_NOSIGNAL) >= 0;
    }
    if (ok)
        return SINK_DELIVERED;
    snprintf(why, why_size, "send: %s", strerror(errno));
    close(c->fd);
    c->fd = -1;
    return SINK_RETRY;
}

/* An SD-PARAM value: '"', '\' and ']' escaped. */
static void sd_value(struct audit_buf *b, const char *v)
{
    for (; v && *v; v++) {
        if (*v == '"' || *v == '\\' || *v == ']')
            audit_buf_putc(b, '\\');
        audit_buf_putc(b, *v);
    }
}

static void sd_param(struct audit_buf *b, const char *name, const char *v)
{
    audit_buf_putc(b, ' ');
    audit_buf_puts(b, name);
    audit_buf_puts(b, "=\"");
    sd_value(b, v);
    audit_buf_putc(b, '"');
}

static char *syslog_render(const struct alert_sink *s, const struct audit_alert *a, size_t *len)
{
    const struct syslog_conn *c = s->conn;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char head[512];
    int n = snprintf(head, sizeof head, "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06ldZ %s ringwall %ld audit [" SD_ID,
                     FACILITY_AUTH * 8 + (int)a->rule->priority, tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000, c->host,
                     c->pid);
    struct audit_buf b = {0};
    audit_buf_add(&b, head, (size_t)n);
    sd_param(&b, "rule", a->rule->name);
    sd_param(&b, "priority", audit_priority_name(a->rule->priority));
    const char *id = node_str(node_get(a->ev->root, "auditID"));
    if (id)
        sd_param(&b, "auditID", id);
    audit_buf_puts(&b, "] ");
    audit_buf_puts(&b, a->rule->name);
    audit_buf_puts(&b, ": ");
    audit_buf_puts(&b, a->output);
    *len = b.len;
    return b.p;
}

static void syslog_close(struct alert_sink *s)
{
    struct syslog_conn *c = s->conn;
    if (c->fd >= 0)
        close(c->fd);
    free(c);
}

static const struct sink_transport SYSLOG = {
    .render = syslog_render, .deliver = syslog_deliver, .close = syslog_close,
};

/* The host name as RFC 5424 takes it: printable ASCII without spaces, or -. */
static void own_host(char *host, size_t size)
{
    if (gethostname(host, size) != 0)
        host[0] = '\0';
    host[size - 1] = '\0';
    for (char *p = host; *p; p++)
        if (*p <= ' ' || *p > '~')
            *p = '_';
    if (!host[0])
        snprintf(host, size, "-");
}

bool sink_syslog_open(struct alert_sink *s, char *why, size_t why_size)
{
    struct syslog_conn *c = xcalloc(1, sizeof *c);
    c->fd = -1;
    c->pid = (long)getpid();
    own_host(c->host, sizeof c->host);
    const char *t = s->target;
    bool ok;
    if (strncmp(t, "udp://", 6) == 0 || strncmp(t, "tcp://", 6) == 0) {
        c->t = t[0] == 'u' ? T_UDP : T_TCP;
        ok = resolve(c, t + 6, why, why_size);
    } else if (strcmp(t, "local") == 0 || strncmp(t, "unix:", 5) == 0) {
        c->t = T_UNIX;
        ok = local_path(c, t[0] == 'l' ? "/dev/log" : t + 5, why, why_size);
    } else {
        snprintf(why, why_size, "expected udp://HOST[:PORT], tcp://HOST[:PORT], unix:PATH or "
                                "local (/dev/log)");
        ok = false;
    }
    if (!ok) {
        free(c);
        return false;
    }
    s->conn = c;
    s->t = &SYSLOG;
    return true;
}
