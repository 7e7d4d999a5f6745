/* controls.c — the webhook's own controls, which no scan check covers:
 * resource bounds (requests and limits required, caps per container and per
 * pod, per namespace) and command controls (CONNECT to exec, attach,
 * port-forward and node proxy denied in chosen namespaces or for chosen
 * users and groups, break-glass groups let through). */
#include <fnmatch.h>
#include <string.h>

#include "../k8s/pod.h"
#include "../pss/text.h"
#include "admit.h"
#include "quantity.h"

static bool any_glob(char *const *patterns, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (s && fnmatch(patterns[i], s, 0) == 0)
            return true;
    return false;
}

static const struct admit_resource_rule *resource_rule(const struct admit_policy *p,
                                                       const char *ns)
{
    for (size_t i = 0; i < p->nresources; i++) {
        const struct admit_resource_rule *r = &p->resources[i];
        if (!r->nnamespaces || any_glob(r->namespaces, r->nnamespaces, ns ? ns : ""))
            return r;
    }
    return NULL;
}

static void add(struct admit_decision *d, const struct admit_policy *p, const char *id,
                const struct container_view *c, const char *path, const char *message)
{
    admit_add_item(d, &(struct admit_item){
        .id = id, .container = c ? c->name : NULL, .path = path, .message = message,
        .mode = admit_mode_for(p, id, SEV_COUNT)});
}

static void require(const struct admit_policy *p, struct admit_decision *d,
                    const struct container_view *c, char *const *names, size_t n,
                    const char *kind)
{
    const struct node *have = node_path(c->node, kind[0] == 'r' ? "resources.requests"
                                                                 : "resources.limits");
    for (size_t i = 0; i < n; i++)
        if (!node_get(have, names[i]))
            add(d, p, kind[0] == 'r' ? "admit/resource-requests" : "admit/resource-limits", c,
                arena_printf(&d->arena, "%s.resources.%s.%s", c->path,
                             kind[0] == 'r' ? "requests" : "limits", names[i]),
                arena_printf(&d->arena, "container \"%s\" has no %s %s", c->name, names[i],
                             kind));
}

/* What a container asks for of one resource: the larger of its request and
 * limit (0 when it names neither). *text receives the value as written. */
static double asked(const struct container_view *c, const char *res, const char **text)
{
    double best = 0, v;
    const char *sections[] = {"resources.requests", "resources.limits"};
    for (int s = 0; s < 2; s++) {
        const struct node *q = node_get(node_path(c->node, sections[s]), res);
        const char *t = node_is_scalar(q) ? node_text(q) : NULL;
        if (t && quantity_parse(t, &v) && v > best) {
            best = v;
            *text = t;
        }
    }
    return best;
}

static void cap_container(const struct admit_policy *p, struct admit_decision *d,
                          const struct container_view *c, const struct admit_cap *cap)
{
    const char *text = NULL;
    if (asked(c, cap->resource, &text) > cap->max)
        add(d, p, "admit/resource-cap", c, arena_printf(&d->arena, "%s.resources", c->path),
            arena_printf(&d->arena, "container \"%s\" asks for %s %s, over the cap of %s per "
                         "container", c->name, cap->resource, text, cap->text));
}

/* The pod's effective demand, as the scheduler counts it: the sum over its
 * regular containers, or the largest init container when that is more. */
static void cap_pod(const struct admit_policy *p, struct admit_decision *d,
                    const struct pod_view *pv, const struct admit_cap *cap)
{
    double sum = 0, init = 0;
    const char *text;
    for (size_t i = 0; i < pv->ncontainers; i++) {
        const struct container_view *c = &pv->containers[i];
        double v = asked(c, cap->resource, &text);
        if (c->kind == CONTAINER_REGULAR)
            sum += v;
        else if (c->kind == CONTAINER_INIT && v > init)
            init = v;
    }
    double total = sum > init ? sum : init;
    if (total > cap->max)
        add(d, p, "admit/resource-cap", NULL, pv->spec_path,
            arena_printf(&d->arena, "pod asks for %g of %s in all, over the cap of %s per pod",
                         total, cap->resource, cap->text));
}

void admit_check_resources(const struct admit_policy *p, const struct pod_view *pv,
                           const char *ns, struct admit_decision *d)
{
    const struct admit_resource_rule *r = resource_rule(p, ns);
    if (!r)
        return;
    for (size_t i = 0; i < pv->ncontainers; i++) {
        const struct container_view *c = &pv->containers[i];
        if (c->kind == CONTAINER_EPHEMERAL) /* ephemeral containers take no resources */
            continue;
        require(p, d, c, r->require_requests, r->nrequire_requests, "request");
        require(p, d, c, r->require_limits, r->nrequire_limits, "limit");
        for (size_t k = 0; k < r->ncontainer; k++)
            cap_container(p, d, c, &r->container[k]);
    }
    for (size_t k = 0; k < r->npod; k++)
        cap_pod(p, d, pv, &r->pod[k]);
}

/* The command a CONNECT carried: PodExecOptions.command (in request.object,
 * or request.options in older servers), space-joined. */
static const char *connect_command(struct admit_decision *d)
{
    const struct node *cmd = node_get(d->req.object, "command");
    if (!cmd)
        cmd = node_get(d->req.options, "command");
    if (!node_is_seq(cmd))
        return NULL;
    struct pss_buf b = {0};
    for (size_t i = 0; i < node_len(cmd); i++) {
        const char *s = node_text(node_at(cmd, i));
        pss_buf_printf(&b, "%s%s", i ? " " : "", s ? s : "");
    }
    const char *out = arena_strdup(&d->arena, b.s ? b.s : "");
    pss_buf_free(&b);
    return out;
}

static bool in_group(const struct admit_decision *d, char *const *patterns, size_t n,
                     const char **which)
{
    for (size_t i = 0; i < node_len(d->req.groups); i++) {
        const char *g = node_str(node_at(d->req.groups, i));
        if (any_glob(patterns, n, g)) {
            *which = g;
            return true;
        }
    }
    return false;
}

static bool rule_applies(const struct admit_command_rule *r, const struct admit_decision *d,
                         const char *target)
{
    const char *g;
    if (!any_glob(r->subresources, r->nsubresources, target))
        return false;
    if (r->nnamespaces && !any_glob(r->namespaces, r->nnamespaces, d->req.namespace))
        return false;
    if (!r->nusers && !r->ngroups)
        return true;
    return any_glob(r->users, r->nusers, d->req.user) || in_group(d, r->groups, r->ngroups, &g);
}

bool admit_check_command(const struct admit_policy *p, struct admit_decision *d)
{
    const struct admit_request *q = &d->req;
    if (!q->resource || !q->subresource)
        return false;
    const char *target = arena_printf(&d->arena, "%s/%s", q->resource, q->subresource);
    d->command = connect_command(d);
    for (size_t i = 0; i < p->ncommands; i++) {
        const struct admit_command_rule *r = &p->commands[i];
        const char *group;
        if (!rule_applies(r, d, target))
            continue;
        if (in_group(d, r->break_glass, r->nbreak_glass, &group)) {
            d->note = arena_printf(&d->arena, "break-glass group \"%s\"", group);
            return false;
        }
        const char *where = q->namespace ? arena_printf(&d->arena, " in namespace \"%s\"",
                                                        q->namespace) : "";
        admit_add_item(d, &(struct admit_item){
            .id = "admit/command",
            .message = arena_printf(&d->arena, "%s to \"%s\"%s is not allowed%s%s%s", target,
                                    q->name ? q->name : "", where,
                                    d->command ? " (command: " : "",
                                    d->command ? d->command : "", d->command ? ")" : ""),
            .mode = admit_mode_for(p, "admit/command", SEV_COUNT)});
        return true;
    }
    return false;
}
