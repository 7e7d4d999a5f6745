/* names.c — how the RBAC model names things to people: subjects,
 * bindings, roles, rules and scopes (model.h). */
#include <stdio.h>

#include "model.h"

void rbac_format_subject_key(char *buf, size_t size, const struct rbac_subject *s)
{
    if (s->kind == SUBJECT_SA)
        snprintf(buf, size, "ServiceAccount:%s/%s", s->namespace ? s->namespace : "", s->name);
    else
        snprintf(buf, size, "%s:%s", s->kind == SUBJECT_USER ? "User" : "Group", s->name);
}

const char *rbac_binding_label(const struct rbac_binding *b, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s%s%s%s", b->cluster ? "ClusterRoleBinding" : "RoleBinding",
             b->namespace ? b->namespace : "", b->namespace ? "/" : "", b->name,
             b->is_default ? " (default)" : "");
    return buf;
}

const char *rbac_role_label(const struct rbac_role *r, char *buf, size_t size)
{
    snprintf(buf, size, "%s %s%s%s%s", r->cluster ? "ClusterRole" : "Role",
             r->namespace ? r->namespace : "", r->namespace ? "/" : "", r->name,
             r->is_default ? " (default)" : "");
    return buf;
}

const char *rbac_subject_label(const struct rbac_subject *s, char *buf, size_t size)
{
    if (s->kind == SUBJECT_SA)
        snprintf(buf, size, "ServiceAccount %s/%s", s->namespace ? s->namespace : "?", s->name);
    else
        snprintf(buf, size, "%s %s", s->kind == SUBJECT_USER ? "User" : "Group", s->name);
    return buf;
}

const char *rbac_rule_label(const struct rbac_rule *r, char *buf, size_t size)
{
    char role[512];
    snprintf(buf, size, "%s rules[%u]", rbac_role_label(r->role, role, sizeof role), r->index);
    return buf;
}

const char *rbac_scope_label(const struct rbac_binding *b, char *buf, size_t size)
{
    if (b->cluster)
        snprintf(buf, size, "cluster-wide");
    else
        snprintf(buf, size, "in namespace %s", b->namespace);
    return buf;
}
