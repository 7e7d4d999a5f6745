/* rbac_bench.c — in-process timings of the RBAC engine on one dump: model
 * loading (parse + copy), then who-can, can-i, risks and paths, each the
 * median of several runs. Prints figures; asserts nothing.
 * Usage: rbac_bench DUMP */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../src/checks/rbac.h"
#include "../src/k8s/source.h"
#include "../src/rbac/paths.h"
#include "../src/rbac/query.h"
#include "../src/rbac/risk.h"

enum { RUNS = 9 };

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void count_grant(const struct rbac_grant *g, void *ctx)
{
    (void)g;
    ++*(size_t *)ctx;
}

static void count_hit(const struct rbac_risk_hit *h, void *ctx)
{
    (void)h;
    ++*(size_t *)ctx;
}

static void add_object(const struct k8s_object *o, void *ctx)
{
    rbac_model_add(ctx, o);
}

struct bench {
    struct rbac_model *m;
    const char *what;
    size_t results;
};

static void run_who_can(struct bench *b)
{
    struct rbac_request q;
    char err[256];
    rbac_request_parse(b->m, "get", "secrets", NULL, NULL, "ns-3", &q, err, sizeof err);
    b->results = 0;
    rbac_who_can(b->m, &q, true, count_grant, &b->results);
}

static void run_can_i(struct bench *b)
{
    struct rbac_request q;
    struct rbac_principal p;
    char err[256];
    rbac_request_parse(b->m, "patch", "deployments", NULL, NULL, "ns-3", &q, err, sizeof err);
    rbac_principal_parse(b->m, "system:serviceaccount:ns-3:sa-1", &p, err, sizeof err);
    b->results = 0;
    rbac_can_i(b->m, &p, &q, count_grant, &b->results);
}

static void run_risks(struct bench *b)
{
    b->results = 0;
    rbac_risks(b->m, true, count_hit, &b->results);
}

static void run_paths(struct bench *b)
{
    struct rbac_paths ps;
    rbac_paths_to_admin(b->m, NULL, &ps);
    b->results = ps.n;
    rbac_paths_free(&ps);
}

static void time_it(struct bench *b, void (*fn)(struct bench *))
{
    double t[RUNS];
    for (int i = 0; i < RUNS; i++) {
        double t0 = now_ms();
        fn(b);
        t[i] = now_ms() - t0;
    }
    qsort(t, RUNS, sizeof *t, cmp_double);
    printf("  %-10s median %8.2f ms  (min %.2f, max %.2f)  results %zu\n", b->what, t[RUNS / 2],
           t[0], t[RUNS - 1], b->results);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: rbac_bench DUMP\n");
        return 2;
    }
    struct rbac_model m;
    double t0 = now_ms();
    rbac_model_init(&m);
    rbac_checks_load_bootstrap(&m);
    double t1 = now_ms();
    struct object_source src = {.on_object = add_object, .ctx = &m};
    const char *paths[] = {argv[1]};
    source_read(&src, paths, 1);
    double t2 = now_ms();
    rbac_model_finish(&m, false);
    double t3 = now_ms();
    size_t nrules = 0;
    for (size_t i = 0; i < m.nroles; i++)
        nrules += m.roles[i]->nrules;
    printf("rbac in-process (%zu roles, %zu rules, %zu bindings, %zu workloads)\n", m.nroles,
           nrules, m.nbindings, m.nworkloads);
    printf("  bootstrap  %8.2f ms\n  load       %8.2f ms  (parse + copy of %zu objects)\n"
           "  finish     %8.2f ms  (resolve + aggregate)\n", t1 - t0, t2 - t1,
           src.summary.objects, t3 - t2);
    struct bench b = {.m = &m};
    b.what = "who-can";
    time_it(&b, run_who_can);
    b.what = "can-i";
    time_it(&b, run_can_i);
    b.what = "risks";
    time_it(&b, run_risks);
    b.what = "paths";
    time_it(&b, run_paths);
    rbac_model_free(&m);
    return 0;
}
