/* model_priv.h — functions shared by the files that build the network model
 * (model.c, admin.c); not part of the model's interface. */
#ifndef RINGWALL_NETPOL_MODEL_PRIV_H
#define RINGWALL_NETPOL_MODEL_PRIV_H

#include "model.h"

/* Records an input error at a node (NULL: no position) of file. */
void model_error(struct np_model *m, const char *file, const struct node *at, const char *fmt,
                 ...) __attribute__((format(printf, 4, 5)));
const char *model_ns_or_default(const struct k8s_object *o);

/* Reads one policy object: its first problem becomes a model error (later
 * ones follow from it), prefixed `KIND "NAME": ` when kind is set. */
struct model_reader {
    struct np_model *m;
    const char *file;
    const char *kind, *name; /* kind NULL: no prefix */
    bool ok;
};
void model_reader_bad(struct model_reader *r, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Reads a label selector; an invalid one is reported as "WHAT error: ...". */
void model_reader_selector(struct model_reader *r, const struct node *n, struct selector *out,
                           const char *what);
struct np_obj model_obj_copy(struct np_model *m, const struct k8s_object *o);

/* AdminNetworkPolicy (baseline false) or BaselineAdminNetworkPolicy. */
void admin_add(struct np_model *m, const struct k8s_object *o, bool baseline);
/* Orders the admin policies by priority; equal priorities are an error. */
void admin_finish(struct np_model *m);
void admin_free(struct np_model *m);

#endif
