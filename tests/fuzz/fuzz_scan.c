/* fuzz_scan.c — libFuzzer target for the whole check path: bytes →
 * load_buffer (YAML/JSON) → k8s_each_object (List expansion) → engine
 * (every check, every analyzer). */
#include <stddef.h>
#include <stdint.h>

#include "../../src/checks/config.h"
#include "../../src/checks/engine.h"
#include "fuzz_util.h"

static void check_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct scan_config cfg;
    config_init(&cfg);
    struct findings findings = {0};
    struct engine engine;
    engine_init(&engine, &cfg, &findings);
    fuzz_each_object(data, size, check_object, &engine);
    engine_finish(&engine);
    findings_free(&findings);
    config_free(&cfg);
    return 0;
}
