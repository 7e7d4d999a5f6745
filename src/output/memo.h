/* memo.h — JSON text that repeats across a report's findings, escaped once.
 * A number stands for the text: a text id, check entry or object row of the
 * finding store (finding.h), or whatever a formatter numbers texts by. The
 * formatter keeps a slot per number (or shares one between numbers) and the
 * slot keeps the text made for the last number it served. */
#ifndef RINGWALL_MEMO_H
#define RINGWALL_MEMO_H

#include <stdint.h>

#include "jsonw.h"

/* Makes JSON members from key[0..3] (strings, or values cast to pointers)
 * into w. */
typedef void (*json_memo_write)(struct jsonw *w, const void *const key[4]);

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
