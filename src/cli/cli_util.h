/* cli_util.h — what every subcommand shares: usage errors, --format
 * parsing, the colour decision, and the report sink (standard output, or a
 * file replaced atomically with -o FILE). */
#ifndef RINGWALL_CLI_UTIL_H
#define RINGWALL_CLI_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include "../core/atomic_file.h"

/* Prints `ringwall: MESSAGE` and the usage on stderr; returns 2, the exit
 * status of a usage error. */
int cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --help: prints the usage on stdout; returns 0. */
int cli_help(const char *usage);
/* An option getopt rejected (it said why): prints the usage on stderr;
 * returns 2. */
int cli_bad_option(const char *usage);

/* The index of name in the NULL-terminated list names, or -1. */
/* -o FILE: stores the file name; a usage error (exit status) when it is empty,
 * -1 otherwise. */
int cli_output_arg(const char *usage, const char *arg, const char **out);

/* Paths must follow the options: a usage error (exit status) when none do,
 * -1 otherwise. */
int cli_need_inputs(const char *usage, int optind_, int argc);

int cli_format_index(const char *name, const char *const *names);

/* Colour only for a text report on a terminal, never with --no-color or a
 * non-empty NO_COLOR (no-color.org), never in a file. */
bool cli_use_color(bool text, bool to_file, bool no_color);

/* Where a report goes: standard output, or a temporary file renamed over
 * path once complete. */
struct cli_sink {
    FILE *f;
    struct atomic_file af;
    const char *path; /* NULL for stdout */
};

/* Opens the sink (path NULL: stdout); false after reporting the error. */
bool cli_sink_open(struct cli_sink *s, const char *path);
/* Flushes and, for a file, renames it into place; returns 0, or -1 after
 * reporting a write error (a previous FILE stays as it was). */
int cli_sink_close(struct cli_sink *s);

#endif
