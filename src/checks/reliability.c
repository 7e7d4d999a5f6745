/* reliability.c — checks that keep an application running through restarts,
 * node drains and upgrades (family "reliability"): probes, resource
 * requests, replicas, disruption budgets, autoscalers, spreading, jobs. They
 * are low or info by default: a --fail-on high gate is not moved by them.
 * Container and object checks read one object; the replica, budget and
 * spreading checks need the whole input and read the shared inventory. */
#include <stdlib.h>
#include <string.h>

#include "inventory.h"

/* ---- containers ---- */

static bool is_batch(const struct pod_view *pod)
{
    return strcmp(pod->obj->kind, "Job") == 0 || strcmp(pod->obj->kind, "CronJob") == 0;
}

static void missing_probe(const struct pod_view *pod, struct report_ctx *r, const char *probe)
{
    if (is_batch(pod))
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (c->kind == CONTAINER_REGULAR && !node_is_map(node_get(c->node, probe)))
            report(r, c->node, c->name, arena_printf(r->scratch, "%s.%s", c->path, probe),
                   "container \"%s\" has no %s", c->name, probe);
    }
}

static void no_liveness_probe(const struct pod_view *pod, struct report_ctx *r)
{
    missing_probe(pod, r, "livenessProbe");
}

static void no_readiness_probe(const struct pod_view *pod, struct report_ctx *r)
{
    missing_probe(pod, r, "readinessProbe");
}

/* Same value, keys in any order. */
static bool node_equal(const struct node *a, const struct node *b)
{
    if (!a || !b || a->type != b->type)
        return a == b;
    if (node_is_seq(a)) {
        if (a->n != b->n)
            return false;
        for (size_t i = 0; i < a->n; i++)
            if (!node_equal(node_at(a, i), node_at(b, i)))
                return false;
        return true;
    }
    if (node_is_map(a)) {
        if (a->n != b->n)
            return false;
        for (size_t i = 0; i < a->n; i++)
            if (!node_equal(node_value(a, i), node_get(b, node_key(a, i)->str)))
                return false;
        return true;
    }
    return a->type == NODE_NULL || strcmp(node_text(a), node_text(b)) == 0;
}

static void probes_identical(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *live = node_get(c->node, "livenessProbe");
        const struct node *ready = node_get(c->node, "readinessProbe");
        if (node_is_map(live) && node_is_map(ready) && node_equal(live, ready))
            report(r, live, c->name, arena_printf(r->scratch, "%s.livenessProbe", c->path),
                   "container \"%s\" has the same liveness and readiness probe: a pod too busy "
                   "to answer is restarted instead of taken out of rotation", c->name);
    }
}

/* A container without a request of `resource`: unless its limit is set,
 * which the API server copies into the request. */
static void missing_request(const struct pod_view *pod, struct report_ctx *r,
                            const char *resource)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (c->kind == CONTAINER_EPHEMERAL)
            continue;
        const struct node *res = node_get(c->node, "resources");
        if (node_get(node_get(res, "requests"), resource) ||
            node_get(node_get(res, "limits"), resource))
            continue;
        report(r, res ? res : c->node, c->name,
               arena_printf(r->scratch, "%s.resources.requests.%s", c->path, resource),
               "%s \"%s\" has no %s request: the scheduler places it as if it needed none",
               container_kind_name(c->kind), c->name, resource);
    }
}

static void no_cpu_request(const struct pod_view *pod, struct report_ctx *r)
{
    missing_request(pod, r, "cpu");
}

static void no_memory_request(const struct pod_view *pod, struct report_ctx *r)
{
    missing_request(pod, r, "memory");
}

static void pull_policy_mutable_tag(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *policy = node_get(c->node, "imagePullPolicy");
        const char *p = node_str(policy);
        if (!c->ref || c->ref->digest[0] || !p || strcmp(p, "Always") == 0)
            continue;
        if (!c->ref->tag[0] || strcmp(c->ref->tag, "latest") == 0)
            report(r, policy, c->name, arena_printf(r->scratch, "%s.imagePullPolicy", c->path),
                   "%s \"%s\" pulls \"%s\" with imagePullPolicy %s: each node keeps the latest "
                   "it pulled first, so replicas run different code",
                   container_kind_name(c->kind), c->name, node_str(c->image), p);
    }
}

/* A probe's port given by name must be one of the container's ports. */
static void probe_port_unknown(const struct pod_view *pod, struct report_ctx *r)
{
    static const char *const PROBES[] = {"livenessProbe", "readinessProbe", "startupProbe"};
    static const char *const HANDLERS[] = {"httpGet", "tcpSocket", "grpc"};
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *ports = node_get(c->node, "ports");
        for (size_t p = 0; p < 3; p++) {
            const struct node *probe = node_get(c->node, PROBES[p]);
            for (size_t h = 0; probe && h < 3; h++) {
                const struct node *port = node_get(node_get(probe, HANDLERS[h]), "port");
                const char *name = port && port->type == NODE_STR ? node_str(port) : NULL;
                if (!name || (name[0] >= '0' && name[0] <= '9'))
                    continue;
                bool found = false;
                for (size_t k = 0; k < node_len(ports) && !found; k++)
                    found = node_str_eq(node_get(node_at(ports, k), "name"), name);
                if (!found)
                    report(r, port, c->name,
                           arena_printf(r->scratch, "%s.%s.%s.port", c->path, PROBES[p],
                                        HANDLERS[h]),
                           "container \"%s\": the %s names port \"%s\", which the container "
                           "does not declare: the probe always fails",
                           c->name, PROBES[p], name);
            }
        }
    }
}

static void no_priority_class(const struct pod_view *pod, struct report_ctx *r)
{
    const struct node *v = node_get(pod->spec, "priorityClassName");
    if (!node_str(v) || !*node_str(v))
        report(r, pod->spec, NULL, arena_printf(r->scratch, "%s.priorityClassName", pod->spec_path),
               "pod sets no priorityClassName: under node pressure it is evicted or pre-empted "
               "like any other");
}

/* ---- objects ---- */

static void naked_pod(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Pod") == 0 && strcmp(o->api_version, "v1") == 0 &&
        !node_len(node_get(o->metadata, "ownerReferences")))
        report(r, NULL, NULL, NULL,
               "Pod has no controller: it is not recreated when it fails or its node goes away");
}

static void cronjob_no_deadline(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "CronJob") == 0 && strncmp(o->api_version, "batch/", 6) == 0 &&
        !node_path(o->node, "spec.startingDeadlineSeconds"))
        report(r, node_get(o->node, "spec"), NULL, "spec.startingDeadlineSeconds",
               "CronJob sets no startingDeadlineSeconds: after 100 missed schedules (a controller "
               "outage) it stops being scheduled");
}

static void job_no_ttl(const struct k8s_object *o, struct report_ctx *r)
{
    if (strcmp(o->kind, "Job") == 0 && strncmp(o->api_version, "batch/", 6) == 0 &&
        !node_len(node_get(o->metadata, "ownerReferences")) &&
        !node_path(o->node, "spec.ttlSecondsAfterFinished"))
        report(r, node_get(o->node, "spec"), NULL, "spec.ttlSecondsAfterFinished",
               "Job sets no ttlSecondsAfterFinished: it and its pods stay after it finishes");
}

static void selector_mismatch(const struct k8s_object *o, struct report_ctx *r)
{
    static const char *const KINDS[] = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"};
    size_t k = 0;
    while (k < 4 && strcmp(o->kind, KINDS[k]) != 0)
        k++;
    const struct node *sel = node_path(o->node, "spec.selector");
    if (k == 4 || !node_is_map(sel))
        return;
    struct selector s;
    const struct node *bad;
    const char *why;
    if (!selector_read(r->scratch, sel, &s, &bad, &why) || selector_is_empty(&s))
        return;
    struct labels l = labels_read(r->scratch, node_path(o->node, "spec.template.metadata.labels"),
                                  NULL, NULL);
    if (!selector_matches(&s, &l))
        report(r, sel, NULL, "spec.selector",
               "spec.selector does not match the pod template's labels: the API server rejects "
               "the %s", o->kind);
}

/* ---- autoscalers ---- */

static bool is_hpa(const struct k8s_object *o)
{
    return strcmp(o->kind, "HorizontalPodAutoscaler") == 0 &&
           strncmp(o->api_version, "autoscaling/", 12) == 0;
}

/* An HPA's minReplicas (1 when unset) and maxReplicas; false without max. */
static bool hpa_range(const struct k8s_object *o, int64_t *min, int64_t *max,
                      const struct node **min_at)
{
    *min_at = node_path(o->node, "spec.minReplicas");
    if (!node_int(*min_at, min))
        *min = 1;
    return is_hpa(o) && node_int(node_path(o->node, "spec.maxReplicas"), max);
}

static void hpa_min_above_max(const struct k8s_object *o, struct report_ctx *r)
{
    int64_t min, max;
    const struct node *at;
    if (hpa_range(o, &min, &max, &at) && min > max)
        report(r, at, NULL, "spec.minReplicas",
               "minReplicas %lld is above maxReplicas %lld: the API server rejects it",
               (long long)min, (long long)max);
}

static void hpa_single_min(const struct k8s_object *o, struct report_ctx *r)
{
    int64_t min, max;
    const struct node *at;
    if (hpa_range(o, &min, &max, &at) && min < 2 && max >= min)
        report(r, at ? at : node_get(o->node, "spec"), NULL, "spec.minReplicas",
               "minReplicas is %lld: at low load one pod serves everything, and its restart is "
               "an outage", (long long)min);
}

static void hpa_fixed(const struct k8s_object *o, struct report_ctx *r)
{
    int64_t min, max;
    const struct node *at;
    if (hpa_range(o, &min, &max, &at) && min == max)
        report(r, node_path(o->node, "spec.maxReplicas"), NULL, "spec.maxReplicas",
               "minReplicas and maxReplicas are both %lld: the autoscaler never scales",
               (long long)min);
}

/* ---- whole input: replicas, budgets, spreading ---- */

struct replicas_view {
    struct inventory *inv;
    const struct inv_hpa **hpa_of;   /* per workload: the HPA scaling it, or NULL */
    bool *budgeted;                  /* per workload: a PDB selects it */
};

static int64_t effective_replicas(const struct replicas_view *v, size_t i)
{
    const struct inv_hpa *h = v->hpa_of[i];
    return h ? h->min : v->inv->w[i].replicas;
}

static void single_replica(struct report_ctx *r, const struct replicas_view *v)
{
    for (size_t i = 0; i < v->inv->nw; i++) {
        const struct inv_workload *w = &v->inv->w[i];
        /* an autoscaled workload's minimum is reliability/hpa-single-min's */
        if (w->replicas < 0 || w->replicas >= 2 || w->replicas == 0 || v->hpa_of[i] ||
            strcmp(w->obj.kind, "ReplicaSet") == 0)
            continue;
        struct object_ref ref = inventory_ref(&w->obj, w->replicas_line, w->replicas_col);
        report_ref(r, "reliability/single-replica", &ref, NULL, "spec.replicas",
                   "%s runs 1 replica%s: a restart, a rollout or a node drain is an outage",
                   w->obj.kind, w->replicas_set ? "" : " (replicas unset)");
    }
}

static void no_pdb(struct report_ctx *r, const struct replicas_view *v)
{
    for (size_t i = 0; i < v->inv->nw; i++) {
        const struct inv_workload *w = &v->inv->w[i];
        if (w->replicas < 0 || effective_replicas(v, i) < 2 || v->budgeted[i] ||
            strcmp(w->obj.kind, "ReplicaSet") == 0)
            continue;
        struct object_ref ref = inventory_ref(&w->obj, 0, 0);
        report_ref(r, "reliability/no-pdb", &ref, NULL, NULL,
                   "%s runs %lld replicas and no PodDisruptionBudget selects them: a node drain "
                   "may evict them all at once", w->obj.kind, (long long)effective_replicas(v, i));
    }
}

static void no_spread(struct report_ctx *r, const struct replicas_view *v)
{
    for (size_t i = 0; i < v->inv->nw; i++) {
        const struct inv_workload *w = &v->inv->w[i];
        if (w->replicas < 0 || effective_replicas(v, i) < 2 || w->spread ||
            strcmp(w->obj.kind, "ReplicaSet") == 0)
            continue;
        struct object_ref ref = inventory_ref(&w->obj, 0, 0);
        report_ref(r, "reliability/no-topology-spread", &ref, NULL,
                   "spec.template.spec.topologySpreadConstraints",
                   "%s runs %lld replicas with neither topologySpreadConstraints nor pod "
                   "anti-affinity: the scheduler may put them all on one node or zone",
                   w->obj.kind, (long long)effective_replicas(v, i));
    }
}

static void hpa_replicas_set(struct report_ctx *r, const struct replicas_view *v)
{
    for (size_t i = 0; i < v->inv->nw; i++) {
        const struct inv_workload *w = &v->inv->w[i];
        if (!v->hpa_of[i] || !w->replicas_set)
            continue;
        struct object_ref ref = inventory_ref(&w->obj, w->replicas_line, w->replicas_col);
        report_ref(r, "reliability/hpa-replicas-set", &ref, NULL, "spec.replicas",
                   "%s sets replicas: %lld while HorizontalPodAutoscaler \"%s\" scales it: every "
                   "apply resets the scale the autoscaler chose",
                   w->obj.kind, (long long)w->replicas, v->hpa_of[i]->obj.name);
    }
}

/* The smallest replica count among the workloads a PDB selects (-1: none). */
static int64_t fewest_selected(const struct replicas_view *v, const struct inv_pdb *p)
{
    const char *ns = p->obj.ns && *p->obj.ns ? p->obj.ns : "default";
    const struct inv_namespace *n = inventory_namespace(v->inv, ns);
    int64_t fewest = -1;
    for (size_t k = 0; n && p->selector_ok && k < n->nworkloads; k++) {
        uint32_t i = n->workloads[k];
        const struct inv_workload *w = &v->inv->w[i];
        if (w->replicas < 0 || !selector_matches(&p->selector, &w->labels))
            continue;
        int64_t e = effective_replicas(v, i);
        if (fewest < 0 || e < fewest)
            fewest = e;
    }
    return fewest;
}

static void pdb_blocks_eviction(struct report_ctx *r, const struct replicas_view *v)
{
    for (size_t i = 0; i < v->inv->npdb; i++) {
        const struct inv_pdb *p = &v->inv->pdb[i];
        struct object_ref ref = inventory_ref(&p->obj, p->vline, p->vcol);
        const char *field = p->has_min ? "spec.minAvailable" : "spec.maxUnavailable";
        if (p->has_max && p->value == 0) {
            report_ref(r, "reliability/pdb-blocks-eviction", &ref, NULL, field,
                       "maxUnavailable is 0: no pod may ever be evicted, so node drains and "
                       "upgrades block");
        } else if (p->has_min && p->percent && p->value >= 100) {
            report_ref(r, "reliability/pdb-blocks-eviction", &ref, NULL, field,
                       "minAvailable is %lld%%: no pod may ever be evicted, so node drains and "
                       "upgrades block", (long long)p->value);
        } else if (p->has_min && !p->percent) {
            int64_t fewest = fewest_selected(v, p);
            if (fewest > 0 && p->value >= fewest)
                report_ref(r, "reliability/pdb-blocks-eviction", &ref, NULL, field,
                           "minAvailable is %lld and a workload it selects runs %lld replica%s: "
                           "no pod may be evicted, so node drains and upgrades block",
                           (long long)p->value, (long long)fewest, fewest == 1 ? "" : "s");
        }
    }
}

static void analysis_end(void *state, struct report_ctx *r)
{
    struct inventory *inv = inventory_of(state);
    struct replicas_view v = {
        .inv = inv,
        .hpa_of = xcalloc(inv->nw + 1, sizeof *v.hpa_of),
        .budgeted = xcalloc(inv->nw + 1, sizeof *v.budgeted),
    };
    for (size_t i = 0; i < inv->nhpa; i++) {
        const struct inv_hpa *h = &inv->hpa[i];
        const char *ns = h->obj.ns && *h->obj.ns ? h->obj.ns : "default";
        const struct inv_workload *w = h->target_kind && h->target_name
            ? inventory_workload(inv, h->target_kind, ns, h->target_name) : NULL;
        if (w)
            v.hpa_of[w - inv->w] = h;
    }
    for (size_t i = 0; i < inv->npdb; i++) {
        const struct inv_pdb *p = &inv->pdb[i];
        const struct inv_namespace *n =
            inventory_namespace(inv, p->obj.ns && *p->obj.ns ? p->obj.ns : "default");
        for (size_t k = 0; n && p->selector_ok && k < n->nworkloads; k++)
            if (selector_matches(&p->selector, &inv->w[n->workloads[k]].labels))
                v.budgeted[n->workloads[k]] = true;
    }
    single_replica(r, &v);
    no_pdb(r, &v);
    pdb_blocks_eviction(r, &v);
    no_spread(r, &v);
    hpa_replicas_set(r, &v);
    free(v.hpa_of);
    free(v.budgeted);
}

static const struct analyzer RELIABILITY_ANALYZER = {
    .begin = inventory_begin,
    .add = inventory_feed,
    .end = analysis_end,
    .destroy = inventory_destroy,
};

static const struct check RELIABILITY_CHECKS[] = {
    {
        .id = "reliability/no-liveness-probe",
        .severity = SEV_LOW,
        .title = "No liveness probe",
        .why = "Without a liveness probe a container that deadlocks keeps running and is never "
               "restarted. Jobs and CronJobs, init and ephemeral containers are not reported.",
        .fix = "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when the "
               "process cannot recover by itself.",
        .refs = {"Kubernetes docs: Configure Liveness, Readiness and Startup Probes"},
        .aliases = {"CKV_K8S_8", "C-0056", "livenessProbeMissing", "no-liveness-probe"},
        .pod = no_liveness_probe,
    },
    {
        .id = "reliability/no-readiness-probe",
        .severity = SEV_LOW,
        .title = "No readiness probe",
        .why = "Without a readiness probe a pod receives traffic as soon as its containers "
               "start, before the application can serve, and keeps receiving it while it "
               "cannot. Jobs and CronJobs, init and ephemeral containers are not reported.",
        .fix = "Add a readinessProbe that succeeds only when the container can serve requests.",
        .refs = {"Kubernetes docs: Configure Liveness, Readiness and Startup Probes"},
        .aliases = {"CKV_K8S_9", "C-0018", "readinessProbeMissing", "no-readiness-probe"},
        .pod = no_readiness_probe,
    },
    {
        .id = "reliability/probes-identical",
        .severity = SEV_LOW,
        .title = "Liveness and readiness probes are identical",
        .why = "When the liveness probe is the readiness probe, a pod that is only overloaded "
               "fails both: it is restarted instead of being taken out of rotation, which turns "
               "load into a cascade of restarts.",
        .fix = "Make the liveness probe check only that the process is alive (a cheaper "
               "endpoint, a higher failureThreshold) and keep the readiness probe for serving.",
        .refs = {"Kubernetes docs: Configure Liveness, Readiness and Startup Probes"},
        .aliases = {"pod-probes-identical"},
        .pod = probes_identical,
    },
    {
        .id = "reliability/no-cpu-request",
        .severity = SEV_LOW,
        .title = "No cpu request",
        .why = "A container without a cpu request (and without a cpu limit, which the API server "
               "copies into the request) is scheduled as if it needed no cpu and is the first "
               "to be starved under contention. Ephemeral containers are not reported.",
        .fix = "Set resources.requests.cpu to what the container needs at steady load.",
        .refs = {"Kubernetes docs: Resource Management for Pods and Containers"},
        .aliases = {"CKV_K8S_10", "C-0268", "cpuRequestsMissing"},
        .pod = no_cpu_request,
    },
    {
        .id = "reliability/no-memory-request",
        .severity = SEV_LOW,
        .title = "No memory request",
        .why = "A container without a memory request (and without a memory limit, which the API "
               "server copies into the request) is scheduled onto nodes that cannot hold it and "
               "is among the first killed under memory pressure. Ephemeral containers are not "
               "reported.",
        .fix = "Set resources.requests.memory to the container's working set.",
        .refs = {"Kubernetes docs: Resource Management for Pods and Containers"},
        .aliases = {"CKV_K8S_12", "C-0269", "memoryRequestsMissing"},
        .pod = no_memory_request,
    },
    {
        .id = "reliability/pull-policy-mutable-tag",
        .severity = SEV_LOW,
        .title = "Mutable image tag pulled only if not present",
        .why = "With imagePullPolicy IfNotPresent or Never, a node runs whatever image it pulled "
               "first for the tag: with latest (or no tag) replicas on different nodes run "
               "different code, and a fix pushed under the same tag never arrives. Unset, the "
               "policy of such an image defaults to Always and is not reported; other tags are "
               "taken as immutable (image/no-digest reports them).",
        .fix = "Pin the image by version or digest, or set imagePullPolicy: Always.",
        .refs = {"Kubernetes docs: Images (image pull policy)"},
        .pod = pull_policy_mutable_tag,
    },
    {
        .id = "reliability/probe-port-unknown",
        .severity = SEV_LOW,
        .title = "Probe names a port the container does not declare",
        .why = "A probe's port given by name must be one of the container's named ports; "
               "otherwise the probe fails every time: a liveness probe restarts the container "
               "forever, a readiness probe keeps it out of service.",
        .fix = "Name the port in the container's ports list, or give the probe a number.",
        .refs = {"Kubernetes docs: Configure Liveness, Readiness and Startup Probes"},
        .aliases = {"liveness-port", "readiness-port", "startup-port"},
        .pod = probe_port_unknown,
    },
    {
        .id = "reliability/no-priority-class",
        .severity = SEV_INFO,
        .title = "No priority class",
        .why = "Pods without a priorityClassName get the default priority: when nodes run out of "
               "resources, important workloads are evicted or pre-empted like batch ones.",
        .fix = "Define PriorityClasses for the tiers of workloads and set priorityClassName.",
        .refs = {"Kubernetes docs: Pod Priority and Preemption"},
        .aliases = {"priorityClassNotSet", "priority-class-name"},
        .pod = no_priority_class,
    },
    {
        .id = "reliability/naked-pod",
        .severity = SEV_LOW,
        .title = "Pod without a controller",
        .why = "A Pod created directly (no ownerReferences) is not recreated when it crashes "
               "beyond restarts, is evicted, or its node fails.",
        .fix = "Run it from a Deployment, StatefulSet, DaemonSet or Job.",
        .refs = {"Kubernetes docs: Configuration Best Practices (naked pods)"},
        .aliases = {"C-0073"},
        .object = naked_pod,
    },
    {
        .id = "reliability/cronjob-no-deadline",
        .severity = SEV_INFO,
        .title = "CronJob without a starting deadline",
        .why = "Without startingDeadlineSeconds the controller counts every missed schedule "
               "since the last run; after 100 (a long controller outage, a suspended job) it "
               "stops scheduling the CronJob.",
        .fix = "Set spec.startingDeadlineSeconds to how late a run may still start.",
        .refs = {"Kubernetes docs: CronJob limitations"},
        .aliases = {"cronjob-has-deadline"},
        .object = cronjob_no_deadline,
    },
    {
        .id = "reliability/job-no-ttl",
        .severity = SEV_INFO,
        .title = "Job without ttlSecondsAfterFinished",
        .why = "Finished Jobs and their pods stay until deleted, filling etcd and namespaces. "
               "Jobs owned by a CronJob are cleaned by its history limits and not reported.",
        .fix = "Set spec.ttlSecondsAfterFinished.",
        .refs = {"Kubernetes docs: Automatic Cleanup for Finished Jobs"},
        .aliases = {"job-ttl-seconds-after-finished"},
        .object = job_no_ttl,
    },
    {
        .id = "reliability/selector-mismatch",
        .severity = SEV_LOW,
        .title = "Selector does not match the pod template",
        .why = "A Deployment, StatefulSet, DaemonSet or ReplicaSet whose spec.selector does not "
               "match its template's labels is rejected by the API server: the manifest cannot "
               "be applied.",
        .fix = "Make spec.selector match spec.template.metadata.labels.",
        .refs = {"Kubernetes docs: Deployments (selector)"},
        .aliases = {"mismatching-selector"},
        .object = selector_mismatch,
    },
    {
        .id = "reliability/hpa-min-above-max",
        .severity = SEV_LOW,
        .title = "Autoscaler minReplicas above maxReplicas",
        .why = "A HorizontalPodAutoscaler whose minReplicas exceeds maxReplicas is rejected by "
               "the API server.",
        .fix = "Set minReplicas at or below maxReplicas.",
        .refs = {"Kubernetes docs: Horizontal Pod Autoscaling"},
        .object = hpa_min_above_max,
    },
    {
        .id = "reliability/hpa-single-min",
        .severity = SEV_LOW,
        .title = "Autoscaler may scale down to one pod",
        .why = "With minReplicas 1 (the default) a quiet period leaves one pod: its restart, "
               "eviction or node failure is an outage.",
        .fix = "Set spec.minReplicas to 2 or more.",
        .refs = {"Kubernetes docs: Horizontal Pod Autoscaling"},
        .aliases = {"hpaMinAvailability"},
        .object = hpa_single_min,
    },
    {
        .id = "reliability/hpa-fixed",
        .severity = SEV_INFO,
        .title = "Autoscaler with minReplicas equal to maxReplicas",
        .why = "An autoscaler whose minimum is its maximum never scales: it only hides the "
               "replica count of its target.",
        .fix = "Raise maxReplicas, or drop the autoscaler and set the replicas.",
        .refs = {"Kubernetes docs: Horizontal Pod Autoscaling"},
        .aliases = {"hpaMaxAvailability"},
        .object = hpa_fixed,
    },
    {
        .id = "reliability/single-replica",
        .severity = SEV_LOW,
        .title = "Single replica",
        .why = "A Deployment, StatefulSet or ReplicationController with one replica (the "
               "default) is down during every rollout, restart and node drain. A workload "
               "a HorizontalPodAutoscaler of the input scales is left to "
               "reliability/hpa-single-min; replicas: 0 (scaled down on purpose) is not "
               "reported.",
        .fix = "Run at least 2 replicas, with a PodDisruptionBudget and spreading.",
        .refs = {"Kubernetes docs: Deployments"},
        .aliases = {"deploymentMissingReplicas", "deployment-replicas"},
    },
    {
        .id = "reliability/no-pdb",
        .severity = SEV_LOW,
        .title = "Replicated workload without a PodDisruptionBudget",
        .why = "Without a PodDisruptionBudget, a node drain or cluster upgrade may evict every "
               "replica at once. Reported for workloads of 2 or more replicas (or autoscaler "
               "minimum) that no PodDisruptionBudget of the input selects.",
        .fix = "Add a PodDisruptionBudget selecting the pods with maxUnavailable: 1 (or a "
               "minAvailable below the replica count).",
        .refs = {"Kubernetes docs: Specifying a Disruption Budget for your Application"},
        .aliases = {"missingPodDisruptionBudget", "deployment-has-poddisruptionbudget",
                    "statefulset-has-poddisruptionbudget"},
    },
    {
        .id = "reliability/pdb-blocks-eviction",
        .severity = SEV_LOW,
        .title = "PodDisruptionBudget allows no disruption",
        .why = "A budget with maxUnavailable 0, minAvailable 100%, or a minAvailable at or "
               "above the replicas (or autoscaler minimum) of a workload it selects never lets "
               "a pod be evicted: node drains hang and cluster upgrades stall.",
        .fix = "Use maxUnavailable: 1, or a minAvailable below the replica count.",
        .refs = {"Kubernetes docs: Specifying a Disruption Budget for your Application"},
        .aliases = {"pdb-max-unavailable", "pdb-min-available",
                    "pdbMinAvailableGreaterThanHPAMinReplicas", "pdbDisruptionsIsZero"},
    },
    {
        .id = "reliability/no-topology-spread",
        .severity = SEV_LOW,
        .title = "Replicas not spread across nodes",
        .why = "Replicas without topologySpreadConstraints or pod anti-affinity may all land on "
               "one node or zone, which then takes the whole workload down with it. Reported "
               "for workloads of 2 or more replicas (or autoscaler minimum).",
        .fix = "Add topologySpreadConstraints over kubernetes.io/hostname (and "
               "topology.kubernetes.io/zone), or a preferred pod anti-affinity.",
        .refs = {"Kubernetes docs: Pod Topology Spread Constraints"},
        .aliases = {"topologySpreadConstraint", "no-anti-affinity",
                    "deployment-has-host-podantiaffinity"},
    },
    {
        .id = "reliability/hpa-replicas-set",
        .severity = SEV_LOW,
        .title = "Replicas set on an autoscaled workload",
        .why = "When a HorizontalPodAutoscaler scales a workload whose manifest sets "
               "spec.replicas, every apply of the manifest resets the replica count the "
               "autoscaler chose, scaling a loaded workload down.",
        .fix = "Remove spec.replicas from the manifest of an autoscaled workload.",
        .refs = {"Kubernetes docs: Horizontal Pod Autoscaling (migrating to autoscaling)"},
        .aliases = {"deployment-targeted-by-hpa-does-not-have-replicas"},
    },
};

const struct check_family FAMILY_RELIABILITY = {
    .name = "reliability",
    .checks = RELIABILITY_CHECKS,
    .nchecks = sizeof RELIABILITY_CHECKS / sizeof *RELIABILITY_CHECKS,
    .analyzer = &RELIABILITY_ANALYZER,
};
