/* input.h — expand command-line paths into the files to read: files as
 * given, directories recursively (*.yaml, *.yml, *.json, sorted, hidden
 * entries skipped, only regular files, symbolic-link loops broken), "-" for
 * standard input, minus --exclude globs. */
#ifndef RINGWALL_INPUT_H
#define RINGWALL_INPUT_H

#include <stdio.h>

struct input_filter {
    const char *const *exclude; /* fnmatch globs, matched against path and basename */
    size_t nexclude;
};

/* Called for every file with its display name and an open stream. */
typedef void (*input_fn)(const char *name, FILE *in, void *ctx);

/* Returns the number of paths that could not be read (each reported). */
unsigned input_walk(const char *const *paths, size_t npaths, const struct input_filter *filter,
                    input_fn fn, void *ctx);

/* Opens path for reading ("-": standard input), a file holding what (e.g.
 * "a config file"); NULL after reporting why not, in words: a dangling
 * symbolic link names its target, a directory is "not what", a closed
 * standard input is an error rather than an empty input. */
FILE *input_open(const char *path, const char *what);
/* Closes what input_open opened (never standard input). */
void input_close(FILE *in);
/* Reports that path cannot be read (errno err), naming a dangling symbolic
 * link's target. */
void input_report_error(const char *path, int err);
/* Opens /dev/null on a standard descriptor that is closed, so that no file
 * the program opens takes its number (a report written to descriptor 1, a
 * file read as standard input); descriptor 0 is opened write-only, so
 * reading it still fails. Call first thing in main. */
void input_reserve_std_fds(void);

/* Reads a whole file (or "-") into memory; NULL with errno set on failure. */
char *input_slurp(const char *path, size_t max, size_t *len);

#endif
