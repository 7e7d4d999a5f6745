/* event_compare.h — the events of the YAML reader (src/core/yaml_reader.h)
 * against libyaml's for the same bytes: type, positions, scalar text,
 * style and flags, anchors and tags, one by one. Shared by the reader's
 * unit test and its differential fuzzer. */
#ifndef RINGWALL_EVENT_COMPARE_H
#define RINGWALL_EVENT_COMPARE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../../src/core/yaml_reader.h"

/* One event, as far as a loader can see it. */
struct ec_event {
    int type, style, implicit, quoted_implicit, has_anchor, has_tag, encoding;
    yaml_mark_t start, end;
    char *text;
    size_t len;
};

struct ec_events {
    struct ec_event *v;
    size_t n, cap;
};

static void ec_node(struct ec_event *e, int style, int implicit, const void *anchor,
                    const void *tag)
{
    e->style = style;
    e->implicit = implicit;
    e->has_anchor = anchor != NULL;
    e->has_tag = tag != NULL;
}

static void ec_push(struct ec_events *l, const yaml_event_t *ev)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
    }
    struct ec_event *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    e->type = ev->type;
    e->start = ev->start_mark;
    e->end = ev->end_mark;
    switch (ev->type) {
    case YAML_STREAM_START_EVENT:
        e->encoding = ev->data.stream_start.encoding;
        break;
    case YAML_DOCUMENT_START_EVENT:
        e->implicit = ev->data.document_start.implicit;
        e->has_tag = ev->data.document_start.version_directive != NULL ||
                     ev->data.document_start.tag_directives.start !=
                         ev->data.document_start.tag_directives.end;
        break;
    case YAML_DOCUMENT_END_EVENT:
        e->implicit = ev->data.document_end.implicit;
        break;
    case YAML_SCALAR_EVENT:
        e->len = ev->data.scalar.length;
        e->text = malloc(e->len + 1);
        memcpy(e->text, ev->data.scalar.value, e->len);
        e->quoted_implicit = ev->data.scalar.quoted_implicit;
        ec_node(e, ev->data.scalar.style, ev->data.scalar.plain_implicit,
                ev->data.scalar.anchor, ev->data.scalar.tag);
        break;
    case YAML_SEQUENCE_START_EVENT:
        ec_node(e, ev->data.sequence_start.style, ev->data.sequence_start.implicit,
                ev->data.sequence_start.anchor, ev->data.sequence_start.tag);
        break;
    case YAML_MAPPING_START_EVENT:
        ec_node(e, ev->data.mapping_start.style, ev->data.mapping_start.implicit,
                ev->data.mapping_start.anchor, ev->data.mapping_start.tag);
        break;
    default:
        e->has_anchor = ev->type == YAML_ALIAS_EVENT;
        break;
    }
}

static void ec_free(struct ec_events *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].text);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static bool ec_take(const yaml_event_t *ev, void *ctx)
{
    ec_push(ctx, ev);
    return true;
}

/* libyaml's events for buf; false when it fails. */
static bool ec_libyaml(const char *buf, size_t len, struct ec_events *out)
{
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    bool ok = true;
    for (bool end = false; ok && !end;) {
        yaml_event_t ev;
        if (!(ok = yaml_parser_parse(&p, &ev)))
            break;
        ec_push(out, &ev);
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return ok;
}

static bool ec_same_mark(yaml_mark_t a, yaml_mark_t b)
{
    return a.index == b.index && a.line == b.line && a.column == b.column;
}

/* NULL when the reader declines buf or gives libyaml's events exactly; else
 * what differs. *taken says whether the reader read it. */
static const char *ec_compare(const char *buf, size_t len, bool *taken, char *why, size_t size)
{
    struct ec_events mine = {0}, theirs = {0};
    *taken = yaml_reader_readable(buf, len) && yaml_reader_events(buf, len, ec_take, &mine, NULL);
    const char *w = NULL;
    if (*taken && !ec_libyaml(buf, len, &theirs)) {
        snprintf(why, size, "the reader takes what libyaml rejects");
        w = why;
    }
    for (size_t i = 0; *taken && !w && i < mine.n && i < theirs.n; i++) {
        const struct ec_event *a = &mine.v[i], *b = &theirs.v[i];
        if (a->type != b->type || !ec_same_mark(a->start, b->start) ||
            !ec_same_mark(a->end, b->end) || a->style != b->style || a->implicit != b->implicit ||
            a->quoted_implicit != b->quoted_implicit || a->has_anchor != b->has_anchor ||
            a->has_tag != b->has_tag || a->encoding != b->encoding || a->len != b->len ||
            (a->len && memcmp(a->text, b->text, a->len) != 0)) {
            snprintf(why, size,
                     "event %zu: type %d/%d at %zu:%zu-%zu:%zu / %zu:%zu-%zu:%zu, style %d/%d, "
                     "text \"%.40s\" / \"%.40s\"", i, a->type, b->type, a->start.line + 1,
                     a->start.column + 1, a->end.line + 1, a->end.column + 1, b->start.line + 1,
                     b->start.column + 1, b->end.line + 1, b->end.column + 1, a->style, b->style,
                     a->text ? a->text : "", b->text ? b->text : "");
            w = why;
        }
    }
    if (*taken && !w && mine.n != theirs.n) {
        snprintf(why, size, "%zu events, libyaml %zu", mine.n, theirs.n);
        w = why;
    }
    ec_free(&mine);
    ec_free(&theirs);
    return w;
}

#endif
