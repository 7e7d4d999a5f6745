/* test_atomic_file.c — report sinks (atomic_file.h): a file is replaced
 * whole or not at all, readers of the old file see it until the commit, an
 * abort leaves it, links stay links, FIFOs and devices are written in place. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/core/atomic_file.h"

static char dir[] = "/tmp/ringwall-atomic-XXXXXX";

static const char *in_dir(const char *name)
{
    static char buf[2][256];
    static int k;
    k = !k;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(path, mode);
}

static void assert_content(const char *path, const char *want)
{
    char got[256] = "";
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t n = fread(got, 1, sizeof got - 1, f);
    got[n] = '\0';
    fclose(f);
    assert_string_equal(got, want);
}

/* Whether a temporary file (NAME.tmpXXXXXX) was left in dir. */
static int stray_files(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "ls %s | grep -q tmp", dir);
    return system(cmd) == 0;
}

static void test_new_file(void **state)
{
    (void)state;
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("new"));
    assert_non_null(f);
    fputs("report\n", f);
    assert_int_equal(access(in_dir("new"), F_OK), -1); /* not there before the commit */
    assert_int_equal(atomic_commit(&af), 0);
    assert_content(in_dir("new"), "report\n");
    assert_false(stray_files());
}

static void test_replace_keeps_mode_and_readers(void **state)
{
    (void)state;
    write_file(in_dir("old"), "old\n", 0600);
    FILE *reader = fopen(in_dir("old"), "r");
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("old"));
    assert_non_null(f);
    fputs("new\n", f);
    assert_content(in_dir("old"), "old\n"); /* until the commit */
    assert_int_equal(atomic_commit(&af), 0);
    assert_content(in_dir("old"), "new\n");
    struct stat st;
    assert_int_equal(stat(in_dir("old"), &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    char line[16] = "";
    assert_non_null(fgets(line, sizeof line, reader)); /* an open reader keeps the old file */
    assert_string_equal(line, "old\n");
    fclose(reader);
}

static void test_abort_leaves_old(void **state)
{
    (void)state;
    write_file(in_dir("kept"), "kept\n", 0644);
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("kept"));
    assert_non_null(f);
    fputs("half a rep", f);
    atomic_abort(&af);
    assert_content(in_dir("kept"), "kept\n");
    assert_false(stray_files());
}

static void test_symlink_followed(void **state)
{
    (void)state;
    write_file(in_dir("target"), "old\n", 0644);
    assert_int_equal(symlink("target", in_dir("link")), 0);
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("link"));
    assert_non_null(f);
    fputs("new\n", f);
    assert_int_equal(atomic_commit(&af), 0);
    struct stat st;
    assert_int_equal(lstat(in_dir("link"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_content(in_dir("target"), "new\n");
}

static void test_fifo_written_in_place(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(in_dir("fifo"), 0600), 0);
    int reader = open(in_dir("fifo"), O_RDONLY | O_NONBLOCK); /* never blocks */
    assert_true(reader >= 0);
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("fifo"));
    assert_non_null(f);
    fputs("through\n", f);
    assert_int_equal(atomic_commit(&af), 0);
    char got[16] = "";
    assert_int_equal(read(reader, got, sizeof got - 1), 8);
    assert_string_equal(got, "through\n");
    close(reader);
    struct stat st;
    assert_int_equal(lstat(in_dir("fifo"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

static void test_write_error_reported(void **state)
{
    (void)state;
    /* through a link of our own: /dev/full itself is never put at risk */
    assert_int_equal(symlink("/dev/full", in_dir("full")), 0);
    struct atomic_file af;
    FILE *f = atomic_open(&af, in_dir("full"));
    assert_non_null(f);
    fputs("lost\n", f);
    assert_int_equal(atomic_commit(&af), -1);
    struct stat st;
    assert_int_equal(lstat(in_dir("full"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_equal(stat(in_dir("full"), &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_directory_refused(void **state)
{
    (void)state;
    struct atomic_file af;
    assert_null(atomic_open(&af, dir));
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_file),
        cmocka_unit_test(test_replace_keeps_mode_and_readers),
        cmocka_unit_test(test_abort_leaves_old),
        cmocka_unit_test(test_symlink_followed),
        cmocka_unit_test(test_fifo_written_in_place),
        cmocka_unit_test(test_write_error_reported),
        cmocka_unit_test(test_directory_refused),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return failed;
}
