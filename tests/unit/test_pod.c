/* test_pod.c — the pod view (pod.h): where each kind keeps its pod spec,
 * container order and kinds, and the securityContext fields Kubernetes
 * inherits from the pod (and the ones it does not). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/load.h"
#include "../../src/k8s/object.h"
#include "../../src/k8s/pod.h"

struct loaded {
    struct doc *doc;
    struct k8s_object obj;
};

static int keep(struct doc *d, void *ctx)
{
    struct loaded *l = ctx;
    l->doc = d;
    return 1;
}

static void load(struct loaded *l, const char *yaml)
{
    struct load_error err;
    memset(l, 0, sizeof *l);
    load_buffer("test", yaml, strlen(yaml), &LOAD_LIMITS_DEFAULT, keep, l, &err);
    assert_non_null(l->doc);
    assert_true(k8s_object_init(&l->obj, l->doc->root, "test", 0));
}

static const char *const CONTAINERS =
    "containers: [{name: c, image: x}]";

struct location_row {
    const char *kind, *wrapper, *spec_path;
};

/* wrapper: a printf format that places the pod spec (%s) inside the object */
static const struct location_row LOCATIONS[] = {
    {"Pod", "spec: {%s}", "spec"},
    {"Deployment", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"ReplicaSet", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"StatefulSet", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"DaemonSet", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"Job", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"ReplicationController", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"PodTemplate", "template: {spec: {%s}}", "template.spec"},
    {"CronJob", "spec: {jobTemplate: {spec: {template: {spec: {%s}}}}}",
     "spec.jobTemplate.spec.template.spec"},
    {"Rollout", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
    {"Service", "spec: {template: {spec: {%s}}}", "spec.template.spec"},
};

static void test_locations(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof LOCATIONS / sizeof *LOCATIONS; i++) {
        const struct location_row *row = &LOCATIONS[i];
        char body[256], yaml[512];
        snprintf(body, sizeof body, row->wrapper, CONTAINERS);
        snprintf(yaml, sizeof yaml, "apiVersion: x/v1\nkind: %s\nmetadata: {name: n}\n%s\n",
                 row->kind, body);
        struct loaded l;
        load(&l, yaml);
        struct pod_view pv;
        struct arena a = {0};
        if (!pod_view_init(&pv, &l.obj, &a))
            fail_msg("%s: no pod spec found", row->kind);
        assert_string_equal(pv.spec_path, row->spec_path);
        assert_int_equal(pv.ncontainers, 1);
        arena_free(&a);
        doc_free(l.doc);
    }
}

static void test_no_pod(void **state)
{
    (void)state;
    static const char *const YAML[] = {
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\ndata: {a: b}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: n}\nspec: {ports: [{port: 80}]}\n",
        "apiVersion: x/v1\nkind: Thing\nmetadata: {name: n}\nspec: {template: {spec: {}}}\n",
    };
    for (size_t i = 0; i < sizeof YAML / sizeof *YAML; i++) {
        struct loaded l;
        load(&l, YAML[i]);
        struct pod_view pv;
        struct arena a = {0};
        assert_false(pod_view_init(&pv, &l.obj, &a));
        arena_free(&a);
        doc_free(l.doc);
    }
}

static const char POD[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
    "spec:\n"
    "  os: {name: windows}\n"
    "  securityContext:\n"
    "    runAsUser: 1000\n"
    "    runAsNonRoot: true\n"
    "    seccompProfile: {type: RuntimeDefault}\n"
    "    windowsOptions: {runAsUserName: ContainerUser, hostProcess: false}\n"
    "  ephemeralContainers: [{name: e, image: x}]\n"
    "  containers:\n"
    "  - name: a\n"
    "    image: registry.example.com/a:1\n"
    "    securityContext:\n"
    "      runAsUser: 0\n"
    "      runAsNonRoot: ~\n"
    "      readOnlyRootFilesystem: true\n"
    "      windowsOptions: {hostProcess: true}\n"
    "  - image: nginx\n"
    "  initContainers: [{name: i, image: 'Bad:Ref'}]\n";

static void test_containers_and_inheritance(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, POD);
    struct pod_view pv;
    struct arena a = {0};
    assert_true(pod_view_init(&pv, &l.obj, &a));
    assert_true(pv.windows);
    assert_int_equal(pv.ncontainers, 4);
    /* init containers first, then containers, then ephemeral ones */
    assert_string_equal(pv.containers[0].name, "i");
    assert_int_equal(pv.containers[0].kind, CONTAINER_INIT);
    assert_null(pv.containers[0].ref); /* malformed image reference */
    assert_string_equal(pv.containers[1].name, "a");
    assert_string_equal(pv.containers[1].path, "spec.containers[0]");
    assert_string_equal(pv.containers[1].ref->registry, "registry.example.com");
    assert_string_equal(pv.containers[2].name, "");
    assert_string_equal(pv.containers[2].ref->repository, "library/nginx");
    assert_int_equal(pv.containers[3].kind, CONTAINER_EPHEMERAL);
    assert_string_equal(pv.containers[3].path, "spec.ephemeralContainers[0]");

    const struct container_view *c = &pv.containers[1];
    const char *path;
    int64_t v;
    /* the container's own value wins */
    assert_true(node_int(container_effective(&pv, c, "runAsUser", &a, &path), &v));
    assert_int_equal(v, 0);
    assert_string_equal(path, "spec.containers[0].securityContext.runAsUser");
    /* null at container level falls back to the pod */
    assert_true(node_is_true(container_effective(&pv, c, "runAsNonRoot", &a, &path)));
    assert_string_equal(path, "spec.securityContext.runAsNonRoot");
    assert_non_null(container_effective(&pv, c, "seccompProfile", NULL, NULL));
    /* readOnlyRootFilesystem is never inherited; missing points at the container */
    assert_null(container_effective(&pv, &pv.containers[2], "readOnlyRootFilesystem", &a, &path));
    assert_string_equal(path, "spec.containers[1].securityContext.readOnlyRootFilesystem");
    /* windowsOptions merge field by field */
    assert_true(node_is_true(container_effective_windows(&pv, c, "hostProcess", &a, &path)));
    assert_string_equal(path, "spec.containers[0].securityContext.windowsOptions.hostProcess");
    assert_true(node_str_eq(container_effective_windows(&pv, c, "runAsUserName", &a, &path),
                            "ContainerUser"));
    assert_string_equal(path, "spec.securityContext.windowsOptions.runAsUserName");
    assert_false(node_is_true(
        container_effective_windows(&pv, &pv.containers[2], "hostProcess", NULL, NULL)));
    arena_free(&a);
    doc_free(l.doc);
}

static void test_extra_location(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "apiVersion: x/v1\nkind: Workflow\nmetadata: {name: w}\n"
             "spec: {podSpec: {containers: [{name: c, image: x}]}}\n");
    struct pod_view pv;
    struct arena a = {0};
    assert_false(pod_view_init(&pv, &l.obj, &a));
    pod_locations_add("Workflow", "spec.podSpec");
    assert_true(pod_view_init(&pv, &l.obj, &a));
    assert_string_equal(pv.spec_path, "spec.podSpec");
    assert_int_equal(pv.ncontainers, 1);
    pod_locations_reset();
    arena_free(&a);
    doc_free(l.doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_no_pod),
        cmocka_unit_test(test_containers_and_inheritance),
        cmocka_unit_test(test_extra_location),
    };
    return cmocka_run_group_tests_name("pod", tests, NULL, NULL);
}
