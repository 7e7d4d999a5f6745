/* test_list_stream.c — items of a List handed out while it loads (load.h):
 * which items stream, their positions (YAML and JSON), anchors kept across
 * items, duplicate keys inside one item, the JSON front end giving up after
 * items were taken, refused items keeping their order, and which items the
 * object layer takes (k8s_item_known: kubectl and API server key orders,
 * typed lists), items whose memory the taker moves out of the loader, and
 * arenas adopting one another. */
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

enum { MAX = 16 };

/* What one load saw: each taken item's name, position and duplicate key,
 * and the document (kept for inspection). */
struct seen {
    const char *names[MAX]; /* copies: the items are gone after the call */
    unsigned line[MAX], col[MAX];
    char dup[MAX][32];
    char head_kind[MAX][32];
    size_t n;
    size_t refuse_from; /* refuse the item with this 1-based number, 0: never */
    struct doc *doc;
    int rc;
    struct load_error err;
};

static bool take(const struct load_item *it, void *ctx)
{
    struct seen *s = ctx;
    if (s->refuse_from && s->n + 1 >= s->refuse_from)
        return false;
    assert_true(s->n < MAX);
    const char *name = node_str(node_path(it->node, "metadata.name"));
    s->names[s->n] = name ? strdup(name) : NULL;
    s->line[s->n] = it->node->line;
    s->col[s->n] = it->node->col;
    snprintf(s->dup[s->n], sizeof s->dup[0], "%s",
             it->duplicate_key ? it->duplicate_key->str : "");
    const char *kind = node_str(node_get(it->head, "kind"));
    snprintf(s->head_kind[s->n], sizeof s->head_kind[0], "%s", kind ? kind : "");
    assert_string_equal(it->file, "t.yaml");
    s->n++;
    return true;
}

static int keep(struct doc *d, void *ctx)
{
    struct seen *s = ctx;
    doc_free(s->doc); /* the last document is kept */
    s->doc = d;
    return 0;
}

static void load(struct seen *s, const char *text, size_t refuse_from)
{
    memset(s, 0, sizeof *s);
    s->refuse_from = refuse_from;
    s->rc = load_buffer_items("t.yaml", text, strlen(text), NULL, take, keep, s, &s->err);
}

static void release(struct seen *s)
{
    for (size_t i = 0; i < s->n; i++)
        free((char *)s->names[i]);
    doc_free(s->doc);
    s->doc = NULL;
}

static const char KUBECTL_YAML[] =
    "apiVersion: v1\n"
    "items:\n"
    "- apiVersion: v1\n"
    "  kind: ConfigMap\n"
    "  metadata:\n"
    "    name: one\n"
    "-   apiVersion: v1\n"
    "    kind: Secret\n"
    "    metadata: {name: two}\n"
    "- {apiVersion: v1, kind: Pod, metadata: {name: three}}\n"
    "kind: List\n"
    "metadata:\n"
    "  resourceVersion: \"\"\n";

static const char KUBECTL_JSON[] =
    "{\n"
    "    \"apiVersion\": \"v1\",\n"
    "    \"items\": [\n"
    "        {\n"
    "            \"apiVersion\": \"v1\",\n"
    "            \"kind\": \"ConfigMap\",\n"
    "            \"metadata\": {\"name\": \"one\"}\n"
    "        },\n"
    "          {\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"two\"}},\n"
    "        {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"three\"}}\n"
    "    ],\n"
    "    \"kind\": \"List\",\n"
    "    \"metadata\": {\"resourceVersion\": \"\"}\n"
    "}\n";

static void assert_three_taken(struct seen *s)
{
    assert_int_equal(s->rc, 0);
    assert_int_equal(s->n, 3);
    assert_string_equal(s->names[0], "one");
    assert_string_equal(s->names[1], "two");
    assert_string_equal(s->names[2], "three");
    /* kubectl prints kind after the items: unknown while they stream */
    assert_string_equal(s->head_kind[0], "");
    assert_non_null(s->doc);
    assert_int_equal(s->doc->items_taken, 3);
    assert_int_equal(node_len(node_get(s->doc->root, "items")), 0);
    assert_string_equal(node_str(node_get(s->doc->root, "kind")), "List");
    assert_string_equal(node_str(node_path(s->doc->root, "metadata.resourceVersion")), "");
}

static void test_kubectl_yaml_positions(void **state)
{
    (void)state;
    struct seen s;
    load(&s, KUBECTL_YAML, 0);
    assert_three_taken(&s);
    assert_int_equal(s.line[0], 3);
    assert_int_equal(s.col[0], 3);
    assert_int_equal(s.line[1], 7);
    assert_int_equal(s.col[1], 5);
    assert_int_equal(s.line[2], 10);
    assert_int_equal(s.col[2], 3);
    release(&s);
}

static void test_kubectl_json_positions(void **state)
{
    (void)state;
    struct seen s;
    load(&s, KUBECTL_JSON, 0);
    assert_three_taken(&s);
    assert_int_equal(s.line[0], 4);
    assert_int_equal(s.col[0], 9);
    assert_int_equal(s.line[1], 9);
    assert_int_equal(s.col[1], 11);
    assert_int_equal(s.line[2], 10);
    assert_int_equal(s.col[2], 9);
    release(&s);
}

/* The JSON front end declines a key near libyaml's simple key limit, after
 * two items; libyaml then reads the input again, and the items already
 * taken are not offered twice. */
static void test_json_fallback_offers_once(void **state)
{
    (void)state;
    char text[2048], key[1011];
    memset(key, 'k', sizeof key - 1);
    key[sizeof key - 1] = '\0';
    snprintf(text, sizeof text,
             "{\"apiVersion\": \"v1\", \"items\": [\n"
             " {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"a\"}},\n"
             " {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"b\"}},\n"
             " {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"c\"},"
             " \"%s\": 1}\n"
             "], \"kind\": \"List\"}\n",
             key);
    struct seen s;
    load(&s, text, 0);
    assert_int_equal(s.rc, 0);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.names[0], "a");
    assert_string_equal(s.names[1], "b");
    assert_string_equal(s.names[2], "c");
    assert_int_equal(s.line[2], 4);
    assert_int_equal(s.col[2], 2);
    assert_int_equal(s.doc->items_taken, 3);
    release(&s);
}

/* An item that defines an anchor keeps its memory: a later item and a root
 * key after the items still reach the anchored nodes (ASan would object). */
static void test_anchors_across_items(void **state)
{
    (void)state;
    struct seen s;
    load(&s,
         "apiVersion: v1\n"
         "items:\n"
         "- apiVersion: v1\n"
         "  kind: ConfigMap\n"
         "  metadata: &meta {name: shared, labels: &labels {tier: web}}\n"
         "- {apiVersion: v1, kind: ConfigMap, metadata: {name: plain}, data: {x: y}}\n"
         "- &whole {apiVersion: v1, kind: Secret, metadata: {name: whole}}\n"
         "- {apiVersion: v1, kind: ConfigMap, metadata: *meta}\n"
         "- apiVersion: v1\n"
         "  kind: ConfigMap\n"
         "  metadata: {name: merged, labels: {<<: *labels, extra: 'yes'}}\n"
         "kind: List\n"
         "last: *whole\n"
         "tier: *labels\n",
         0);
    assert_int_equal(s.rc, 0);
    assert_int_equal(s.n, 5);
    assert_string_equal(s.names[3], "shared");
    assert_string_equal(s.names[4], "merged");
    const struct node *root = s.doc->root;
    assert_string_equal(node_str(node_path(root, "last.metadata.name")), "whole");
    assert_string_equal(node_str(node_path(root, "last.kind")), "Secret");
    assert_string_equal(node_str(node_path(root, "tier.tier")), "web");
    assert_int_equal(node_len(node_get(root, "items")), 0);
    release(&s);
}

/* A duplicate key belongs to its item; a refused item's goes to the
 * document, as without streaming. */
static void test_duplicate_key_in_one_item(void **state)
{
    (void)state;
    static const char text[] =
        "apiVersion: v1\n"
        "items:\n"
        "- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n"
        "- {apiVersion: v1, kind: Pod, metadata: {name: b, name: c}}\n"
        "- {apiVersion: v1, kind: Pod, metadata: {name: d}}\n"
        "- {apiVersion: v1, kind: Pod, metadata: {name: e, labels: {x: 1, x: 2}}}\n"
        "kind: List\n";
    struct seen s;
    load(&s, text, 0);
    assert_int_equal(s.rc, 0);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.dup[0], "");
    assert_string_equal(s.dup[1], "name");
    assert_string_equal(s.dup[2], "");
    assert_string_equal(s.dup[3], "x");
    assert_null(s.doc->duplicate_key);
    release(&s);
    load(&s, text, 4); /* the fourth and later stay in the document */
    assert_int_equal(s.n, 3);
    assert_non_null(s.doc->duplicate_key);
    assert_int_equal(s.doc->duplicate_key->line, 6);
    assert_string_equal(s.doc->duplicate_key->str, "x");
    release(&s);
}

/* Refusing an item keeps it and every later item, in order. */
static void test_refused_items_stay_in_order(void **state)
{
    (void)state;
    struct seen s;
    load(&s, KUBECTL_YAML, 2);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.doc->items_taken, 1);
    const struct node *items = node_get(s.doc->root, "items");
    assert_int_equal(node_len(items), 2);
    assert_string_equal(node_str(node_path(node_at(items, 0), "metadata.name")), "two");
    assert_int_equal(node_at(items, 0)->line, 7);
    assert_string_equal(node_str(node_path(node_at(items, 1), "metadata.name")), "three");
    release(&s);
}

/* Only mapping elements of the root's own `items` stream. */
static void test_what_streams(void **state)
{
    (void)state;
    static const char *const none[] = {
        "kind: List\nitems: &all\n- {apiVersion: v1, kind: Pod}\nagain: *all\n",
        "kind: Foo\nspec:\n  items:\n  - {apiVersion: v1, kind: Pod}\n",
        "- items:\n  - {apiVersion: v1, kind: Pod}\n",
        "kind: List\nitems: [a, [b], &m c, *m]\n",
        "kind: List\nitems: {apiVersion: v1, kind: Pod}\n",
    };
    struct seen s;
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        load(&s, none[i], 0);
        assert_int_equal(s.n, 0);
        release(&s);
    }
    /* scalars among the items stay, mappings around them stream */
    load(&s, "kind: List\napiVersion: v1\nitems:\n- text\n- {metadata: {name: m}}\n- 7\n", 0);
    assert_int_equal(s.rc, 0);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.head_kind[0], "List");
    assert_int_equal(node_len(node_get(s.doc->root, "items")), 2);
    release(&s);
    /* a second document streams on its own */
    load(&s, "kind: A\n---\nitems:\n- {metadata: {name: z}}\nkind: List\n", 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.doc->index, 1);
    release(&s);
}

/* Items without streaming: the plain entry points leave the tree whole. */
static void test_plain_load_unchanged(void **state)
{
    (void)state;
    struct seen s;
    memset(&s, 0, sizeof s);
    assert_int_equal(load_buffer("t.yaml", KUBECTL_YAML, strlen(KUBECTL_YAML), NULL, keep, &s,
                                 &s.err), 0);
    assert_int_equal(s.doc->items_taken, 0);
    assert_int_equal(node_len(node_get(s.doc->root, "items")), 3);
    release(&s);
}

/* ------------------------------------------------------ the object layer */

struct objects {
    char names[MAX][48]; /* kind/name */
    size_t n, skipped, refused;
};

static void collect(const struct k8s_object *o, void *ctx)
{
    struct objects *s = ctx;
    assert_true(s->n < MAX);
    snprintf(s->names[s->n++], sizeof s->names[0], "%s/%s", o->kind, o->name ? o->name : "-");
}

static bool take_objects(const struct load_item *it, void *ctx)
{
    struct objects *s = ctx;
    if (!k8s_item_known(it->head, it->node)) {
        s->refused++;
        return false;
    }
    s->skipped += k8s_each_item(it->head, it->node, it->file, it->doc_index, collect, s);
    return true;
}

static int rest_objects(struct doc *d, void *ctx)
{
    struct objects *s = ctx;
    s->skipped += k8s_each_object(d->root, d->file, d->index, collect, s);
    doc_free(d);
    return 0;
}

/* Objects and skipped items streamed are those of the whole List. */
static void assert_objects(const char *text, const char *expected, size_t skipped,
                           size_t refused)
{
    struct objects whole = {0}, streamed = {0};
    struct load_error err;
    assert_int_equal(load_buffer("t.yaml", text, strlen(text), NULL, rest_objects, &whole,
                                 &err), 0);
    assert_int_equal(load_buffer_items("t.yaml", text, strlen(text), NULL, take_objects,
                                       rest_objects, &streamed, &err), 0);
    char got[MAX * 48] = "";
    for (size_t i = 0; i < streamed.n; i++) {
        strcat(got, i ? " " : "");
        strcat(got, streamed.names[i]);
        assert_string_equal(streamed.names[i], whole.names[i]);
    }
    assert_string_equal(got, expected);
    assert_int_equal(streamed.n, whole.n);
    assert_int_equal(streamed.skipped, skipped);
    assert_int_equal(whole.skipped, skipped);
    assert_int_equal(streamed.refused, refused);
}

static void test_items_known(void **state)
{
    (void)state;
    /* kubectl: items before kind; an item without apiVersion and kind waits
     * for the document, and so does everything after it */
    assert_objects("apiVersion: v1\nitems:\n"
                   "- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n"
                   "- {metadata: {name: bare}}\n"
                   "- {apiVersion: v1, kind: Pod, metadata: {name: c}}\n"
                   "kind: List\n",
                   "Pod/a Pod/c", 1, 1);
    /* the API server: a typed list's kind and apiVersion come first, and its
     * items without apiVersion and kind take them */
    assert_objects("kind: PodList\napiVersion: v1\nmetadata: {resourceVersion: '1'}\nitems:\n"
                   "- {metadata: {name: a}}\n"
                   "- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n"
                   "- {kind: Pod, metadata: {name: half}}\n"
                   "- {metadata: {name: d}}\n",
                   "Pod/a ConfigMap/b Pod/d", 1, 0);
    /* a typed list whose apiVersion follows its items: bare items wait */
    assert_objects("kind: PodList\nitems:\n"
                   "- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n"
                   "- {metadata: {name: b}}\n"
                   "apiVersion: v1\n",
                   "Pod/a Pod/b", 0, 1);
    /* kind: List before the items: bare items are skipped at once */
    assert_objects("apiVersion: v1\nkind: List\nitems:\n"
                   "- {metadata: {name: bare}}\n"
                   "- {apiVersion: v1, kind: Secret, metadata: {name: s}}\n",
                   "Secret/s", 1, 0);
    /* a kind that is not a list, read before the items: they are not objects */
    assert_objects("apiVersion: x/v1\nkind: Foo\nmetadata: {name: f}\nitems:\n"
                   "- {apiVersion: v1, kind: Pod, metadata: {name: p}}\n",
                   "Foo/f", 0, 1);
    /* a merge before the items counts */
    assert_objects("base: &b {apiVersion: v1, kind: ServiceList}\n<<: *b\nitems:\n"
                   "- {metadata: {name: svc}}\n",
                   "Service/svc", 0, 0);
    /* Lists nested in items are expanded as before */
    assert_objects("apiVersion: v1\nitems:\n"
                   "- apiVersion: v1\n  kind: List\n  items:\n"
                   "  - {apiVersion: v1, kind: Pod, metadata: {name: inner}}\n"
                   "  - {kind: Pod}\n"
                   "kind: List\n",
                   "Pod/inner", 1, 0);
}

/* ------------------------------------------------------------ the arena */

static void test_arena_release(void **state)
{
    (void)state;
    struct arena a = {0};
    char *keep = arena_strdup(&a, "kept");
    struct arena_mark m = arena_mark(&a);
    char *first = NULL;
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 200; i++) { /* spills into new chunks */
            char *p = memset(arena_alloc(&a, 1000), 0xAB, 1000);
            if (!first)
                first = p;
            assert_true(i || p == first);
        }
        arena_release(&a, m);
        assert_int_equal(a.used_total, m.total);
    }
    char *after = arena_strdup(&a, "after");
    assert_string_equal(keep, "kept");
    assert_string_equal(after, "after");
    /* the space after the mark is reused; text is packed, with no alignment */
    assert_ptr_equal(after, keep + sizeof "kept");
    arena_free(&a);
}

/* ------------------------------------------------- items moved out */

/* Takes every item, moving its memory out when the loader allows it. */
struct moved {
    struct arena kept;
    const struct node *items[MAX];
    bool own[MAX];
    size_t n;
};

static bool take_moving(const struct load_item *it, void *ctx)
{
    struct moved *m = ctx;
    assert_true(m->n < MAX);
    m->own[m->n] = it->arena != NULL;
    if (it->arena)
        arena_adopt(&m->kept, it->arena);
    m->items[m->n++] = it->arena ? it->node : NULL;
    return true;
}

static int drop_doc(struct doc *d, void *ctx)
{
    (void)ctx;
    doc_free(d);
    return 0;
}

static void test_items_moved_out(void **state)
{
    (void)state;
    const char *texts[] = {
        "apiVersion: v1\nkind: List\nitems:\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: {k: v}}\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: &m {name: b}}\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: *m}\n"
        "- {apiVersion: v1, kind: Secret, metadata: {name: d}, data: {big: '%s'}}\n",
        "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"a\"}},\n"
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"b\"}},\n"
        "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"c\"}},\n"
        "{\"apiVersion\": \"v1\", \"kind\": \"Secret\", \"metadata\": {\"name\": \"d\"},"
        " \"data\": {\"big\": \"%s\"}}]}\n",
    };
    /* the fourth item spills over several chunks */
    size_t nbig = 100000;
    char *big = malloc(nbig + 1);
    memset(big, 'x', nbig);
    big[nbig] = '\0';
    for (size_t t = 0; t < 2; t++) {
        size_t len = strlen(texts[t]) + nbig;
        char *text = malloc(len);
        snprintf(text, len, texts[t], big);
        struct moved m = {0};
        struct load_error err;
        assert_int_equal(load_buffer_items("t", text, strlen(text), NULL, take_moving, drop_doc,
                                           &m, &err),
                         0);
        free(text); /* the loader and the document are gone: what moved lives on */
        assert_int_equal(m.n, 4);
        /* an item defining an anchor, or using one, shares the document's memory */
        bool yaml = t == 0;
        assert_true(m.own[0] && m.own[3]);
        assert_true(m.own[1] == !yaml && m.own[2] == !yaml);
        assert_string_equal(node_str(node_path(m.items[0], "metadata.name")), "a");
        assert_string_equal(node_str(node_path(m.items[0], "kind")), "ConfigMap");
        const struct node *b = node_path(m.items[3], "data.big");
        assert_int_equal(node_len(b), 0);
        assert_int_equal(b->len, nbig);
        assert_int_equal(strspn(node_str(b), "x"), nbig);
        assert_true(m.kept.used_total > nbig);
        arena_free(&m.kept);
    }
    free(big);
}

static void test_arena_adopt(void **state)
{
    (void)state;
    struct arena dst = {0}, src = {0};
    char *d1 = arena_strdup(&dst, "dst");
    char *s1 = arena_strdup(&src, "src");
    for (int i = 0; i < 100; i++) /* src spans several chunks */
        memset(arena_alloc(&src, 1000), i, 1000);
    size_t total = dst.used_total + src.used_total;
    arena_adopt(&dst, &src);
    assert_int_equal(dst.used_total, total);
    assert_int_equal(src.used_total, 0);
    assert_null(src.head);
    char *d2 = arena_strdup(&dst, "next"); /* still from dst's own chunk */
    assert_true(d2 > d1 && d2 - d1 <= 64);
    assert_string_equal(d1, "dst");
    assert_string_equal(s1, "src");
    char *s2 = arena_strdup(&src, "again"); /* src goes on, empty */
    assert_string_equal(s2, "again");
    struct arena moved = {0};
    arena_adopt(&moved, &src); /* into an empty arena: a move */
    assert_string_equal(s2, "again");
    assert_null(src.head);
    arena_free(&src);
    arena_free(&moved);
    arena_free(&dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kubectl_yaml_positions),
        cmocka_unit_test(test_kubectl_json_positions),
        cmocka_unit_test(test_json_fallback_offers_once),
        cmocka_unit_test(test_anchors_across_items),
        cmocka_unit_test(test_duplicate_key_in_one_item),
        cmocka_unit_test(test_refused_items_stay_in_order),
        cmocka_unit_test(test_what_streams),
        cmocka_unit_test(test_plain_load_unchanged),
        cmocka_unit_test(test_items_known),
        cmocka_unit_test(test_arena_release),
        cmocka_unit_test(test_items_moved_out),
        cmocka_unit_test(test_arena_adopt),
    };
    return cmocka_run_group_tests_name("list_stream", tests, NULL, NULL);
}
