/* workload_profiles.c — Linux security profiles (family "workload"):
 * seccomp, AppArmor and SELinux, from the securityContext fields and from the
 * legacy annotations that older clusters honour. The kubelet's order applies:
 * the container's field, the container's annotation, the pod's field, the
 * pod's annotation. Windows pods have none of these and are skipped. */
#include <string.h>

#include "check.h"
#include "workload.h"

enum profile { PROFILE_NONE, PROFILE_UNCONFINED, PROFILE_RUNTIME_DEFAULT, PROFILE_LOCALHOST,
               PROFILE_OTHER };

/* Where a container's profile comes from; the field path is built only when
 * a finding needs it (source_path). */
struct profile_source {
    enum profile profile;
    const struct node *at; /* the field or annotation value */
    const char *owner;     /* a field's container or pod spec path, or NULL for an annotation */
    const char *key;       /* the field name, or the annotation's prefix */
    const char *name;      /* the annotation's suffix (container name) */
};

static const char SECCOMP_POD_ANNOTATION[] = "seccomp.security.alpha.kubernetes.io/pod";
static const char SECCOMP_CONTAINER_ANNOTATION[] =
    "container.seccomp.security.alpha.kubernetes.io/";
static const char APPARMOR_CONTAINER_ANNOTATION[] =
    "container.apparmor.security.beta.kubernetes.io/";

static enum profile profile_from_type(const char *type)
{
    if (!type)
        return PROFILE_NONE;
    if (strcmp(type, "Unconfined") == 0)
        return PROFILE_UNCONFINED;
    if (strcmp(type, "RuntimeDefault") == 0)
        return PROFILE_RUNTIME_DEFAULT;
    if (strcmp(type, "Localhost") == 0)
        return PROFILE_LOCALHOST;
    return PROFILE_OTHER;
}

static enum profile profile_from_annotation(const char *value)
{
    if (strcmp(value, "unconfined") == 0)
        return PROFILE_UNCONFINED;
    if (strcmp(value, "runtime/default") == 0 || strcmp(value, "docker/default") == 0)
        return PROFILE_RUNTIME_DEFAULT;
    if (strncmp(value, "localhost/", 10) == 0)
        return PROFILE_LOCALHOST;
    return PROFILE_OTHER;
}

/* The value of the annotation prefix+name on the pod (template), or NULL. */
static const struct node *annotation_node(const struct pod_view *pod, const char *prefix,
                                          const char *name)
{
    const struct node *annotations = node_get(pod->meta, "annotations");
    size_t plen = strlen(prefix);
    for (size_t i = 0; node_is_map(annotations) && i < annotations->n; i++) {
        const char *key = node_key(annotations, i)->str;
        if (strncmp(key, prefix, plen) == 0 && strcmp(key + plen, name) == 0)
            return node_str(node_value(annotations, i)) ? node_value(annotations, i) : NULL;
    }
    return NULL;
}

static const char *source_path(const struct profile_source *s, const struct pod_view *pod,
                               struct arena *a)
{
    if (s->owner)
        return arena_printf(a, "%s.securityContext.%s.type", s->owner, s->key);
    const char *spec = pod->spec_path;
    size_t base = strcmp(spec, "spec") == 0 ? 0 : strlen(spec) - strlen(".spec");
    return arena_printf(a, "%.*s%smetadata.annotations[%s%s]", (int)base, spec, base ? "." : "",
                        s->key, s->name);
}

static bool field_source(struct profile_source *s, const struct node *sc, const char *field,
                         const char *owner_path)
{
    const struct node *profile = node_get(sc, field);
    if (!node_is_map(profile))
        return false;
    const struct node *type = node_get(profile, "type");
    *s = (struct profile_source){profile_from_type(node_str(type)), type ? type : profile,
                                 owner_path, field, NULL};
    return s->profile != PROFILE_NONE;
}

static bool annotation_source(struct profile_source *s, const struct pod_view *pod,
                              const char *prefix, const char *name)
{
    const struct node *v = annotation_node(pod, prefix, name);
    if (!v)
        return false;
    *s = (struct profile_source){profile_from_annotation(node_str(v)), v, NULL, prefix, name};
    return true;
}

static struct profile_source seccomp_of(const struct pod_view *pod, const struct container_view *c)
{
    struct profile_source s = {0};
    if (field_source(&s, c->sc, "seccompProfile", c->path) ||
        annotation_source(&s, pod, SECCOMP_CONTAINER_ANNOTATION, c->name) ||
        field_source(&s, pod->sc, "seccompProfile", pod->spec_path) ||
        annotation_source(&s, pod, SECCOMP_POD_ANNOTATION, ""))
        return s;
    s.profile = PROFILE_NONE;
    return s;
}

static void seccomp_unconfined(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        struct profile_source s = seccomp_of(pod, c);
        if (s.profile == PROFILE_UNCONFINED)
            report(r, s.at, c->name, source_path(&s, pod, r->scratch),
                   "%s \"%s\" runs without a seccomp filter (Unconfined)",
                   container_kind_name(c->kind), c->name);
    }
}

static void seccomp_not_set(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        struct profile_source s = seccomp_of(pod, c);
        if (s.profile == PROFILE_NONE)
            report(r, container_at(c, NULL, NULL), c->name,
                   arena_printf(r->scratch, "%s.securityContext.seccompProfile", pod->spec_path),
                   "%s \"%s\" has no seccomp profile: set RuntimeDefault at pod level",
                   container_kind_name(c->kind), c->name);
    }
}

static void apparmor_unconfined(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        struct profile_source s = {0};
        if (field_source(&s, c->sc, "appArmorProfile", c->path) ||
            annotation_source(&s, pod, APPARMOR_CONTAINER_ANNOTATION, c->name) ||
            field_source(&s, pod->sc, "appArmorProfile", pod->spec_path))
            if (s.profile == PROFILE_UNCONFINED)
                report(r, s.at, c->name, source_path(&s, pod, r->scratch),
                       "%s \"%s\" runs without AppArmor (unconfined)",
                       container_kind_name(c->kind), c->name);
    }
}

/* SELinux types the Pod Security Standards allow. */
static const char *const SELINUX_TYPES[] = {"container_t", "container_init_t", "container_kvm_t",
                                            "container_engine_t"};

static bool selinux_type_allowed(const char *type)
{
    if (!*type)
        return true;
    for (size_t i = 0; i < sizeof SELINUX_TYPES / sizeof *SELINUX_TYPES; i++)
        if (strcmp(type, SELINUX_TYPES[i]) == 0)
            return true;
    return false;
}

/* Reports the user, role and type of one seLinuxOptions (pod or container). */
static void selinux_options(struct report_ctx *r, const struct node *sc, const char *owner_path,
                            const struct container_view *c)
{
    static const char *const FIELDS[] = {"user", "role", "type"};
    const struct node *opts = node_get(sc, "seLinuxOptions");
    for (size_t f = 0; f < 3; f++) {
        const struct node *v = node_get(opts, FIELDS[f]);
        const char *s = node_text(v);
        if (!s || v->type == NODE_NULL || (f < 2 ? !*s : selinux_type_allowed(s)))
            continue;
        const char *path =
            arena_printf(r->scratch, "%s.securityContext.seLinuxOptions.%s", owner_path, FIELDS[f]);
        if (c)
            report(r, v, c->name, path, "%s \"%s\" sets SELinux %s \"%s\"",
                   container_kind_name(c->kind), c->name, FIELDS[f], s);
        else
            report(r, v, NULL, path, "pod sets SELinux %s \"%s\"", FIELDS[f], s);
    }
}

/* The pod's options label its sandbox and volumes whatever the containers
 * set, so they are checked on their own, as the Pod Security Standards do. */
static void selinux_custom(const struct pod_view *pod, struct report_ctx *r)
{
    if (pod->windows)
        return;
    selinux_options(r, pod->sc, pod->spec_path, NULL);
    for (size_t i = 0; i < pod->ncontainers; i++)
        selinux_options(r, pod->containers[i].sc, pod->containers[i].path, &pod->containers[i]);
}

static const struct check WORKLOAD_PROFILE_CHECKS[] = {
    {
        .id = "workload/seccomp-unconfined",
        .severity = SEV_HIGH,
        .title = "Seccomp disabled (Unconfined)",
        .why = "Without a seccomp filter every system call reaches the kernel, including the "
               "rarely used ones most kernel exploits go through. Reads seccompProfile at "
               "container and pod level and the legacy seccomp.security.alpha.kubernetes.io "
               "annotations, in the kubelet's order.",
        .fix = "Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) and "
               "remove unconfined annotations.",
        .refs = {"CIS 5.7.2", "PSS baseline: Seccomp", "NSA-CISA: kernel hardening",
                 "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0104"},
        .pod = seccomp_unconfined,
    },
    {
        .id = "workload/seccomp-not-set",
        .severity = SEV_MEDIUM,
        .title = "No seccomp profile",
        .why = "A container without a seccomp profile runs unconfined unless the kubelet's "
               "seccompDefault is on, which a manifest cannot rely on.",
        .fix = "Set spec.securityContext.seccompProfile.type: RuntimeDefault in the pod (or "
               "Localhost with a reviewed profile).",
        .refs = {"CIS 5.7.2", "PSS restricted: Seccomp", "NSA-CISA: kernel hardening"},
        .aliases = {"KSV-0030", "CKV_K8S_31", "C-0210"},
        .pod = seccomp_not_set,
    },
    {
        .id = "workload/apparmor-unconfined",
        .severity = SEV_HIGH,
        .title = "AppArmor disabled (unconfined)",
        .why = "An unconfined container loses the runtime's AppArmor profile, which blocks "
               "mounts and writes to sensitive /proc and /sys files. Reads appArmorProfile at "
               "container and pod level and the legacy "
               "container.apparmor.security.beta.kubernetes.io/NAME annotation.",
        .fix = "Remove the Unconfined appArmorProfile (or annotation); use RuntimeDefault or a "
               "Localhost profile.",
        .refs = {"PSS baseline: AppArmor", "NSA-CISA: kernel hardening", "MITRE ATT&CK T1611"},
        .aliases = {"KSV-0002"},
        .pod = apparmor_unconfined,
    },
    {
        .id = "workload/selinux-custom",
        .severity = SEV_MEDIUM,
        .title = "Custom SELinux options",
        .why = "Setting an SELinux user or role, or a type other than container_t, "
               "container_init_t, container_kvm_t or container_engine_t, can lift the "
               "labelling that separates containers from the node and each other. The pod's "
               "seLinuxOptions are checked on their own (they label the pod sandbox and its "
               "volumes) as well as each container's.",
        .fix = "Remove seLinuxOptions user, role and type (the level may stay).",
        .refs = {"PSS baseline: SELinux", "NSA-CISA: kernel hardening"},
        .aliases = {"KSV-0025"},
        .pod = selinux_custom,
    },
};

const struct check_family FAMILY_WORKLOAD_PROFILES = {
    .name = "workload",
    .checks = WORKLOAD_PROFILE_CHECKS,
    .nchecks = sizeof WORKLOAD_PROFILE_CHECKS / sizeof *WORKLOAD_PROFILE_CHECKS,
};
