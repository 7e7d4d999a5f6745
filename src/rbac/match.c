/* match.c — rule and subject matching as the RBAC authorizer does it
 * (match.h): a star matches any verb, group or resource; star-slash-sub
 * matches subresource sub of any resource; resourceNames restrict requests that carry a name (so
 * never list, watch or create); a trailing `*` in a non-resource URL matches
 * any suffix; a ServiceAccount subject is the user
 * system:serviceaccount:NS:NAME. */
#include "match.h"

#include <stdio.h>
#include <string.h>

#include "resources.h"

static bool has(const struct strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v)
            return true;
    return false;
}

static bool resource_matches(const struct rbac_model *m, const struct rbac_rule *r,
                             const struct rbac_request *q)
{
    for (size_t i = 0; i < r->resources.n; i++) {
        const char *res = r->resources.v[i];
        if (res == m->star || res == q->combined)
            return true;
        if (q->subresource && res[0] == '*' && res[1] == '/' && strcmp(res + 2, q->subresource) == 0)
            return true;
    }
    return false;
}

static bool url_matches(const struct rbac_rule *r, const char *path)
{
    for (size_t i = 0; i < r->urls.n; i++) {
        const char *u = r->urls.v[i];
        size_t len = strlen(u);
        if (strcmp(u, "*") == 0 || strcmp(u, path) == 0)
            return true;
        if (len && u[len - 1] == '*') {
            while (len && u[len - 1] == '*')
                len--;
            if (strncmp(path, u, len) == 0)
                return true;
        }
    }
    return false;
}

bool rbac_rule_allows(const struct rbac_model *m, const struct rbac_rule *r,
                      const struct rbac_request *q)
{
    if (!has(&r->verbs, m->star) && !has(&r->verbs, q->verb))
        return false;
    if (q->path)
        return url_matches(r, q->path);
    return (has(&r->groups, m->star) || has(&r->groups, q->group)) && resource_matches(m, r, q) &&
           (r->names.n == 0 || (q->name && has(&r->names, q->name)));
}

/* The role index (model.h): can any rule of the role match q at all? */
static bool role_may_allow(const struct rbac_role *role, const struct rbac_request *q)
{
    if (!(role->sig_verbs & rbac_sig_bit(q->verb)))
        return false;
    if (q->path)
        return role->has_urls;
    uint64_t res = rbac_sig_bit(q->combined) | (q->star_sub ? rbac_sig_bit(q->star_sub) : 0);
    return (role->sig_groups & rbac_sig_bit(q->group)) && (role->sig_resources & res);
}

const struct rbac_rule *rbac_role_allows(const struct rbac_model *m, const struct rbac_role *role,
                                         const struct rbac_request *q)
{
    if (!role || !role_may_allow(role, q))
        return NULL;
    for (size_t i = 0; role && i < role->neff; i++)
        if (rbac_rule_allows(m, role->eff[i], q))
            return role->eff[i];
    return NULL;
}

bool rbac_binding_in_scope(const struct rbac_binding *b, const struct rbac_request *q,
                           bool all_namespaces)
{
    if (b->cluster)
        return true;
    return !q->cluster_scoped && (all_namespaces || b->namespace == q->namespace);
}

bool rbac_subject_applies(const struct rbac_subject *s, const struct rbac_principal *p)
{
    switch (s->kind) {
    case SUBJECT_USER:
        return p->user && s->name == p->user;
    case SUBJECT_GROUP:
        for (unsigned i = 0; i < p->ngroups; i++)
            if (p->groups[i] == s->name)
                return true;
        return false;
    case SUBJECT_SA:
        return s->namespace && p->sa_namespace == s->namespace && p->sa_name == s->name;
    }
    return false;
}

static const char *in(struct rbac_model *m, const char *s)
{
    return intern_str(&m->strings, s);
}

void rbac_principal_sa(struct rbac_model *m, const char *ns, const char *name,
                       struct rbac_principal *p)
{
    char buf[1024];
    memset(p, 0, sizeof *p);
    p->kind = SUBJECT_SA;
    p->sa_namespace = in(m, ns);
    p->sa_name = in(m, name);
    snprintf(buf, sizeof buf, "system:serviceaccount:%s:%s", ns, name);
    p->user = in(m, buf);
    p->groups[p->ngroups++] = in(m, "system:serviceaccounts");
    snprintf(buf, sizeof buf, "system:serviceaccounts:%s", ns);
    p->groups[p->ngroups++] = in(m, buf);
    p->groups[p->ngroups++] = in(m, "system:authenticated");
    snprintf(buf, sizeof buf, "ServiceAccount %s/%s", ns, name);
    p->display = in(m, buf);
}

static bool parse_sa(struct rbac_model *m, const char *rest, char sep, struct rbac_principal *p)
{
    const char *cut = strchr(rest, sep);
    if (!cut || cut == rest || !cut[1] || strchr(cut + 1, sep))
        return false;
    char ns[512];
    snprintf(ns, sizeof ns, "%.*s", (int)(cut - rest), rest);
    rbac_principal_sa(m, ns, cut + 1, p);
    return true;
}

bool rbac_principal_parse(struct rbac_model *m, const char *text, struct rbac_principal *p,
                          char *err, size_t errsize)
{
    char buf[1024];
    memset(p, 0, sizeof *p);
    const char *sa_prefix = "system:serviceaccount:";
    if (strncmp(text, "ServiceAccount:", 15) == 0) {
        if (parse_sa(m, text + 15, '/', p))
            return true;
        snprintf(err, errsize, "subject \"%s\": expected ServiceAccount:NAMESPACE/NAME", text);
        return false;
    }
    if (strncmp(text, "Group:", 6) == 0 && text[6]) {
        p->kind = SUBJECT_GROUP;
        p->groups[p->ngroups++] = in(m, text + 6);
        /* members of any group but system:unauthenticated are authenticated */
        if (strcmp(text + 6, "system:unauthenticated") != 0 &&
            strcmp(text + 6, "system:authenticated") != 0)
            p->groups[p->ngroups++] = in(m, "system:authenticated");
        snprintf(buf, sizeof buf, "Group %s", text + 6);
        p->display = in(m, buf);
        return true;
    }
    const char *user = strncmp(text, "User:", 5) == 0 ? text + 5 : text;
    if (strncmp(user, sa_prefix, strlen(sa_prefix)) == 0) {
        if (parse_sa(m, user + strlen(sa_prefix), ':', p))
            return true;
        snprintf(err, errsize, "subject \"%s\": expected system:serviceaccount:NAMESPACE:NAME",
                 text);
        return false;
    }
    /* "Kind:NAME" with a kind other than the three above */
    bool unknown_kind = user == text && text[0] >= 'A' && text[0] <= 'Z' && strchr(text, ':');
    if (!*user || strchr(text, ':') == text || unknown_kind) {
        snprintf(err, errsize, "subject \"%s\": expected User:NAME, Group:NAME, "
                 "ServiceAccount:NS/NAME or system:serviceaccount:NS:NAME", text);
        return false;
    }
    p->kind = SUBJECT_USER;
    p->user = in(m, user);
    p->groups[p->ngroups++] = in(m, strcmp(user, "system:anonymous") == 0
                                         ? "system:unauthenticated"
                                         : "system:authenticated");
    snprintf(buf, sizeof buf, "User %s", user);
    p->display = in(m, buf);
    return true;
}

bool rbac_request_parse(struct rbac_model *m, const char *verb, const char *resource,
                        const char *subresource, const char *name, const char *ns,
                        struct rbac_request *q, char *err, size_t errsize)
{
    memset(q, 0, sizeof *q);
    q->verb = in(m, verb);
    if (resource[0] == '/') {
        q->path = resource;
        q->cluster_scoped = true;
        return true;
    }
    char res[512], group[512] = "";
    snprintf(res, sizeof res, "%s", resource);
    char *slash = strchr(res, '/');
    if (slash) {
        *slash = '\0';
        if (subresource) {
            snprintf(err, errsize, "give the subresource once: \"%s\" or --subresource", resource);
            return false;
        }
        subresource = slash + 1;
    }
    char *dot = strchr(res, '.');
    const struct api_resource *known = NULL;
    if (dot) {
        *dot = '\0';
        snprintf(group, sizeof group, "%s", dot + 1);
        known = api_resource_find_in(res, group);
    } else if (strcmp(res, "*") == 0) {
        snprintf(group, sizeof group, "*");
    } else if ((known = api_resource_find(res))) {
        snprintf(group, sizeof group, "%s", known->group);
    } else {
        snprintf(err, errsize, "unknown resource \"%s\": write it as RESOURCE.GROUP "
                 "(e.g. widgets.example.com)", res);
        return false;
    }
    if (!*res || (subresource && !*subresource)) {
        snprintf(err, errsize, "bad resource \"%s\"", resource);
        return false;
    }
    q->group = in(m, group);
    q->resource = in(m, res);
    if (subresource) {
        char combined[1024];
        snprintf(combined, sizeof combined, "%s/%s", res, subresource);
        q->subresource = in(m, subresource);
        q->combined = in(m, combined);
        snprintf(combined, sizeof combined, "*/%s", subresource);
        q->star_sub = in(m, combined);
    } else {
        q->combined = q->resource;
    }
    q->name = name ? in(m, name) : NULL;
    q->cluster_scoped = known && !known->namespaced;
    q->namespace = ns && !q->cluster_scoped ? in(m, ns) : NULL;
    return true;
}

void rbac_request_make(struct rbac_model *m, const char *verb, const char *group,
                       const char *resource, struct rbac_request *q)
{
    char res[512];
    const char *slash = strchr(resource, '/');
    memset(q, 0, sizeof *q);
    q->verb = in(m, verb);
    q->group = in(m, group);
    q->combined = in(m, resource);
    snprintf(res, sizeof res, "%.*s", (int)(slash ? (size_t)(slash - resource) : strlen(resource)),
             resource);
    q->resource = in(m, res);
    q->subresource = slash ? in(m, slash + 1) : NULL;
    if (slash) {
        snprintf(res, sizeof res, "*%s", slash);
        q->star_sub = in(m, res);
    }
    const struct api_resource *known = api_resource_find_in(q->resource, group);
    q->cluster_scoped = known && !known->namespaced;
}
