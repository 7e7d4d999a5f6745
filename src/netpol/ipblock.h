/* ipblock.h — NetworkPolicy ipBlocks: a CIDR minus its except CIDRs, as
 * sorted IPv4 address intervals (IPv6 blocks are parsed and validated but
 * hold no IPv4 addresses), and the split of the IPv4 space into the
 * elementary ranges that every referenced block is a union of. */
#ifndef RINGWALL_NETPOL_IPBLOCK_H
#define RINGWALL_NETPOL_IPBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_range {
    uint32_t lo, hi;
};

struct ipblock {
    bool v6;                 /* an IPv6 block: matches no IPv4 range */
    struct ip_range *r;      /* sorted, disjoint (IPv4 only) */
    size_t n;
};

/* Parses an IPv4 or IPv6 CIDR ("10.0.0.0/8", "fd00::/8"); host bits may be
 * set. Returns false with a reason in *why on malformed text. */
bool cidr_parse(const char *s, bool *v6, uint32_t *lo, uint32_t *hi, const char **why);

/* Removes [lo,hi] from the block's ranges (r must be xmalloc'd). */
void ipblock_subtract(struct ipblock *b, uint32_t lo, uint32_t hi);
bool ipblock_contains(const struct ipblock *b, uint32_t addr);

/* "A.B.C.D-E.F.G.H" into buf (at least 32 bytes). */
void ip_range_format(struct ip_range r, char *buf, size_t size);

/* Splits 0.0.0.0-255.255.255.255 at every start and end+1 of `cuts`
 * (boundaries, unsorted, may repeat); returns the ranges in address order. */
struct ip_range *ip_split(uint64_t *cuts, size_t ncuts, size_t *nout);

#endif
