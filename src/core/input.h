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

/* Reads a whole file (or "-") into memory; NULL with errno set on failure. */
char *input_slurp(const char *path, size_t max, size_t *len);

#endif
