/* output.c — format selection and shared counting (output.h). */
#include "output.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../checks/config.h"
#include "../core/fmt.h"
#include "../core/sort.h"

bool output_format_parse(const char *name, enum output_format *out)
{
    static const struct {
        const char *name;
        enum output_format fmt;
    } FORMATS[] = {{"text", FORMAT_TEXT},   {"json", FORMAT_JSON},   {"jsonl", FORMAT_JSONL},
                   {"sarif", FORMAT_SARIF}, {"junit", FORMAT_JUNIT}};
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
        if (strcmp(name, FORMATS[i].name) == 0) {
            *out = FORMATS[i].fmt;
            return true;
        }
    return false;
}

static int compare_place(const struct output_ranked *a, const struct output_ranked *b)
{
    if (a->file_rank != b->file_rank)
        return a->file_rank < b->file_rank ? -1 : 1;
    if (a->object_rank != b->object_rank)
        return a->object_rank < b->object_rank ? -1 : 1;
    return 0;
}

/* Within an object, the order the findings were made: their order in the store. */
static int compare_seq(const struct output_ranked *a, const struct output_ranked *b)
{
    return a->index < b->index ? -1 : a->index > b->index;
}

static int compare_by_severity(const void *pa, const void *pb)
{
    const struct output_ranked *a = pa, *b = pb;
    int c = compare_place(a, b);
    if (c)
        return c;
    if (a->suppressed != b->suppressed)
        return a->suppressed ? 1 : -1;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    return compare_seq(a, b);
}

/* An object's identity does not tell an empty text from none. */
static uint32_t no_empty(const struct findings *fs, uint32_t id)
{
    return id && *findings_text(fs, id) ? id : 0;
}

uint32_t *output_object_numbers(const struct findings *fs, size_t *nobjects)
{
    struct strmap objects = {0};
    uint32_t *number = xmalloc((fs->nobjects + 1) * sizeof *number);
    char key[2048];
    for (size_t r = 0; r < fs->nobjects; r++) {
        const struct finding_object *o = &fs->objects[r];
        /* apiVersion apart, the row's identity: texts' ids stand for the texts */
        uint32_t ids[3] = {no_empty(fs, o->file), no_empty(fs, o->kind),
                           no_empty(fs, o->namespace)};
        size_t len = o->name ? strlen(o->name) : 0;
        if (len > sizeof key - sizeof ids)
            len = sizeof key - sizeof ids;
        memcpy(key, ids, sizeof ids);
        memcpy(key + sizeof ids, o->name ? o->name : "", len);
        number[r] = (uint32_t)strmap_rank(&objects, key, sizeof ids + len);
    }
    *nobjects = objects.count;
    strmap_free(&objects);
    return number;
}

/* Each report object's file rank (object_file[o], nobjects entries); sets
 * *nfiles. Files are ranked in the order of findings_see_file, then of
 * the objects that name them. */
static uint32_t *rank_files(const struct findings *fs, const uint32_t *object, size_t nobjects,
                            size_t *nfiles)
{
    struct strmap files = {0};
    uint32_t *object_file = xmalloc((nobjects + 1) * sizeof *object_file);
    for (size_t i = 0; i < fs->nfiles; i++)
        strmap_rank(&files, fs->files[i], strlen(fs->files[i]));
    size_t done = 0; /* objects are numbered in row order: the first row of each is new */
    for (size_t r = 0; r < fs->nobjects; r++) {
        if (object[r] < done)
            continue;
        const char *file = findings_text(fs, fs->objects[r].file);
        object_file[done++] =
            file ? (uint32_t)strmap_rank(&files, file, strlen(file)) : OUTPUT_NO_FILE;
    }
    *nfiles = files.count;
    strmap_free(&files);
    return object_file;
}

/* Places the findings grouped by object in (file, object) order, and in the
 * order they were made within an object: counting sorts, linear in the
 * number of findings. *group_start: where each object's findings begin in
 * report order (nobjects + 1 entries). */
static struct output_ranked *group_by_object(const struct findings *fs, const uint32_t *row_object,
                                             const uint32_t *object_file, size_t nfiles,
                                             size_t nobjects, size_t **group_start)
{
    size_t *next = xcalloc((nfiles > nobjects ? nfiles : nobjects) + 2, sizeof *next);
    uint32_t *place = xmalloc((nobjects + 1) * sizeof *place);
    for (size_t o = 0; o < nobjects; o++) /* no file sorts last */
        next[(object_file[o] < nfiles ? object_file[o] : nfiles) + 1]++;
    for (size_t k = 1; k <= nfiles + 1; k++)
        next[k] += next[k - 1];
    for (size_t o = 0; o < nobjects; o++) /* each object's place in report order */
        place[o] = (uint32_t)next[object_file[o] < nfiles ? object_file[o] : nfiles]++;
    size_t *start = xcalloc(nobjects + 1, sizeof *start);
    for (size_t i = 0; i < fs->n; i++)
        start[place[row_object[fs->v[i].object]] + 1]++;
    for (size_t k = 1; k <= nobjects; k++)
        start[k] += start[k - 1];
    memcpy(next, start, (nobjects + 1) * sizeof *next);
    struct output_ranked *sorted = xcalloc(fs->n + 1, sizeof *sorted);
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding_row *f = &fs->v[i];
        uint32_t object = row_object[f->object];
        sorted[next[place[object]]++] = (struct output_ranked){
            .index = (uint32_t)i, .file_rank = object_file[object], .object_rank = object,
            .severity = f->severity, .suppressed = f->suppressed != 0};
    }
    free(place);
    free(next);
    *group_start = start;
    return sorted;
}

struct output_ranked *output_rank(const struct findings *fs, bool by_severity)
{
    size_t nobjects, nfiles, *start;
    uint32_t *object = output_object_numbers(fs, &nobjects);
    uint32_t *object_file = rank_files(fs, object, nobjects, &nfiles);
    struct output_ranked *sorted =
        group_by_object(fs, object, object_file, nfiles, nobjects, &start);
    if (by_severity)
        for (size_t o = 0; o < nobjects; o++)
            sort_array(sorted + start[o], start[o + 1] - start[o], sizeof *sorted,
                       compare_by_severity);
    free(object);
    free(object_file);
    free(start);
    return sorted;
}

void output_count(const struct scan_result *res, size_t counts[SEV_COUNT], size_t *suppressed)
{
    memcpy(counts, res->findings->active, SEV_COUNT * sizeof *counts);
    *suppressed = res->findings->suppressed;
}

bool output_check_ran(const struct scan_result *res, size_t catalog_index)
{
    return !res->cfg || res->cfg->enabled[catalog_index];
}

enum severity output_check_severity(const struct scan_result *res, size_t catalog_index)
{
    return res->cfg ? res->cfg->severity[catalog_index] : catalog_at(catalog_index)->severity;
}

size_t output_position(char buf[OUTPUT_POSITION_MAX], unsigned line, unsigned col)
{
    size_t n = 0;
    buf[n++] = ':';
    n += fmt_uint(buf + n, line);
    buf[n++] = ':';
    n += fmt_uint(buf + n, col);
    return n;
}

void output_put_position(FILE *out, const struct finding *f)
{
    char buf[OUTPUT_POSITION_MAX];
    fwrite_unlocked(buf, 1, output_position(buf, f->line, f->col), out);
}

void output_write(FILE *out, enum output_format fmt, const struct scan_result *res, bool color)
{
    switch (fmt) {
    case FORMAT_TEXT:
        output_text(out, res, color);
        break;
    case FORMAT_JSON:
        output_json(out, res);
        break;
    case FORMAT_JSONL:
        output_jsonl(out, res);
        break;
    case FORMAT_SARIF:
        output_sarif(out, res);
        break;
    case FORMAT_JUNIT:
        output_junit(out, res);
        break;
    }
}
