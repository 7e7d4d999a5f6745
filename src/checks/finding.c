/* finding.c — severities and the finding store (finding.h). */
#include "finding.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/strmap.h"
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

/* A finding's strings mostly repeat the previous finding's (the same
 * object, file and container): those share the stored copy. */
static const char *copy_repeated(struct arena *a, const char *prev, const char *s)
{
    return s && prev && strcmp(prev, s) == 0 ? prev : arena_strdup(a, s);
}

const struct finding *findings_add(struct findings *fs, const struct finding *f)
{
    if (f->suppressed)
        fs->suppressed++;
    else
        fs->active[f->severity < SEV_COUNT ? f->severity : SEV_CRITICAL]++;
    if (fs->discard) {
        if (fs->on_add)
            fs->on_add(f, fs->on_add_ctx);
        return NULL;
    }
    if (fs->n == fs->cap) {
        fs->cap = fs->cap ? fs->cap * 2 : 64;
        fs->v = xrealloc(fs->v, fs->cap * sizeof *fs->v);
    }
    struct finding *d = &fs->v[fs->n++];
    const struct finding *prev = fs->n > 1 ? d - 1 : NULL;
    *d = *f;
    struct arena *a = &fs->arena;
    d->message = strmap_intern(&fs->texts, f->message);
    d->api_version = copy_repeated(a, prev ? prev->api_version : NULL, f->api_version);
    d->kind = copy_repeated(a, prev ? prev->kind : NULL, f->kind);
    d->namespace = copy_repeated(a, prev ? prev->namespace : NULL, f->namespace);
    d->name = copy_repeated(a, prev ? prev->name : NULL, f->name);
    d->container = strmap_intern(&fs->texts, f->container);
    d->path = strmap_intern(&fs->texts, f->path);
    d->file = copy_repeated(a, prev ? prev->file : NULL, f->file);
    d->suppressed = strmap_intern(&fs->texts, f->suppressed);
    if (fs->on_add)
        fs->on_add(d, fs->on_add_ctx);
    return d;
}

size_t findings_active(const struct findings *fs)
{
    size_t n = 0;
    for (int s = 0; s < SEV_COUNT; s++)
        n += fs->active[s];
    return n;
}

/* Called for every object: the objects of a file come one after another,
 * and a new file's name is kept once, as the table's own copy. */
void findings_see_file(struct findings *fs, const char *file)
{
    if (!file || (fs->nfiles && strcmp(fs->files[fs->nfiles - 1], file) == 0))
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
    strmap_free(&fs->file_seen);
    free(fs->files);
    free(fs->v);
    memset(fs, 0, sizeof *fs);
}

size_t finding_object_key(const struct finding *f, char *buf, size_t size)
{
    const char *parts[] = {f->file, f->kind, f->namespace, f->name};
    size_t n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof *parts && n < size; i++) {
        const char *p = parts[i] ? parts[i] : "";
        size_t len = strlen(p), room = size - n - 1; /* the NUL separates the parts */
        memcpy(buf + n, p, len < room ? len : room);
        buf[n + (len < room ? len : room)] = '\0';
        n += len + 1;
    }
    return n < size ? n : size;
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
