/* pool.h — records of one size carved from blocks mapped for them alone and
 * recycled through a free list. For many small records that live long among
 * short-lived allocations (a server's connections among their TLS
 * handshakes): kept together, they do not pin the heap pages that
 * malloc_trim could otherwise give back. A pool belongs to one thread; its
 * blocks are unmapped only by pool_release. */
#ifndef RINGWALL_POOL_H
#define RINGWALL_POOL_H

#include <stddef.h>

struct pool {
    size_t size;               /* of one record, rounded up to 16 bytes */
    void *free;                /* free records, linked through their start */
    struct pool_block *blocks; /* every block mapped */
    size_t live;               /* records handed out and not put back */
};

/* A pool of records of size bytes (at most a few kilobytes). */
void pool_init(struct pool *p, size_t size);
/* A zeroed record, or NULL when no memory is left. */
void *pool_get(struct pool *p);
/* Back to the pool; NULL is ignored. */
void pool_put(struct pool *p, void *record);
/* Unmaps every block: all records must have been put back or be unused. */
void pool_release(struct pool *p);

#endif
