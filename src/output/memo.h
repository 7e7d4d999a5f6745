/* memo.h — JSON text that repeats across a report's findings, escaped once
 * per report. The finding store keeps one copy of each repeated message,
 * container, path and reason and shares an object's strings between its
 * findings, so within one report a tuple of those pointers stands for the
 * text made from them. Only for stored findings: a streamed finding's
 * strings may be gone (and their memory reused) by the next one. */
#ifndef RINGWALL_MEMO_H
#define RINGWALL_MEMO_H

#include "jsonw.h"

struct json_memo;

struct json_memo *json_memo_new(void);
void json_memo_free(struct json_memo *m);

/* Writes the members `write` makes from key[0..3] (strings the report keeps
 * alive, or NULL) into w: made once, then copied while the memo holds them.
 * The writer and the four pointers are the memo's key. */
typedef void (*json_memo_write)(struct jsonw *w, const void *const key[4]);
void json_memo_members(struct jsonw *w, struct json_memo *m, json_memo_write write,
                       const void *k0, const void *k1, const void *k2, const void *k3);

/* "tag":value, as jsonw_kv_string writes it, from the memo (tag: a string
 * constant). m may be NULL: written directly. */
void json_memo_string(struct jsonw *w, struct json_memo *m, const char *tag, const char *value);

/* JSON text a number stands for within one report (a text id of the
 * finding store, a check's index and a severity, an object row): kept in
 * the caller's slot for that number, or for the last number the slot
 * served (a slot shared by many numbers remakes the text when the number
 * changes). */
struct json_slot {
    char *json; /* NULL: empty */
    size_t len;
    uint64_t number;
};

/* Writes the members `write` makes from key[0..3] into w, from slot s when
 * it holds them for `number`; else makes them and keeps them there. s may
 * be NULL: written directly. */
void json_slot_members(struct jsonw *w, struct json_slot *s, uint64_t number,
                       json_memo_write write, const void *k0, const void *k1, const void *k2,
                       const void *k3);
/* The slots s[0, n) (from xcalloc) and their text, freed. */
void json_slots_free(struct json_slot *s, size_t n);

#endif
