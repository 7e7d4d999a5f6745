/* connlist.c — building, sorting and printing the connectivity list
 * (connlist.h). */
#include "connlist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../output/jsonw.h"

struct intern {
    const char **slot;
    size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static const char *intern(struct connlist *cl, const char *s)
{
    struct intern *t = cl->interned;
    if (t->n * 2 >= t->cap) {
        struct intern grown = {.cap = t->cap ? t->cap * 2 : 64};
        grown.slot = xcalloc(grown.cap, sizeof *grown.slot);
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot[i]) {
                size_t k = hash_str(t->slot[i]) & (grown.cap - 1);
                while (grown.slot[k])
                    k = (k + 1) & (grown.cap - 1);
                grown.slot[k] = t->slot[i];
            }
        grown.n = t->n;
        free(t->slot);
        *t = grown;
    }
    size_t k = hash_str(s) & (t->cap - 1);
    while (t->slot[k]) {
        if (strcmp(t->slot[k], s) == 0)
            return t->slot[k];
        k = (k + 1) & (t->cap - 1);
    }
    t->slot[k] = arena_strdup(&cl->arena, s);
    t->n++;
    return t->slot[k];
}

bool connlist_format_parse(const char *s, enum connlist_format *out)
{
    static const char *const NAMES[] = {"txt", "json", "csv", "md", "dot"};
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (strcmp(s, NAMES[i]) == 0) {
            *out = (enum connlist_format)i;
            return true;
        }
    return false;
}

const char *connlist_endpoint_name(struct arena *a, const struct reach *r, struct endpoint e)
{
    if (e.kind == EP_WORKLOAD)
        return r->m->w[e.w].peer;
    if (e.kind == EP_INGRESS)
        return INGRESS_PEER;
    char buf[40];
    ip_range_format(e.ip, buf, sizeof buf);
    return arena_printf(a, "%s[External]", buf);
}

struct build_ctx {
    struct connlist *cl;
    struct reach *r;
    const char **src_names, **dst_names; /* per external range */
    char *buf;
    size_t cap;
};

static const char *range_name(struct build_ctx *b, struct endpoint e, bool as_src)
{
    const struct ip_range *v = as_src ? b->r->src_ips : b->r->dst_ips;
    size_t n = as_src ? b->r->nsrc_ips : b->r->ndst_ips;
    size_t lo = 0, hi = n;
    while (lo < hi) { /* ranges are sorted and disjoint */
        size_t mid = (lo + hi) / 2;
        if (v[mid].hi < e.ip.lo)
            lo = mid + 1;
        else
            hi = mid;
    }
    const char **names = as_src ? b->src_names : b->dst_names;
    return names[lo];
}

static void on_conn(struct endpoint src, struct endpoint dst, const struct conns *c, void *ctx)
{
    struct build_ctx *b = ctx;
    struct connlist *cl = b->cl;
    if (cl->n == cl->cap) {
        cl->cap = cl->cap ? cl->cap * 2 : 256;
        cl->v = xrealloc(cl->v, cl->cap * sizeof *cl->v);
    }
    conns_format(c, &b->buf, &b->cap);
    const struct np_model *m = b->r->m;
    cl->v[cl->n++] = (struct conn_line){
        .src = src.kind == EP_WORKLOAD ? m->w[src.w].peer
               : src.kind == EP_INGRESS ? INGRESS_PEER
                                        : range_name(b, src, true),
        .dst = dst.kind == EP_WORKLOAD ? m->w[dst.w].peer : range_name(b, dst, false),
        .conn = intern(cl, b->buf),
        .src_ns = src.kind == EP_WORKLOAD ? m->w[src.w].ns : NULL,
        .dst_ns = dst.kind == EP_WORKLOAD ? m->w[dst.w].ns : NULL,
    };
}

static int cmp_line(const void *a, const void *b)
{
    const struct conn_line *x = a, *y = b;
    int c = strcmp(x->src, y->src);
    return c ? c : strcmp(x->dst, y->dst);
}

static const char **range_names(struct connlist *cl, const struct reach *r, bool as_src)
{
    size_t n = as_src ? r->nsrc_ips : r->ndst_ips;
    const char **names = arena_alloc(&cl->arena, (n + 1) * sizeof *names);
    for (size_t i = 0; i < n; i++)
        names[i] = connlist_endpoint_name(
            &cl->arena, r,
            (struct endpoint){.kind = EP_IP, .ip = as_src ? r->src_ips[i] : r->dst_ips[i]});
    return names;
}

void connlist_build(struct connlist *cl, struct reach *r)
{
    memset(cl, 0, sizeof *cl);
    cl->interned = xcalloc(1, sizeof(struct intern));
    struct build_ctx b = {.cl = cl, .r = r};
    reach_external_ranges(r);
    b.src_names = range_names(cl, r, true);
    b.dst_names = range_names(cl, r, false);
    reach_all(r, on_conn, &b);
    reach_ingress(r, on_conn, &b);
    free(b.buf);
    if (cl->n)
        qsort(cl->v, cl->n, sizeof *cl->v, cmp_line);
}

void connlist_free(struct connlist *cl)
{
    struct intern *t = cl->interned;
    if (t)
        free(t->slot);
    free(t);
    free(cl->v);
    arena_free(&cl->arena);
    memset(cl, 0, sizeof *cl);
}

static void write_csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ') {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void write_json(FILE *out, const struct connlist *cl)
{
    if (cl->n == 0) {
        fputs("[]\n", out);
        return;
    }
    fputs("[\n", out);
    for (size_t i = 0; i < cl->n; i++) {
        fputs("  {\n    \"src\": ", out);
        json_write_string(out, cl->v[i].src);
        fputs(",\n    \"dst\": ", out);
        json_write_string(out, cl->v[i].dst);
        fputs(",\n    \"conn\": ", out);
        json_write_string(out, cl->v[i].conn);
        fputs(i + 1 < cl->n ? "\n  },\n" : "\n  }\n", out);
    }
    fputs("]\n", out);
}

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Nodes grouped by namespace, then external nodes, then edges. */
static void write_dot(FILE *out, const struct connlist *cl, const struct np_model *m)
{
    fputs("digraph {\n", out);
    for (size_t n = 0; n < m->nns; n++) {
        const struct np_namespace *ns = &m->ns[n];
        if (!ns->nworkloads)
            continue;
        fprintf(out, "\tsubgraph \"cluster_%s[namespace]\" {\n\t\tcolor=\"black\"\n"
                     "\t\tfontcolor=\"black\"\n", ns->name);
        for (size_t k = 0; k < ns->nworkloads; k++) {
            const struct workload *w = &m->w[ns->workloads[k]];
            fprintf(out, "\t\t\"%s\" [label=\"%s[%s]\" color=\"blue\" fontcolor=\"blue\"]\n",
                    w->peer, w->name, w->kind);
        }
        fprintf(out, "\t\tlabel=\"%s[namespace]\"\n\t}\n", ns->name);
    }
    /* external ranges, once each, in name order */
    const char **ext = xmalloc((2 * cl->n + 1) * sizeof *ext);
    size_t next = 0;
    for (size_t i = 0; i < cl->n; i++) {
        if (!cl->v[i].src_ns)
            ext[next++] = cl->v[i].src;
        if (!cl->v[i].dst_ns)
            ext[next++] = cl->v[i].dst;
    }
    qsort(ext, next, sizeof *ext, strcmp_ptr);
    for (size_t i = 0; i < next; i++)
        if (i == 0 || strcmp(ext[i], ext[i - 1]) != 0)
            fprintf(out, "\t\"%s\" [label=\"%s\" color=\"red2\" fontcolor=\"red2\"]\n", ext[i],
                    ext[i]);
    free(ext);
    for (size_t i = 0; i < cl->n; i++)
        fprintf(out, "\t\"%s\" -> \"%s\" [label=\"%s\" color=\"gold2\" fontcolor=\"darkgreen\"]\n",
                cl->v[i].src, cl->v[i].dst, cl->v[i].conn);
    fputs("}\n", out);
}

void connlist_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct np_model *m)
{
    switch (f) {
    case CL_TXT:
        for (size_t i = 0; i < cl->n; i++)
            fprintf(out, "%s => %s : %s\n", cl->v[i].src, cl->v[i].dst, cl->v[i].conn);
        break;
    case CL_JSON:
        write_json(out, cl);
        break;
    case CL_CSV:
        fputs("src,dst,conn\n", out);
        for (size_t i = 0; i < cl->n; i++) {
            write_csv_field(out, cl->v[i].src);
            fputc(',', out);
            write_csv_field(out, cl->v[i].dst);
            fputc(',', out);
            write_csv_field(out, cl->v[i].conn);
            fputc('\n', out);
        }
        break;
    case CL_MD:
        fputs("| src | dst | conn |\n|-----|-----|------|\n", out);
        for (size_t i = 0; i < cl->n; i++)
            fprintf(out, "| %s | %s | %s |\n", cl->v[i].src, cl->v[i].dst, cl->v[i].conn);
        break;
    case CL_DOT:
        write_dot(out, cl, m);
        break;
    }
}
