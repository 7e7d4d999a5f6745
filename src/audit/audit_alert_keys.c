/* audit_alert_keys.c — alert keys and their multiset (audit_alert_keys.h):
 * JSON lines read back with the project's loader (its limits apply). */
#include "audit_alert_keys.h"

#include <stdlib.h>
#include <string.h>

#include "../core/load.h"
#include "../core/strmap.h"

/* One string into the hash, NUL-terminated so that fields cannot run into
 * each other ("ab","c" differs from "a","bc"); NULL apart from "". */
static uint64_t mix(uint64_t h, const char *s)
{
    if (!s)
        return fnv1a(h, "\1", 1);
    return fnv1a(h, s, strlen(s) + 1);
}

struct json_key {
    enum audit_format f;
    uint64_t key;
    bool ok;
    unsigned docs;
};

static int key_of_doc(struct doc *doc, void *ctx)
{
    struct json_key *k = ctx;
    const struct node *root = doc->root;
    const char *rule = node_str(node_get(root, "rule"));
    const char *output = node_str(node_get(root, "output"));
    if (++k->docs == 1 && node_is_map(root) && rule && *rule && output) {
        uint64_t h = mix(fnv1a(FNV1A_INIT, k->f == AUDIT_FALCO ? "f" : "j", 1), rule);
        const char *id = node_str(node_get(root, "auditID"));
        if (k->f == AUDIT_FALCO)
            h = mix(h, output);
        else if (id && *id)
            h = mix(mix(h, "id"), id);
        else
            h = mix(mix(h, node_str(node_get(root, "time"))), output);
        k->key = h;
        k->ok = true;
    }
    doc_free(doc);
    return 0;
}

/* "FILE:LINE: " ends at the first ':' followed by digits and ": ". */
static const char *after_source(const char *p, size_t len)
{
    const char *end = p + len;
    for (const char *c = memchr(p, ':', len); c; c = memchr(c + 1, ':', (size_t)(end - c - 1))) {
        const char *d = c + 1;
        while (d < end && *d >= '0' && *d <= '9')
            d++;
        if (d > c + 1 && end - d >= 2 && d[0] == ':' && d[1] == ' ')
            return d + 2;
    }
    return NULL;
}

bool alert_key_of_line(enum audit_format f, const char *line, size_t len, uint64_t *key)
{
    if (f == AUDIT_TEXT) {
        const char *rest = after_source(line, len);
        if (!rest || rest == line + len)
            return false;
        *key = fnv1a(fnv1a(FNV1A_INIT, "t", 1), rest, (size_t)(line + len - rest));
        return true;
    }
    if ((f != AUDIT_JSONL && f != AUDIT_FALCO) || len < 2 || line[0] != '{' ||
        memchr(line, '\n', len))
        return false;
    struct json_key k = {.f = f};
    struct load_error err = {0};
    if (load_buffer("<alerts>", line, len, &LOAD_LIMITS_DEFAULT, key_of_doc, &k, &err) != 0 ||
        k.docs != 1)
        return false;
    *key = k.key;
    return k.ok;
}

/* ---- the multiset ---- */

static size_t slot_of(const struct alert_keys *k, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (k->cap - 1);
    while (k->key[i] && k->key[i] != key)
        i = (i + 1) & (k->cap - 1);
    return i;
}

static void grow(struct alert_keys *k)
{
    struct alert_keys old = *k;
    k->cap = old.cap ? old.cap * 2 : 64;
    k->key = xcalloc(k->cap, sizeof *k->key);
    k->count = xcalloc(k->cap, sizeof *k->count);
    k->used = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.key[i] && old.count[i]) {
            size_t s = slot_of(k, old.key[i]);
            k->key[s] = old.key[i];
            k->count[s] = old.count[i];
            k->used++;
        }
    free(old.key);
    free(old.count);
}

void alert_keys_add(struct alert_keys *k, uint64_t key)
{
    key += !key; /* 0 marks an empty slot */
    if (2 * (k->used + 1) > k->cap)
        grow(k);
    size_t s = slot_of(k, key);
    if (!k->key[s]) {
        k->key[s] = key;
        k->used++;
    }
    if (k->count[s] < UINT32_MAX) {
        k->count[s]++;
        k->total++;
    }
}

bool alert_keys_take(struct alert_keys *k, uint64_t key)
{
    key += !key;
    if (!k->total)
        return false;
    size_t s = slot_of(k, key);
    if (!k->key[s] || !k->count[s])
        return false;
    k->count[s]--;
    k->total--;
    return true;
}

size_t alert_keys_export(const struct alert_keys *k, uint64_t **out)
{
    size_t n = 0;
    *out = xmalloc((k->total ? k->total : 1) * sizeof **out);
    for (size_t i = 0; i < k->cap; i++)
        for (unsigned c = 0; c < k->count[i]; c++)
            (*out)[n++] = k->key[i];
    return n;
}

void alert_keys_free(struct alert_keys *k)
{
    free(k->key);
    free(k->count);
    memset(k, 0, sizeof *k);
}

void alert_keys_of_text(enum audit_format f, const char *p, size_t len, struct alert_keys *k,
                        size_t *whole, size_t *unkeyed)
{
    size_t at = 0;
    *unkeyed = 0;
    for (const char *nl; at < len && (nl = memchr(p + at, '\n', len - at));) {
        size_t n = (size_t)(nl - (p + at));
        uint64_t key;
        if (alert_key_of_line(f, p + at, n, &key))
            alert_keys_add(k, key);
        else
            (*unkeyed)++;
        at += n + 1;
    }
    *whole = at;
}
