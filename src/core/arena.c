/* arena.c — chunked bump allocator (see arena.h). Chunks grow geometrically
 * so a document of any size costs O(log n) mallocs. */
#include "arena.h"

#include "fmt.h"
#include "heap.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum {
    ARENA_MIN_CHUNK = 16 * 1024,
    /* A chunk this large is made resident a window at a time as it fills,
     * in one system call, rather than by a page fault per page: what a
     * scan keeps for its report grows by tens of megabytes, and a fault
     * costs several microseconds on a virtual machine. Smaller chunks are
     * mostly memory malloc had already touched. */
    ARENA_POPULATE_CHUNK = 256 * 1024,
    ARENA_POPULATE_WINDOW = 256 * 1024,
};

#ifdef MADV_POPULATE_WRITE
static bool populate_works = true;

/* Makes the pages of c below offset `need` (and up to a window beyond)
 * resident; the kernel's page faults do it when it cannot. */
static __attribute__((noinline)) void populate(struct arena_chunk *c, size_t need)
{
    uintptr_t page = 4096;
    size_t ready = need + ARENA_POPULATE_WINDOW < c->size ? need + ARENA_POPULATE_WINDOW : c->size;
    uintptr_t from = ((uintptr_t)c->data + c->ready) & ~(page - 1);
    uintptr_t to = ((uintptr_t)c->data + ready) & ~(page - 1);
    c->ready = ready;
    if (to > from && populate_works && madvise((void *)from, to - from, MADV_POPULATE_WRITE) != 0 &&
        errno == EINVAL)
        populate_works = false; /* a kernel before 5.14 */
}
#else
static void populate(struct arena_chunk *c, size_t need)
{
    c->ready = c->size;
}
#endif

static void die_oom(void)
{
    fputs("ringwall: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die_oom();
    heap_follow();
    return p;
}

/* A small block by malloc and memset: glibc's calloc passes by its
 * per-thread cache of small blocks, which malloc takes from first. */
enum { XCALLOC_SMALL = 1024 };

void *xcalloc(size_t n, size_t size)
{
    size_t bytes;
    if (!__builtin_mul_overflow(n, size, &bytes) && bytes && bytes <= XCALLOC_SMALL)
        return memset(xmalloc(bytes), 0, bytes);
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        die_oom();
    heap_follow();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        die_oom();
    heap_follow();
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* Chunks of the smallest size that arenas give back, kept per thread for
 * the next arena's first chunk rather than returned to malloc: a command
 * that makes and frees a few small arenas per request (the webhook's
 * decision, its document, its engine and its analyzers' tables) would
 * otherwise grow and trim malloc's heap by their sum every time. A bounded
 * stack; a thread's cache goes back to malloc when the thread ends.
 * AddressSanitizer builds return every chunk, so that use after free is
 * seen. */
#if defined(__SANITIZE_ADDRESS__)
#define CHUNK_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHUNK_CACHE 0
#endif
#endif
#ifndef CHUNK_CACHE
#define CHUNK_CACHE 1
#endif

#if CHUNK_CACHE
enum { CHUNK_CACHE_MAX = 16 };
static _Thread_local struct arena_chunk *cached;
static _Thread_local unsigned ncached;
static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_drain(void *unused)
{
    (void)unused;
    while (cached) {
        struct arena_chunk *c = cached;
        cached = c->next;
        free(c);
    }
    ncached = 0;
}

static void cache_key_make(void)
{
    if (pthread_key_create(&cache_key, cache_drain) != 0)
        cache_key = (pthread_key_t)-1;
}

/* A freed chunk: cached when it is of the smallest size and there is room. */
static void chunk_free(struct arena_chunk *c)
{
    if (!c || c->size != ARENA_MIN_CHUNK || ncached == CHUNK_CACHE_MAX) {
        free(c);
        return;
    }
    if (!ncached) { /* the thread's cache is drained when it ends */
        pthread_once(&cache_once, cache_key_make);
        if (cache_key == (pthread_key_t)-1 || pthread_setspecific(cache_key, &cached) != 0) {
            free(c);
            return;
        }
    }
    c->next = cached;
    cached = c;
    ncached++;
}

static struct arena_chunk *chunk_cached(void)
{
    struct arena_chunk *c = cached;
    if (c) {
        cached = c->next;
        ncached--;
    }
    return c;
}
#else
static void chunk_free(struct arena_chunk *c)
{
    free(c);
}

static struct arena_chunk *chunk_cached(void)
{
    return NULL;
}
#endif

/* A chunk at the head with room for size bytes: the spare, or a new one
 * twice the size of the last. Out of line, like populate(), so that the
 * common allocation stays a few instructions. */
static __attribute__((noinline)) struct arena_chunk *new_chunk(struct arena *a, size_t size)
{
    struct arena_chunk *c = a->head;
    size_t want = c ? c->size * 2 : ARENA_MIN_CHUNK;
    if (want > 4u * 1024 * 1024)
        want = 4u * 1024 * 1024;
    if (want < size)
        want = size;
    if (a->spare && a->spare->size >= size) {
        c = a->spare;
        a->spare = NULL;
    } else if (want == ARENA_MIN_CHUNK && (c = chunk_cached()) != NULL) {
        /* a chunk of this size another arena gave back: ready as it was */
    } else {
        c = xmalloc(sizeof *c + want);
        c->size = want;
        c->ready = want < ARENA_POPULATE_CHUNK ? want : 0;
    }
    c->used = 0;
    c->next = a->head;
    a->head = c;
    return c;
}

/* size bytes at offset `at` of the head chunk (or of a new one). */
static inline void *take(struct arena *a, size_t at, size_t size)
{
    struct arena_chunk *c = a->head;
    if (!c || c->size < at || c->size - at < size) {
        c = new_chunk(a, size);
        at = 0;
    }
    c->used = at + size;
    if (c->used > c->ready)
        populate(c, c->used);
    a->used_total += size;
    return (char *)c->data + at;
}

void *arena_alloc_more(struct arena *a, size_t size)
{
    size_t align = sizeof(max_align_t), used = a->head ? a->head->used : 0;
    return take(a, (used + align - 1) & ~(align - 1), size);
}

/* Text needs no alignment: strings are packed. */
static char *text_alloc(struct arena *a, size_t size)
{
    return take(a, a->head ? a->head->used : 0, size);
}

void *arena_zalloc(struct arena *a, size_t size)
{
    return memset(arena_alloc(a, size), 0, size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *d = text_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* One pass when the text fits in what is left of the current chunk (the
 * common case: paths and messages are short), by fmt_plain when the
 * directives allow; else measured, then printed. */
char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    struct arena_chunk *c = a->head;
    size_t room = c ? c->size - c->used : 0;
    int n = -1;
    if (room) {
        char *d = (char *)c->data + c->used;
        va_start(ap, fmt);
        n = fmt_plain(d, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            va_start(ap, fmt);
            n = vsnprintf(d, room, fmt, ap);
            va_end(ap);
        }
    }
    if (n >= 0 && (size_t)n < room)
        return text_alloc(a, (size_t)n + 1); /* the bytes just written */
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    char *d = text_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

struct arena_mark arena_mark(const struct arena *a)
{
    return (struct arena_mark){a->head, a->head ? a->head->used : 0, a->used_total};
}

void arena_release(struct arena *a, struct arena_mark m)
{
    while (a->head != m.chunk) {
        struct arena_chunk *c = a->head;
        a->head = c->next;
        if (a->spare && a->spare->size >= c->size) {
            chunk_free(c);
        } else {
            chunk_free(a->spare);
            a->spare = c;
        }
    }
    if (m.chunk)
        m.chunk->used = m.used;
    a->used_total = m.total;
}

/* The chunks go behind dst's current one, which stays the one allocated
 * from. */
void arena_adopt(struct arena *dst, struct arena *src)
{
    struct arena_chunk *last = src->head;
    if (!last)
        return;
    while (last->next)
        last = last->next;
    if (dst->head) {
        last->next = dst->head->next;
        dst->head->next = src->head;
    } else {
        dst->head = src->head;
    }
    dst->used_total += src->used_total;
    src->head = NULL;
    src->used_total = 0;
}

void arena_free(struct arena *a)
{
    chunk_free(a->spare);
    a->spare = NULL;
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        chunk_free(c);
        c = next;
    }
    a->head = NULL;
    a->used_total = 0;
}
