/* stream.c — loader input from a stream (stream.h). */
#include "stream.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "json.h"

/* libyaml reads ahead of the events it delivers by at most its buffers and
 * the token being scanned; beyond this much unread input past the last
 * document boundary, the current document is certainly over its limit. */
enum { READ_SLACK = 1u << 20 };

/* A regular file up to this size is read into a buffer each thread reuses;
 * a larger one is mapped (a mapping costs more system calls than a small
 * read). */
enum { SMALL_FILE = 64u << 10 };

static _Thread_local char *small_buffer; /* SMALL_FILE bytes, NULL while in use */

static unsigned count_chars(const unsigned char *p, const unsigned char *end)
{
    unsigned n = 0;
    for (; p < end; p++)
        n += (*p & 0xC0) != 0x80; /* characters, not UTF-8 continuation bytes */
    return n;
}

static void advance_position(const unsigned char *p, size_t n, unsigned *line, unsigned *col)
{
    const unsigned char *end = p + n, *last = memrchr(p, '\n', n);
    if (!last) {
        *col += count_chars(p, end);
        return;
    }
    for (const unsigned char *q = p; (q = memchr(q, '\n', (size_t)(last + 1 - q))); q++)
        ++*line;
    *col = 1 + count_chars(last + 1, end);
}

bool recent_locate(const struct recent_bytes *r, size_t offset, unsigned *line,
                          unsigned *col)
{
    if (offset < r->offset || offset > r->offset + r->len)
        return false;
    *line = r->line;
    *col = r->col;
    /* libyaml does not count a byte order mark at the start */
    size_t skip = r->offset == 0 && offset >= 3 && r->len >= 3 &&
                  memcmp(r->bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    advance_position(r->bytes + skip, offset - r->offset - skip, line, col);
    return true;
}

static void keep_recent(struct stream_reader *r, const unsigned char *buf, size_t got);

int stream_read(void *data, unsigned char *buf, size_t size, size_t *got)
{
    struct stream_reader *r = data;
    if (r->total - r->boundary > r->limit + READ_SLACK) {
        r->over = true;
        return 0;
    }
    if (r->token_limit && r->total - r->event_start > r->token_limit) {
        r->long_token = true;
        return 0;
    }
    if (r->head_used < r->nhead) {
        *got = r->nhead - r->head_used < size ? r->nhead - r->head_used : size;
        memcpy(buf, r->head + r->head_used, *got);
        r->head_used += *got;
        stream_consumed(r, r->head_used); /* libyaml keeps what it still needs */
    } else {
        *got = r->in ? fread(buf, 1, size, r->in) : 0;
    }
    r->total += *got;
    if (r->in)
        keep_recent(r, buf, *got);
    return !r->in || !ferror(r->in);
}

/* Input read in chunks: the window keeps the bytes just given to libyaml. */
static void keep_recent(struct stream_reader *r, const unsigned char *buf, size_t got)
{
    if (!r->window) {
        r->window = xmalloc(WINDOW);
        r->recent.bytes = r->window;
    }
    struct recent_bytes *w = &r->recent;
    if (w->len + got > WINDOW) { /* keep the last KEEP bytes, drop the rest at once */
        size_t drop = w->len > KEEP ? w->len - KEEP : 0;
        advance_position(r->window, drop, &w->line, &w->col);
        memmove(r->window, r->window + drop, w->len - drop);
        w->offset += drop;
        w->len -= drop;
    }
    memcpy(r->window + w->len, buf, got);
    w->len += got;
}

/* The whole input is in head: errors are placed from it, counting lines
 * only then. */
static void whole_in_head(struct stream_reader *r)
{
    r->in = NULL;
    r->recent = (struct recent_bytes){.bytes = (const unsigned char *)r->head,
                                      .len = r->nhead, .line = 1, .col = 1};
}

void stream_thread_done(void)
{
    free(small_buffer);
    small_buffer = NULL;
}

/* A small regular file, read whole into this thread's buffer: to its end,
 * in case it grew since fstat. A regular file reads short only at its end,
 * so a read that stops short at the size fstat gave is the whole file (one
 * read, no second one to see the end). */
static bool read_small_file(struct stream_reader *r, int fd, size_t size)
{
    char *buf = small_buffer ? small_buffer : xmalloc(SMALL_FILE + 1);
    small_buffer = NULL;
    size_t n = 0;
    ssize_t got = 1;
    while (n <= size && got > 0) {
        size_t want = SMALL_FILE + 1 - n;
        if ((got = read(fd, buf + n, want)) > 0) {
            n += (size_t)got;
            if (n == size && (size_t)got < want)
                break;
        } else if (got < 0 && errno == EINTR) {
            got = 1;
        }
    }
    if (got < 0 || n > SMALL_FILE) { /* unreadable or grown: read as a stream, from 0 */
        free(small_buffer);
        small_buffer = buf;
        lseek(fd, 0, SEEK_SET);
        return false;
    }
    r->head = buf;
    r->nhead = n;
    r->pooled = true;
    return true;
}

/* A regular file, whole in head: read when small, else mapped (no copy, no
 * realloc; the pages read are given back as the reading goes on). Only from
 * its start: a stream ringwall opened starts there, standard input may have
 * been read from before ringwall got it. */
static bool take_regular_file(struct stream_reader *r)
{
    struct stat st;
    int fd = fileno(r->in);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (r->in == stdin && ftell(r->in) != 0))
        return false;
    if ((size_t)st.st_size <= SMALL_FILE)
        return read_small_file(r, fd, (size_t)st.st_size);
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED)
        return false;
    madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
    r->map = m;
    r->head = m;
    r->nhead = (size_t)st.st_size;
    return true;
}

bool stream_read_json(struct stream_reader *r)
{
    size_t max = r->limit;
    if (take_regular_file(r)) {
        whole_in_head(r);
        return json_looks_like(r->head, r->nhead) && r->nhead <= max;
    }
    size_t cap = 64u << 10;
    r->head = xmalloc(cap);
    r->nhead = fread(r->head, 1, cap, r->in);
    if (!json_looks_like(r->head, r->nhead))
        return false;
    struct json_lookahead strings = {0};
    if (json_lookahead_long(&strings, r->head, r->nhead))
        return false;
    while (!feof(r->in) && !ferror(r->in) && r->nhead <= max) {
        if (r->nhead == cap)
            r->head = xrealloc(r->head, cap *= 2);
        size_t got = fread(r->head + r->nhead, 1, cap - r->nhead, r->in);
        r->nhead += got;
        if (json_lookahead_long(&strings, r->head + r->nhead - got, got))
            return false; /* libyaml reads it, bounded per token */
    }
    if (!feof(r->in) || ferror(r->in) || r->nhead > max)
        return false;
    whole_in_head(r);
    return true;
}

struct stream_reader *stream_open(FILE *in, size_t limit, size_t max_scalar)
{
    struct stream_reader *r = xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    r->in = in;
    r->limit = limit;
    r->token_limit = max_scalar + READ_SLACK;
    r->recent = (struct recent_bytes){.line = 1, .col = 1};
    return r;
}

struct stream_reader *stream_open_buffer(const char *buf, size_t len, size_t limit,
                                         size_t max_scalar)
{
    struct stream_reader *r = stream_open(NULL, limit, max_scalar);
    r->head = (char *)buf;
    r->nhead = len;
    r->borrowed = true;
    whole_in_head(r);
    return r;
}

void stream_begin_event(struct stream_reader *r)
{
    r->event_start = r->total;
}

void stream_mark_boundary(struct stream_reader *r)
{
    r->boundary = r->total;
}

void stream_consumed(struct stream_reader *r, size_t offset)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), end = offset / page * page;
    if (!r->map || end < r->dropped + (1u << 20)) /* a megabyte at a time */
        return;
    madvise((char *)r->map + r->dropped, end - r->dropped, MADV_DONTNEED);
    r->dropped = end;
}

void stream_release(struct stream_reader *r, size_t from, size_t to)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), start = from / page * page;
    to = to < r->nhead ? to / page * page : r->nhead;
    if (!r->map)
        return;
    if (to > start)
        madvise((char *)r->map + start, to - start, MADV_DONTNEED);
    r->dropped = start;
}

void stream_close(struct stream_reader *r)
{
    if (r->map)
        munmap(r->map, r->nhead);
    else if (r->pooled && !small_buffer)
        small_buffer = r->head;
    else if (!r->borrowed)
        free(r->head);
    free(r->window);
    free(r);
}
