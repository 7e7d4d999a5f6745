/* text.c — the human report: findings grouped by file and object, most
 * severe first within an object, colour only when asked (a tty without
 * NO_COLOR), and a one-line summary. */
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "output.h"

static const char *const SEVERITY_COLOUR[SEV_COUNT] = {
    "\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_object(const struct finding *a, const struct finding *b)
{
    return str_eq(a->kind, b->kind) && str_eq(a->namespace, b->namespace) &&
           str_eq(a->name, b->name);
}

struct ranked {
    const struct finding *f;
    size_t file_rank, object_rank, seq;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;
    if (a->file_rank != b->file_rank)
        return a->file_rank < b->file_rank ? -1 : 1;
    if (a->object_rank != b->object_rank)
        return a->object_rank < b->object_rank ? -1 : 1;
    if (a->f->severity != b->f->severity)
        return a->f->severity > b->f->severity ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Orders findings by the first appearance of their file, then of their
 * object, so each object prints once even when an analyzer reported on it
 * at the end of the scan. */
static struct ranked *rank(const struct findings *fs)
{
    struct ranked *r = calloc(fs->n + 1, sizeof *r);
    if (!r)
        abort();
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = &fs->v[i];
        r[i].f = f;
        r[i].seq = i;
        r[i].file_rank = i;
        r[i].object_rank = i;
        for (size_t j = i; j-- > 0;) {
            if (str_eq(r[j].f->file, f->file)) {
                r[i].file_rank = r[j].file_rank;
                if (same_object(r[j].f, f))
                    r[i].object_rank = r[j].object_rank;
            }
            if (j + 256 < i) /* bounded look-back: earlier groups are long finished */
                break;
        }
    }
    qsort(r, fs->n, sizeof *r, cmp_ranked);
    return r;
}

void output_text(FILE *out, const struct scan_result *res, bool color)
{
    const struct findings *fs = res->findings;
    struct ranked *r = rank(fs);
    const char *reset = color ? "\033[0m" : "", *dim = color ? "\033[2m" : "";
    const char *bold = color ? "\033[1m" : "";
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = r[i].f;
        if (i == 0 || !str_eq(r[i - 1].f->file, f->file))
            fprintf(out, "%s%s%s\n", bold, f->file ? f->file : "<input>", reset);
        if (i == 0 || !str_eq(r[i - 1].f->file, f->file) || !same_object(r[i - 1].f, f)) {
            if (f->namespace)
                fprintf(out, "  %s/%s/%s\n", f->kind, f->namespace, f->name ? f->name : "-");
            else
                fprintf(out, "  %s/%s\n", f->kind ? f->kind : "-", f->name ? f->name : "-");
        }
        const char *sev_colour = color ? SEVERITY_COLOUR[f->severity] : "";
        char sev[16];
        snprintf(sev, sizeof sev, "%s", severity_name(f->severity));
        for (char *p = sev; *p; p++)
            *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        fprintf(out, "    %s%-8s%s %s  %s", sev_colour, sev, reset, f->check->id, f->message);
        if (f->suppressed)
            fprintf(out, " %s[suppressed: %s]%s", dim, f->suppressed, reset);
        fprintf(out, "\n             %s%s:%u:%u", dim, f->file ? f->file : "", f->line, f->col);
        if (f->path)
            fprintf(out, "  %s", f->path);
        fprintf(out, "%s\n", reset);
    }
    free(r);
    size_t counts[SEV_COUNT], suppressed, active = 0;
    output_count(res, counts, &suppressed);
    for (int s = 0; s < SEV_COUNT; s++)
        active += counts[s];
    if (fs->n)
        fputc('\n', out);
    fprintf(out, "%zu finding%s", active, active == 1 ? "" : "s");
    const char *sep = " (";
    for (int s = SEV_CRITICAL; s >= SEV_INFO; s--)
        if (counts[s]) {
            fprintf(out, "%s%zu %s", sep, counts[s], severity_name((enum severity)s));
            sep = ", ";
        }
    if (*sep == ',')
        fputc(')', out);
    if (suppressed)
        fprintf(out, ", %zu suppressed", suppressed);
    if (fs->filtered)
        fprintf(out, ", %zu below --min-severity", fs->filtered);
    fprintf(out, " in %zu object%s from %zu file%s", res->summary.objects,
            res->summary.objects == 1 ? "" : "s", res->summary.files,
            res->summary.files == 1 ? "" : "s");
    if (res->summary.skipped)
        fprintf(out, "; %zu document%s without apiVersion/kind skipped", res->summary.skipped,
                res->summary.skipped == 1 ? "" : "s");
    if (res->summary.input_errors)
        fprintf(out, "; %zu input error%s", res->summary.input_errors,
                res->summary.input_errors == 1 ? "" : "s");
    fputc('\n', out);
}
