/* memo.c — slots of JSON text by number (memo.h). */
#include "memo.h"

#include <stdlib.h>

#include "../core/arena.h"

static char *make_members(json_memo_write write, const void *const key[4], size_t *len)
{
    struct jsonw mw;
    struct jsonw_sink k;
    jsonw_memory(&mw, &k);
    write(&mw, key);
    return jsonw_memory_take(&mw, len);
}

void json_slot_members(struct jsonw *w, struct json_slot *s, uint64_t number,
                       json_memo_write write, const void *k0, const void *k1, const void *k2,
                       const void *k3)
{
    const void *const key[4] = {k0, k1, k2, k3};
    if (!s) {
        write(w, key);
        return;
    }
    if (!s->json || s->number != number) {
        free(s->json);
        s->json = make_members(write, key, &s->len);
        s->number = number;
    }
    jsonw_members(w, s->json, s->len);
}

void json_slots_free(struct json_slot *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i].json);
    free(s);
}
