/* catalog.c — the families of checks and lookups over all their rows. Each
 * family keeps its rows next to its check functions (workload.c, image.c, ...);
 * this file only lists the families. Add a family here, once. */
#include "catalog.h"

#include <fnmatch.h>
#include <stdint.h>
#include <string.h>

#include "../core/arena.h"
#include "../core/sort.h"

extern const struct check_family FAMILY_MANIFEST, FAMILY_INPUT;
extern const struct check_family FAMILY_WORKLOAD, FAMILY_WORKLOAD_HOST, FAMILY_WORKLOAD_PROFILES,
    FAMILY_WORKLOAD_RUNTIME, FAMILY_WORKLOAD_TOKEN;
extern const struct check_family FAMILY_IMAGE;
extern const struct check_family FAMILY_SECRET, FAMILY_CONFIGMAP, FAMILY_NAMESPACE;
extern const struct check_family FAMILY_PSS;
extern const struct check_family FAMILY_RBAC;
extern const struct check_family FAMILY_NETWORK;
extern const struct check_family FAMILY_AUDIT;
extern const struct check_family FAMILY_RELIABILITY, FAMILY_API, FAMILY_CONSISTENCY,
    FAMILY_EXPOSURE, FAMILY_DANGEROUS, FAMILY_SECRET_USE;
extern const struct check_family FAMILY_NODE, FAMILY_NODE_CIS;
extern const struct check_family FAMILY_ETCD_ENDPOINT, FAMILY_ETCD_AT_REST, FAMILY_ETCD_SNAPSHOT;

static const struct check_family *const FAMILIES[] = {
    &FAMILY_MANIFEST,
    &FAMILY_INPUT,             /* input_fields.c: fields of the wrong type */
    &FAMILY_WORKLOAD,          /* workload.c: security context */
    &FAMILY_WORKLOAD_HOST,     /* workload_host.c: host namespaces, paths, ports */
    &FAMILY_WORKLOAD_PROFILES, /* workload_profiles.c: seccomp, AppArmor, SELinux */
    &FAMILY_WORKLOAD_RUNTIME,  /* workload_runtime.c: identity, resources, env */
    &FAMILY_WORKLOAD_TOKEN,    /* workload_token.c: service account tokens */
    &FAMILY_IMAGE,
    &FAMILY_SECRET,            /* objects.c */
    &FAMILY_SECRET_USE,        /* secrets_use.c: how Secrets are consumed and made */
    &FAMILY_CONFIGMAP,         /* objects.c */
    &FAMILY_NAMESPACE,         /* objects.c */
    &FAMILY_PSS,               /* pss.c: Pod Security controls, with scan --pss */
    &FAMILY_RBAC,              /* rbac.c: analyzer over src/rbac */
    &FAMILY_NETWORK,           /* network.c, with the analyzer over src/netpol */
    &FAMILY_RELIABILITY,       /* reliability.c: probes, requests, replicas, budgets */
    &FAMILY_API,               /* deprecated_api.c: removed and deprecated apiVersions */
    &FAMILY_CONSISTENCY,       /* consistency.c: references to objects not in the input */
    &FAMILY_EXPOSURE,          /* exposure.c: Ingress, Gateway API and Istio routes */
    &FAMILY_DANGEROUS,         /* dangerous.c: known-dangerous components and settings */
    &FAMILY_AUDIT,             /* audit.c: rows of the built-in audit rules */
    &FAMILY_NODE,              /* node.c: ringwall node's own checks */
    &FAMILY_NODE_CIS,          /* ../node/node_defs.c: CIS rows, from data/node/ */
    &FAMILY_ETCD_ENDPOINT,     /* etcd_endpoint.c: transport and access, etcd check */
    &FAMILY_ETCD_AT_REST,      /* etcd_at_rest.c: secrets at rest, from src/etcd */
    &FAMILY_ETCD_SNAPSHOT,     /* etcd_snapshot.c: etcd verify and inspect */
};

enum { NFAMILIES = sizeof FAMILIES / sizeof *FAMILIES };

static const struct check **flat;
static size_t nflat;
static const struct check **by_id;     /* the rows sorted by id, for catalog_find */
struct addr_slot {
    const struct check *c; /* NULL: empty */
    size_t index;
};
static struct addr_slot *by_addr; /* open addressing by row address: catalog_index */
static size_t addr_mask;

static size_t addr_slot(const struct check *c)
{
    return (size_t)(((uint64_t)(uintptr_t)c * 0x9E3779B97F4A7C15ULL) >> 32) & addr_mask;
}

static int compare_ids(const void *a, const void *b)
{
    const struct check *const *x = a, *const *y = b;
    int c = strcmp((*x)->id, (*y)->id);
    return c; /* ids are unique: a contract */
}

static void build(void)
{
    if (flat)
        return;
    for (size_t f = 0; f < NFAMILIES; f++)
        nflat += FAMILIES[f]->nchecks;
    flat = xmalloc(nflat * sizeof *flat);
    size_t k = 0;
    for (size_t f = 0; f < NFAMILIES; f++)
        for (size_t i = 0; i < FAMILIES[f]->nchecks; i++)
            flat[k++] = &FAMILIES[f]->checks[i];
    by_id = xmalloc(nflat * sizeof *by_id);
    memcpy(by_id, flat, nflat * sizeof *by_id);
    sort_array(by_id, nflat, sizeof *by_id, compare_ids);
    size_t cap = 64;
    while (cap < 2 * nflat)
        cap *= 2;
    addr_mask = cap - 1;
    struct addr_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < nflat; i++) {
        size_t at = addr_slot(flat[i]);
        while (slots[at].c)
            at = (at + 1) & addr_mask;
        slots[at] = (struct addr_slot){flat[i], i};
    }
    by_addr = slots;
}

size_t catalog_count(void)
{
    build();
    return nflat;
}

const struct check *catalog_at(size_t i)
{
    build();
    return i < nflat ? flat[i] : NULL;
}

/* A hash of row addresses: engines and reports ask for it once per check
 * and object, and per finding. A check that is not a row: (size_t)-1. */
size_t catalog_index(const struct check *c)
{
    build();
    for (size_t at = addr_slot(c); by_addr[at].c; at = (at + 1) & addr_mask)
        if (by_addr[at].c == c)
            return by_addr[at].index;
    return (size_t)-1;
}

static bool has_alias(const struct check *c, const char *name)
{
    for (size_t i = 0; i < CHECK_MAX_ALIASES && c->aliases[i]; i++)
        if (strcmp(c->aliases[i], name) == 0)
            return true;
    return false;
}

const struct check *catalog_find(const char *id)
{
    build();
    size_t lo = 0, hi = nflat; /* the first row whose id is not below id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(by_id[mid]->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < nflat && strcmp(by_id[lo]->id, id) == 0)
        return by_id[lo];
    for (size_t i = 0; i < nflat; i++)
        if (has_alias(flat[i], id))
            return flat[i];
    return NULL;
}

size_t catalog_family_count(void)
{
    return NFAMILIES;
}

const struct check_family *catalog_family_at(size_t i)
{
    return i < NFAMILIES ? FAMILIES[i] : NULL;
}

bool catalog_matches(const struct check *c, const char *pattern)
{
    return strcmp(c->id, pattern) == 0 || has_alias(c, pattern) ||
           fnmatch(pattern, c->id, 0) == 0;
}
