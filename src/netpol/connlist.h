/* connlist.h — the connectivity list: every allowed connection as a line
 * `SRC => DST : CONNS`, sorted by source then destination as netpol-analyzer
 * sorts, and its output formats (txt, json, csv, md, dot). */
#ifndef RINGWALL_NETPOL_CONNLIST_H
#define RINGWALL_NETPOL_CONNLIST_H

#include <stdbool.h>
#include <stdio.h>

#include "reach.h"

enum connlist_format { CL_TXT, CL_JSON, CL_CSV, CL_MD, CL_DOT };

struct conn_line {
    const char *src, *dst, *conn;
    const char *src_ns, *dst_ns;  /* NULL for external ranges */
};

/* Restricts the list, as netpol-analyzer's focus options do: to connections
 * of the focus workloads (`name` or `ns/name`; "ingress-controller" for the
 * ingress controller), optionally with the focus peers only, in one
 * direction, or carrying one protocol and port (then lines carry no
 * connection text). */
enum focus_direction { FOCUS_BOTH, FOCUS_INGRESS, FOCUS_EGRESS };

struct connlist_focus {
    const char *const *workloads;
    size_t nworkloads;
    const char *const *peers;
    size_t npeers;
    enum focus_direction direction;
    bool has_conn;
    enum proto proto;
    uint32_t port;
};

struct connlist {
    struct conn_line *v;
    size_t n, cap;
    struct arena arena;           /* names and interned connection strings */
    void *interned;               /* connection text → string (hash table) */
    const struct connlist_focus *focus; /* NULL: every connection */
};

bool connlist_format_parse(const char *s, enum connlist_format *out);
/* Computes every allowed connection of the model (those in focus when
 * focus is not NULL), sorted. */
void connlist_build(struct connlist *cl, struct reach *r, const struct connlist_focus *focus);
/* Parses "tcp-8080" (protocol, case-insensitive, dash, port). */
bool connlist_focus_conn_parse(const char *s, struct connlist_focus *f);
/* Whether a workload is one of the focus workloads. */
bool connlist_is_focus_workload(const struct connlist_focus *f, const struct workload *w);
/* Whether a focus name designates some workload of the model. */
bool connlist_focus_exists(const struct np_model *m, const char *name);
/* The display name of an endpoint ("ns/name[Kind]", "A-B[External]"). */
const char *connlist_endpoint_name(struct arena *a, const struct reach *r, struct endpoint e);
void connlist_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct np_model *m);
void connlist_free(struct connlist *cl);
/* Pieces the exposure output reuses: the JSON array of lines (items indented
 * by indent+2), and one CSV field (quoted when needed). */
void connlist_write_json_array(FILE *out, const struct connlist *cl, int indent);
void connlist_write_csv_field(FILE *out, const char *s);

/* Graphviz lines (each ending in a newline) another output adds to the
 * graph: node groups after the namespaces' (in order), external nodes and
 * edges (sorted together with the list's own). */
struct dot_lines {
    const char **v;
    size_t n, cap;
};
struct dot_extra {
    struct dot_lines groups, nodes, edges;
};
void connlist_dot_add(struct dot_lines *l, struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void connlist_dot_free(struct dot_lines *l);
/* A name as a cluster id: '-' becomes '_'. */
const char *connlist_dot_id(struct arena *a, const char *name);
void connlist_write_dot(FILE *out, const struct connlist *cl, const struct np_model *m,
                        const struct dot_extra *extra);

#endif
