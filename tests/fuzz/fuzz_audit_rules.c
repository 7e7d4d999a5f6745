/* fuzz_audit_rules.c — libFuzzer target for the Falco rules loader and the
 * condition compiler: any bytes as a rules file; what compiles is run over a
 * fixed audit event. */
#include <stdint.h>
#include <string.h>

#include "../../src/audit/audit_engine.h"

static const char EVENT[] =
    "{\"kind\":\"Event\",\"auditID\":\"x\",\"stage\":\"ResponseComplete\",\"verb\":\"create\","
    "\"requestURI\":\"/api/v1/namespaces/d/pods/p/exec?command=sh\",\"user\":{\"username\":"
    "\"alice\",\"groups\":[\"a\",\"b\"]},\"objectRef\":{\"resource\":\"pods\",\"namespace\":"
    "\"d\",\"name\":\"p\",\"subresource\":\"exec\"},\"responseStatus\":{\"code\":201},"
    "\"requestObject\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"containers\":[{"
    "\"name\":\"c\",\"image\":\"nginx:1\",\"securityContext\":{\"privileged\":true}}],"
    "\"volumes\":[{\"name\":\"v\",\"hostPath\":{\"path\":\"/etc\"}}]}}}";

static void on_alert(const struct audit_alert *a, void *ctx)
{
    (void)a;
    (void)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 16))
        return 0;
    struct audit_ruleset rs;
    audit_rules_init(&rs);
    if (audit_rules_load_text(&rs, "fuzz.yaml", (const char *)data, size) &&
        audit_rules_compile(&rs)) {
        struct audit_engine e;
        audit_engine_init(&e, &rs, on_alert, NULL);
        audit_decode("event", 1, EVENT, sizeof EVENT - 1, audit_engine_event, &e);
        audit_engine_free(&e);
    }
    audit_rules_free(&rs);
    return 0;
}
