/* ports.h — connection sets: for each protocol (SCTP, TCP, UDP, in the order
 * they are printed) a set of port ranges within 1-65535, plus named ports
 * that could not be resolved (the destination is a pod the input does not
 * have), with the set algebra reachability needs (union, intersection) and
 * the netpol-analyzer text form ("All Connections", "SCTP 9003,TCP 80,
 * 8080-8090,http,UDP 53"; a named port of any protocol prints after an empty
 * protocol name: " dns"). */
#ifndef RINGWALL_NETPOL_PORTS_H
#define RINGWALL_NETPOL_PORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum proto { PROTO_SCTP, PROTO_TCP, PROTO_UDP, PROTO_COUNT };

enum { PORT_MIN = 1, PORT_MAX = 65535 };

struct port_range {
    uint32_t lo, hi;
};

/* Sorted, disjoint, non-adjacent ranges. */
struct portset {
    struct port_range *r;
    uint32_t n, cap;
};

/* A port named in a rule, kept by name: it stands for the destination's
 * container port of that name (of proto, or of any protocol). */
struct named_port {
    const char *name;
    enum proto proto;
    bool any_proto;
};

struct conns {
    struct portset p[PROTO_COUNT];
    struct named_port *named; /* sorted: any protocol first, then by protocol and name */
    uint32_t nnamed, named_cap;
};

/* Parses "TCP", "UDP", "SCTP" (case-sensitive, as the API server). */
bool proto_parse(const char *s, enum proto *out);
const char *proto_name(enum proto p);

void conns_clear(struct conns *c);            /* empty, keeps the buffers */
void conns_free(struct conns *c);
void conns_set_all(struct conns *c);
void conns_add(struct conns *c, enum proto p, uint32_t lo, uint32_t hi);
void conns_add_all_ports(struct conns *c, enum proto p);
/* Adds a named port (name must outlive c). */
void conns_add_named(struct conns *c, enum proto p, bool any_proto, const char *name);
void conns_union(struct conns *dst, const struct conns *src);
/* dst = dst ∩ src; a named port survives where the other side has the same
 * name or every port of its protocol. */
void conns_intersect(struct conns *dst, const struct conns *src);
void conns_copy(struct conns *dst, const struct conns *src);
/* dst = dst \ src; a named port goes where src has the same name or every
 * port of its protocol. */
void conns_subtract(struct conns *dst, const struct conns *src);
bool conns_is_empty(const struct conns *c);
bool conns_is_all(const struct conns *c); /* every port number of every protocol */
bool conns_contains(const struct conns *c, enum proto p, uint32_t port);
/* The text form into buf (grown with xrealloc); returns its length. */
size_t conns_format(const struct conns *c, char **buf, size_t *cap);

#endif
