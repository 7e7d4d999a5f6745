/* dangerous.c — components and settings known to be dangerous (family
 * "dangerous"): ingress-nginx snippet and injectable annotations, its
 * controllers (retired, or vulnerable to the 2025 admission CVEs), Helm v2's Tiller, the
 * Kubernetes dashboard (deployed, without login, exposed), images from the
 * frozen k8s.gcr.io registry, SSH servers and sudo in containers. */
#include <stdio.h>
#include <string.h>

#include "../k8s/image.h"
#include "check.h"

static const char NGINX_PREFIX[] = "nginx.ingress.kubernetes.io/";

static bool is_ingress(const struct k8s_object *o)
{
    return strcmp(o->kind, "Ingress") == 0;
}

/* ---- ingress-nginx annotations ---- */

/* What in a snippet reaches beyond the request: Lua code, alias/root
 * directives that serve files (the controller's token, CVE-2021-25742). */
static const char *snippet_danger(const char *v)
{
    static const char *const SIGNS[] = {"_by_lua", "alias ", "root ", "/var/run/secrets",
                                        "load_module", "include "};
    for (size_t i = 0; i < sizeof SIGNS / sizeof *SIGNS; i++)
        if (strstr(v, SIGNS[i]))
            return SIGNS[i];
    return NULL;
}

static void nginx_snippet(const struct k8s_object *o, struct report_ctx *r)
{
    if (!is_ingress(o))
        return;
    for (size_t i = 0; node_is_map(o->annotations) && i < o->annotations->n; i++) {
        const char *key = node_key(o->annotations, i)->str;
        const char *value = node_str(node_value(o->annotations, i));
        size_t n = strlen(key);
        if (strncmp(key, NGINX_PREFIX, sizeof NGINX_PREFIX - 1) != 0 || n < 8 ||
            strcmp(key + n - 8, "-snippet") != 0 || !value)
            continue;
        const char *path = arena_printf(r->scratch, "metadata.annotations[%s]", key);
        const char *sign = snippet_danger(value);
        if (sign)
            report_at_severity(r, SEV_HIGH, node_value(o->annotations, i), NULL, path,
                               "annotation %s injects nginx configuration with \"%.*s\": it can "
                               "read the controller's files and credentials (CVE-2021-25742)",
                               key, (int)strcspn(sign, " "), sign);
        else
            report(r, node_value(o->annotations, i), NULL, path,
                   "annotation %s injects raw nginx configuration into the shared controller "
                   "(CVE-2021-25742)", key);
    }
}

/* Annotations whose values ingress-nginx wrote into its configuration
 * unescaped: CVE-2025-24514 (auth-url), CVE-2025-1097 (auth-tls-match-cn),
 * CVE-2025-1098 (mirror-target, mirror-host). */
static void nginx_injection(const struct k8s_object *o, struct report_ctx *r)
{
    static const struct {
        const char *name, *cve;
    } INJECTABLE[] = {
        {"auth-url", "CVE-2025-24514"},
        {"auth-tls-match-cn", "CVE-2025-1097"},
        {"mirror-target", "CVE-2025-1098"},
        {"mirror-host", "CVE-2025-1098"},
        {"auth-signin", "CVE-2025-24514"},
    };
    if (!is_ingress(o))
        return;
    for (size_t i = 0; i < sizeof INJECTABLE / sizeof *INJECTABLE; i++) {
        char key[96];
        snprintf(key, sizeof key, "%s%s", NGINX_PREFIX, INJECTABLE[i].name);
        const struct node *v = node_get(o->annotations, key);
        const char *value = node_str(v);
        size_t bad = value ? strcspn(value, "\n\r;{}#'\"\\`") : 0;
        if (value && value[bad])
            report(r, v, NULL, arena_printf(r->scratch, "metadata.annotations[%s]", key),
                   "annotation %s holds nginx syntax (%s): it injects configuration into "
                   "vulnerable controllers (%s)", key,
                   value[bad] == '\n' || value[bad] == '\r' ? "a line break"
                                                             : arena_printf(r->scratch, "'%c'", value[bad]),
                   INJECTABLE[i].cve);
    }
}

static bool is_old_nginx_controller(const struct image_ref *ref)
{
    return strstr(ref->repository, "kubernetes-ingress-controller/nginx-ingress-controller");
}

/* The community ingress-nginx controller's image (any version). */
static bool is_nginx_controller(const struct image_ref *ref)
{
    const char *repo = ref->repository;
    size_t n = strlen(repo);
    return is_old_nginx_controller(ref) ||
           (n >= 24 && strcmp(repo + n - 24, "ingress-nginx/controller") == 0) ||
           (n >= 31 && strcmp(repo + n - 31, "ingress-nginx/controller-chroot") == 0);
}

/* An ingress-nginx controller image and its version, when it is one and
 * its tag gives the version. */
static bool nginx_controller_version(const struct image_ref *ref, unsigned v[3])
{
    bool old = is_old_nginx_controller(ref);
    if (!is_nginx_controller(ref))
        return false;
    if (old) { /* the pre-1.0 images: every one is vulnerable */
        v[0] = 0;
        v[1] = v[2] = 0;
        return true;
    }
    return sscanf(ref->tag[0] == 'v' ? ref->tag + 1 : ref->tag, "%u.%u.%u", &v[0], &v[1], &v[2])
           == 3;
}

static void ingress_nginx_vulnerable(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        unsigned v[3];
        if (!c->ref || !nginx_controller_version(c->ref, v))
            continue;
        /* fixed in 1.11.5 and 1.12.1 */
        bool fixed = v[0] > 1 || (v[0] == 1 && (v[1] > 12 || (v[1] == 12 && v[2] >= 1) ||
                                               (v[1] == 11 && v[2] >= 5)));
        if (!fixed)
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "ingress-nginx controller %s is vulnerable to CVE-2025-1974 (IngressNightmare: "
                   "unauthenticated code execution through its admission webhook, and every "
                   "Secret of the cluster) and CVE-2025-1097, -1098, -24513, -24514",
                   node_str(c->image));
    }
}

static void ingress_nginx_retired(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (c->ref && is_nginx_controller(c->ref))
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s runs the ingress-nginx controller (%s), retired in March 2026: it gets no "
                   "more releases or security fixes", pod->obj->kind, node_str(c->image));
    }
}

static void nginx_allow_snippets(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "ConfigMap") != 0)
        return;
    const struct node *v = node_path(o->node, "data.allow-snippet-annotations");
    if (node_str_eq(v, "true"))
        report(r, v, NULL, "data[allow-snippet-annotations]",
               "ingress-nginx accepts snippet annotations: whoever may create an Ingress "
               "configures the shared controller (CVE-2021-25742)");
}

/* ---- Tiller and the dashboard ---- */

static bool image_repo_has(const struct container_view *c, const char *needle)
{
    return c->ref && strstr(c->ref->repository, needle);
}

static void tiller_pod(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (image_repo_has(c, "helm/tiller"))
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s runs Tiller (Helm v2): its gRPC port installs anything with its "
                   "cluster-wide rights for whoever reaches it, without authentication",
                   pod->obj->kind);
    }
}

static void tiller_service(const struct k8s_object *o, struct report_ctx *r)
{
    const struct node *sel = node_path(o->node, "spec.selector");
    if (strcmp(o->kind, "Service") == 0 &&
        ((o->name && strcmp(o->name, "tiller-deploy") == 0) ||
         (node_str_eq(node_get(sel, "app"), "helm") && node_str_eq(node_get(sel, "name"), "tiller"))))
        report(r, NULL, NULL, NULL,
               "Service publishes Tiller (Helm v2), which installs anything for whoever reaches it");
}

static bool is_dashboard(const struct container_view *c)
{
    return image_repo_has(c, "kubernetesui/dashboard") ||
           image_repo_has(c, "kubernetes-dashboard");
}

static void dashboard(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (is_dashboard(c))
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s runs the Kubernetes dashboard (%s)", pod->obj->kind, node_str(c->image));
    }
}

static void dashboard_skip_login(const struct pod_view *pod, struct report_ctx *r)
{
    static const char *const FLAGS[] = {"--enable-skip-login", "--enable-insecure-login"};
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (!is_dashboard(c))
            continue;
        const struct node *args = node_get(c->node, "args");
        for (size_t k = 0; k < node_len(args); k++) {
            const char *a = node_str(node_at(args, k));
            for (size_t f = 0; a && f < 2; f++) {
                size_t n = strlen(FLAGS[f]);
                if (strncmp(a, FLAGS[f], n) == 0 && (!a[n] || strcmp(a + n, "=true") == 0))
                    report(r, node_at(args, k), c->name,
                           arena_printf(r->scratch, "%s.args[%zu]", c->path, k),
                           "the dashboard runs with %s: %s", FLAGS[f],
                           f == 0 ? "anyone reaching it skips the login and acts as its "
                                    "service account"
                                  : "it accepts logins over plain HTTP");
            }
        }
    }
}

static void dashboard_exposed(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Service") != 0)
        return;
    const struct node *sel = node_path(o->node, "spec.selector");
    bool dash = (o->name && strstr(o->name, "kubernetes-dashboard") &&
                 !strstr(o->name, "metrics-scraper")) ||
                node_str_eq(node_get(sel, "k8s-app"), "kubernetes-dashboard");
    const struct node *type = node_path(o->node, "spec.type");
    if (dash && (node_str_eq(type, "NodePort") || node_str_eq(type, "LoadBalancer")))
        report(r, type, NULL, "spec.type",
               "the Kubernetes dashboard is published by a %s Service: it is reachable from "
               "outside the cluster", node_str(type));
}

/* ---- images and containers ---- */

static void frozen_registry(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (!c->ref)
            continue;
        bool old_gcr = strcmp(c->ref->registry, "gcr.io") == 0 &&
                       (strncmp(c->ref->repository, "google_containers/", 18) == 0 ||
                        strncmp(c->ref->repository, "google-containers/", 18) == 0);
        if (strcmp(c->ref->registry, "k8s.gcr.io") == 0 || old_gcr)
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" pulls \"%s\" from the frozen %s registry: it gets no new images or "
                   "fixes; use registry.k8s.io", container_kind_name(c->kind), c->name,
                   node_str(c->image), old_gcr ? "gcr.io/google_containers" : "k8s.gcr.io");
    }
}

static void ssh_port(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *ports = node_get(c->node, "ports");
        for (size_t k = 0; k < node_len(ports); k++) {
            const struct node *p = node_get(node_at(ports, k), "containerPort");
            int64_t v;
            if (node_int(p, &v) && v == 22)
                report(r, p, c->name, arena_printf(r->scratch, "%s.ports[%zu]", c->path, k),
                       "%s \"%s\" exposes port 22: an SSH server in a container is a way in "
                       "that bypasses the API server's authentication and audit",
                       container_kind_name(c->kind), c->name);
        }
    }
}

/* A word "sudo" in a command or its arguments. */
static const struct node *sudo_in(const struct node *list)
{
    for (size_t k = 0; k < node_len(list); k++) {
        const char *s = node_str(node_at(list, k));
        for (const char *p = s; p && (p = strstr(p, "sudo")); p += 4)
            if ((p == s || strchr(" \t;&|(/", p[-1])) && strchr(" \t;&|)", p[4] ? p[4] : ' '))
                return node_at(list, k);
    }
    return NULL;
}

static void sudo(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *cmd = sudo_in(node_get(c->node, "command"));
        const struct node *at = cmd ? cmd : sudo_in(node_get(c->node, "args"));
        if (at)
            report(r, at, c->name,
                   arena_printf(r->scratch, "%s.%s", c->path, cmd ? "command" : "args"),
                   "%s \"%s\" runs sudo: the image lets its user become root",
                   container_kind_name(c->kind), c->name);
    }
}

static const struct check DANGEROUS_CHECKS[] = {
    {
        .id = "dangerous/nginx-snippet",
        .severity = SEV_MEDIUM,
        .title = "ingress-nginx snippet annotation",
        .why = "Snippet annotations (configuration-snippet, server-snippet, auth-snippet, ...) "
               "insert raw nginx configuration into the controller shared by every Ingress: "
               "whoever may edit an Ingress can read the controller's service account token and "
               "every Secret it sees (CVE-2021-25742). High when the snippet holds Lua, alias, "
               "root, include or load_module directives.",
        .fix = "Remove the snippet; use the dedicated annotations, and keep "
               "allow-snippet-annotations false in the controller's ConfigMap.",
        .refs = {"CVE-2021-25742", "ingress-nginx: annotations risk table"},
        .aliases = {"CKV_K8S_153", "CKV_K8S_154", "C-0059"},
        .object = nginx_snippet,
    },
    {
        .id = "dangerous/nginx-annotation-injection",
        .severity = SEV_HIGH,
        .title = "ingress-nginx annotation injects configuration",
        .why = "The values of auth-url, auth-signin, auth-tls-match-cn, mirror-target and "
               "mirror-host were written into nginx's configuration without escaping: a value "
               "holding ;, {, }, #, quotes, backslashes or a newline injects directives "
               "(CVE-2025-24514, CVE-2025-1097, CVE-2025-1098), which with CVE-2025-1974 runs "
               "code in the controller.",
        .fix = "Use a plain URL or name in the annotation, and run an ingress-nginx controller "
               "of v1.11.5, v1.12.1 or later.",
        .refs = {"CVE-2025-24514", "CVE-2025-1097", "CVE-2025-1098", "CVE-2025-1974"},
        .object = nginx_injection,
    },
    {
        .id = "dangerous/ingress-nginx-vulnerable",
        .severity = SEV_CRITICAL,
        .title = "ingress-nginx controller vulnerable to IngressNightmare",
        .why = "ingress-nginx controllers before v1.11.5, and v1.12.0, let anyone who reaches the "
               "admission webhook from the pod network run code in the controller and read "
               "every Secret of the cluster (CVE-2025-1974, with CVE-2025-1097, -1098, -24513 "
               "and -24514). Read from the image tag of registry.k8s.io (or k8s.gcr.io) "
               "ingress-nginx/controller images; the pre-1.0 quay.io images are all affected.",
        .fix = "Upgrade to v1.11.5, v1.12.1 or later; until then restrict the admission webhook "
               "to the API server with a NetworkPolicy or disable it.",
        .refs = {"CVE-2025-1974", "Kubernetes blog: Ingress-nginx CVE-2025-1974"},
        .pod = ingress_nginx_vulnerable,
    },
    {
        .id = "dangerous/ingress-nginx-retired",
        .severity = SEV_MEDIUM,
        .title = "Retired ingress-nginx controller",
        .why = "The community ingress-nginx controller was retired in March 2026: no release, "
               "bug fix or security fix follows, while it stays the component that faces the "
               "Internet and reads every Secret its Ingresses name.",
        .fix = "Migrate to a maintained controller, preferably a Gateway API implementation.",
        .refs = {"Kubernetes blog: Ingress NGINX Retirement"},
        .aliases = {"C-0292"},
        .pod = ingress_nginx_retired,
    },
    {
        .id = "dangerous/nginx-allow-snippets",
        .severity = SEV_MEDIUM,
        .title = "ingress-nginx allows snippet annotations",
        .why = "A controller ConfigMap with allow-snippet-annotations: \"true\" lets every "
               "Ingress author insert raw nginx configuration (CVE-2021-25742).",
        .fix = "Set allow-snippet-annotations to \"false\".",
        .refs = {"CVE-2021-25742"},
        .object = nginx_allow_snippets,
    },
    {
        .id = "dangerous/tiller",
        .severity = SEV_HIGH,
        .title = "Tiller (Helm v2) deployed",
        .why = "Tiller, Helm v2's server, installs whatever a gRPC client sends with its "
               "(usually cluster-admin) rights and no authentication; Helm v2 has been "
               "unsupported since 2020. Reported on Tiller's pods and on its Service.",
        .fix = "Migrate to Helm 3 and delete Tiller's Deployment and Service.",
        .refs = {"Helm: Helm 2 and the Charts Project Are Now Unsupported"},
        .aliases = {"CKV_K8S_34", "CKV_K8S_44", "CKV_K8S_45"},
        .pod = tiller_pod,
        .object = tiller_service,
    },
    {
        .id = "dangerous/dashboard",
        .severity = SEV_LOW,
        .title = "Kubernetes dashboard deployed",
        .why = "The Kubernetes dashboard is a web UI acting with its service account's or its "
               "users' rights; it has been the entry point of cluster takeovers when its "
               "account was powerful or its login skippable.",
        .fix = "Prefer kubectl or a read-only UI; if the dashboard stays, bind it to no rights, "
               "require login and keep it internal.",
        .refs = {"CIS 5 (general policies)", "MITRE ATT&CK T1133"},
        .aliases = {"CKV_K8S_33"},
        .pod = dashboard,
    },
    {
        .id = "dangerous/dashboard-skip-login",
        .severity = SEV_HIGH,
        .title = "Kubernetes dashboard login can be skipped",
        .why = "With --enable-skip-login anyone reaching the dashboard uses it as its own "
               "service account; with --enable-insecure-login it takes logins over plain HTTP.",
        .fix = "Remove --enable-skip-login and --enable-insecure-login.",
        .refs = {"Kubernetes dashboard: arguments"},
        .pod = dashboard_skip_login,
    },
    {
        .id = "dangerous/dashboard-exposed",
        .severity = SEV_HIGH,
        .title = "Kubernetes dashboard published outside the cluster",
        .why = "A NodePort or LoadBalancer Service in front of the dashboard offers a cluster "
               "UI to any address that reaches the nodes or the load balancer.",
        .fix = "Keep the dashboard's Service ClusterIP and reach it through kubectl proxy or an "
               "authenticating proxy.",
        .refs = {"MITRE ATT&CK T1133"},
        .object = dashboard_exposed,
    },
    {
        .id = "dangerous/frozen-registry",
        .severity = SEV_MEDIUM,
        .title = "Image from the frozen k8s.gcr.io registry",
        .why = "k8s.gcr.io (and the older gcr.io/google_containers) stopped receiving images in "
               "2023: images there get no security fixes, and pulls depend on a redirect that "
               "may end.",
        .fix = "Pull the same image from registry.k8s.io, at a current version.",
        .refs = {"Kubernetes blog: k8s.gcr.io Image Registry Will Be Frozen From the 3rd of "
                 "April 2023"},
        .aliases = {"C-0253"},
        .pod = frozen_registry,
    },
    {
        .id = "dangerous/ssh-port",
        .severity = SEV_LOW,
        .title = "Container exposes SSH",
        .why = "An SSH server in a container (port 22) is a way in that bypasses the API "
               "server's authentication, RBAC and audit, usually with static credentials.",
        .fix = "Remove the SSH server; use kubectl exec (audited) or ephemeral debug containers.",
        .refs = {"MITRE ATT&CK T1021.004"},
        .aliases = {"C-0042", "ssh-port"},
        .pod = ssh_port,
    },
    {
        .id = "dangerous/sudo",
        .severity = SEV_LOW,
        .title = "sudo in a container's command",
        .why = "A container that runs sudo ships a setuid binary and a user allowed to become "
               "root: anyone in the container can do the same.",
        .fix = "Run the process as the user it needs directly; remove sudo from the image.",
        .refs = {"NSA-CISA: non-root containers"},
        .aliases = {"C-0062"},
        .pod = sudo,
    },
};

const struct check_family FAMILY_DANGEROUS = {
    .name = "dangerous",
    .checks = DANGEROUS_CHECKS,
    .nchecks = sizeof DANGEROUS_CHECKS / sizeof *DANGEROUS_CHECKS,
};
