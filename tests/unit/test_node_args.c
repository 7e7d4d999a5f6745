/* test_node_args.c — a component's command line as its flag parser reads it
 * (node_args.h) and the kubelet's as systemd assembles it (node_systemd.h):
 * ExecStart= resets, Environment= quoting, EnvironmentFile= overriding,
 * $VAR splitting and ${VAR} staying one word, ExecStart prefixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/node/node_args.h"
#include "../../src/node/node_systemd.h"

static struct node_args args_of(const char *const *words, size_t n, struct arena *a)
{
    struct node_args out = {0};
    for (size_t i = 0; i < n; i++)
        node_args_push(&out, words[i], a);
    return out;
}

static void test_flags(void **state)
{
    (void)state;
    struct arena a = {0};
    static const char *const W[] = {"kube-apiserver", "--profiling", "--v", "2",
                                    "-anonymous-auth=false", "--bind-address", "0.0.0.0",
                                    "--bind-address=127.0.0.1", "--enable", "--x="};
    struct node_args args = args_of(W, sizeof W / sizeof *W, &a);
    assert_string_equal(node_args_get(&args, "--profiling"), "true"); /* followed by a flag */
    assert_string_equal(node_args_get(&args, "--v"), "2");
    assert_string_equal(node_args_get(&args, "--anonymous-auth"), "false"); /* one dash */
    assert_string_equal(node_args_get(&args, "--bind-address"), "127.0.0.1"); /* last wins */
    assert_string_equal(node_args_get(&args, "--enable"), "true");            /* last word */
    assert_string_equal(node_args_get(&args, "--x"), "");
    assert_null(node_args_get(&args, "--profil"));
    assert_null(node_args_get(&args, "--kube-apiserver"));
    assert_string_equal(node_gate_get("A=true, RotateKubeletServerCertificate=false ,B=1",
                                      "RotateKubeletServerCertificate", &a),
                        "false");
    assert_null(node_gate_get("ARotate=true", "Rotate", &a));
    assert_null(node_gate_get(NULL, "A", &a));
    struct node_args c;
    assert_true(node_args_from_cmdline(&c, "kubelet\0--config=/c\0", 20, &a));
    assert_int_equal(c.argc, 2);
    assert_string_equal(node_args_get(&c, "--config"), "/c");
    /* the last word without its NUL, and a cut one */
    assert_true(node_args_from_cmdline(&c, "kubelet\0--config=/c", 19, &a));
    assert_string_equal(node_args_get(&c, "--config"), "/c");
    assert_true(node_args_from_cmdline(&c, "kubelet\0--config=/c", 18, &a));
    assert_string_equal(node_args_get(&c, "--config"), "/");
    assert_false(node_args_from_cmdline(&c, "", 0, &a));
    arena_free(&a);
}

static const char UNIT[] =
    "[Unit]\nDescription=kubelet\n[Service]\nExecStart=/usr/bin/kubelet --anonymous-auth=true\n";

static const char DROPIN[] =
    "# a drop-in\n"
    "[Service]\n"
    "Environment=\"KUBECONFIG_ARGS=--kubeconfig=/etc/kubernetes/kubelet.conf \\\n"
    " --bootstrap-kubeconfig=/b.conf\" PLAIN=one\n"
    "Environment='CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml'\n"
    "EnvironmentFile=-/nowhere\n"
    "ExecStart=\n"
    "ExecStart=-/usr/bin/kubelet $KUBECONFIG_ARGS $CONFIG_ARGS $EXTRA_ARGS \\\n"
    "  --node-ip=${PLAIN} \"--label=a b\" $$HOME\n"
    "[Install]\nExecStart=/not/this\n";

static void test_unit(void **state)
{
    (void)state;
    struct arena a = {0};
    struct node_unit_state *st = node_unit_state_new(&a, NULL);
    node_unit_apply(st, "kubelet.service", UNIT, strlen(UNIT), NULL);
    node_unit_apply(st, "10-kubeadm.conf", DROPIN, strlen(DROPIN), NULL);
    static const char ENV[] = "# comment\nexport EXTRA_ARGS=\"--read-only-port=0 --v=2\"\n"
                              "PLAIN=two\n";
    node_unit_env_file(st, ENV, strlen(ENV));
    struct node_unit u;
    assert_true(node_unit_finish(st, &u));
    static const char *const WANT[] = {
        "/usr/bin/kubelet", "--kubeconfig=/etc/kubernetes/kubelet.conf",
        "--bootstrap-kubeconfig=/b.conf", "--config=/var/lib/kubelet/config.yaml",
        "--read-only-port=0", "--v=2", "--node-ip=two", "--label=a b", "$HOME",
    };
    assert_int_equal(u.args.argc, sizeof WANT / sizeof *WANT);
    for (size_t i = 0; i < u.args.argc; i++)
        assert_string_equal(u.args.argv[i], WANT[i]);
    assert_null(node_args_get(&u.args, "--anonymous-auth")); /* the unit's, reset */
    assert_string_equal(u.exec_file, "10-kubeadm.conf");
    assert_int_equal(u.exec_line, 8);
    assert_int_equal(u.nfiles, 2);
    arena_free(&a);
}

static void test_unit_without_exec(void **state)
{
    (void)state;
    struct arena a = {0};
    struct node_unit_state *st = node_unit_state_new(&a, NULL);
    static const char RESET[] = "[Service]\nExecStart=/bin/kubelet\nExecStart=\n";
    node_unit_apply(st, "u", RESET, strlen(RESET), NULL);
    struct node_unit u;
    assert_false(node_unit_finish(st, &u));
    arena_free(&a);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)type, (void)ftw;
    return remove(path);
}

static void put(const char *root, const char *path, const char *text)
{
    char full[512], dir[512];
    snprintf(full, sizeof full, "%s%s", root, path);
    for (char *p = full + strlen(root) + 1; (p = strchr(p, '/')); p++) {
        snprintf(dir, sizeof dir, "%.*s", (int)(p - full), full);
        mkdir(dir, 0755);
    }
    FILE *f = fopen(full, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Unit files under a root: the first directory's unit, drop-ins from every
 * directory with /etc's copy of a name winning, applied in name order, and
 * environment files read under the root. */
static void test_unit_dirs(void **state)
{
    (void)state;
    char root[] = "/tmp/ringwall-unit-XXXXXX";
    assert_non_null(mkdtemp(root));
    put(root, "/lib/systemd/system/kubelet.service",
        "[Service]\nExecStart=/lib/kubelet --from=lib\n");
    put(root, "/etc/systemd/system/kubelet.service",
        "[Service]\nExecStart=/usr/bin/kubelet --from=etc $EXTRA\n");
    put(root, "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "[Service]\nEnvironment=EXTRA=--dropin=usr\n");
    put(root, "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf",
        "[Service]\nEnvironment=EXTRA=--dropin=etc\nEnvironmentFile=/etc/default/kubelet\n");
    put(root, "/usr/lib/systemd/system/kubelet.service.d/05-first.conf",
        "[Service]\nEnvironment=EXTRA=--dropin=first\n");
    put(root, "/etc/default/kubelet", "OTHER=1\n");
    put(root, "/usr/lib/systemd/system/kubelet.service.d/20-last.conf",
        "[Service]\nEnvironmentFile=-/etc/default/kubelet-extra\n");
    put(root, "/etc/default/kubelet-extra", "EXTRA=--dropin=envfile\n");
    struct arena a = {0};
    struct node_unit u;
    assert_true(node_unit_load(&u, root, "kubelet.service", &a));
    assert_string_equal(u.args.argv[0], "/usr/bin/kubelet");
    assert_string_equal(node_args_get(&u.args, "--from"), "etc");
    /* environment files override Environment=, whatever the order */
    assert_string_equal(node_args_get(&u.args, "--dropin"), "envfile");
    assert_int_equal(u.nfiles, 4); /* the unit and three drop-ins (10- once) */
    assert_non_null(strstr(u.files[2], "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"));
    assert_false(node_unit_load(&u, root, "nothing.service", &a));
    arena_free(&a);
    assert_int_equal(nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_unit),
        cmocka_unit_test(test_unit_without_exec),
        cmocka_unit_test(test_unit_dirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
