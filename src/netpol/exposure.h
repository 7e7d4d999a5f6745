/* exposure.h — exposure analysis, as netpol-analyzer's --exposure does it:
 * besides the connections between the input's workloads, which connections
 * policies would allow with workloads that are not in the input. Every
 * policy rule peer selecting pods by labels stands for such "representative"
 * pods (dropped when an input workload matches its plain label selectors);
 * rules selecting every namespace expose a workload to the entire cluster.
 * Per workload and direction the result lists the entire-cluster exposure,
 * the representative peers whose connections go beyond it, the external
 * ranges of the connectivity list, and whether no policy protects it. */
#ifndef RINGWALL_NETPOL_EXPOSURE_H
#define RINGWALL_NETPOL_EXPOSURE_H

#include "connlist.h"

struct exposure_line {
    const char *peer;   /* the input workload */
    const char *other;  /* entire-cluster, a representative peer, or an external range */
    const char *conn;
    const char *rep_ns, *rep_pod; /* a representative's two parts, unbracketed (or NULL) */
    bool entire;        /* other is the entire cluster */
};

struct exposure {
    struct exposure_line *in, *eg;
    size_t nin, neg, in_cap, eg_cap;
    const char **unprotected; /* "ns/name[Kind] is not protected on Ingress" */
    size_t nunprotected, unprotected_cap;
    size_t width;             /* longest exposed workload name */
    struct arena arena;
    const char **canon;       /* canonical selector texts, by selector address */
    size_t ncanon, canon_cap;
    struct strmap canon_index;
};

/* Computes the exposure of every workload (or of the focus workloads, in
 * the focus direction, when focus is not NULL); cl is the connectivity list
 * (its lines with external ranges are repeated in the exposure). */
void exposure_build(struct exposure *ex, struct reach *r, const struct connlist *cl,
                    const struct connlist_focus *focus);
void exposure_free(struct exposure *ex);
/* Writes the connectivity list followed by the exposure section. */
void exposure_write(FILE *out, enum connlist_format f, const struct connlist *cl,
                    const struct exposure *ex, const struct np_model *m);

#endif
