/* node_eval.c — the benchmark's definitions evaluated in-process: file
 * checks with stat(2), flag checks on the parsed command lines, merged with
 * the component's config file as the component merges them (a flag given on
 * the command line wins over the file). */
#include "node_eval.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/input.h"
#include "node_files.h"

static const char *const VERDICTS[] = {"PASS", "FAIL", "WARN", "INFO"};

const char *node_verdict_name(enum node_verdict v)
{
    return v < NODE_VERDICT_COUNT ? VERDICTS[v] : "";
}

struct node_result *node_results_add(struct node_results *rs, const struct node_result *r)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 64;
        rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
    }
    struct node_result *o = &rs->v[rs->n++];
    *o = *r;
    struct arena *a = &rs->arena;
    o->evidence = r->evidence ? arena_strdup(a, r->evidence) : NULL;
    o->expected = r->expected ? arena_strdup(a, r->expected) : NULL;
    o->file = r->file ? arena_strdup(a, r->file) : NULL;
    o->path = r->path ? arena_strdup(a, r->path) : NULL;
    rs->count[r->verdict]++;
    return o;
}

void node_results_free(struct node_results *rs)
{
    free(rs->v);
    arena_free(&rs->arena);
}

node_targets node_targets_detected(const struct node_host *h)
{
    node_targets t = 0;
    if (h->comp[NODE_APISERVER].source)
        t |= 1u << NODE_TARGET_MASTER | 1u << NODE_TARGET_CONTROLPLANE;
    if (h->comp[NODE_ETCD].source)
        t |= 1u << NODE_TARGET_ETCD;
    if (h->comp[NODE_KUBELET].source)
        t |= 1u << NODE_TARGET_NODE;
    return t;
}

/* ---- versions ---- */

static const struct {
    const char *minor, *benchmark;
} VERSIONS[] = {
    {"1.29", "cis-1.11"}, {"1.30", "cis-1.11"}, {"1.31", "cis-1.11"},
    {"1.32", "cis-1.12"}, {"1.33", "cis-1.12"}, {"1.34", "cis-1.12"},
};

const struct node_benchmark *node_benchmark_find(const char *name)
{
    for (size_t i = 0; i < NODE_NBENCHMARKS; i++)
        if (strcmp(NODE_BENCHMARKS[i].name, name) == 0)
            return &NODE_BENCHMARKS[i];
    return NULL;
}

const struct node_benchmark *node_benchmark_for_version(const char *version)
{
    for (size_t i = 0; i < sizeof VERSIONS / sizeof *VERSIONS; i++)
        if (strcmp(VERSIONS[i].minor, version) == 0)
            return node_benchmark_find(VERSIONS[i].benchmark);
    return NULL;
}

/* ---- file checks ---- */

/* The name of a uid or gid: the node's /etc/passwd or /etc/group under the
 * root when it has one, the running system's otherwise, else the number. */
static const char *id_name(struct node_host *h, bool group, unsigned id)
{
    const char *db = group ? "/etc/group" : "/etc/passwd";
    if (*h->root) {
        size_t len;
        char *text = input_slurp(node_host_path(h, db), 1 << 20, &len);
        const char *found = NULL;
        for (char *line = text; line && *line && !found;) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
            if (c2 && strtoul(c2 + 1, NULL, 10) == id && c2[1] >= '0' && c2[1] <= '9')
                found = arena_strndup(&h->arena, line, (size_t)(c1 - line));
            line = nl ? nl + 1 : NULL;
        }
        free(text);
        if (found || text)
            return found ? found : arena_printf(&h->arena, "%u", id);
    }
    if (group) {
        struct group *g = getgrgid(id);
        if (g)
            return arena_strdup(&h->arena, g->gr_name);
    } else {
        struct passwd *p = getpwuid(id);
        if (p)
            return arena_strdup(&h->arena, p->pw_name);
    }
    return arena_printf(&h->arena, "%u", id);
}

/* Appends "; " and text to a bounded evidence string. */
static void note(char *buf, size_t size, const char *text)
{
    size_t n = strlen(buf);
    if (n + 8 >= size)
        return;
    snprintf(buf + n, size - n, "%s%s", n ? "; " : "", text);
    if (strlen(buf) + 1 >= size)
        strcpy(buf + size - 5, "...");
}

static void eval_file(struct node_host *h, const struct node_def *d, struct node_result *r)
{
    const char *paths[NODE_FILES_MAX];
    int n = node_files(h, d->file, paths, NODE_FILES_MAX);
    char bad[1024] = "", good[1024] = "";
    size_t nbad = 0, nmissing = 0, nseen = 0;
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(node_host_path(h, paths[i]), &st) != 0) {
            nmissing++;
            note(bad, sizeof bad, arena_printf(&h->arena, "%s: not found", paths[i]));
            continue;
        }
        nseen++;
        const char *line;
        bool ok;
        if (d->mode >= 0) {
            unsigned mode = st.st_mode & 07777;
            ok = (mode & ~(unsigned)d->mode) == 0;
            line = arena_printf(&h->arena, "%s: mode %03o", paths[i], mode);
        } else {
            const char *owner = arena_printf(&h->arena, "%s:%s", id_name(h, false, st.st_uid),
                                             id_name(h, true, st.st_gid));
            ok = strcmp(owner, d->owner) == 0;
            line = arena_printf(&h->arena, "%s: owner %s", paths[i], owner);
        }
        note(ok ? good : bad, ok ? sizeof good : sizeof bad, line);
        if (!ok) {
            nbad++;
            if (!r->file)
                r->file = paths[i];
        }
    }
    r->expected = d->mode >= 0 ? arena_printf(&h->arena, "mode %03o or stricter", d->mode)
                               : arena_printf(&h->arena, "owner %s", d->owner);
    if (nbad) {
        r->verdict = NODE_FAIL;
        r->evidence = arena_strdup(&h->arena, bad);
    } else if (nseen == 0 && d->missing_pass) {
        r->verdict = NODE_PASS;
        r->evidence = n ? arena_printf(&h->arena, "%s: not present", paths[0]) : "no such file";
    } else if (nseen == 0 && node_file_owner(d->file) != NODE_NONE &&
               !h->comp[node_file_owner(d->file)].source) {
        r->verdict = NODE_INFO; /* e.g. kube-proxy's kubeconfig where no kube-proxy runs */
        r->evidence = arena_printf(&h->arena, "%s is not running on this node; %s",
                                   node_component_name(node_file_owner(d->file)), bad);
    } else if (nseen == 0) {
        r->verdict = NODE_WARN;
        r->evidence = n ? arena_strdup(&h->arena, bad) : "no such file on this node";
    } else {
        r->verdict = NODE_PASS;
        r->evidence = arena_strdup(&h->arena, good);
        if (nmissing)
            r->evidence = arena_printf(&h->arena, "%s; %s", good, bad);
    }
    if (!r->file && n > 0)
        r->file = paths[0];
    r->path = d->file;
}

/* ---- flag checks ---- */

/* A config value as text: a scalar's text, a sequence joined with commas. */
static const char *config_text(struct node_host *h, const struct node *n)
{
    if (node_is_scalar(n))
        return node_text(n);
    if (!node_is_seq(n))
        return n ? "(not a scalar)" : NULL;
    const char *s = "";
    for (size_t i = 0; i < node_len(n); i++)
        s = arena_printf(&h->arena, "%s%s%s", s, i ? "," : "",
                         node_text(node_at(n, i)) ? node_text(node_at(n, i)) : "");
    return s;
}

struct seen {
    const char *value; /* NULL: not set */
    const char *where; /* "flag", or the config file */
    const char *name;  /* the flag, gate or key */
};

static struct seen value_of(struct node_host *h, enum node_component c, const struct node_test *t)
{
    struct seen s = {NULL, "flag", t->flag};
    if (t->fact) { /* encryption-provider, the one fact there is */
        const char *problem;
        s.name = t->fact;
        s.value = node_encryption_provider(h, &problem);
        s.where = node_host_flag(h, NODE_APISERVER, "--encryption-provider-config");
        if (!s.value && s.where)
            s.value = arena_printf(&h->arena, "(%s)", problem);
        if (!s.where)
            s.where = "flag";
        return s;
    }
    if (t->gate) {
        s.name = t->gate;
        s.value = node_gate_get(node_host_flag(h, c, "--feature-gates"), t->gate, &h->arena);
    } else {
        s.value = node_host_flag(h, c, t->flag);
    }
    if (!s.value && t->key && h->config[c]) {
        s.value = config_text(h, node_host_key(h, c, t->key));
        s.where = h->config_path[c];
        s.name = t->key;
    }
    return s;
}

static bool list_has(const char *list, const char *item, size_t n)
{
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, item, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static bool passes(const struct node_test *t, const char *v)
{
    switch (t->op) {
    case NODE_OP_PRESENT:
        return v != NULL;
    case NODE_OP_ABSENT:
        return v == NULL;
    case NODE_OP_IS:
        return v && strcasecmp(v, t->value) == 0;
    case NODE_OP_IS_NOT:
        return v && strcasecmp(v, t->value) != 0;
    case NODE_OP_CONTAINS:
        return v && strstr(v, t->value) != NULL;
    case NODE_OP_LACKS:
        return v && strstr(v, t->value) == NULL;
    case NODE_OP_AT_LEAST: {
        char *end;
        double got = v ? strtod(v, &end) : 0;
        return v && end != v && *end == '\0' && got >= strtod(t->value, NULL);
    }
    case NODE_OP_ONLY_FROM:
        if (!v || !*v)
            return false;
        for (const char *p = v; *p;) {
            size_t len = strcspn(p, ",");
            while (len && p[0] == ' ')
                p++, len--;
            if (!list_has(t->value, p, len))
                return false;
            p += len + (p[len] == ',');
        }
        return true;
    }
    return false;
}

static const char *expected_of(struct node_host *h, const struct node_test *t)
{
    const char *name = t->flag ? t->flag : t->gate ? t->gate : t->fact;
    static const char *const WORDS[] = {"set", "not set", "=", "!=", "includes", "excludes",
                                        ">=", "only from"};
    if (t->op == NODE_OP_PRESENT || t->op == NODE_OP_ABSENT)
        return arena_printf(&h->arena, "%s %s", name, WORDS[t->op]);
    return arena_printf(&h->arena, "%s %s %s", name, WORDS[t->op], t->value);
}

static void eval_flags(struct node_host *h, const struct node_def *d, struct node_result *r)
{
    const struct node_running *comp = &h->comp[d->component];
    if (!comp->source) {
        r->verdict = NODE_INFO;
        r->evidence = arena_printf(&h->arena, "%s is not running on this node",
                                   node_component_name(d->component));
        return;
    }
    bool all = true, any = false;
    const char *evidence = "", *expected = "";
    size_t rl = strlen(h->root);
    r->file = comp->origin + (strncmp(comp->origin, h->root, rl) == 0 ? rl : 0);
    r->line = comp->line;
    for (size_t i = 0; i < d->ntests; i++) {
        const struct node_test *t = &d->tests[i];
        struct seen s = value_of(h, d->component, t);
        bool ok = passes(t, s.value);
        all &= ok;
        any |= ok;
        const char *sep = i ? (d->combine == NODE_ANY ? " or " : " and ") : "";
        expected = arena_printf(&h->arena, "%s%s%s", expected, sep, expected_of(h, t));
        const struct node_test *prev = i ? &d->tests[i - 1] : NULL;
        bool dup = prev && prev->flag && t->flag && !strcmp(prev->flag, t->flag);
        if (!dup) {
            const char *seen = s.value ? arena_printf(&h->arena, "%s=%s", s.name, s.value)
                                       : arena_printf(&h->arena, "%s not set", s.name);
            if (s.value && strcmp(s.where, "flag") != 0) {
                seen = arena_printf(&h->arena, "%s (in %s)", seen, s.where);
                r->file = s.where;
                r->line = 0;
            }
            evidence = arena_printf(&h->arena, "%s%s%s", evidence, i ? ", " : "", seen);
        }
        if (!r->path)
            r->path = s.name;
    }
    bool ok = d->combine == NODE_ANY ? any : all;
    r->verdict = ok ? NODE_PASS : d->scored ? NODE_FAIL : NODE_WARN;
    r->evidence = arena_printf(&h->arena, "%s: %s", node_component_name(d->component), evidence);
    r->expected = expected;
}

void node_eval_def(struct node_host *h, const struct node_def *d, struct node_result *r)
{
    *r = (struct node_result){
        .check = d->check, .def = d, .id = d->id, .group = d->group, .target = d->target,
        .severity = d->check->severity,
    };
    if (d->manual) {
        r->verdict = NODE_WARN;
        r->evidence = "manual check: review by hand";
    } else if (d->file) {
        eval_file(h, d, r);
        if (r->verdict == NODE_FAIL && !d->scored)
            r->verdict = NODE_WARN;
    } else {
        eval_flags(h, d, r);
    }
}

void node_eval_benchmark(const struct node_host *ch, const struct node_benchmark *b,
                         node_targets targets, struct node_results *out)
{
    struct node_host *h = (struct node_host *)ch; /* its arena holds scratch strings */
    for (size_t i = 0; i < b->ndefs; i++) {
        if (!(targets & 1u << b->defs[i]->target))
            continue;
        struct node_result r;
        node_eval_def(h, b->defs[i], &r);
        node_results_add(out, &r);
    }
}
