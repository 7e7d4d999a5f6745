/* finding.c — severities and the finding store (finding.h). */
#include "finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/strmap.h"
#include "catalog.h"
#include "check.h"

static const char *const SEVERITY_NAMES[SEV_COUNT] = {"info", "low", "medium", "high",
                                                      "critical"};
static const char *const SEVERITY_SCORES[SEV_COUNT] = {"0.0", "3.0", "5.5", "8.0", "9.5"};

const char *severity_name(enum severity s)
{
    return s < SEV_COUNT ? SEVERITY_NAMES[s] : "unknown";
}

const char *severity_score(enum severity s)
{
    return s < SEV_COUNT ? SEVERITY_SCORES[s] : "0.0";
}

bool severity_parse(const char *s, enum severity *out)
{
    for (int i = 0; i < SEV_COUNT; i++)
        if (strcasecmp(s, SEVERITY_NAMES[i]) == 0) {
            *out = (enum severity)i;
            return true;
        }
    if (strcasecmp(s, "none") == 0 || strcasecmp(s, "never") == 0) {
        *out = SEV_COUNT; /* above every severity: never fails */
        return true;
    }
    return false;
}

/* The id of text s (0 for NULL): a new text gets the next id. */
static uint32_t text_id(struct findings *fs, const char *s)
{
    if (!s)
        return 0;
    size_t rank;
    const char *copy = strmap_intern_ranked(&fs->texts, s, strlen(s), &rank);
    if (rank + 1 == fs->ntext) { /* a new text */
        ARRAY_GROW(fs->text, fs->ntext, fs->text_cap);
        fs->text[fs->ntext++] = copy;
    }
    return (uint32_t)(rank + 1);
}

static bool same_text(const struct findings *fs, uint32_t id, const char *s)
{
    const char *t = fs->text[id];
    return t == s || (t && s && strcmp(t, s) == 0);
}

/* text_id, first trying the id of a text s is likely to repeat. */
static uint32_t text_id_like(struct findings *fs, uint32_t likely, const char *s)
{
    return same_text(fs, likely, s) ? likely : text_id(fs, s);
}

/* The id of s, first looked for among recent ids; a new one replaces the
 * oldest of them. */
static uint32_t recent_text_id(struct findings *fs, struct finding_recent *recent, const char *s)
{
    for (int i = 0; i < FINDING_RECENT; i++)
        if (same_text(fs, recent->id[i], s))
            return recent->id[i];
    uint32_t id = text_id(fs, s);
    recent->id[recent->next] = id;
    recent->next = (uint8_t)((recent->next + 1) % FINDING_RECENT);
    return id;
}

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* The object row of f: the last finding's when f is about the same object
 * (most findings are), else a new one. */
static uint32_t object_id(struct findings *fs, const struct finding *f)
{
    const struct finding_object *last = fs->nobjects ? &fs->objects[fs->nobjects - 1] : NULL;
    if (last && same_name(last->name, f->name) && same_text(fs, last->kind, f->kind) &&
        same_text(fs, last->namespace, f->namespace) && same_text(fs, last->file, f->file) &&
        same_text(fs, last->api_version, f->api_version))
        return (uint32_t)(fs->nobjects - 1);
    struct finding_object row = {
        .api_version = text_id_like(fs, last ? last->api_version : 0, f->api_version),
        .kind = text_id_like(fs, last ? last->kind : 0, f->kind),
        .namespace = text_id_like(fs, last ? last->namespace : 0, f->namespace),
        .file = text_id_like(fs, last ? last->file : 0, f->file),
        .name = f->name ? arena_strdup(&fs->arena, f->name) : NULL,
    };
    ARRAY_GROW(fs->objects, fs->nobjects, fs->objects_cap);
    fs->objects[fs->nobjects++] = row;
    return (uint32_t)(fs->nobjects - 1);
}

static uint16_t check_id(struct findings *fs, const struct check *c)
{
    size_t row = catalog_index(c), rows = catalog_count();
    if (row < rows && fs->check_slot && fs->check_slot[row])
        return (uint16_t)(fs->check_slot[row] - 1);
    if (row >= rows) /* not a catalog row: looked for among those seen */
        for (size_t i = 0; i < fs->nchecks; i++)
            if (fs->checks[i] == c)
                return (uint16_t)i;
    if (fs->nchecks == fs->checks_cap) {
        fs->checks_cap = fs->checks_cap ? 2 * fs->checks_cap : 64;
        fs->checks = xrealloc(fs->checks, fs->checks_cap * sizeof *fs->checks);
        fs->recent = xrealloc(fs->recent, fs->checks_cap * sizeof *fs->recent);
    }
    memset(fs->recent[fs->nchecks], 0, sizeof fs->recent[fs->nchecks]);
    fs->checks[fs->nchecks++] = c;
    if (row < rows) {
        if (!fs->check_slot)
            fs->check_slot = xcalloc(rows, sizeof *fs->check_slot);
        fs->check_slot[row] = (uint16_t)fs->nchecks;
    }
    return (uint16_t)(fs->nchecks - 1);
}

static uint8_t by_id(struct findings *fs, const char *by)
{
    if (!by)
        return 0;
    size_t i = 1;
    for (; i < sizeof fs->by / sizeof *fs->by && fs->by[i]; i++)
        if (strcmp(fs->by[i], by) == 0)
            return (uint8_t)i;
    if (i == sizeof fs->by / sizeof *fs->by)
        abort(); /* more kinds of suppression than the table holds: a programming error */
    uint32_t id = text_id(fs, by); /* may move fs->text: read it after */
    fs->by[i] = fs->text[id];
    return (uint8_t)i;
}

void findings_add(struct findings *fs, const struct finding *f)
{
    if (f->suppressed)
        fs->suppressed++;
    else
        fs->active[f->severity < SEV_COUNT ? f->severity : SEV_CRITICAL]++;
    if (fs->discard) {
        if (fs->on_add)
            fs->on_add(f, fs->on_add_ctx);
        return;
    }
    if (!fs->text) { /* id 0: no text */
        fs->text_cap = 64;
        fs->text = xmalloc(fs->text_cap * sizeof *fs->text);
        fs->text[fs->ntext++] = NULL;
    }
    uint16_t check = check_id(fs, f->check);
    struct finding_recent *recent = fs->recent[check];
    struct finding_row row = {
        .object = object_id(fs, f),
        .message = recent_text_id(fs, &recent[0], f->message),
        .container = recent_text_id(fs, &recent[1], f->container),
        .path = recent_text_id(fs, &recent[2], f->path),
        .suppressed = text_id(fs, f->suppressed),
        .line = f->line,
        .col = f->col,
        .check = check,
        .severity = (uint8_t)f->severity,
        .suppressed_by = by_id(fs, f->suppressed_by),
    };
    ARRAY_GROW(fs->v, fs->n, fs->cap);
    fs->v[fs->n++] = row;
    if (fs->on_add) {
        struct finding stored;
        findings_at(fs, fs->n - 1, &stored);
        fs->on_add(&stored, fs->on_add_ctx);
    }
}

void findings_at(const struct findings *fs, size_t i, struct finding *out)
{
    const struct finding_row *r = &fs->v[i];
    const struct finding_object *o = &fs->objects[r->object];
    const char *const *t = fs->text;
    *out = (struct finding){
        .check = fs->checks[r->check],
        .severity = (enum severity)r->severity,
        .message = t[r->message],
        .api_version = t[o->api_version],
        .kind = t[o->kind],
        .namespace = t[o->namespace],
        .name = o->name,
        .container = t[r->container],
        .path = t[r->path],
        .file = t[o->file],
        .line = r->line,
        .col = r->col,
        .suppressed = t[r->suppressed],
        .suppressed_by = fs->by[r->suppressed_by],
    };
}

bool findings_failing(const struct findings *fs, enum severity fail_on)
{
    for (int s = fail_on; s < SEV_COUNT; s++)
        if (fs->active[s])
            return true;
    return false;
}

size_t findings_active(const struct findings *fs)
{
    size_t n = 0;
    for (int s = 0; s < SEV_COUNT; s++)
        n += fs->active[s];
    return n;
}

/* Called for every object: the objects of a file come one after another,
 * and a new file's name is kept once, as the table's own copy. A store that
 * keeps no findings has none to order by file. */
void findings_see_file(struct findings *fs, const char *file)
{
    if (!file || fs->discard || (fs->nfiles && strcmp(fs->files[fs->nfiles - 1], file) == 0))
        return;
    size_t known = fs->file_seen.count;
    const char *copy = strmap_intern(&fs->file_seen, file);
    if (fs->file_seen.count == known)
        return;
    ARRAY_GROW(fs->files, fs->nfiles, fs->files_cap);
    fs->files[fs->nfiles++] = copy;
}

void findings_free(struct findings *fs)
{
    arena_free(&fs->arena);
    strmap_free(&fs->texts);
    free(fs->text);
    free(fs->objects);
    free(fs->checks);
    free(fs->recent);
    free(fs->check_slot);
    strmap_free(&fs->file_seen);
    free(fs->files);
    free(fs->v);
    memset(fs, 0, sizeof *fs);
}

const char *finding_fingerprint(const struct finding *f, char buf[17])
{
    const char *parts[] = {f->check->id, f->file,      f->kind, f->namespace,
                           f->name,      f->container, f->path};
    uint64_t h = FNV1A_INIT;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
        const char *p = parts[i] ? parts[i] : "";
        h = fnv1a(h, p, strlen(p) + 1); /* the NUL separates the parts */
    }
    static const char HEX[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--, h >>= 4)
        buf[i] = HEX[h & 15];
    buf[16] = '\0';
    return buf;
}
