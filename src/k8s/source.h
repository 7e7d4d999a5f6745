/* source.h — objects from paths: walks files and directories, loads each
 * document, reports input errors as FILE:LINE:COL, expands Lists, and hands
 * every object to a callback. Every subcommand that reads manifests uses it. */
#ifndef RINGWALL_SOURCE_H
#define RINGWALL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/input.h"
#include "../core/load.h"
#include "../core/progress.h"
#include "object.h"

struct scan_summary {
    size_t files, documents, objects, skipped, input_errors;
};

struct object_source {
    const struct input_filter *filter;  /* may be NULL */
    const struct load_limits *limits;   /* NULL for defaults */
    bool verbose;                        /* list skipped documents on stderr */
    bool progress;                       /* count files and objects on a terminal */
    /* Threads parsing inputs when there are several (load_pool.h); 0 or 1:
     * one input after another on the calling thread. Callbacks are called
     * on the calling thread, in the same order either way. */
    unsigned jobs;
    object_fn on_object;
    void *ctx;
    /* A document with a duplicate mapping key is an input error; it is
     * reported, then passed here (may be NULL) instead of to on_object. */
    void (*on_duplicate_key)(const struct doc *d, void *ctx);
    /* Told the name of each file that failed to load (after the error is
     * reported); may be NULL. */
    void (*on_load_error)(const char *file, void *ctx);
    struct scan_summary summary;
    struct progress shown;               /* the progress line, while reading */
};

void source_read(struct object_source *s, const char *const *paths, size_t npaths);

#endif
