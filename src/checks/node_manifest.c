/* node_manifest.c — CIS flag checks on static Pod manifests and
 * KubeletConfiguration objects: the object becomes a one-component node
 * (its command line, or its config file) and the newest benchmark's
 * definition of the row under test is evaluated on it, as `ringwall node`
 * would. A scored recommendation that fails is a finding at the flag (or the
 * container) of the manifest. */
#include "node_manifest.h"

#include <string.h>

#include "../node/node_eval.h"

/* The definition of a catalog row in the newest benchmark, or NULL. */
static const struct node_def *def_of(const struct check *c)
{
    const struct node_benchmark *b = &NODE_BENCHMARKS[0];
    for (size_t i = 0; i < b->ndefs; i++)
        if (b->defs[i]->check == c)
            return b->defs[i];
    return NULL;
}

static bool is_kubelet_config(const struct k8s_object *o)
{
    return o->kind && strcmp(o->kind, "KubeletConfiguration") == 0 && o->api_version &&
           strncmp(o->api_version, "kubelet.config.k8s.io/", 22) == 0;
}

/* The command-line item that gives flag (its text spells it), for the position. */
static const struct node *flag_item(const struct node *container, const char *flag, size_t *index,
                                    const char **field)
{
    static const char *const FIELDS[] = {"command", "args"};
    size_t n = strlen(flag);
    for (size_t f = 0; f < 2; f++) {
        const struct node *seq = node_get(container, FIELDS[f]);
        for (size_t i = 0; i < node_len(seq); i++) {
            const char *t = node_text(node_at(seq, i));
            if (t && strncmp(t, flag, n) == 0 && (t[n] == '=' || t[n] == '\0')) {
                *index = i;
                *field = FIELDS[f];
                return node_at(seq, i);
            }
        }
    }
    return NULL;
}

/* The component a Pod runs, from its first container's first words alone
 * (most Pods run none: they leave before anything is built). */
static enum node_component pod_component(const struct node *pod)
{
    const struct node *c0 = node_at(node_path(pod, "spec.containers"), 0);
    const struct node *cmd = node_get(c0, "command");
    const char *words[2] = {node_text(node_at(cmd, 0)), node_text(node_at(cmd, 1))};
    if (!words[0])
        words[0] = node_str(node_get(c0, "name"));
    if (!words[0])
        return NODE_NONE;
    size_t shift;
    struct node_args a = {words, words[1] ? 2 : 1};
    return node_component_of(&a, &shift);
}

void node_manifest_check(const struct k8s_object *o, struct report_ctx *r)
{
    /* every object passes by here once per node check: most leave at once */
    if (!o->kind || (o->kind[0] != 'P' && o->kind[0] != 'K'))
        return;
    bool kubelet = is_kubelet_config(o);
    if (!kubelet && (strcmp(o->kind, "Pod") != 0 || pod_component(o->node) == NODE_NONE))
        return;
    const struct node_def *d = def_of(r->check);
    if (!d || d->manual || d->file || !d->scored)
        return;
    for (size_t i = 0; i < d->ntests; i++)
        if (d->tests[i].fact || (kubelet && !d->tests[i].key))
            return; /* facts read other files; a config file has keys only */
    struct node_host h;
    memset(&h, 0, sizeof h);
    h.root = "";
    const struct node *container = NULL;
    enum node_component c = NODE_KUBELET;
    struct node_args a = {0};
    size_t shift = 0;
    if (kubelet) {
        node_args_push(&a, "kubelet", &h.arena);
        h.config[NODE_KUBELET] = o->node;
        h.config_path[NODE_KUBELET] = o->file;
    } else if (!node_pod_command(o->node, &a, &container, &h.arena) ||
               (c = node_component_of(&a, &shift)) == NODE_NONE || c == NODE_KUBELET ||
               c == NODE_PROXY) {
        arena_free(&h.arena);
        return;
    }
    if (c == d->component) {
        h.comp[c] = (struct node_running){.source = NODE_SRC_MANIFEST,
                                          .args = {a.argv + shift, a.argc - shift},
                                          .origin = o->file ? o->file : ""};
        struct node_result res;
        node_eval_def(&h, d, &res);
        if (res.verdict == NODE_FAIL) {
            size_t index = 0;
            const char *field = "command";
            const char *flag = d->tests[0].flag;
            const struct node *at =
                container && flag ? flag_item(container, flag, &index, &field) : NULL;
            const char *path = kubelet ? res.path
                               : at    ? arena_printf(r->scratch, "spec.containers[0].%s[%zu]",
                                                      field, index)
                                       : "spec.containers[0].command";
            const struct node *key = kubelet && res.path ? node_path(o->node, res.path) : NULL;
            const char *name = container ? node_str(node_get(container, "name")) : NULL;
            report(r, at ? at : key ? key : container, name, path, "%s (want %s)", res.evidence,
                   res.expected);
        }
    }
    arena_free(&h.arena);
}
