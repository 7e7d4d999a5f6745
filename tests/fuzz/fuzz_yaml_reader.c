/* fuzz_yaml_reader.c — differential libFuzzer target for the YAML reader:
 * whatever it reads, it must give exactly libyaml's events for the same
 * bytes (tests/common/event_compare.h), and the loader must build from
 * memory (the reader, libyaml for what it declines, document by document)
 * exactly what it builds from a stream libyaml alone reads, errors
 * included (tests/common/load_compare.h), under small limits too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/event_compare.h"
#include "../common/load_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct load_limits lim = {
        .max_doc_bytes = 1u << 20, .max_depth = 16, .max_scalar_bytes = 64, .max_nodes = 512,
    };
    char why[400];
    bool taken;
    const char *w = ec_compare((const char *)data, size, &taken, why, sizeof why);
    if (!w)
        w = lc_compare((const char *)data, size, NULL, why, sizeof why);
    if (!w)
        w = lc_compare((const char *)data, size, &lim, why, sizeof why);
    if (w) {
        fprintf(stderr, "the reader and libyaml differ: %s\n", w);
        abort();
    }
    return 0;
}
