/* test_check_config.c — checks that depend on the configuration, through the
 * engine: image/untrusted-registry with and without trusted registries, and
 * a raised finding severity (critical host paths) against a configured
 * severity override. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/catalog.h"
#include "../../src/checks/config.h"
#include "../../src/checks/engine.h"
#include "../../src/core/load.h"

static const char PODS[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
    "spec:\n"
    "  volumes:\n"
    "  - {name: root, hostPath: {path: /}}\n"
    "  - {name: data, hostPath: {path: /data}}\n"
    "  containers:\n"
    "  - {name: hub, image: 'nginx:1.27'}\n"
    "  - {name: org, image: 'ghcr.io/myorg/app:1'}\n"
    "  - {name: other-org, image: 'ghcr.io/myorganisation/app:1'}\n"
    "  - {name: internal, image: 'registry.example.com:5000/team/app:1'}\n"
    "  - {name: broken, image: 'Not A Reference'}\n";

struct run {
    struct scan_config *cfg;
    struct findings out;
};

static int check_doc(struct doc *d, void *ctx)
{
    struct run *r = ctx;
    struct k8s_object o;
    struct engine e;
    assert_true(k8s_object_init(&o, d->root, "test", 0));
    engine_init(&e, r->cfg, &r->out);
    engine_object(&e, &o);
    engine_finish(&e);
    doc_free(d);
    return 0;
}

static void scan(struct run *r, const char *only)
{
    struct load_error err;
    memset(&r->out, 0, sizeof r->out);
    assert_true(config_only(r->cfg, only));
    assert_int_equal(load_buffer("test", PODS, strlen(PODS), &LOAD_LIMITS_DEFAULT, check_doc, r,
                                 &err), 0);
}

static bool reported(const struct findings *f, const char *container)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *c = findings_text(f, f->v[i].container);
        if (c && strcmp(c, container) == 0)
            return true;
    }
    return false;
}

static void trust(struct scan_config *cfg, const char *const *sources, size_t n)
{
    cfg->trusted_registries = calloc(n, sizeof *cfg->trusted_registries);
    for (size_t i = 0; i < n; i++)
        cfg->trusted_registries[i] = strdup(sources[i]);
    cfg->ntrusted = n;
}

static void test_untrusted_registry(void **state)
{
    (void)state;
    struct scan_config cfg;
    struct run r = {.cfg = &cfg};
    config_init(&cfg);
    scan(&r, "image/untrusted-registry");
    assert_int_equal(r.out.n, 0); /* no allow-list, no findings */
    findings_free(&r.out);

    static const char *const SOURCES[] = {"ghcr.io/myorg", "registry.example.com:5000"};
    trust(&cfg, SOURCES, 2);
    scan(&r, "image/untrusted-registry");
    assert_int_equal(r.out.n, 2);
    assert_true(reported(&r.out, "hub"));       /* docker.io is not listed */
    assert_true(reported(&r.out, "other-org")); /* myorg is a whole component */
    assert_int_equal(r.out.v[0].severity, SEV_HIGH);
    findings_free(&r.out);
    config_free(&cfg);
}

static enum severity host_path_severity(const struct findings *f, const char *needle)
{
    for (size_t i = 0; i < f->n; i++)
        if (strstr(findings_text(f, f->v[i].message), needle))
            return f->v[i].severity;
    fail_msg("no finding mentions %s", needle);
    return SEV_COUNT;
}

static void test_raised_severity(void **state)
{
    (void)state;
    struct scan_config cfg;
    struct run r = {.cfg = &cfg};
    config_init(&cfg);
    scan(&r, "workload/host-path");
    assert_int_equal(r.out.n, 2);
    assert_int_equal(host_path_severity(&r.out, "path /data"), SEV_HIGH);
    assert_int_equal(host_path_severity(&r.out, "path /"), SEV_CRITICAL);
    findings_free(&r.out);

    /* a configured severity for the check replaces the raise */
    cfg.severity[catalog_index(catalog_find("workload/host-path"))] = SEV_LOW;
    scan(&r, "workload/host-path");
    assert_int_equal(host_path_severity(&r.out, "path /data"), SEV_LOW);
    assert_int_equal(host_path_severity(&r.out, "path /"), SEV_LOW);
    findings_free(&r.out);

    /* and a minimum severity filters on the raised one */
    cfg.severity[catalog_index(catalog_find("workload/host-path"))] = SEV_HIGH;
    cfg.min_severity = SEV_CRITICAL;
    scan(&r, "workload/host-path");
    assert_int_equal(r.out.n, 1);
    assert_int_equal(r.out.filtered, 1);
    findings_free(&r.out);
    config_free(&cfg);
}

/* Every row is found by its place, its id and its aliases; nothing else is. */
static void test_catalog_lookups(void **state)
{
    (void)state;
    assert_true(catalog_count() > 100);
    for (size_t i = 0; i < catalog_count(); i++) {
        const struct check *c = catalog_at(i);
        assert_int_equal(catalog_index(c), i);
        assert_ptr_equal(catalog_find(c->id), c);
        for (size_t k = 0; k < CHECK_MAX_ALIASES && c->aliases[k]; k++)
            assert_non_null(catalog_find(c->aliases[k]));
    }
    assert_ptr_equal(catalog_find("invalid-field"), catalog_find("input/invalid-field"));
    assert_null(catalog_find("no/such-check"));
    assert_null(catalog_find(""));
    assert_null(catalog_find("zzzz"));
    static const struct check stray = {.id = "workload/privileged"};
    assert_int_equal(catalog_index(&stray), (size_t)-1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_untrusted_registry),
        cmocka_unit_test(test_raised_severity),
        cmocka_unit_test(test_catalog_lookups),
    };
    return cmocka_run_group_tests_name("check_config", tests, NULL, NULL);
}
