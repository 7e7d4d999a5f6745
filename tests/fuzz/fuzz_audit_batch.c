/* fuzz_audit_batch.c — libFuzzer target for the audit webhook's body check
 * (audit_batch_check): any bytes; a body it accepts must load with the
 * loader (what the queue's consumer does with it), and a refusal must say
 * why. */
#include <stdint.h>
#include <stdlib.h>

#include "../../src/audit/audit_batch.h"
#include "../../src/core/load.h"

static int drop(struct doc *doc, void *ctx)
{
    (void)ctx;
    doc_free(doc);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[512] = "";
    if (size > (1u << 20))
        return 0;
    if (!audit_batch_check((const char *)data, size, why, sizeof why)) {
        if (!why[0])
            abort();
        return 0;
    }
    struct load_error err = {0};
    if (load_buffer("fuzz", (const char *)data, size, &LOAD_LIMITS_DEFAULT, drop, NULL, &err))
        abort(); /* accepted, yet the consumer could not load it */
    return 0;
}
