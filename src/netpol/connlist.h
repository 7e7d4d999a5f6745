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

struct connlist {
    struct conn_line *v;
    size_t n, cap;
    struct arena arena;           /* names and interned connection strings */
    void *interned;               /* connection text → string (hash table) */
};

bool connlist_format_parse(const char *s, enum connlist_format *out);
/* Computes every allowed connection of the model, sorted. */
void connlist_build(struct connlist *cl, struct reach *r);
/* The display name of an endpoint ("ns/name[Kind]", "A-B[External]"). */
const char *connlist_endpoint_name(struct arena *a, const struct reach *r, struct endpoint e);
void connlist_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct np_model *m);
void connlist_free(struct connlist *cl);

#endif
