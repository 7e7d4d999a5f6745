/* test_host_path.c — host path cleaning and runtime socket detection
 * (workload.h), one row each: what workload/host-path and
 * workload/runtime-socket compare. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/checks/workload.h"

static const char *const CLEAN[][2] = {
    {"/", "/"}, {"", "/"}, {"//", "/"}, {"/etc", "/etc"}, {"/etc/", "/etc"},
    {"//etc//kubernetes/", "/etc/kubernetes"}, {"/etc/./kubernetes", "/etc/kubernetes"},
    {"/tmp/../etc", "/etc"}, {"/tmp/../../..", "/"}, {"/a/b/../../c", "/c"},
    {"/var/run/./docker.sock", "/var/run/docker.sock"}, {"/a/..b", "/a/..b"},
    {"/a/.b/", "/a/.b"}, {"relative/path", "/relative/path"},
};

static void test_clean(void **state)
{
    (void)state;
    char buf[64];
    for (size_t i = 0; i < sizeof CLEAN / sizeof *CLEAN; i++) {
        assert_true(host_path_clean(CLEAN[i][0], buf, sizeof buf));
        if (strcmp(buf, CLEAN[i][1]) != 0)
            fail_msg("\"%s\": got \"%s\", want \"%s\"", CLEAN[i][0], buf, CLEAN[i][1]);
    }
    char tiny[9];
    assert_false(host_path_clean("/var/lib/kubelet", tiny, sizeof tiny));
    assert_true(host_path_clean("/var/lib", tiny, sizeof tiny));
    assert_string_equal(tiny, "/var/lib");
}

static void test_under(void **state)
{
    (void)state;
    assert_true(host_path_under("/etc", "/etc"));
    assert_true(host_path_under("/etc/kubernetes", "/etc"));
    assert_false(host_path_under("/etcetera", "/etc"));
    assert_false(host_path_under("/", "/etc"));
    assert_true(host_path_under("/anything", "/"));
}

struct runtime_row {
    const char *path;
    bool reaches;
};

static const struct runtime_row RUNTIME[] = {
    {"/var/run/docker.sock", true}, {"/run/docker.sock", true},
    {"/run/containerd/containerd.sock", true}, {"/run/containerd", true},
    {"/var/run/crio/crio.sock", true}, {"/var/run/crio", true}, {"/var/run", true},
    {"/run", true}, {"/var/run/docker", true}, {"/run/k3s", true},
    {"/var/snap/microk8s/common/run", true}, {"/var/run/cri-dockerd.sock", true},
    {"/home/ci/docker.sock", true}, {"/run/podman/podman.sock", true},
    {"/", false}, {"/var", false}, {"/var/run/netns", false}, {"/run/xtables.lock", false},
    {"/run/udev", false}, {"/var/lib/docker", false}, {"/var/run/docker.socket", false},
    {"/etc/docker.sock.d", false},
};

static void test_runtime(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof RUNTIME / sizeof *RUNTIME; i++)
        if (host_path_reaches_runtime(RUNTIME[i].path) != RUNTIME[i].reaches)
            fail_msg("\"%s\": want %s", RUNTIME[i].path, RUNTIME[i].reaches ? "yes" : "no");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_under),
        cmocka_unit_test(test_runtime),
    };
    return cmocka_run_group_tests_name("host_path", tests, NULL, NULL);
}
