/* heap.c — huge pages for a growing heap (heap.h). */
#include "heap.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks up to this size come from the heap (arena chunks, tables); larger
 * ones, such as a scalar's buffer growing towards the scalar limit, are
 * mapped, so that growing them moves no bytes and freeing them returns
 * their memory. */
enum { HEAP_MAP_THRESHOLD = 4u << 20 };
/* The heap grows by this much more than it needs at once: address space
 * only, touched as used, and few growths to advise (each loses the huge
 * page the block that grew it was written into). It is also what a freed
 * top of the heap keeps: more (32 MB) took a scan stopped at the scalar
 * limit from 38 to 55 MB of peak memory, less (8 MB) doubles the faults of
 * 10,000 small files. */
enum { HEAP_GROWTH_PAD = 16u << 20 };

_Atomic uintptr_t heap_advised_end;

void heap_prefer_huge_pages(void)
{
#ifdef MADV_HUGEPAGE
    mallopt(M_MMAP_THRESHOLD, HEAP_MAP_THRESHOLD);
    mallopt(M_TOP_PAD, HEAP_GROWTH_PAD);
    /* worker threads allocate from this heap too, rather than each from
     * a mapped heap of its own that nobody advises: what they allocate is
     * mostly arena chunks, few and large, so they seldom wait for its lock */
    mallopt(M_ARENA_MAX, 1);
    atomic_store(&heap_advised_end, (uintptr_t)sbrk(0));
#endif
}

void heap_advise_growth(uintptr_t advised)
{
#ifdef MADV_HUGEPAGE
    uintptr_t end = (uintptr_t)sbrk(0), page = (uintptr_t)sysconf(_SC_PAGESIZE);
    if (end == (uintptr_t)-1 || end == 0)
        return;
    /* several threads may see the same growth: advising twice is harmless */
    atomic_store_explicit(&heap_advised_end, end, memory_order_relaxed);
    if (end > advised) {
        uintptr_t from = advised & ~(page - 1);
        madvise((void *)from, end - from, MADV_HUGEPAGE);
    }
#else
    (void)advised;
#endif
}
