/* text.c — the human report: findings grouped by file and object, most
 * severe first within an object, colour only when asked (a tty without
 * NO_COLOR), and a one-line summary. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "output.h"

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

/* Report text made once: each of the store's texts cleaned, and the start
 * of a finding's line per check and severity; a finding's lines are put
 * together in `line` and written in one call. */
struct piece {
    char *text; /* NULL: not made yet */
    size_t len;
};

struct text_cache {
    const struct findings *fs;
    bool color;
    struct piece *clean; /* by text id */
    struct piece *head;  /* by check entry and severity */
    struct piece *fix;   /* by check entry: its remediation line, or "" */
    char *line;
    size_t len, cap;
};

/* What `make` writes for (a, b), as a piece. */
static struct piece make_piece(void (*make)(FILE *m, const void *a, uintptr_t b), const void *a,
                               uintptr_t b)
{
    struct piece p = {0};
    FILE *m = open_memstream(&p.text, &p.len);
    if (!m)
        abort();
    make(m, a, b);
    fclose(m);
    return p;
}

/* The line "fix: ..." of a check with a remediation. */
static void make_fix(FILE *m, const void *check, uintptr_t unused)
{
    (void)unused;
    const struct check *c = check;
    if (c->fix && *c->fix) {
        put(m, "             fix: ");
        put_clean(m, c->fix);
        putc_unlocked('\n', m);
    }
}

static void make_clean(FILE *m, const void *text, uintptr_t unused)
{
    (void)unused;
    put_clean(m, text);
}

/* "    SEVERITY check/id  " in the colours of b's low bit, at severity b >> 1. */
static void make_head(FILE *m, const void *check, uintptr_t b)
{
    bool color = b & 1;
    enum severity severity = (enum severity)(b >> 1);
    put(m, "    ");
    put(m, color && severity < SEV_COUNT ? SEVERITY_COLOUR[severity] : "");
    put_severity(m, severity);
    put(m, color ? "\033[0m" : "");
    putc_unlocked(' ', m);
    put(m, ((const struct check *)check)->id);
    put(m, "  ");
}

static void add(struct text_cache *c, const char *s, size_t len)
{
    if (c->len + len > c->cap) {
        c->cap = (c->len + len) * 2;
        c->line = xrealloc(c->line, c->cap);
    }
    memcpy(c->line + c->len, s, len);
    c->len += len;
}

static void add_str(struct text_cache *c, const char *s)
{
    add(c, s, strlen(s));
}

static void add_clean(struct text_cache *c, uint32_t id)
{
    struct piece *p = &c->clean[id];
    if (!p->text)
        *p = make_piece(make_clean, findings_text(c->fs, id), 0);
    add(c, p->text, p->len);
}

/* Stored finding i: its line, where it is, and the check's fix. */
static void print_finding(FILE *out, struct text_cache *c, size_t i)
{
    const struct findings *fs = c->fs;
    const struct finding_row *r = &fs->v[i];
    const char *reset = c->color ? "\033[0m" : "", *dim = c->color ? "\033[2m" : "";
    size_t sev = r->severity < SEV_COUNT ? r->severity : SEV_COUNT;
    struct piece *head = &c->head[r->check * (SEV_COUNT + 1) + sev];
    if (!head->text)
        *head = make_piece(make_head, fs->checks[r->check],
                           (uintptr_t)r->severity << 1 | c->color);
    c->len = 0;
    add(c, head->text, head->len);
    add_clean(c, r->message);
    if (r->suppressed) {
        add_str(c, " ");
        add_str(c, dim);
        add_str(c, "[suppressed by ");
        add_str(c, fs->by[r->suppressed_by] ? fs->by[r->suppressed_by] : "(null)");
        add_str(c, ": ");
        add_clean(c, r->suppressed);
        add_str(c, "]");
        add_str(c, reset);
    }
    add_str(c, "\n");
    uint32_t file = fs->objects[r->object].file;
    if (file || r->path) { /* where: FILE[:LINE:COL]  PATH */
        add_str(c, "             ");
        add_str(c, dim);
        if (file)
            add_clean(c, file);
        if (file && r->line) {
            char pos[OUTPUT_POSITION_MAX];
            add(c, pos, output_position(pos, r->line, r->col));
        }
        if (r->path) {
            add_str(c, file ? "  " : "");
            add_clean(c, r->path);
        }
        add_str(c, reset);
        add_str(c, "\n");
    }
    struct piece *fix = &c->fix[r->check];
    if (!fix->text)
        *fix = make_piece(make_fix, fs->checks[r->check], 0);
    add(c, fix->text, fix->len);
    fwrite_unlocked(c->line, 1, c->len, out);
}

void output_text(FILE *out, const struct scan_result *res, bool color)
{
    const struct findings *fs = res->findings;
    struct output_ranked *r = output_rank(fs, true);
    const char *reset = color ? "\033[0m" : "", *bold = color ? "\033[1m" : "";
    struct text_cache cache = {
        .fs = fs, .color = color,
        .clean = xcalloc(fs->ntext + 1, sizeof *cache.clean),
        .head = xcalloc((fs->nchecks + 1) * (SEV_COUNT + 1), sizeof *cache.head),
        .fix = xcalloc(fs->nchecks + 1, sizeof *cache.fix),
    };
    for (size_t i = 0; i < fs->n; i++) {
        bool new_file = i == 0 || r[i - 1].file_rank != r[i].file_rank;
        bool new_object = new_file || r[i - 1].object_rank != r[i].object_rank;
        if (new_object) {
            struct finding f;
            findings_at(fs, r[i].index, &f);
            if (new_file) {
                fputs(bold, out);
                put_clean(out, f.file ? f.file : "(no file)");
                fprintf(out, "%s\n", reset);
            }
            print_object(out, &f);
        }
        print_finding(out, &cache, r[i].index);
    }
    free(r);
    for (size_t i = 0; i <= fs->ntext; i++)
        free(cache.clean[i].text);
    for (size_t i = 0; i < (fs->nchecks + 1) * (SEV_COUNT + 1); i++)
        free(cache.head[i].text);
    for (size_t i = 0; i <= fs->nchecks; i++)
        free(cache.fix[i].text);
    free(cache.clean);
    free(cache.head);
    free(cache.fix);
    free(cache.line);
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
