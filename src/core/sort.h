/* sort.h — qsort for arrays that may be empty: qsort's array argument must
 * not be NULL even when there is nothing to sort, and empty lists here are
 * often NULL. Every sort in ringwall goes through sort_array. */
#ifndef RINGWALL_SORT_H
#define RINGWALL_SORT_H

#include <stdlib.h>

static inline void sort_array(void *base, size_t n, size_t size,
                              int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

#endif
