/* fuzz_netpol.c — libFuzzer target for the network policy analysis over
 * fuzzed NetworkPolicies, admin policies, pods, workloads, Services and
 * Ingresses: the connectivity list and the exposure analysis in every
 * output format, and a list focused on one workload. Checks that the JSON
 * outputs are valid JSON and that each line of the focused list is a line
 * of the full list. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/netpol/connlist.h"
#include "../../src/netpol/exposure.h"
#include "fuzz_util.h"
#include "report_check.h"

static void add_object(const struct k8s_object *o, void *ctx)
{
    model_add(ctx, o);
}

struct output {
    const struct connlist *cl;
    const struct exposure *ex; /* NULL: the list alone */
    const struct np_model *m;
};

/* Writes every format into memory; the JSON one must be valid. */
static void write_all(const struct output *o)
{
    static const enum connlist_format FORMATS[] = {CL_TXT, CL_JSON, CL_CSV, CL_MD, CL_DOT};
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&buf, &len);
        if (!out)
            abort();
        if (o->ex)
            exposure_write(out, FORMATS[i], o->cl, o->ex, o->m);
        else
            connlist_write(out, FORMATS[i], o->cl, o->m);
        fclose(out);
        if (FORMATS[i] == CL_JSON) {
            const char *why = fuzz_json_check(buf, len, NULL);
            if (why) {
                fprintf(stderr, "invalid JSON from netpol%s: %s\n", o->ex ? " --exposure" : "",
                        why);
                abort();
            }
        }
        free(buf);
    }
}

static bool has_line(const struct connlist *cl, const struct conn_line *l)
{
    for (size_t i = 0; i < cl->n; i++)
        if (strcmp(cl->v[i].src, l->src) == 0 && strcmp(cl->v[i].dst, l->dst) == 0 &&
            strcmp(cl->v[i].conn, l->conn) == 0)
            return true;
    return false;
}

static void check_focus(struct reach *r, const struct connlist *full)
{
    struct np_model *m = r->m;
    if (!m->nw)
        return;
    const struct workload *w = &m->w[m->nw / 2];
    char *name = NULL;
    if (asprintf(&name, "%s/%s", w->ns, w->name) < 0)
        abort();
    const char *names[] = {name};
    struct connlist_focus focus = {.workloads = names, .nworkloads = 1};
    struct connlist cl;
    connlist_build(&cl, r, &focus);
    for (size_t i = 0; i < cl.n; i++)
        if (!has_line(full, &cl.v[i]))
            abort(); /* the focused list has a line the full list lacks */
    struct exposure ex;
    exposure_build(&ex, r, &cl, &focus);
    write_all(&(struct output){&cl, &ex, m});
    exposure_free(&ex);
    connlist_free(&cl);
    free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct np_model m;
    model_init(&m);
    fuzz_each_object(data, size, add_object, &m);
    model_finish(&m);
    struct reach r;
    reach_init(&r, &m);
    struct connlist cl;
    connlist_build(&cl, &r, NULL);
    write_all(&(struct output){&cl, NULL, &m});
    struct exposure ex;
    exposure_build(&ex, &r, &cl, NULL);
    write_all(&(struct output){&cl, &ex, &m});
    exposure_free(&ex);
    check_focus(&r, &cl);
    connlist_free(&cl);
    reach_free(&r);
    model_free(&m);
    return 0;
}
