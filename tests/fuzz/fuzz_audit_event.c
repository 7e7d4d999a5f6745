/* fuzz_audit_event.c — libFuzzer target for the audit event decoder: any
 * bytes as one record (an Event, EventList, array, AKS or GKE record), and
 * every field extracted from each event decoded. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/audit/audit_event.h"
#include "../../src/audit/audit_fields.h"

enum { MAXF = 128 };
static struct audit_field fields[MAXF];
static struct audit_vals cache[MAXF];
static size_t nfields;
static uint32_t gen;

static void setup(void)
{
    if (nfields)
        return;
    for (size_t i = 0; audit_field_name_at(i) && nfields < MAXF; i++) {
        const char *name = audit_field_name_at(i);
        const struct audit_field_def *d = audit_field_lookup(name, strlen(name));
        static const char *const args[] = {"0", "/requestObject/spec", "command", "/proc*",
                                           "workload/privileged"};
        const char *arg = NULL;
        if (audit_field_arg_required(d)) {
            arg = strcmp(name, "jevt.value") == 0   ? args[1]
                  : strcmp(name, "ka.uri.param") == 0 ? args[2]
                  : strcmp(name, "ringwall.check") == 0 ? args[4]
                                                        : args[3];
        } else if (audit_field_is_list(d)) {
            arg = (nfields % 2) ? args[0] : NULL;
        }
        fields[nfields] = (struct audit_field){.def = d, .name = name, .arg = arg,
                                               .slot = (unsigned)nfields};
        nfields++;
    }
}

static bool on_event(struct audit_event *ev, void *ctx)
{
    (void)ctx;
    ev->cache = cache;
    ev->gen = ++gen ? gen : ++gen;
    for (size_t i = 0; i < nfields; i++) {
        const struct audit_vals *v = audit_field_get(&fields[i], ev);
        for (uint32_t k = 0; k < v->n; k++)
            if (!v->v[k])
                abort();
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    if (size > (1u << 20))
        return 0;
    audit_decode("fuzz", 1, (const char *)data, size, on_event, NULL);
    return 0;
}
