/* rbac_paths.c — `ringwall rbac paths --to cluster-admin`: escalation
 * paths printed as numbered steps, each naming the binding and rule that
 * allow it (and, for creating pods, the manifest the subject would submit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../output/jsonw.h"
#include "../rbac/paths.h"
#include "rbac.h"

static void step_text(const struct path_step *s, char *buf, size_t size)
{
    char scope[300] = "cluster-wide";
    if (s->namespace)
        snprintf(scope, sizeof scope, "in namespace %s", s->namespace);
    if (s->action == ACT_ADMIN || s->action == ACT_MASTERS) {
        snprintf(buf, size, "%s %s", s->who->display, rbac_path_action_text(s->action));
        return;
    }
    const char *outcome = "";
    char extra[600] = "", action[300];
    snprintf(action, sizeof action, "%s", rbac_path_action_text(s->action));
    switch (s->action) {
    case ACT_CREATE_PODS:
        if (s->pod_kind && strcmp(s->pod_kind->kind, "Pod") != 0)
            snprintf(action, sizeof action, "can create %s%s%s (which run pods)",
                     s->pod_kind->resource, *s->pod_kind->group ? "." : "", s->pod_kind->group);
        outcome = "and so act as";
        break;
    case ACT_IMPERSONATE_USERS:
        outcome = s->becomes ? "impersonates" : "and groups: impersonates group system:masters";
        break;
    case ACT_BIND:
        outcome = "and create ClusterRoleBindings: binds itself to cluster-admin";
        break;
    case ACT_ESCALATE:
        outcome = "and update ClusterRoles: adds '*' on '*' to a ClusterRole bound to it";
        break;
    case ACT_EXEC:
    case ACT_NODE_PROXY:
        outcome = "and run commands in";
        if (s->via_workload)
            snprintf(extra, sizeof extra, " %s %s/%s, which runs as", s->via_workload->kind,
                     s->via_workload->namespace, s->via_workload->name);
        break;
    default:
        outcome = "and so act as";
        break;
    }
    snprintf(buf, size, "%s %s %s, %s%s%s%s", s->who->display, action, scope, outcome, extra, s->becomes ? " " : "", s->becomes ? s->becomes->display : "");
}

static void grant_text(FILE *out, const struct rbac_binding *b, const struct rbac_rule *r)
{
    char via[512], rule[600];
    fprintf(out, "     via %s (%s)\n", rbac_binding_label(b, via, sizeof via),
            rbac_rule_label(r, rule, sizeof rule));
}

/* The manifest of a create-pods step, indented under it. */
static void manifest_text(FILE *out, const struct path_step *s)
{
    char *manifest = rbac_path_manifest(s);
    if (!manifest)
        return;
    fprintf(out, "     by submitting:\n");
    for (char *line = manifest, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        fprintf(out, "       %.*s\n", (int)(nl - line), line);
    }
    free(manifest);
}

static void json_grant(struct jsonw *w, const char *key, const struct rbac_binding *b,
                       const struct rbac_rule *r)
{
    char via[512], rule[600];
    jsonw_key(w, key);
    jsonw_object(w);
    jsonw_kv_string(w, "binding", rbac_binding_label(b, via, sizeof via));
    jsonw_kv_string(w, "rule", rbac_rule_label(r, rule, sizeof rule));
    jsonw_object_end(w);
}

static void print_json(FILE *out, const struct rbac_paths *ps)
{
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "target", "cluster-admin");
    jsonw_key(&w, "paths");
    jsonw_array(&w);
    for (size_t i = 0; i < ps->n; i++) {
        const struct rbac_path *p = &ps->v[i];
        jsonw_object(&w);
        jsonw_kv_string(&w, "from", p->from->display);
        jsonw_kv_bool(&w, "systemComponent", p->component);
        jsonw_key(&w, "steps");
        jsonw_array(&w);
        for (size_t k = 0; k < p->nsteps; k++) {
            const struct path_step *s = &p->steps[k];
            char text[2048];
            step_text(s, text, sizeof text);
            jsonw_object(&w);
            jsonw_kv_string(&w, "subject", s->who->display);
            jsonw_kv_string(&w, "text", text);
            if (s->binding)
                json_grant(&w, "grant", s->binding, s->rule);
            if (s->binding2)
                json_grant(&w, "grant2", s->binding2, s->rule2);
            char *manifest = rbac_path_manifest(s);
            if (manifest)
                jsonw_kv_string(&w, "manifest", manifest);
            free(manifest);
            jsonw_kv_string(&w, "becomes", s->becomes ? s->becomes->display : "cluster-admin");
            jsonw_object_end(&w);
        }
        jsonw_array_end(&w);
        jsonw_object_end(&w);
    }
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}

static void print_text(FILE *out, const struct rbac_paths *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        const struct rbac_path *p = &ps->v[i];
        fprintf(out, "path %zu: %s -> cluster-admin (%zu step%s)%s\n", i + 1,
                p->from->display, p->nsteps, p->nsteps == 1 ? "" : "s",
                p->component ? " [system component]" : "");
        for (size_t k = 0; k < p->nsteps; k++) {
            const struct path_step *s = &p->steps[k];
            char text[2048];
            step_text(s, text, sizeof text);
            fprintf(out, "  %zu. %s\n", k + 1, text);
            if (s->binding)
                grant_text(out, s->binding, s->rule);
            if (s->binding2 && (s->binding2 != s->binding || s->rule2 != s->rule))
                grant_text(out, s->binding2, s->rule2);
            manifest_text(out, s);
        }
    }
    if (!ps->n)
        fprintf(out, "no path to cluster-admin\n");
}

int rbac_cmd_paths(struct rbac_model *m, const struct rbac_options *o, bool json, FILE *out)
{
    struct rbac_principal from;
    char err[600];
    if (o->from && !rbac_principal_parse(m, o->from, &from, err, sizeof err)) {
        diag_error("%s", err);
        return 2;
    }
    struct rbac_paths ps;
    rbac_paths_to_admin(m, o->from ? &from : NULL, &ps);
    if (json)
        print_json(out, &ps);
    else
        print_text(out, &ps);
    rbac_paths_free(&ps);
    return 0;
}
