/* stream.h — the loader's input from a stream. Either the whole input at
 * once: a regular file (mapped when large, read into a reused buffer when
 * small), or anything else that looks like one JSON document within the
 * document size limit with no long string; or chunks fed to
 * libyaml, refusing to read far past a document already over the size limit
 * or a token already over the scalar limit so that memory stays bounded by
 * those limits. Reader errors (invalid UTF-8, known to libyaml only by byte
 * offset) are placed by line and column from the input in memory, counted
 * only then; input read in chunks keeps a window of recent bytes for that. */
#ifndef RINGWALL_STREAM_H
#define RINGWALL_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The window always holds the last KEEP bytes read, more than libyaml's raw
 * buffer, so the offset of a reader error is inside it. */
enum { WINDOW = 256u << 10, KEEP = 64u << 10 };

/* Bytes of the input and where the first of them is. */
struct recent_bytes {
    const unsigned char *bytes;
    size_t offset, len;  /* input offset of bytes[0]; bytes held */
    unsigned line, col;  /* position of bytes[0] (1-based, in characters) */
};

/* Line and column of the byte at input offset `offset` as libyaml counts
 * them; false when that byte is no longer held. */
bool recent_locate(const struct recent_bytes *r, size_t offset, unsigned *line, unsigned *col);

struct stream_reader {
    FILE *in;
    char *head;        /* bytes read ahead to look for JSON, replayed first */
    size_t nhead, head_used;
    void *map;         /* a regular JSON file mapped whole (head points into it) */
    bool borrowed;     /* head is the caller's buffer (stream_open_buffer) */
    bool pooled;       /* head is this thread's reused small-file buffer */
    size_t dropped;    /* bytes of the mapping given back (stream_consumed) */
    size_t total;      /* bytes read so far */
    size_t boundary;   /* bytes read when the last document began or ended */
    size_t limit;      /* max_doc_bytes */
    bool over;         /* reading stopped at the limit */
    size_t token_limit; /* most bytes read for one event (0: no bound) */
    size_t event_start; /* bytes read when the loader asked for the current event */
    bool long_token;   /* reading stopped at token_limit */
    struct recent_bytes recent;
    unsigned char *window; /* WINDOW bytes, for input read in chunks only */
};

/* limit: max_doc_bytes; max_scalar: the scalar limit, which bounds what is
 * read for a single event (see stream_begin_event). */
struct stream_reader *stream_open(FILE *in, size_t limit, size_t max_scalar);
/* The same over a buffer the caller keeps (in head/nhead, no FILE). */
struct stream_reader *stream_open_buffer(const char *buf, size_t len, size_t limit,
                                         size_t max_scalar);
/* Reads ahead: a regular file whole into head/nhead; other input as far as
 * needed to see whether it is one JSON document within the limit, without a
 * string longer than JSON_LONG_STRING (json.h). True when the whole input
 * is in head and looks like one JSON document within the limit; what was
 * read ahead is replayed by stream_read either way. */
bool stream_read_json(struct stream_reader *r);

/* Frees the calling thread's reusable small-file buffer (a worker ending). */
void stream_thread_done(void);
/* libyaml's read handler (yaml_parser_set_input). */
int stream_read(void *data, unsigned char *buf, size_t size, size_t *got);
/* The loader asks libyaml for the next event. Reading for one event never
 * needs much more than one token, so once it passes the scalar limit plus a
 * slack, a scalar (or a comment) is over the limit: reading stops at once
 * (long_token), not at the document limit. */
void stream_begin_event(struct stream_reader *r);
/* A document began or ended: the size limit counts from here. */
void stream_mark_boundary(struct stream_reader *r);
/* The mapped input before `offset` is not needed for now: its pages are given
 * back (touched again, they are read again from the file), so a big List
 * read item by item does not keep the whole file resident. */
void stream_consumed(struct stream_reader *r, size_t offset);
/* The mapped input in [from, to) was looked at ahead and is not needed for
 * now: its pages are given back, and stream_consumed goes on from `from`. */
void stream_release(struct stream_reader *r, size_t from, size_t to);
void stream_close(struct stream_reader *r);

#endif
