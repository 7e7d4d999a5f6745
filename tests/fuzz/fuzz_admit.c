/* fuzz_admit.c — libFuzzer target for the admission path: bytes →
 * AdmissionReview decoder → decision (engine, Pod Security, resource bounds,
 * command controls) → response and log line. The policy is built once, with
 * a resource rule and a command rule so that every control is reached. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/admit/admit.h"
#include "../../src/admit/quantity.h"

static char **strings(const char *a, const char *b)
{
    char **v = xcalloc(2, sizeof *v);
    v[0] = xstrdup(a);
    v[1] = xstrdup(b);
    return v;
}

static const struct admit_policy *policy(void)
{
    static struct admit_policy p;
    static int built;
    if (built)
        return &p;
    built = 1;
    admit_policy_init(&p);
    p.max_nodes = 1u << 14;
    struct admit_resource_rule *r = xcalloc(1, sizeof *r);
    r->require_requests = strings("cpu", "memory");
    r->nrequire_requests = 2;
    r->container = xcalloc(1, sizeof *r->container);
    r->container[0] = (struct admit_cap){xstrdup("memory"), 0, xstrdup("4Gi")};
    quantity_parse("4Gi", &r->container[0].max);
    r->ncontainer = 1;
    r->pod = xcalloc(1, sizeof *r->pod);
    r->pod[0] = (struct admit_cap){xstrdup("nvidia.com/gpu"), 1, xstrdup("1")};
    r->npod = 1;
    p.resources = r;
    p.nresources = 1;
    struct admit_command_rule *c = xcalloc(1, sizeof *c);
    c->subresources = strings("pods/exec", "nodes/proxy");
    c->nsubresources = 2;
    c->break_glass = strings("oncall", "sre-*");
    c->nbreak_glass = 2;
    p.commands = c;
    p.ncommands = 1;
    return &p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct admit_decision d;
    admit_decide(policy(), (const char *)data, size, &d);
    if (d.status != ADMIT_BAD_INPUT) {
        size_t len;
        free(admit_response(&d, &len));
    }
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        admit_write_log(null, &d, 1.0);
        fclose(null);
    }
    admit_decision_free(&d);
    return 0;
}
