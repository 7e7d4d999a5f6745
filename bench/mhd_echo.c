/* mhd_echo.c — the library baseline of bench/serve.sh: the same echo
 * application as tests/serve/echo_server.c (POST answers its path and body
 * length as JSON) on libmicrohttpd with GnuTLS, the way ringwall's server
 * module used them before it was written by hand (TLS 1.2 and 1.3, ECDHE
 * and AEAD only; a thread per connection, or an epoll pool). Built by
 * bench/serve.sh only; not part of ringwall.
 *   mhd_echo CERT KEY PORT [per-connection|epoll THREADS] */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static const char priorities[] =
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"
    "-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:-MAC-ALL:+AEAD";

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    static char none[] = "";
    if (!f)
        return none;
    char *buf = calloc(1, 1 << 16);
    if (buf && fread(buf, 1, (1 << 16) - 1, f) == 0)
        buf[0] = '\0';
    fclose(f);
    return buf ? buf : none;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    size_t *len = *req;
    if (!len) {
        *req = len = calloc(1, sizeof *len);
        return len ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        *len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    char body[256];
    int n = snprintf(body, sizeof body, "{\"path\":\"%s\",\"query\":\"\",\"length\":%zu}\n", url,
                     *len);
    struct MHD_Response *r = MHD_create_response_from_buffer((size_t)n, body,
                                                             MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}

static void completed(void *cls, struct MHD_Connection *c, void **req,
                      enum MHD_RequestTerminationCode why)
{
    free(*req);
    *req = NULL;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: mhd_echo CERT KEY PORT [per-connection|epoll THREADS]\n");
        return 2;
    }
    bool epoll = argc > 4 && !strcmp(argv[4], "epoll");
    unsigned threads = argc > 5 ? (unsigned)atoi(argv[5]) : 2;
    unsigned flags = MHD_USE_TLS | (epoll ? MHD_USE_EPOLL_INTERNAL_THREAD
                                          : MHD_USE_THREAD_PER_CONNECTION |
                                                MHD_USE_POLL_INTERNAL_THREAD);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)atoi(argv[3]), NULL, NULL, answer, NULL,
        MHD_OPTION_HTTPS_MEM_CERT, slurp(argv[1]), MHD_OPTION_HTTPS_MEM_KEY, slurp(argv[2]),
        MHD_OPTION_HTTPS_PRIORITIES, priorities, MHD_OPTION_CONNECTION_LIMIT, 20000u,
        MHD_OPTION_CONNECTION_TIMEOUT, 10u, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        epoll ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, threads, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "mhd_echo: libmicrohttpd did not start\n");
        return 2;
    }
    fprintf(stderr, "{\"event\":\"start\",\"port\":%s}\n", argv[3]);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
