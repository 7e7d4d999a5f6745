/* sarif.c — SARIF 2.1.0 for code-scanning services (GitHub, GitLab, Azure
 * DevOps): the whole catalog as rules (with security-severity and help), one
 * result per finding with a file region, the object as a logical location, a
 * line-independent partial fingerprint, and suppressions that keep
 * ignored findings visible as such. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../checks/catalog.h"
#include "../core/fmt.h"
#include "../version.h"
#include "jsonw.h"
#include "memo.h"
#include "output.h"
#include "rowtext.h"

static const char SARIF_SCHEMA[] = "https://json.schemastore.org/sarif-2.1.0.json";
static const char SRCROOT[] = "%SRCROOT%";

static const char *level_of(enum severity s)
{
    return s >= SEV_HIGH ? "error" : s == SEV_MEDIUM ? "warning" : "note";
}

/* Appends s percent-encoded as URI path text (keeps unreserved and '/'). */
static void uri_append(char *buf, size_t size, size_t *len, const char *s)
{
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool keep = isalnum(*p) || strchr("-._~/", *p);
        char enc[4] = {(char)*p, 0};
        if (!keep)
            enc[0] = '%', enc[1] = HEX[*p >> 4], enc[2] = HEX[*p & 15];
        size_t n = strlen(enc);
        if (*len + n < size) {
            memcpy(buf + *len, enc, n + 1);
            *len += n;
        }
    }
}

/* The artifact URI of a display path: relative to the working directory
 * (resolved through %SRCROOT%) when it is under it, else a file: URI. */
static const char *artifact_uri(const char *file, const char *cwd, char *buf, size_t size,
                                bool *relative)
{
    size_t len = 0, cwdlen = strlen(cwd);
    buf[0] = '\0';
    *relative = file[0] != '/';
    bool cwd_slash = cwdlen && cwd[cwdlen - 1] == '/'; /* only "/" itself */
    if (!*relative && cwdlen && strncmp(file, cwd, cwdlen) == 0 &&
        (cwd_slash || file[cwdlen] == '/')) {
        file += cwdlen + !cwd_slash;
        *relative = true;
    }
    if (*relative) {
        while (strncmp(file, "./", 2) == 0)
            file += 2;
    } else {
        snprintf(buf, size, "file://");
        len = strlen(buf);
    }
    uri_append(buf, size, &len, *file ? file : ".");
    return buf;
}

static void write_text_message(struct jsonw *w, const char *key, const char *text)
{
    jsonw_key(w, key);
    jsonw_object(w);
    jsonw_kv_string(w, "text", text);
    jsonw_object_end(w);
}

/* "workload/run-as-root" → "WorkloadRunAsRoot" */
static const char *rule_name(const char *id, char *buf, size_t size)
{
    size_t n = 0;
    bool up = true;
    for (const char *p = id; *p && n + 1 < size; p++) {
        if (!isalnum((unsigned char)*p)) {
            up = true;
            continue;
        }
        buf[n++] = up ? (char)toupper((unsigned char)*p) : *p;
        up = false;
    }
    buf[n] = '\0';
    return buf;
}

/* The rule's help: rationale, remediation and references, as plain text or
 * Markdown. The caller frees the result. */
static char *help_text(const struct check *c, bool markdown)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    if (!m)
        abort();
    fprintf(m, "%s\n\n%s %s\n", c->why, markdown ? "**Remediation:**" : "Remediation:", c->fix);
    for (size_t i = 0; i < CHECK_MAX_REFS && c->refs[i]; i++) {
        if (i == 0)
            fputs(markdown ? "\n**References:**\n\n" : "\nReferences:\n", m);
        fprintf(m, "%s%s\n", markdown ? "- " : "  ", c->refs[i]);
    }
    fclose(m);
    return buf;
}

static void write_rule(struct jsonw *w, const struct scan_result *res, size_t idx)
{
    const struct check *c = catalog_at(idx);
    enum severity sev = output_check_severity(res, idx);
    char name[128], family[64];
    jsonw_object(w);
    jsonw_kv_string(w, "id", c->id);
    jsonw_kv_string(w, "name", rule_name(c->id, name, sizeof name));
    write_text_message(w, "shortDescription", c->title);
    write_text_message(w, "fullDescription", c->why);
    char *text = help_text(c, false), *md = help_text(c, true);
    jsonw_key(w, "help");
    jsonw_object(w);
    jsonw_kv_string(w, "text", text);
    jsonw_kv_string(w, "markdown", md);
    jsonw_object_end(w);
    free(text);
    free(md);
    jsonw_key(w, "defaultConfiguration");
    jsonw_object(w);
    jsonw_kv_string(w, "level", level_of(sev));
    jsonw_kv_bool(w, "enabled", output_check_ran(res, idx));
    jsonw_object_end(w);
    jsonw_key(w, "properties");
    jsonw_object(w);
    jsonw_key(w, "security-severity");
    jsonw_string(w, severity_score(sev));
    jsonw_kv_string(w, "severity", severity_name(sev));
    jsonw_kv_string(w, "precision", "high");
    jsonw_key(w, "tags");
    jsonw_array(w);
    jsonw_string(w, "security");
    jsonw_string(w, "kubernetes");
    snprintf(family, sizeof family, "%.*s", (int)strcspn(c->id, "/"), c->id);
    jsonw_string(w, family);
    jsonw_array_end(w);
    jsonw_key(w, "aliases");
    jsonw_array(w);
    for (size_t i = 0; i < CHECK_MAX_ALIASES && c->aliases[i]; i++)
        jsonw_string(w, c->aliases[i]);
    jsonw_array_end(w);
    jsonw_object_end(w);
    jsonw_object_end(w);
}

static void write_object_location(struct jsonw *w, const void *const id[4])
{
    const char *kind = id[0], *namespace = id[1], *name = id[2];
    char fqn[1024];
    snprintf(fqn, sizeof fqn, "%s%s%s/%s", kind ? kind : "-", namespace ? "/" : "",
             namespace ? namespace : "", name ? name : "-");
    jsonw_key(w, "logicalLocations");
    jsonw_array(w);
    jsonw_object(w);
    jsonw_kv_string(w, "name", name ? name : "-");
    jsonw_kv_string(w, "fullyQualifiedName", fqn);
    jsonw_kv_string(w, "kind", "resource");
    jsonw_object_end(w);
    jsonw_array_end(w);
}

/* "artifactLocation" of file id[0] as seen from working directory id[1]. */
static void write_artifact(struct jsonw *w, const void *const id[4])
{
    char uri[4096];
    bool relative;
    jsonw_key(w, "artifactLocation");
    jsonw_object(w);
    jsonw_kv_string(w, "uri", artifact_uri(id[0], id[1], uri, sizeof uri, &relative));
    if (relative)
        jsonw_kv_string(w, "uriBaseId", SRCROOT);
    jsonw_object_end(w);
}

static void write_message(struct jsonw *w, const void *const id[4])
{
    write_text_message(w, "message", id[0]);
}

/* severity id[0], container id[1], field path id[2] */
static void write_properties(struct jsonw *w, const void *const id[4])
{
    jsonw_key(w, "properties");
    jsonw_object(w);
    jsonw_kv_string(w, "severity", id[0]);
    if (id[1])
        jsonw_kv_string(w, "container", id[1]);
    if (id[2])
        jsonw_kv_string(w, "fieldPath", id[2]);
    jsonw_object_end(w);
}

static char *make_rule_ref(const struct check *c, size_t *len)
{
    struct jsonw w;
    struct jsonw_sink s;
    jsonw_memory(&w, &s);
    jsonw_kv_string(&w, "ruleId", c->id);
    jsonw_kv_int(&w, "ruleIndex", (int64_t)catalog_index(c));
    return jsonw_memory_take(&w, len);
}

static void write_rule_ref(struct jsonw *w, const struct check *c)
{
    const struct rowtext *t = rowtext_get(c, ROWTEXT_SARIF_RULE, make_rule_ref);
    if (t) {
        jsonw_members(w, t->text, t->len);
    } else {
        jsonw_kv_string(w, "ruleId", c->id);
        jsonw_kv_int(w, "ruleIndex", (int64_t)catalog_index(c));
    }
}

static void write_region(struct jsonw *w, const struct finding *f)
{
    static const char LINE[] = "\"region\":{\"startLine\":", COLUMN[] = ",\"startColumn\":";
    char buf[sizeof LINE + sizeof COLUMN + 2 * FMT_UINT_MAX + 1];
    size_t n = sizeof LINE - 1;
    memcpy(buf, LINE, n);
    n += fmt_uint(buf + n, f->line);
    memcpy(buf + n, COLUMN, sizeof COLUMN - 1);
    n += sizeof COLUMN - 1;
    n += fmt_uint(buf + n, f->col ? f->col : 1);
    buf[n++] = '}';
    jsonw_members(w, buf, n);
}

static void write_fingerprint(struct jsonw *w, const struct finding *f)
{
    static const char HEAD[] = "\"partialFingerprints\":{\"ringwall/v1\":\"";
    char buf[sizeof HEAD + 16 + 2];
    memcpy(buf, HEAD, sizeof HEAD - 1);
    finding_fingerprint(f, buf + sizeof HEAD - 1);
    memcpy(buf + sizeof HEAD - 1 + 16, "\"}", 2);
    jsonw_members(w, buf, sizeof HEAD - 1 + 16 + 2);
}

static const char *const LEVEL_MEMBERS[] = {
    "\"level\":\"note\"", "\"level\":\"warning\"", "\"level\":\"error\"",
};

/* "ruleId", "ruleIndex" and "level" of check key[0] at severity key[1]. */
static void write_rule_level(struct jsonw *w, const void *const key[4])
{
    enum severity sev = (enum severity)(uintptr_t)key[1];
    write_rule_ref(w, key[0]);
    const char *level = LEVEL_MEMBERS[sev >= SEV_HIGH ? 2 : sev == SEV_MEDIUM];
    jsonw_members(w, level, strlen(level));
}

/* The report's JSON text by the store's numbers, made once: per check
 * entry and severity, per text id, and the last object row's. */
struct sarif_cache {
    const struct findings *fs;
    struct json_slot *rule;            /* by check entry and severity */
    struct json_slot *message, *artifact; /* by text id */
    struct json_slot object;           /* numbered by object row */
    struct json_slot *properties;      /* by path id, numbered by container and severity */
};

static void cache_init(struct sarif_cache *c, const struct findings *fs)
{
    *c = (struct sarif_cache){
        .fs = fs,
        .rule = xcalloc((fs->nchecks + 1) * (SEV_COUNT + 1), sizeof *c->rule),
        .message = xcalloc(fs->ntext + 1, sizeof *c->message),
        .artifact = xcalloc(fs->ntext + 1, sizeof *c->artifact),
        .properties = xcalloc(fs->ntext + 1, sizeof *c->properties),
    };
}

static void cache_free(struct sarif_cache *c)
{
    json_slots_free(c->rule, (c->fs->nchecks + 1) * (SEV_COUNT + 1));
    json_slots_free(c->message, c->fs->ntext + 1);
    json_slots_free(c->artifact, c->fs->ntext + 1);
    free(c->object.json);
    json_slots_free(c->properties, c->fs->ntext + 1);
}

/* Stored finding i as a SARIF result. */
static void write_result(struct jsonw *w, struct sarif_cache *c, size_t i, const char *cwd)
{
    const struct finding_row *r = &c->fs->v[i];
    struct finding stored;
    findings_at(c->fs, i, &stored);
    const struct finding *f = &stored;
    uintptr_t sev = r->severity < SEV_COUNT ? r->severity : SEV_COUNT;
    jsonw_object(w);
    json_slot_members(w, &c->rule[r->check * (SEV_COUNT + 1) + sev], 0, write_rule_level,
                      f->check, (const void *)sev, NULL, NULL);
    json_slot_members(w, &c->message[r->message], 0, write_message, f->message, NULL, NULL,
                      NULL);
    jsonw_key(w, "locations");
    jsonw_array(w);
    jsonw_object(w);
    if (f->file) { /* a finding about no file has only its logical location */
        jsonw_key(w, "physicalLocation");
        jsonw_object(w);
        json_slot_members(w, &c->artifact[c->fs->objects[r->object].file], 0, write_artifact,
                          f->file, cwd, NULL, NULL);
        if (finding_has_position(f))
            write_region(w, f);
        jsonw_object_end(w);
    }
    json_slot_members(w, &c->object, r->object, write_object_location, f->kind, f->namespace,
                      f->name, NULL);
    jsonw_object_end(w);
    jsonw_array_end(w);
    write_fingerprint(w, f);
    if (f->suppressed) {
        jsonw_key(w, "suppressions");
        jsonw_array(w);
        jsonw_object(w);
        bool in_source = f->suppressed_by && strcmp(f->suppressed_by, "annotation") == 0;
        jsonw_kv_string(w, "kind", in_source ? "inSource" : "external");
        jsonw_kv_string(w, "status", "accepted");
        jsonw_kv_string(w, "justification", f->suppressed);
        jsonw_object_end(w);
        jsonw_array_end(w);
    }
    json_slot_members(w, &c->properties[r->path], (uint64_t)r->container * (SEV_COUNT + 1) + sev,
                      write_properties, severity_name(f->severity), f->container, f->path, NULL);
    jsonw_object_end(w);
}

static void write_driver(struct jsonw *w, const struct scan_result *res)
{
    jsonw_key(w, "tool");
    jsonw_object(w);
    jsonw_key(w, "driver");
    jsonw_object(w);
    jsonw_kv_string(w, "name", "ringwall");
    jsonw_kv_string(w, "version", RINGWALL_VERSION);
    jsonw_kv_string(w, "semanticVersion", RINGWALL_VERSION);
    jsonw_kv_string(w, "informationUri", RINGWALL_URL);
    jsonw_key(w, "rules");
    jsonw_array(w);
    for (size_t i = 0; i < catalog_count(); i++)
        write_rule(w, res, i);
    jsonw_array_end(w);
    jsonw_object_end(w);
    jsonw_object_end(w);
}

void output_sarif(FILE *out, const struct scan_result *res)
{
    char cwd[4096] = "", base[4200];
    size_t len = 0;
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    struct jsonw w;
    jsonw_init(&w, out);
    jsonw_object(&w);
    jsonw_kv_string(&w, "$schema", SARIF_SCHEMA);
    jsonw_kv_string(&w, "version", "2.1.0");
    jsonw_key(&w, "runs");
    jsonw_array(&w);
    jsonw_object(&w);
    write_driver(&w, res);
    if (cwd[0] == '/') {
        uri_append(base, sizeof base - 1, &len, cwd);
        if (base[len - 1] != '/')
            base[len++] = '/', base[len] = '\0';
        jsonw_key(&w, "originalUriBaseIds");
        jsonw_object(&w);
        jsonw_key(&w, SRCROOT);
        jsonw_object(&w);
        jsonw_key(&w, "uri");
        char uri[4300];
        snprintf(uri, sizeof uri, "file://%s", base);
        jsonw_string(&w, uri);
        jsonw_object_end(&w);
        jsonw_object_end(&w);
    }
    jsonw_key(&w, "invocations");
    jsonw_array(&w);
    jsonw_object(&w);
    jsonw_kv_bool(&w, "executionSuccessful", res->summary.input_errors == 0);
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    jsonw_kv_string(&w, "columnKind", "unicodeCodePoints");
    jsonw_key(&w, "results");
    jsonw_array(&w);
    struct jsonw_sink held;
    struct sarif_cache cache;
    cache_init(&cache, res->findings);
    jsonw_hold(&w, &held);
    for (size_t i = 0; i < res->findings->n; i++)
        write_result(&w, &cache, i, cwd);
    jsonw_release(&w);
    cache_free(&cache);
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}
