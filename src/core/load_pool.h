/* load_pool.h — many inputs loaded by worker threads, delivered in input
 * order on the calling thread: the documents (and streamed List items) of
 * input 0, then of input 1, ..., exactly as load_stream_items() would give
 * them input after input, while later inputs are already being parsed.
 * Each document owns its arena, built on the worker that parsed it and
 * handed over whole. Workers run ahead by a bounded amount of parsed text
 * (per input, and over all inputs after the one being taken), so memory
 * stays bounded as it does with one thread. Work that needs no order
 * (the checks of one object) can be done on the workers too: see
 * prepare_doc. With one worker it is done there only when the calling
 * thread falls behind (a long queue), so both share the load. */
#ifndef RINGWALL_LOAD_POOL_H
#define RINGWALL_LOAD_POOL_H

#include <stdio.h>

#include "load.h"

struct load_input {
    const char *name; /* display name given to the documents */
    const char *path; /* opened by the worker; NULL: read `in` */
    FILE *in;         /* an input already open (standard input, a FIFO) */
};

struct load_pool_calls {
    /* On a worker, for each List item: true when on_item will take it (it
     * must decide from the item alone, without side effects). */
    item_fn will_take;
    /* Optional, on the workers: worker_begin makes a worker's context when
     * it starts, worker_end ends it. prepare_doc is given each document the
     * worker loaded, prepare_item each item will_take accepted, before the
     * calling thread is offered them (all of them with several workers;
     * with one, those it loads while the calling thread is behind), with an
     * arena that lives as long as the document or item; what they return
     * reaches on_doc as d->prepared and on_item as it->prepared (else NULL). */
    void *(*worker_begin)(void *ctx);
    void (*worker_end)(void *wctx);
    void *(*prepare_doc)(struct doc *d, struct arena *keep, void *wctx);
    void *(*prepare_item)(const struct load_item *it, struct arena *keep, void *wctx);
    /* On the calling thread, in input order: */
    void (*on_begin)(size_t index, void *ctx);
    item_fn on_item; /* offered the items will_take accepted; must take them */
    doc_fn on_doc;   /* its return value is ignored: every document is loaded */
    /* After the last document of the input: rc as load_stream_items
     * returns it, or open_errno (non-zero) when the worker could not open
     * the input's path. */
    void (*on_end)(size_t index, int rc, const struct load_error *err, int open_errno,
                   void *ctx);
    void *ctx;
};

/* A pool of up to `workers` threads loading the inputs given to
 * load_pool_add, in that order, as soon as they are given: the inputs can
 * come from a walk still going on. Threads start when a second input comes
 * (or, for a single input, at load_pool_finish: it is loaded on one thread
 * while the calling thread takes what came before). List items are copied
 * to be handed over, so the worker goes on meanwhile; one too large to copy
 * waits until taken. */
struct load_pool;
struct load_pool *load_pool_start(unsigned workers, const struct load_limits *lim,
                                  const struct load_pool_calls *calls);
/* One more input (copied; what it points to must live until the end). */
void load_pool_add(struct load_pool *p, const struct load_input *in);
/* No more inputs: delivers everything on the calling thread, in input
 * order, then ends the threads and frees the pool. */
void load_pool_finish(struct load_pool *p);

#endif
