/* audit_input.c — audit log files to records (audit_input.h). zlib reads
 * gzip input and passes plain input through unchanged. */
#include "audit_input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "../core/diag.h"
#include "../core/load.h"
#include "audit_text.h"

enum { CHUNK = 1 << 20 };

struct reader {
    const char *name;
    audit_event_fn fn;
    void *ctx;
    struct audit_input_stats *st;
    struct audit_buf pending; /* an incomplete line, or the multi-line value */
    unsigned line;            /* line number of the next complete line */
    unsigned pending_line;
    int mode;                 /* 0 unknown, 1 one value per line, 2 multi-line value */
    bool skipping;            /* inside a line longer than the limit */
};

/* Depth of brackets left open at the end of s (strings skipped). */
static int open_depth(const char *s, size_t n)
{
    int depth = 0;
    bool str = false, esc = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (str) {
            if (esc)
                esc = false;
            else if (c == '\\')
                esc = true;
            else if (c == '"')
                str = false;
        } else if (c == '"') {
            str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return depth;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

void audit_input_record(const char *name, unsigned line, const char *s, size_t n,
                        audit_event_fn fn, void *ctx, struct audit_input_stats *st)
{
    if (blank(s, n))
        return;
    st->records++;
    long k = audit_decode(name, line, s, n, fn, ctx);
    if (k < 0)
        st->rejected++;
    else
        st->events += (unsigned long)k;
}

static void record(struct reader *r, const char *s, size_t n, unsigned line)
{
    audit_input_record(r->name, line, s, n, r->fn, r->ctx, r->st);
}

static void take_line(struct reader *r, const char *s, size_t n)
{
    unsigned line = r->line++;
    if (r->mode == 2) {
        audit_buf_add(&r->pending, s, n);
        audit_buf_putc(&r->pending, '\n');
        return;
    }
    if (r->mode == 0 && !blank(s, n)) {
        if (open_depth(s, n) > 0) {
            r->mode = 2;
            r->pending_line = line;
            audit_buf_add(&r->pending, s, n);
            audit_buf_putc(&r->pending, '\n');
            return;
        }
        r->mode = 1;
    }
    record(r, s, n, line);
}

/* Splits buf into lines; returns the bytes consumed (up to the last newline). */
static size_t split_lines(struct reader *r, const char *buf, size_t len)
{
    size_t off = 0;
    if (r->skipping) { /* the rest of an overlong line */
        const char *nl = memchr(buf, '\n', len);
        if (!nl)
            return len;
        r->skipping = false;
        r->line++;
        off = (size_t)(nl - buf) + 1;
    }
    for (;;) {
        const char *nl = memchr(buf + off, '\n', len - off);
        if (!nl)
            return off;
        take_line(r, buf + off, (size_t)(nl - (buf + off)));
        off = (size_t)(nl - buf) + 1;
    }
}

static void finish(struct reader *r)
{
    if (r->mode == 2 && r->pending.len)
        record(r, r->pending.p, r->pending.len, r->pending_line);
}

int audit_input_read(const char *name, FILE *in, audit_event_fn fn, void *ctx,
                     struct audit_input_stats *st)
{
    int fd = dup(fileno(in));
    gzFile gz = fd >= 0 ? gzdopen(fd, "rb") : NULL;
    if (!gz) {
        if (fd >= 0)
            close(fd);
        diag_error("%s: cannot read: %s", name, strerror(errno ? errno : ENOMEM));
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    struct reader r = {.name = name, .fn = fn, .ctx = ctx, .st = st, .line = 1};
    struct audit_buf buf = {0};
    size_t max = LOAD_LIMITS_DEFAULT.max_doc_bytes;
    int rc = 0;
    for (;;) {
        if (buf.cap - buf.len < CHUNK + 1) {
            audit_buf_add(&buf, "", 0);
            buf.p = xrealloc(buf.p, buf.len + CHUNK + 1);
            buf.cap = buf.len + CHUNK + 1;
        }
        int got = gzread(gz, buf.p + buf.len, CHUNK);
        if (got < 0) {
            int e;
            const char *msg = gzerror(gz, &e);
            diag_error("%s: cannot read: %s", name, e == Z_ERRNO ? strerror(errno) : msg);
            rc = -1;
            break;
        }
        if (got == 0)
            break;
        st->bytes += (unsigned long long)got;
        buf.len += (size_t)got;
        size_t used = split_lines(&r, buf.p, buf.len);
        memmove(buf.p, buf.p + used, buf.len - used);
        buf.len -= used;
        if (r.pending.len > max) {
            diag_error("%s:%u: a record is larger than %zu bytes", name, r.pending_line, max);
            rc = -1;
            break;
        }
        if (buf.len > max) { /* one line over the limit: skipped, like a malformed one */
            diag_warn("%s:%u: a line is longer than %zu bytes; record skipped", name, r.line,
                      max);
            st->records++;
            st->rejected++;
            r.skipping = true;
            buf.len = 0;
        }
    }
    if (rc == 0) {
        if (buf.len && !r.skipping)
            take_line(&r, buf.p, buf.len);
        finish(&r);
    }
    gzclose(gz);
    audit_buf_free(&buf);
    audit_buf_free(&r.pending);
    return rc;
}
