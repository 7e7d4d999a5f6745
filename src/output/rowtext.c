/* rowtext.c — per-check report text, made on first use (rowtext.h). Slots
 * are filled by compare-and-swap: threads that race to make the same part
 * make equal text, and the loser frees its copy. */
#include "rowtext.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "../checks/catalog.h"
#include "../core/arena.h"

typedef _Atomic(struct rowtext *) slot;

static slot *_Atomic slots; /* catalog rows x ROWTEXT_PARTS */

static slot *table(void)
{
    slot *t = atomic_load(&slots);
    if (t)
        return t;
    slot *fresh = xcalloc(catalog_count() * ROWTEXT_PARTS, sizeof *fresh);
    if (atomic_compare_exchange_strong(&slots, &t, fresh))
        return fresh;
    free(fresh); /* another thread's table is in place: t */
    return t;
}

const struct rowtext *rowtext_get(const struct check *c, enum rowtext_part part,
                                  rowtext_make make)
{
    size_t row = catalog_index(c);
    if (row >= catalog_count())
        return NULL;
    slot *at = &table()[row * ROWTEXT_PARTS + part];
    struct rowtext *have = atomic_load_explicit(at, memory_order_acquire);
    if (have)
        return have;
    struct rowtext *made = xmalloc(sizeof *made);
    made->text = make(c, &made->len);
    if (atomic_compare_exchange_strong(at, &have, made))
        return made;
    free((char *)made->text);
    free(made);
    return have;
}
