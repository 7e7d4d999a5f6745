/* load.c — libyaml events → document tree (load.h). Iterative, so nesting is
 * bounded by max_depth and not by the C stack. Merge keys follow go-yaml v2
 * (the API server's decoder): pairs apply in order, a `<<` mapping's keys
 * override keys set before it, and in a `<<` sequence earlier mappings win.
 * Aliases share the anchored node; their expanded size counts against
 * max_nodes so an alias bomb fails at once instead of exhausting memory. */
#include "load.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "scalar.h"

const struct load_limits LOAD_LIMITS_DEFAULT = {
    .max_doc_bytes = 64u << 20,
    .max_depth = 512,
    .max_scalar_bytes = 16u << 20,
    .max_nodes = 8u << 20,
};

struct anchor {
    char *name;
    struct node *node;
};

struct frame {
    struct node *node;
    size_t first;  /* index of the first child in loader.scratch */
    char *anchor;
};

struct loader {
    const char *name;
    const struct load_limits *lim;
    struct load_error *err;
    yaml_parser_t parser;
    struct doc *doc;
    size_t doc_start;
    size_t nodes; /* nodes of the current document, aliases expanded */
    struct node **scratch;
    size_t nscratch, capscratch;
    struct frame *frames;
    size_t nframes, capframes;
    struct anchor *anchors;
    size_t nanchors, capanchors;
};

static void fail(struct loader *L, const yaml_mark_t *mark, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct loader *L, const yaml_mark_t *mark, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->err->message, sizeof L->err->message, fmt, ap);
    va_end(ap);
    L->err->line = mark ? (unsigned)mark->line + 1 : 0;
    L->err->col = mark ? (unsigned)mark->column + 1 : 0;
}

static void scratch_push(struct loader *L, struct node *n)
{
    if (L->nscratch == L->capscratch) {
        L->capscratch = L->capscratch ? L->capscratch * 2 : 256;
        L->scratch = xrealloc(L->scratch, L->capscratch * sizeof *L->scratch);
    }
    L->scratch[L->nscratch++] = n;
}

static uint32_t add_weight(uint32_t a, uint32_t b)
{
    return a > UINT32_MAX - b ? UINT32_MAX : a + b;
}

static bool count_nodes(struct loader *L, uint32_t weight, const yaml_mark_t *mark)
{
    L->nodes += weight;
    if (L->nodes > L->lim->max_nodes) {
        fail(L, mark, "document expands to more than %zu nodes (alias expansion limit)",
             L->lim->max_nodes);
        return false;
    }
    return true;
}

static struct node *new_node(struct loader *L, uint8_t type, const yaml_mark_t *mark)
{
    struct node *n = arena_zalloc(&L->doc->arena, sizeof *n);
    n->type = type;
    n->line = (uint32_t)mark->line + 1;
    n->col = (uint32_t)mark->column + 1;
    n->weight = 1;
    return n;
}

static void remember_anchor(struct loader *L, const char *name, struct node *n)
{
    if (!name)
        return;
    if (L->nanchors == L->capanchors) {
        L->capanchors = L->capanchors ? L->capanchors * 2 : 16;
        L->anchors = xrealloc(L->anchors, L->capanchors * sizeof *L->anchors);
    }
    L->anchors[L->nanchors].name = arena_strdup(&L->doc->arena, name);
    L->anchors[L->nanchors].node = n;
    L->nanchors++;
}

static struct node *find_anchor(struct loader *L, const char *name)
{
    for (size_t i = L->nanchors; i-- > 0;)
        if (strcmp(L->anchors[i].name, name) == 0)
            return L->anchors[i].node;
    return NULL;
}

static bool is_str_tag(const char *tag)
{
    return tag && (strcmp(tag, YAML_STR_TAG) == 0 || strcmp(tag, "!") == 0);
}

static struct node *make_scalar(struct loader *L, const yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    if (len > L->lim->max_scalar_bytes) {
        fail(L, &ev->start_mark, "scalar of %zu bytes exceeds the limit of %zu", len,
             L->lim->max_scalar_bytes);
        return NULL;
    }
    struct node *n = new_node(L, NODE_STR, &ev->start_mark);
    n->str = arena_strndup(&L->doc->arena, (const char *)ev->data.scalar.value, len);
    n->len = (uint32_t)len;
    const char *tag = (const char *)ev->data.scalar.tag;
    if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !is_str_tag(tag))
        scalar_resolve(n);
    else
        n->quoted = 1;
    return n;
}

/* Map keys are compared by their JSON text, as the API server sees them:
 * `yes:` is the key "true", `0x10:` the key "16". */
static bool canonical_key(struct loader *L, struct node *k)
{
    switch (k->type) {
    case NODE_BOOL:
        k->str = k->num.b ? "true" : "false";
        break;
    case NODE_INT:
        k->str = arena_printf(&L->doc->arena, "%" PRId64, k->num.i);
        break;
    case NODE_NULL:
        k->str = "null";
        break;
    case NODE_MAP:
    case NODE_SEQ:
        return false;
    default:
        return true;
    }
    k->len = (uint32_t)strlen(k->str);
    return true;
}

static bool is_merge_key(const struct node *k)
{
    return !k->quoted && k->type == NODE_STR && k->len == 2 && memcmp(k->str, "<<", 2) == 0;
}

static bool same_key(const struct node *a, const struct node *b)
{
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static int cmp_pair_key(const void *pa, const void *pb)
{
    const struct node *a = ((const struct pair *)pa)->key, *b = ((const struct pair *)pb)->key;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->str, b->str, n);
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

/* Records the first duplicate explicit key of the document. */
static void find_duplicates(struct loader *L, const struct pair *pairs, size_t n)
{
    if (L->doc->duplicate_key || n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++)
                if (same_key(pairs[i].key, pairs[j].key)) {
                    L->doc->duplicate_key = pairs[i].key;
                    return;
                }
        return;
    }
    struct pair *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, pairs, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_pair_key);
    for (size_t i = 1; i < n; i++)
        if (same_key(sorted[i].key, sorted[i - 1].key)) {
            const struct node *a = sorted[i].key, *b = sorted[i - 1].key;
            bool a_later = a->line > b->line || (a->line == b->line && a->col > b->col);
            L->doc->duplicate_key = a_later ? a : b;
            break;
        }
    free(sorted);
}

/* Sets key → value in pairs[0..*n), replacing an existing key. */
static void set_pair(struct pair *pairs, size_t *n, struct node *key, struct node *value)
{
    for (size_t i = 0; i < *n; i++)
        if (same_key(pairs[i].key, key)) {
            pairs[i].value = value;
            return;
        }
    pairs[*n].key = key;
    pairs[*n].value = value;
    (*n)++;
}

static bool merge_source(struct loader *L, struct pair *out, size_t *n, const struct node *src,
                         const struct node *at)
{
    if (src->type != NODE_MAP) {
        yaml_mark_t m = {.line = at->line - 1, .column = at->col - 1};
        fail(L, &m, "merge key << needs a mapping or a sequence of mappings, not a %s",
             node_type_name(src));
        return false;
    }
    for (uint32_t i = 0; i < src->n; i++)
        set_pair(out, n, src->u.pairs[i].key, src->u.pairs[i].value);
    return true;
}

/* Builds the pairs of a mapping from its children, applying merge keys. */
static bool finish_map(struct loader *L, struct node *map, struct node **kids, size_t nkids)
{
    size_t npairs = nkids / 2, nmerged = 0;
    bool has_merge = false;
    for (size_t i = 0; i < nkids; i += 2) {
        if (!canonical_key(L, kids[i])) {
            yaml_mark_t m = {.line = kids[i]->line - 1, .column = kids[i]->col - 1};
            fail(L, &m, "a mapping key must be a scalar, not a %s", node_type_name(kids[i]));
            return false;
        }
        if (is_merge_key(kids[i])) {
            has_merge = true;
            const struct node *v = kids[i + 1];
            for (size_t j = 0; v->type == NODE_SEQ && j < v->n; j++)
                nmerged += node_len(v->u.items[j]);
            nmerged += node_len(v);
        }
    }
    struct pair *pairs = arena_alloc(&L->doc->arena, (npairs + nmerged + 1) * sizeof *pairs);
    size_t n = 0;
    if (!has_merge) {
        for (size_t i = 0; i < npairs; i++) {
            pairs[i].key = kids[2 * i];
            pairs[i].value = kids[2 * i + 1];
        }
        find_duplicates(L, pairs, npairs);
        n = npairs;
    } else {
        struct pair *explicit = xmalloc((npairs + 1) * sizeof *explicit);
        size_t nexplicit = 0;
        for (size_t i = 0; i < nkids; i += 2) {
            struct node *k = kids[i], *v = kids[i + 1];
            if (!is_merge_key(k)) {
                explicit[nexplicit].key = k;
                explicit[nexplicit++].value = v;
                set_pair(pairs, &n, k, v);
            } else if (v->type == NODE_SEQ) {
                for (size_t j = v->n; j-- > 0;)
                    if (!merge_source(L, pairs, &n, v->u.items[j], v->u.items[j]))
                        return free(explicit), false;
            } else if (!merge_source(L, pairs, &n, v, v)) {
                return free(explicit), false;
            }
        }
        find_duplicates(L, explicit, nexplicit);
        free(explicit);
    }
    map->u.pairs = pairs;
    map->n = (uint32_t)n;
    return true;
}

static bool add_child(struct loader *L, struct node *n)
{
    if (L->nframes == 0) {
        L->doc->root = n;
        return true;
    }
    struct frame *f = &L->frames[L->nframes - 1];
    f->node->weight = add_weight(f->node->weight, n->weight);
    scratch_push(L, n);
    return true;
}

static bool open_container(struct loader *L, const yaml_event_t *ev, uint8_t type,
                           const yaml_char_t *anchor)
{
    if (L->nframes >= L->lim->max_depth) {
        fail(L, &ev->start_mark, "nesting deeper than %zu levels", L->lim->max_depth);
        return false;
    }
    if (!count_nodes(L, 1, &ev->start_mark))
        return false;
    if (L->nframes == L->capframes) {
        L->capframes = L->capframes ? L->capframes * 2 : 32;
        L->frames = xrealloc(L->frames, L->capframes * sizeof *L->frames);
    }
    struct frame *f = &L->frames[L->nframes++];
    f->node = new_node(L, type, &ev->start_mark);
    f->first = L->nscratch;
    f->anchor = anchor ? arena_strdup(&L->doc->arena, (const char *)anchor) : NULL;
    return true;
}

static bool close_container(struct loader *L)
{
    struct frame f = L->frames[--L->nframes];
    size_t nkids = L->nscratch - f.first;
    struct node **kids = nkids ? L->scratch + f.first : NULL; /* scratch is NULL until used */
    if (f.node->type == NODE_MAP) {
        if (!finish_map(L, f.node, kids, nkids))
            return false;
    } else {
        f.node->u.items = arena_alloc(&L->doc->arena, (nkids + 1) * sizeof *kids);
        if (nkids)
            memcpy(f.node->u.items, kids, nkids * sizeof *kids);
        f.node->n = (uint32_t)nkids;
    }
    L->nscratch = f.first;
    remember_anchor(L, f.anchor, f.node);
    return add_child(L, f.node);
}

static bool begin_doc(struct loader *L, const yaml_event_t *ev, unsigned index)
{
    struct arena a = {0};
    struct doc *d = arena_zalloc(&a, sizeof *d);
    d->arena = a;
    d->file = L->name;
    d->index = index;
    L->doc = d;
    L->doc_start = ev->start_mark.index;
    L->nodes = 0;
    L->nanchors = 0;
    L->nframes = 0;
    L->nscratch = 0;
    return true;
}

static bool handle_event(struct loader *L, const yaml_event_t *ev)
{
    struct node *n;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (!count_nodes(L, 1, &ev->start_mark) || !(n = make_scalar(L, ev)))
            return false;
        remember_anchor(L, (const char *)ev->data.scalar.anchor, n);
        return add_child(L, n);
    case YAML_ALIAS_EVENT:
        n = find_anchor(L, (const char *)ev->data.alias.anchor);
        if (!n) {
            fail(L, &ev->start_mark, "unknown anchor '%s'", ev->data.alias.anchor);
            return false;
        }
        return count_nodes(L, n->weight, &ev->start_mark) && add_child(L, n);
    case YAML_SEQUENCE_START_EVENT:
        return open_container(L, ev, NODE_SEQ, ev->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return open_container(L, ev, NODE_MAP, ev->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_container(L);
    default:
        return true;
    }
}

static void fail_from_parser(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->error == YAML_READER_ERROR) {
        fail(L, NULL, "%s (at byte %zu)", problem, p->problem_offset);
        /* the reader knows only a byte offset; report the current mark */
        L->err->line = (unsigned)p->mark.line + 1;
        L->err->col = (unsigned)p->mark.column + 1;
    } else if (p->context) {
        fail(L, &p->problem_mark, "%s (%s)", problem, p->context);
    } else {
        fail(L, &p->problem_mark, "%s", problem);
    }
}

static int run(struct loader *L, doc_fn fn, void *ctx)
{
    int rc = 0;
    unsigned index = 0;
    bool done = false;
    while (!done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&L->parser, &ev)) {
            fail_from_parser(L);
            rc = -1;
            break;
        }
        bool ok = true;
        if (ev.type == YAML_STREAM_END_EVENT) {
            done = true;
        } else if (ev.type == YAML_DOCUMENT_START_EVENT) {
            ok = begin_doc(L, &ev, index++);
        } else if (ev.type == YAML_DOCUMENT_END_EVENT) {
            struct doc *d = L->doc;
            L->doc = NULL;
            d->bytes = ev.end_mark.index - L->doc_start;
            if (!d->root) { /* an empty document is a null */
                d->root = arena_zalloc(&d->arena, sizeof *d->root);
                d->root->line = (uint32_t)ev.start_mark.line + 1;
                d->root->col = 1;
            }
            if (fn(d, ctx)) {
                yaml_event_delete(&ev);
                break;
            }
        } else if (L->doc) {
            ok = handle_event(L, &ev);
            if (ok && ev.end_mark.index - L->doc_start > L->lim->max_doc_bytes) {
                fail(L, &ev.start_mark, "document larger than %zu bytes", L->lim->max_doc_bytes);
                ok = false;
            }
        }
        yaml_event_delete(&ev);
        if (!ok) {
            rc = -1;
            break;
        }
    }
    if (L->doc)
        doc_free(L->doc);
    free(L->scratch);
    free(L->frames);
    free(L->anchors);
    yaml_parser_delete(&L->parser);
    return rc;
}

static void init_loader(struct loader *L, const char *name, const struct load_limits *lim,
                        struct load_error *err)
{
    memset(L, 0, sizeof *L);
    L->name = name;
    L->lim = lim ? lim : &LOAD_LIMITS_DEFAULT;
    L->err = err;
    err->message[0] = '\0';
    err->line = err->col = 0;
    if (!yaml_parser_initialize(&L->parser)) {
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
}

int load_stream(const char *name, FILE *in, const struct load_limits *lim, doc_fn fn,
                void *ctx, struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, err);
    yaml_parser_set_input_file(&L.parser, in);
    return run(&L, fn, ctx);
}

int load_buffer(const char *name, const char *buf, size_t len, const struct load_limits *lim,
                doc_fn fn, void *ctx, struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, err);
    yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf, len);
    return run(&L, fn, ctx);
}
