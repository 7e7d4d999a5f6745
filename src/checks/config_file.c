/* config_file.c — the ringwall.yaml loader (config_file.h). The file is one
 * YAML mapping; each top-level key is handled by one function from KEYS. */
#include "config_file.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/diag.h"
#include "../core/input.h"
#include "../core/load.h"
#include "../k8s/pod.h"
#include "catalog.h"

void cf_error(struct cf *cf, const struct node *at, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error_at(cf->file, at ? at->line : 0, at ? at->col : 0, "%s", msg);
    cf->ok = false;
}

/* A string scalar; anything else is an error naming `what`. */
const char *cf_want_string(struct cf *cf, const struct node *n, const char *what)
{
    const char *s = node_str(n);
    if (!s || !*s) {
        cf_error(cf, n, "%s must be a non-empty string, not %s", what,
                 n && n->type == NODE_STR ? "an empty one" : node_type_name(n));
        return NULL;
    }
    return s;
}

bool cf_want_type(struct cf *cf, const struct node *n, enum node_type t, const char *what)
{
    if (n && n->type == t)
        return true;
    cf_error(cf, n, "%s must be a %s, not %s", what, t == NODE_MAP ? "mapping" : "sequence",
             node_type_name(n));
    return false;
}

bool cf_want_severity(struct cf *cf, const struct node *n, const char *what, bool allow_none,
                          enum severity *out)
{
    const char *s = cf_want_string(cf, n, what);
    if (!s)
        return false;
    if (!severity_parse(s, out) || (!allow_none && *out == SEV_COUNT)) {
        cf_error(cf, n, "%s: unknown severity \"%s\" (critical, high, medium, low, info%s)", what,
                 s, allow_none ? ", none" : "");
        return false;
    }
    return true;
}

/* checks: / skip: a sequence of ids, aliases or globs. */
static void select_checks(struct cf *cf, const struct node *v, const char *key, bool on)
{
    if (!cf_want_type(cf, v, NODE_SEQ, key))
        return;
    if (node_len(v) == 0) {
        cf_error(cf, v, "%s is an empty list (remove the key instead)", key);
        return;
    }
    if (on)
        config_select_none(cf->cfg);
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        const char *p = cf_want_string(cf, item, key);
        if (p && !config_select(cf->cfg, p, on))
            cf_error(cf, item, "no check matches \"%s\" (see `ringwall checks`)", p);
    }
}

static void key_checks(struct cf *cf, const struct node *v) { select_checks(cf, v, "checks", true); }
static void key_skip(struct cf *cf, const struct node *v) { select_checks(cf, v, "skip", false); }

static void key_severity(struct cf *cf, const struct node *v)
{
    if (!cf_want_type(cf, v, NODE_MAP, "severity"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *k = node_key(v, i);
        enum severity s;
        if (!cf_want_severity(cf, node_value(v, i), k->str, false, &s))
            continue;
        if (!config_set_severity(cf->cfg, k->str, s))
            cf_error(cf, k, "no check matches \"%s\" (see `ringwall checks`)", k->str);
    }
}

static void key_fail_on(struct cf *cf, const struct node *v)
{
    cf_want_severity(cf, v, "fail-on", true, &cf->cfg->fail_on);
}

static void key_min_severity(struct cf *cf, const struct node *v)
{
    cf_want_severity(cf, v, "min-severity", false, &cf->cfg->min_severity);
}

static void key_annotation_ignores(struct cf *cf, const struct node *v)
{
    if (!v || v->type != NODE_BOOL)
        cf_error(cf, v, "annotation-ignores must be true or false, not %s", node_type_name(v));
    else
        cf->cfg->annotation_ignores = v->num.b;
}

static void key_trusted_registries(struct cf *cf, const struct node *v)
{
    if (!cf_want_type(cf, v, NODE_SEQ, "trusted-registries"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const char *r = cf_want_string(cf, node_at(v, i), "a trusted registry");
        if (r)
            config_add_trusted(cf->cfg, r);
    }
}

/* Reads the string members of a list item whose allowed keys are names[];
 * values[i] receives names[i]'s value or NULL. */
bool cf_read_item(struct cf *cf, const struct node *item, const char *what,
                      const char *const *names, size_t nnames, const char **values)
{
    if (!cf_want_type(cf, item, NODE_MAP, what))
        return false;
    bool ok = true;
    for (size_t i = 0; i < nnames; i++)
        values[i] = NULL;
    for (size_t i = 0; i < node_len(item); i++) {
        const struct node *k = node_key(item, i);
        size_t j = 0;
        while (j < nnames && strcmp(k->str, names[j]) != 0)
            j++;
        if (j == nnames) {
            cf_error(cf, k, "unknown key \"%s\" in %s", k->str, what);
            ok = false;
        } else if (!(values[j] = cf_want_string(cf, node_value(item, i), names[j]))) {
            ok = false;
        }
    }
    return ok;
}

static void key_exemptions(struct cf *cf, const struct node *v)
{
    static const char *const NAMES[] = {"check", "namespace", "kind", "name", "container",
                                        "reason"};
    if (!cf_want_type(cf, v, NODE_SEQ, "exemptions"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        const char *val[6];
        if (!cf_read_item(cf, item, "an exemption", NAMES, 6, val))
            continue;
        if (!val[0]) {
            cf_error(cf, item, "an exemption needs \"check\" (an id, alias or glob; \"*\" for all)");
            continue;
        }
        if (!val[5]) {
            cf_error(cf, item, "an exemption needs a \"reason\" (it is shown with every finding "
                               "it suppresses)");
            continue;
        }
        bool matched = false;
        for (size_t c = 0; c < catalog_count() && !matched; c++)
            matched = catalog_matches(catalog_at(c), val[0]);
        if (!matched) {
            cf_error(cf, node_get(item, "check"), "no check matches \"%s\" (see `ringwall checks`)",
                     val[0]);
            continue;
        }
        config_add_exemption(cf->cfg, &(struct exemption){
            .check = (char *)val[0], .namespace = (char *)val[1], .kind = (char *)val[2],
            .name = (char *)val[3], .container = (char *)val[4], .reason = (char *)val[5]});
    }
}

static void key_pod_locations(struct cf *cf, const struct node *v)
{
    static const char *const NAMES[] = {"kind", "path"};
    if (!cf_want_type(cf, v, NODE_SEQ, "pod-locations"))
        return;
    for (size_t i = 0; i < node_len(v); i++) {
        const struct node *item = node_at(v, i);
        const char *val[2];
        if (!cf_read_item(cf, item, "a pod location", NAMES, 2, val))
            continue;
        if (!val[0] || !val[1])
            cf_error(cf, item, "a pod location needs \"kind\" and \"path\" (e.g. kind: Workflow, "
                               "path: spec.podSpec)");
        else if (!cf->skip_pod_locations)
            pod_locations_add(val[0], val[1]);
    }
}

/* admit: the webhook's settings, read by the section reader the caller
 * passes (ringwall admit); other commands accept the section unread. */
static void key_admit(struct cf *cf, const struct node *v)
{
    if (cf->section)
        cf->section(cf, v, cf->section_ctx);
}

static const struct {
    const char *name;
    void (*apply)(struct cf *cf, const struct node *value);
} KEYS[] = {
    {"checks", key_checks},
    {"skip", key_skip},
    {"severity", key_severity},
    {"fail-on", key_fail_on},
    {"min-severity", key_min_severity},
    {"annotation-ignores", key_annotation_ignores},
    {"trusted-registries", key_trusted_registries},
    {"exemptions", key_exemptions},
    {"pod-locations", key_pod_locations},
    {"admit", key_admit},
};

enum { NKEYS = sizeof KEYS / sizeof *KEYS };

static void apply_root(struct cf *cf, const struct node *root)
{
    if (root->type == NODE_NULL)
        return; /* an empty file configures nothing */
    if (!cf_want_type(cf, root, NODE_MAP, "the configuration"))
        return;
    for (size_t i = 0; i < node_len(root); i++) {
        const struct node *k = node_key(root, i);
        size_t j = 0;
        while (j < NKEYS && strcmp(k->str, KEYS[j].name) != 0)
            j++;
        if (j < NKEYS) {
            KEYS[j].apply(cf, node_value(root, i));
            continue;
        }
        char known[256] = "";
        for (size_t n = 0; n < NKEYS; n++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", n ? ", " : "",
                     KEYS[n].name);
        cf_error(cf, k, "unknown key \"%s\" (known: %s)", k->str, known);
    }
}

static int on_doc(struct doc *d, void *ctx)
{
    struct cf *cf = ctx;
    if (d->duplicate_key) {
        cf_error(cf, d->duplicate_key, "duplicate key \"%s\"", d->duplicate_key->str);
    } else if (cf->loaded && d->root->type != NODE_NULL) {
        cf_error(cf, d->root, "a configuration file holds one YAML document");
    } else if (d->root->type != NODE_NULL) {
        cf->loaded = true;
        apply_root(cf, d->root);
    }
    doc_free(d);
    return 0;
}

bool config_file_load(struct scan_config *c, const char *path)
{
    return config_file_load_admit(c, path, NULL, NULL, true);
}

bool config_file_load_admit(struct scan_config *c, const char *path, config_section_fn admit,
                            void *ctx, bool pod_locations)
{
    struct cf cf = {.cfg = c, .file = path, .ok = true, .section = admit, .section_ctx = ctx,
                    .skip_pod_locations = !pod_locations};
    FILE *in = input_open(path, "a config file");
    if (!in)
        return false;
    struct load_error err;
    if (load_stream(path, in, NULL, on_doc, &cf, &err) != 0)
        cf_error(&cf, &(struct node){.line = err.line, .col = err.col}, "%s", err.message);
    input_close(in);
    return cf.ok;
}
