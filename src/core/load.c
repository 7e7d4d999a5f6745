/* load.c — libyaml events → document tree (load.h). Iterative, so nesting is
 * bounded by max_depth and not by the C stack.
 *
 * Mappings are built as go-yaml v2 decodes them into the API server's
 * map[interface{}]interface{}: pairs apply in document order, so a `<<`
 * merge overrides keys set before it and keys after it override merged
 * ones; in a `<<` sequence earlier mappings win. The value of `<<` must be a
 * mapping, an alias of a mapping, or a sequence of those. A key given twice
 * explicitly is recorded as the document's duplicate key (strict decoding
 * rejects it); keys brought in by a merge never count as duplicates (the
 * client converts YAML without strictness and merge overrides are the point
 * of merging). Keys compare by the JSON key they become, so `yes:` and
 * `true:` collide.
 *
 * Aliases share the anchored node; their expanded size counts against
 * max_nodes so an alias bomb fails at once instead of exhausting memory. */
#include "load.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <yaml.h>

#include "json.h"
#include "scalar.h"

const struct load_limits LOAD_LIMITS_DEFAULT = {
    .max_doc_bytes = 64u << 20,
    .max_depth = 512,
    .max_scalar_bytes = 16u << 20,
    .max_nodes = 8u << 20,
};

/* libyaml reads ahead of the events it delivers by at most its buffers and
 * the token being scanned; beyond this much unread input past the last
 * document boundary, the current document is certainly over its limit. */
enum { READ_SLACK = 1u << 20 };

struct anchor {
    const char *name;
    struct node *node;
};

struct frame {
    struct node *node;
    size_t first;  /* index of the first child in loader.scratch */
    const char *anchor;
};

/* Recent input, to turn the byte offset of a reader error (invalid UTF-8)
 * into a line and column: the whole buffer, or a window over a stream that
 * always holds the last KEEP bytes read, more than libyaml's raw buffer. */
enum { WINDOW = 256u << 10, KEEP = 64u << 10 };

struct recent_bytes {
    const unsigned char *bytes;
    size_t offset, len;  /* input offset of bytes[0]; bytes held */
    unsigned line, col;  /* position of bytes[0] */
};

struct stream_reader {
    FILE *in;
    char *head;        /* bytes read ahead to look for JSON, replayed first */
    size_t nhead, head_used;
    void *map;         /* a regular JSON file mapped whole (head points into it) */
    size_t total;      /* bytes read so far */
    size_t boundary;   /* bytes read when the last document began or ended */
    size_t limit;      /* max_doc_bytes */
    bool over;         /* reading stopped at the limit */
    struct recent_bytes recent;
    unsigned char window[WINDOW];
};

struct loader {
    const char *name;
    const struct load_limits *lim;
    struct load_error *err;
    yaml_parser_t parser;
    struct stream_reader *reader; /* NULL for buffers */
    struct recent_bytes *recent;
    unsigned ndocs;    /* documents begun */
    struct doc *json_doc; /* the document the JSON front end completed */
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

static void fail_at(struct loader *L, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail_at(struct loader *L, unsigned line, unsigned col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(L->err->message, sizeof L->err->message, fmt, ap);
    va_end(ap);
    L->err->line = line;
    L->err->col = col;
}

#define fail_mark(L, m, ...) fail_at(L, (unsigned)(m)->line + 1, (unsigned)(m)->column + 1, __VA_ARGS__)
#define fail_node(L, n, ...) fail_at(L, (n)->line, (n)->col, __VA_ARGS__)

static void scratch_push(struct loader *L, struct node *n)
{
    if (L->nscratch == L->capscratch) {
        L->capscratch *= 2;
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
        fail_mark(L, mark, "document expands to more than %zu nodes (alias expansion limit)",
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
    L->anchors[L->nanchors].name = name;
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

static bool anchor_is_open(struct loader *L, const char *name)
{
    for (size_t i = 0; i < L->nframes; i++)
        if (L->frames[i].anchor && strcmp(L->frames[i].anchor, name) == 0)
            return true;
    return false;
}

static struct node *make_scalar(struct loader *L, const yaml_event_t *ev)
{
    size_t len = ev->data.scalar.length;
    if (len > L->lim->max_scalar_bytes) {
        fail_mark(L, &ev->start_mark, "scalar of %zu bytes exceeds the limit of %zu", len,
                  L->lim->max_scalar_bytes);
        return NULL;
    }
    struct node *n = new_node(L, NODE_STR, &ev->start_mark);
    n->str = arena_strndup(&L->doc->arena, (const char *)ev->data.scalar.value, len);
    n->len = (uint32_t)len;
    enum scalar_tag tag = scalar_tag_kind((const char *)ev->data.scalar.tag);
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->quoted = !plain;
    bool merge_text = len == 2 && memcmp(n->str, "<<", 2) == 0;
    n->merge = merge_text && ((plain && tag == TAG_NONE) || tag == TAG_MERGE);
    if (tag == TAG_NONE && !plain)
        return n;
    const char *problem = scalar_apply_tag(n, tag, &L->doc->arena);
    if (problem) {
        fail_mark(L, &ev->start_mark, "%s", problem);
        return NULL;
    }
    return n;
}

/* ---------------------------------------------------------------- mappings */

/* Open-addressing index from key text to a position in the pairs array. */
struct key_index {
    uint32_t *slots; /* position + 1; 0 is empty */
    size_t mask;
};

static uint64_t hash_key(const struct node *k)
{
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < k->len; i++)
        h = (h ^ (unsigned char)k->str[i]) * 1099511628211ull;
    return h;
}

static bool same_key(const struct node *a, const struct node *b)
{
    return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

static void index_init(struct key_index *ix, size_t capacity)
{
    size_t size = 16;
    while (size < capacity * 2)
        size *= 2;
    ix->slots = xcalloc(size, sizeof *ix->slots);
    ix->mask = size - 1;
}

/* The slot holding key k, or the empty slot where it belongs. */
static uint32_t *index_slot(const struct key_index *ix, const struct pair *pairs,
                            const struct node *k)
{
    size_t i = (size_t)hash_key(k) & ix->mask;
    while (ix->slots[i] && !same_key(pairs[ix->slots[i] - 1].key, k))
        i = (i + 1) & ix->mask;
    return &ix->slots[i];
}

static bool before(const struct node *a, const struct node *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

static void note_duplicate(struct loader *L, const struct node *k)
{
    if (!L->doc->duplicate_key || before(k, L->doc->duplicate_key))
        L->doc->duplicate_key = k;
}

/* Builds a mapping's pairs into out[0..*n) as go-yaml v2 does. explicit[i]
 * marks pairs set by a key written in this mapping. */
struct map_builder {
    struct pair *out;
    bool *explicit;
    size_t n;
    struct key_index ix;
};

static void builder_set(struct loader *L, struct map_builder *b, struct node *k, struct node *v,
                        bool explicit)
{
    uint32_t *slot = index_slot(&b->ix, b->out, k);
    if (*slot) {
        size_t i = *slot - 1;
        if (explicit && b->explicit[i])
            note_duplicate(L, k);
        b->out[i].value = v;
        b->explicit[i] |= explicit;
        return;
    }
    b->out[b->n].key = k;
    b->out[b->n].value = v;
    b->explicit[b->n] = explicit;
    *slot = (uint32_t)++b->n;
}

static bool merge_source(struct loader *L, struct map_builder *b, const struct node *src)
{
    if (src->type != NODE_MAP) {
        fail_node(L, src, "map merge requires a mapping or a sequence of mappings as the "
                          "value of <<, not a %s", node_type_name(src));
        return false;
    }
    for (uint32_t i = 0; i < src->n; i++)
        builder_set(L, b, src->u.pairs[i].key, src->u.pairs[i].value, false);
    return true;
}

static bool build_merged(struct loader *L, struct map_builder *b, struct node **kids,
                         size_t nkids)
{
    for (size_t i = 0; i < nkids; i += 2) {
        struct node *k = kids[i], *v = kids[i + 1];
        if (!k->merge) {
            builder_set(L, b, k, v, true);
        } else if (v->type == NODE_SEQ) {
            for (size_t j = v->n; j-- > 0;) /* earlier mappings win */
                if (!merge_source(L, b, v->u.items[j]))
                    return false;
        } else if (!merge_source(L, b, v)) {
            return false;
        }
    }
    return true;
}

/* Without merges small maps need no index: compare every pair. */
static void check_small_map(struct loader *L, const struct pair *pairs, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (same_key(pairs[i].key, pairs[j].key)) {
                note_duplicate(L, pairs[i].key);
                return;
            }
}

/* Replaces each key's text by the JSON key it becomes; counts merged pairs. */
static bool prepare_keys(struct loader *L, struct node **kids, size_t nkids, size_t *nmerged,
                         bool *has_merge)
{
    for (size_t i = 0; i < nkids; i += 2) {
        struct node *k = kids[i];
        if (k->type == NODE_MAP || k->type == NODE_SEQ) {
            fail_node(L, k, "a mapping key must be a scalar, not a %s", node_type_name(k));
            return false;
        }
        if (k->merge) {
            *has_merge = true;
            const struct node *v = kids[i + 1];
            for (size_t j = 0; v->type == NODE_SEQ && j < v->n; j++)
                *nmerged += node_len(v->u.items[j]);
            *nmerged += node_len(v);
            continue;
        }
        const char *text = scalar_key_text(k, &L->doc->arena);
        if (!text) {
            fail_node(L, k, "a mapping key must not be null");
            return false;
        }
        k->str = text;
        k->len = (uint32_t)strlen(text);
    }
    return true;
}

static bool finish_map(struct loader *L, struct node *map, struct node **kids, size_t nkids)
{
    size_t npairs = nkids / 2, nmerged = 0;
    bool has_merge = false;
    if (!prepare_keys(L, kids, nkids, &nmerged, &has_merge))
        return false;
    size_t cap = npairs + nmerged;
    struct map_builder b = {.out = arena_alloc(&L->doc->arena, (cap + 1) * sizeof *b.out)};
    bool ok = true;
    if (!has_merge && npairs <= 16) {
        for (size_t i = 0; i < npairs; i++) {
            b.out[i].key = kids[2 * i];
            b.out[i].value = kids[2 * i + 1];
        }
        b.n = npairs;
        check_small_map(L, b.out, npairs);
    } else {
        b.explicit = xmalloc(cap + 1);
        index_init(&b.ix, cap);
        ok = build_merged(L, &b, kids, nkids);
        free(b.explicit);
        free(b.ix.slots);
    }
    map->u.pairs = b.out;
    map->n = (uint32_t)b.n;
    return ok;
}

/* ---------------------------------------------------------------- events */

static void add_child(struct loader *L, struct node *n)
{
    if (L->nframes == 0) {
        L->doc->root = n;
        return;
    }
    struct frame *f = &L->frames[L->nframes - 1];
    f->node->weight = add_weight(f->node->weight, n->weight);
    scratch_push(L, n);
}

/* True when the next child of the innermost frame is the value of `<<`. */
static bool at_merge_value(const struct loader *L)
{
    if (L->nframes == 0)
        return false;
    const struct frame *f = &L->frames[L->nframes - 1];
    size_t pos = L->nscratch - f->first;
    return f->node->type == NODE_MAP && pos % 2 == 1 && L->scratch[L->nscratch - 1]->merge;
}

static bool open_container(struct loader *L, const yaml_event_t *ev, uint8_t type,
                           const yaml_char_t *anchor)
{
    if (L->nframes >= L->lim->max_depth) {
        fail_mark(L, &ev->start_mark, "nesting deeper than %zu levels", L->lim->max_depth);
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
    struct node **kids = L->scratch + f.first;
    size_t nkids = L->nscratch - f.first;
    if (f.node->type == NODE_MAP) {
        if (!finish_map(L, f.node, kids, nkids))
            return false;
    } else {
        f.node->u.items = arena_alloc(&L->doc->arena, (nkids + 1) * sizeof *kids);
        memcpy(f.node->u.items, kids, nkids * sizeof *kids);
        f.node->n = (uint32_t)nkids;
    }
    L->nscratch = f.first;
    remember_anchor(L, f.anchor, f.node);
    add_child(L, f.node);
    return true;
}

static bool handle_alias(struct loader *L, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    struct node *n = find_anchor(L, name);
    if (!n) {
        if (anchor_is_open(L, name))
            fail_mark(L, &ev->start_mark, "anchor '%s' value contains itself", name);
        else
            fail_mark(L, &ev->start_mark, "unknown anchor '%s'", name);
        return false;
    }
    if (at_merge_value(L) && n->type != NODE_MAP) {
        fail_mark(L, &ev->start_mark, "map merge requires a mapping or a sequence of mappings "
                                      "as the value of <<, not an alias of a %s",
                  node_type_name(n));
        return false;
    }
    if (!count_nodes(L, n->weight, &ev->start_mark))
        return false;
    add_child(L, n);
    return true;
}

static bool handle_event(struct loader *L, const yaml_event_t *ev)
{
    struct node *n;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        if (!count_nodes(L, 1, &ev->start_mark) || !(n = make_scalar(L, ev)))
            return false;
        if (ev->data.scalar.anchor)
            remember_anchor(L, arena_strdup(&L->doc->arena, (const char *)ev->data.scalar.anchor),
                            n);
        add_child(L, n);
        return true;
    case YAML_ALIAS_EVENT:
        return handle_alias(L, ev);
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

static unsigned count_chars(const unsigned char *p, const unsigned char *end)
{
    unsigned n = 0;
    for (; p < end; p++)
        n += (*p & 0xC0) != 0x80; /* characters, not UTF-8 continuation bytes */
    return n;
}

static void advance_position(const unsigned char *p, size_t n, unsigned *line, unsigned *col)
{
    const unsigned char *end = p + n, *last = memrchr(p, '\n', n);
    if (!last) {
        *col += count_chars(p, end);
        return;
    }
    for (const unsigned char *q = p; (q = memchr(q, '\n', (size_t)(last + 1 - q))); q++)
        ++*line;
    *col = 1 + count_chars(last + 1, end);
}

/* Places a reader error; false when its offset is no longer held. */
static bool locate_offset(const struct recent_bytes *r, size_t offset, unsigned *line,
                          unsigned *col)
{
    if (offset < r->offset || offset > r->offset + r->len)
        return false;
    *line = r->line;
    *col = r->col;
    /* libyaml does not count a byte order mark at the start */
    size_t skip = r->offset == 0 && offset >= 3 && r->len >= 3 &&
                  memcmp(r->bytes, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    advance_position(r->bytes + skip, offset - r->offset - skip, line, col);
    return true;
}

static void fail_from_parser(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    if (L->reader && L->reader->over) {
        fail_mark(L, &p->mark, "document larger than %zu bytes", L->lim->max_doc_bytes);
        return;
    }
    const char *problem = p->problem ? p->problem : "invalid YAML";
    unsigned line, col;
    if (p->error == YAML_READER_ERROR && locate_offset(L->recent, p->problem_offset, &line, &col))
        fail_at(L, line, col, "%s (at byte %zu)", problem, p->problem_offset);
    else if (p->error == YAML_READER_ERROR)
        fail_mark(L, &p->mark, "%s (at byte %zu)", problem, p->problem_offset);
    else if (p->context)
        fail_mark(L, &p->problem_mark, "%s (%s)", problem, p->context);
    else
        fail_mark(L, &p->problem_mark, "%s", problem);
}

static void begin_doc(struct loader *L, const yaml_event_t *ev, unsigned index)
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
}

static struct doc *end_doc(struct loader *L, const yaml_event_t *ev)
{
    struct doc *d = L->doc;
    L->doc = NULL;
    d->bytes = ev->end_mark.index - L->doc_start;
    if (!d->root) { /* an empty document is a null */
        d->root = arena_zalloc(&d->arena, sizeof *d->root);
        d->root->line = (uint32_t)ev->start_mark.line + 1;
        d->root->col = 1;
    }
    return d;
}

enum step { STEP_GO, STEP_STOP, STEP_FAIL };

/* One event into the document under construction (from libyaml or from the
 * JSON front end). */
static enum step take_event(struct loader *L, const yaml_event_t *ev, doc_fn fn, void *ctx)
{
    if (ev->type == YAML_DOCUMENT_START_EVENT) {
        begin_doc(L, ev, L->ndocs++);
        return STEP_GO;
    }
    if (ev->type == YAML_DOCUMENT_END_EVENT)
        return fn(end_doc(L, ev), ctx) ? STEP_STOP : STEP_GO;
    if (!L->doc)
        return STEP_GO;
    if (!handle_event(L, ev))
        return STEP_FAIL;
    if (ev->end_mark.index - L->doc_start > L->lim->max_doc_bytes) {
        fail_mark(L, &ev->start_mark, "document larger than %zu bytes", L->lim->max_doc_bytes);
        return STEP_FAIL;
    }
    return STEP_GO;
}

static int run(struct loader *L, doc_fn fn, void *ctx)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&L->parser, &ev)) {
            fail_from_parser(L);
            return -1;
        }
        enum step step = ev.type == YAML_STREAM_END_EVENT ? STEP_STOP
                                                          : take_event(L, &ev, fn, ctx);
        if (L->reader && (ev.type == YAML_DOCUMENT_START_EVENT ||
                          ev.type == YAML_DOCUMENT_END_EVENT))
            L->reader->boundary = L->reader->total;
        yaml_event_delete(&ev);
        if (step != STEP_GO)
            return step == STEP_FAIL ? -1 : 0;
    }
}

static int keep_json_doc(struct doc *d, void *ctx)
{
    ((struct loader *)ctx)->json_doc = d;
    return 0;
}

static bool take_json_event(const yaml_event_t *ev, void *ctx)
{
    struct loader *L = ctx;
    return take_event(L, ev, keep_json_doc, L) == STEP_GO;
}

/* The JSON front end for a whole buffer; false when it declines (nothing
 * delivered, the loader ready for libyaml). */
static bool load_json(struct loader *L, const char *buf, size_t len, doc_fn fn, void *ctx)
{
    if (len > L->lim->max_doc_bytes || !json_looks_like(buf, len))
        return false;
    if (json_events(buf, len, take_json_event, L) && L->json_doc) {
        fn(L->json_doc, ctx); /* a single document: nothing follows to stop */
        return true;
    }
    doc_free(L->doc);
    doc_free(L->json_doc);
    L->doc = L->json_doc = NULL;
    L->ndocs = 0;
    L->err->message[0] = '\0';
    L->err->line = L->err->col = 0;
    return false;
}

static void release_loader(struct loader *L)
{
    doc_free(L->doc);
    free(L->scratch);
    free(L->frames);
    free(L->anchors);
    yaml_parser_delete(&L->parser);
}

static void init_loader(struct loader *L, const char *name, const struct load_limits *lim,
                        struct load_error *err)
{
    memset(L, 0, sizeof *L);
    L->name = name;
    L->lim = lim ? lim : &LOAD_LIMITS_DEFAULT;
    L->err = err;
    L->capscratch = 256; /* never NULL, even for a first empty collection */
    L->scratch = xmalloc(L->capscratch * sizeof *L->scratch);
    err->message[0] = '\0';
    err->line = err->col = 0;
    if (!yaml_parser_initialize(&L->parser)) {
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
}

/* Feeds libyaml from a stream, refusing to read far past a document that is
 * already over the size limit, so memory stays bounded by the limit. */
static int read_stream(void *data, unsigned char *buf, size_t size, size_t *got)
{
    struct stream_reader *r = data;
    if (r->total - r->boundary > r->limit + READ_SLACK) {
        r->over = true;
        return 0;
    }
    if (r->head_used < r->nhead) {
        *got = r->nhead - r->head_used < size ? r->nhead - r->head_used : size;
        memcpy(buf, r->head + r->head_used, *got);
        r->head_used += *got;
    } else {
        *got = fread(buf, 1, size, r->in);
    }
    r->total += *got;
    struct recent_bytes *w = &r->recent;
    if (w->len + *got > WINDOW) { /* keep the last KEEP bytes, drop the rest at once */
        size_t drop = w->len > KEEP ? w->len - KEEP : 0;
        advance_position(r->window, drop, &w->line, &w->col);
        memmove(r->window, r->window + drop, w->len - drop);
        w->offset += drop;
        w->len -= drop;
    }
    memcpy(r->window + w->len, buf, *got);
    w->len += *got;
    return !ferror(r->in);
}

/* A regular file that looks like JSON, mapped whole: no copy, no realloc. */
static bool map_json_file(struct stream_reader *r, size_t max)
{
    struct stat st;
    int fd = fileno(r->in);
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (size_t)st.st_size > max)
        return false;
    void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (m == MAP_FAILED)
        return false;
    if (!json_looks_like(m, (size_t)st.st_size)) {
        munmap(m, (size_t)st.st_size);
        return false;
    }
    r->map = m;
    r->head = m;
    r->nhead = (size_t)st.st_size;
    return true;
}

/* Reads ahead: the whole input when it looks like one JSON document of
 * acceptable size (true), else a first chunk to replay (false). */
static bool read_head(struct stream_reader *r, size_t max)
{
    if (map_json_file(r, max))
        return true;
    size_t cap = 64u << 10;
    r->head = xmalloc(cap);
    r->nhead = fread(r->head, 1, cap, r->in);
    if (!json_looks_like(r->head, r->nhead))
        return false;
    while (!feof(r->in) && !ferror(r->in) && r->nhead <= max) {
        if (r->nhead == cap)
            r->head = xrealloc(r->head, cap *= 2);
        r->nhead += fread(r->head + r->nhead, 1, cap - r->nhead, r->in);
    }
    return feof(r->in) && !ferror(r->in) && r->nhead <= max;
}

int load_stream(const char *name, FILE *in, const struct load_limits *lim, doc_fn fn,
                void *ctx, struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, err);
    struct stream_reader *r = xcalloc(1, sizeof *r);
    r->in = in;
    r->limit = L.lim->max_doc_bytes;
    r->recent = (struct recent_bytes){.bytes = r->window, .line = 1, .col = 1};
    struct recent_bytes all = {.line = 1, .col = 1};
    int rc = 0;
    if (read_head(r, L.lim->max_doc_bytes)) { /* all of it, in memory: as a buffer */
        all.bytes = (const unsigned char *)r->head;
        all.len = r->nhead;
        L.recent = &all;
        if (!load_json(&L, r->head, r->nhead, fn, ctx)) {
            yaml_parser_set_input_string(&L.parser, all.bytes, all.len);
            rc = run(&L, fn, ctx);
        }
    } else {
        L.reader = r;
        L.recent = &r->recent;
        yaml_parser_set_input(&L.parser, read_stream, r);
        rc = run(&L, fn, ctx);
    }
    release_loader(&L);
    if (r->map)
        munmap(r->map, r->nhead);
    else
        free(r->head);
    free(r);
    return rc;
}

int load_buffer(const char *name, const char *buf, size_t len, const struct load_limits *lim,
                doc_fn fn, void *ctx, struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, err);
    struct recent_bytes all = {.bytes = (const unsigned char *)buf, .len = len, .line = 1,
                               .col = 1};
    L.recent = &all;
    int rc = 0;
    if (!load_json(&L, buf, len, fn, ctx)) {
        yaml_parser_set_input_string(&L.parser, (const unsigned char *)buf, len);
        rc = run(&L, fn, ctx);
    }
    release_loader(&L);
    return rc;
}
