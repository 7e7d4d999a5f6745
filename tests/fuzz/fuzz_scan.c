/* fuzz_scan.c — libFuzzer target for the whole check path: bytes →
 * load_buffer (YAML/JSON) → k8s_each_object (List expansion) → engine
 * (every check, every analyzer). Small limits make deep, large and
 * alias-heavy inputs reach their errors quickly. */
#include <stddef.h>
#include <stdint.h>

#include "../../src/checks/config.h"
#include "../../src/checks/engine.h"
#include "../../src/core/load.h"
#include "../../src/k8s/object.h"

static void check_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
}

static int check_doc(struct doc *d, void *ctx)
{
    if (!d->duplicate_key)
        k8s_each_object(d->root, d->file, d->index, check_object, ctx);
    doc_free(d);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct load_limits lim = {
        .max_doc_bytes = 1u << 20, .max_depth = 64, .max_scalar_bytes = 1u << 16,
        .max_nodes = 1u << 16,
    };
    struct scan_config cfg;
    config_init(&cfg);
    struct findings findings = {0};
    struct engine engine;
    engine_init(&engine, &cfg, &findings);
    struct load_error err;
    load_buffer("fuzz.yaml", (const char *)data, size, &lim, check_doc, &engine, &err);
    engine_finish(&engine);
    findings_free(&findings);
    config_free(&cfg);
    return 0;
}
