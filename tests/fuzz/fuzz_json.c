/* fuzz_json.c — differential libFuzzer target for the JSON front end: the
 * same bytes through the fast path and through libyaml alone must give the
 * same outcome, error position and tree (tests/common/tree_compare.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/core/json.h"
#include "../common/tree_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct load_limits lim = {
        .max_doc_bytes = 1u << 20, .max_depth = 64, .max_scalar_bytes = 1u << 16,
        .max_nodes = 1u << 16,
    };
    /* anything else goes to libyaml either way (and a comment line in front
     * would change how libyaml detects the encoding) */
    if (!json_looks_like((const char *)data, size))
        return 0;
    char why[400];
    const char *w = tc_compare((const char *)data, size, &lim, why, sizeof why);
    if (w) {
        fprintf(stderr, "front ends differ: %s\n", w);
        abort();
    }
    return 0;
}
