/* yaml_reader.h — a fast reader for the YAML that manifests are written in:
 * block mappings and sequences (indentless sequences too), plain, single-
 * and double-quoted scalars (over several lines as well), literal and
 * folded block scalars (with an indentation indicator too), flow sequences
 * and mappings (over several lines too), comments, multi-document streams
 * of any size, LF or CR LF line breaks, tabs in comments and block scalars.
 * It produces exactly the libyaml events the YAML parser would produce for
 * the same bytes (same scalars, styles and positions), so the loader builds
 * an identical tree. Anything else (anchors, aliases, tags, directives,
 * explicit keys, tabs elsewhere, a CR alone, a byte order mark, ...) and
 * every error make it decline, and the loader parses the document with
 * libyaml instead. */
#ifndef RINGWALL_YAML_READER_H
#define RINGWALL_YAML_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

/* Receives each event; returns false to stop the reading. */
typedef bool (*yaml_reader_fn)(const yaml_event_t *ev, void *ctx);

/* True when libyaml's reader takes all of buf (valid UTF-8 without control
 * characters). The reader is for such text only: where libyaml's reader
 * fails, libyaml stops before events its parser would otherwise have given
 * (it decodes ahead), so such an input is left to libyaml whole. */
bool yaml_reader_readable(const char *buf, size_t len);

/* Where a reading stopped: the start of the document it was in (what came
 * before is complete documents), as a byte offset into buf and a mark. */
struct yaml_reader_stop {
    size_t offset;
    yaml_mark_t mark;
};

/* Emits STREAM_START ... STREAM_END for buf (readable). Returns false, possibly after
 * some events, when the input is outside what it reads or an event was
 * refused; *stop (may be NULL) then says where. Scalar values (length bytes,
 * not NUL-terminated) point into buf or a buffer valid during the call
 * only. */
bool yaml_reader_events(const char *buf, size_t len, yaml_reader_fn fn, void *ctx,
                        struct yaml_reader_stop *stop);

/* The byte offset of the next `---` or `...` at the start of a line after
 * offset `from` (where the document there ends), or len. */
size_t yaml_document_end(const char *buf, size_t len, size_t from);

#endif
