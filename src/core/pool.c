/* pool.c — fixed-size records from blocks of their own (see pool.h). A new
 * block is 64 KB mapped anonymously, outside malloc's heaps; its records go
 * on the free list in address order so that the records handed out first
 * share pages. Under AddressSanitizer a record on the free list is poisoned,
 * so a use after pool_put is reported as a use after free would be. */
#include "pool.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

enum { POOL_BLOCK = 64 * 1024 };

struct pool_block {
    struct pool_block *next;
    max_align_t records[];
};

void pool_init(struct pool *p, size_t size)
{
    memset(p, 0, sizeof *p);
    size = size < sizeof(void *) ? sizeof(void *) : size;
    p->size = (size + 15) & ~(size_t)15;
}

static int pool_grow(struct pool *p)
{
    struct pool_block *b = mmap(NULL, POOL_BLOCK, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED)
        return 0;
    b->next = p->blocks;
    p->blocks = b;
    char *first = (char *)b->records;
    size_t n = (POOL_BLOCK - (size_t)(first - (char *)b)) / p->size;
    for (size_t i = n; i-- > 0;) { /* the lowest address ends up first */
        void *r = first + i * p->size;
        *(void **)r = p->free;
        p->free = r;
        POISON(r, p->size);
    }
    return 1;
}

void *pool_get(struct pool *p)
{
    if (!p->free && !pool_grow(p))
        return NULL;
    void *r = p->free;
    UNPOISON(r, p->size);
    p->free = *(void **)r;
    memset(r, 0, p->size);
    p->live++;
    return r;
}

void pool_put(struct pool *p, void *record)
{
    if (!record)
        return;
    *(void **)record = p->free;
    p->free = record;
    p->live--;
    POISON(record, p->size);
}

void pool_release(struct pool *p)
{
    while (p->blocks) {
        struct pool_block *next = p->blocks->next;
        UNPOISON(p->blocks, POOL_BLOCK);
        munmap(p->blocks, POOL_BLOCK);
        p->blocks = next;
    }
    p->free = NULL;
    p->live = 0;
}
