/* policy.h — everything the admission webhook decides with, built once from
 * the configuration file and the command line and then only read (the
 * server swaps a whole new policy in on reload): the scan configuration the
 * engine runs with, the Pod Security level per namespace, the mode of each
 * check (enforce, warn, audit), request exemptions, which checks a
 * ringwall.io/ignore annotation may silence, resource bounds, command
 * controls and the failure policy. Format: the admit: section of
 * ringwall.yaml (docs/admit.md). */
#ifndef RINGWALL_ADMIT_POLICY_H
#define RINGWALL_ADMIT_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "../checks/config.h"
#include "../pss/policy.h"

enum admit_mode { ADMIT_ENFORCE, ADMIT_WARN, ADMIT_AUDIT };

/* modes: a check pattern (id or glob) or a severity, with its mode; the
 * first match wins. */
struct admit_mode_rule {
    char *pattern;         /* NULL for a severity rule */
    enum severity severity; /* for a severity rule */
    enum admit_mode mode;
};

/* pod-security.namespaces: a namespace glob with its own level:version. */
struct admit_pss_rule {
    char *namespace;
    struct pss_policy policy;
};

/* exemptions: a request whose namespace, user, group or service account
 * matches (globs) is allowed unjudged, with the reason in the audit log. */
enum admit_subject { EXEMPT_NAMESPACE, EXEMPT_USER, EXEMPT_GROUP, EXEMPT_SERVICE_ACCOUNT };
struct admit_exemption {
    enum admit_subject subject;
    char *pattern;
    char *reason;
};

/* The resources a bound can name: cpu, memory, ephemeral-storage and any
 * extended resource such as nvidia.com/gpu. */
struct admit_cap {
    char *resource;
    double max;  /* cores for cpu, bytes for memory, units otherwise */
    char *text;  /* as written, for messages */
};

/* resources: the first rule whose namespaces match applies. */
struct admit_resource_rule {
    char **namespaces; /* globs; none: every namespace */
    size_t nnamespaces;
    char **require_requests, **require_limits; /* resource names */
    size_t nrequire_requests, nrequire_limits;
    struct admit_cap *container, *pod;
    size_t ncontainer, npod;
};

/* commands: CONNECT to these subresources is denied in these namespaces or
 * for these users or groups (each list absent: any), unless the user is in a
 * break-glass group. */
struct admit_command_rule {
    char **subresources; /* pods/exec, pods/attach, pods/portforward, nodes/proxy */
    char **namespaces, **users, **groups, **break_glass;
    size_t nsubresources, nnamespaces, nusers, ngroups, nbreak_glass;
};

struct admit_policy {
    struct scan_config scan;
    enum severity warn_from;       /* below fail-on and at or above this: warn; lower: audit */
    struct pss_policy pss;         /* default Pod Security policy (restricted:latest) */
    bool pss_off;                  /* pod-security: none */
    struct admit_pss_rule *pss_rules;
    size_t npss_rules;
    struct admit_mode_rule *modes;
    size_t nmodes;
    struct admit_exemption *exemptions;
    size_t nexemptions;
    char **ignorable;              /* checks a ringwall.io/ignore annotation may silence */
    size_t nignorable;
    struct admit_resource_rule *resources;
    size_t nresources;
    struct admit_command_rule *commands;
    size_t ncommands;
    bool failure_allow;            /* failure: allow (default deny) */
    size_t max_nodes;              /* a larger object cannot be judged (failure policy) */
    struct engine_plan *plan;      /* what the engine runs: made on the first decision
                                      (admit_policy_plan), after which the policy no
                                      longer changes */
};

/* The checks that judge a whole input rather than one object (a namespace
 * without a NetworkPolicy, a binding to a role not in the input): off in
 * the webhook, which sees one object at a time. Comma-separated. */
extern const char ADMIT_WHOLE_INPUT_CHECKS[];

/* Defaults: scan's defaults, whole-input checks off, annotation ignores
 * off, restricted:latest, failure deny. */
void admit_policy_init(struct admit_policy *p);
void admit_policy_free(struct admit_policy *p);
/* The engine's plan for the policy's scan configuration, made once however
 * many threads ask at the same time. */
struct engine_plan;
const struct engine_plan *admit_policy_plan(const struct admit_policy *p);

/* The Pod Security policy for a namespace; NULL when Pod Security is off. */
const struct pss_policy *admit_pss_for(const struct admit_policy *p, const char *ns);
/* The mode of a finding of check `id` at severity s. */
enum admit_mode admit_mode_for(const struct admit_policy *p, const char *id, enum severity s);
/* Whether a ringwall.io/ignore annotation may silence check `id`. */
bool admit_ignorable(const struct admit_policy *p, const char *id);
const char *admit_mode_name(enum admit_mode m);

/* One option of the command line (applied after the file, in order). */
struct admit_option {
    int opt;         /* ADMIT_OPT_* */
    const char *arg;
};
enum { ADMIT_OPT_FAIL_ON = 1, ADMIT_OPT_CHECKS, ADMIT_OPT_SKIP, ADMIT_OPT_PSS,
       ADMIT_OPT_FAILURE };

/* Builds a policy from the file (may be NULL) and the options; false after
 * reporting every error (the policy is then freed). The file's
 * pod-locations (process-wide) are applied only when `first`. */
bool admit_policy_load(struct admit_policy *p, const char *config, const struct admit_option *opts,
                       size_t nopts, bool first);

#endif
