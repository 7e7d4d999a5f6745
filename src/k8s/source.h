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
    /* Optional: work on each object done ahead, on the thread that loaded
     * it (with jobs > 1; never when the input is read on the calling
     * thread). prepare is given the objects of one document, or of one
     * List item, in order, with *batch NULL before the first: `keep` lives
     * as long as the document (or item), `scratch` is the thread's own.
     * What it leaves in *batch reaches on_prepared on the calling thread
     * just before on_object sees those objects; on_prepared(NULL) comes
     * before objects nothing prepared. prepare may only read ctx. */
    void (*prepare)(const struct k8s_object *o, struct arena *keep, struct arena *scratch,
                    void **batch, void *ctx);
    void (*on_prepared)(void *batch, void *ctx);
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
