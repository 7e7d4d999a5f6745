/* heap.h — malloc's heap for a command that keeps a large working set (a
 * scan keeps every finding, and the whole-input checks their models, until
 * the report): large blocks come from the heap rather than a mapping each
 * (a document's large arena chunks are reused, not mapped and faulted in
 * again for the next one), and the heap is given transparent huge pages
 * where the system offers them (madvise mode), so that growing it by many
 * megabytes costs a page fault per 2 MB rather than one per 4 KB; worker
 * threads share that heap. Memory
 * stays bounded as before, what is freed being reused; resident memory
 * grows by whole huge pages, and keeps blocks freed inside the heap. */
#ifndef RINGWALL_HEAP_H
#define RINGWALL_HEAP_H

#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>

/* Call once, first thing, from the command that wants it. */
void heap_prefer_huge_pages(void);

/* The end of the heap as last advised (0: heap_prefer_huge_pages not
 * called). */
extern _Atomic uintptr_t heap_advised_end;
void heap_advise_growth(uintptr_t advised);

/* After an allocation (xmalloc and its kin call it): advises what the heap
 * has grown by since the last call, before most of it is touched. A load
 * and a compare when nothing changed. */
static inline void heap_follow(void)
{
    uintptr_t end = atomic_load_explicit(&heap_advised_end, memory_order_relaxed);
    if (end && (uintptr_t)sbrk(0) != end)
        heap_advise_growth(end);
}

#endif
