/* junit.c — JUnit XML for CI test tabs (GitLab, Jenkins, Azure): one
 * testsuite per check family, one testcase per check × object that has
 * findings (a failure, typed by severity, listing every finding; skipped
 * when all were suppressed, with the reason), and one passing testcase per
 * check that ran and found nothing. classname is the check id with dots
 * ("workload.privileged"), which Jenkins shows as package and class. */
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../core/strmap.h"
#include "output.h"
#include "rowtext.h"
#include "xmlw.h"

struct entry {
    size_t index, check, object; /* index: in the store */
    bool suppressed;
    enum severity severity;
};

/* One testcase: findings [first, first + n) of the sorted entries. */
struct group {
    size_t check, first, n, active;
    enum severity worst;
};

static size_t by_suppressed(const struct entry *e) { return e->suppressed; }
static size_t by_object(const struct entry *e) { return e->object; }
static size_t by_check(const struct entry *e) { return e->check; }

/* Stable counting sort of e[0, n) by key (below nkeys), through tmp. */
static void count_sort(struct entry *e, struct entry *tmp, size_t n, size_t nkeys,
                       size_t (*key)(const struct entry *))
{
    size_t *next = xcalloc(nkeys + 1, sizeof *next);
    for (size_t i = 0; i < n; i++)
        next[key(&e[i]) + 1]++;
    for (size_t k = 1; k <= nkeys; k++)
        next[k] += next[k - 1];
    for (size_t i = 0; i < n; i++)
        tmp[next[key(&e[i])]++] = e[i];
    memcpy(e, tmp, n * sizeof *e);
    free(next);
}

/* The findings by check, then object, active before suppressed, then in the
 * order they were made: stable counting sorts from the last key to the
 * first, linear in the number of findings. */
static struct entry *sorted_entries(const struct findings *fs)
{
    struct entry *e = xcalloc(fs->n + 1, sizeof *e);
    size_t nobjects, nchecks = catalog_count(); /* a check outside the catalog sorts last */
    uint32_t *object = output_object_numbers(fs, &nobjects);
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding_row *f = &fs->v[i];
        e[i] = (struct entry){
            .index = i, .check = catalog_index(fs->checks[f->check]),
            .object = object[f->object], .suppressed = f->suppressed != 0,
            .severity = (enum severity)f->severity,
        };
        if (e[i].check > nchecks)
            e[i].check = nchecks;
    }
    struct entry *tmp = xcalloc(fs->n + 1, sizeof *tmp);
    count_sort(e, tmp, fs->n, 2, by_suppressed);
    count_sort(e, tmp, fs->n, nobjects, by_object);
    count_sort(e, tmp, fs->n, nchecks + 1, by_check);
    free(tmp);
    free(object);
    return e;
}

static struct group *build_groups(const struct entry *e, size_t n, size_t *ngroups)
{
    struct group *g = xcalloc(n + 1, sizeof *g);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || e[i].check != e[i - 1].check || e[i].object != e[i - 1].object)
            g[k++] = (struct group){.check = e[i].check, .first = i};
        struct group *cur = &g[k - 1];
        cur->n++;
        if (!e[i].suppressed) {
            if (!cur->active || e[i].severity > cur->worst)
                cur->worst = e[i].severity;
            cur->active++;
        }
    }
    *ngroups = k;
    return g;
}

static void write_classname_text(FILE *out, const char *id)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", id);
    for (char *p = buf; *p; p++)
        if (*p == '/')
            *p = '.';
    xml_write_attr(out, buf);
}

static char *make_classname(const struct check *c, size_t *len)
{
    char *text = NULL;
    FILE *m = open_memstream(&text, len);
    if (!m)
        abort();
    write_classname_text(m, c->id);
    fclose(m);
    return text;
}

/* The check's classname attribute, made once per check. */
static void write_classname(FILE *out, const struct check *c)
{
    const struct rowtext *t = rowtext_get(c, ROWTEXT_JUNIT_CLASS, make_classname);
    if (t)
        fwrite_unlocked(t->text, 1, t->len, out);
    else
        write_classname_text(out, c->id);
}

static void write_object_name(FILE *out, const struct finding *f)
{
    char buf[1024];
    if (f->namespace)
        snprintf(buf, sizeof buf, "%s/%s/%s", f->kind ? f->kind : "-", f->namespace,
                 f->name ? f->name : "-");
    else
        snprintf(buf, sizeof buf, "%s/%s", f->kind ? f->kind : "-", f->name ? f->name : "-");
    xml_write_attr(out, buf);
}

static void write_finding_line(FILE *out, const struct finding *f)
{
    fputs_unlocked(severity_name(f->severity), out);
    putc_unlocked(' ', out);
    xml_write_text(out, f->file ? f->file : "");
    if (finding_has_position(f))
        output_put_position(out, f);
    if (f->container) {
        fputs(" container ", out);
        xml_write_text(out, f->container);
    }
    if (f->path) {
        fputs(" at ", out);
        xml_write_text(out, f->path);
    }
    fputs(": ", out);
    xml_write_text(out, f->message);
    if (f->suppressed) {
        fputs(" [suppressed: ", out);
        xml_write_text(out, f->suppressed);
        fputc(']', out);
    }
    fputc('\n', out);
}

static void write_lines(FILE *out, const struct findings *fs, const struct entry *e,
                        const struct group *g)
{
    for (size_t i = 0; i < g->n; i++) {
        struct finding f;
        findings_at(fs, e[g->first + i].index, &f);
        write_finding_line(out, &f);
    }
}

static void write_group(FILE *out, const struct findings *fs, const struct entry *e,
                        const struct group *g)
{
    struct finding stored;
    findings_at(fs, e[g->first].index, &stored);
    const struct finding *first = &stored;
    fputs("    <testcase classname=\"", out);
    write_classname(out, first->check);
    fputs("\" name=\"", out);
    write_object_name(out, first);
    fputs("\" file=\"", out);
    xml_write_attr(out, first->file ? first->file : "");
    fputs("\">\n", out);
    if (g->active) {
        fprintf(out, "      <failure type=\"%s\" message=\"", severity_name(g->worst));
        if (g->active == 1)
            xml_write_attr(out, first->message);
        else
            fprintf(out, "%zu findings, the first: ", g->active), xml_write_attr(out, first->message);
        fputs("\">", out);
        write_lines(out, fs, e, g);
        fputs("</failure>\n", out);
    } else {
        fputs("      <skipped message=\"suppressed: ", out);
        xml_write_attr(out, first->suppressed);
        fputs("\">", out);
        write_lines(out, fs, e, g);
        fputs("</skipped>\n", out);
    }
    fputs("    </testcase>\n", out);
}

static void write_passing(FILE *out, const struct check *c)
{
    fputs("    <testcase classname=\"", out);
    write_classname(out, c);
    fputs("\" name=\"no findings\"/>\n", out);
}

/* Counts over the checks of families with one name. */
struct tally {
    size_t tests, failures, skipped;
};

/* Families are catalog rows [from[f], from[f] + nchecks); several families
 * may share a name (a large family split over files) and share a testsuite. */
static bool same_family(size_t f, const char *name)
{
    return strcmp(catalog_family_at(f)->name, name) == 0;
}

/* The first family of its name: the one that writes the testsuite. */
static bool first_of_name(size_t f)
{
    for (size_t p = 0; p < f; p++)
        if (same_family(p, catalog_family_at(f)->name))
            return false;
    return true;
}

/* The testcases of each check: groups [by_check[c], by_check[c + 1]) (the
 * groups are sorted by check). */
static size_t *groups_by_check(const struct group *g, size_t ng, size_t nchecks)
{
    size_t *by_check = xcalloc(nchecks + 2, sizeof *by_check);
    for (size_t i = 0; i < ng; i++)
        by_check[g[i].check + 1]++;
    for (size_t c = 1; c <= nchecks + 1; c++)
        by_check[c] += by_check[c - 1];
    return by_check;
}

static struct tally family_tally(const struct scan_result *res, const struct group *g,
                                 const size_t *by_check, const size_t *from, const char *name)
{
    struct tally t = {0};
    for (size_t f = 0; f < catalog_family_count(); f++) {
        if (!same_family(f, name))
            continue;
        for (size_t c = from[f]; c < from[f] + catalog_family_at(f)->nchecks; c++) {
            for (size_t i = by_check[c]; i < by_check[c + 1]; i++) {
                t.failures += g[i].active > 0;
                t.skipped += g[i].active == 0;
            }
            size_t cases = by_check[c + 1] - by_check[c];
            t.tests += cases ? cases : output_check_ran(res, c);
        }
    }
    return t;
}

static void write_suite(FILE *out, const struct scan_result *res, const struct entry *e,
                        const struct group *g, const size_t *by_check, const size_t *from,
                        const char *name)
{
    struct tally t = family_tally(res, g, by_check, from, name);
    if (!t.tests)
        return;
    fputs("  <testsuite name=\"", out);
    xml_write_attr(out, name);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n", t.tests,
            t.failures, t.skipped);
    for (size_t f = 0; f < catalog_family_count(); f++) {
        if (!same_family(f, name))
            continue;
        for (size_t c = from[f]; c < from[f] + catalog_family_at(f)->nchecks; c++) {
            for (size_t i = by_check[c]; i < by_check[c + 1]; i++)
                write_group(out, res->findings, e, &g[i]);
            if (by_check[c] == by_check[c + 1] && output_check_ran(res, c))
                write_passing(out, catalog_at(c));
        }
    }
    fputs("  </testsuite>\n", out);
}

static void write_input_errors(FILE *out, size_t n)
{
    fputs("  <testsuite name=\"input\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
          "    <testcase classname=\"input\" name=\"read manifests\">\n", out);
    fprintf(out, "      <error type=\"input\" message=\"%zu input error%s; the scan log names "
                 "each file, line and column\"/>\n", n, n == 1 ? "" : "s");
    fputs("    </testcase>\n  </testsuite>\n", out);
}

void output_junit(FILE *out, const struct scan_result *res)
{
    const struct findings *fs = res->findings;
    struct entry *e = sorted_entries(fs);
    size_t ng, nf = catalog_family_count();
    struct group *g = build_groups(e, fs->n, &ng);
    size_t *by_check = groups_by_check(g, ng, catalog_count());
    size_t *from = xcalloc(nf + 1, sizeof *from);
    for (size_t f = 1; f <= nf; f++)
        from[f] = from[f - 1] + catalog_family_at(f - 1)->nchecks;
    struct tally all = {0};
    for (size_t f = 0; f < nf; f++) {
        if (!first_of_name(f))
            continue;
        struct tally t = family_tally(res, g, by_check, from, catalog_family_at(f)->name);
        all.tests += t.tests, all.failures += t.failures, all.skipped += t.skipped;
    }
    size_t input_errors = res->summary.input_errors > 0;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fprintf(out, "<testsuites name=\"ringwall\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
                 "skipped=\"%zu\">\n", all.tests + input_errors, all.failures, input_errors,
            all.skipped);
    for (size_t f = 0; f < nf; f++) {
        if (first_of_name(f))
            write_suite(out, res, e, g, by_check, from, catalog_family_at(f)->name);
    }
    if (input_errors)
        write_input_errors(out, res->summary.input_errors);
    fputs("</testsuites>\n", out);
    free(from);
    free(by_check);
    free(g);
    free(e);
}
