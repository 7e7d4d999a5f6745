/* arena.h — bump allocator: every node, string and view of one document lives
 * in one arena, so freeing a document is one call. Allocation never fails
 * silently: out of memory aborts with a message. */
#ifndef RINGWALL_ARENA_H
#define RINGWALL_ARENA_H

#include <stddef.h>

/* A block of memory the arena hands out from the front (its definition is
 * here for the inline allocation below; only arena.c manages chunks). */
struct arena_chunk {
    struct arena_chunk *next;
    size_t size, used;
    size_t ready; /* bytes of data made resident ahead (large chunks) */
    max_align_t data[];
};

struct arena {
    struct arena_chunk *head;
    struct arena_chunk *spare; /* a released chunk, reused before any new one */
    size_t used_total; /* bytes handed out, for limits and statistics */
};

/* A point in an arena's history, to release everything allocated after it. */
struct arena_mark {
    struct arena_chunk *chunk;
    size_t used, total;
};

/* arena_alloc when the head chunk has no ready room: a new chunk, or pages
 * made resident first. */
void *arena_alloc_more(struct arena *a, size_t size);

/* Aligned for any type; the strings below are packed, unaligned. Inline,
 * as a document's nodes are allocated one by one. */
static inline void *arena_alloc(struct arena *a, size_t size)
{
    struct arena_chunk *c = a->head;
    if (c) {
        size_t at = (c->used + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
        if (at <= c->ready && c->ready - at >= size) {
            c->used = at + size;
            a->used_total += size;
            return (char *)c->data + at;
        }
    }
    return arena_alloc_more(a, size);
}

void *arena_zalloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);
struct arena_mark arena_mark(const struct arena *a);
/* Frees what was allocated after m (which must be a mark of a, taken after
 * no later release); the largest freed chunk is kept for the next
 * allocations, so a release-and-refill cycle costs no system calls. */
void arena_release(struct arena *a, struct arena_mark m);
/* Moves everything allocated from src into dst (src is left empty, keeping
 * its spare chunk): what src held lives as long as dst now. Into an empty
 * dst, a move of the memory to another owner. */
void arena_adopt(struct arena *dst, struct arena *src);

/* Makes room for one more element in a malloc'd array arr of n elements
 * and capacity cap (doubling, from 16). */
#define ARRAY_GROW(arr, n, cap)                                                \
    do {                                                                       \
        if ((n) == (cap)) {                                                    \
            (cap) = (cap) ? (cap) * 2 : 16;                                    \
            (arr) = xrealloc((arr), (cap) * sizeof *(arr));                    \
        }                                                                      \
    } while (0)

/* Fatal out-of-memory handler shared by every allocator wrapper. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
