/* test_load.c — the loader: positions, streams of documents, BOM and CRLF,
 * every limit, alias bombs, merge keys as go-yaml v2 applies them, duplicate
 * keys, List expansion, and libyaml's errors with their positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/load.h"
#include "../../src/k8s/object.h"

enum { MAX_DOCS = 16 };

struct loaded {
    struct doc *docs[MAX_DOCS];
    size_t n;
    int rc;
    struct load_error err;
    size_t stop_after; /* 0: never stop */
};

static int keep_doc(struct doc *d, void *ctx)
{
    struct loaded *l = ctx;
    if (l->n < MAX_DOCS)
        l->docs[l->n++] = d;
    else
        doc_free(d);
    return l->stop_after && l->n >= l->stop_after;
}

static void load_with(struct loaded *l, const char *text, size_t len,
                      const struct load_limits *lim)
{
    size_t stop = l->stop_after;
    memset(l, 0, sizeof *l);
    l->stop_after = stop;
    l->rc = load_buffer("t.yaml", text, len, lim, keep_doc, l, &l->err);
}

static void load(struct loaded *l, const char *text)
{
    load_with(l, text, strlen(text), NULL);
}

static void release(struct loaded *l)
{
    for (size_t i = 0; i < l->n; i++)
        doc_free(l->docs[i]);
    l->n = 0;
}

/* Loads one valid document and returns its root (the caller releases). */
static const struct node *load_one(struct loaded *l, const char *text)
{
    load(l, text);
    if (l->rc != 0)
        fail_msg("load failed: %u:%u: %s", l->err.line, l->err.col, l->err.message);
    assert_int_equal(l->n, 1);
    return l->docs[0]->root;
}

static void assert_error(const char *text, const struct load_limits *lim, unsigned line,
                         unsigned col, const char *message)
{
    struct loaded l = {0};
    load_with(&l, text, strlen(text), lim);
    if (l.rc == 0)
        fail_msg("no error for %s", text);
    if (strcmp(l.err.message, message) != 0 || l.err.line != line || l.err.col != col)
        fail_msg("got %u:%u: %s\nwant %u:%u: %s", l.err.line, l.err.col, l.err.message, line,
                 col, message);
    release(&l);
}

static void assert_pos(const struct node *n, unsigned line, unsigned col)
{
    assert_non_null(n);
    if (n->line != line || n->col != col)
        fail_msg("node at %u:%u, want %u:%u", n->line, n->col, line, col);
}

static int64_t int_at(const struct node *root, const char *path)
{
    int64_t v = -999;
    if (!node_int(node_path(root, path), &v))
        fail_msg("%s is not an int", path);
    return v;
}

/* ---------------------------------------------------------------- positions */

static void test_positions(void **state)
{
    (void)state;
    struct loaded l = {0};
    const struct node *root = load_one(&l,
        "apiVersion: v1\n"
        "kind: Pod\n"
        "spec:\n"
        "  containers:\n"
        "  - name: app\n"
        "    ports: [80, {containerPort: 443}]\n");
    assert_pos(root, 1, 1);
    assert_pos(node_key(root, 1), 2, 1);
    assert_pos(node_get(root, "kind"), 2, 7);
    const struct node *c = node_at(node_path(root, "spec.containers"), 0);
    assert_pos(node_path(root, "spec.containers"), 5, 3);
    assert_pos(c, 5, 5);
    assert_pos(node_get(c, "name"), 5, 11);
    const struct node *ports = node_get(c, "ports");
    assert_pos(ports, 6, 12);
    assert_pos(node_at(ports, 0), 6, 13);
    assert_pos(node_at(ports, 1), 6, 17);
    assert_pos(node_get(node_at(ports, 1), "containerPort"), 6, 33);
    release(&l);
}

static void test_bom_and_crlf(void **state)
{
    (void)state;
    struct loaded l = {0};
    const struct node *root = load_one(&l, "\xEF\xBB\xBF" "a: 1\r\nb:\r\n  c: two\r\n");
    assert_pos(node_key(root, 0), 1, 1);
    assert_int_equal(int_at(root, "a"), 1);
    assert_pos(node_path(root, "b.c"), 3, 6);
    assert_string_equal(node_str(node_path(root, "b.c")), "two");
    release(&l);
    /* a CRLF inside a block scalar is a line break */
    root = load_one(&l, "s: |\r\n  x\r\n  y\r\n");
    assert_string_equal(node_str(node_get(root, "s")), "x\ny\n");
    release(&l);
}

/* ---------------------------------------------------------------- streams */

static void test_multi_document(void **state)
{
    (void)state;
    struct loaded l = {0};
    load(&l, "a: 1\n---\nb: 2\n...\n---\nc: 3\n...\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 3);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(l.docs[i]->index, i);
    assert_int_equal(int_at(l.docs[1]->root, "b"), 2);
    assert_pos(l.docs[2]->root, 6, 1);
    assert_string_equal(l.docs[0]->file, "t.yaml");
    release(&l);
}

static void test_empty_documents(void **state)
{
    (void)state;
    struct loaded l = {0};
    load(&l, "---\n---\n# only a comment\n---\na: 1\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 3);
    assert_int_equal(l.docs[0]->root->type, NODE_NULL);
    assert_int_equal(l.docs[1]->root->type, NODE_NULL);
    assert_int_equal(l.docs[2]->root->type, NODE_MAP);
    release(&l);
    /* comments alone, or nothing at all, make no document */
    load(&l, "# nothing here\n# at all\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 0);
    load(&l, "");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 0);
    /* an explicit end marker alone is not a document either */
    load(&l, "a: 1\n...\n# trailing comment\n");
    assert_int_equal(l.n, 1);
    release(&l);
}

static void test_callback_stops(void **state)
{
    (void)state;
    struct loaded l = {.stop_after = 1};
    load(&l, "a: 1\n---\nb: 2\n---\nc: 3\n");
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 1);
    release(&l);
}

static void test_documents_before_error_delivered(void **state)
{
    (void)state;
    struct loaded l = {0};
    load(&l, "a: 1\n---\nb: [1\n");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.err.line, 4);
    release(&l);
}

static void test_json(void **state)
{
    (void)state;
    struct loaded l = {0};
    const struct node *root = load_one(&l,
        "{\n\t\"kind\":\"List\",\"apiVersion\":\"v1\",\n\t\"items\":[{\"a\":1.5e3,\"b\":true,"
        "\"c\":null,\"d\":\"x\\/y\\u00e9\",\"e\":\"yes\",\"f\":-0}]\n}\n");
    const struct node *item = node_at(node_get(root, "items"), 0);
    assert_int_equal(node_get(item, "a")->type, NODE_FLOAT);
    assert_true(node_is_true(node_get(item, "b")));
    assert_int_equal(node_get(item, "c")->type, NODE_NULL);
    assert_string_equal(node_str(node_get(item, "d")), "x/y\xC3\xA9");
    assert_string_equal(node_str(node_get(item, "e")), "yes");
    assert_int_equal(int_at(item, "f"), 0);
    assert_pos(node_get(root, "items"), 3, 10);
    release(&l);
}

static int stream_doc(struct doc *d, void *ctx)
{
    (*(size_t *)ctx)++;
    doc_free(d);
    return 0;
}

/* The size limit is per document: a long stream of small ones is fine. */
static void test_stream_limits_per_document(void **state)
{
    (void)state;
    size_t len = 0, cap = 1 << 20;
    char *text = malloc(cap);
    while (len + 32 < cap)
        len += (size_t)sprintf(text + len, "---\na: %zu\n", len);
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_doc_bytes = 64;
    FILE *in = fmemopen(text, len, "r");
    size_t docs = 0;
    struct load_error err;
    assert_int_equal(load_stream("s.yaml", in, &lim, stream_doc, &docs, &err), 0);
    fclose(in);
    assert_true(docs > 50000);
    free(text);
}

/* A document over the limit stops the reading early: memory stays bounded
 * by the limit, not by the input. */
static void test_stream_document_too_large(void **state)
{
    (void)state;
    size_t len = 8u << 20;
    char *text = malloc(len);
    memcpy(text, "a:\n", 3);
    for (size_t i = 3; i + 8 <= len; i += 8)
        memcpy(text + i, "- 12345\n", 8);
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_doc_bytes = 1000;
    FILE *in = fmemopen(text, len, "r");
    size_t docs = 0;
    struct load_error err;
    assert_int_equal(load_stream("s.yaml", in, &lim, stream_doc, &docs, &err), -1);
    assert_string_equal(err.message, "document larger than 1000 bytes");
    assert_int_equal(err.line, 126);
    assert_true(ftell(in) < (long)(3u << 20));
    fclose(in);
    free(text);
}

/* ---------------------------------------------------------------- limits */

static void test_limit_document_size(void **state)
{
    (void)state;
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_doc_bytes = 20;
    assert_error("a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\n", &lim, 5, 1,
                 "document larger than 20 bytes");
    struct loaded l = {0};
    load_with(&l, "a: 1\n---\nb: 2\n", 13, &lim);
    assert_int_equal(l.rc, 0);
    release(&l);
}

static void test_limit_depth(void **state)
{
    (void)state;
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_depth = 3;
    assert_error("a:\n  b:\n    c:\n      d: 1\n", &lim, 4, 7, "nesting deeper than 3 levels");
    assert_error("[[[[1]]]]", &lim, 1, 4, "nesting deeper than 3 levels");
    struct loaded l = {0};
    load_with(&l, "[[[1]]]", 7, &lim);
    assert_int_equal(l.rc, 0);
    release(&l);
    /* the default stops deep nesting before it costs anything */
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    assert_error(deep, NULL, 1, 513, "nesting deeper than 512 levels");
    free(deep);
}

static void test_limit_scalar(void **state)
{
    (void)state;
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_scalar_bytes = 10;
    assert_error("a: short\nb: \"this one is too long\"\n", &lim, 2, 4,
                 "scalar of 20 bytes exceeds the limit of 10");
}

/* prefix, then `n` times 'a', then suffix, NUL-terminated (the caller frees). */
static char *long_scalar_text(const char *prefix, size_t n, const char *suffix, size_t *len)
{
    size_t lp = strlen(prefix), ls = strlen(suffix);
    char *text = malloc(lp + n + ls + 1);
    memcpy(text, prefix, lp);
    memset(text + lp, 'a', n);
    memcpy(text + lp + n, suffix, ls + 1);
    *len = lp + n + ls;
    return text;
}

/* A scalar far over the limit stops the reading about a mebibyte past the
 * limit, with the error at the scalar's start (its anchor or tag when it
 * has one): memory stays bounded by the scalar limit. */
static void test_limit_scalar_stops_reading(void **state)
{
    (void)state;
    static const struct {
        const char *prefix, *suffix;
        unsigned line, col;
    } CASES[] = {
        {"a: 1\nk:   &x ", "\n", 2, 6},
        {"k:\n  # comment\n\n   \"", "\"\n", 4, 4},
        {"- |\n  ", "\n", 1, 3},
        {"- !!str ", "\n", 1, 3},
        {"{k: [a,b,\n  ", "]}\n", 2, 3},
        {"{\"kind\": \"ConfigMap\",\n \"data\": {\"k\": \"", "\"}}\n", 2, 16},
    };
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_scalar_bytes = 10;
    for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
        size_t len;
        char *text = long_scalar_text(CASES[i].prefix, 8u << 20, CASES[i].suffix, &len);
        assert_error(text, &lim, CASES[i].line, CASES[i].col,
                     "scalar exceeds the limit of 10 bytes");
        FILE *in = fmemopen(text, len, "r");
        size_t docs = 0;
        struct load_error err;
        assert_int_equal(load_stream("s.yaml", in, &lim, stream_doc, &docs, &err), -1);
        assert_string_equal(err.message, "scalar exceeds the limit of 10 bytes");
        assert_true(ftell(in) < (long)(3u << 20));
        fclose(in);
        free(text);
    }
    /* under the limit, a string longer than the JSON front end takes loads */
    size_t len;
    char *text = long_scalar_text("{\"k\": \"", 3u << 20, "\"}", &len);
    struct loaded l = {0};
    load_with(&l, text, len, NULL);
    assert_int_equal(l.rc, 0);
    assert_int_equal(node_get(l.docs[0]->root, "k")->len, 3u << 20);
    release(&l);
    free(text);
}

static void test_limit_nodes(void **state)
{
    (void)state;
    struct load_limits lim = LOAD_LIMITS_DEFAULT;
    lim.max_nodes = 5;
    assert_error("[1, 2, 3, 4, 5]", &lim, 1, 14,
                 "document expands to more than 5 nodes (alias expansion limit)");
    /* the count is per document */
    struct loaded l = {0};
    const char *three = "[1, 2]\n---\n[3, 4]\n---\n[5, 6]\n";
    load_with(&l, three, strlen(three), &lim);
    assert_int_equal(l.rc, 0);
    assert_int_equal(l.n, 3);
    release(&l);
}

/* Billion laughs: 10^9 nodes once expanded; the loader never expands, it
 * counts, so the error comes at once with memory untouched. */
static void test_alias_bomb(void **state)
{
    (void)state;
    const char *bomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    struct loaded l = {0};
    load(&l, bomb);
    assert_int_equal(l.rc, -1);
    assert_string_equal(l.err.message,
                        "document expands to more than 8388608 nodes (alias expansion limit)");
    assert_int_equal(l.err.line, 8);
    /* the same shape with merge keys */
    load(&l, "a: &a {x: 1, y: 2}\n"
             "b: &b {<<: *a, b1: *a, b2: *a, b3: *a}\n"
             "c: &c {c0: *b, c1: *b, c2: *b, c3: *b}\n"
             "d: &d {d0: *c, d1: *c, d2: *c, d3: *c}\n"
             "e: &e {e0: *d, e1: *d, e2: *d, e3: *d}\n"
             "f: &f {f0: *e, f1: *e, f2: *e, f3: *e}\n"
             "g: &g {g0: *f, g1: *f, g2: *f, g3: *f}\n"
             "h: &h {h0: *g, h1: *g, h2: *g, h3: *g}\n"
             "i: &i {i0: *h, i1: *h, i2: *h, i3: *h}\n"
             "j: &j {j0: *i, j1: *i, j2: *i, j3: *i}\n"
             "k: &k {k0: *j, k1: *j, k2: *j, k3: *j}\n"
             "l: &l {l0: *k, l1: *k, l2: *k, l3: *k}\n");
    assert_int_equal(l.rc, -1);
    assert_int_equal(l.err.line, 11);
}

static void test_aliases(void **state)
{
    (void)state;
    struct loaded l = {0};
    const struct node *root = load_one(&l, "a: &x {k: 1}\nb: *x\nc: &s hello\nd: *s\n");
    assert_ptr_equal(node_get(root, "a"), node_get(root, "b"));
    assert_string_equal(node_str(node_get(root, "d")), "hello");
    release(&l);
    /* an anchor may be redefined; an alias takes the latest */
    root = load_one(&l, "a: &x 1\nb: &x 2\nc: *x\n");
    assert_int_equal(int_at(root, "c"), 2);
    release(&l);
    /* anchors do not cross documents */
    load(&l, "a: &x 1\n---\nb: *x\n");
    assert_int_equal(l.rc, -1);
    assert_string_equal(l.err.message, "unknown anchor 'x'");
    release(&l);
}

static void test_recursive_alias(void **state)
{
    (void)state;
    assert_error("a: &a [1, *a]\n", NULL, 1, 11, "anchor 'a' value contains itself");
    assert_error("a: &a {b: {c: *a}}\n", NULL, 1, 15, "anchor 'a' value contains itself");
    assert_error("a: *nope\n", NULL, 1, 4, "unknown anchor 'nope'");
}

/* ---------------------------------------------------------------- merges */

static void test_merge_forms(void **state)
{
    (void)state;
    /* the examples of yaml.org/type/merge.html: every map is the same (the
     * keys are quoted there too: a plain `y:` is the boolean key "true") */
    static const char *const FORMS[] = {
        "{x: 1, \"y\": 2, r: 10, label: center/big}",
        "{<<: *CENTER, r: 10, label: center/big}",
        "{<<: [*CENTER, *BIG], label: center/big}",
        "{<<: [*BIG, *LEFT, *SMALL], x: 1, label: center/big}",
        "{!!merge \"<<\": [*CENTER, *BIG], label: center/big}",
        "{!<tag:yaml.org,2002:merge> \"<<\": [*CENTER, *BIG], label: center/big}",
        "{<<: {x: 1, \"y\": 2, r: 10}, label: center/big}",
        "{<<: [*CENTER, {r: 10}], label: center/big}",
    };
    for (size_t i = 0; i < sizeof FORMS / sizeof *FORMS; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "anchors:\n- &CENTER {x: 1, \"y\": 2}\n- &LEFT {x: 0, \"y\": 2}\n"
                 "- &BIG {r: 10}\n- &SMALL {r: 1}\nm: %s\n", FORMS[i]);
        struct loaded l = {0};
        const struct node *m = node_get(load_one(&l, text), "m");
        if (node_len(m) != 4 || int_at(m, "x") != 1 || int_at(m, "y") != 2 ||
            int_at(m, "r") != 10 || !node_str_eq(node_get(m, "label"), "center/big"))
            fail_msg("form %zu: %s", i, FORMS[i]);
        assert_null(l.docs[0]->duplicate_key);
        release(&l);
    }
}

static void test_merge_order(void **state)
{
    (void)state;
    struct loaded l = {0};
    /* go-yaml v2 applies pairs in order: a merge after a key overrides it */
    const struct node *m = node_get(load_one(&l, "b: &b {k: 1}\nm: {k: 0, <<: *b}\n"), "m");
    assert_int_equal(int_at(m, "k"), 1);
    release(&l);
    m = node_get(load_one(&l, "b: &b {k: 1}\nm: {<<: *b, k: 0}\n"), "m");
    assert_int_equal(int_at(m, "k"), 0);
    assert_null(l.docs[0]->duplicate_key);
    release(&l);
    /* two merge keys apply one after the other */
    m = node_get(load_one(&l, "a: &a {k: a}\nb: &b {k: b}\nm:\n  <<: *a\n  <<: *b\n"), "m");
    assert_string_equal(node_str(node_get(m, "k")), "b");
    release(&l);
    /* a merged mapping brings its own merges along */
    m = node_get(load_one(&l, "a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nm: {<<: *b, z: 3}\n"), "m");
    assert_int_equal(node_len(m), 3);
    assert_int_equal(int_at(m, "x"), 1);
    release(&l);
    /* a quoted "<<" is an ordinary key */
    m = node_get(load_one(&l, "a: &a {x: 1}\nm: {\"<<\": *a}\n"), "m");
    assert_int_equal(node_len(m), 1);
    assert_true(node_is_map(node_get(m, "<<")));
    release(&l);
    /* `<<` as a value is just text */
    m = load_one(&l, "m: <<\n");
    assert_string_equal(node_str(node_get(m, "m")), "<<");
    release(&l);
}

static void test_merge_errors(void **state)
{
    (void)state;
    const char *want = "map merge requires a mapping or a sequence of mappings as the value "
                       "of <<, not a %s";
    char msg[200];
    snprintf(msg, sizeof msg, want, "string");
    assert_error("m:\n  <<: text\n", NULL, 2, 7, msg);
    snprintf(msg, sizeof msg, want, "null");
    assert_error("m:\n  <<:\n  a: 1\n", NULL, 2, 6, msg);
    snprintf(msg, sizeof msg, want, "int");
    assert_error("a: &a {x: 1}\nm: {<<: [*a, 1]}\n", NULL, 2, 14, msg);
    snprintf(msg, sizeof msg, want, "sequence");
    assert_error("m: {<<: [[{a: 1}]]}\n", NULL, 1, 10, msg);
    /* an alias of a sequence is refused even when it holds mappings */
    assert_error("s: &s [{a: 1}]\nm: {<<: *s}\n", NULL, 2, 9,
                 "map merge requires a mapping or a sequence of mappings as the value of <<, "
                 "not an alias of a sequence");
}

/* ---------------------------------------------------------------- duplicates */

static const struct node *duplicate_of(const char *text)
{
    static struct loaded l;
    release(&l);
    load(&l, text);
    if (l.rc != 0)
        fail_msg("load failed: %s", l.err.message);
    return l.n ? l.docs[0]->duplicate_key : NULL;
}

static void test_duplicate_keys(void **state)
{
    (void)state;
    const struct node *k = duplicate_of("a: 1\nb: 2\na: 3\n");
    assert_pos(k, 3, 1);
    assert_string_equal(k->str, "a");
    assert_null(duplicate_of("a: 1\nb: {a: 2}\n"));
    /* nested: found wherever it is, the first one in the document reported */
    k = duplicate_of("x:\n  y: 1\n  y: 2\nz: 1\nz: 2\n");
    assert_pos(k, 3, 3);
    /* keys equal once resolved: booleans, integers, floats */
    assert_pos(duplicate_of("yes: 1\ntrue: 2\n"), 2, 1);
    assert_pos(duplicate_of("y: 1\nx: 2\n\"true\": 3\n"), 3, 1);
    assert_string_equal(duplicate_of("on: 1\nY: 2\n")->str, "true");
    assert_pos(duplicate_of("0x10: 1\n16: 2\n"), 2, 1);
    assert_pos(duplicate_of("1.0: a\n1: b\n"), 2, 1);
    /* the JSON key decides: the integer 1 and the string "1" collide */
    assert_pos(duplicate_of("1: a\n\"1\": b\n"), 2, 1);
    assert_null(duplicate_of("\"yes\": 1\ntrue: 2\n"));
    assert_null(duplicate_of("a: 1\nA: 2\n"));
    /* merged keys never count; explicit twins around a merge do */
    assert_null(duplicate_of("b: &b {k: 1}\nm: {<<: [*b, *b], k: 2}\n"));
    assert_pos(duplicate_of("b: &b {k: 1}\nm: {k: 0, <<: *b, k: 2}\n"), 2, 19);
    /* large mappings take the indexed path */
    char big[4096];
    size_t len = 0;
    for (int i = 0; i < 100; i++)
        len += (size_t)sprintf(big + len, "key%d: %d\n", i, i);
    assert_null(duplicate_of(big));
    sprintf(big + len, "key57: again\n");
    k = duplicate_of(big);
    assert_pos(k, 101, 1);
    assert_string_equal(k->str, "key57");
    /* and so do large mappings whose twins differ only by resolution */
    len = 0;
    for (int i = 0; i < 20; i++)
        len += (size_t)sprintf(big + len, "k%d: %d\n", i, i);
    sprintf(big + len, "yes: 1\nOn: 2\n");
    assert_pos(duplicate_of(big), 22, 1);
    duplicate_of("");
}

/* ---------------------------------------------------------------- lookups */

/* Every key of map is found with its own value, and its bit is never among
 * those the map claims absent. */
static void assert_keys_found(const struct node *map)
{
    assert_true(node_is_map(map));
    for (size_t i = 0; i < node_len(map); i++) {
        const struct node *k = node_key(map, i);
        assert_false(map->num.absent & node_key_bit(k->str, k->len));
        assert_ptr_equal(node_get_len(map, k->str, k->len), node_value(map, i));
    }
}

/* Whether map has a key of len bytes equal to key. */
static bool has_key(const struct node *map, const char *key, size_t len)
{
    for (size_t i = 0; i < node_len(map); i++)
        if (node_key(map, i)->len == len && memcmp(node_key(map, i)->str, key, len) == 0)
            return true;
    return false;
}

/* Keys of every length to 19, one letter repeated, with a 'Z' at one place
 * or none: found in map exactly when they are its keys. */
static void assert_only_keys_found(const struct node *map)
{
    char key[20];
    for (size_t len = 0; len < sizeof key; len++)
        for (char c = 'a'; c <= 'z'; c++)
            for (size_t at = 0; at <= len; at++) {
                memset(key, c, len);
                key[len] = '\0';
                if (at < len)
                    key[at] = 'Z';
                if (!node_get(map, key) != !has_key(map, key, len))
                    fail_msg("'%s' found wrongly", key);
            }
}

static void test_key_lookups(void **state)
{
    (void)state;
    struct loaded l = {0};
    /* keys of every length the comparison treats apart, twins but for their
     * last, middle or first byte, and the empty key; JSON and YAML, small
     * and large mappings */
    static const char *const KEYS[] = {
        "",         "a",         "b",          "ab",         "ac",         "abc",
        "abd",      "axc",       "abcd",       "abce",       "abcdefg",    "abcdefh",
        "abcxefg",  "abcdefgh",  "abcdefgi",   "xbcdefgh",   "abcdefghi",  "abcdefghj",
        "abcdefghijklmnop", "abcdefghijklmnoq", "abcdefghijklmnopq", "abcdefgXijklmnopq",
    };
    enum { NKEYS = sizeof KEYS / sizeof *KEYS };
    for (int yaml = 0; yaml < 2; yaml++)
        for (size_t n = 1; n <= NKEYS; n++) {
            char text[2048];
            size_t len = (size_t)sprintf(text, yaml ? "a:\n m:" : "{\"a\": {\"m\": {");
            for (size_t i = 0; i < n; i++)
                len += (size_t)sprintf(text + len, "%s\"%s\": %zu", yaml ? "\n  " : i ? ", " : "",
                                       KEYS[i], i);
            sprintf(text + len, yaml ? "\n" : "}}}");
            /* (nested: the JSON loader closes the root's values apart) */
            const struct node *m = node_path(load_one(&l, text), "a.m");
            assert_int_equal(node_len(m), n);
            assert_keys_found(m);
            for (size_t i = 0; i < NKEYS; i++) {
                const struct node *v = node_get(m, KEYS[i]);
                int64_t at = -1;
                if (i < n ? !node_int(v, &at) || at != (int64_t)i : v != NULL)
                    fail_msg("%zu keys: '%s' wrong", n, KEYS[i]);
            }
            assert_only_keys_found(m);
            release(&l);
        }

    /* merged keys are found, `<<` is not a key; resolved keys go by the JSON
     * key they become */
    const struct node *root = load_one(&l, "b: &b {x: 1, y: 2}\nc: &c {w: 0}\n"
                                           "m: {<<: [*b, *c], z: 3, yes: 4, 0x10: 5}\n");
    const struct node *m = node_get(root, "m");
    assert_keys_found(m);
    assert_int_equal(int_at(m, "x"), 1);
    assert_int_equal(int_at(m, "w"), 0);
    assert_int_equal(int_at(m, "z"), 3);
    assert_int_equal(int_at(m, "true"), 4);
    assert_int_equal(int_at(m, "16"), 5);
    assert_null(node_get(m, "<<"));
    assert_null(node_get(m, "yes"));
    assert_null(node_get(m, "0x10"));
    assert_only_keys_found(m);
    /* a copy keeps what its map knows */
    struct arena a = {0};
    struct node *copy = node_copy(&a, m);
    assert_keys_found(copy);
    assert_null(node_get(copy, "<<"));

    /* a map with 0 claims no key absent: every key is found by its scan;
     * sealed, it claims absent what it lacks */
    copy->num.absent = 0;
    assert_keys_found(copy);
    assert_only_keys_found(copy);
    struct node *k = arena_zalloc(&a, sizeof *k), *v = arena_zalloc(&a, sizeof *v);
    k->type = v->type = NODE_STR;
    k->str = "added";
    k->len = 5;
    struct pair *pairs = arena_alloc(&a, (copy->n + 1) * sizeof *pairs);
    memcpy(pairs, copy->u.pairs, copy->n * sizeof *pairs);
    pairs[copy->n++] = (struct pair){k, v};
    copy->u.pairs = pairs;
    assert_ptr_equal(node_get(copy, "added"), v);
    node_seal_map(copy);
    assert_ptr_equal(node_get(copy, "added"), v);
    assert_keys_found(copy);
    assert_true(copy->num.absent != 0);
    arena_free(&a);

    /* nodes of other types have no keys, whatever their num holds */
    assert_null(node_get(node_get(root, "nothing"), "x"));
    release(&l);
    root = load_one(&l, "i: -1\nf: -0.5\ns: [1]\nt: true\n");
    for (const char *key = "ifst"; *key; key++) {
        char name[2] = {*key, '\0'};
        assert_null(node_get(node_get(root, name), "x"));
        assert_null(node_get(node_get(root, name), ""));
    }
    release(&l);

    /* the bits that seal small JSON maps find their duplicates too */
    assert_pos(duplicate_of("{\"a\": {\"b\": {\"x\": 1, \"y\": 2, \"x\": 3}}}"), 1, 30);
    assert_pos(duplicate_of("{\"a\": {\"b\": {\"k1\": 1, \"k2\": 2, \"k3\": 3, \"k4\": 4, "
                            "\"k5\": 5, \"k2\": 6, \"k1\": 7}}}"),
               1, 59);
    assert_null(duplicate_of("{\"a\": {\"b\": {\"ab\": 1, \"ba\": 2, \"\": 3}}}"));
    duplicate_of("");

    /* node_path steps through the same lookups, the empty key too */
    root = load_one(&l, "{\"a\": {\"\": {\"b\": 1}}, \"c\": {}}");
    assert_int_equal(int_at(root, "a..b"), 1);
    assert_null(node_path(root, "a.b"));
    assert_null(node_path(root, "c.x"));
    assert_true(node_is_map(node_path(root, "c")));
    release(&l);
}

static void test_key_errors(void **state)
{
    (void)state;
    assert_error("? [a, b]\n: 1\n", NULL, 1, 3, "a mapping key must be a scalar, not a sequence");
    assert_error("{? {a: 1} : 2}\n", NULL, 1, 4, "a mapping key must be a scalar, not a mapping");
    assert_error("a: 1\n~: 2\n", NULL, 2, 1, "a mapping key must not be null");
    assert_error("a: 1\nnull: 2\n", NULL, 2, 1, "a mapping key must not be null");
}

static void test_tags_in_documents(void **state)
{
    (void)state;
    struct loaded l = {0};
    const struct node *root = load_one(&l,
        "a: !!str 10\nb: !!int \"10\"\nc: !custom 10\nd: ! 10\ne: !!float 1\n"
        "f: !!binary aGVsbG8=\ng: !!bool \"yes\"\n");
    assert_string_equal(node_str(node_get(root, "a")), "10");
    assert_int_equal(int_at(root, "b"), 10);
    assert_string_equal(node_str(node_get(root, "c")), "10");
    assert_string_equal(node_str(node_get(root, "d")), "10");
    assert_int_equal(node_get(root, "e")->type, NODE_FLOAT);
    assert_string_equal(node_str(node_get(root, "f")), "hello");
    assert_true(node_is_true(node_get(root, "g")));
    release(&l);
    assert_error("a: 1\nb: !!int ten\n", NULL, 2, 4, "cannot decode !!str `ten` as a !!int");
    assert_error("a: !!binary '#'\n", NULL, 1, 4, "!!binary value contains invalid base64 data");
    /* quoted and block scalars are strings */
    root = load_one(&l, "a: \"yes\"\nb: '10'\nc: |\n  true\nd: >-\n  ~\n");
    assert_string_equal(node_str(node_get(root, "a")), "yes");
    assert_string_equal(node_str(node_get(root, "b")), "10");
    assert_string_equal(node_str(node_get(root, "c")), "true\n");
    assert_string_equal(node_str(node_get(root, "d")), "~");
    release(&l);
}

/* ---------------------------------------------------------------- libyaml errors */

static void test_syntax_errors(void **state)
{
    (void)state;
    assert_error("a: b: c\n", NULL, 1, 5, "mapping values are not allowed in this context");
    assert_error("a: [1, 2\n", NULL, 2, 1,
                 "did not find expected ',' or ']' (while parsing a flow sequence)");
    assert_error("a:\n\tb: 1\n", NULL, 2, 1,
                 "found character that cannot start any token (while scanning for the next token)");
    assert_error("a: \"open\n", NULL, 2, 1,
                 "found unexpected end of stream (while scanning a quoted scalar)");
    assert_error("a: 1\n- b\n", NULL, 2, 1,
                 "did not find expected key (while parsing a block mapping)");
    assert_error("a: @x\n", NULL, 1, 4,
                 "found character that cannot start any token (while scanning for the next token)");
    assert_error("a: 1\nb: \xff\n", NULL, 2, 4, "invalid leading UTF-8 octet (at byte 8)");
}

/* From a stream, a bad byte far into the input is still placed exactly. */
static void test_stream_reader_error_position(void **state)
{
    (void)state;
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 30000; i++)
        len += (size_t)sprintf(text + len, "k%d: \xC3\xA9\xC3\xA9\n", i);
    len += (size_t)sprintf(text + len, "bad: \xC3\xA9\xFF\n");
    FILE *in = fmemopen(text, len, "r");
    size_t docs = 0;
    struct load_error err;
    assert_int_equal(load_stream("s.yaml", in, NULL, stream_doc, &docs, &err), -1);
    assert_int_equal(err.line, 30001);
    assert_int_equal(err.col, 7);
    assert_non_null(strstr(err.message, "invalid leading UTF-8 octet"));
    fclose(in);
    free(text);
}

/* ---------------------------------------------------------------- objects */

struct seen {
    const char *names[8];
    size_t n;
};

static void collect(const struct k8s_object *o, void *ctx)
{
    struct seen *s = ctx;
    if (s->n < 8)
        s->names[s->n++] = o->name;
}

static void test_list_expansion(void **state)
{
    (void)state;
    struct loaded l = {0};
    struct seen s = {0};
    const struct node *root = load_one(&l,
        "apiVersion: v1\nkind: List\nitems:\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: one}}\n"
        "- {kind: ConfigMap, metadata: {name: no-version}}\n"
        "- apiVersion: v1\n  kind: PodList\n  items:\n"
        "  - {apiVersion: v1, kind: Pod, metadata: {name: two}}\n"
        "  - plain text\n");
    assert_int_equal(k8s_each_object(root, "t.yaml", 0, collect, &s), 2);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.names[0], "one");
    assert_string_equal(s.names[1], "two");
    release(&l);
    /* a *List without items is an object like any other */
    s.n = 0;
    root = load_one(&l, "apiVersion: v1\nkind: ConfigMapList\nmetadata: {name: odd}\n");
    assert_int_equal(k8s_each_object(root, "t.yaml", 0, collect, &s), 0);
    assert_int_equal(s.n, 1);
    release(&l);
    /* documents without apiVersion or kind are skipped and counted */
    s.n = 0;
    root = load_one(&l, "kind: Pod\nmetadata: {name: x}\n");
    assert_int_equal(k8s_each_object(root, "t.yaml", 0, collect, &s), 1);
    release(&l);
    root = load_one(&l, "- 1\n- 2\n");
    assert_int_equal(k8s_each_object(root, "t.yaml", 0, collect, &s), 1);
    release(&l);
    root = load_one(&l, "---\n");
    assert_int_equal(k8s_each_object(root, "t.yaml", 0, collect, &s), 0);
    assert_int_equal(s.n, 0);
    release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_bom_and_crlf),
        cmocka_unit_test(test_multi_document),
        cmocka_unit_test(test_empty_documents),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_documents_before_error_delivered),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_stream_limits_per_document),
        cmocka_unit_test(test_stream_document_too_large),
        cmocka_unit_test(test_limit_document_size),
        cmocka_unit_test(test_limit_depth),
        cmocka_unit_test(test_limit_scalar),
        cmocka_unit_test(test_limit_scalar_stops_reading),
        cmocka_unit_test(test_limit_nodes),
        cmocka_unit_test(test_alias_bomb),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_recursive_alias),
        cmocka_unit_test(test_merge_forms),
        cmocka_unit_test(test_merge_order),
        cmocka_unit_test(test_merge_errors),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_key_lookups),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_tags_in_documents),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_stream_reader_error_position),
        cmocka_unit_test(test_list_expansion),
    };
    return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
