/* load_pool.c — inputs loaded by worker threads, delivered in input order
 * (load_pool.h). One lock guards every queue. A worker takes the next input
 * nobody has taken and queues each document it completes for the calling
 * thread, and a copy of each List item it may hand over (the loader
 * releases an item's memory once it is taken); an item too large to copy
 * is handed over from the worker's stack, which waits for its fate. Inputs
 * are taken in order, and the worker of the input the calling thread takes
 * only ever waits for the calling thread: nothing can wait in a circle. */
#include "load_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "arena.h"
#include "doc.h"
#include "stats.h"
#include "stream.h"

/* A worker stops when its input's queue holds AHEAD_BYTES or AHEAD_DOCS,
 * or, on an input after the one the calling thread is taking, when the
 * queues of all inputs hold AHEAD_BYTES_PER_WORKER per worker; it goes on
 * once half of that is taken; the calling thread, waiting for
 * an input, wakes when WAKE_BYTES or WAKE_DOCS are queued (or the input has
 * ended, or an item waits): fewer, larger hand-overs. An input that is not
 * a file (standard input, a FIFO) wakes it at every document. */
enum { AHEAD_BYTES = 1u << 20, AHEAD_DOCS = 64, AHEAD_BYTES_PER_WORKER = 2u << 20,
       WAKE_BYTES = 256u << 10, WAKE_DOCS = 16 };
/* A List item of up to this many nodes is copied and handed over without
 * waiting; a larger one waits on its worker's stack until taken. */
enum { COPY_MAX_NODES = 1u << 16 };

/* A copy of a List item that owns its memory; once taken, kept for the
 * next copy (up to SPARE_HELD of them). */
struct held {
    struct arena arena; /* holds this too */
    struct arena_mark base; /* just after this */
    struct load_item item;
    struct held *next_spare;
};

enum { SPARE_HELD = 2 * AHEAD_DOCS };

/* A document, a held item, or an item waiting on its worker's stack. */
struct entry {
    struct doc *doc;
    struct held *held;
    const struct load_item *item;
    bool taken, done; /* the waiting item's fate, once decided */
    size_t bytes;     /* counted against the look-ahead (documents, held items) */
    struct entry *next;
};

struct job {
    const struct load_input *input;
    struct entry *head, *tail; /* waiting for the calling thread */
    size_t queued_bytes, queued_docs;
    size_t wake_docs;    /* WAKE_DOCS, or 1 */
    bool item_waits;     /* an item in the queue waits on its worker */
    bool finished;
    int rc, open_errno;
    struct load_error err;
};

struct pool {
    struct job *jobs;
    size_t n, next; /* next: the first input no worker has taken */
    const struct load_limits *lim;
    const struct load_pool_calls *calls;
    bool prepare; /* several workers: they prepare what they load */
    size_t current;      /* the input the calling thread is taking */
    size_t queued_bytes; /* in the queues of all inputs */
    size_t ahead_bytes;  /* AHEAD_BYTES_PER_WORKER per worker */
    size_t stopped;      /* workers waiting for queues to shrink */
    struct held *spare;
    size_t nspare;
    pthread_mutex_t lock;
    pthread_cond_t to_caller, to_workers;
};

/* What a worker's load callbacks see. */
struct working {
    struct pool *p;
    struct job *job;
    void *wctx;         /* from worker_begin */
    bool prepare;       /* call prepare_doc and prepare_item */
    struct arena keep;  /* what prepare_item made for a waiting item */
};

/* Under the lock: whether the calling thread, waiting for job, should wake. */
static bool worth_waking(const struct job *job)
{
    return job->finished || job->item_waits || job->queued_docs >= job->wake_docs ||
           job->queued_bytes >= WAKE_BYTES;
}

static bool full(const struct pool *p, const struct job *job)
{
    if (job != &p->jobs[p->current] && p->queued_bytes >= p->ahead_bytes)
        return true;
    return job->head && (job->queued_bytes >= AHEAD_BYTES || job->queued_docs >= AHEAD_DOCS);
}

static bool half_empty(const struct pool *p, const struct job *job)
{
    if (job != &p->jobs[p->current] && p->queued_bytes > p->ahead_bytes / 2)
        return false;
    return !job->head ||
           (job->queued_bytes <= AHEAD_BYTES / 2 && job->queued_docs <= AHEAD_DOCS / 2);
}

/* Under the lock. */
static void enqueue(struct pool *p, struct job *job, struct entry *e)
{
    if (job->tail)
        job->tail->next = e;
    else
        job->head = e;
    job->tail = e;
    if (worth_waking(job))
        pthread_cond_signal(&p->to_caller);
}

/* Queues an entry that does not wait, once the look-ahead allows. */
static void queue(struct working *w, struct entry *e)
{
    struct job *job = w->job;
    pthread_mutex_lock(&w->p->lock);
    if (full(w->p, job)) {
        w->p->stopped++;
        while (!half_empty(w->p, job))
            pthread_cond_wait(&w->p->to_workers, &w->p->lock);
        w->p->stopped--;
    }
    w->p->queued_bytes += e->bytes;
    job->queued_bytes += e->bytes;
    job->queued_docs++;
    enqueue(w->p, job, e);
    pthread_mutex_unlock(&w->p->lock);
}

static int worker_doc(struct doc *d, void *ctx)
{
    struct working *w = ctx;
    const struct load_pool_calls *c = w->p->calls;
    if (w->prepare && c->prepare_doc)
        d->prepared = c->prepare_doc(d, &d->arena, w->wctx);
    struct entry *e = xmalloc(sizeof *e);
    *e = (struct entry){.doc = d, .bytes = d->bytes};
    queue(w, e);
    return 0;
}

/* The item copied with everything it points to: the document it came from
 * may fail and be freed before the calling thread takes it. */
static struct held *hold(struct pool *p, const struct load_item *it)
{
    pthread_mutex_lock(&p->lock);
    struct held *h = p->spare;
    if (h) {
        p->spare = h->next_spare;
        p->nspare--;
    }
    pthread_mutex_unlock(&p->lock);
    if (!h) {
        struct arena a = {0};
        h = arena_zalloc(&a, sizeof *h);
        h->arena = a;
        h->base = arena_mark(&h->arena);
    }
    struct arena *a = &h->arena;
    h->item = *it;
    h->item.node = node_copy(a, it->node);
    h->item.head = it->head ? node_copy(a, it->head) : NULL;
    h->item.duplicate_key = it->duplicate_key ? node_copy(a, it->duplicate_key) : NULL;
    h->item.file = arena_strdup(a, it->file);
    return h;
}

/* On the calling thread, once the item is taken. */
static void release_held(struct pool *p, struct held *h)
{
    arena_release(&h->arena, h->base);
    pthread_mutex_lock(&p->lock);
    if (p->nspare < SPARE_HELD) {
        h->next_spare = p->spare;
        p->spare = h;
        p->nspare++;
        h = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    if (h) {
        struct arena a = h->arena;
        arena_free(&a);
    }
}

static bool worker_item(const struct load_item *it, void *ctx)
{
    struct working *w = ctx;
    const struct load_pool_calls *c = w->p->calls;
    if (!c->will_take(it, c->ctx))
        return false;
    bool prepare = w->prepare && c->prepare_item;
    if (it->node->weight <= COPY_MAX_NODES && (!it->head || it->head->weight <= COPY_MAX_NODES)) {
        struct held *h = hold(w->p, it);
        if (prepare)
            h->item.prepared = c->prepare_item(&h->item, &h->arena, w->wctx);
        struct entry *e = xmalloc(sizeof *e);
        *e = (struct entry){.held = h, .bytes = h->arena.used_total - h->base.total};
        queue(w, e);
        return true;
    }
    struct load_item waiting = *it;
    arena_release(&w->keep, (struct arena_mark){0}); /* the last waiting item was taken */
    if (prepare)
        waiting.prepared = c->prepare_item(it, &w->keep, w->wctx);
    struct entry e = {.item = &waiting};
    pthread_mutex_lock(&w->p->lock);
    w->job->item_waits = true;
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
    struct working w = {.p = p, .prepare = p->prepare};
    if (w.prepare && c->worker_begin)
        w.wctx = c->worker_begin(c->ctx);
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->n ? p->next++ : p->n;
        pthread_mutex_unlock(&p->lock);
        if (i == p->n) {
            if (w.prepare && c->worker_end)
                c->worker_end(w.wctx);
            arena_free(&w.keep);
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
    p->current = i;
    if (p->stopped)
        pthread_cond_broadcast(&p->to_workers);
    for (;;) {
        while (!job->head && !worth_waking(job))
            pthread_cond_wait(&p->to_caller, &p->lock);
        struct entry *e = job->head;
        if (!e)
            break; /* finished */
        job->head = e->next;
        if (!job->head)
            job->tail = NULL;
        if (e->item) {
            job->item_waits = false;
        } else {
            p->queued_bytes -= e->bytes;
            job->queued_bytes -= e->bytes;
            job->queued_docs--;
            if (p->stopped && (half_empty(p, job) || p->queued_bytes <= p->ahead_bytes / 2))
                pthread_cond_broadcast(&p->to_workers);
        }
        pthread_mutex_unlock(&p->lock);
        bool taken = false;
        if (e->doc) {
            c->on_doc(e->doc, c->ctx);
        } else if (e->held) {
            c->on_item(&e->held->item, c->ctx);
            release_held(p, e->held);
        } else {
            taken = c->on_item(e->item, c->ctx);
        }
        pthread_mutex_lock(&p->lock);
        if (!e->item) {
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
        p.jobs[i] = (struct job){.input = &inputs[i], .wake_docs = inputs[i].in ? 1 : WAKE_DOCS};
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.to_caller, NULL);
    pthread_cond_init(&p.to_workers, NULL);
    /* One input still gets a thread (the calling thread takes the documents
     * and items as they come); with one worker the calling thread keeps the
     * prepared work, to share the load. */
    bool threaded = workers > 1;
    if (workers > n)
        workers = (unsigned)n;
    p.prepare = workers > 1;
    p.ahead_bytes = (size_t)(workers ? workers : 1) * AHEAD_BYTES_PER_WORKER;
    pthread_t *threads = xmalloc((workers ? workers : 1) * sizeof *threads);
    unsigned started = 0;
    while (threaded && started < workers &&
           pthread_create(&threads[started], NULL, work, &p) == 0)
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
    while (p.spare) {
        struct held *h = p.spare;
        p.spare = h->next_spare;
        struct arena a = h->arena;
        arena_free(&a);
    }
    pthread_cond_destroy(&p.to_workers);
    pthread_cond_destroy(&p.to_caller);
    pthread_mutex_destroy(&p.lock);
    free(p.jobs);
}
