/* test_rbac_match.c — the RBAC authorizer's matching rules (match.h), one
 * row per rule/request pair, plus aggregation order-independence and
 * principal parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/load.h"
#include "../../src/rbac/match.h"

/* One ClusterRole with one rule, then requests against it. */
static const char ROLE[] =
    "apiVersion: rbac.authorization.k8s.io/v1\n"
    "kind: ClusterRole\n"
    "metadata: {name: r}\n"
    "rules:\n"
    "- apiGroups: ['', apps]\n"
    "  resources: [pods, '*/scale', deployments/status]\n"
    "  verbs: [get, update]\n"
    "- apiGroups: [example.com]\n"
    "  resources: ['*']\n"
    "  resourceNames: [one]\n"
    "  verbs: ['*']\n"
    "- nonResourceURLs: [/healthz, '/logs/*']\n"
    "  verbs: [get]\n";

struct row {
    const char *verb, *resource, *name;
    int allowed;
};

static const struct row ROWS[] = {
    {"get", "pods", NULL, 1},
    {"list", "pods", NULL, 0},
    {"get", "pods/log", NULL, 0},                 /* a subresource is its own resource */
    {"update", "deployments.apps/scale", NULL, 1}, /* star-slash-scale: any resource */
    {"update", "deployments.apps", NULL, 0},
    {"update", "deployments.apps/status", NULL, 1},
    {"update", "statefulsets.apps/status", NULL, 0},
    {"get", "widgets.example.com", "one", 1},      /* resourceNames with a name */
    {"get", "widgets.example.com", "two", 0},
    {"list", "widgets.example.com", NULL, 0},      /* no name: never matches resourceNames */
    {"get", "pods.example.com", NULL, 0},
    {"get", "/healthz", NULL, 1},
    {"get", "/healthz/etcd", NULL, 0},             /* no star: exact only */
    {"get", "/logs/kubelet.log", NULL, 1},
    {"get", "/logs", NULL, 0},
    {"post", "/healthz", NULL, 0},
};

static int load_into(struct doc *d, void *ctx)
{
    struct rbac_model *m = ctx;
    struct k8s_object o;
    if (k8s_object_init(&o, d->root, d->file, d->index))
        rbac_model_add(m, &o);
    doc_free(d);
    return 0;
}

static void load_text(struct rbac_model *m, const char *text)
{
    struct load_error err;
    assert_int_equal(load_buffer("t.yaml", text, strlen(text), NULL, load_into, m, &err), 0);
}

static void test_rule_rows(void **state)
{
    (void)state;
    struct rbac_model m;
    rbac_model_init(&m);
    load_text(&m, ROLE);
    rbac_model_finish(&m, false);
    const struct rbac_role *r = rbac_find_role(&m, true, NULL, "r");
    assert_non_null(r);
    for (size_t i = 0; i < sizeof ROWS / sizeof *ROWS; i++) {
        struct rbac_request q;
        char err[256];
        assert_true(rbac_request_parse(&m, ROWS[i].verb, ROWS[i].resource, NULL, ROWS[i].name,
                                       "default", &q, err, sizeof err));
        if ((rbac_role_allows(&m, r, &q) != NULL) != ROWS[i].allowed)
            fail_msg("row %zu: %s %s %s: want %s", i, ROWS[i].verb, ROWS[i].resource,
                     ROWS[i].name ? ROWS[i].name : "", ROWS[i].allowed ? "allowed" : "denied");
    }
    rbac_model_free(&m);
}

/* top aggregates middle (by label), which aggregates leaf; any order. */
static const char *const AGG[] = {
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: top}\n"
    "aggregationRule:\n  clusterRoleSelectors:\n  - matchLabels: {tier: middle}\n",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
    "metadata: {name: middle, labels: {tier: middle}}\n"
    "aggregationRule:\n  clusterRoleSelectors:\n"
    "  - matchExpressions: [{key: tier, operator: In, values: [leaf]}]\n",
    "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
    "metadata: {name: leaf, labels: {tier: leaf}}\n"
    "rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]\n",
};

static void test_aggregation_any_order(void **state)
{
    (void)state;
    static const int ORDERS[][3] = {{0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {2, 0, 1}};
    for (size_t o = 0; o < 4; o++) {
        struct rbac_model m;
        rbac_model_init(&m);
        for (int i = 0; i < 3; i++)
            load_text(&m, AGG[ORDERS[o][i]]);
        rbac_model_finish(&m, false);
        const struct rbac_role *top = rbac_find_role(&m, true, NULL, "top");
        assert_non_null(top);
        assert_int_equal(top->neff, 1);
        assert_string_equal(top->eff[0]->role->name, "leaf");
        rbac_model_free(&m);
    }
}

static void test_principals(void **state)
{
    (void)state;
    struct rbac_model m;
    struct rbac_principal p;
    char err[256];
    rbac_model_init(&m);
    assert_true(rbac_principal_parse(&m, "system:serviceaccount:ci:deployer", &p, err, sizeof err));
    assert_int_equal(p.kind, SUBJECT_SA);
    assert_string_equal(p.user, "system:serviceaccount:ci:deployer");
    assert_int_equal(p.ngroups, 3); /* serviceaccounts, serviceaccounts:ci, authenticated */
    assert_true(rbac_principal_parse(&m, "ServiceAccount:ci/deployer", &p, err, sizeof err));
    assert_string_equal(p.sa_namespace, "ci");
    assert_true(rbac_principal_parse(&m, "User:system:anonymous", &p, err, sizeof err));
    assert_string_equal(p.groups[0], "system:unauthenticated");
    assert_true(rbac_principal_parse(&m, "Group:devs", &p, err, sizeof err));
    assert_null(p.user);
    assert_false(rbac_principal_parse(&m, "ServiceAccount:nonamespace", &p, err, sizeof err));
    assert_false(rbac_principal_parse(&m, "Robot:r2", &p, err, sizeof err));
    rbac_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_rows),
        cmocka_unit_test(test_aggregation_any_order),
        cmocka_unit_test(test_principals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
