/* test_pss.c — Pod Security semantics that are easy to get wrong: version
 * parsing and clamping, overrides, Windows and user-namespace exemptions,
 * legacy annotations, defaulted volumes, and the exact message wording. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/load.h"
#include "../../src/pss/evaluate.h"

struct judged {
    struct pss_verdict v;
    struct arena arena;
};

static int take_doc(struct doc *d, void *ctx)
{
    *(struct doc **)ctx = d;
    return 1;
}

/* Judges a one-Pod YAML text at LEVEL:VERSION. */
static void judge(struct judged *j, const char *yaml, enum pss_level level, const char *version)
{
    struct doc *d = NULL;
    struct load_error err;
    load_buffer("test", yaml, strlen(yaml), NULL, take_doc, &d, &err);
    assert_non_null(d);
    struct k8s_object o;
    struct pod_view pv;
    assert_true(k8s_object_init(&o, d->root, "test", 0));
    memset(&j->arena, 0, sizeof j->arena);
    assert_true(pod_view_init(&pv, &o, &j->arena));
    struct pss_facts f;
    pss_facts_extract(&f, &pv, &j->arena, true);
    doc_free(d); /* copied facts outlive the document */
    struct pss_version v;
    assert_true(pss_version_parse(version, &v));
    struct pss_policy p;
    pss_policy_init(&p, level, v);
    pss_judge(&p, &f, &j->arena, &j->v);
}

static bool violates(const char *yaml, enum pss_level level, const char *version,
                     enum pss_control c)
{
    struct judged j;
    judge(&j, yaml, level, version);
    bool hit = false;
    for (size_t i = 0; i < j.v.nviolations; i++)
        hit |= j.v.violations[i].control == c;
    arena_free(&j.arena);
    return hit;
}

static void assert_message(const char *yaml, enum pss_level level, const char *version,
                           const char *want)
{
    struct judged j;
    judge(&j, yaml, level, version);
    assert_string_equal(j.v.message ? j.v.message : "(allowed)", want);
    arena_free(&j.arena);
}

static void test_versions(void **state)
{
    struct pss_version v;
    assert_true(pss_version_parse("v1.0", &v) && v.minor == 0 && !v.latest);
    assert_true(pss_version_parse("v1.37", &v) && v.minor == 37);
    assert_true(pss_version_parse("latest", &v) && v.latest);
    assert_true(pss_version_parse("v1.9223372036854775807", &v) && v.minor == INT64_MAX);
    static const char *const BAD[] = {"v1.01", "1.30", "v2.0", "v1.", "v1.-1", "v1.3a",
                                      "Latest", "", "v1.+3", "v1.9223372036854775808"};
    for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++)
        assert_false(pss_version_parse(BAD[i], &v));
    struct pss_policy p;
    pss_policy_init(&p, PSS_LEVEL_BASELINE, (struct pss_version){.minor = 99});
    assert_int_equal(p.minor, PSS_NEWEST_MINOR);
    pss_policy_init(&p, PSS_LEVEL_BASELINE, (struct pss_version){.latest = true});
    assert_int_equal(p.minor, PSS_NEWEST_MINOR);
    enum pss_level l;
    assert_true(pss_spec_parse("baseline:v1.29", &l, &v) && l == PSS_LEVEL_BASELINE &&
                v.minor == 29);
    assert_true(pss_spec_parse("restricted", &l, &v) && v.latest);
    assert_false(pss_spec_parse("baseline:", &l, &v));
    assert_false(pss_spec_parse("strict:v1.2", &l, &v));
}

static void test_controls_by_version(void **state)
{
    struct pss_policy p;
    pss_policy_init(&p, PSS_LEVEL_RESTRICTED, (struct pss_version){.minor = 7});
    assert_false(p.controls & PSS_BIT(PSS_ALLOW_PRIVILEGE_ESCALATION));
    assert_true(p.controls & PSS_BIT(PSS_SECCOMP_BASELINE));
    assert_false(p.controls & PSS_BIT(PSS_HOST_PATH_VOLUMES)); /* restrictedVolumes covers it */
    pss_policy_init(&p, PSS_LEVEL_RESTRICTED, (struct pss_version){.minor = 8});
    assert_true(p.controls & PSS_BIT(PSS_ALLOW_PRIVILEGE_ESCALATION));
    pss_policy_init(&p, PSS_LEVEL_RESTRICTED, (struct pss_version){.minor = 21});
    assert_true(p.controls & PSS_BIT(PSS_CAPABILITIES_BASELINE));
    assert_false(p.controls & PSS_BIT(PSS_SECCOMP_BASELINE));
    pss_policy_init(&p, PSS_LEVEL_RESTRICTED, (struct pss_version){.minor = 22});
    assert_false(p.controls & PSS_BIT(PSS_CAPABILITIES_BASELINE));
    assert_true(p.controls & PSS_BIT(PSS_CAPABILITIES_RESTRICTED));
    pss_policy_init(&p, PSS_LEVEL_RESTRICTED, (struct pss_version){.minor = 35});
    assert_false(p.controls & PSS_BIT(PSS_PROC_MOUNT));
    assert_true(p.controls & PSS_BIT(PSS_PROC_MOUNT_RESTRICTED));
    pss_policy_init(&p, PSS_LEVEL_BASELINE, (struct pss_version){.minor = 33});
    assert_false(p.controls & PSS_BIT(PSS_HOST_PROBES_AND_LIFECYCLE));
    assert_false(p.controls & PSS_BIT(PSS_RUN_AS_NON_ROOT));
    pss_policy_init(&p, PSS_LEVEL_PRIVILEGED, (struct pss_version){.latest = true});
    assert_int_equal(p.controls, 0);
}

static const char WINDOWS_POD[] = "apiVersion: v1\nkind: Pod\nmetadata: {name: w}\n"
                                  "spec:\n  os: {name: windows}\n"
                                  "  securityContext: {runAsNonRoot: true}\n"
                                  "  containers: [{name: app, image: x}]\n";

static void test_windows_exemption(void **state)
{
    assert_true(violates(WINDOWS_POD, PSS_LEVEL_RESTRICTED, "v1.24",
                         PSS_ALLOW_PRIVILEGE_ESCALATION));
    assert_false(violates(WINDOWS_POD, PSS_LEVEL_RESTRICTED, "v1.25",
                          PSS_ALLOW_PRIVILEGE_ESCALATION));
    assert_false(violates(WINDOWS_POD, PSS_LEVEL_RESTRICTED, "v1.25", PSS_SECCOMP_RESTRICTED));
    assert_message(WINDOWS_POD, PSS_LEVEL_RESTRICTED, "latest", "(allowed)");
}

static const char USERNS_POD[] = "apiVersion: v1\nkind: Pod\nmetadata: {name: u}\n"
                                 "spec:\n  hostUsers: false\n"
                                 "  securityContext: {runAsNonRoot: false, runAsUser: 0,\n"
                                 "    seccompProfile: {type: RuntimeDefault}}\n"
                                 "  containers:\n  - name: app\n    image: x\n"
                                 "    securityContext: {allowPrivilegeEscalation: false,\n"
                                 "      capabilities: {drop: [ALL]}, procMount: Unmasked}\n";

static void test_user_namespace_relaxation(void **state)
{
    assert_true(violates(USERNS_POD, PSS_LEVEL_RESTRICTED, "v1.34", PSS_RUN_AS_NON_ROOT));
    assert_true(violates(USERNS_POD, PSS_LEVEL_RESTRICTED, "v1.34", PSS_RUN_AS_USER));
    assert_true(violates(USERNS_POD, PSS_LEVEL_BASELINE, "v1.34", PSS_PROC_MOUNT));
    assert_false(violates(USERNS_POD, PSS_LEVEL_BASELINE, "v1.35", PSS_PROC_MOUNT));
    assert_message(USERNS_POD, PSS_LEVEL_RESTRICTED, "v1.35",
                   "violates PodSecurity \"restricted:v1.35\": procMount (container \"app\" "
                   "must not set securityContext.procMount to \"Unmasked\")");
}

static const char SECCOMP_ANNOTATED[] =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: s\n  annotations:\n"
    "    seccomp.security.alpha.kubernetes.io/pod: unconfined\n"
    "    container.seccomp.security.alpha.kubernetes.io/gone: unconfined\n"
    "    container.apparmor.security.beta.kubernetes.io/gone: unconfined\n"
    "spec:\n  containers: [{name: app, image: x}]\n";

static void test_legacy_annotations(void **state)
{
    /* seccomp annotations count before v1.19 and only for containers in the pod;
     * AppArmor annotations count at every version, for any container name */
    assert_message(SECCOMP_ANNOTATED, PSS_LEVEL_BASELINE, "v1.18",
                   "violates PodSecurity \"baseline:v1.18\": forbidden AppArmor profile "
                   "(annotation must not set AppArmor profile type to "
                   "\"container.apparmor.security.beta.kubernetes.io/gone=\"unconfined\"\"), "
                   "seccompProfile (forbidden annotation "
                   "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
    assert_false(violates(SECCOMP_ANNOTATED, PSS_LEVEL_BASELINE, "v1.19",
                          PSS_SECCOMP_BASELINE));
}

static void test_apparmor_fields(void **state)
{
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  annotations:\n"
                      "    container.apparmor.security.beta.kubernetes.io/b: localhost/x\n"
                      "    container.apparmor.security.beta.kubernetes.io/c: runtime/default\n"
                      "    container.apparmor.security.beta.kubernetes.io/d: foo\n"
                      "spec:\n  securityContext: {appArmorProfile: {type: Unconfined}}\n"
                      "  containers:\n  - {name: a, image: x,\n"
                      "     securityContext: {appArmorProfile: {type: Unconfined}}}\n"
                      "  - {name: b, image: x,\n"
                      "     securityContext: {appArmorProfile: {type: Localhost}}}\n";
    assert_message(pod, PSS_LEVEL_BASELINE, "v1.0",
                   "violates PodSecurity \"baseline:v1.0\": forbidden AppArmor profiles (pod and "
                   "container \"a\" and annotation must not set AppArmor profile type to "
                   "\"Unconfined\", \"container.apparmor.security.beta.kubernetes.io/d=\"foo\"\")");
}

static void test_selinux_types(void **state)
{
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec:\n"
                      "  securityContext: {seLinuxOptions: {type: container_engine_t}}\n"
                      "  containers:\n  - {name: a, image: x,\n"
                      "     securityContext: {seLinuxOptions: {user: u, role: r}}}\n";
    assert_message(pod, PSS_LEVEL_BASELINE, "v1.30",
                   "violates PodSecurity \"baseline:v1.30\": seLinuxOptions (pod and container "
                   "\"a\" set forbidden securityContext.seLinuxOptions: type "
                   "\"container_engine_t\"; user may not be set; role may not be set)");
    assert_message(pod, PSS_LEVEL_BASELINE, "v1.31",
                   "violates PodSecurity \"baseline:v1.31\": seLinuxOptions (container \"a\" "
                   "set forbidden securityContext.seLinuxOptions: user may not be set; role "
                   "may not be set)");
}

static void test_volumes(void **state)
{
    /* a volume with no source is defaulted to emptyDir; a null source is no source */
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: v}\nspec:\n"
                      "  volumes:\n  - {name: scratch}\n  - {name: nothing, hostPath: ~}\n"
                      "  - {name: nfs1, nfs: {server: s, path: /}}\n"
                      "  - {name: host, hostPath: {path: /}}\n"
                      "  - {name: both, secret: {secretName: s}, hostPath: {path: /}}\n"
                      "  containers: [{name: a, image: x}]\n";
    assert_message(pod, PSS_LEVEL_BASELINE, "latest",
                   "violates PodSecurity \"baseline:latest\": hostPath volumes (volumes "
                   "\"host\", \"both\")");
    struct judged j;
    judge(&j, pod, PSS_LEVEL_RESTRICTED, "v1.0");
    assert_int_equal(j.v.nviolations, 2); /* and runAsNonRoot */
    assert_int_equal(j.v.violations[0].control, PSS_RESTRICTED_VOLUMES);
    assert_string_equal(j.v.violations[0].detail,
                        "volumes \"nfs1\", \"host\" use restricted volume types \"hostPath\", "
                        "\"nfs\"");
    arena_free(&j.arena);
}

static void test_message_order_and_containers(void **state)
{
    /* baseline controls first, then restricted ones; init, regular and
     * ephemeral containers in pod order; value sets sorted */
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n"
                      "  securityContext: {runAsNonRoot: true, seccompProfile: {type: Localhost}}\n"
                      "  initContainers:\n  - name: init\n    image: x\n"
                      "    ports: [{containerPort: 1, hostPort: 81}]\n"
                      "    securityContext: {allowPrivilegeEscalation: false,\n"
                      "      capabilities: {drop: [ALL], add: [SYS_ADMIN, NET_BIND_SERVICE]}}\n"
                      "  containers:\n  - name: app\n    image: x\n"
                      "    ports: [{containerPort: 1, hostPort: 80}]\n"
                      "    securityContext: {allowPrivilegeEscalation: false,\n"
                      "      capabilities: {drop: [ALL]}}\n"
                      "  ephemeralContainers:\n  - name: debug\n    image: x\n"
                      "    securityContext: {privileged: true}\n";
    assert_message(pod, PSS_LEVEL_RESTRICTED, "v1.30",
                   "violates PodSecurity \"restricted:v1.30\": hostPort (containers \"init\", "
                   "\"app\" use hostPorts 80, 81), privileged (container \"debug\" must not set "
                   "securityContext.privileged=true), allowPrivilegeEscalation != false "
                   "(container \"debug\" must set securityContext.allowPrivilegeEscalation=false)"
                   ", unrestricted capabilities (container \"debug\" must set "
                   "securityContext.capabilities.drop=[\"ALL\"]; container \"init\" must not "
                   "include \"SYS_ADMIN\" in securityContext.capabilities.add)");
}

static void test_yaml11_values(void **state)
{
    /* YAML 1.1 as the API server reads it: `on` is true, 0x0 is 0, a quoted
     * "true" is a string (rejected by the API server, never privileged) */
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: y}\nspec:\n"
                      "  hostPID: on\n  securityContext: {runAsUser: 0x0}\n"
                      "  containers: [{name: a, image: x,\n"
                      "    securityContext: {privileged: \"true\"}}]\n";
    assert_true(violates(pod, PSS_LEVEL_BASELINE, "latest", PSS_HOST_NAMESPACES));
    assert_false(violates(pod, PSS_LEVEL_BASELINE, "latest", PSS_PRIVILEGED));
    assert_true(violates(pod, PSS_LEVEL_RESTRICTED, "v1.23", PSS_RUN_AS_USER));
    assert_false(violates(pod, PSS_LEVEL_RESTRICTED, "v1.22", PSS_RUN_AS_USER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_controls_by_version),
        cmocka_unit_test(test_windows_exemption),
        cmocka_unit_test(test_user_namespace_relaxation),
        cmocka_unit_test(test_legacy_annotations),
        cmocka_unit_test(test_apparmor_fields),
        cmocka_unit_test(test_selinux_types),
        cmocka_unit_test(test_volumes),
        cmocka_unit_test(test_message_order_and_containers),
        cmocka_unit_test(test_yaml11_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
