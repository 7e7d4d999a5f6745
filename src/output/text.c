/* text.c — the human report: findings grouped by file and object, most
 * severe first within an object, colour only when asked (a tty without
 * NO_COLOR), and a one-line summary. */
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "output.h"
#include "rowtext.h"

static const char *const SEVERITY_COLOUR[SEV_COUNT] = {
    "\033[2m", "\033[36m", "\033[33m", "\033[31m", "\033[1;31m",
};

/* Prints user-controlled text with control characters shown as \xNN, so a
 * manifest cannot send escape sequences to the terminal. Clean runs go out
 * in one stdio call each. */
static void put_clean(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "-");
    for (;;) {
        const unsigned char *q = p;
        while (*q >= 0x20 && *q != 0x7f) /* the NUL ends a run too */
            q++;
        if (q > p)
            fwrite_unlocked(p, 1, (size_t)(q - p), out);
        if (!*q)
            return;
        fprintf(out, "\\x%02x", *q);
        p = q + 1;
    }
}

static void put(FILE *out, const char *s)
{
    fputs_unlocked(s, out);
}

static void print_object(FILE *out, const struct finding *f)
{
    put(out, "  ");
    put_clean(out, f->kind);
    if (f->namespace) {
        putc_unlocked('/', out);
        put_clean(out, f->namespace);
    }
    putc_unlocked('/', out);
    put_clean(out, f->name);
    putc_unlocked('\n', out);
}

/* The severity in capitals, padded to eight columns. */
static void put_severity(FILE *out, enum severity severity)
{
    char sev[16];
    size_t n = 0;
    for (const char *p = severity_name(severity); *p && n < sizeof sev - 1; p++)
        sev[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    while (n < 8)
        sev[n++] = ' ';
    fwrite_unlocked(sev, 1, n, out);
}

/* The line "fix: ..." of a check with a remediation, or "". */
static char *make_fix_line(const struct check *c, size_t *len)
{
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    if (!m)
        abort();
    if (c->fix && *c->fix) {
        put(m, "             fix: ");
        put_clean(m, c->fix);
        putc_unlocked('\n', m);
    }
    fclose(m);
    return text;
}

static void print_fix(FILE *out, const struct check *c)
{
    const struct rowtext *t = rowtext_get(c, ROWTEXT_TEXT_FIX, make_fix_line);
    if (t) {
        fwrite_unlocked(t->text, 1, t->len, out);
        return;
    }
    size_t len;
    char *text = make_fix_line(c, &len);
    fwrite_unlocked(text, 1, len, out);
    free(text);
}

static void print_finding(FILE *out, const struct finding *f, bool color)
{
    const char *reset = color ? "\033[0m" : "", *dim = color ? "\033[2m" : "";
    put(out, "    ");
    put(out, color ? SEVERITY_COLOUR[f->severity] : "");
    put_severity(out, f->severity);
    put(out, reset);
    putc_unlocked(' ', out);
    put(out, f->check->id);
    put(out, "  ");
    put_clean(out, f->message);
    if (f->suppressed) {
        fprintf(out, " %s[suppressed by %s: ", dim, f->suppressed_by);
        put_clean(out, f->suppressed);
        fprintf(out, "]%s", reset);
    }
    putc_unlocked('\n', out);
    if (f->file || f->path) { /* where: FILE[:LINE:COL]  PATH */
        put(out, "             ");
        put(out, dim);
        if (f->file)
            put_clean(out, f->file);
        if (f->file && finding_has_position(f))
            output_put_position(out, f);
        if (f->path) {
            put(out, f->file ? "  " : "");
            put_clean(out, f->path);
        }
        put(out, reset);
        putc_unlocked('\n', out);
    }
    print_fix(out, f->check);
}

void output_text(FILE *out, const struct scan_result *res, bool color)
{
    const struct findings *fs = res->findings;
    struct output_ranked *r = output_rank(fs, true);
    const char *reset = color ? "\033[0m" : "", *bold = color ? "\033[1m" : "";
    for (size_t i = 0; i < fs->n; i++) {
        struct finding stored;
        findings_at(fs, r[i].index, &stored);
        const struct finding *f = &stored;
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
