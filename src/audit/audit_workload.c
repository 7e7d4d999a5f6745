/* audit_workload.c — workload checks over requestObject (audit_workload.h).
 * A request object without apiVersion or kind (GKE's request, trimmed
 * exports) gets them from objectRef: the resource's kind for the workload
 * resources Kubernetes defines. */
#include "audit_workload.h"

#include <string.h>

#include "../checks/catalog.h"
#include "../checks/config.h"
#include "../checks/finding.h"
#include "../k8s/object.h"
#include "../k8s/pod.h"

static const struct {
    const char *resource, *kind, *api_version;
} KINDS[] = {
    {"pods", "Pod", "v1"},
    {"deployments", "Deployment", "apps/v1"},
    {"daemonsets", "DaemonSet", "apps/v1"},
    {"statefulsets", "StatefulSet", "apps/v1"},
    {"replicasets", "ReplicaSet", "apps/v1"},
    {"jobs", "Job", "batch/v1"},
    {"cronjobs", "CronJob", "batch/v1"},
    {"replicationcontrollers", "ReplicationController", "v1"},
    {"podtemplates", "PodTemplate", "v1"},
};

bool audit_workload_check_known(const char *id)
{
    const struct check *c = catalog_find(id);
    return c && c->pod;
}

/* requestObject with apiVersion and kind filled in from objectRef. */
static const struct node *request_object(struct audit_event *ev)
{
    const struct node *obj = node_get(ev->root, "requestObject");
    if (!node_is_map(obj))
        return NULL;
    if (node_str(node_get(obj, "apiVersion")) && node_str(node_get(obj, "kind")))
        return obj;
    const char *res = node_str(node_path(ev->root, "objectRef.resource"));
    for (size_t i = 0; res && i < sizeof KINDS / sizeof *KINDS; i++) {
        if (strcmp(res, KINDS[i].resource) != 0)
            continue;
        struct node *m = arena_zalloc(ev->scratch, sizeof *m);
        *m = *obj;
        m->u.pairs = arena_alloc(ev->scratch, (obj->n + 2) * sizeof *m->u.pairs);
        m->n = 0;
        const char *keys[2] = {"apiVersion", "kind"};
        const char *vals[2] = {KINDS[i].api_version, KINDS[i].kind};
        for (size_t k = 0; k < 2; k++) {
            struct node *key = arena_zalloc(ev->scratch, sizeof *key);
            struct node *val = arena_zalloc(ev->scratch, sizeof *val);
            key->type = val->type = NODE_STR;
            key->str = keys[k];
            key->len = (uint32_t)strlen(keys[k]);
            val->str = vals[k];
            val->len = (uint32_t)strlen(vals[k]);
            m->u.pairs[m->n++] = (struct pair){key, val};
        }
        for (size_t k = 0; k < obj->n; k++) {
            const char *kn = node_key(obj, k)->str;
            if (strcmp(kn, "apiVersion") != 0 && strcmp(kn, "kind") != 0)
                m->u.pairs[m->n++] = obj->u.pairs[k];
        }
        node_seal_map(m); /* its keys are not obj's */
        return m;
    }
    return NULL;
}

static const struct scan_config *default_config(void)
{
    static struct scan_config cfg;
    static bool ready;
    if (!ready) {
        config_init(&cfg);
        cfg.annotation_ignores = false; /* the requester writes them */
        ready = true;
    }
    return &cfg;
}

bool audit_workload_run(struct audit_event *ev, const char *id, bool *found)
{
    const struct check *c = catalog_find(id);
    const struct node *obj = c && c->pod ? request_object(ev) : NULL;
    struct k8s_object o;
    struct pod_view pv;
    if (!obj || !k8s_object_init(&o, obj, ev->file, 0) || !pod_view_init(&pv, &o, ev->scratch))
        return false;
    struct findings fs;
    memset(&fs, 0, sizeof fs);
    fs.discard = true;
    struct report_ctx r = {.out = &fs, .cfg = default_config(), .check = c, .obj = &o,
                           .pod = &pv, .scratch = ev->scratch};
    c->pod(&pv, &r);
    *found = findings_active(&fs) > 0 || fs.suppressed > 0;
    findings_free(&fs);
    return true;
}
