/* policy.c — the webhook's policy: defaults, lookups, and building one from
 * the configuration file and the command line (policy.h). The admit:
 * section itself is read by config.c. */
#include "policy.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../checks/config_file.h"
#include "../checks/engine.h"
#include "../core/diag.h"
#include "config.h"

const char ADMIT_WHOLE_INPUT_CHECKS[] =
    "network/no-default-deny,network/no-default-deny-egress,network/pod-not-isolated,"
    "network/policy-selects-nothing,network/policy-selects-unseen,network/coverage-unknown,"
    "rbac/unknown-role,reliability/single-replica,reliability/no-pdb,"
    "reliability/hpa-replicas-set,consistency/service-no-workload,"
    "consistency/service-target-port,consistency/ingress-missing-service,"
    "consistency/route-missing-service,consistency/backend-port-missing,"
    "consistency/route-missing-gateway,consistency/hpa-no-target,consistency/pdb-selects-nothing,"
    "consistency/missing-service-account,consistency/missing-configmap,"
    "consistency/missing-secret,consistency/missing-pvc,consistency/statefulset-missing-service,"
    "consistency/overlapping-selectors,exposure/ingress,exposure/gateway-route,exposure/istio";

static const char *const MODE_NAMES[] = {"enforce", "warn", "audit"};

const char *admit_mode_name(enum admit_mode m)
{
    return MODE_NAMES[m];
}

void admit_policy_init(struct admit_policy *p)
{
    memset(p, 0, sizeof *p);
    config_init(&p->scan);
    config_skip(&p->scan, ADMIT_WHOLE_INPUT_CHECKS);
    p->scan.annotation_ignores = false;
    p->warn_from = SEV_INFO;
    pss_policy_init(&p->pss, PSS_LEVEL_RESTRICTED, (struct pss_version){.latest = true});
    p->max_nodes = 1u << 20;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

const struct engine_plan *admit_policy_plan(const struct admit_policy *p)
{
    /* a cache, made on first use although the policy is otherwise only read */
    struct engine_plan **slot = (struct engine_plan **)&p->plan;
    struct engine_plan *plan = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (plan)
        return plan;
    plan = xmalloc(sizeof *plan);
    engine_plan_init(plan, &p->scan);
    struct engine_plan *expected = NULL;
    if (!__atomic_compare_exchange_n(slot, &expected, plan, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        engine_plan_free(plan); /* another thread made it first */
        free(plan);
        plan = expected;
    }
    return plan;
}

void admit_policy_free(struct admit_policy *p)
{
    if (p->plan) {
        engine_plan_free(p->plan);
        free(p->plan);
    }
    config_free(&p->scan);
    for (size_t i = 0; i < p->npss_rules; i++)
        free(p->pss_rules[i].namespace);
    free(p->pss_rules);
    for (size_t i = 0; i < p->nmodes; i++)
        free(p->modes[i].pattern);
    free(p->modes);
    for (size_t i = 0; i < p->nexemptions; i++) {
        free(p->exemptions[i].pattern);
        free(p->exemptions[i].reason);
    }
    free(p->exemptions);
    free_strings(p->ignorable, p->nignorable);
    for (size_t i = 0; i < p->nresources; i++) {
        struct admit_resource_rule *r = &p->resources[i];
        free_strings(r->namespaces, r->nnamespaces);
        free_strings(r->require_requests, r->nrequire_requests);
        free_strings(r->require_limits, r->nrequire_limits);
        for (size_t k = 0; k < r->ncontainer; k++) {
            free(r->container[k].resource);
            free(r->container[k].text);
        }
        for (size_t k = 0; k < r->npod; k++) {
            free(r->pod[k].resource);
            free(r->pod[k].text);
        }
        free(r->container);
        free(r->pod);
    }
    free(p->resources);
    for (size_t i = 0; i < p->ncommands; i++) {
        struct admit_command_rule *c = &p->commands[i];
        free_strings(c->subresources, c->nsubresources);
        free_strings(c->namespaces, c->nnamespaces);
        free_strings(c->users, c->nusers);
        free_strings(c->groups, c->ngroups);
        free_strings(c->break_glass, c->nbreak_glass);
    }
    free(p->commands);
    memset(p, 0, sizeof *p);
}

const struct pss_policy *admit_pss_for(const struct admit_policy *p, const char *ns)
{
    for (size_t i = 0; i < p->npss_rules; i++)
        if (fnmatch(p->pss_rules[i].namespace, ns ? ns : "", 0) == 0)
            return &p->pss_rules[i].policy;
    return p->pss_off ? NULL : &p->pss;
}

/* A pattern against an id: the catalog's matching (ids, aliases, globs) for
 * catalog checks, a glob for the webhook's own (admit/...). */
bool admit_id_matches(const char *id, const char *pattern)
{
    const struct check *c = catalog_find(id);
    if (c)
        return catalog_matches(c, pattern);
    return fnmatch(pattern, id, 0) == 0;
}

enum admit_mode admit_mode_for(const struct admit_policy *p, const char *id, enum severity s)
{
    for (size_t i = 0; i < p->nmodes; i++) {
        const struct admit_mode_rule *m = &p->modes[i];
        if (m->pattern ? admit_id_matches(id, m->pattern) : m->severity == s)
            return m->mode;
    }
    if (s == SEV_COUNT) /* the webhook's own controls and Pod Security: enforced */
        return ADMIT_ENFORCE;
    if (p->scan.fail_on != SEV_COUNT && s >= p->scan.fail_on)
        return ADMIT_ENFORCE;
    return s >= p->warn_from ? ADMIT_WARN : ADMIT_AUDIT;
}

bool admit_ignorable(const struct admit_policy *p, const char *id)
{
    for (size_t i = 0; i < p->nignorable; i++)
        if (admit_id_matches(id, p->ignorable[i]))
            return true;
    return false;
}

static bool apply_option(struct admit_policy *p, const struct admit_option *o)
{
    switch (o->opt) {
    case ADMIT_OPT_FAIL_ON:
        return severity_parse(o->arg, &p->scan.fail_on);
    case ADMIT_OPT_CHECKS:
        return config_only(&p->scan, o->arg);
    case ADMIT_OPT_SKIP:
        return config_skip(&p->scan, o->arg);
    case ADMIT_OPT_PSS:
        return admit_pss_parse(o->arg, &p->pss, &p->pss_off);
    case ADMIT_OPT_FAILURE:
        return admit_failure_parse(o->arg, &p->failure_allow);
    }
    return false;
}

bool admit_policy_load(struct admit_policy *p, const char *config, const struct admit_option *opts,
                       size_t nopts, bool first)
{
    admit_policy_init(p);
    bool ok = !config ||
              config_file_load_admit(&p->scan, config, admit_config_section, p, first);
    for (size_t i = 0; i < nopts; i++)
        ok = apply_option(p, &opts[i]) && ok;
    if (!ok)
        admit_policy_free(p);
    return ok;
}
