/* calls.c — the calls built on etcd_call: authentication (a token for the
 * later calls) and key ranges, with the JSON they send and read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/base64.h"
#include "client_priv.h"

/* s as a JSON string at o (6 bytes per byte at most, plus the quotes);
 * returns the end. */
static char *put_json_string(char *o, const char *s)
{
    *o++ = '"';
    for (; *s; s++)
        o += (unsigned char)*s < 0x20 || *s == '"' || *s == '\\'
                 ? sprintf(o, "\\u%04x", (unsigned char)*s)
                 : sprintf(o, "%c", *s);
    *o++ = '"';
    return o;
}

bool etcd_client_login(struct etcd_client *c, struct etcd_result *r)
{
    if (!c->o.user)
        return true;
    struct arena a = {0};
    const char *pw = c->o.password ? c->o.password : "";
    char *req = xmalloc(64 + 6 * (strlen(c->o.user) + strlen(pw))), *o = req;
    o += sprintf(o, "{\"name\":");
    o = put_json_string(o, c->o.user);
    o += sprintf(o, ",\"password\":");
    o = put_json_string(o, pw);
    sprintf(o, "}");
    bool ok = etcd_call(c, &a, "/v3/auth/authenticate", req, r);
    free(req);
    const char *token = ok ? ej_str(ej_get(r->body, "token")) : NULL;
    if (ok && !token) {
        r->status = ETCD_BAD_RESPONSE;
        etcd_set_message(r, "%s: authentication answer without a token", r->endpoint);
        ok = false;
    }
    if (ok) {
        free(c->token);
        c->token = xstrdup(token);
    }
    r->body = NULL;
    arena_free(&a);
    return ok;
}

size_t etcd_prefix_end(const unsigned char *prefix, size_t len, unsigned char *out)
{
    memcpy(out, prefix, len);
    for (size_t i = len; i-- > 0;) {
        if (out[i] < 0xff) {
            out[i]++;
            return i + 1;
        }
    }
    out[0] = 0; /* every key: "\0" */
    return 1;
}

static void put_bytes(char **o, const char *name, const unsigned char *b, size_t n)
{
    *o += sprintf(*o, ",\"%s\":\"", name);
    *o += base64_encode(b, n, *o);
    *o += sprintf(*o, "\"");
}

bool etcd_range_page_read(struct arena *a, const struct ej_value *body,
                          struct etcd_range_page *page)
{
    const struct ej_value *kvs = ej_get(body, "kvs");
    if (kvs && kvs->type != EJ_ARRAY)
        return false;
    size_t n = 0;
    for (const struct ej_value *k = kvs ? kvs->child : NULL; k; k = k->next)
        n++;
    page->kvs = arena_zalloc(a, (n ? n : 1) * sizeof *page->kvs);
    page->n = 0;
    for (const struct ej_value *k = kvs ? kvs->child : NULL; k; k = k->next) {
        struct etcd_kv *kv = &page->kvs[page->n++];
        if (k->type != EJ_OBJECT || !ej_bytes(a, ej_get(k, "key"), &kv->key, &kv->keylen) ||
            !ej_bytes(a, ej_get(k, "value"), &kv->value, &kv->valuelen) ||
            !ej_u64(ej_get(k, "mod_revision"), &kv->mod_revision))
            return false;
    }
    const struct ej_value *more = ej_get(body, "more");
    page->more = more && more->type == EJ_BOOL && more->boolean;
    return ej_u64(ej_get(body, "count"), &page->count) &&
           ej_u64(ej_get(ej_get(body, "header"), "revision"), &page->revision);
}

bool etcd_range(struct etcd_client *c, struct arena *a, const struct etcd_range *q,
                struct etcd_range_page *page, struct etcd_result *r)
{
    char *req = xmalloc(256 + base64_encoded_size(q->keylen) + base64_encoded_size(q->endlen));
    char *o = req;
    o += sprintf(o, "{\"limit\":\"%llu\"", (unsigned long long)q->limit);
    put_bytes(&o, "key", q->key, q->keylen);
    if (q->range_end)
        put_bytes(&o, "range_end", q->range_end, q->endlen);
    if (q->revision)
        o += sprintf(o, ",\"revision\":\"%llu\"", (unsigned long long)q->revision);
    if (q->keys_only)
        o += sprintf(o, ",\"keys_only\":true");
    if (q->count_only)
        o += sprintf(o, ",\"count_only\":true");
    sprintf(o, "}");
    bool ok = etcd_call(c, a, "/v3/kv/range", req, r);
    free(req);
    if (ok && !etcd_range_page_read(a, r->body, page)) {
        r->status = ETCD_BAD_RESPONSE;
        etcd_set_message(r, "%s: malformed range response", r->endpoint);
        return false;
    }
    return ok;
}
