/* describe.c — the API server's wording for each violated control
 * (evaluate.h). Only runs for violations, so clarity wins over speed here.
 * Containers are listed in pod order (init, regular, ephemeral); value sets
 * (capabilities, ports, types) are sorted and unique, as upstream prints them. */
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"
#include "rules.h"
#include "text.h"
#include "../core/sort.h"

/* A growable list of strings in the describe arena. */
struct list {
    const char **v;
    size_t n, cap;
};

static void list_add(struct arena *a, struct list *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = arena_alloc(a, cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorts and removes duplicates. */
static void list_set(struct list *l)
{
    if (l->n < 2)
        return;
    sort_array(l->v, l->n, sizeof *l->v, compare_strings);
    size_t k = 1;
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->v[i], l->v[k - 1]) != 0)
            l->v[k++] = l->v[i];
    l->n = k;
}

typedef bool (*container_pred)(const struct pss_policy *p, const struct pss_facts *f,
                               const struct pss_container *c);

static struct list containers_where(struct arena *a, const struct pss_policy *p,
                                    const struct pss_facts *f, container_pred pred)
{
    struct list l = {0};
    for (uint32_t i = 0; i < f->ncontainers; i++)
        if (pred(p, f, &f->containers[i]))
            list_add(a, &l, f->containers[i].name);
    return l;
}

/* `pod and containers "a", "b"` — who set a forbidden value. */
static void put_setters(struct pss_buf *b, bool pod, const struct list *containers)
{
    if (pod)
        pss_buf_puts(b, "pod");
    if (pod && containers->n)
        pss_buf_puts(b, " and ");
    if (containers->n)
        pss_buf_noun_list(b, "container", "containers", containers->v, containers->n);
}

static void put_containers(struct pss_buf *b, const struct list *containers)
{
    pss_buf_noun_list(b, "container", "containers", containers->v, containers->n);
}

static void put_joined(struct pss_buf *b, const struct list *l, const char *sep)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            pss_buf_puts(b, sep);
        pss_buf_puts(b, l->v[i]);
    }
}

/* ---- container predicates (adapting rules.h to one signature) ---- */

static bool p_privileged(const struct pss_policy *p, const struct pss_facts *f,
                         const struct pss_container *c)
{
    return c->privileged;
}

static bool p_caps_baseline(const struct pss_policy *p, const struct pss_facts *f,
                            const struct pss_container *c)
{
    return rule_caps_baseline_bad(c);
}

static bool p_no_drop_all(const struct pss_policy *p, const struct pss_facts *f,
                          const struct pss_container *c)
{
    return !c->drops_all;
}

static bool p_caps_add_restricted(const struct pss_policy *p, const struct pss_facts *f,
                                  const struct pss_container *c)
{
    return rule_caps_add_restricted_bad(c);
}

static bool p_host_ports(const struct pss_policy *p, const struct pss_facts *f,
                         const struct pss_container *c)
{
    return c->nhost_ports != 0;
}

static bool p_probe_hosts(const struct pss_policy *p, const struct pss_facts *f,
                          const struct pss_container *c)
{
    return c->nprobe_hosts != 0;
}

static bool p_proc_mount(const struct pss_policy *p, const struct pss_facts *f,
                         const struct pss_container *c)
{
    return rule_proc_mount_bad(c);
}

static bool p_apparmor(const struct pss_policy *p, const struct pss_facts *f,
                       const struct pss_container *c)
{
    return rule_profile_bad(c->ctx.apparmor_type);
}

static bool p_selinux(const struct pss_policy *p, const struct pss_facts *f,
                      const struct pss_container *c)
{
    return rule_selinux_bad(p, &c->ctx.selinux);
}

static bool p_seccomp_explicit(const struct pss_policy *p, const struct pss_facts *f,
                               const struct pss_container *c)
{
    return rule_profile_bad(c->ctx.seccomp_type);
}

static bool p_seccomp_implicit(const struct pss_policy *p, const struct pss_facts *f,
                               const struct pss_container *c)
{
    return rule_seccomp_implicit_bad(f, c);
}

static bool p_host_process(const struct pss_policy *p, const struct pss_facts *f,
                           const struct pss_container *c)
{
    return c->ctx.host_process;
}

static bool p_escalation(const struct pss_policy *p, const struct pss_facts *f,
                         const struct pss_container *c)
{
    return c->allow_escalation != PSS_FALSE;
}

static bool p_non_root_explicit(const struct pss_policy *p, const struct pss_facts *f,
                                const struct pss_container *c)
{
    return rule_non_root_explicit_bad(c);
}

static bool p_non_root_implicit(const struct pss_policy *p, const struct pss_facts *f,
                                const struct pss_container *c)
{
    return rule_non_root_implicit_bad(f, c);
}

static bool p_root_user(const struct pss_policy *p, const struct pss_facts *f,
                        const struct pss_container *c)
{
    return rule_root_user(&c->ctx);
}

/* ---- one function per control: fills reason, writes detail into b ---- */

struct describe {
    const struct pss_policy *p;
    const struct pss_facts *f;
    struct arena *a;
    struct pss_buf *b;
    const char *reason;
};

static struct list where(struct describe *d, container_pred pred)
{
    return containers_where(d->a, d->p, d->f, pred);
}

static void d_apparmor(struct describe *d)
{
    bool pod = rule_profile_bad(d->f->pod.apparmor_type);
    struct list bad = where(d, p_apparmor), values = {0};
    if (pod)
        list_add(d->a, &values, d->f->pod.apparmor_type);
    for (uint32_t i = 0; i < d->f->ncontainers; i++)
        if (p_apparmor(d->p, d->f, &d->f->containers[i]))
            list_add(d->a, &values, d->f->containers[i].ctx.apparmor_type);
    list_set(&values);
    uint32_t nann = d->f->napparmor_annotations;
    for (uint32_t i = 0; i < nann; i++)
        list_add(d->a, &values, d->f->apparmor_annotations[i]);
    d->reason = values.n == 1 ? "forbidden AppArmor profile" : "forbidden AppArmor profiles";
    put_setters(d->b, pod, &bad);
    if (nann)
        pss_buf_printf(d->b, "%s%s", pod || bad.n ? " and " : "",
                       nann == 1 ? "annotation" : "annotations");
    pss_buf_puts(d->b, " must not set AppArmor profile type to ");
    pss_buf_join_quoted(d->b, values.v, values.n);
}

static void d_caps_baseline(struct describe *d)
{
    struct list caps = {0};
    for (uint32_t i = 0; i < d->f->ncontainers; i++) {
        const struct pss_container *c = &d->f->containers[i];
        for (uint32_t j = 0; j < c->ncap_add; j++)
            if (!rule_capability_default(c->cap_add[j]))
                list_add(d->a, &caps, c->cap_add[j]);
    }
    list_set(&caps);
    struct list bad = where(d, p_caps_baseline);
    d->reason = "non-default capabilities";
    put_containers(d->b, &bad);
    pss_buf_puts(d->b, " must not include ");
    pss_buf_join_quoted(d->b, caps.v, caps.n);
    pss_buf_puts(d->b, " in securityContext.capabilities.add");
}

static void d_host_namespaces(struct describe *d)
{
    struct list set = {0};
    if (d->f->host_network)
        list_add(d->a, &set, "hostNetwork=true");
    if (d->f->host_pid)
        list_add(d->a, &set, "hostPID=true");
    if (d->f->host_ipc)
        list_add(d->a, &set, "hostIPC=true");
    d->reason = "host namespaces";
    put_joined(d->b, &set, ", ");
}

static void d_host_path(struct describe *d)
{
    struct list names = {0};
    for (uint32_t i = 0; i < d->f->nvolumes; i++)
        if (d->f->volumes[i].host_path)
            list_add(d->a, &names, d->f->volumes[i].name);
    d->reason = "hostPath volumes";
    pss_buf_noun_list(d->b, "volume", "volumes", names.v, names.n);
}

static void d_host_ports(struct describe *d)
{
    struct list ports = {0};
    for (uint32_t i = 0; i < d->f->ncontainers; i++) {
        const struct pss_container *c = &d->f->containers[i];
        for (uint32_t j = 0; j < c->nhost_ports; j++)
            list_add(d->a, &ports, arena_printf(d->a, "%lld", (long long)c->host_ports[j]));
    }
    list_set(&ports);
    struct list bad = where(d, p_host_ports);
    d->reason = "hostPort";
    put_containers(d->b, &bad);
    pss_buf_printf(d->b, " %s %s ", bad.n == 1 ? "uses" : "use",
                   ports.n == 1 ? "hostPort" : "hostPorts");
    put_joined(d->b, &ports, ", ");
}

static void d_probe_hosts(struct describe *d)
{
    struct list hosts = {0};
    for (uint32_t i = 0; i < d->f->ncontainers; i++) {
        const struct pss_container *c = &d->f->containers[i];
        for (uint32_t j = 0; j < c->nprobe_hosts; j++)
            list_add(d->a, &hosts, c->probe_hosts[j]);
    }
    list_set(&hosts);
    struct list bad = where(d, p_probe_hosts);
    list_set(&bad);
    d->reason = "probe or lifecycle host";
    put_containers(d->b, &bad);
    pss_buf_printf(d->b, " %s %s ", bad.n == 1 ? "uses" : "use",
                   hosts.n == 1 ? "probe or lifecycle host" : "probe or lifecycle hosts");
    pss_buf_join_quoted(d->b, hosts.v, hosts.n);
}

static void d_privileged(struct describe *d)
{
    struct list bad = where(d, p_privileged);
    d->reason = "privileged";
    put_containers(d->b, &bad);
    pss_buf_puts(d->b, " must not set securityContext.privileged=true");
}

static void d_proc_mount(struct describe *d)
{
    struct list bad = where(d, p_proc_mount), types = {0};
    for (uint32_t i = 0; i < d->f->ncontainers; i++)
        if (rule_proc_mount_bad(&d->f->containers[i]))
            list_add(d->a, &types, d->f->containers[i].proc_mount);
    list_set(&types);
    d->reason = "procMount";
    put_containers(d->b, &bad);
    pss_buf_puts(d->b, " must not set securityContext.procMount to ");
    pss_buf_join_quoted(d->b, types.v, types.n);
}

static void selinux_note(struct describe *d, const struct pss_selinux *s, struct list *types,
                         bool *user, bool *role)
{
    if (!rule_selinux_type_ok(s->type, d->p->selinux_engine_type))
        list_add(d->a, types, s->type);
    *user |= *s->user != '\0';
    *role |= *s->role != '\0';
}

static void d_selinux(struct describe *d)
{
    struct list types = {0};
    bool user = false, role = false;
    bool pod = rule_selinux_bad(d->p, &d->f->pod.selinux);
    if (pod)
        selinux_note(d, &d->f->pod.selinux, &types, &user, &role);
    struct list bad = where(d, p_selinux);
    for (uint32_t i = 0; i < d->f->ncontainers; i++)
        if (p_selinux(d->p, d->f, &d->f->containers[i]))
            selinux_note(d, &d->f->containers[i].ctx.selinux, &types, &user, &role);
    list_set(&types);
    d->reason = "seLinuxOptions";
    put_setters(d->b, pod, &bad);
    pss_buf_puts(d->b, " set forbidden securityContext.seLinuxOptions: ");
    const char *sep = "";
    if (types.n) {
        pss_buf_noun_list(d->b, "type", "types", types.v, types.n);
        sep = "; ";
    }
    if (user) {
        pss_buf_printf(d->b, "%suser may not be set", sep);
        sep = "; ";
    }
    if (role)
        pss_buf_printf(d->b, "%srole may not be set", sep);
}

/* Pod and containers with a forbidden seccompProfile.type, and the types. */
static void seccomp_explicit(struct describe *d)
{
    bool pod = rule_profile_bad(d->f->pod.seccomp_type);
    struct list bad = where(d, p_seccomp_explicit), types = {0};
    if (pod)
        list_add(d->a, &types, d->f->pod.seccomp_type);
    for (uint32_t i = 0; i < d->f->ncontainers; i++)
        if (p_seccomp_explicit(d->p, d->f, &d->f->containers[i]))
            list_add(d->a, &types, d->f->containers[i].ctx.seccomp_type);
    list_set(&types);
    put_setters(d->b, pod, &bad);
    pss_buf_puts(d->b, " must not set securityContext.seccompProfile.type to ");
    pss_buf_join_quoted(d->b, types.v, types.n);
}

static void d_seccomp_baseline(struct describe *d)
{
    d->reason = "seccompProfile";
    if (!d->p->seccomp_annotations) {
        seccomp_explicit(d);
        return;
    }
    uint32_t n = d->f->nseccomp_annotations;
    pss_buf_printf(d->b, "forbidden %s ", n == 1 ? "annotation" : "annotations");
    for (uint32_t i = 0; i < n; i++) {
        if (i)
            pss_buf_puts(d->b, ", ");
        pss_buf_puts(d->b, d->f->seccomp_annotations[i]);
    }
}

static void d_seccomp_restricted(struct describe *d)
{
    d->reason = "seccompProfile";
    struct list explicit = where(d, p_seccomp_explicit);
    if (explicit.n || rule_profile_bad(d->f->pod.seccomp_type)) {
        seccomp_explicit(d);
        return;
    }
    struct list implicit = where(d, p_seccomp_implicit);
    pss_buf_puts(d->b, "pod or ");
    put_containers(d->b, &implicit);
    pss_buf_puts(d->b, " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or "
                       "\"Localhost\"");
}

static void d_sysctls(struct describe *d)
{
    struct list names = {0};
    for (uint32_t i = 0; i < d->f->nsysctls; i++)
        if (!rule_sysctl_safe(d->f->sysctls[i], d->p->sysctl_minor))
            list_add(d->a, &names, d->f->sysctls[i]);
    d->reason = "forbidden sysctls";
    put_joined(d->b, &names, ", ");
}

static void d_host_process(struct describe *d)
{
    struct list bad = where(d, p_host_process);
    d->reason = "hostProcess";
    put_setters(d->b, d->f->pod.host_process, &bad);
    pss_buf_puts(d->b, " must not set securityContext.windowsOptions.hostProcess=true");
}

static void d_escalation(struct describe *d)
{
    struct list bad = where(d, p_escalation);
    d->reason = "allowPrivilegeEscalation != false";
    put_containers(d->b, &bad);
    pss_buf_puts(d->b, " must set securityContext.allowPrivilegeEscalation=false");
}

static void d_caps_restricted(struct describe *d)
{
    struct list missing = where(d, p_no_drop_all), adding = where(d, p_caps_add_restricted);
    struct list caps = {0};
    for (uint32_t i = 0; i < d->f->ncontainers; i++) {
        const struct pss_container *c = &d->f->containers[i];
        for (uint32_t j = 0; j < c->ncap_add; j++)
            if (strcmp(c->cap_add[j], "NET_BIND_SERVICE") != 0)
                list_add(d->a, &caps, c->cap_add[j]);
    }
    list_set(&caps);
    d->reason = "unrestricted capabilities";
    if (missing.n) {
        put_containers(d->b, &missing);
        pss_buf_puts(d->b, " must set securityContext.capabilities.drop=[\"ALL\"]");
    }
    if (adding.n) {
        if (missing.n)
            pss_buf_puts(d->b, "; ");
        put_containers(d->b, &adding);
        pss_buf_puts(d->b, " must not include ");
        pss_buf_join_quoted(d->b, caps.v, caps.n);
        pss_buf_puts(d->b, " in securityContext.capabilities.add");
    }
}

static void d_restricted_volumes(struct describe *d)
{
    struct list names = {0}, types = {0};
    for (uint32_t i = 0; i < d->f->nvolumes; i++)
        if (d->f->volumes[i].type) {
            list_add(d->a, &names, d->f->volumes[i].name);
            list_add(d->a, &types, d->f->volumes[i].type);
        }
    list_set(&types);
    d->reason = "restricted volume types";
    pss_buf_noun_list(d->b, "volume", "volumes", names.v, names.n);
    pss_buf_printf(d->b, " %s %s ", names.n == 1 ? "uses" : "use",
                   types.n == 1 ? "restricted volume type" : "restricted volume types");
    pss_buf_join_quoted(d->b, types.v, types.n);
}

static void d_run_as_non_root(struct describe *d)
{
    d->reason = "runAsNonRoot != true";
    bool pod = d->f->pod.run_as_non_root == PSS_FALSE;
    struct list explicit = where(d, p_non_root_explicit);
    if (pod || explicit.n) {
        put_setters(d->b, pod, &explicit);
        pss_buf_puts(d->b, " must not set securityContext.runAsNonRoot=false");
        return;
    }
    struct list implicit = where(d, p_non_root_implicit);
    pss_buf_puts(d->b, "pod or ");
    put_containers(d->b, &implicit);
    pss_buf_puts(d->b, " must set securityContext.runAsNonRoot=true");
}

static void d_run_as_user(struct describe *d)
{
    struct list bad = where(d, p_root_user);
    d->reason = "runAsUser=0";
    put_setters(d->b, rule_root_user(&d->f->pod), &bad);
    pss_buf_puts(d->b, " must not set runAsUser=0");
}

static void (*const DESCRIBE[PSS_NCONTROLS])(struct describe *d) = {
    [PSS_APPARMOR_PROFILE] = d_apparmor,
    [PSS_CAPABILITIES_BASELINE] = d_caps_baseline,
    [PSS_HOST_NAMESPACES] = d_host_namespaces,
    [PSS_HOST_PATH_VOLUMES] = d_host_path,
    [PSS_HOST_PORTS] = d_host_ports,
    [PSS_HOST_PROBES_AND_LIFECYCLE] = d_probe_hosts,
    [PSS_PRIVILEGED] = d_privileged,
    [PSS_PROC_MOUNT] = d_proc_mount,
    [PSS_SELINUX_OPTIONS] = d_selinux,
    [PSS_SECCOMP_BASELINE] = d_seccomp_baseline,
    [PSS_SYSCTLS] = d_sysctls,
    [PSS_WINDOWS_HOST_PROCESS] = d_host_process,
    [PSS_ALLOW_PRIVILEGE_ESCALATION] = d_escalation,
    [PSS_CAPABILITIES_RESTRICTED] = d_caps_restricted,
    [PSS_PROC_MOUNT_RESTRICTED] = d_proc_mount,
    [PSS_RESTRICTED_VOLUMES] = d_restricted_volumes,
    [PSS_RUN_AS_NON_ROOT] = d_run_as_non_root,
    [PSS_RUN_AS_USER] = d_run_as_user,
    [PSS_SECCOMP_RESTRICTED] = d_seccomp_restricted,
};

size_t pss_describe(const struct pss_policy *p, const struct pss_facts *f, uint32_t violated,
                    struct arena *a, struct pss_violation out[PSS_NCONTROLS])
{
    size_t n = 0;
    struct pss_buf b = {0};
    for (int c = 0; c < PSS_NCONTROLS; c++) {
        if (!(violated & PSS_BIT(c)))
            continue;
        b.len = 0;
        struct describe d = {.p = p, .f = f, .a = a, .b = &b};
        DESCRIBE[c](&d);
        struct pss_violation *v = &out[n++];
        v->control = (enum pss_control)c;
        v->reason = d.reason;
        v->detail = b.len ? arena_strndup(a, b.s, b.len) : "";
        v->text = b.len ? arena_printf(a, "%s (%s)", d.reason, b.s) : d.reason;
    }
    pss_buf_free(&b);
    return n;
}

const char *pss_message(const struct pss_policy *p, const struct pss_violation *v, size_t n,
                        struct arena *a)
{
    char version[32];
    struct pss_buf b = {0};
    pss_buf_printf(&b, "violates PodSecurity \"%s:%s\": ", pss_level_name(p->level),
                   pss_version_format(p->version, version, sizeof version));
    for (size_t i = 0; i < n; i++) {
        if (i)
            pss_buf_puts(&b, ", ");
        pss_buf_puts(&b, v[i].text);
    }
    const char *s = arena_strdup(a, b.s);
    pss_buf_free(&b);
    return s;
}

void pss_judge(const struct pss_policy *p, const struct pss_facts *f, struct arena *a,
               struct pss_verdict *out)
{
    *out = (struct pss_verdict){.level = p->level, .version = p->version};
    uint32_t violated = pss_evaluate(p, f);
    out->allowed = violated == 0;
    if (out->allowed)
        return;
    struct pss_violation v[PSS_NCONTROLS];
    out->nviolations = pss_describe(p, f, violated, a, v);
    out->violations = arena_alloc(a, out->nviolations * sizeof *v);
    memcpy(out->violations, v, out->nviolations * sizeof *v);
    out->message = pss_message(p, v, out->nviolations, a);
}
