/* stream.h — the loader's input from a stream. Either the whole input at
 * once, when it looks like one JSON document within the size limit (a
 * regular file is mapped, not copied), or chunks fed to libyaml, refusing to
 * read far past a document already over the size limit so that memory stays
 * bounded by the limit. A window of recent bytes places reader errors
 * (invalid UTF-8, known to libyaml only by byte offset) by line and column. */
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
    size_t total;      /* bytes read so far */
    size_t boundary;   /* bytes read when the last document began or ended */
    size_t limit;      /* max_doc_bytes */
    bool over;         /* reading stopped at the limit */
    struct recent_bytes recent;
    unsigned char window[WINDOW];
};

struct stream_reader *stream_open(FILE *in, size_t limit);
/* Reads ahead: true with the whole input in head/nhead when it looks like
 * one JSON document within the limit; else false, and what was read ahead
 * is replayed by stream_read. */
bool stream_read_json(struct stream_reader *r);
/* libyaml's read handler (yaml_parser_set_input). */
int stream_read(void *data, unsigned char *buf, size_t size, size_t *got);
/* A document began or ended: the size limit counts from here. */
void stream_mark_boundary(struct stream_reader *r);
void stream_close(struct stream_reader *r);

#endif
