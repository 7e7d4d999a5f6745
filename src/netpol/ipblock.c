/* ipblock.c — CIDR parsing and IPv4 interval arithmetic (ipblock.h). */
#include "ipblock.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/sort.h"

bool cidr_parse(const char *s, bool *v6, uint32_t *lo, uint32_t *hi, const char **why)
{
    const char *slash = strchr(s, '/');
    if (!slash) {
        *why = "missing prefix length";
        return false;
    }
    char addr[64];
    size_t alen = (size_t)(slash - s);
    if (alen == 0 || alen >= sizeof addr) {
        *why = "malformed address";
        return false;
    }
    memcpy(addr, s, alen);
    addr[alen] = '\0';
    const char *p = slash + 1;
    if (!*p || strlen(p) > 3) {
        *why = "malformed prefix length";
        return false;
    }
    unsigned bits = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9') {
            *why = "malformed prefix length";
            return false;
        }
        bits = bits * 10 + (unsigned)(*p - '0');
    }
    struct in_addr a4;
    struct in6_addr a6;
    if (inet_pton(AF_INET, addr, &a4) == 1) {
        if (bits > 32) {
            *why = "prefix length above 32";
            return false;
        }
        uint32_t a = ntohl(a4.s_addr);
        uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
        *v6 = false;
        *lo = a & mask;
        *hi = *lo | ~mask;
        return true;
    }
    if (inet_pton(AF_INET6, addr, &a6) == 1) {
        if (bits > 128) {
            *why = "prefix length above 128";
            return false;
        }
        *v6 = true;
        *lo = *hi = 0;
        return true;
    }
    *why = "malformed address";
    return false;
}

void ipblock_subtract(struct ipblock *b, uint32_t lo, uint32_t hi)
{
    struct ip_range *out = xmalloc((b->n + 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++) {
        struct ip_range r = b->r[i];
        if (r.hi < lo || r.lo > hi) {
            out[n++] = r;
            continue;
        }
        if (r.lo < lo)
            out[n++] = (struct ip_range){r.lo, lo - 1};
        if (r.hi > hi)
            out[n++] = (struct ip_range){hi + 1, r.hi};
    }
    free(b->r);
    b->r = out;
    b->n = n;
}

bool ipblock_contains(const struct ipblock *b, uint32_t addr)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (b->r[mid].hi < addr)
            lo = mid + 1;
        else if (b->r[mid].lo > addr)
            hi = mid;
        else
            return true;
    }
    return false;
}

void ip_range_format(struct ip_range r, char *buf, size_t size)
{
    snprintf(buf, size, "%u.%u.%u.%u-%u.%u.%u.%u", r.lo >> 24, (r.lo >> 16) & 255,
             (r.lo >> 8) & 255, r.lo & 255, r.hi >> 24, (r.hi >> 16) & 255, (r.hi >> 8) & 255,
             r.hi & 255);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

struct ip_range *ip_split(uint64_t *cuts, size_t ncuts, size_t *nout)
{
    if (ncuts)
        sort_array(cuts, ncuts, sizeof *cuts, cmp_u64);
    struct ip_range *out = xmalloc((ncuts + 1) * sizeof *out);
    size_t n = 0;
    uint64_t start = 0;
    for (size_t i = 0; i <= ncuts; i++) {
        uint64_t end = i < ncuts ? cuts[i] : (uint64_t)1 << 32;
        if (end <= start || end > (uint64_t)1 << 32)
            continue;
        out[n++] = (struct ip_range){(uint32_t)start, (uint32_t)(end - 1)};
        start = end;
    }
    *nout = n;
    return out;
}
