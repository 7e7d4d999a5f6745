/* rbac.c — `ringwall rbac`: who-can, can-i, list, risks and paths over
 * RBAC objects read from files, directories or stdin (a `kubectl get
 * clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts,pods
 * -A -o json` dump works as is). */
#include "rbac.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../checks/config.h"
#include "../checks/engine.h"
#include "../checks/rbac.h"
#include "../core/diag.h"
#include "../output/jsonw.h"
#include "../output/output.h"
#include "../core/stats.h"
#include "cli_util.h"
#include "commands.h"
#include "../core/sort.h"

static const char USAGE[] =
    "usage: ringwall rbac COMMAND [OPTIONS] ARGS... PATH... (files, directories, - for stdin)\n"
    "  who-can VERB RESOURCE PATH...     subjects allowed VERB on RESOURCE\n"
    "  can-i SUBJECT VERB RESOURCE PATH... may SUBJECT do it (exit 0 yes, 1 no, with the\n"
    "                                    closest grants)\n"
    "  list SUBJECT PATH...              every permission of SUBJECT, per namespace\n"
    "  risks PATH...                     risky grants as findings\n"
    "  paths --to cluster-admin PATH...  privilege-escalation paths, step by step\n"
    "RESOURCE: pods, pods/exec, deployments.apps, widgets.example.com/status, '*', or a\n"
    "non-resource URL such as /metrics. SUBJECT: User:NAME, Group:NAME,\n"
    "ServiceAccount:NS/NAME or system:serviceaccount:NS:NAME.\n"
    "  -n, --namespace NS        the request's namespace (default: default)\n"
    "  -A, --all-namespaces      who-can: RoleBindings of every namespace count\n"
    "      --name NAME           the resource name (resourceNames rules)\n"
    "      --subresource SUB     the subresource (same as RESOURCE/SUB)\n"
    "      --to cluster-admin    paths: the target (cluster-admin is the only one)\n"
    "      --from SUBJECT        paths: only paths starting from SUBJECT\n"
    "  -f, --format FMT          text (default) or json; risks also jsonl, sarif, junit\n"
    "  -o, --output FILE         write the report to FILE (atomically)\n"
    "      --fail-on SEV         risks: exit 1 on a finding this severe (default high)\n"
    "      --bootstrap DIR       read the default (bootstrap) policy from DIR's files\n"
    "                            instead of the one built into ringwall\n"
    "      --no-bootstrap        no default roles\n"
    "      --allow-empty         accept an input without Kubernetes objects (else exit 2)\n"
    "\n"
    "Exit status: 0 answered (can-i: yes), 1 can-i: no (risks: a finding at --fail-on),\n"
    "2 usage or input error; an input that fails to load is left out with a warning and\n"
    "the answer from the others is still printed (exit 2).\n";

enum { OPT_NAME = 256, OPT_SUB, OPT_TO, OPT_FROM, OPT_FAIL_ON, OPT_BOOT, OPT_NO_BOOT,
       OPT_ALLOW_EMPTY };

static const struct option OPTIONS[] = {
    {"namespace", required_argument, NULL, 'n'},
    {"all-namespaces", no_argument, NULL, 'A'},
    {"name", required_argument, NULL, OPT_NAME},
    {"subresource", required_argument, NULL, OPT_SUB},
    {"to", required_argument, NULL, OPT_TO},
    {"from", required_argument, NULL, OPT_FROM},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"bootstrap", required_argument, NULL, OPT_BOOT},
    {"no-bootstrap", no_argument, NULL, OPT_NO_BOOT},
    {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
    {"help", no_argument, NULL, 'h'},
    {0},
};

static void add_object(const struct k8s_object *o, void *ctx)
{
    rbac_model_add(ctx, o);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Reads one input path into m, adding to *total; false when it had input
 * errors (reported). */
static bool load_path(struct rbac_model *m, const char *path, struct scan_summary *total)
{
    unsigned before = diag_error_count();
    struct object_source src = {.on_object = add_object, .ctx = m};
    source_read(&src, &path, 1);
    total->files += src.summary.files;
    total->documents += src.summary.documents;
    total->objects += src.summary.objects;
    total->skipped += src.summary.skipped;
    total->input_errors += src.summary.input_errors;
    return src.summary.input_errors == 0 && diag_error_count() == before;
}

/* Loads the bootstrap policy and every input. An input that fails to load
 * does not stop the others: the answer is given from what loaded, after a
 * warning naming what it leaves out, and *incomplete is set (exit status 2).
 * False (no answer) when the bootstrap policy fails or, unless allow_empty,
 * the input holds no object. */
static bool rbac_cli_load(struct rbac_model *m, char **paths, int npaths, bool allow_empty,
                          bool *incomplete)
{
    rbac_model_init(m);
    *incomplete = false;
    if (!rbac_checks_load_bootstrap(m)) {
        diag_error("no answer: the default roles (--bootstrap) failed to load; --no-bootstrap "
                   "answers without them");
        return false;
    }
    struct scan_summary total = {0};
    bool *failed = xcalloc((size_t)npaths + 1, sizeof *failed);
    for (int i = 0; i < npaths; i++)
        failed[i] = !load_path(m, paths[i], &total);
    rbac_model_finish(m, true);
    for (int i = 0; i < npaths; i++)
        if (failed[i]) {
            diag_warn("the answer may be incomplete: %s%s did not load completely (errors "
                      "above)", is_dir(paths[i]) ? "files under " : "",
                      strcmp(paths[i], "-") == 0 ? "standard input" : paths[i]);
            *incomplete = true;
        }
    free(failed);
    return cli_require_objects(&total, allow_empty);
}

/* ---------------------------------------------------------------- printing */

static void json_ref(struct jsonw *w, const char *key, const char *kind, const char *ns,
                     const char *name)
{
    jsonw_key(w, key);
    jsonw_object(w);
    jsonw_kv_string(w, "kind", kind);
    if (ns)
        jsonw_kv_string(w, "namespace", ns);
    jsonw_kv_string(w, "name", name);
    jsonw_object_end(w);
}

static const char *subject_kind_name(enum subject_kind k)
{
    return k == SUBJECT_USER ? "User" : k == SUBJECT_GROUP ? "Group" : "ServiceAccount";
}

/* The members of a grant's JSON object. */
static void rbac_json_grant_fields(struct jsonw *w, const struct rbac_grant *g)
{
    const struct rbac_binding *b = g->binding;
    const struct rbac_rule *r = g->rule;
    json_ref(w, "subject", subject_kind_name(g->subject->kind), g->subject->namespace,
             g->subject->name);
    jsonw_kv_string(w, "scope", b->cluster ? "cluster" : b->namespace);
    json_ref(w, "binding", b->cluster ? "ClusterRoleBinding" : "RoleBinding", b->namespace,
             b->name);
    json_ref(w, "role", b->role->cluster ? "ClusterRole" : "Role", b->role->namespace,
             b->role->name);
    jsonw_key(w, "rule");
    jsonw_object(w);
    json_ref(w, "declaredIn", r->role->cluster ? "ClusterRole" : "Role", r->role->namespace,
             r->role->name);
    jsonw_kv_int(w, "index", r->index);
    jsonw_kv_bool(w, "default", r->role->is_default);
    const struct {
        const char *key;
        const struct strs *v;
    } lists[] = {{"verbs", &r->verbs}, {"apiGroups", &r->groups}, {"resources", &r->resources},
                 {"resourceNames", &r->names}, {"nonResourceURLs", &r->urls}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        if (!lists[i].v->n)
            continue;
        jsonw_key(w, lists[i].key);
        jsonw_array(w);
        for (size_t j = 0; j < lists[i].v->n; j++)
            jsonw_string(w, lists[i].v->v[j]);
        jsonw_array_end(w);
    }
    jsonw_object_end(w);
}

static void rbac_json_grant(struct jsonw *w, const struct rbac_grant *g)
{
    jsonw_object(w);
    rbac_json_grant_fields(w, g);
    jsonw_object_end(w);
}

static void text_list(FILE *out, const char *label, const struct strs *s)
{
    if (!s->n)
        return;
    fprintf(out, " %s=", label);
    for (size_t i = 0; i < s->n; i++)
        fprintf(out, "%s%s", i ? "," : "", *s->v[i] ? s->v[i] : "\"\"");
}

static void rbac_text_grant(FILE *out, const struct rbac_grant *g, bool with_scope)
{
    char who[512], via[512], rule[600], scope[300];
    fprintf(out, "  %-40s %s%s%s (%s)\n", rbac_subject_label(g->subject, who, sizeof who),
            with_scope ? rbac_scope_label(g->binding, scope, sizeof scope) : "",
            with_scope ? " via " : "via ", rbac_binding_label(g->binding, via, sizeof via),
            rbac_rule_label(g->rule, rule, sizeof rule));
}

static void text_rule(FILE *out, const struct rbac_rule *r)
{
    fprintf(out, "   ");
    text_list(out, "verbs", &r->verbs);
    text_list(out, "apiGroups", &r->groups);
    text_list(out, "resources", &r->resources);
    text_list(out, "resourceNames", &r->names);
    text_list(out, "nonResourceURLs", &r->urls);
    fputc('\n', out);
}

/* ---------------------------------------------------------------- commands */

struct printer {
    FILE *out;
    struct jsonw w;
    bool json;
    bool scope;
    size_t n;
};

static void print_grant(const struct rbac_grant *g, void *ctx)
{
    struct printer *p = ctx;
    if (p->json)
        rbac_json_grant(&p->w, g);
    else
        rbac_text_grant(p->out, g, p->scope);
    p->n++;
}

static void json_request(struct jsonw *w, const struct rbac_request *q)
{
    jsonw_key(w, "request");
    jsonw_object(w);
    jsonw_kv_string(w, "verb", q->verb);
    if (q->path) {
        jsonw_kv_string(w, "nonResourceURL", q->path);
    } else {
        jsonw_kv_string(w, "apiGroup", q->group);
        jsonw_kv_string(w, "resource", q->resource);
        if (q->subresource)
            jsonw_kv_string(w, "subresource", q->subresource);
        if (q->name)
            jsonw_kv_string(w, "name", q->name);
        jsonw_kv_string(w, "namespace", q->namespace);
    }
    jsonw_object_end(w);
}

static const char *request_text(const struct rbac_request *q, bool all_ns, char *buf, size_t size)
{
    if (q->path)
        snprintf(buf, size, "%s %s", q->verb, q->path);
    else
        snprintf(buf, size, "%s %s%s%s%s%s%s %s%s", q->verb, q->combined, *q->group ? "." : "",
                 q->group, q->name ? " named " : "", q->name ? q->name : "", "",
                 q->cluster_scoped ? "(cluster-scoped)"
                 : all_ns          ? "in all namespaces"
                                   : "in namespace ",
                 q->cluster_scoped || all_ns ? "" : q->namespace);
    return buf;
}

static bool parse_request(struct rbac_model *m, const struct rbac_options *o, const char *verb,
                          const char *resource, struct rbac_request *q)
{
    char err[600];
    if (rbac_request_parse(m, verb, resource, o->subresource, o->name,
                           o->namespace ? o->namespace : "default", q, err, sizeof err))
        return true;
    diag_error("%s", err);
    return false;
}

static int cmd_who_can(struct rbac_model *m, const struct rbac_options *o, bool json,
                       FILE *out)
{
    struct rbac_request q;
    if (!parse_request(m, o, o->args[0], o->args[1], &q))
        return 2;
    struct printer p = {.out = out, .json = json, .scope = true};
    char text[1024];
    if (json) {
        jsonw_init(&p.w, out);
        jsonw_object(&p.w);
        json_request(&p.w, &q);
        jsonw_kv_bool(&p.w, "allNamespaces", o->all_namespaces);
        jsonw_key(&p.w, "grants");
        jsonw_array(&p.w);
    } else {
        fprintf(out, "who can %s:\n", request_text(&q, o->all_namespaces, text, sizeof text));
    }
    rbac_who_can(m, &q, o->all_namespaces, print_grant, &p);
    if (json) {
        jsonw_array_end(&p.w);
        jsonw_object_end(&p.w);
        fputc('\n', out);
    } else if (!p.n) {
        fprintf(out, "  no one\n");
    }
    return 0;
}

static bool parse_subject(struct rbac_model *m, const char *text, struct rbac_principal *pr)
{
    char err[600];
    if (rbac_principal_parse(m, text, pr, err, sizeof err))
        return true;
    diag_error("%s", err);
    return false;
}

/* The near misses of a "no", closest first, in binding order within a kind
 * of miss (seq). */
struct near_item {
    struct rbac_near near;
    size_t seq;
};

struct near_list {
    struct near_item *v;
    size_t n, cap;
};

static void near_add(const struct rbac_near *n, void *ctx)
{
    struct near_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = (struct near_item){*n, l->n};
    l->n++;
}

static int cmp_near(const void *pa, const void *pb)
{
    const struct near_item *a = pa, *b = pb;
    if (a->near.miss != b->near.miss)
        return a->near.miss < b->near.miss ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void closest_grants(const struct rbac_model *m, const struct rbac_principal *pr,
                           const struct rbac_request *q, struct near_list *l)
{
    memset(l, 0, sizeof *l);
    rbac_near_misses(m, pr, q, near_add, l);
    sort_array(l->v, l->n, sizeof *l->v, cmp_near);
}

static void json_closest(struct jsonw *w, const struct near_list *l)
{
    static const char *const MISS[] = {"resourceNames", "verb", "namespace"};
    jsonw_key(w, "closest");
    jsonw_array(w);
    for (size_t i = 0; i < l->n; i++) {
        jsonw_object(w);
        jsonw_kv_string(w, "miss", MISS[l->v[i].near.miss]);
        rbac_json_grant_fields(w, &l->v[i].near.grant);
        jsonw_object_end(w);
    }
    jsonw_array_end(w);
}

/* "can get,list secrets named a,b only in namespace dev": the rule's verbs
 * and names on the resource asked about, in the binding's scope. */
static void text_near(FILE *out, const struct rbac_near *n, const struct rbac_request *q)
{
    const struct rbac_rule *r = n->grant.rule;
    const struct rbac_binding *b = n->grant.binding;
    char scope[300], via[512], rule[600];
    fprintf(out, "  can ");
    for (size_t i = 0; i < r->verbs.n; i++)
        fprintf(out, "%s%s", i ? "," : "", r->verbs.v[i]);
    if (q->path)
        fprintf(out, " %s", q->path);
    else
        fprintf(out, " %s%s%s", q->combined, *q->group ? "." : "", q->group);
    for (size_t i = 0; i < r->names.n; i++)
        fprintf(out, "%s%s", i ? "," : " named ", r->names.v[i]);
    fprintf(out, "%s %s%s\n", r->names.n ? " only," : "", rbac_scope_label(b, scope, sizeof scope),
            q->cluster_scoped && !b->cluster ? " (a RoleBinding cannot grant this)" : "");
    fprintf(out, "    via %s (%s)\n", rbac_binding_label(b, via, sizeof via),
            rbac_rule_label(r, rule, sizeof rule));
}

enum { NEAR_SHOWN = 10 };

static void text_closest(FILE *out, const struct near_list *l, const struct rbac_request *q,
                         const struct rbac_principal *pr)
{
    if (!l->n) {
        fprintf(out, "closest grants: none (no rule of %s's bindings comes near)\n", pr->display);
        return;
    }
    fprintf(out, "closest grants of %s:\n", pr->display);
    for (size_t i = 0; i < l->n && i < NEAR_SHOWN; i++)
        text_near(out, &l->v[i].near, q);
    if (l->n > NEAR_SHOWN)
        fprintf(out, "  ... and %zu more (rbac list shows every grant)\n", l->n - NEAR_SHOWN);
}

static int cmd_can_i(struct rbac_model *m, const struct rbac_options *o, bool json,
                     FILE *out)
{
    struct rbac_principal pr;
    struct rbac_request q;
    if (!parse_subject(m, o->args[0], &pr) || !parse_request(m, o, o->args[1], o->args[2], &q))
        return 2;
    struct printer p = {.out = out, .json = json, .scope = true};
    char text[1024];
    if (json) {
        jsonw_init(&p.w, out);
        jsonw_object(&p.w);
        jsonw_kv_string(&p.w, "subject", pr.display);
        json_request(&p.w, &q);
        jsonw_key(&p.w, "grants");
        jsonw_array(&p.w);
        size_t n = rbac_can_i(m, &pr, &q, print_grant, &p);
        jsonw_array_end(&p.w);
        jsonw_kv_bool(&p.w, "allowed", n > 0);
        struct near_list l = {0};
        if (!n)
            closest_grants(m, &pr, &q, &l);
        json_closest(&p.w, &l);
        free(l.v);
        jsonw_object_end(&p.w);
        fputc('\n', out);
        return n ? 0 : 1;
    }
    struct printer quiet = {.out = out, .json = false, .scope = true};
    size_t n = rbac_can_i(m, &pr, &q, print_grant, &quiet);
    if (n) {
        fprintf(out, "yes: %s may %s, through the grants above\n", pr.display,
                request_text(&q, false, text, sizeof text));
        return 0;
    }
    fprintf(out, "no: %s may not %s\n", pr.display, request_text(&q, false, text, sizeof text));
    struct near_list l;
    closest_grants(m, &pr, &q, &l);
    text_closest(out, &l, &q, &pr);
    free(l.v);
    return 1;
}

/* list: grants grouped by scope (cluster-wide first, then namespaces by
 * name), in binding order within a scope, one rule per line. */
struct list_item {
    struct rbac_grant g;
    size_t seq;
};

struct list_ctx {
    struct list_item *v;
    size_t n, cap;
};

static void list_add(const struct rbac_grant *g, void *ctx)
{
    struct list_ctx *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n] = (struct list_item){*g, l->n};
    l->n++;
}

static int cmp_scope(const struct rbac_grant *a, const struct rbac_grant *b)
{
    if (a->binding->cluster != b->binding->cluster)
        return a->binding->cluster ? -1 : 1;
    if (a->binding->cluster)
        return 0;
    return strcmp(a->binding->namespace, b->binding->namespace);
}

static int cmp_items(const void *pa, const void *pb)
{
    const struct list_item *a = pa, *b = pb;
    int c = cmp_scope(&a->g, &b->g);
    return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmd_list(struct rbac_model *m, const struct rbac_options *o, bool json,
                    FILE *out)
{
    struct rbac_principal pr;
    if (!parse_subject(m, o->args[0], &pr))
        return 2;
    struct list_ctx l = {0};
    rbac_list(m, &pr, list_add, &l);
    sort_array(l.v, l.n, sizeof *l.v, cmp_items);
    if (json) {
        struct jsonw w;
        jsonw_init(&w, out);
        jsonw_object(&w);
        jsonw_kv_string(&w, "subject", pr.display);
        jsonw_key(&w, "grants");
        jsonw_array(&w);
        for (size_t i = 0; i < l.n; i++)
            rbac_json_grant(&w, &l.v[i].g);
        jsonw_array_end(&w);
        jsonw_object_end(&w);
        fputc('\n', out);
    } else {
        fprintf(out, "permissions of %s:\n", pr.display);
        for (size_t i = 0; i < l.n; i++) {
            const struct rbac_grant *g = &l.v[i].g;
            char scope[300], via[512], rule[600];
            if (i == 0 || cmp_scope(&l.v[i - 1].g, g) != 0)
                fprintf(out, "%s:\n", rbac_scope_label(g->binding, scope, sizeof scope));
            fprintf(out, "  via %s (%s)\n", rbac_binding_label(g->binding, via, sizeof via),
                   rbac_rule_label(g->rule, rule, sizeof rule));
            text_rule(out, g->rule);
        }
        if (!l.n)
            fprintf(out, "  nothing\n");
    }
    free(l.v);
    return 0;
}

static void scan_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
}

/* risks: the scan engine with only the rbac family enabled. */
static int cmd_risks(const struct rbac_options *o, char **paths, int npaths)
{
    enum output_format fmt = FORMAT_TEXT;
    if (o->format && !output_format_parse(o->format, &fmt) &&
        !output_format_parse(cli_format_other(o->format), &fmt))
        return cli_usage_error(USAGE, "unknown format '%s'", o->format);
    struct scan_config cfg;
    config_init(&cfg);
    struct cli_sink sink;
    if (o->fail_on && !severity_parse(o->fail_on, &cfg.fail_on)) {
        config_free(&cfg);
        return cli_usage_error(USAGE, "unknown severity '%s'", o->fail_on);
    }
    if (!cli_sink_open(&sink, o->output)) {
        config_free(&cfg);
        return 2;
    }
    config_only(&cfg, "rbac/*");
    struct findings findings = {0};
    struct engine engine;
    engine_init(&engine, &cfg, &findings);
    struct object_source src = {.on_object = scan_object, .ctx = &engine};
    source_read(&src, (const char *const *)paths, (size_t)npaths);
    engine_finish(&engine);
    struct scan_result res = {.findings = &findings, .summary = src.summary,
                              .fail_on = cfg.fail_on};
    stats_enter(STATS_OUTPUT);
    output_write(sink.f, fmt, &res, cli_use_color(fmt == FORMAT_TEXT, sink.path, false));
    int rc = cli_sink_close(&sink) != 0 || !cli_require_objects(&src.summary, o->allow_empty) ||
                     src.summary.input_errors || diag_error_count()
                 ? 2
                 : 0;
    if (!rc && findings_failing(&findings, cfg.fail_on))
        rc = 1;
    findings_free(&findings);
    config_free(&cfg);
    return rc;
}

struct subcommand {
    const char *name;
    int nargs; /* positional arguments before the paths */
};

static const struct subcommand SUBCOMMANDS[] = {
    {"who-can", 2}, {"can-i", 3}, {"list", 1}, {"risks", 0}, {"paths", 0},
};

int cmd_rbac(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(USAGE, "rbac: give a command: who-can, can-i, list, risks, paths");
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
        return cli_help(USAGE);
    const struct subcommand *sc = NULL;
    for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof *SUBCOMMANDS; i++)
        if (strcmp(name, SUBCOMMANDS[i].name) == 0)
            sc = &SUBCOMMANDS[i];
    if (!sc)
        return cli_usage_error(USAGE, "rbac: unknown command '%s'", name);
    argv[1] = argv[0]; /* getopt's messages name the program */
    struct rbac_options o = {0};
    const char *boot = NULL;
    bool no_boot = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "n:Af:o:h", OPTIONS, NULL)) != -1) {
        switch (c) {
        case 'n': o.namespace = optarg; break;
        case 'A': o.all_namespaces = true; break;
        case OPT_NAME: o.name = optarg; break;
        case OPT_SUB: o.subresource = optarg; break;
        case OPT_TO: o.to = optarg; break;
        case OPT_FROM: o.from = optarg; break;
        case 'f': o.format = optarg; break;
        case 'o': o.output = optarg; break;
        case OPT_FAIL_ON: o.fail_on = optarg; break;
        case OPT_BOOT: boot = optarg; break;
        case OPT_NO_BOOT: no_boot = true; break;
        case OPT_ALLOW_EMPTY: o.allow_empty = true; break;
        case 'h': return cli_help(USAGE);
        default: return cli_bad_option(USAGE);
        }
    }
    char **rest = argv + 1 + optind;
    int nrest = argc - 1 - optind;
    if (nrest < sc->nargs + 1)
        return cli_usage_error(USAGE, "rbac %s: missing arguments or input paths", name);
    rbac_checks_set_bootstrap(boot, no_boot);
    if (strcmp(name, "risks") == 0)
        return cmd_risks(&o, rest, nrest);
    static const char *const FORMATS[] = {"text", "json", NULL};
    int format = o.format ? cli_format_index(o.format, FORMATS) : 0;
    if (format < 0)
        return cli_usage_error(USAGE, "unknown format '%s' (text or json)", o.format);
    bool json = format == 1;
    if (strcmp(name, "paths") == 0 && (!o.to || strcmp(o.to, "cluster-admin") != 0))
        return cli_usage_error(USAGE, "rbac paths: give --to cluster-admin");
    o.args = rest;
    o.nargs = sc->nargs;
    struct cli_sink sink;
    if (!cli_sink_open(&sink, o.output))
        return 2;
    struct rbac_model m;
    int rc = 2;
    bool incomplete;
    if (rbac_cli_load(&m, rest + sc->nargs, nrest - sc->nargs, o.allow_empty,
                      &incomplete)) {
        if (strcmp(name, "who-can") == 0)
            rc = cmd_who_can(&m, &o, json, sink.f);
        else if (strcmp(name, "can-i") == 0)
            rc = cmd_can_i(&m, &o, json, sink.f);
        else if (strcmp(name, "list") == 0)
            rc = cmd_list(&m, &o, json, sink.f);
        else
            rc = rbac_cmd_paths(&m, &o, json, sink.f);
        if (incomplete)
            rc = 2;
    }
    rbac_model_free(&m);
    return cli_sink_close(&sink) == 0 ? rc : 2;
}
