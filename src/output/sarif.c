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
#include "../version.h"
#include "jsonw.h"
#include "output.h"

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

static void write_object_location(struct jsonw *w, const struct finding *f)
{
    char fqn[1024];
    snprintf(fqn, sizeof fqn, "%s%s%s/%s", f->kind ? f->kind : "-", f->namespace ? "/" : "",
             f->namespace ? f->namespace : "", f->name ? f->name : "-");
    jsonw_key(w, "logicalLocations");
    jsonw_array(w);
    jsonw_object(w);
    jsonw_kv_string(w, "name", f->name ? f->name : "-");
    jsonw_kv_string(w, "fullyQualifiedName", fqn);
    jsonw_kv_string(w, "kind", "resource");
    jsonw_object_end(w);
    jsonw_array_end(w);
}

static void write_result(struct jsonw *w, const struct finding *f, const char *cwd)
{
    char uri[4096], fp[17];
    bool relative;
    jsonw_object(w);
    jsonw_kv_string(w, "ruleId", f->check->id);
    jsonw_kv_int(w, "ruleIndex", (int64_t)catalog_index(f->check));
    jsonw_kv_string(w, "level", level_of(f->severity));
    write_text_message(w, "message", f->message);
    jsonw_key(w, "locations");
    jsonw_array(w);
    jsonw_object(w);
    if (f->file) { /* a finding about no file has only its logical location */
        jsonw_key(w, "physicalLocation");
        jsonw_object(w);
        jsonw_key(w, "artifactLocation");
        jsonw_object(w);
        jsonw_kv_string(w, "uri", artifact_uri(f->file, cwd, uri, sizeof uri, &relative));
        if (relative)
            jsonw_kv_string(w, "uriBaseId", SRCROOT);
        jsonw_object_end(w);
        if (finding_has_position(f)) {
            jsonw_key(w, "region");
            jsonw_object(w);
            jsonw_kv_int(w, "startLine", f->line);
            jsonw_kv_int(w, "startColumn", f->col ? f->col : 1);
            jsonw_object_end(w);
        }
        jsonw_object_end(w);
    }
    write_object_location(w, f);
    jsonw_object_end(w);
    jsonw_array_end(w);
    jsonw_key(w, "partialFingerprints");
    jsonw_object(w);
    jsonw_kv_string(w, "ringwall/v1", finding_fingerprint(f, fp));
    jsonw_object_end(w);
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
    jsonw_key(w, "properties");
    jsonw_object(w);
    jsonw_kv_string(w, "severity", severity_name(f->severity));
    if (f->container)
        jsonw_kv_string(w, "container", f->container);
    if (f->path)
        jsonw_kv_string(w, "fieldPath", f->path);
    jsonw_object_end(w);
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
    jsonw_hold(&w, &held);
    for (size_t i = 0; i < res->findings->n; i++)
        write_result(&w, &res->findings->v[i], cwd);
    jsonw_release(&w);
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    jsonw_array_end(&w);
    jsonw_object_end(&w);
    fputc('\n', out);
}
