/* ports.c — port-range sets and connection sets (ports.h). */
#include "ports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

static const char *const PROTO_NAMES[PROTO_COUNT] = {"SCTP", "TCP", "UDP"};

bool proto_parse(const char *s, enum proto *out)
{
    for (int p = 0; p < PROTO_COUNT; p++)
        if (strcmp(s, PROTO_NAMES[p]) == 0) {
            *out = (enum proto)p;
            return true;
        }
    return false;
}

const char *proto_name(enum proto p)
{
    return PROTO_NAMES[p];
}

static void portset_reserve(struct portset *s, uint32_t n)
{
    if (n <= s->cap)
        return;
    uint32_t cap = s->cap ? s->cap : 4;
    while (cap < n)
        cap *= 2;
    s->r = xrealloc(s->r, cap * sizeof *s->r);
    s->cap = cap;
}

/* Inserts [lo,hi] keeping the ranges sorted, disjoint and non-adjacent. */
static void portset_add(struct portset *s, uint32_t lo, uint32_t hi)
{
    uint32_t i = 0;
    while (i < s->n && s->r[i].hi + 1 < lo)
        i++;
    uint32_t j = i;
    while (j < s->n && s->r[j].lo <= hi + 1) {
        if (s->r[j].lo < lo)
            lo = s->r[j].lo;
        if (s->r[j].hi > hi)
            hi = s->r[j].hi;
        j++;
    }
    if (j == i) {
        portset_reserve(s, s->n + 1);
        memmove(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof *s->r);
        s->n++;
    } else if (j > i + 1) {
        memmove(&s->r[i + 1], &s->r[j], (s->n - j) * sizeof *s->r);
        s->n -= j - i - 1;
    }
    s->r[i].lo = lo;
    s->r[i].hi = hi;
}

static void portset_intersect(struct portset *a, const struct portset *b)
{
    struct port_range tmp[64];
    struct port_range *out = a->n + b->n <= 64 ? tmp : xmalloc((a->n + b->n) * sizeof *out);
    uint32_t n = 0, i = 0, j = 0;
    while (i < a->n && j < b->n) {
        uint32_t lo = a->r[i].lo > b->r[j].lo ? a->r[i].lo : b->r[j].lo;
        uint32_t hi = a->r[i].hi < b->r[j].hi ? a->r[i].hi : b->r[j].hi;
        if (lo <= hi)
            out[n++] = (struct port_range){lo, hi};
        if (a->r[i].hi < b->r[j].hi)
            i++;
        else
            j++;
    }
    if (n)
        memcpy(a->r, out, n * sizeof *out);
    a->n = n;
    if (out != tmp)
        free(out);
}

static bool portset_is_all(const struct portset *s)
{
    return s->n == 1 && s->r[0].lo == PORT_MIN && s->r[0].hi == PORT_MAX;
}

/* Any protocol first, then by protocol, then by name. */
static int named_cmp(const struct named_port *a, const struct named_port *b)
{
    if (a->any_proto != b->any_proto)
        return a->any_proto ? -1 : 1;
    if (!a->any_proto && a->proto != b->proto)
        return a->proto < b->proto ? -1 : 1;
    return strcmp(a->name, b->name);
}

/* Whether c holds the named port e: the same name (of e's protocol, or of
 * any), or every port of e's protocol (of every protocol for any). */
static bool named_covered(const struct conns *c, const struct named_port *e)
{
    for (uint32_t i = 0; i < c->nnamed; i++) {
        const struct named_port *n = &c->named[i];
        if (strcmp(n->name, e->name) == 0 &&
            (n->any_proto || (!e->any_proto && n->proto == e->proto)))
            return true;
    }
    if (!e->any_proto)
        return portset_is_all(&c->p[e->proto]);
    return conns_is_all(c);
}

void conns_add_named(struct conns *c, enum proto p, bool any_proto, const char *name)
{
    struct named_port e = {name, any_proto ? PROTO_SCTP : p, any_proto};
    uint32_t i = 0;
    while (i < c->nnamed && named_cmp(&c->named[i], &e) < 0)
        i++;
    if (i < c->nnamed && named_cmp(&c->named[i], &e) == 0)
        return;
    if (c->nnamed == c->named_cap) {
        c->named_cap = c->named_cap ? c->named_cap * 2 : 4;
        c->named = xrealloc(c->named, c->named_cap * sizeof *c->named);
    }
    memmove(&c->named[i + 1], &c->named[i], (c->nnamed - i) * sizeof *c->named);
    c->named[i] = e;
    c->nnamed++;
}

/* The named ports of dst held by src and those of src held by dst. */
static void named_intersect(struct conns *dst, const struct conns *src)
{
    if (!dst->nnamed && !src->nnamed)
        return;
    uint32_t n = 0;
    struct named_port *keep = xmalloc((dst->nnamed + src->nnamed + 1) * sizeof *keep);
    for (uint32_t i = 0; i < dst->nnamed; i++)
        if (named_covered(src, &dst->named[i]))
            keep[n++] = dst->named[i];
    for (uint32_t i = 0; i < src->nnamed; i++)
        if (named_covered(dst, &src->named[i]))
            keep[n++] = src->named[i];
    dst->nnamed = 0;
    for (uint32_t i = 0; i < n; i++)
        conns_add_named(dst, keep[i].proto, keep[i].any_proto, keep[i].name);
    free(keep);
}

void conns_clear(struct conns *c)
{
    for (int p = 0; p < PROTO_COUNT; p++)
        c->p[p].n = 0;
    c->nnamed = 0;
}

void conns_free(struct conns *c)
{
    for (int p = 0; p < PROTO_COUNT; p++) {
        free(c->p[p].r);
        c->p[p] = (struct portset){0};
    }
    free(c->named);
    c->named = NULL;
    c->nnamed = c->named_cap = 0;
}

void conns_add(struct conns *c, enum proto p, uint32_t lo, uint32_t hi)
{
    portset_add(&c->p[p], lo, hi);
}

void conns_add_all_ports(struct conns *c, enum proto p)
{
    portset_add(&c->p[p], PORT_MIN, PORT_MAX);
}

void conns_set_all(struct conns *c)
{
    for (int p = 0; p < PROTO_COUNT; p++) {
        c->p[p].n = 0;
        portset_add(&c->p[p], PORT_MIN, PORT_MAX);
    }
    c->nnamed = 0;
}

void conns_union(struct conns *dst, const struct conns *src)
{
    for (int p = 0; p < PROTO_COUNT; p++)
        for (uint32_t i = 0; i < src->p[p].n; i++)
            portset_add(&dst->p[p], src->p[p].r[i].lo, src->p[p].r[i].hi);
    for (uint32_t i = 0; i < src->nnamed; i++)
        conns_add_named(dst, src->named[i].proto, src->named[i].any_proto, src->named[i].name);
}

void conns_intersect(struct conns *dst, const struct conns *src)
{
    named_intersect(dst, src); /* first: it asks which protocols are whole */
    for (int p = 0; p < PROTO_COUNT; p++)
        portset_intersect(&dst->p[p], &src->p[p]);
}

void conns_copy(struct conns *dst, const struct conns *src)
{
    for (int p = 0; p < PROTO_COUNT; p++) {
        portset_reserve(&dst->p[p], src->p[p].n);
        if (src->p[p].n)
            memcpy(dst->p[p].r, src->p[p].r, src->p[p].n * sizeof *src->p[p].r);
        dst->p[p].n = src->p[p].n;
    }
    dst->nnamed = 0;
    for (uint32_t i = 0; i < src->nnamed; i++)
        conns_add_named(dst, src->named[i].proto, src->named[i].any_proto, src->named[i].name);
}

static void portset_subtract(struct portset *a, const struct portset *b)
{
    for (uint32_t j = 0; j < b->n; j++) {
        uint32_t lo = b->r[j].lo, hi = b->r[j].hi;
        for (uint32_t i = 0; i < a->n; i++) {
            struct port_range r = a->r[i];
            if (r.hi < lo || r.lo > hi)
                continue;
            if (r.lo >= lo && r.hi <= hi) { /* removed whole */
                memmove(&a->r[i], &a->r[i + 1], (a->n - i - 1) * sizeof *a->r);
                a->n--;
                i--;
            } else if (r.lo < lo && r.hi > hi) { /* split in two */
                portset_reserve(a, a->n + 1);
                memmove(&a->r[i + 2], &a->r[i + 1], (a->n - i - 1) * sizeof *a->r);
                a->r[i] = (struct port_range){r.lo, lo - 1};
                a->r[i + 1] = (struct port_range){hi + 1, r.hi};
                a->n++;
                i++;
            } else if (r.lo < lo) {
                a->r[i].hi = lo - 1;
            } else {
                a->r[i].lo = hi + 1;
            }
        }
    }
}

void conns_subtract(struct conns *dst, const struct conns *src)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < dst->nnamed; i++)
        if (!named_covered(src, &dst->named[i]))
            dst->named[n++] = dst->named[i];
    dst->nnamed = n;
    for (int p = 0; p < PROTO_COUNT; p++)
        portset_subtract(&dst->p[p], &src->p[p]);
}

bool conns_is_empty(const struct conns *c)
{
    for (int p = 0; p < PROTO_COUNT; p++)
        if (c->p[p].n)
            return false;
    return c->nnamed == 0;
}

bool conns_is_all(const struct conns *c)
{
    for (int p = 0; p < PROTO_COUNT; p++)
        if (!portset_is_all(&c->p[p]))
            return false;
    return true;
}

bool conns_contains(const struct conns *c, enum proto p, uint32_t port)
{
    for (uint32_t i = 0; i < c->p[p].n; i++)
        if (c->p[p].r[i].lo <= port && port <= c->p[p].r[i].hi)
            return true;
    return false;
}

static void append(char **buf, size_t *cap, size_t *len, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        while (*len + n + 1 > c)
            c *= 2;
        *buf = xrealloc(*buf, c);
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* One protocol's group: "PROTO 80,8080-8090,http" (proto NULL: the named
 * ports of any protocol, after an empty protocol name). */
static void format_group(char **buf, size_t *cap, size_t *len, const char *proto,
                         const struct portset *s, const struct conns *c, bool any_proto,
                         enum proto p)
{
    bool first = true;
    const char *sep = *len ? "," : "";
    for (uint32_t i = 0; s && i < s->n; i++) {
        char item[64];
        int n = s->r[i].lo == s->r[i].hi
                    ? snprintf(item, sizeof item, "%s%s%s%u", first ? sep : ",",
                               first ? proto : "", first ? " " : "", s->r[i].lo)
                    : snprintf(item, sizeof item, "%s%s%s%u-%u", first ? sep : ",",
                               first ? proto : "", first ? " " : "", s->r[i].lo, s->r[i].hi);
        append(buf, cap, len, item, (size_t)n);
        first = false;
    }
    if (s && portset_is_all(s))
        return; /* the names stand for ports the group already has */
    for (uint32_t i = 0; i < c->nnamed; i++) {
        const struct named_port *e = &c->named[i];
        if (e->any_proto != any_proto || (!any_proto && e->proto != p))
            continue;
        if (first) {
            append(buf, cap, len, sep, strlen(sep));
            append(buf, cap, len, proto, strlen(proto));
            append(buf, cap, len, " ", 1);
        } else {
            append(buf, cap, len, ",", 1);
        }
        append(buf, cap, len, e->name, strlen(e->name));
        first = false;
    }
}

size_t conns_format(const struct conns *c, char **buf, size_t *cap)
{
    size_t len = 0;
    append(buf, cap, &len, "", 0);
    if (conns_is_all(c)) {
        append(buf, cap, &len, "All Connections", 15);
        return len;
    }
    if (conns_is_empty(c)) {
        append(buf, cap, &len, "No Connections", 14);
        return len;
    }
    format_group(buf, cap, &len, "", NULL, c, true, PROTO_SCTP);
    for (int p = 0; p < PROTO_COUNT; p++)
        format_group(buf, cap, &len, PROTO_NAMES[p], &c->p[p], c, false, (enum proto)p);
    return len;
}
