/* config.c — reading the admit: section (config.h). One function per key,
 * dispatched from KEYS as the file's top level is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/catalog.h"
#include "../core/arena.h"
#include "quantity.h"

/* Ids of the webhook's own controls (patterns may name them too). */
static const char *const OWN_IDS[] = {"admit/resource-requests", "admit/resource-limits",
                                      "admit/resource-cap", "admit/command"};

static const char *const SUBRESOURCES[] = {"pods/exec", "pods/attach", "pods/portforward",
                                           "nodes/proxy"};

bool admit_pss_parse(const char *s, struct pss_policy *out, bool *off)
{
    enum pss_level level;
    struct pss_version version;
    if (strcmp(s, "none") == 0) {
        *off = true;
        return true;
    }
    if (!pss_spec_parse(s, &level, &version))
        return false;
    pss_policy_init(out, level, version);
    *off = false;
    return true;
}

bool admit_failure_parse(const char *s, bool *allow)
{
    if (strcmp(s, "deny") != 0 && strcmp(s, "allow") != 0)
        return false;
    *allow = strcmp(s, "allow") == 0;
    return true;
}

/* Whether any check (catalog, Pod Security control or own control) matches. */
static bool pattern_known(const char *pattern)
{
    for (size_t c = 0; c < catalog_count(); c++)
        if (catalog_matches(catalog_at(c), pattern))
            return true;
    for (size_t i = 0; i < sizeof OWN_IDS / sizeof *OWN_IDS; i++)
        if (admit_id_matches(OWN_IDS[i], pattern))
            return true;
    return false;
}

static char *want_pattern(struct cf *cf, const struct node *n, const char *what)
{
    const char *s = cf_want_string(cf, n, what);
    if (!s)
        return NULL;
    if (!pattern_known(s)) {
        cf_error(cf, n, "no check matches \"%s\" (see `ringwall checks`)", s);
        return NULL;
    }
    return xstrdup(s);
}

/* A sequence of non-empty strings into a malloc'd array. */
static void want_strings(struct cf *cf, const struct node *v, const char *what, char ***out,
                         size_t *n)
{
    if (!cf_want_type(cf, v, NODE_SEQ, what))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const char *s = cf_want_string(cf, node_at(v, i), what);
        if (!s)
            continue;
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = xstrdup(s);
    }
}

static void key_failure(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    const char *s = cf_want_string(cf, v, "failure");
    if (s && !admit_failure_parse(s, &p->failure_allow))
        cf_error(cf, v, "failure must be deny or allow, not \"%s\"", s);
}

static void key_warn_from(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    cf_want_severity(cf, v, "warn-from", false, &p->warn_from);
}

static void key_pod_security(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    const char *s = cf_want_string(cf, v, "pod-security");
    if (s && !admit_pss_parse(s, &p->pss, &p->pss_off))
        cf_error(cf, v, "pod-security: want LEVEL[:VERSION] (privileged, baseline, restricted; "
                        "latest or v1.N) or none, not \"%s\"", s);
}

static void key_pss_namespaces(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    if (!cf_want_type(cf, v, NODE_MAP, "pod-security-namespaces"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const char *s = cf_want_string(cf, node_value(v, i), node_key(v, i)->str);
        struct admit_pss_rule r = {0};
        bool off = false;
        if (!s)
            continue;
        if (!admit_pss_parse(s, &r.policy, &off) || off) {
            cf_error(cf, node_value(v, i), "namespace \"%s\": want LEVEL[:VERSION], not \"%s\"",
                     node_key(v, i)->str, s);
            continue;
        }
        r.namespace = xstrdup(node_key(v, i)->str);
        p->pss_rules = xrealloc(p->pss_rules, (p->npss_rules + 1) * sizeof *p->pss_rules);
        p->pss_rules[p->npss_rules++] = r;
    }
}

static void key_modes(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    if (!cf_want_type(cf, v, NODE_MAP, "modes"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *k = node_key(v, i);
        const char *m = cf_want_string(cf, node_value(v, i), k->str);
        size_t mode = 0;
        while (m && mode < 3 && strcmp(m, admit_mode_name((enum admit_mode)mode)) != 0)
            mode++;
        if (m && mode == 3) {
            cf_error(cf, node_value(v, i), "mode must be enforce, warn or audit, not \"%s\"", m);
            continue;
        }
        if (!m)
            continue;
        enum severity sev = SEV_COUNT;
        char *pattern = NULL;
        if ((!severity_parse(k->str, &sev) || sev == SEV_COUNT) &&
            !(pattern = want_pattern(cf, k, "a mode's check")))
            continue;
        p->modes = xrealloc(p->modes, (p->nmodes + 1) * sizeof *p->modes);
        p->modes[p->nmodes++] = (struct admit_mode_rule){pattern, sev, (enum admit_mode)mode};
    }
}

static void key_exemptions(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    static const char *const NAMES[] = {"namespace", "user", "group", "service-account",
                                        "reason"};
    if (!cf_want_type(cf, v, NODE_SEQ, "exemptions"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        const char *val[5];
        if (!cf_read_item(cf, item, "an admit exemption", NAMES, 5, val))
            continue;
        int subject = -1, nsubjects = 0;
        for (int s = 0; s < 4; s++)
            if (val[s]) {
                subject = s;
                nsubjects++;
            }
        if (nsubjects != 1) {
            cf_error(cf, item, "an admit exemption names one of namespace, user, group or "
                               "service-account");
            continue;
        }
        if (!val[4]) {
            cf_error(cf, item, "an admit exemption needs a \"reason\" (it is written to the "
                               "audit log with every request it admits)");
            continue;
        }
        p->exemptions = xrealloc(p->exemptions, (p->nexemptions + 1) * sizeof *p->exemptions);
        p->exemptions[p->nexemptions++] = (struct admit_exemption){
            (enum admit_subject)subject, xstrdup(val[subject]), xstrdup(val[4])};
    }
}

static void key_annotation_ignores(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    if (!cf_want_type(cf, v, NODE_SEQ, "annotation-ignores"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        char *pattern = want_pattern(cf, node_at(v, i), "annotation-ignores");
        if (!pattern)
            continue;
        p->ignorable = xrealloc(p->ignorable, (p->nignorable + 1) * sizeof *p->ignorable);
        p->ignorable[p->nignorable++] = pattern;
    }
    p->scan.annotation_ignores = p->nignorable > 0;
}

static void key_max_nodes(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    int64_t n;
    if (!node_int(v, &n) || n < 1)
        cf_error(cf, v, "max-nodes must be a positive integer");
    else
        p->max_nodes = (size_t)n;
}

/* container: / pod: a mapping of resource name to quantity. */
static void read_caps(struct cf *cf, const struct node *v, const char *what,
                      struct admit_cap **out, size_t *n)
{
    if (!cf_want_type(cf, v, NODE_MAP, what))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *val = node_value(v, i);
        const char *text = node_is_scalar(val) ? node_text(val) : NULL;
        double max;
        if (!text || !quantity_parse(text, &max) || max < 0) {
            cf_error(cf, val, "%s: \"%s\" must be a quantity (e.g. 500m, 2, 4Gi)", what,
                     node_key(v, i)->str);
            continue;
        }
        *out = xrealloc(*out, (*n + 1) * sizeof **out);
        (*out)[(*n)++] = (struct admit_cap){xstrdup(node_key(v, i)->str), max, xstrdup(text)};
    }
}

static void read_resource_rule(struct cf *cf, const struct node *item,
                               struct admit_resource_rule *r)
{
    for (size_t i = 0; i < node_len(item); i++) {
        const char *k = node_key(item, i)->str;
        const struct node *val = node_value(item, i);
        if (strcmp(k, "namespaces") == 0)
            want_strings(cf, val, k, &r->namespaces, &r->nnamespaces);
        else if (strcmp(k, "require-requests") == 0)
            want_strings(cf, val, k, &r->require_requests, &r->nrequire_requests);
        else if (strcmp(k, "require-limits") == 0)
            want_strings(cf, val, k, &r->require_limits, &r->nrequire_limits);
        else if (strcmp(k, "container") == 0)
            read_caps(cf, val, k, &r->container, &r->ncontainer);
        else if (strcmp(k, "pod") == 0)
            read_caps(cf, val, k, &r->pod, &r->npod);
        else
            cf_error(cf, node_key(item, i), "unknown key \"%s\" in a resources rule (known: "
                     "namespaces, require-requests, require-limits, container, pod)", k);
    }
}

static void key_resources(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    if (!cf_want_type(cf, v, NODE_SEQ, "resources"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        if (!cf_want_type(cf, item, NODE_MAP, "a resources rule"))
            continue;
        p->resources = xrealloc(p->resources, (p->nresources + 1) * sizeof *p->resources);
        struct admit_resource_rule *r = &p->resources[p->nresources++];
        memset(r, 0, sizeof *r);
        read_resource_rule(cf, item, r);
    }
}

static void check_subresources(struct cf *cf, const struct node *v,
                               const struct admit_command_rule *r)
{
    for (size_t i = 0; i < r->nsubresources; i++) {
        size_t k = 0;
        while (k < 4 && strcmp(r->subresources[i], SUBRESOURCES[k]) != 0)
            k++;
        if (k == 4)
            cf_error(cf, node_at(v, i), "unknown subresource \"%s\" (pods/exec, pods/attach, "
                     "pods/portforward, nodes/proxy)", r->subresources[i]);
    }
}

static void read_command_rule(struct cf *cf, const struct node *item,
                              struct admit_command_rule *r)
{
    for (size_t i = 0; i < node_len(item); i++) {
        const char *k = node_key(item, i)->str;
        const struct node *val = node_value(item, i);
        if (strcmp(k, "subresources") == 0) {
            want_strings(cf, val, k, &r->subresources, &r->nsubresources);
            check_subresources(cf, val, r);
        } else if (strcmp(k, "namespaces") == 0) {
            want_strings(cf, val, k, &r->namespaces, &r->nnamespaces);
        } else if (strcmp(k, "users") == 0) {
            want_strings(cf, val, k, &r->users, &r->nusers);
        } else if (strcmp(k, "groups") == 0) {
            want_strings(cf, val, k, &r->groups, &r->ngroups);
        } else if (strcmp(k, "break-glass-groups") == 0) {
            want_strings(cf, val, k, &r->break_glass, &r->nbreak_glass);
        } else {
            cf_error(cf, node_key(item, i), "unknown key \"%s\" in a commands rule (known: "
                     "subresources, namespaces, users, groups, break-glass-groups)", k);
        }
    }
    if (!r->nsubresources)
        cf_error(cf, item, "a commands rule needs \"subresources\" (e.g. [pods/exec])");
}

static void key_commands(struct cf *cf, const struct node *v, struct admit_policy *p)
{
    if (!cf_want_type(cf, v, NODE_SEQ, "commands"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        if (!cf_want_type(cf, item, NODE_MAP, "a commands rule"))
            continue;
        p->commands = xrealloc(p->commands, (p->ncommands + 1) * sizeof *p->commands);
        struct admit_command_rule *r = &p->commands[p->ncommands++];
        memset(r, 0, sizeof *r);
        read_command_rule(cf, item, r);
    }
}

static const struct {
    const char *name;
    void (*apply)(struct cf *cf, const struct node *v, struct admit_policy *p);
} KEYS[] = {
    {"failure", key_failure},
    {"warn-from", key_warn_from},
    {"pod-security", key_pod_security},
    {"pod-security-namespaces", key_pss_namespaces},
    {"modes", key_modes},
    {"exemptions", key_exemptions},
    {"annotation-ignores", key_annotation_ignores},
    {"resources", key_resources},
    {"commands", key_commands},
    {"max-nodes", key_max_nodes},
};

enum { NKEYS = sizeof KEYS / sizeof *KEYS };

void admit_config_section(struct cf *cf, const struct node *v, void *ctx)
{
    if (!cf_want_type(cf, v, NODE_MAP, "admit"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *k = node_key(v, i);
        size_t j = 0;
        while (j < NKEYS && strcmp(k->str, KEYS[j].name) != 0)
            j++;
        if (j < NKEYS) {
            KEYS[j].apply(cf, node_value(v, i), ctx);
            continue;
        }
        char known[256] = "";
        for (size_t n = 0; n < NKEYS; n++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", n ? ", " : "",
                     KEYS[n].name);
        cf_error(cf, k, "unknown key \"%s\" in admit (known: %s)", k->str, known);
    }
}
