/* connlist.c — building, sorting and printing the connectivity list
 * (connlist.h). */
#include "connlist.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../output/jsonw.h"
#include "../core/sort.h"

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

static bool name_matches(const char *q, const char *ns, const char *name)
{
    size_t nsl = ns ? strlen(ns) : 0;
    return strcmp(q, name) == 0 ||
           (ns && strncmp(q, ns, nsl) == 0 && q[nsl] == '/' && strcmp(q + nsl + 1, name) == 0);
}

static bool in_list(const char *const *list, size_t n, const struct np_model *m,
                    struct endpoint e)
{
    if (e.kind == EP_IP)
        return false;
    const char *ns = e.kind == EP_WORKLOAD ? m->w[e.w].ns : NULL;
    const char *name = e.kind == EP_WORKLOAD ? m->w[e.w].name : "ingress-controller";
    for (size_t i = 0; i < n; i++)
        if (name_matches(list[i], ns, name))
            return true;
    return false;
}

bool connlist_is_focus_workload(const struct connlist_focus *f, const struct workload *w)
{
    for (size_t i = 0; i < f->nworkloads; i++)
        if (name_matches(f->workloads[i], w->ns, w->name))
            return true;
    return false;
}

bool connlist_focus_exists(const struct np_model *m, const char *name)
{
    if (strcmp(name, "ingress-controller") == 0)
        return m->nbackends > 0;
    for (uint32_t i = 0; i < m->nw; i++)
        if (name_matches(name, m->w[i].ns, m->w[i].name))
            return true;
    return false;
}

bool connlist_focus_conn_parse(const char *s, struct connlist_focus *f)
{
    const char *dash = strchr(s, '-');
    char proto[8];
    if (!dash || dash == s || (size_t)(dash - s) >= sizeof proto)
        return false;
    for (size_t i = 0; i < (size_t)(dash - s); i++)
        proto[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
    proto[dash - s] = '\0';
    char *end;
    unsigned long port = strtoul(dash + 1, &end, 10);
    if (!proto_parse(proto, &f->proto) || *end || end == dash + 1 || port < PORT_MIN ||
        port > PORT_MAX)
        return false;
    f->has_conn = true;
    f->port = (uint32_t)port;
    return true;
}

/* Whether a pair is in focus: one side a focus workload (the destination
 * for ingress, the source for egress), the other a focus peer if any. */
static bool in_focus(const struct connlist_focus *f, const struct np_model *m,
                     struct endpoint src, struct endpoint dst, const struct conns *c)
{
    if (f->has_conn && !conns_contains(c, f->proto, f->port))
        return false;
    if (!f->nworkloads)
        return true;
    bool peers_any = f->npeers == 0;
    bool out = f->direction != FOCUS_INGRESS && in_list(f->workloads, f->nworkloads, m, src) &&
               (peers_any || in_list(f->peers, f->npeers, m, dst));
    bool in = f->direction != FOCUS_EGRESS && in_list(f->workloads, f->nworkloads, m, dst) &&
              (peers_any || in_list(f->peers, f->npeers, m, src));
    return out || in;
}

static void on_conn(struct endpoint src, struct endpoint dst, const struct conns *c, void *ctx)
{
    struct build_ctx *b = ctx;
    struct connlist *cl = b->cl;
    if (cl->focus && !in_focus(cl->focus, b->r->m, src, dst, c))
        return;
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
        .conn = cl->focus && cl->focus->has_conn ? NULL : intern(cl, b->buf),
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

void connlist_build(struct connlist *cl, struct reach *r, const struct connlist_focus *focus)
{
    memset(cl, 0, sizeof *cl);
    cl->focus = focus;
    cl->interned = xcalloc(1, sizeof(struct intern));
    struct build_ctx b = {.cl = cl, .r = r};
    reach_external_ranges(r);
    b.src_names = range_names(cl, r, true);
    b.dst_names = range_names(cl, r, false);
    reach_all(r, on_conn, &b);
    reach_ingress(r, on_conn, &b);
    free(b.buf);
    if (cl->n)
        sort_array(cl->v, cl->n, sizeof *cl->v, cmp_line);
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

void connlist_write_csv_field(FILE *out, const char *s)
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

void connlist_write_json_array(FILE *out, const struct connlist *cl, int indent)
{
    if (cl->n == 0) {
        fputs("[]", out);
        return;
    }
    fputs("[\n", out);
    for (size_t i = 0; i < cl->n; i++) {
        fprintf(out, "%*s{\n%*s\"src\": ", indent + 2, "", indent + 4, "");
        json_write_string(out, cl->v[i].src);
        fprintf(out, ",\n%*s\"dst\": ", indent + 4, "");
        json_write_string(out, cl->v[i].dst);
        if (cl->v[i].conn) {
            fprintf(out, ",\n%*s\"conn\": ", indent + 4, "");
            json_write_string(out, cl->v[i].conn);
        }
        fprintf(out, "\n%*s}%s\n", indent + 2, "", i + 1 < cl->n ? "," : "");
    }
    fprintf(out, "%*s]", indent, "");
}

static int strcmp_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A workload to draw under focus: a focus workload or an end of a line. */
static bool workload_in_focus(const struct connlist *cl, const struct workload *w)
{
    if (connlist_is_focus_workload(cl->focus, w))
        return true;
    for (size_t i = 0; i < cl->n; i++)
        if (cl->v[i].src == w->peer || cl->v[i].dst == w->peer)
            return true;
    return false;
}

static const char *focus_conn_text(const struct connlist *cl)
{
    static char buf[32];
    snprintf(buf, sizeof buf, "%s %u", proto_name(cl->focus->proto), cl->focus->port);
    return buf;
}

static int cmp_ns(const void *a, const void *b)
{
    return strcmp((*(const struct np_namespace *const *)a)->name,
                  (*(const struct np_namespace *const *)b)->name);
}

static void push_line(struct dot_lines *l, const char *line)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = line;
}

void connlist_dot_add(struct dot_lines *l, struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *line;
    if (vasprintf(&line, fmt, ap) < 0)
        line = NULL;
    va_end(ap);
    if (!line) {
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
    push_line(l, arena_strdup(a, line));
    free(line);
}

void connlist_dot_free(struct dot_lines *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void print_sorted(FILE *out, struct dot_lines *l)
{
    if (l->n)
        sort_array(l->v, l->n, sizeof *l->v, strcmp_ptr);
    for (size_t i = 0; i < l->n; i++)
        if (i == 0 || strcmp(l->v[i], l->v[i - 1]) != 0)
            fputs(l->v[i], out);
}

/* Nodes grouped by namespace (namespaces and nodes in name order; a
 * workload without connections is still drawn), then the extra groups, then
 * external nodes, then edges (both sorted). An edge whose destination sorts
 * before its source weighs 1, the others 0.5, as netpol-analyzer lays them
 * out. */
void connlist_write_dot(FILE *out, const struct connlist *cl, const struct np_model *m,
                        const struct dot_extra *extra)
{
    struct arena a = {0};
    fputs("digraph {\n", out);
    const struct np_namespace **names = xmalloc((m->nns + 1) * sizeof *names);
    for (size_t n = 0; n < m->nns; n++)
        names[n] = &m->ns[n];
    if (m->nns)
        sort_array(names, m->nns, sizeof *names, cmp_ns);
    for (size_t i = 0; i < m->nns; i++) {
        const struct np_namespace *ns = names[i];
        bool opened = false;
        for (size_t k = 0; k < ns->nworkloads; k++) {
            const struct workload *w = &m->w[ns->workloads[k]];
            if (cl->focus && !workload_in_focus(cl, w))
                continue;
            if (!opened) {
                fprintf(out, "\tsubgraph \"cluster_%s[namespace]\" {\n\t\tcolor=\"black\"\n"
                             "\t\tfontcolor=\"black\"\n",
                        connlist_dot_id(&a, ns->name));
                opened = true;
            }
            fprintf(out, "\t\t\"%s\" [label=\"%s[%s]\" color=\"blue\" fontcolor=\"blue\"]\n",
                    w->peer, w->name, w->kind);
        }
        if (opened)
            fprintf(out, "\t\tlabel=\"%s[namespace]\"\n\t}\n", ns->name);
    }
    free(names);
    for (size_t i = 0; extra && i < extra->groups.n; i++)
        fputs(extra->groups.v[i], out);
    /* external ranges and the ingress controller, once each, in name order */
    struct dot_lines ext = {0}, edges = {0};
    for (size_t i = 0; i < cl->n; i++)
        for (int side = 0; side < 2; side++) {
            const char *name = side ? cl->v[i].dst : cl->v[i].src;
            if (side ? cl->v[i].dst_ns : cl->v[i].src_ns)
                continue;
            const char *color = strcmp(name, INGRESS_PEER) == 0 ? "blue" : "red2";
            connlist_dot_add(&ext, &a, "\t\"%s\" [label=\"%s\" color=\"%s\" fontcolor=\"%s\"]\n",
                             name, name, color, color);
        }
    for (size_t i = 0; extra && i < extra->nodes.n; i++)
        push_line(&ext, extra->nodes.v[i]);
    print_sorted(out, &ext);
    for (size_t i = 0; i < cl->n; i++)
        connlist_dot_add(&edges, &a,
                         "\t\"%s\" -> \"%s\" [label=\"%s\" color=\"gold2\" fontcolor=\"darkgreen\" "
                         "weight=%s]\n",
                         cl->v[i].src, cl->v[i].dst,
                         cl->v[i].conn ? cl->v[i].conn : focus_conn_text(cl),
                         strcmp(cl->v[i].dst, cl->v[i].src) < 0 ? "1" : "0.5");
    for (size_t i = 0; extra && i < extra->edges.n; i++)
        push_line(&edges, extra->edges.v[i]);
    print_sorted(out, &edges);
    fputs("}\n", out);
    connlist_dot_free(&ext);
    connlist_dot_free(&edges);
    arena_free(&a);
}

const char *connlist_dot_id(struct arena *a, const char *name)
{
    char *id = arena_strdup(a, name);
    for (char *c = id; *c; c++) /* graphviz cluster ids: '-' becomes '_' */
        if (*c == '-')
            *c = '_';
    return id;
}

static void write_csv(FILE *out, const struct connlist *cl, bool with_conn)
{
    fputs(with_conn ? "src,dst,conn\n" : "src,dst\n", out);
    for (size_t i = 0; i < cl->n; i++) {
        connlist_write_csv_field(out, cl->v[i].src);
        fputc(',', out);
        connlist_write_csv_field(out, cl->v[i].dst);
        if (with_conn) {
            fputc(',', out);
            connlist_write_csv_field(out, cl->v[i].conn);
        }
        fputc('\n', out);
    }
}

void connlist_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct np_model *m)
{
    const struct connlist_focus *focus = cl->focus;
    bool with_conn = !(focus && focus->has_conn);
    switch (f) {
    case CL_TXT:
        if (!with_conn)
            fprintf(out, "Permitted connections on %s %u:\n", proto_name(focus->proto),
                    focus->port);
        for (size_t i = 0; i < cl->n; i++)
            fprintf(out, with_conn ? "%s => %s : %s\n" : "%s => %s\n", cl->v[i].src,
                    cl->v[i].dst, cl->v[i].conn);
        break;
    case CL_JSON:
        connlist_write_json_array(out, cl, 0);
        fputc('\n', out);
        break;
    case CL_CSV:
        write_csv(out, cl, with_conn);
        break;
    case CL_MD:
        fputs(with_conn ? "| src | dst | conn |\n|-----|-----|------|\n"
                        : "| src | dst |\n|-----|-----|\n",
              out);
        for (size_t i = 0; i < cl->n; i++)
            fprintf(out, with_conn ? "| %s | %s | %s |\n" : "| %s | %s |\n", cl->v[i].src,
                    cl->v[i].dst, cl->v[i].conn);
        break;
    case CL_DOT:
        connlist_write_dot(out, cl, m, NULL);
        break;
    }
}
