/* json.c — the documented JSON report (docs/json-format.md):
 * {"tool","version","findings":[...],"summary":{...}}, and JSON Lines, one
 * finding object per line, written as findings arrive. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../checks/check.h"
#include "../core/fmt.h"
#include "../version.h"
#include "jsonw.h"
#include "memo.h"
#include "output.h"
#include "rowtext.h"

/* Per-check text, made once (rowtext.h). */
static char *member_text(const char *key, const char *value, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    jsonw_kv_string(&w, key, value);
    return jsonw_memory_take(&w, len);
}

static char *make_head(const struct check *c, size_t *len)
{
    return member_text("check", c->id, len);
}

static char *make_title(const struct check *c, size_t *len)
{
    return member_text("title", c->title, len);
}

static void write_tail(struct jsonw *w, const struct check *c)
{
    jsonw_kv_string(w, "remediation", c->fix);
    jsonw_key(w, "references");
    jsonw_array(w);
    for (size_t i = 0; i < CHECK_MAX_REFS && c->refs[i]; i++)
        jsonw_string(w, c->refs[i]);
    jsonw_array_end(w);
}

static char *make_tail(const struct check *c, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    write_tail(&w, c);
    return jsonw_memory_take(&w, len);
}

/* A part of the finding's check: copied when the cache has it, else written. */
static void write_part(struct jsonw *w, const struct check *c, enum rowtext_part part,
                       rowtext_make make)
{
    const struct rowtext *t = rowtext_get(c, part, make);
    if (t) {
        jsonw_members(w, t->text, t->len);
        return;
    }
    size_t len;
    char *text = make(c, &len);
    jsonw_members(w, text, len);
    free(text);
}

static const char *const SEVERITY_MEMBERS[SEV_COUNT + 1] = {
    "\"severity\":\"info\"", "\"severity\":\"low\"", "\"severity\":\"medium\"",
    "\"severity\":\"high\"", "\"severity\":\"critical\"", "\"severity\":\"unknown\"",
};

/* "check", "severity" and "title": key[0] the check, key[1] the severity. */
static void write_head(struct jsonw *w, const void *const key[4])
{
    const struct check *c = key[0];
    const char *sev = SEVERITY_MEMBERS[(uintptr_t)key[1]];
    write_part(w, c, ROWTEXT_JSON_HEAD, make_head);
    jsonw_members(w, sev, strlen(sev));
    write_part(w, c, ROWTEXT_JSON_TITLE, make_title);
}

/* "remediation", "references" and "suppressed":false of check key[0]. */
static void write_tail_active(struct jsonw *w, const void *const key[4])
{
    static const char ACTIVE[] = "\"suppressed\":false";
    write_part(w, key[0], ROWTEXT_JSON_TAIL, make_tail);
    jsonw_members(w, ACTIVE, sizeof ACTIVE - 1);
}

/* "key[0]":key[1] */
static void write_member(struct jsonw *w, const void *const key[4])
{
    jsonw_kv_string(w, key[0], key[1]);
}

static void write_object(struct jsonw *w, const void *const id[4])
{
    jsonw_key(w, "object");
    jsonw_object(w);
    jsonw_kv_string(w, "apiVersion", id[0]);
    jsonw_kv_string(w, "kind", id[1]);
    jsonw_kv_string(w, "namespace", id[2]);
    jsonw_kv_string(w, "name", id[3]);
    jsonw_object_end(w);
}

/* "line":N,"column":N, or nulls for a finding with no place in the file
 * (never a made-up 1:1). */
static void write_position(struct jsonw *w, const struct finding *f)
{
    if (!finding_has_position(f)) {
        static const char NONE[] = "\"line\":null,\"column\":null";
        jsonw_members(w, NONE, sizeof NONE - 1);
        return;
    }
    static const char LINE[] = "\"line\":", COLUMN[] = ",\"column\":";
    char buf[sizeof LINE + sizeof COLUMN + 2 * FMT_UINT_MAX];
    memcpy(buf, LINE, sizeof LINE - 1);
    size_t n = sizeof LINE - 1;
    n += fmt_uint(buf + n, f->line);
    memcpy(buf + n, COLUMN, sizeof COLUMN - 1);
    n += sizeof COLUMN - 1;
    n += fmt_uint(buf + n, f->col);
    jsonw_members(w, buf, n);
}

/* The JSON text of one report's stored findings, made once: per text id of
 * the store, per check and severity, and the last object's. */
struct json_cache {
    const struct findings *fs;
    struct json_slot *message, *container, *path, *file; /* by text id */
    struct json_slot *head;  /* by check entry and severity */
    struct json_slot *tail;  /* by check entry */
    struct json_slot object; /* numbered by object row */
};

static void cache_init(struct json_cache *c, const struct findings *fs)
{
    size_t ntext = fs->ntext + 1, nchecks = fs->nchecks + 1;
    *c = (struct json_cache){
        .fs = fs,
        .message = xcalloc(ntext, sizeof *c->message),
        .container = xcalloc(ntext, sizeof *c->container),
        .path = xcalloc(ntext, sizeof *c->path),
        .file = xcalloc(ntext, sizeof *c->file),
        .head = xcalloc(nchecks * (SEV_COUNT + 1), sizeof *c->head),
        .tail = xcalloc(nchecks, sizeof *c->tail),
    };
}

static void cache_free(struct json_cache *c)
{
    size_t ntext = c->fs->ntext + 1, nchecks = c->fs->nchecks + 1;
    json_slots_free(c->message, ntext);
    json_slots_free(c->container, ntext);
    json_slots_free(c->path, ntext);
    json_slots_free(c->file, ntext);
    json_slots_free(c->head, nchecks * (SEV_COUNT + 1));
    json_slots_free(c->tail, nchecks);
    free(c->object.json);
}

/* Where a finding's members come from: slots that may hold their text
 * already (any may be NULL: written directly). */
struct finding_slots {
    struct json_slot *head, *message, *object, *container, *path, *file, *tail;
    uint64_t object_number; /* the object's number in the object slot */
};

/* The slots of row r of the store that c caches. */
static struct finding_slots stored_slots(struct json_cache *c, const struct finding_row *r)
{
    uintptr_t sev = r->severity < SEV_COUNT ? r->severity : SEV_COUNT;
    return (struct finding_slots){
        .head = &c->head[r->check * (SEV_COUNT + 1) + sev],
        .message = &c->message[r->message],
        .object = &c->object,
        .container = &c->container[r->container],
        .path = &c->path[r->path],
        .file = &c->file[c->fs->objects[r->object].file],
        .tail = &c->tail[r->check],
        .object_number = r->object,
    };
}

static void write_finding(struct jsonw *w, const struct finding_slots *s, const struct finding *f)
{
    uintptr_t sev = f->severity < SEV_COUNT ? f->severity : SEV_COUNT;
    jsonw_object(w);
    json_slot_members(w, s->head, 0, write_head, f->check, (const void *)sev, NULL, NULL);
    json_slot_members(w, s->message, 0, write_member, "message", f->message, NULL, NULL);
    json_slot_members(w, s->object, s->object_number, write_object, f->api_version, f->kind,
                      f->namespace, f->name);
    json_slot_members(w, s->container, 0, write_member, "container", f->container, NULL, NULL);
    json_slot_members(w, s->path, 0, write_member, "path", f->path, NULL, NULL);
    json_slot_members(w, s->file, 0, write_member, "file", f->file, NULL, NULL);
    write_position(w, f);
    if (f->suppressed) {
        write_part(w, f->check, ROWTEXT_JSON_TAIL, make_tail);
        jsonw_kv_bool(w, "suppressed", true);
        jsonw_kv_string(w, "suppressedBy", f->suppressed_by);
        jsonw_kv_string(w, "suppressionReason", f->suppressed);
    } else {
        json_slot_members(w, s->tail, 0, write_tail_active, f->check, NULL, NULL, NULL);
    }
    jsonw_object_end(w);
}

void output_json_finding(struct jsonw *w, const struct finding *f)
{
    write_finding(w, &(struct finding_slots){0}, f);
}

void output_json(FILE *out, const struct scan_result *res)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "tool", "ringwall");
    jsonw_kv_string(&w, "version", RINGWALL_VERSION);
    jsonw_key(&w, "findings");
    jsonw_array(&w);
    const struct findings *fs = res->findings;
    struct output_ranked *order = output_rank(fs, false);
    struct json_cache cache;
    cache_init(&cache, fs);
    struct jsonw_sink held;
    jsonw_hold(&w, &held);
    for (size_t i = 0; i < fs->n; i++) {
        struct finding f;
        findings_at(fs, order[i].index, &f);
        struct finding_slots slots = stored_slots(&cache, &fs->v[order[i].index]);
        write_finding(&w, &slots, &f);
    }
    jsonw_release(&w);
    cache_free(&cache);
    free(order);
    jsonw_array_end(&w);
    if (res->json_extra)
        res->json_extra(&w, res->json_extra_ctx);
    size_t counts[SEV_COUNT], suppressed;
    output_count(res, counts, &suppressed);
    jsonw_key(&w, "summary");
    jsonw_object(&w);
    jsonw_kv_int(&w, "files", (int64_t)res->summary.files);
    jsonw_kv_int(&w, "documents", (int64_t)res->summary.documents);
    jsonw_kv_int(&w, "objects", (int64_t)res->summary.objects);
    jsonw_kv_int(&w, "skippedDocuments", (int64_t)res->summary.skipped);
    jsonw_kv_int(&w, "inputErrors", (int64_t)res->summary.input_errors);
    jsonw_kv_int(&w, "findings", (int64_t)findings_active(res->findings));
    jsonw_key(&w, "bySeverity");
    jsonw_object(&w);
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        jsonw_kv_int(&w, severity_name((enum severity)s), (int64_t)counts[s]);
    jsonw_object_end(&w);
    jsonw_kv_int(&w, "suppressed", (int64_t)suppressed);
    jsonw_kv_int(&w, "filtered", (int64_t)res->findings->filtered);
    jsonw_object_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}

/* One finding as one line. */
static void write_line(FILE *out, const struct finding_slots *s, const struct finding *f)
{
    struct jsonw w;
    struct jsonw_sink held;
    jsonw_init(&w, out);
    jsonw_hold(&w, &held);
    write_finding(&w, s, f);
    jsonw_release(&w);
    fputc('\n', out);
}

void output_jsonl(FILE *out, const struct scan_result *res)
{
    const struct findings *fs = res->findings;
    struct json_cache cache;
    cache_init(&cache, fs);
    for (size_t i = 0; i < fs->n; i++) {
        struct finding f;
        findings_at(fs, i, &f);
        struct finding_slots slots = stored_slots(&cache, &fs->v[i]);
        write_line(out, &slots, &f);
    }
    cache_free(&cache);
}

/* A streamed finding's strings live only for the call: the stream keeps
 * copies of recent texts with their JSON, as later findings (about other
 * objects) most often repeat them. */
struct recent_text {
    char *text;      /* the copy, or NULL */
    bool kept;       /* text (even NULL) is what json was made from */
    struct json_slot json;
};

/* The slot for text s, emptied unless it holds the JSON of the same text. */
static struct json_slot *recent_slot(struct recent_text *r, const char *s)
{
    if (r->kept && (r->text == s || (r->text && s && strcmp(r->text, s) == 0)))
        return &r->json;
    free(r->text);
    free(r->json.json);
    r->text = s ? xstrdup(s) : NULL;
    r->kept = true;
    r->json.json = NULL;
    return &r->json;
}

/* Which texts the stream keeps: a direct-mapped table by a quick hash of a
 * few words of the text (a collision only makes the JSON again). */
enum { TEXT_MESSAGE, TEXT_CONTAINER, TEXT_PATH, TEXT_FILE, TEXT_TAGS, TEXT_SLOTS = 1024 };

static uint64_t quick_hash(const char *s)
{
    if (!s)
        return 0;
    size_t len = strlen(s);
    uint64_t h = len * 0x9E3779B97F4A7C15ULL;
    if (len < 8) {
        uint64_t w = 0;
        memcpy(&w, s, len);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
    } else {
        const size_t at[] = {0, 8 < len - 8 ? 8 : len - 8, len / 2 - (len / 2 >= 8 ? 8 : len / 2),
                             len - 8};
        for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
            uint64_t w;
            memcpy(&w, s + at[i], 8);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
            h ^= h >> 32;
        }
    }
    return h >> 40; /* the bits every byte of the words reached */
}

struct output_jsonl_stream {
    FILE *out;
    bool flush;
    size_t nchecks;
    struct json_slot *head;      /* per catalog row and severity */
    struct json_slot *tail;      /* per catalog row */
    struct recent_text text[TEXT_SLOTS]; /* slot i holds a text of tag i % TEXT_TAGS */
    struct recent_text object[4]; /* the last object's identity */
    uint64_t object_number;      /* counts the objects seen */
};

static struct json_slot *text_slot(struct output_jsonl_stream *s, unsigned tag, const char *t)
{
    size_t i = (size_t)(quick_hash(t) % (TEXT_SLOTS / TEXT_TAGS)) * TEXT_TAGS + tag;
    return recent_slot(&s->text[i], t);
}

struct output_jsonl_stream *output_jsonl_open(FILE *out, bool flush_each)
{
    struct output_jsonl_stream *s = xcalloc(1, sizeof *s);
    s->out = out;
    s->flush = flush_each;
    s->nchecks = catalog_count();
    s->head = xcalloc(s->nchecks * (SEV_COUNT + 1) + 1, sizeof *s->head);
    s->tail = xcalloc(s->nchecks + 1, sizeof *s->tail);
    return s;
}

static void recent_free(struct recent_text *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].text);
        free(r[i].json.json);
    }
}

void output_jsonl_close(struct output_jsonl_stream *s)
{
    if (!s)
        return;
    recent_free(s->text, TEXT_SLOTS);
    json_slots_free(s->head, s->nchecks * (SEV_COUNT + 1));
    json_slots_free(s->tail, s->nchecks);
    recent_free(s->object, 4);
    free(s);
}

/* The object slot: the same as the last finding's object, or emptied. */
static struct json_slot *object_slot(struct output_jsonl_stream *s, const struct finding *f)
{
    const char *id[4] = {f->api_version, f->kind, f->namespace, f->name};
    bool same = true;
    for (int i = 0; i < 4; i++) {
        struct recent_text *r = &s->object[i];
        same = same && r->kept && (r->text == id[i] || (r->text && id[i] && !strcmp(r->text, id[i])));
        recent_slot(r, id[i]);
    }
    if (!same)
        s->object_number++;
    return &s->object[0].json;
}

void output_jsonl_add(const struct finding *f, void *stream)
{
    struct output_jsonl_stream *s = stream;
    size_t row = catalog_index(f->check);
    struct finding_slots slots = {
        .message = text_slot(s, TEXT_MESSAGE, f->message),
        .container = text_slot(s, TEXT_CONTAINER, f->container),
        .path = text_slot(s, TEXT_PATH, f->path),
        .file = text_slot(s, TEXT_FILE, f->file),
        .object = object_slot(s, f),
        .object_number = s->object_number,
    };
    if (row < s->nchecks) {
        uintptr_t sev = f->severity < SEV_COUNT ? f->severity : SEV_COUNT;
        slots.head = &s->head[row * (SEV_COUNT + 1) + sev];
        slots.tail = &s->tail[row];
    }
    write_line(s->out, &slots, f);
    if (s->flush)
        fflush(s->out);
}
