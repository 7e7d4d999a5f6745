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

/* Prints user-controlled text with control characters shown as \xNN, so a
 * manifest cannot send escape sequences to the terminal. */
static void put_clean(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : "-"); *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            putc(*p, out);
}

static void print_object(FILE *out, const struct finding *f)
{
    fputs("  ", out);
    put_clean(out, f->kind);
    if (f->namespace) {
        putc('/', out);
        put_clean(out, f->namespace);
    }
    putc('/', out);
    put_clean(out, f->name);
    putc('\n', out);
}

static void print_finding(FILE *out, const struct finding *f, bool color)
{
    const char *reset = color ? "\033[0m" : "", *dim = color ? "\033[2m" : "";
    char sev[16];
    snprintf(sev, sizeof sev, "%s", severity_name(f->severity));
    for (char *p = sev; *p; p++)
        *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    fprintf(out, "    %s%-8s%s %s  ", color ? SEVERITY_COLOUR[f->severity] : "", sev, reset,
            f->check->id);
    put_clean(out, f->message);
    if (f->suppressed) {
        fprintf(out, " %s[suppressed by %s: ", dim, f->suppressed_by);
        put_clean(out, f->suppressed);
        fprintf(out, "]%s", reset);
    }
    putc('\n', out);
    if (f->file || f->path) { /* where: FILE[:LINE:COL]  PATH */
        fprintf(out, "             %s", dim);
        if (f->file)
            put_clean(out, f->file);
        if (f->file && finding_has_position(f))
            fprintf(out, ":%u:%u", f->line, f->col);
        if (f->path) {
            fputs(f->file ? "  " : "", out);
            put_clean(out, f->path);
        }
        fprintf(out, "%s\n", reset);
    }
    if (f->check->fix && *f->check->fix) {
        fputs("             fix: ", out);
        put_clean(out, f->check->fix);
        putc('\n', out);
    }
}

void output_text(FILE *out, const struct scan_result *res, bool color)
{
    const struct findings *fs = res->findings;
    struct output_ranked *r = output_rank(fs, true);
    const char *reset = color ? "\033[0m" : "", *bold = color ? "\033[1m" : "";
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *f = r[i].f;
        bool new_file = i == 0 || r[i - 1].file_rank != r[i].file_rank;
        if (new_file) {
            fputs(bold, out);
            put_clean(out, f->file ? f->file : "(no file)");
            fprintf(out, "%s\n", reset);
        }
        if (new_file || r[i - 1].object_rank != r[i].object_rank)
            print_object(out, f);
        print_finding(out, f, color);
    }
    free(r);
    size_t counts[SEV_COUNT], suppressed, active = findings_active(fs);
    output_count(res, counts, &suppressed);
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
