/* metrics.c — the process-wide Prometheus registry behind metrics.h: metric
 * families (counter, gauge, histogram) each holding series keyed by their
 * label text, under one mutex; rendered in the text exposition format. */
#include "metrics.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum metric_type { METRIC_COUNTER, METRIC_GAUGE, METRIC_HISTOGRAM };

static const double metric_bounds[] = {
    1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
    1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
};
enum { METRIC_BUCKETS = sizeof metric_bounds / sizeof metric_bounds[0] };

struct metric_series {
    char *labels;
    double value;                            /* counter, gauge; histogram sum */
    unsigned long long count;                /* histogram observations */
    unsigned long long bucket[METRIC_BUCKETS]; /* non-cumulative */
};

struct metric_family {
    char *name, *help;
    enum metric_type type;
    struct metric_series *series;
    size_t nseries, cap;
};

static pthread_mutex_t metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static struct metric_family *families;
static size_t nfamilies, families_cap;

static void *metrics_grow(void *p, size_t *cap, size_t elem)
{
    size_t n = *cap ? *cap * 2 : 8;
    void *q = realloc(p, n * elem);
    if (!q)
        abort();
    memset((char *)q + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
    return q;
}

static char *metrics_strdup(const char *s)
{
    char *d = strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

/* The family NAME, registered on first use. Caller holds the lock. */
static struct metric_family *family_get(const char *name, const char *help, enum metric_type t)
{
    for (size_t i = 0; i < nfamilies; i++)
        if (!strcmp(families[i].name, name))
            return &families[i];
    if (nfamilies == families_cap)
        families = metrics_grow(families, &families_cap, sizeof *families);
    struct metric_family *f = &families[nfamilies++];
    f->name = metrics_strdup(name);
    f->help = metrics_strdup(help);
    f->type = t;
    return f;
}

static struct metric_series *series_get(struct metric_family *f, const char *labels)
{
    const char *l = labels ? labels : "";
    for (size_t i = 0; i < f->nseries; i++)
        if (!strcmp(f->series[i].labels, l))
            return &f->series[i];
    if (f->nseries == f->cap)
        f->series = metrics_grow(f->series, &f->cap, sizeof *f->series);
    struct metric_series *s = &f->series[f->nseries++];
    s->labels = metrics_strdup(l);
    return s;
}

static void metrics_put(const char *name, const char *help, const char *labels, double v,
                        enum metric_type t)
{
    pthread_mutex_lock(&metrics_lock);
    struct metric_series *s = series_get(family_get(name, help, t), labels);
    if (t == METRIC_GAUGE)
        s->value = v;
    else
        s->value += v;
    pthread_mutex_unlock(&metrics_lock);
}

void metrics_add(const char *name, const char *help, const char *labels, double v)
{
    metrics_put(name, help, labels, v, METRIC_COUNTER);
}

void metrics_set(const char *name, const char *help, const char *labels, double v)
{
    metrics_put(name, help, labels, v, METRIC_GAUGE);
}

void metrics_observe(const char *name, const char *help, double seconds)
{
    size_t b = 0;
    while (b < METRIC_BUCKETS && seconds > metric_bounds[b])
        b++;
    pthread_mutex_lock(&metrics_lock);
    struct metric_series *s = series_get(family_get(name, help, METRIC_HISTOGRAM), "");
    s->value += seconds;
    s->count++;
    if (b < METRIC_BUCKETS)
        s->bucket[b]++;
    pthread_mutex_unlock(&metrics_lock);
}

static void render_histogram(FILE *out, const struct metric_family *f,
                             const struct metric_series *s)
{
    unsigned long long cum = 0;
    for (size_t b = 0; b < METRIC_BUCKETS; b++) {
        cum += s->bucket[b];
        fprintf(out, "%s_bucket{le=\"%g\"} %llu\n", f->name, metric_bounds[b], cum);
    }
    fprintf(out, "%s_bucket{le=\"+Inf\"} %llu\n", f->name, s->count);
    fprintf(out, "%s_sum %.9g\n%s_count %llu\n", f->name, s->value, f->name, s->count);
}

static void render_family(FILE *out, const struct metric_family *f)
{
    static const char *const type_names[] = {"counter", "gauge", "histogram"};
    fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", f->name, f->help, f->name,
            type_names[f->type]);
    for (size_t i = 0; i < f->nseries; i++) {
        const struct metric_series *s = &f->series[i];
        if (f->type == METRIC_HISTOGRAM)
            render_histogram(out, f, s);
        else if (*s->labels)
            fprintf(out, "%s{%s} %.17g\n", f->name, s->labels, s->value);
        else
            fprintf(out, "%s %.17g\n", f->name, s->value);
    }
}

char *metrics_render(size_t *len)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    if (!out)
        abort();
    pthread_mutex_lock(&metrics_lock);
    for (size_t i = 0; i < nfamilies; i++)
        render_family(out, &families[i]);
    pthread_mutex_unlock(&metrics_lock);
    fclose(out);
    if (len)
        *len = size;
    return buf;
}

void metrics_escape(char *buf, size_t size, const char *value)
{
    size_t o = 0;
    if (!size)
        return;
    for (const char *p = value ? value : ""; *p && o + 1 < size; p++) {
        const char *esc = *p == '\\' ? "\\\\" : *p == '"' ? "\\\"" : *p == '\n' ? "\\n" : NULL;
        if (!esc) {
            buf[o++] = *p;
            continue;
        }
        if (o + 3 > size)
            break;
        buf[o++] = esc[0];
        buf[o++] = esc[1];
    }
    buf[o] = '\0';
}
