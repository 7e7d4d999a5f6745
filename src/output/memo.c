/* memo.c — a direct-mapped table of JSON text by pointer tuple (memo.h): a
 * collision only costs making the text again; and slots of JSON text by
 * number, where the caller picks the slot. */
#include "memo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

enum { MEMO_SLOTS = 4096 };

struct memo_key {
    json_memo_write write;
    const void *k[4];
};

struct memo_slot {
    struct memo_key key;
    char *json; /* NULL: empty */
    size_t len;
};

struct json_memo {
    struct memo_slot slot[MEMO_SLOTS];
};

struct json_memo *json_memo_new(void)
{
    return xcalloc(1, sizeof(struct json_memo));
}

void json_memo_free(struct json_memo *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < MEMO_SLOTS; i++)
        free(m->slot[i].json);
    free(m);
}

static size_t slot_of(const struct memo_key *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key->write;
    for (int i = 0; i < 4; i++)
        h = (h ^ (uint64_t)(uintptr_t)key->k[i]) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(h >> 32) % MEMO_SLOTS;
}

static char *make_members(json_memo_write write, const void *const key[4], size_t *len)
{
    struct jsonw mw;
    struct jsonw_sink k;
    jsonw_memory(&mw, &k);
    write(&mw, key);
    return jsonw_memory_take(&mw, len);
}

void json_memo_members(struct jsonw *w, struct json_memo *m, json_memo_write write,
                       const void *k0, const void *k1, const void *k2, const void *k3)
{
    struct memo_key key;
    memset(&key, 0, sizeof key); /* the padding too: keys compare as bytes */
    key.write = write;
    key.k[0] = k0, key.k[1] = k1, key.k[2] = k2, key.k[3] = k3;
    struct memo_slot *s = &m->slot[slot_of(&key)];
    if (!s->json || memcmp(&s->key, &key, sizeof key) != 0) {
        free(s->json);
        s->json = make_members(write, key.k, &s->len);
        s->key = key;
    }
    jsonw_members(w, s->json, s->len);
}

static void string_member(struct jsonw *w, const void *const key[4])
{
    jsonw_kv_string(w, key[0], key[1]);
}

void json_memo_string(struct jsonw *w, struct json_memo *m, const char *tag, const char *value)
{
    if (m)
        json_memo_members(w, m, string_member, tag, value, NULL, NULL);
    else
        jsonw_kv_string(w, tag, value);
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
