/* audit_checkpoint.c — the follow checkpoint (audit_checkpoint.h): read
 * through the project's JSON loader (its limits apply), written with the
 * JSON writer into an atomically replaced file. */
#include "audit_checkpoint.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/atomic_file.h"
#include "../core/diag.h"
#include "../core/load.h"
#include "../output/jsonw.h"

enum { VERSION = 1 };

/* A checkpoint holds up to every stateful rule's cap of keys and the
 * alerted-request set: larger than any audit record, so limits of its own
 * (still limits: a checkpoint is input too). */
static const struct load_limits CHECKPOINT_LIMITS = {
    .max_doc_bytes = 1u << 30, .max_depth = 8, .max_scalar_bytes = 16u << 20,
    .max_nodes = 1u << 26,
};

void checkpoint_add(struct checkpoint *cp, const struct checkpoint_file *f)
{
    ARRAY_GROW(cp->files, cp->nfiles, cp->cap);
    cp->files[cp->nfiles] = *f;
    cp->files[cp->nfiles].path = xstrdup(f->path);
    cp->nfiles++;
}

const struct checkpoint_file *checkpoint_find(const struct checkpoint *cp, const char *path)
{
    for (size_t i = 0; i < cp->nfiles; i++)
        if (!cp->files[i].retired && strcmp(cp->files[i].path, path) == 0)
            return &cp->files[i];
    return NULL;
}

void checkpoint_clear(struct checkpoint *cp)
{
    for (size_t i = 0; i < cp->nfiles; i++)
        free(cp->files[i].path);
    cp->nfiles = 0;
}

void checkpoint_free(struct checkpoint *cp)
{
    checkpoint_clear(cp);
    free(cp->files);
    free(cp->memory);
    memset(cp, 0, sizeof *cp);
}

/* ---- reading ---- */

struct reader {
    const char *name;
    struct checkpoint *cp;
    struct audit_engine *e;
    bool ok;
};

static bool bad(struct reader *r, const struct node *n, const char *what)
{
    diag_error_at(r->name, n ? n->line : 0, n ? n->col : 0, "checkpoint: %s", what);
    r->ok = false;
    return false;
}

static bool get_u64(struct reader *r, const struct node *map, const char *key, uint64_t *out)
{
    const struct node *n = node_get(map, key);
    int64_t v;
    if (!n || n->type != NODE_INT || !node_int(n, &v) || v < 0) {
        char why[96];
        snprintf(why, sizeof why, "\"%s\" must be a number of at least 0", key);
        return bad(r, n ? n : map, why);
    }
    *out = (uint64_t)v;
    return true;
}

static bool read_file_entry(struct reader *r, const struct node *n)
{
    if (!node_is_map(n))
        return bad(r, n, "a file entry must be an object");
    struct checkpoint_file f = {0};
    uint64_t line, head;
    const char *path = node_str(node_get(n, "path"));
    const char *hash = node_str(node_get(n, "head_hash"));
    if (!path || !*path)
        return bad(r, n, "a file entry needs its \"path\"");
    if (!get_u64(r, n, "device", &f.device) || !get_u64(r, n, "inode", &f.inode) ||
        !get_u64(r, n, "offset", &f.offset) || !get_u64(r, n, "line", &line) ||
        !get_u64(r, n, "head_bytes", &head))
        return false;
    char *end = NULL;
    errno = 0;
    f.head_hash = hash ? strtoull(hash, &end, 16) : 0;
    if (!hash || !*hash || *end || errno || strlen(hash) > 16)
        return bad(r, n, "\"head_hash\" must be a hexadecimal string of 1 to 16 digits");
    if (head > CHECKPOINT_HEAD_BYTES || line == 0 || line > UINT32_MAX)
        return bad(r, n, "\"head_bytes\" or \"line\" out of range");
    const struct node *retired = node_get(n, "retired");
    if (retired && retired->type != NODE_BOOL)
        return bad(r, retired, "\"retired\" must be true or false");
    f.retired = node_is_true(retired);
    f.line = (unsigned)line;
    f.head_bytes = (unsigned)head;
    f.path = (char *)path;
    checkpoint_add(r->cp, &f);
    return true;
}

static const struct audit_rule *stateful_rule(const struct audit_engine *e, const char *name,
                                             size_t *index)
{
    for (size_t i = 0; i < e->rs->nrules; i++) {
        const struct audit_rule *rule = &e->rs->rules[i];
        if ((rule->threshold || rule->first_seen) && strcmp(rule->name, name) == 0) {
            *index = i;
            return rule;
        }
    }
    return NULL;
}

/* [key, last, time...] */
static bool read_key(struct reader *r, struct audit_state *st, const struct node *k)
{
    const struct node *key = node_at(k, 0);
    size_t n = node_len(k);
    if (!node_is_seq(k) || n < 2 || !node_str(key))
        return bad(r, k, "a state key is [key, last, time...]");
    uint64_t *t = xcalloc(n, sizeof *t);
    for (size_t i = 1; i < n; i++) {
        int64_t v;
        const struct node *ti = node_at(k, i);
        if (ti->type != NODE_INT || !node_int(ti, &v) || v < 0) {
            free(t);
            return bad(r, ti, "a state key's times must be numbers of at least 0");
        }
        t[i - 1] = (uint64_t)v;
    }
    n -= 2;
    if (st)
        audit_state_restore(st, key->str, key->len, t[0], t + 1,
                            n > UINT32_MAX ? UINT32_MAX : (unsigned)n);
    free(t);
    return true;
}

static bool bad_hashes(struct reader *r, const struct node *n, const char *member)
{
    char why[96];
    snprintf(why, sizeof why, "\"%s\" must be a string of 16-digit hexadecimal numbers",
             member);
    return bad(r, n, why);
}

/* The alerted (rule, auditID) hashes, back into the engine. */
static void put_seen(struct reader *r, const uint64_t *h, size_t n)
{
    if (r->e)
        audit_engine_seen_import(r->e, h, n);
}

/* The keys of the alerts ahead of the positions. */
static void put_ahead(struct reader *r, const uint64_t *h, size_t n)
{
    for (size_t i = 0; r->cp->ahead && i < n; i++)
        alert_keys_add(r->cp->ahead, h[i]);
}

/* A string of 16-digit hexadecimal numbers ("seen", "ahead"), each number
 * handed to put; false after reporting it malformed. */
static bool read_hashes(struct reader *r, const struct node *n, const char *member,
                        void (*put)(struct reader *, const uint64_t *, size_t))
{
    const char *s = node_str(n);
    if (!s || n->len % 16)
        return bad_hashes(r, n, member);
    size_t count = n->len / 16;
    uint64_t *h = xmalloc((count ? count : 1) * sizeof *h);
    for (size_t i = 0; i < count; i++) {
        char digits[17];
        memcpy(digits, s + 16 * i, 16);
        digits[16] = '\0';
        char *end;
        h[i] = strtoull(digits, &end, 16);
        if (*end || !isxdigit((unsigned char)digits[0])) {
            free(h);
            return bad_hashes(r, n, member);
        }
    }
    put(r, h, count);
    free(h);
    return true;
}

static bool read_state(struct reader *r, const struct node *n)
{
    const char *name = node_str(node_get(n, "rule"));
    const struct node *keys = node_get(n, "keys");
    if (!node_is_map(n) || !name || !node_is_seq(keys))
        return bad(r, n, "a state entry needs \"rule\" and \"keys\"");
    size_t i = 0;
    struct audit_state *st = NULL;
    if (r->e) {
        if (!stateful_rule(r->e, name, &i))
            return true; /* a rule no longer loaded: its keys are of no use */
        st = &r->e->states[i];
    }
    for (size_t k = 0; k < node_len(keys); k++)
        if (!read_key(r, st, node_at(keys, k)))
            return false;
    return true;
}

/* {"inode": N, "length": N}: the alerts file as the positions left it. */
static bool read_output(struct reader *r, const struct node *n)
{
    if (!node_is_map(n))
        return bad(r, n, "\"output\" must be an object");
    if (!get_u64(r, n, "inode", &r->cp->output_inode) ||
        !get_u64(r, n, "length", &r->cp->output_length))
        return false;
    r->cp->has_output = true;
    return true;
}

static int read_doc(struct doc *doc, void *ctx)
{
    struct reader *r = ctx;
    const struct node *root = doc->root;
    int64_t version = 0;
    const struct node *files = node_get(root, "files");
    const struct node *state = node_get(root, "state");
    const struct node *seen = node_get(root, "seen");
    const struct node *output = node_get(root, "output");
    const struct node *ahead = node_get(root, "ahead");
    if (!node_is_map(root))
        bad(r, root, "expected an object");
    else if (!node_int(node_get(root, "version"), &version) || version != VERSION)
        bad(r, root, "unknown version (expected \"version\": 1)");
    else if (!node_is_seq(files) || (state && !node_is_seq(state)))
        bad(r, root, "\"files\" (and \"state\", when present) must be arrays");
    for (size_t i = 0; r->ok && i < node_len(files); i++)
        read_file_entry(r, node_at(files, i));
    for (size_t i = 0; r->ok && i < node_len(state); i++)
        read_state(r, node_at(state, i));
    if (r->ok && seen)
        read_hashes(r, seen, "seen", put_seen);
    if (r->ok && output)
        read_output(r, output);
    if (r->ok && ahead)
        read_hashes(r, ahead, "ahead", put_ahead);
    doc_free(doc);
    return 0;
}

bool checkpoint_parse(const char *name, const char *buf, size_t len, struct checkpoint *cp,
                      struct audit_engine *e)
{
    struct reader r = {.name = name, .cp = cp, .e = e, .ok = true};
    struct load_error err = {0};
    if (load_buffer(name, buf, len, &CHECKPOINT_LIMITS, read_doc, &r, &err) != 0) {
        diag_error_at(name, err.line, err.col, "checkpoint: %s", err.message);
        return false;
    }
    return r.ok;
}

bool checkpoint_load(const char *path, struct checkpoint *cp, struct audit_engine *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return true;
        diag_error("%s: cannot read the checkpoint: %s", path, strerror(errno));
        return false;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            buf = xrealloc(buf, cap);
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool ok = !ferror(f);
    if (!ok)
        diag_error("%s: cannot read the checkpoint: %s", path, strerror(errno));
    fclose(f);
    ok = ok && checkpoint_parse(path, buf, len, cp, e);
    free(buf);
    return ok;
}

/* ---- writing ---- */

static void write_key(const char *key, size_t len, uint64_t last, const uint64_t *times,
                      unsigned n, void *ctx)
{
    struct jsonw *w = ctx;
    char *k = xmalloc(len + 1);
    memcpy(k, key, len);
    k[len] = '\0';
    jsonw_array(w);
    jsonw_string(w, k);
    jsonw_int(w, (int64_t)last);
    for (unsigned i = 0; i < n; i++)
        jsonw_int(w, (int64_t)times[i]);
    jsonw_array_end(w);
    free(k);
}

/* ,"member":"hex..." of n 16-digit numbers. */
static void write_hashes(FILE *out, const char *member, const uint64_t *h, size_t n)
{
    char *hex = xmalloc(16 * n + 1);
    for (size_t i = 0; i < n; i++)
        snprintf(hex + 16 * i, 17, "%016" PRIx64, h[i]);
    hex[16 * n] = '\0';
    fprintf(out, ",\"%s\":", member);
    json_write_string(out, hex);
    free(hex);
}

static void write_seen(FILE *out, const struct audit_engine *e)
{
    uint64_t *h;
    size_t n = audit_engine_seen_export(e, &h);
    write_hashes(out, "seen", h, n);
    free(h);
}

static void write_state(FILE *out, const struct audit_engine *e)
{
    struct jsonw jw, *w = &jw;
    fputs(",\"state\":", out);
    jsonw_init(w, out);
    jsonw_array(w);
    for (size_t i = 0; i < e->rs->nrules; i++) {
        const struct audit_rule *rule = &e->rs->rules[i];
        if (!rule->threshold && !rule->first_seen)
            continue;
        jsonw_object(w);
        jsonw_kv_string(w, "rule", rule->name);
        jsonw_key(w, "keys");
        jsonw_array(w);
        audit_state_each(&e->states[i], write_key, w);
        jsonw_array_end(w);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
}

/* The members "state" and "seen" (each after a comma), kept in cp->memory:
 * with many keys they are most of the file, and the same until a rule's
 * condition matches again. */
static bool memory_text(struct checkpoint *cp, const struct audit_engine *e)
{
    if (cp->memory && cp->memory_matched == e->matched)
        return true;
    free(cp->memory);
    cp->memory = NULL;
    FILE *m = open_memstream(&cp->memory, &cp->memory_len);
    if (!m)
        return false;
    write_state(m, e);
    write_seen(m, e);
    if (fclose(m) != 0) {
        free(cp->memory);
        cp->memory = NULL;
        return false;
    }
    cp->memory_matched = e->matched;
    return true;
}

bool checkpoint_save(const char *path, struct checkpoint *cp, const struct audit_engine *e)
{
    if (e && !memory_text(cp, e))
        return false;
    struct atomic_file af;
    FILE *out = atomic_open(&af, path);
    if (!out)
        return false;
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_int(&w, "version", VERSION);
    jsonw_key(&w, "files");
    jsonw_array(&w);
    for (size_t i = 0; i < cp->nfiles; i++) {
        const struct checkpoint_file *f = &cp->files[i];
        char hash[17];
        snprintf(hash, sizeof hash, "%016" PRIx64, f->head_hash);
        jsonw_object(&w);
        jsonw_kv_string(&w, "path", f->path);
        jsonw_kv_int(&w, "device", (int64_t)f->device);
        jsonw_kv_int(&w, "inode", (int64_t)f->inode);
        jsonw_kv_int(&w, "offset", (int64_t)f->offset);
        jsonw_kv_int(&w, "line", f->line);
        jsonw_kv_int(&w, "head_bytes", f->head_bytes);
        jsonw_kv_string(&w, "head_hash", hash);
        if (f->retired)
            jsonw_kv_bool(&w, "retired", true);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    if (cp->has_output) {
        jsonw_key(&w, "output");
        jsonw_object(&w);
        jsonw_kv_int(&w, "inode", (int64_t)cp->output_inode);
        jsonw_kv_int(&w, "length", (int64_t)cp->output_length);
        jsonw_object_end(&w);
    }
    if (e)
        fwrite(cp->memory, 1, cp->memory_len, out);
    if (cp->ahead && cp->ahead->total) {
        uint64_t *h;
        size_t n = alert_keys_export(cp->ahead, &h);
        write_hashes(out, "ahead", h, n);
        free(h);
    }
    fputs("}\n", out); /* the object (memory written as text) */
    return atomic_commit(&af) == 0;
}
