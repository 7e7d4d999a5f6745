/* fuzz_audit_checkpoint.c — libFuzzer target for the `audit --follow`
 * checkpoint reader: any bytes as a checkpoint file, restored into an
 * engine running the built-in rules (so saved windows meet the stateful
 * rules) and the alert keys ahead of the positions read into a set, then
 * written back out (to /dev/null) from what was restored. */
#include <stddef.h>
#include <stdint.h>

#include "../../src/audit/audit_builtin.h"
#include "../../src/audit/audit_checkpoint.h"
#include "../../src/audit/audit_rules.h"

static struct audit_ruleset rules;
static int loaded;

static void no_alert(const struct audit_alert *a, void *ctx)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        audit_rules_init(&rules);
        if (!audit_rules_load_text(&rules, "<built-in rules>", AUDIT_BUILTIN_RULES,
                                   AUDIT_BUILTIN_RULES_LEN) ||
            !audit_rules_compile(&rules))
            __builtin_trap();
        loaded = 1;
    }
    struct audit_engine e;
    audit_engine_init(&e, &rules, no_alert, NULL);
    struct alert_keys ahead = {0};
    struct checkpoint cp = {.ahead = &ahead};
    if (checkpoint_parse("fuzz.json", (const char *)data, size, &cp, &e))
        checkpoint_save("/dev/null", &cp, &e);
    checkpoint_free(&cp);
    alert_keys_free(&ahead);
    audit_engine_free(&e);
    return 0;
}
