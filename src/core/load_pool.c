/* load_pool.c — inputs loaded by worker threads, delivered in input order
 * (load_pool.h). One lock guards every queue. A worker takes the next input
 * nobody has taken, queues each document it completes for the calling
 * thread (waiting while that input's queue already holds AHEAD_BYTES of
 * text or AHEAD_DOCS documents), and hands each List item over and waits
 * for its fate, since the loader releases an item's memory once it is
 * taken. Inputs are taken in order, so the input the calling thread waits
 * for always has a worker: nothing can wait in a circle. */
#include "load_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "arena.h"
#include "stats.h"
#include "stream.h"

enum { AHEAD_BYTES = 1u << 20, AHEAD_DOCS = 64 };

/* A document, or an item waiting on its worker's stack. */
struct entry {
    struct doc *doc;
    const struct load_item *item;
    bool taken, done; /* the item's fate, once decided */
    struct entry *next;
};

struct job {
    const struct load_input *input;
    struct entry *head, *tail; /* waiting for the calling thread */
    size_t queued_bytes, queued_docs;
    bool finished;
    int rc, open_errno;
    struct load_error err;
};

struct pool {
    struct job *jobs;
    size_t n, next; /* next: the first input no worker has taken */
    const struct load_limits *lim;
    const struct load_pool_calls *calls;
    pthread_mutex_t lock;
    pthread_cond_t to_caller, to_workers;
};

/* What a worker's load callbacks see. */
struct working {
    struct pool *p;
    struct job *job;
    void *wctx; /* from worker_begin */
};

/* Under the lock. */
static void enqueue(struct pool *p, struct job *job, struct entry *e)
{
    if (job->tail)
        job->tail->next = e;
    else
        job->head = e;
    job->tail = e;
    pthread_cond_signal(&p->to_caller);
}

static int worker_doc(struct doc *d, void *ctx)
{
    struct working *w = ctx;
    const struct load_pool_calls *c = w->p->calls;
    if (c->prepare_doc)
        d->prepared = c->prepare_doc(d, w->wctx);
    struct entry *e = xmalloc(sizeof *e);
    *e = (struct entry){.doc = d};
    pthread_mutex_lock(&w->p->lock);
    while (w->job->head &&
           (w->job->queued_bytes >= AHEAD_BYTES || w->job->queued_docs >= AHEAD_DOCS))
        pthread_cond_wait(&w->p->to_workers, &w->p->lock);
    w->job->queued_bytes += d->bytes;
    w->job->queued_docs++;
    enqueue(w->p, w->job, e);
    pthread_mutex_unlock(&w->p->lock);
    return 0;
}

static bool worker_item(const struct load_item *it, void *ctx)
{
    struct working *w = ctx;
    const struct load_pool_calls *c = w->p->calls;
    if (!c->will_take(it, c->ctx))
        return false;
    struct load_item prepared = *it;
    if (c->prepare_item)
        prepared.prepared = c->prepare_item(it, w->wctx);
    struct entry e = {.item = &prepared};
    pthread_mutex_lock(&w->p->lock);
    enqueue(w->p, w->job, &e);
    while (!e.done)
        pthread_cond_wait(&w->p->to_workers, &w->p->lock);
    pthread_mutex_unlock(&w->p->lock);
    return e.taken;
}

static void load_job(struct working *w, struct job *job)
{
    struct pool *p = w->p;
    const struct load_input *in = job->input;
    FILE *f = in->path ? fopen(in->path, "rb") : in->in;
    int rc = 0, open_errno = 0;
    if (!f) {
        open_errno = errno ? errno : EIO;
    } else {
        w->job = job;
        rc = load_stream_items(in->name, f, p->lim, p->calls->will_take ? worker_item : NULL,
                               worker_doc, w, &job->err);
        if (in->path)
            fclose(f);
    }
    pthread_mutex_lock(&p->lock);
    job->rc = rc;
    job->open_errno = open_errno;
    job->finished = true;
    pthread_cond_signal(&p->to_caller);
    pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
    struct pool *p = arg;
    const struct load_pool_calls *c = p->calls;
    struct working w = {.p = p, .wctx = c->worker_begin ? c->worker_begin(c->ctx) : NULL};
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i == p->n) {
            if (c->worker_end)
                c->worker_end(w.wctx);
            stream_thread_done();
            stats_worker_done();
            return NULL;
        }
        load_job(&w, &p->jobs[i]);
    }
}

/* The calling thread: input i's documents and items, as they come. */
static void deliver(struct pool *p, size_t i)
{
    struct job *job = &p->jobs[i];
    const struct load_pool_calls *c = p->calls;
    if (c->on_begin)
        c->on_begin(i, c->ctx);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!job->head && !job->finished)
            pthread_cond_wait(&p->to_caller, &p->lock);
        struct entry *e = job->head;
        if (!e)
            break;
        job->head = e->next;
        if (!job->head)
            job->tail = NULL;
        if (e->doc) {
            job->queued_bytes -= e->doc->bytes;
            job->queued_docs--;
            pthread_cond_broadcast(&p->to_workers);
        }
        pthread_mutex_unlock(&p->lock);
        bool taken = e->doc ? (c->on_doc(e->doc, c->ctx), false) : c->on_item(e->item, c->ctx);
        pthread_mutex_lock(&p->lock);
        if (e->doc) {
            free(e);
        } else {
            e->taken = taken;
            e->done = true;
            pthread_cond_broadcast(&p->to_workers);
        }
    }
    pthread_mutex_unlock(&p->lock);
    c->on_end(i, job->rc, &job->err, job->open_errno, c->ctx);
}

/* Without threads (one input, or none could be started): each input loaded
 * in turn. */
struct serial {
    const struct load_pool_calls *calls;
};

static bool serial_item(const struct load_item *it, void *ctx)
{
    const struct load_pool_calls *c = ((struct serial *)ctx)->calls;
    return c->will_take(it, c->ctx) && c->on_item(it, c->ctx);
}

static int serial_doc(struct doc *d, void *ctx)
{
    const struct load_pool_calls *c = ((struct serial *)ctx)->calls;
    c->on_doc(d, c->ctx);
    return 0;
}

static void run_serially(struct pool *p)
{
    const struct load_pool_calls *c = p->calls;
    struct serial s = {.calls = c};
    for (size_t i = 0; i < p->n; i++) {
        const struct load_input *in = p->jobs[i].input;
        struct load_error err = {.line = 0};
        if (c->on_begin)
            c->on_begin(i, c->ctx);
        FILE *f = in->path ? fopen(in->path, "rb") : in->in;
        int open_errno = f ? 0 : errno ? errno : EIO, rc = 0;
        if (f) {
            rc = load_stream_items(in->name, f, p->lim, c->will_take ? serial_item : NULL,
                                   serial_doc, &s, &err);
            if (in->path)
                fclose(f);
        }
        c->on_end(i, rc, &err, open_errno, c->ctx);
    }
}

void load_pool_run(const struct load_input *inputs, size_t n, unsigned workers,
                   const struct load_limits *lim, const struct load_pool_calls *calls)
{
    struct pool p = {.n = n, .lim = lim, .calls = calls};
    p.jobs = xmalloc((n ? n : 1) * sizeof *p.jobs);
    for (size_t i = 0; i < n; i++)
        p.jobs[i] = (struct job){.input = &inputs[i]};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.to_caller, NULL);
    pthread_cond_init(&p.to_workers, NULL);
    if (workers > n)
        workers = (unsigned)n;
    pthread_t *threads = xmalloc((workers ? workers : 1) * sizeof *threads);
    unsigned started = 0;
    while (n > 1 && started < workers && pthread_create(&threads[started], NULL, work, &p) == 0)
        started++;
    if (started) {
        for (size_t i = 0; i < n; i++)
            deliver(&p, i);
    } else {
        run_serially(&p);
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    free(threads);
    pthread_cond_destroy(&p.to_workers);
    pthread_cond_destroy(&p.to_caller);
    pthread_mutex_destroy(&p.lock);
    free(p.jobs);
}
