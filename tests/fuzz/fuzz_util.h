/* fuzz_util.h — what several libFuzzer targets share: small load limits
 * (deep, large and alias-heavy inputs reach their errors quickly) and
 * "every Kubernetes object of these bytes" (YAML or JSON, List items
 * expanded), the way the command-line front ends read a file. */
#ifndef RINGWALL_FUZZ_UTIL_H
#define RINGWALL_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "../../src/core/load.h"
#include "../../src/k8s/object.h"

static const struct load_limits FUZZ_LIMITS = {
    .max_doc_bytes = 1u << 20, .max_depth = 64, .max_scalar_bytes = 1u << 16,
    .max_nodes = 1u << 16,
};

struct fuzz_objects {
    object_fn fn;
    void *ctx;
};

static inline int fuzz_objects_doc(struct doc *d, void *ctx)
{
    const struct fuzz_objects *fo = ctx;
    if (!d->duplicate_key)
        k8s_each_object(d->root, d->file, d->index, fo->fn, fo->ctx);
    doc_free(d);
    return 0;
}

/* Calls fn for every object of the input, as source.c would hand it out. */
static inline void fuzz_each_object(const uint8_t *data, size_t size, object_fn fn, void *ctx)
{
    struct fuzz_objects fo = {fn, ctx};
    struct load_error err;
    load_buffer("fuzz.yaml", (const char *)data, size, &FUZZ_LIMITS, fuzz_objects_doc, &fo, &err);
}

#endif
