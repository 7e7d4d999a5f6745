/* serve_parse.h — the server's HTTP/1.1 request parser: the request line
 * and headers of one request (strict: CRLF line ends, token methods and
 * header names, origin-form targets, no obsolete line folding, no control
 * bytes), and a decoder for a chunked body. Works on bytes only (no I/O),
 * so that it can be fuzzed on its own (tests/fuzz/fuzz_http.c). */
#ifndef RINGWALL_SERVE_PARSE_H
#define RINGWALL_SERVE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

enum { HTTP_MAX_HEADERS = 100 };

struct http_head {
    char *method;             /* NUL-terminated, inside the parsed buffer */
    char *path;               /* percent-decoded, without the query */
    char *query;              /* decoded arguments joined by '&', or NULL */
    char *content_type;       /* header value or NULL */
    size_t head_len;          /* bytes of the head, blank line included */
    size_t skipped;           /* empty lines before the request line */
    unsigned long long content_length;
    bool has_length;          /* Content-Length present */
    bool chunked;             /* Transfer-Encoding: chunked */
    bool expect_continue;     /* Expect: 100-continue */
    bool keep_alive;          /* the connection stays open after the answer */
    bool http10;              /* HTTP/1.0 (else 1.1) */
};

/* Looks for a whole head at the start of buf[0..len): returns 0 while it
 * is incomplete (*scan remembers how far the search got; start it at 0),
 * 1 with h filled in (buf is modified in place: strings are cut and
 * decoded), or the HTTP status refusing it: 400 malformed, 431 longer
 * than max_head bytes or more than HTTP_MAX_HEADERS headers, 501 a
 * transfer coding other than chunked, 505 a version other than 1.0 or 1.1. */
int http_parse_head(char *buf, size_t len, size_t max_head, size_t *scan, struct http_head *h);

/* A chunked body, decoded as it arrives. */
struct http_chunked {
    unsigned long long left;  /* bytes of the current chunk still to come */
    unsigned state;
    unsigned line;            /* bytes of the current size or trailer line */
    unsigned trailer;         /* bytes of trailer fields */
    bool done;                /* the last chunk and the trailer are in */
};

/* Consumes bytes of in[0..n): returns how many (stopping early once done),
 * or -1 when the framing is malformed. Body data found among them is
 * reported as one slice: in[*data_off .. *data_off + *data_len). Call again
 * with the rest until it returns 0 or done is set. */
long http_chunked_step(struct http_chunked *c, const char *in, size_t n, size_t *data_off,
                       size_t *data_len);

#endif
