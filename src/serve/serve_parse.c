/* serve_parse.c — the request head parser and the chunked body decoder of
 * serve_parse.h. Strict by design: what a proxy and this server could read
 * differently (both Content-Length and Transfer-Encoding, two different
 * lengths, folded lines, bare LF, spaces before a colon) is refused. */
#include "serve_parse.h"

#include <string.h>
#include <strings.h>

#include "../core/hex.h"

enum { HTTP_MAX_METHOD = 32, HTTP_MAX_SKIPPED = 8, HTTP_MAX_SIZE_LINE = 1024,
       HTTP_MAX_TRAILER = 16384, HTTP_MAX_SIZE_DIGITS = 15 };

/* RFC 9110 tchar */
static bool is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c && strchr("!#$%&'*+-.^_`|~", c);
}

static bool is_value_byte(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

/* Percent-decodes s in place ('+' to space when plus); false on a bad or
 * NUL escape. */
static bool url_decode(char *s, bool plus)
{
    char *o = s;
    for (const char *p = s; *p; p++) {
        if (*p == '%') {
            int hi = hex_value((unsigned char)p[1]), lo = hi < 0 ? -1 : hex_value((unsigned char)p[2]);
            if (lo < 0 || (hi == 0 && lo == 0))
                return false;
            *o++ = (char)(hi << 4 | lo);
            p += 2;
        } else
            *o++ = plus && *p == '+' ? ' ' : *p;
    }
    *o = '\0';
    return true;
}

/* "METHOD SP /target SP HTTP/1.x" in line[0..len). */
static int parse_request_line(char *line, size_t len, struct http_head *h)
{
    size_t i = 0;
    while (i < len && is_tchar((unsigned char)line[i]))
        i++;
    if (i == 0 || i > HTTP_MAX_METHOD || i >= len || line[i] != ' ')
        return 400;
    line[i] = '\0';
    h->method = line;
    char *target = line + ++i;
    while (i < len && line[i] > 0x20 && line[i] < 0x7f && line[i] != '#')
        i++;
    if (i >= len || line[i] != ' ' || target[0] != '/')
        return 400;
    line[i] = '\0';
    const char *v = line + i + 1;
    size_t vlen = len - i - 1;
    if (vlen != 8 || memcmp(v, "HTTP/", 5) || v[6] != '.' || v[5] < '0' || v[5] > '9' ||
        v[7] < '0' || v[7] > '9')
        return 400;
    if (v[5] != '1' || (v[7] != '0' && v[7] != '1'))
        return 505;
    h->http10 = v[7] == '0';
    h->keep_alive = !h->http10;
    char *q = strchr(target, '?');
    if (q) {
        *q++ = '\0';
        h->query = *q ? q : NULL;
    }
    h->path = target;
    if (!url_decode(h->path, false) || (h->query && !url_decode(h->query, true)))
        return 400;
    return 0;
}

static bool value_is(const char *v, size_t len, const char *want)
{
    return strlen(want) == len && !strncasecmp(v, want, len);
}

/* Connection: a list of options; close and keep-alive matter. */
static void parse_connection(const char *v, size_t len, struct http_head *h)
{
    for (size_t i = 0; i < len;) {
        while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            i++;
        size_t start = i;
        while (i < len && v[i] != ',' && v[i] != ' ' && v[i] != '\t')
            i++;
        if (value_is(v + start, i - start, "close"))
            h->keep_alive = false;
        else if (value_is(v + start, i - start, "keep-alive") && h->http10)
            h->keep_alive = true;
    }
}

static int parse_length(const char *v, size_t len, struct http_head *h)
{
    unsigned long long n = 0;
    if (len == 0 || len > 18)
        return 400;
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return 400;
        n = n * 10 + (unsigned)(v[i] - '0');
    }
    if (h->has_length && h->content_length != n)
        return 400;
    h->has_length = true;
    h->content_length = n;
    return 0;
}

/* One header field: the ones the server acts on are read, the others
 * only checked. */
static int parse_field(char *line, size_t len, struct http_head *h)
{
    size_t i = 0;
    while (i < len && is_tchar((unsigned char)line[i]))
        i++;
    if (i == 0 || i >= len || line[i] != ':')
        return 400;
    size_t name_len = i++;
    while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t end = len;
    while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\t'))
        end--;
    for (size_t k = i; k < end; k++)
        if (!is_value_byte((unsigned char)line[k]))
            return 400;
    char *v = line + i;
    size_t vlen = end - i;
    if (value_is(line, name_len, "content-length"))
        return parse_length(v, vlen, h);
    if (value_is(line, name_len, "transfer-encoding")) {
        if (h->chunked || !value_is(v, vlen, "chunked"))
            return 501;
        h->chunked = true;
    } else if (value_is(line, name_len, "connection"))
        parse_connection(v, vlen, h);
    else if (value_is(line, name_len, "expect")) {
        if (!value_is(v, vlen, "100-continue"))
            return 417;
        h->expect_continue = true;
    } else if (value_is(line, name_len, "content-type") && !h->content_type) {
        v[vlen] = '\0';
        h->content_type = v;
    }
    return 0;
}

/* The lines of a complete head, head[0..len) ending in CRLF CRLF. */
static int parse_lines(char *head, size_t len, struct http_head *h)
{
    char *p = head, *end = head + len - 2;   /* the blank line's CRLF */
    unsigned nfields = 0;
    for (bool first = true; p < end; first = false) {
        char *cr = memchr(p, '\r', (size_t)(end - p));
        if (!cr || cr[1] != '\n')
            return 400;
        size_t n = (size_t)(cr - p);
        if (memchr(p, '\n', n) || memchr(p, '\0', n))
            return 400;
        int rc;
        if (first)
            rc = parse_request_line(p, n, h);
        else if (++nfields > HTTP_MAX_HEADERS)
            rc = 431;
        else
            rc = parse_field(p, n, h);
        if (rc)
            return rc;
        p = cr + 2;
    }
    if (h->chunked && h->has_length)
        return 400;
    return 1;
}

int http_parse_head(char *buf, size_t len, size_t max_head, size_t *scan, struct http_head *h)
{
    size_t skip = 0;
    while (skip + 2 <= len && buf[skip] == '\r' && buf[skip + 1] == '\n')
        skip += 2;
    if (skip > 2 * HTTP_MAX_SKIPPED)
        return 400;
    if (skip >= len || (skip + 1 == len && buf[skip] == '\r'))
        return 0;
    if (!is_tchar((unsigned char)buf[skip]))
        return 400;               /* not a request line at all: no need to wait */
    size_t from = *scan > skip + 3 ? *scan - 3 : skip;
    char *e = len > from ? memmem(buf + from, len - from, "\r\n\r\n", 4) : NULL;
    if (!e) {
        *scan = len;
        return len - skip > max_head ? 431 : 0;
    }
    size_t head_len = (size_t)(e + 4 - (buf + skip));
    if (head_len > max_head)
        return 431;
    memset(h, 0, sizeof *h);
    h->head_len = head_len;
    h->skipped = skip;
    return parse_lines(buf + skip, head_len, h);
}

enum { CH_SIZE, CH_SIZE_MORE, CH_EXT, CH_SIZE_LF, CH_DATA, CH_DATA_CR, CH_DATA_LF,
       CH_TRAILER, CH_TRAILER_LINE, CH_TRAILER_LF, CH_END_LF };

/* One framing byte (any state but CH_DATA): false when malformed. */
static bool chunked_byte(struct http_chunked *c, unsigned char b)
{
    int x;
    switch (c->state) {
    case CH_SIZE:
    case CH_SIZE_MORE:
        if ((x = hex_value(b)) >= 0) {
            if (++c->line > HTTP_MAX_SIZE_DIGITS)
                return false;
            c->left = c->left << 4 | (unsigned)x;
            c->state = CH_SIZE_MORE;
            return true;
        }
        if (c->state == CH_SIZE)
            return false;
        if (b == ';') {
            c->state = CH_EXT;
            return true;
        }
        if (b != '\r')
            return false;
        c->state = CH_SIZE_LF;
        return true;
    case CH_EXT:
        if (++c->line > HTTP_MAX_SIZE_LINE || (b != '\r' && !is_value_byte(b)))
            return false;
        if (b == '\r')
            c->state = CH_SIZE_LF;
        return true;
    case CH_SIZE_LF:
        if (b != '\n')
            return false;
        c->line = 0;
        c->state = c->left ? CH_DATA : CH_TRAILER;
        return true;
    case CH_DATA_CR:
        c->state = CH_DATA_LF;
        return b == '\r';
    case CH_DATA_LF:
        c->state = CH_SIZE;
        return b == '\n';
    case CH_TRAILER:
        c->state = b == '\r' ? CH_END_LF : CH_TRAILER_LINE;
        return b == '\r' || ++c->trailer <= HTTP_MAX_TRAILER;
    case CH_TRAILER_LINE:
        if (b == '\r')
            c->state = CH_TRAILER_LF;
        return ++c->trailer <= HTTP_MAX_TRAILER && (b == '\r' || is_value_byte(b));
    case CH_TRAILER_LF:
        c->state = CH_TRAILER;
        return b == '\n';
    case CH_END_LF:
        c->done = b == '\n';
        return c->done;
    }
    return false;
}

long http_chunked_step(struct http_chunked *c, const char *in, size_t n, size_t *data_off,
                       size_t *data_len)
{
    size_t i = 0;
    *data_off = *data_len = 0;
    while (i < n && !c->done) {
        if (c->state == CH_DATA) {
            size_t take = c->left < n - i ? (size_t)c->left : n - i;
            *data_off = i;
            *data_len = take;
            c->left -= take;
            if (!c->left)
                c->state = CH_DATA_CR;
            return (long)(i + take);
        }
        if (!chunked_byte(c, (unsigned char)in[i++]))
            return -1;
    }
    return (long)i;
}
