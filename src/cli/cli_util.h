/* cli_util.h — what every subcommand shares: usage errors, --format
 * parsing, the colour decision, and the report sink (standard output, or a
 * file replaced atomically with -o FILE). */
#ifndef RINGWALL_CLI_UTIL_H
#define RINGWALL_CLI_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/atomic_file.h"
#include "../k8s/source.h"

/* Prints `ringwall: MESSAGE` and the usage on stderr; returns 2, the exit
 * status of a usage error. */
int cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --help: prints the usage on stdout; returns 0. */
int cli_help(const char *usage);
/* An option getopt rejected (it said why): prints the usage on stderr;
 * returns 2. */
int cli_bad_option(const char *usage);

/* -o FILE: stores the file name; a usage error (exit status) when it is empty,
 * -1 otherwise. */
int cli_output_arg(const char *usage, const char *arg, const char **out);

/* Paths must follow the options: a usage error (exit status) when none do,
 * -1 otherwise. */
int cli_need_inputs(const char *usage, int optind_, int argc);

/* Format names: a format with two names (text and txt, markdown and md) is
 * accepted under both by every command. cli_format_other returns the other
 * name of name, or name itself when it has one name only. */
const char *cli_format_other(const char *name);
/* The index of name (or of its other name) in the NULL-terminated list
 * names, or -1. */
int cli_format_index(const char *name, const char *const *names);

/* Appends s to the list *v of *n strings (repeatable options such as
 * --exclude). */
void cli_push_arg(const char ***v, size_t *n, const char *s);

/* A whole number option (--threads, --max-body, -j, ...): decimal digits
 * only, from min to max. False when arg is anything else. */
bool cli_parse_count(const char *arg, unsigned long min, unsigned long max, unsigned long *out);

/* An input holding no Kubernetes object (an empty directory, a mistyped
 * path, an empty render) is an error unless allow_empty (--allow-empty):
 * false after saying so. Input errors, reported already, are not repeated. */
bool cli_require_objects(const struct scan_summary *s, bool allow_empty);

/* Standard output, written by every command, is checked once at exit (a
 * full disk, a closed descriptor): returns rc, or 2 after reporting a write
 * error. */
int cli_finish_stdout(int rc);

/* Colour only for a text report on a terminal, never with --no-color or a
 * non-empty NO_COLOR (no-color.org), never in a file. */
bool cli_use_color(bool text, bool to_file, bool no_color);

/* Where a report goes: standard output, or FILE (atomic_file.h: a regular
 * file replaced once the report is complete, a device or FIFO written). */
struct cli_sink {
    FILE *f;
    struct atomic_file af;
    const char *path; /* NULL for stdout */
    char *buf;        /* f's stdio buffer, or NULL */
};

/* Opens the sink (path NULL: stdout); false after reporting the error. */
bool cli_sink_open(struct cli_sink *s, const char *path);
/* Flushes and, for a file, puts it into place; returns 0, or -1 after
 * reporting a write error (a previous FILE stays as it was). Standard
 * output is flushed; its errors are cli_finish_stdout's. */
int cli_sink_close(struct cli_sink *s);

#endif
