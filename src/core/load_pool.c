/* load_pool.c — inputs loaded by worker threads, delivered in input order
 * (load_pool.h). One lock guards every queue. A worker takes the next input
 * nobody has taken (waiting for one while inputs still come) and queues
 * each document it completes for the calling thread, and a copy of each
 * List item it may hand over (the loader releases an item's memory once it
 * is taken); an item too large to copy is handed over from the worker's
 * stack, which waits for its fate. Inputs are taken in order, and the
 * worker of the input the calling thread takes only ever waits for the
 * calling thread: nothing can wait in a circle. The calling thread sleeps
 * until a good amount can be delivered (over several inputs when they are
 * small), so that it wakes, and takes a core from a worker, seldom. */
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
 * once half of that is taken. The calling thread, waiting, wakes when
 * WAKE_BYTES or WAKE_DOCS can be delivered, counting the queues of the
 * inputs from the one it takes to the first one not loaded yet (the end of
 * an input counts as a document), or when everything is loaded, an item
 * waits, or a worker has stopped while a loaded input can be delivered:
 * fewer, larger hand-overs (WAKE_* are at most half of AHEAD_*, so a worker
 * stopped on the input being taken always wakes it). An input that
 * is not a file (standard input, a FIFO) wakes it at every document. A
 * single worker prepares what it loads while its queue holds BEHIND_BYTES
 * or BEHIND_DOCS (as it was when the worker last queued something). */
enum { AHEAD_BYTES = 1u << 20, AHEAD_DOCS = 64, AHEAD_BYTES_PER_WORKER = 2u << 20,
       WAKE_BYTES = 256u << 10, WAKE_DOCS = 16, BEHIND_BYTES = AHEAD_BYTES / 8,
       BEHIND_DOCS = AHEAD_DOCS / 8 };
/* A List item of up to this many nodes is copied and handed over without
 * waiting (or its memory is, when the loader lets it go: then any size);
 * a larger one waits on its worker's stack until taken. */
enum { COPY_MAX_NODES = 1u << 16 };

/* A List item that owns its memory (a copy, or the loader's memory moved
 * to `body`); once taken, kept for the next one (up to SPARE_HELD of them). */
struct held {
    struct arena arena; /* holds this too */
    struct arena_mark base; /* just after this */
    struct arena body;  /* the item's nodes, when moved rather than copied */
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
    struct load_input input;
    size_t index;
    struct job *next;
    struct entry *head, *tail; /* waiting for the calling thread */
    size_t queued_bytes, queued_docs;
    bool not_file;       /* wakes the calling thread at every document */
    bool item_waits;     /* an item in the queue waits on its worker */
    bool finished;
    int rc, open_errno;
    struct load_error err;
};

/* Which documents and items the workers prepare. */
enum prepare { PREPARE_NONE, PREPARE_ALL, PREPARE_WHEN_BEHIND };

struct load_pool {
    struct job *first, *last;
    struct job *untaken; /* the first input no worker has taken */
    size_t n;
    bool all_added;      /* load_pool_finish was called */
    size_t idle;         /* workers waiting for an input */
    unsigned workers;    /* at most */
    unsigned started;
    pthread_t *threads;
    const struct load_limits *lim;
    const struct load_pool_calls *calls;
    enum prepare prepare; /* set before the first worker starts */
    struct job *current; /* the input the calling thread is taking */
    bool caller_waits;
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
    struct load_pool *p;
    struct job *job;
    void *wctx;         /* from worker_begin */
    struct arena keep;  /* what prepare_item made for a waiting item */
    bool behind;        /* the queue was long when it last queued */
};

/* Under the lock: whether the calling thread, waiting, should wake. */
static bool caller_has_work(const struct load_pool *p)
{
    size_t bytes = 0, docs = 0;
    for (const struct job *job = p->current; job; job = job->next) {
        if (job->item_waits || (job->not_file && job->head))
            return true;
        bytes += job->queued_bytes;
        docs += job->queued_docs;
        if (!job->finished)
            return bytes >= WAKE_BYTES || docs >= WAKE_DOCS;
        docs++; /* its end */
        if (bytes >= WAKE_BYTES || docs >= WAKE_DOCS || p->stopped)
            return true;
    }
    return p->all_added;
}

/* Under the lock, after a change caller_has_work looks at. */
static void maybe_wake_caller(struct load_pool *p)
{
    if (p->caller_waits && caller_has_work(p))
        pthread_cond_signal(&p->to_caller);
}

static bool full(const struct load_pool *p, const struct job *job)
{
    if (job != p->current && p->queued_bytes >= p->ahead_bytes)
        return true;
    return job->head && (job->queued_bytes >= AHEAD_BYTES || job->queued_docs >= AHEAD_DOCS);
}

static bool half_empty(const struct load_pool *p, const struct job *job)
{
    if (job != p->current && p->queued_bytes > p->ahead_bytes / 2)
        return false;
    return !job->head ||
           (job->queued_bytes <= AHEAD_BYTES / 2 && job->queued_docs <= AHEAD_DOCS / 2);
}

/* Under the lock. */
static void enqueue(struct load_pool *p, struct job *job, struct entry *e)
{
    if (job->tail)
        job->tail->next = e;
    else
        job->head = e;
    job->tail = e;
    maybe_wake_caller(p);
}

/* Queues an entry that does not wait, once the look-ahead allows. */
static void queue(struct working *w, struct entry *e)
{
    struct job *job = w->job;
    pthread_mutex_lock(&w->p->lock);
    if (full(w->p, job)) {
        w->p->stopped++;
        maybe_wake_caller(w->p);
        while (!half_empty(w->p, job))
            pthread_cond_wait(&w->p->to_workers, &w->p->lock);
        w->p->stopped--;
    }
    w->p->queued_bytes += e->bytes;
    job->queued_bytes += e->bytes;
    job->queued_docs++;
    w->behind = job->queued_docs >= BEHIND_DOCS || job->queued_bytes >= BEHIND_BYTES;
    enqueue(w->p, job, e);
    pthread_mutex_unlock(&w->p->lock);
}

/* Whether the worker prepares what it has just loaded. */
static bool preparing(const struct working *w)
{
    enum prepare mode = w->p->prepare;
    return mode == PREPARE_ALL || (mode == PREPARE_WHEN_BEHIND && w->behind);
}

static int worker_doc(struct doc *d, void *ctx)
{
    struct working *w = ctx;
    const struct load_pool_calls *c = w->p->calls;
    if (c->prepare_doc && preparing(w))
        d->prepared = c->prepare_doc(d, &d->arena, w->wctx);
    struct entry *e = xmalloc(sizeof *e);
    *e = (struct entry){.doc = d, .bytes = d->bytes};
    queue(w, e);
    return 0;
}

/* The item with everything it points to, moved out of the loader or
 * copied: the document it came from may fail and be freed before the
 * calling thread takes it. */
static struct held *hold(struct load_pool *p, const struct load_item *it)
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
    h->item.arena = NULL;
    if (it->arena) {
        arena_adopt(&h->body, it->arena);
    } else {
        h->item.node = node_copy(a, it->node);
        h->item.duplicate_key = it->duplicate_key ? node_copy(a, it->duplicate_key) : NULL;
    }
    h->item.head = it->head ? node_copy(a, it->head) : NULL;
    h->item.file = arena_strdup(a, it->file);
    return h;
}

/* On the calling thread, once the item is taken. */
static void release_held(struct load_pool *p, struct held *h)
{
    arena_release(&h->arena, h->base);
    arena_free(&h->body);
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
    bool prepare = c->prepare_item && preparing(w);
    if ((it->arena || it->node->weight <= COPY_MAX_NODES) &&
        (!it->head || it->head->weight <= COPY_MAX_NODES)) {
        struct held *h = hold(w->p, it);
        if (prepare)
            h->item.prepared = c->prepare_item(&h->item, &h->arena, w->wctx);
        struct entry *e = xmalloc(sizeof *e);
        *e = (struct entry){.held = h,
                            .bytes = h->arena.used_total - h->base.total + h->body.used_total};
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
    struct load_pool *p = w->p;
    const struct load_input *in = &job->input;
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
    maybe_wake_caller(p);
    pthread_mutex_unlock(&p->lock);
}

static void *work(void *arg)
{
    struct load_pool *p = arg;
    const struct load_pool_calls *c = p->calls;
    struct working w = {.p = p};
    bool prepares = p->prepare != PREPARE_NONE && c->worker_begin;
    if (prepares)
        w.wctx = c->worker_begin(c->ctx);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->untaken && !p->all_added) {
            p->idle++;
            pthread_cond_wait(&p->to_workers, &p->lock);
            p->idle--;
        }
        struct job *job = p->untaken;
        if (!job)
            break;
        p->untaken = job->next;
        pthread_mutex_unlock(&p->lock);
        load_job(&w, job);
        pthread_mutex_lock(&p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    if (prepares && c->worker_end)
        c->worker_end(w.wctx);
    arena_free(&w.keep);
    stream_thread_done();
    stats_worker_done();
    return NULL;
}

/* The calling thread: one input's documents and items, as they come. */
static void deliver(struct load_pool *p, struct job *job)
{
    const struct load_pool_calls *c = p->calls;
    if (c->on_begin)
        c->on_begin(job->index, c->ctx);
    pthread_mutex_lock(&p->lock);
    p->current = job;
    if (p->stopped)
        pthread_cond_broadcast(&p->to_workers);
    for (;;) {
        while (!job->head && !job->finished && !caller_has_work(p)) {
            p->caller_waits = true;
            pthread_cond_wait(&p->to_caller, &p->lock);
            p->caller_waits = false;
        }
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
    c->on_end(job->index, job->rc, &job->err, job->open_errno, c->ctx);
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

static void run_serially(struct load_pool *p)
{
    const struct load_pool_calls *c = p->calls;
    struct serial s = {.calls = c};
    for (const struct job *job = p->first; job; job = job->next) {
        const struct load_input *in = &job->input;
        size_t i = job->index;
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

struct load_pool *load_pool_start(unsigned workers, const struct load_limits *lim,
                                  const struct load_pool_calls *calls)
{
    struct load_pool *p = xcalloc(1, sizeof *p);
    p->workers = workers;
    p->lim = lim;
    p->calls = calls;
    p->threads = xmalloc((workers ? workers : 1) * sizeof *p->threads);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->to_caller, NULL);
    pthread_cond_init(&p->to_workers, NULL);
    return p;
}

/* Up to `want` workers running (fewer if threads cannot be started). */
static void start_workers(struct load_pool *p, unsigned want, enum prepare prepare)
{
    if (!p->started)
        p->prepare = prepare;
    while (p->started < want && pthread_create(&p->threads[p->started], NULL, work, p) == 0) {
        pthread_mutex_lock(&p->lock);
        p->started++;
        p->ahead_bytes = (size_t)p->started * AHEAD_BYTES_PER_WORKER;
        pthread_mutex_unlock(&p->lock);
    }
    if (p->started < want)
        p->workers = p->started; /* no more tries */
}

/* As inputs come, a worker for each (up to p->workers), from the second
 * input on: a single input has one worker, the calling thread checks. */
void load_pool_add(struct load_pool *p, const struct load_input *in)
{
    struct job *job = xmalloc(sizeof *job);
    *job = (struct job){.input = *in, .index = p->n, .not_file = in->in != NULL};
    pthread_mutex_lock(&p->lock);
    if (p->last)
        p->last->next = job;
    else
        p->first = p->current = job;
    p->last = job;
    if (!p->untaken)
        p->untaken = job;
    p->n++;
    if (p->idle)
        pthread_cond_broadcast(&p->to_workers);
    pthread_mutex_unlock(&p->lock);
    if (p->n >= 2 && p->started < p->workers && p->workers > 1)
        start_workers(p, p->n < p->workers ? (unsigned)p->n : p->workers, PREPARE_ALL);
}

static void free_pool(struct load_pool *p)
{
    while (p->spare) {
        struct held *h = p->spare;
        p->spare = h->next_spare;
        struct arena a = h->arena;
        arena_free(&a);
    }
    while (p->first) {
        struct job *job = p->first;
        p->first = job->next;
        free(job);
    }
    pthread_cond_destroy(&p->to_workers);
    pthread_cond_destroy(&p->to_caller);
    pthread_mutex_destroy(&p->lock);
    free(p->threads);
    free(p);
}

void load_pool_finish(struct load_pool *p)
{
    pthread_mutex_lock(&p->lock);
    p->all_added = true;
    if (p->idle)
        pthread_cond_broadcast(&p->to_workers);
    pthread_mutex_unlock(&p->lock);
    if (p->n == 1 && p->workers > 1)
        start_workers(p, 1, PREPARE_WHEN_BEHIND);
    if (p->started) {
        for (struct job *job = p->first; job; job = job->next)
            deliver(p, job);
    } else {
        run_serially(p);
    }
    for (unsigned t = 0; t < p->started; t++)
        pthread_join(p->threads[t], NULL);
    free_pool(p);
}
