/* test_yaml_reader.c — the YAML reader (src/core/yaml_reader.h) against
 * libyaml, byte for byte: its events, and the documents the loader builds
 * from memory (reader, with libyaml for the documents it declines) and from
 * a stream (libyaml alone), over ../shared/conformance, tests/cases and the
 * fuzz corpora, and over inputs that exercise each way out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <ftw.h>

#include "../common/event_compare.h"
#include "../common/load_compare.h"

struct tally {
    unsigned files, taken, differ;
    size_t bytes, taken_bytes;
};

static struct tally tally;

static void check_text(const char *name, const char *buf, size_t len)
{
    char why[400];
    bool taken;
    const char *w = ec_compare(buf, len, &taken, why, sizeof why);
    if (!w)
        w = lc_compare(buf, len, NULL, why, sizeof why);
    if (w) {
        print_error("%s: %s\n", name, w);
        tally.differ++;
    }
    tally.files++;
    tally.bytes += len;
    tally.taken += taken;
    tally.taken_bytes += taken ? len : 0;
}

static int check_file(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    size_t n = strlen(path);
    bool yaml = (n > 5 && strcmp(path + n - 5, ".yaml") == 0) ||
                (n > 4 && strcmp(path + n - 4, ".yml") == 0) || strstr(path, "/fuzz/corpus/");
    if (flag != FTW_F || !yaml || st->st_size > (64 << 20))
        return 0;
    FILE *in = fopen(path, "rb");
    if (!in)
        return 0;
    char *buf = malloc((size_t)st->st_size + 1);
    size_t got = fread(buf, 1, (size_t)st->st_size, in);
    fclose(in);
    check_text(path, buf, got);
    free(buf);
    return 0;
}

static void check_tree(const char *root)
{
    memset(&tally, 0, sizeof tally);
    if (nftw(root, check_file, 16, FTW_PHYS) != 0)
        fail_msg("%s: cannot walk (run from the repository root)", root);
    print_message("%s: %u files, %u read by the reader (%zu of %zu bytes)\n", root, tally.files,
                  tally.taken, tally.taken_bytes, tally.bytes);
    assert_int_equal(tally.differ, 0);
}

/* Real manifests: nearly all of it goes through the reader, exactly. */
static void test_conformance(void **state)
{
    (void)state;
    check_tree("../shared/conformance/corpus");
    assert_true(tally.files > 100);
    assert_true(tally.taken_bytes * 10 >= tally.bytes * 8);
    check_tree("../shared/conformance");
}

static void test_cases_and_fuzz_corpora(void **state)
{
    (void)state;
    check_tree("tests/cases");
    check_tree("tests/fuzz/corpus");
}

static bool taken(const char *text)
{
    char why[400];
    bool t;
    const char *w = ec_compare(text, strlen(text), &t, why, sizeof why);
    if (w)
        fail_msg("%s\n-- for --\n%s", w, text);
    if ((w = lc_compare(text, strlen(text), NULL, why, sizeof why)))
        fail_msg("%s\n-- for --\n%s", w, text);
    return t;
}

static void test_read(void **state)
{
    (void)state;
    static const char *const TEXTS[] = {
        "a: 1\nb:\n  c: [x, 'y', \"z\"]\n  d: {}\n  e: []\n",
        "- a\n- b: c\n  d: e\n- - nested\n  - more\n",
        "spec:\n  rules:\n  - apiGroups: [\"\"]\n    verbs:\n    - get\n  empty:\nz: 1\n",
        "a: plain\n  continued\n\n  after an empty line\nb: 'single\n  folded ''quote'''\n",
        "a: \"esc \\t \\\" \\\\ \\x41 \\u0042\"\nb: \"two\n  lines\"\n",
        "lit: |\n  one\n   two\n\n  three\nkeep: |+\n  x\n\nstrip: |-\n  y\nfold: >\n  a\n  b\n\n  c\n    deep\n  d\n",
        "---\na: 1\n---\n---\n# only a comment\nb: 2\n",
        "a: b # comment\n# comment\nc: d\n",
        "k\u00e9y: \"\u00e9t\u00e9\"\nother: \u65e5\u672c\n",
        "a:\n  b:\n    c: d\n    ", /* the last line: spaces, no line break */
        "a:\n- b\n - c\n", /* a plain scalar going on: "b - c" */
        "a: 1", "- x", "x", "",
        /* CR LF line breaks */
        /* flow collections on one line */
        "a: {b: c}\n", "a: [b, [c]]\n", "a: {b: c, d: [e, 'f'], g: {}, \"h\": {i: j}}\n",
        "- {a: b}\n- [{c: d}, [e], []]\n- {a: b}  # c\n", "{a: b, c: d}\n",
        "a: {b: \"c\n  d\", e: f}\n", "args:\n  [\n    \"-jar\", # c\n\n    x,\n  ]\n",
        "a: [b,\nc]\nd: {\n  e: f,\n  \"g\": [h]\n}\n", "{\n\"a\": 1,\n\"b\": [2, 3]}\n",
        "a: {b:\n  c}\n", "- [a,\n  b]\n- c\n", "a: [b, ]\nc: {d: e,}\n", "metadata: {name: web, namespace: shop}\nspec: {}\n",
        /* indentation indicators */
        "a: |2\n   x\n  y\n\n", "- |1\n  x\n- >-2\n    a\n   b\n   c\n", "|1\n x\n",
        "a:\n  b: |+3\n        x\n       \t y\n\n  c: d\n", "a: >2-\n      \n   x\n",
        /* tabs in comments and in block scalars */
        "# a\tcomment\na: b # c\td\t\n  # e\t\nf: g\n",
        "a: |\n  x\ty\n  \tz\n\n  \t\nb: >\n  p\n  \tq\n  r\n  s\t\n",
        "a: b\r\n", "a: b\r\nc:\r\n  - d\r\n  - 'e\r\n\r\n  f'\r\n# c\r\n---\r\ng: \"h\r\n i\"\r\n",
        "lit: |\r\n  one  \r\n\r\n   two\r\nfold: >-\r\n  a\r\n  b\r\n\r\nz: plain\r\n  more \r\n\r\n  end\r\n",
        "a:\r\n- [x, y]\r\n- {}\r\nb: c # d\r\n", "a: b\n\r\nc: d\r\n\n",
    };
    for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++)
        if (!taken(TEXTS[i]))
            fail_msg("declined:\n%s", TEXTS[i]);
}

/* What it does not read goes to libyaml, with the same result. */
static void test_declined(void **state)
{
    (void)state;
    static const char *const TEXTS[] = {
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "%YAML 1.1\n---\na: 1\n", "a:\tb\n", "a: b\t# c\n", "a: |\n \tx\n", "a: |\n  x\n \ty\n", "\t# c\na: b\n",
        "a: b\tc\n", "a: 'b\tc'\n", "# \t\xC2\x85\na: b\n", "- |\n  a\n\t\n",
        "a: b\rc: d\n", "a: b\r", "a: b\n  \r", "a: b\n\r", "a: |\n  x\r", ("\xEF\xBB\xBF" "a: 1\n"), "? a\n: b\n", "a: |0\n  x\n", "a: |2\n\n   x\n",
        "a: |3\n  x\n", "a: |22\n  x\n",
        "a: {b: }\n", "a: {b}\n", "a: {b:c}\n", "a: [b: c]\n",
"a: [b,\n---\n]\n", "a: [,]\n", "a: [b\n  c]\n", "a: {, b: c}\n", "a: [b,\n...\n]\n",
        "a: [b, c\n  : d]\n", "a: {b\n  : c}\n", "a: [b,#c\n  d]\n", "a: {[b]: c}\n", "a: {? b: c}\n", "a: \"\\u00e9\"\n", "- \n- a\n", "a: 1\n...\n", "a: b: c\n",
        "[a, b]: c\n",
    };
    for (size_t i = 0; i < sizeof TEXTS / sizeof *TEXTS; i++)
        if (taken(TEXTS[i]))
            fail_msg("taken:\n%s", TEXTS[i]);
}

/* A document it declines between documents it reads; errors after them. */
static void test_fallback(void **state)
{
    (void)state;
    assert_false(taken("a: 1\n---\nb: &x 2\nc: *x\n---\nd: 3\n---\ne: {f: g}\n---\nh: 4\n"));
    assert_false(taken("a: 1\n---\nb: [unclosed\n---\nc: 2\n"));
    assert_false(taken("a: 1\n---\nb: 'unclosed\n---\nc: 2\n"));
    assert_false(taken("a: 1\n---\nb: 2\n  c: 3\n"));
    assert_false(taken("a: 1\n---\nb: 1\nb: 2\n---\nc: &y 3\n"));
    assert_false(taken("a: 1\n---\nb: \xff\n"));
    assert_false(taken("kind: List\napiVersion: v1\nitems:\n- {kind: Pod, apiVersion: v1}\n"
                       "- kind: Pod\n  apiVersion: v1\n  metadata: {name: &n x}\n"));
    /* limits: the reader's documents, then libyaml's report */
    static const struct load_limits small = {
        .max_doc_bytes = 1u << 20, .max_depth = 3, .max_scalar_bytes = 8, .max_nodes = 64,
    };
    static const char *const OVER[] = {"a: 1\n---\nb: {c: {d: {e: 1}}}\n",
                                       "a: 1\n---\nb:\n  c:\n    d:\n      e: 1\n",
                                       "a: 1\n---\nb: a-long-scalar\n"};
    char why[400];
    for (size_t i = 0; i < sizeof OVER / sizeof *OVER; i++) {
        const char *w = lc_compare(OVER[i], strlen(OVER[i]), &small, why, sizeof why);
        if (w)
            fail_msg("%s\n-- for --\n%s", w, OVER[i]);
    }
}

/* A List of n items as `kubectl get -o yaml` prints it, then `tail`. */
static char *big_list(unsigned n, const char *tail)
{
    size_t cap = (size_t)n * 160 + strlen(tail) + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)sprintf(buf + len, "apiVersion: v1\nitems:\n");
    for (unsigned i = 0; i < n; i++)
        len += (size_t)sprintf(buf + len,
                               "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n"
                               "    name: cm-%u\n    namespace: \"ns-%u\"\n"
                               "  data:\n    key: |\n      line %u\n",
                               i, i % 7, i);
    sprintf(buf + len, "kind: List\n%s", tail);
    return buf;
}

/* Documents of any size; a character it does not read far into one sends
 * that document alone to libyaml, wherever it is found. */
static void test_large(void **state)
{
    (void)state;
    char *list = big_list(60000, ""); /* about 6 MB */
    assert_true(strlen(list) > (5u << 20));
    assert_true(taken(list));
    free(list);
    static const char *const TAILS[] = {
        "# \xC2\x85 a NEL in a comment after the List\n",
        "---\na: 1\n# \xE2\x80\xA8\nb: 2\n",
        "---\na: 1\n---\nb: \"\xC2\x85\"\n---\nc: 3\n",
    };
    for (size_t i = 0; i < sizeof TAILS / sizeof *TAILS; i++) {
        list = big_list(3000, TAILS[i]);
        assert_false(taken(list));
        free(list);
    }
    /* a line or a scalar longer than the reader holds: that document alone
     * goes to libyaml */
    size_t n = (5u << 20) + 100;
    char *text = malloc(n + 64);
    strcpy(text, "a: 1\n---\nb: ");
    size_t at = strlen(text);
    memset(text + at, 'x', n);
    strcpy(text + at + n, "\n---\nc: 2\n");
    assert_false(taken(text));
    strcpy(text, "a: 1\n---\nb: |\n");
    at = strlen(text);
    for (size_t i = at; i < at + n; i++)
        text[i] = (i - at) % 64 < 2 ? ' ' : (i - at) % 64 == 63 ? '\n' : 'y';
    strcpy(text + at + n, "\n---\nc: 2\n");
    assert_false(taken(text));
    free(text);
    list = big_list(3000, "");
    char *mid = strstr(list, "cm-2000\n");
    memcpy(mid, "\xC2\x85", 2); /* a line break to libyaml, deep in the List */
    assert_false(taken(list));
    free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_large),
        cmocka_unit_test(test_cases_and_fuzz_corpora),
        cmocka_unit_test(test_conformance),
    };
    return cmocka_run_group_tests_name("yaml_reader", tests, NULL, NULL);
}
