/* fuzz_audit_alert_keys.c — libFuzzer target for reading back the tail of an
 * alerts file after a crash (audit_alert_keys.h): the first byte picks the
 * format, the rest is the tail. Its whole lines end where it says, every
 * key it noted can be taken once, and no more. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/audit/audit_alert_keys.h"

static const enum audit_format FORMATS[] = {AUDIT_TEXT, AUDIT_JSON, AUDIT_JSONL, AUDIT_FALCO};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum audit_format f = FORMATS[data[0] % 4];
    const char *p = (const char *)data + 1;
    size_t len = size - 1, whole, unkeyed;
    struct alert_keys k = {0};
    alert_keys_of_text(f, p, len, &k, &whole, &unkeyed);
    if (whole > len || (whole && p[whole - 1] != '\n') || memchr(p + whole, '\n', len - whole))
        __builtin_trap();
    uint64_t *all;
    size_t n = alert_keys_export(&k, &all);
    if (n != k.total)
        __builtin_trap();
    for (size_t i = 0; i < n; i++)
        if (!alert_keys_take(&k, all[i]))
            __builtin_trap();
    if (k.total || (n && alert_keys_take(&k, all[0])))
        __builtin_trap();
    free(all);
    alert_keys_free(&k);
    return 0;
}
