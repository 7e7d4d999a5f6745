/* load.c — libyaml events (or the JSON front end's, json.h, or the YAML
 * reader's, yaml_reader.h) → document tree
 * (load.h). Iterative, so nesting is bounded by max_depth and not by the C
 * stack. Mappings are built by mapping.c.
 *
 * Aliases share the anchored node; their expanded size counts against
 * max_nodes so an alias bomb fails at once instead of exhausting memory.
 *
 * Item streaming (load.h): an element of the root's `items` is built in an
 * arena of its own; once the callback has taken it, that arena is released
 * for the next element (or was moved out by the callback), unless the
 * element defined an anchor: then, as when it is left in the document, the
 * document's arena adopts it. */
#include "load.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "json.h"
#include "json_scan.h"
#include "mapping.h"
#include "yaml_reader.h"
#include "scalar.h"
#include "stream.h"

const struct load_limits LOAD_LIMITS_DEFAULT = {
    .max_doc_bytes = 64u << 20,
    .max_depth = 512,
    .max_scalar_bytes = 16u << 20,
    .max_nodes = 8u << 20,
};

struct anchor {
    const char *name;
    struct node *node;
};

struct frame {
    struct node *node;
    size_t first;  /* index of the first child in loader.scratch */
    const char *anchor;
    bool keys_ready; /* a mapping's keys are their JSON keys already (mapping.h) */
    /* the JSON front end's keys so far, a bit each (node_key_bit), and
     * whether two of them had the same bit: only then can one repeat */
    uint64_t key_bits;
    bool keys_may_repeat;
    /* nodes in the document before this one (loader.nodes less nodes_out):
     * what is counted from it on until it closes is its weight */
    size_t nodes_before;
};

struct loader {
    const char *name;
    const struct load_limits *lim;
    struct load_error *err;
    yaml_parser_t parser;
    bool parser_ready;        /* parser initialized (libyaml reads the input) */
    struct stream_reader *reader; /* NULL for buffers */
    struct stream_reader *whole;  /* the reader whose whole input is the buffer */
    struct recent_bytes *recent;
    /* where libyaml's scanner was when the current event was asked for, and
     * the text it had decoded from there (to place a too long token) */
    yaml_mark_t event_mark;
    unsigned char event_text[64];
    size_t event_ntext;
    unsigned ndocs;    /* documents begun */
    struct doc *json_doc; /* the document the JSON front end completed */
    struct doc *doc;
    size_t doc_start;
    size_t nodes; /* nodes of the current document, aliases expanded */
    size_t nodes_out; /* of those, the nodes of items taken out of it */
    struct node **scratch;
    size_t nscratch, capscratch;
    struct frame *frames;
    size_t nframes, capframes;
    struct anchor *anchors;
    size_t nanchors, capanchors;
    item_fn on_item;   /* NULL: no item streaming */
    void *ctx;
    const struct node *head; /* the root before `items` while its items stream */
    bool in_item;            /* building an element of those items */
    struct arena *arena;     /* where the nodes being built go: the item's or the document's */
    struct arena item_arena; /* the element's memory */
    bool item_alias;         /* the element uses an alias */
    size_t item_anchors;     /* anchors known when the element began */
    const struct node *item_dup;
    size_t skip_items;       /* items taken during an abandoned JSON attempt */
    unsigned skip_docs;      /* documents the YAML reader delivered before it failed */
    bool skipping;           /* in one of those, read again by libyaml */
    /* libyaml reads from where the YAML reader declined: its marks move by */
    size_t shift_index, shift_line, shift_bytes;
    unsigned delivered;       /* documents given to the callback */
    bool stopped;             /* by the callback */
    yaml_mark_t stream_end;   /* where libyaml's (part of the) stream ended */
    /* the first scratch and frames, in place (most documents need no more),
     * last: init_loader clears what comes before them */
    struct node *scratch_first[256];
    struct frame frames_first[32];
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

/* A mark of libyaml's in the whole input (it may read from a document on). */
static yaml_mark_t shifted(const struct loader *L, yaml_mark_t m)
{
    m.index += L->shift_index;
    m.line += L->shift_line;
    return m;
}
#define fail_node(L, n, ...) fail_at(L, (n)->line, (n)->col, __VA_ARGS__)

/* An array of n elements of `size` bytes in room for twice as many: moved
 * out of its first place in the loader (`first`), or reallocated. */
static void *grow_twice(void *arr, const void *first, size_t n, size_t size)
{
    if (arr != first)
        return xrealloc(arr, 2 * n * size);
    void *bigger = xmalloc(2 * n * size);
    memcpy(bigger, arr, n * size);
    return bigger;
}

static __attribute__((noinline)) void scratch_grow(struct loader *L)
{
    L->scratch = grow_twice(L->scratch, L->scratch_first, L->capscratch, sizeof *L->scratch);
    L->capscratch *= 2;
}

static inline void scratch_push(struct loader *L, struct node *n)
{
    if (L->nscratch == L->capscratch)
        scratch_grow(L);
    L->scratch[L->nscratch++] = n;
}

/* Where the nodes being built go. */
static inline struct arena *nodes_arena(struct loader *L)
{
    return L->arena;
}

/* Starts or ends the building of a streamed item (in its own arena). */
static void set_in_item(struct loader *L, bool in_item)
{
    L->in_item = in_item;
    L->arena = in_item ? &L->item_arena : &L->doc->arena;
}

static __attribute__((noinline)) bool too_many_nodes(struct loader *L, size_t line,
                                                     size_t column)
{
    fail_at(L, (unsigned)line + 1, (unsigned)column + 1,
            "document expands to more than %zu nodes (alias expansion limit)", L->lim->max_nodes);
    return false;
}

static inline bool count_nodes(struct loader *L, uint32_t weight, const yaml_mark_t *mark)
{
    L->nodes += weight;
    return L->nodes <= L->lim->max_nodes || too_many_nodes(L, mark->line, mark->column);
}

/* A node at mark with `extra` bytes after it (for its text). */
static inline struct node *new_node_with(struct loader *L, uint8_t type,
                                         const yaml_mark_t *mark, size_t extra)
{
    struct node *n = arena_alloc(nodes_arena(L), sizeof *n + extra);
    *n = (struct node){.type = type, .line = (uint32_t)mark->line + 1,
                       .col = (uint32_t)mark->column + 1, .weight = 1};
    return n;
}

static struct node *new_node(struct loader *L, uint8_t type, const yaml_mark_t *mark)
{
    return new_node_with(L, type, mark, 0);
}

/* memcpy(to, from, n), without a call for the short texts most scalars
 * have and the few children most collections have: two copies of a power
 * of two that overlap in the middle. */
static inline void copy_short(void *to_bytes, const void *from_bytes, size_t n)
{
    char *to = to_bytes;
    const char *from = from_bytes;
    if (n > 16 && n <= 32) {
        char a[16], b[16];
        memcpy(a, from, 16);
        memcpy(b, from + n - 16, 16);
        memcpy(to, a, 16);
        memcpy(to + n - 16, b, 16);
    } else if (n >= 8 && n <= 16) {
        uint64_t a, b;
        memcpy(&a, from, 8);
        memcpy(&b, from + n - 8, 8);
        memcpy(to, &a, 8);
        memcpy(to + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;
        memcpy(&a, from, 4);
        memcpy(&b, from + n - 4, 4);
        memcpy(to, &a, 4);
        memcpy(to + n - 4, &b, 4);
    } else if (n > 0 && n < 4) { /* bytes 0, n / 2 and n - 1 are all of them */
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    } else if (n > 32) {
        memcpy(to, from, n);
    }
}

/* A string scalar at mark, its text copied just after it (one allocation). */
static inline struct node *new_scalar(struct loader *L, const yaml_mark_t *mark,
                                      const char *text, size_t len)
{
    struct node *n = new_node_with(L, NODE_STR, mark, len + 1);
    char *copy = (char *)(n + 1);
    copy_short(copy, text, len);
    copy[len] = '\0';
    n->str = copy;
    n->len = (uint32_t)len;
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
    struct node *n = new_scalar(L, &ev->start_mark, (const char *)ev->data.scalar.value, len);
    enum scalar_tag tag = scalar_tag_kind((const char *)ev->data.scalar.tag);
    bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->quoted = !plain;
    bool merge_text = len == 2 && memcmp(n->str, "<<", 2) == 0;
    n->merge = merge_text && ((plain && tag == TAG_NONE) || tag == TAG_MERGE);
    if (tag == TAG_NONE && !plain)
        return n;
    const char *problem = scalar_apply_tag(n, tag, nodes_arena(L));
    if (problem) {
        fail_mark(L, &ev->start_mark, "%s", problem);
        return NULL;
    }
    return n;
}

/* ---------------------------------------------------------------- events */

static bool finish_map(struct loader *L, struct node *map, struct node **kids, size_t nkids,
                       bool keys_ready)
{
    struct mapping_error e;
    const struct node **dup = L->in_item ? &L->item_dup : &L->doc->duplicate_key;
    if (mapping_build(map, kids, nkids, keys_ready, nodes_arena(L), dup, &e))
        return true;
    fail_at(L, e.line, e.col, "%s", e.message);
    return false;
}

static inline void add_child(struct loader *L, struct node *n)
{
    if (L->nframes == 0) {
        L->doc->root = n;
        return;
    }
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

/* True when the next child of the root mapping is the value of `items`. */
static bool at_items_value(const struct loader *L)
{
    if (L->nframes != 1 || L->frames[0].node->type != NODE_MAP)
        return false;
    size_t pos = L->nscratch - L->frames[0].first;
    const struct node *k = pos % 2 ? L->scratch[L->nscratch - 1] : NULL;
    return k && k->type == NODE_STR && !k->merge && k->len == 5 && memcmp(k->str, "items", 5) == 0;
}

/* The root mapping as far as it was read, without the `items` key; NULL when
 * its pairs are invalid (the root fails the same way when it closes). Keys
 * get their JSON text here already, as they would when the root closes. */
static const struct node *build_head(struct loader *L)
{
    const struct frame *root = &L->frames[0];
    struct node *head = arena_zalloc(&L->doc->arena, sizeof *head);
    head->type = NODE_MAP;
    head->line = root->node->line;
    head->col = root->node->col;
    const struct node *dup = NULL; /* found again when the root closes */
    struct mapping_error e;
    size_t nkids = L->nscratch - 1 - root->first;
    return mapping_build(head, L->scratch + root->first, nkids, root->keys_ready, &L->doc->arena,
                         &dup, &e)
               ? head
               : NULL;
}

/* Where a new container begins item streaming or one of its items. */
static void note_streaming(struct loader *L, uint8_t type, const yaml_char_t *anchor)
{
    if (type == NODE_SEQ && !anchor && L->on_item && at_items_value(L)) {
        L->head = build_head(L);
    } else if (type == NODE_MAP && L->nframes == 2 && L->head) {
        set_in_item(L, true);
        L->item_alias = false;
        L->item_anchors = L->nanchors;
        L->item_dup = NULL;
    }
}

static inline bool open_container(struct loader *L, const yaml_mark_t *start, uint8_t type,
                                  const yaml_char_t *anchor)
{
    if (L->nframes >= L->lim->max_depth) {
        fail_mark(L, start, "nesting deeper than %zu levels", L->lim->max_depth);
        return false;
    }
    if (!count_nodes(L, 1, start))
        return false;
    if (L->nframes == L->capframes) {
        L->frames = grow_twice(L->frames, L->frames_first, L->capframes, sizeof *L->frames);
        L->capframes *= 2;
    }
    note_streaming(L, type, anchor);
    struct frame *f = &L->frames[L->nframes++];
    f->node = new_node(L, type, start);
    f->first = L->nscratch;
    f->anchor = anchor ? arena_strdup(nodes_arena(L), (const char *)anchor) : NULL;
    f->keys_ready = false;
    f->key_bits = 0;
    f->keys_may_repeat = false;
    f->nodes_before = L->nodes - L->nodes_out - 1;
    return true;
}

/* A complete element of the streamed items: taken, or left in the document
 * (and streaming stops). */
static void deliver_item(struct loader *L, struct node *item, size_t end)
{
    set_in_item(L, false);
    bool own = L->nanchors == L->item_anchors && !L->item_alias;
    uint32_t weight = item->weight; /* once taken, the item may be freed at once */
    bool taken = true;
    if (L->skip_items) {
        L->skip_items--;
    } else {
        struct load_item it = {.node = item, .head = L->head, .duplicate_key = L->item_dup,
                               .file = L->doc->file, .doc_index = L->doc->index,
                               .arena = own ? &L->item_arena : NULL};
        taken = L->on_item(&it, L->ctx);
    }
    if (taken) {
        L->doc->items_taken++;
        L->nodes_out += weight;
        if (L->nanchors == L->item_anchors) /* no later alias can point into it */
            arena_release(&L->item_arena, (struct arena_mark){0});
        else
            arena_adopt(&L->doc->arena, &L->item_arena);
        if (L->whole) /* end counts characters: never more than bytes */
            stream_consumed(L->whole, end);
        return;
    }
    arena_adopt(&L->doc->arena, &L->item_arena);
    L->head = NULL;
    if (!L->doc->duplicate_key) /* what precedes the element precedes its keys */
        L->doc->duplicate_key = L->item_dup;
    add_child(L, item);
}

/* `end`: input index just past the container. */
static inline bool close_container(struct loader *L, size_t end)
{
    struct frame f = L->frames[--L->nframes];
    size_t nkids = L->nscratch - f.first;
    struct node **kids = nkids ? L->scratch + f.first : NULL; /* scratch is NULL until used */
    size_t weight = L->nodes - L->nodes_out - f.nodes_before; /* (saturating) */
    f.node->weight = weight > UINT32_MAX ? UINT32_MAX : (uint32_t)weight;
    if (f.node->type == NODE_MAP) {
        if (!finish_map(L, f.node, kids, nkids, f.keys_ready))
            return false;
    } else {
        f.node->u.items = arena_alloc(nodes_arena(L), (nkids + 1) * sizeof *kids);
        if (nkids)
            memcpy(f.node->u.items, kids, nkids * sizeof *kids);
        f.node->n = (uint32_t)nkids;
    }
    L->nscratch = f.first;
    if (f.anchor)
        remember_anchor(L, f.anchor, f.node);
    if (L->in_item && L->nframes == 2) {
        deliver_item(L, f.node, end);
        return true;
    }
    if (L->nframes == 1) /* the value of a root key, maybe the streamed items */
        L->head = NULL;
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
    L->item_alias |= L->in_item;
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
            remember_anchor(L, arena_strdup(nodes_arena(L), (const char *)ev->data.scalar.anchor),
                            n);
        add_child(L, n);
        return true;
    case YAML_ALIAS_EVENT:
        return handle_alias(L, ev);
    case YAML_SEQUENCE_START_EVENT:
        return open_container(L, &ev->start_mark, NODE_SEQ, ev->data.sequence_start.anchor);
    case YAML_MAPPING_START_EVENT:
        return open_container(L, &ev->start_mark, NODE_MAP, ev->data.mapping_start.anchor);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_container(L, ev->end_mark.index);
    default:
        return true;
    }
}

/* The event is asked for: remember where the scanner is and what it sees. */
static void note_event_start(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    size_t avail = (size_t)(p->buffer.last - p->buffer.pointer);
    L->event_mark = p->mark;
    L->event_ntext = avail < sizeof L->event_text ? avail : sizeof L->event_text;
    memcpy(L->event_text, p->buffer.pointer, L->event_ntext);
}

/* Moves a mark past one byte of UTF-8 text. */
static void mark_advance(yaml_mark_t *m, unsigned char c)
{
    if (c == '\n') {
        m->index++;
        m->line++;
        m->column = 0;
    } else if ((c & 0xC0) != 0x80) { /* characters, not continuation bytes */
        m->index++;
        m->column++;
    }
}

/* Where the token libyaml was reading when it passed the scalar limit
 * begins, from the text kept where the event was asked for: past the
 * tokens libyaml queued since (while a possible mapping key kept the event
 * waiting), blanks, line breaks, comments and indicators (`- `, `? `, `: `,
 * `,`). A node's anchor or tag is where its event begins too. When the
 * text kept runs out first, the end of the last token queued. */
static yaml_mark_t long_token_mark(const struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    const yaml_token_t *tok = p->tokens.tail;
    while (tok > p->tokens.head &&
           (tok[-1].type == YAML_ANCHOR_TOKEN || tok[-1].type == YAML_TAG_TOKEN))
        tok--;
    if (tok < p->tokens.tail) /* the node's anchor or tag, queued: its event starts there */
        return tok->start_mark;
    const yaml_mark_t *queued = tok > p->tokens.head ? &tok[-1].end_mark : NULL;
    yaml_mark_t m = L->event_mark;
    const unsigned char *t = L->event_text, *end = t + L->event_ntext;
    bool comment = false;
    for (; t < end; t++) {
        bool blank_next = t + 1 == end || strchr(" \t\r\n", t[1]);
        comment = (comment || *t == '#') && *t != '\n';
        bool skip = (queued && m.index < queued->index) || comment ||
                    strchr(" \t\r\n,", *t) || (strchr("-?:", *t) && blank_next);
        if (!skip)
            return m;
        mark_advance(&m, *t);
    }
    return queued && queued->index > m.index ? *queued : m;
}

static void fail_from_parser(struct loader *L)
{
    const yaml_parser_t *p = &L->parser;
    yaml_mark_t mark = shifted(L, p->mark), problem_mark = shifted(L, p->problem_mark);
    if (L->reader && L->reader->over) {
        fail_mark(L, &mark, "document larger than %zu bytes", L->lim->max_doc_bytes);
        return;
    }
    if (L->reader && L->reader->long_token) {
        yaml_mark_t at = shifted(L, long_token_mark(L));
        fail_mark(L, &at, "scalar exceeds the limit of %zu bytes", L->lim->max_scalar_bytes);
        return;
    }
    const char *problem = p->problem ? p->problem : "invalid YAML";
    unsigned line, col;
    size_t offset = p->problem_offset + L->shift_bytes;
    if (p->error == YAML_READER_ERROR && recent_locate(L->recent, offset, &line, &col))
        fail_at(L, line, col, "%s (at byte %zu)", problem, offset);
    else if (p->error == YAML_READER_ERROR)
        fail_mark(L, &mark, "%s (at byte %zu)", problem, offset);
    else if (p->context)
        fail_mark(L, &problem_mark, "%s (%s)", problem, p->context);
    else
        fail_mark(L, &problem_mark, "%s", problem);
}

static void begin_doc(struct loader *L, const yaml_mark_t *start, unsigned index)
{
    struct arena a = {0};
    struct doc *d = arena_zalloc(&a, sizeof *d);
    d->arena = a;
    d->file = L->name;
    d->index = index;
    L->doc = d;
    L->doc_start = start->index;
    L->nodes = L->nodes_out = 0;
    L->nanchors = 0;
    L->nframes = 0;
    L->nscratch = 0;
    L->head = NULL;
    set_in_item(L, false);
    arena_release(&L->item_arena, (struct arena_mark){0}); /* a dropped document's element */
}

static struct doc *end_doc(struct loader *L, const yaml_mark_t *start, const yaml_mark_t *end)
{
    struct doc *d = L->doc;
    L->doc = NULL;
    d->bytes = end->index - L->doc_start;
    if (!d->root) { /* an empty document is a null */
        d->root = arena_zalloc(&d->arena, sizeof *d->root);
        d->root->line = (uint32_t)start->line + 1;
        d->root->col = 1;
    }
    return d;
}

enum step { STEP_GO, STEP_STOP, STEP_FAIL };

/* One event into the document under construction (from libyaml or from the
 * JSON front end). */
static enum step take_event(struct loader *L, const yaml_event_t *ev, doc_fn fn, void *ctx)
{
    if (ev->type == YAML_DOCUMENT_START_EVENT && L->skip_docs) {
        L->skip_docs--;
        L->ndocs++;
        L->skipping = true;
        return STEP_GO;
    }
    if (L->skipping) { /* delivered already */
        L->skipping = ev->type != YAML_DOCUMENT_END_EVENT;
        return STEP_GO;
    }
    if (ev->type == YAML_DOCUMENT_START_EVENT) {
        begin_doc(L, &ev->start_mark, L->ndocs++);
        return STEP_GO;
    }
    if (ev->type == YAML_DOCUMENT_END_EVENT) {
        L->delivered++;
        L->stopped = fn(end_doc(L, &ev->start_mark, &ev->end_mark), ctx) != 0;
        return L->stopped ? STEP_STOP : STEP_GO;
    }
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
        if (L->reader) {
            stream_begin_event(L->reader);
            note_event_start(L);
        }
        if (!yaml_parser_parse(&L->parser, &ev)) {
            fail_from_parser(L);
            return -1;
        }
        ev.start_mark = shifted(L, ev.start_mark);
        ev.end_mark = shifted(L, ev.end_mark);
        if (ev.type == YAML_STREAM_END_EVENT)
            L->stream_end = ev.start_mark;
        enum step step = ev.type == YAML_STREAM_END_EVENT ? STEP_STOP
                                                          : take_event(L, &ev, fn, ctx);
        if (L->reader && (ev.type == YAML_DOCUMENT_START_EVENT ||
                          ev.type == YAML_DOCUMENT_END_EVENT))
            stream_mark_boundary(L->reader);
        yaml_event_delete(&ev);
        if (step != STEP_GO)
            return step == STEP_FAIL ? -1 : 0;
    }
}

/* A JSON number or literal as scalar_resolve resolves it: true, false and
 * null, and integers of up to 18 digits (JSON writes no sign but '-', no
 * base prefix and no leading zero), here; fractions, exponents and longer
 * integers by scalar_resolve itself. */
static void resolve_json_plain(struct node *n)
{
    const char *s = n->str;
    if (s[0] == 't' || s[0] == 'f' || s[0] == 'n') { /* exactly these words */
        n->type = s[0] == 'n' ? NODE_NULL : NODE_BOOL;
        n->num.b = s[0] == 't';
        return;
    }
    bool neg = s[0] == '-';
    int64_t v = 0;
    if (n->len - neg > 18) {
        scalar_resolve(n);
        return;
    }
    for (size_t i = neg; i < n->len; i++) {
        if (s[i] < '0' || s[i] > '9') {
            scalar_resolve(n);
            return;
        }
        v = v * 10 + (s[i] - '0');
    }
    n->type = NODE_INT;
    n->num.i = neg ? -v : v;
}

/* The JSON front end's calls, building the tree as the events of the same
 * bytes would (take_event): a JSON document is never skipped, its marks
 * need no shift, and it fits max_doc_bytes as a whole (load_json). A
 * failure needs no message: libyaml reads the input again.
 *
 * The builder keeps its working state in a structure of its own that the
 * compiler may keep in registers (its address never leaves the inlined
 * scanner): the free room of the arena's head chunk, the children pending
 * in the scratch stack, the node count and the open frames. What it hands
 * to the loader's own functions (new chunks, item streaming, large or
 * unusual mappings, the document's start and end) it first stores into
 * the loader (tree_store) and loads back after (tree_load). */
struct json_tree {
    struct loader *L;
    char *at, *limit;     /* free room of the nodes arena's head chunk (both aligned) */
    size_t handed;        /* bytes handed out from it since tree_load */
    struct node **kids;   /* the loader's scratch: */
    struct node **kid, **kids_end; /* its next free place and its end */
    struct frame *frames;
    size_t nframes, capframes;
    size_t nodes_left;    /* nodes the document may have yet (max_nodes less nodes) */
};

static inline __attribute__((always_inline)) void tree_load(struct json_tree *t)
{
    struct loader *L = t->L;
    struct arena_chunk *c = L->arena ? L->arena->head : NULL;
    t->at = t->limit = NULL;
    if (c) {
        size_t align = sizeof(max_align_t) - 1;
        size_t at = (c->used + align) & ~align, limit = c->ready & ~align;
        t->at = (char *)c->data + at;
        t->limit = (char *)c->data + (at <= limit ? limit : at); /* (else no room) */
    }
    t->handed = 0;
    t->kids = L->scratch;
    t->kid = L->scratch + L->nscratch;
    t->kids_end = L->scratch + L->capscratch;
    t->frames = L->frames;
    t->nframes = L->nframes;
    t->capframes = L->capframes;
    t->nodes_left = L->nodes < L->lim->max_nodes ? L->lim->max_nodes - L->nodes : 0;
}

static inline __attribute__((always_inline)) void tree_store(struct json_tree *t)
{
    struct loader *L = t->L;
    if (t->handed) {
        struct arena_chunk *c = L->arena->head;
        c->used = (size_t)(t->at - (char *)c->data);
        L->arena->used_total += t->handed;
        t->handed = 0;
    }
    L->nscratch = (size_t)(t->kid - t->kids);
    L->nframes = t->nframes;
    if (L->nodes < L->lim->max_nodes)
        L->nodes = L->lim->max_nodes - t->nodes_left;
}

/* One more node: false past max_nodes. */
static inline __attribute__((always_inline)) bool tree_count(struct json_tree *t)
{
    if (t->nodes_left == 0)
        return false;
    t->nodes_left--;
    return true;
}

static __attribute__((noinline)) void *tree_alloc_more(struct loader *L, size_t size)
{
    return arena_alloc_more(L->arena, size);
}

/* arena_alloc from the room held in t (aligned at both ends: what fits
 * fits rounded up). */
static inline __attribute__((always_inline)) void *tree_alloc(struct json_tree *t, size_t size)
{
    if ((size_t)(t->limit - t->at) >= size) {
        char *p = t->at;
        t->at = p + ((size + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1));
        t->handed += size;
        return p;
    }
    tree_store(t);
    void *q = tree_alloc_more(t->L, size);
    tree_load(t);
    return q;
}

/* A new node at mark, as new_node_with makes it: each field stored once
 * (nothing cleared first). */
static inline __attribute__((always_inline)) void tree_node(struct node *n, uint8_t type,
                                                            bool quoted, const yaml_mark_t *mark,
                                                            uint32_t len, const char *str)
{
    n->type = type;
    n->quoted = quoted;
    n->merge = n->reserved = 0;
    n->line = (uint32_t)mark->line + 1;
    n->col = (uint32_t)mark->column + 1;
    n->weight = 1;
    n->len = len;
    n->n = 0;
    n->num.i = 0;
    n->str = str;
    n->u.items = NULL;
}

static inline __attribute__((always_inline)) bool
json_document(void *ctx, bool start, const yaml_mark_t *at)
{
    struct json_tree *t = ctx;
    struct loader *L = t->L;
    tree_store(t);
    if (start) {
        begin_doc(L, at, L->ndocs++);
    } else {
        L->delivered++;
        L->json_doc = end_doc(L, at, at);
    }
    tree_load(t);
    return true;
}

/* open_container, when it may begin item streaming or one of its items or
 * needs room for more frames. */
static __attribute__((noinline)) bool open_slow(struct loader *L, bool map,
                                                const yaml_mark_t *start)
{
    if (!open_container(L, start, map ? NODE_MAP : NODE_SEQ, NULL))
        return false;
    L->frames[L->nframes - 1].keys_ready = map;
    return true;
}

static inline __attribute__((always_inline)) bool
json_open(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end)
{
    (void)end;
    struct json_tree *t = ctx;
    struct loader *L = t->L;
    if ((L->on_item && t->nframes <= 2) || t->nframes == t->capframes) {
        tree_store(t);
        yaml_mark_t at = *start; /* (its own copy: the scanner's mark stays out of memory) */
        bool ok = open_slow(L, map, &at);
        tree_load(t);
        return ok;
    }
    if (t->nframes >= L->lim->max_depth || !tree_count(t))
        return false;
    struct node *n = tree_alloc(t, sizeof *n);
    tree_node(n, map ? NODE_MAP : NODE_SEQ, false, start, 0, NULL);
    struct frame *f = &t->frames[t->nframes++];
    /* (nodes before it: max_nodes - nodes_left - nodes_out - 1) */
    *f = (struct frame){.node = n, .first = (size_t)(t->kid - t->kids), .keys_ready = map,
                        .nodes_before = L->lim->max_nodes - t->nodes_left - L->nodes_out - 1};
    return true;
}

/* close_container, for the containers item streaming may deliver or that
 * the root holds, for mappings mapping_build makes, and when the scratch
 * stack has no room for the node in its parent's place. */
static __attribute__((noinline)) bool close_slow(struct loader *L, size_t end)
{
    return close_container(L, end);
}

static inline __attribute__((always_inline)) bool
json_close(void *ctx, bool map, const yaml_mark_t *start, const yaml_mark_t *end)
{
    (void)start;
    struct json_tree *t = ctx;
    struct loader *L = t->L;
    struct frame *f = &t->frames[t->nframes - 1];
    struct node **kids = t->kids + f->first;
    size_t nkids = (size_t)(t->kid - kids);
    if (t->nframes <= 2 || (L->in_item && t->nframes == 3) || kids == t->kids_end ||
        (map && (!f->keys_ready || nkids / 2 > MAPPING_SMALL))) {
        tree_store(t);
        bool ok = close_slow(L, end->index);
        tree_load(t);
        return ok;
    }
    struct node *n = f->node;
    size_t weight = L->lim->max_nodes - t->nodes_left - L->nodes_out - f->nodes_before;
    n->weight = weight > UINT32_MAX ? UINT32_MAX : (uint32_t)weight; /* (saturating) */
    n->n = (uint32_t)(map ? nkids / 2 : nkids);
    void *to = tree_alloc(t, (nkids + (map ? 2 : 1)) * sizeof *kids);
    copy_short(to, kids, nkids * sizeof *kids);
    if (map) {
        n->u.pairs = to;
        mapping_finish_small_bits(n, f->key_bits, f->keys_may_repeat,
                                  L->in_item ? &L->item_dup : &L->doc->duplicate_key);
    } else {
        n->u.items = to;
    }
    t->nframes--;
    *kids = n; /* in its parent's place (the parent is open) */
    t->kid = kids + 1;
    return true;
}

/* As make_scalar: a string, or a number or literal resolved as plain (never
 * the merge key `<<`, which JSON can only write quoted). */
static inline __attribute__((always_inline)) bool
json_scalar(void *ctx, const yaml_mark_t *start, const yaml_mark_t *end, const char *text,
            size_t len, unsigned what)
{
    (void)end;
    struct json_tree *t = ctx;
    struct loader *L = t->L;
    if (len > L->lim->max_scalar_bytes || !tree_count(t))
        return false;
    /* the child's place first: the text copied next could alias the loader */
    if (t->kid == t->kids_end) {
        tree_store(t);
        scratch_grow(L);
        tree_load(t);
    }
    struct node **place = t->kid++; /* (a JSON scalar has a parent) */
    struct node *n = tree_alloc(t, sizeof *n + len + 1);
    char *copy = (char *)(n + 1);
    tree_node(n, NODE_STR, what & JSON_QUOTED, start, (uint32_t)len, copy);
    copy_short(copy, text, len);
    copy[len] = '\0';
    if (!(what & JSON_QUOTED)) {
        resolve_json_plain(n);
    } else if (what & JSON_KEY) {
        struct frame *f = &t->frames[t->nframes - 1];
        uint64_t bit = node_key_bit(copy, len);
        f->keys_may_repeat |= (f->key_bits & bit) != 0;
        f->key_bits |= bit;
        if ((what & JSON_ESCAPED) && strlen(copy) != len)
            f->keys_ready = false; /* its JSON key ends at the NUL */
    }
    *place = n;
    return true;
}

static const struct json_sink JSON_TO_TREE = {json_document, json_open, json_close,
                                              json_scalar};

/* The JSON front end for a whole buffer; false when it declines (nothing
 * delivered, the loader ready for libyaml). */
static bool load_json(struct loader *L, const char *buf, size_t len, doc_fn fn, void *ctx)
{
    if (len > L->lim->max_doc_bytes || !json_looks_like(buf, len))
        return false;
    struct json_tree t = {.L = L};
    tree_load(&t);
    bool built = json_scan_document(buf, len, &JSON_TO_TREE, &t);
    tree_store(&t);
    if (built && L->json_doc) {
        fn(L->json_doc, ctx); /* a single document: nothing follows to stop */
        return true;
    }
    /* the events libyaml gives are the same: the items the callback has
     * already taken are not offered again */
    L->skip_items = L->doc ? L->doc->items_taken : L->json_doc ? L->json_doc->items_taken : 0;
    doc_free(L->doc);
    doc_free(L->json_doc);
    L->doc = L->json_doc = NULL;
    L->ndocs = 0;
    L->err->message[0] = '\0';
    L->err->line = L->err->col = 0;
    return false;
}

/* ---------------------------------------------------------------- YAML in memory
 *
 * The YAML reader reads the documents it can; one it declines is read by
 * libyaml alone (from its start to the next document marker, marks moved
 * to where it is), and the reader goes on after it. On an error anywhere,
 * libyaml reads the whole input again, skipping the documents and items
 * already delivered, so that errors are reported exactly as always. */

static void shift_to(struct loader *L, yaml_mark_t at, size_t bytes)
{
    L->shift_index = at.index;
    L->shift_line = at.line;
    L->shift_bytes = bytes;
}

struct fast_read {
    struct loader *L;
    doc_fn fn;
    void *ctx;
    enum step step;
};

static bool take_read_event(const yaml_event_t *ev, void *ctx)
{
    struct fast_read *f = ctx;
    yaml_event_t moved;
    if (f->L->shift_index || f->L->shift_line) { /* a reading after the first */
        moved = *ev;
        moved.start_mark = shifted(f->L, ev->start_mark);
        moved.end_mark = shifted(f->L, ev->end_mark);
        ev = &moved;
    }
    f->step = take_event(f->L, ev, f->fn, f->ctx);
    if (ev->type == YAML_DOCUMENT_END_EVENT) /* characters: never more than bytes */
        stream_consumed(f->L->whole, ev->end_mark.index);
    return f->step == STEP_GO;
}

/* libyaml's parser (its buffers are most of a small record's allocations),
 * made only when the JSON front end does not take the input. */
static void init_parser(struct loader *L)
{
    if (!yaml_parser_initialize(&L->parser)) {
        fputs("ringwall: out of memory\n", stderr);
        abort();
    }
    L->parser_ready = true;
}

/* A fresh libyaml parser over r's bytes [from, to), its marks moved to at. */
static int libyaml_part(struct loader *L, struct stream_reader *r, size_t from, size_t to,
                        yaml_mark_t at, doc_fn fn, void *ctx)
{
    if (L->parser_ready)
        yaml_parser_delete(&L->parser);
    init_parser(L);
    size_t whole = r->nhead;
    r->head_used = from;
    r->nhead = to;
    r->total = r->boundary = r->event_start = 0;
    r->over = r->long_token = false;
    shift_to(L, at, from);
    L->reader = r;
    yaml_parser_set_input(&L->parser, stream_read, r);
    int rc = run(L, fn, ctx);
    r->nhead = whole;
    return rc;
}

/* The document being built is given up (the items taken from it stay taken). */
static void drop_document(struct loader *L)
{
    L->skip_items = L->doc ? L->doc->items_taken : 0;
    doc_free(L->doc);
    L->doc = NULL;
    L->err->message[0] = '\0';
    L->err->line = L->err->col = 0;
}

/* Whether libyaml's reader takes all of r's input, checked a megabyte at a
 * time, each given back when mapped (stream_consumed): memory stays bounded. */
static bool readable(struct stream_reader *r)
{
    for (size_t at = 0, end; at < r->nhead; at = end) {
        end = r->nhead - at > (1u << 20) ? at + (1u << 20) : r->nhead;
        while (end < r->nhead && ((unsigned char)r->head[end] & 0xC0) == 0x80)
            end++; /* whole characters */
        if (!yaml_reader_readable(r->head + at, end - at))
            return false;
        stream_release(r, at, end);
    }
    stream_release(r, 0, 0); /* read again from the start */
    return true;
}

/* Where the document at `from` ends (yaml_document_end), looked for a
 * megabyte at a time, each given back once looked at (what stream_consumed
 * gives back next stays as it was): libyaml then reads the document a piece
 * at a time. A marker is only taken with the bytes after it in view. */
static size_t document_end(struct stream_reader *r, size_t from)
{
    size_t at = from, to, dropped = r->dropped, most = 1u << 20;
    for (;;) {
        size_t end = r->nhead - at > most ? at + most : r->nhead;
        to = yaml_document_end(r->head, r->nhead - end > 4 ? end + 4 : r->nhead, at);
        if (to <= end)
            break;
        stream_release(r, at, end);
        at = end - 1; /* the search goes on from `end` */
    }
    r->dropped = dropped;
    return to;
}

static int load_yaml(struct loader *L, struct stream_reader *r, doc_fn fn, void *ctx)
{
    size_t at = 0;
    yaml_mark_t at_mark = {0, 0, 0};
    if (!readable(r)) /* an error libyaml's reader reports */
        return libyaml_part(L, r, 0, r->nhead, at_mark, fn, ctx);
    while (at < r->nhead) {
        shift_to(L, at_mark, at);
        struct fast_read f = {.L = L, .fn = fn, .ctx = ctx, .step = STEP_GO};
        struct yaml_reader_stop stop;
        if (yaml_reader_events(r->head + at, r->nhead - at, take_read_event, &f, &stop) ||
            f.step == STEP_STOP)
            return 0;
        if (f.step == STEP_FAIL)
            break;
        drop_document(L);
        L->ndocs = L->delivered;
        size_t from = at + stop.offset, to = r->nhead;
        if (r->nhead - from >= 3 && memcmp(r->head + from, "\xEF\xBB\xBF", 3) == 0)
            break; /* a byte order mark there would start libyaml's stream */
        if (r->dropped > from) /* libyaml reads again what the reader gave back */
            stream_release(r, from, from);
        to = document_end(r, from);
        if (to < r->nhead && r->head[to] == '.')
            to = r->nhead; /* an explicit document end: libyaml reads on */
        int rc = libyaml_part(L, r, from, to, shifted(L, stop.mark), fn, ctx);
        if (rc < 0 && from == 0 && to == r->nhead)
            return rc; /* libyaml read it all, as always */
        if (rc < 0)
            break;
        if (L->stopped || to == r->nhead)
            return 0;
        at = to;
        at_mark = L->stream_end;
    }
    /* an error: everything again, with libyaml */
    drop_document(L);
    L->skip_docs = L->delivered;
    L->ndocs = 0;
    return libyaml_part(L, r, 0, r->nhead, (yaml_mark_t){0, 0, 0}, fn, ctx);
}

static void release_loader(struct loader *L)
{
    doc_free(L->doc);
    arena_free(&L->item_arena);
    if (L->scratch != L->scratch_first)
        free(L->scratch);
    if (L->frames != L->frames_first)
        free(L->frames);
    free(L->anchors);
    if (L->parser_ready)
        yaml_parser_delete(&L->parser);
}

static void init_loader(struct loader *L, const char *name, const struct load_limits *lim,
                        item_fn on_item, void *ctx, struct load_error *err)
{
    memset(L, 0, offsetof(struct loader, scratch_first));
    L->name = name;
    L->on_item = on_item;
    L->ctx = ctx;
    L->lim = lim ? lim : &LOAD_LIMITS_DEFAULT;
    L->err = err;
    L->scratch = L->scratch_first; /* never NULL, even for a first empty collection */
    L->capscratch = sizeof L->scratch_first / sizeof *L->scratch_first;
    L->frames = L->frames_first;
    L->capframes = sizeof L->frames_first / sizeof *L->frames_first;
    err->message[0] = '\0';
    err->line = err->col = 0;
    err->bytes = 0;
}

/* Parses what the reader holds: with the JSON front end when it is one JSON
 * document in memory, with the YAML reader when it is other text in memory,
 * else (or when they decline) with libyaml, fed by the reader so that every
 * read is bounded. */
static int load_reader(struct loader *L, struct stream_reader *r, bool whole, doc_fn fn,
                       void *ctx)
{
    L->recent = &r->recent;
    if (whole) {
        L->whole = r;
        if (load_json(L, r->head, r->nhead, fn, ctx))
            return 0;
    } else if (!r->in) { /* YAML in memory */
        L->whole = r;
        return load_yaml(L, r, fn, ctx);
    }
    L->reader = r;
    init_parser(L);
    yaml_parser_set_input(&L->parser, stream_read, r);
    return run(L, fn, ctx);
}

int load_stream_items(const char *name, FILE *in, const struct load_limits *lim,
                      item_fn on_item, doc_fn fn, void *ctx, struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, on_item, ctx, err);
    struct stream_reader *r = stream_open(in, L.lim->max_doc_bytes, L.lim->max_scalar_bytes);
    int rc = load_reader(&L, r, stream_read_json(r), fn, ctx);
    err->bytes = r->total > r->nhead ? r->total : r->nhead;
    release_loader(&L);
    stream_close(r);
    return rc;
}

int load_buffer_items(const char *name, const char *buf, size_t len,
                      const struct load_limits *lim, item_fn on_item, doc_fn fn, void *ctx,
                      struct load_error *err)
{
    struct loader L;
    init_loader(&L, name, lim, on_item, ctx, err);
    struct stream_reader *r =
        stream_open_buffer(buf, len, L.lim->max_doc_bytes, L.lim->max_scalar_bytes);
    int rc = load_reader(&L, r, json_looks_like(buf, len), fn, ctx);
    err->bytes = len;
    release_loader(&L);
    stream_close(r);
    return rc;
}

int load_stream(const char *name, FILE *in, const struct load_limits *lim, doc_fn fn,
                void *ctx, struct load_error *err)
{
    return load_stream_items(name, in, lim, NULL, fn, ctx, err);
}

int load_buffer(const char *name, const char *buf, size_t len, const struct load_limits *lim,
                doc_fn fn, void *ctx, struct load_error *err)
{
    return load_buffer_items(name, buf, len, lim, NULL, fn, ctx, err);
}
