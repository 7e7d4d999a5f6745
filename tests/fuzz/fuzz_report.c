/* fuzz_report.c — libFuzzer target for the report writers: findings made of
 * hostile strings (control characters, invalid UTF-8, quotes, "]]>", long
 * text) rendered in every format. The JSON and SARIF reports must be valid
 * JSON (RFC 8259, UTF-8), each JSONL line too, and every string a finding
 * carries that is valid UTF-8 must come back unchanged from the JSON and
 * JSONL reports; the JUnit report must be well-formed XML 1.0; the text
 * report must carry no control character but newlines (and, in colour, SGR
 * sequences).
 *
 * Input: fields separated by NUL bytes. The first field is a header (byte 0:
 * which checks the configuration leaves on, byte 1: fail-on), then ten
 * fields per finding: control bytes (check index 2, severity 1, flags 1,
 * line 4, column 4), message, apiVersion, kind, namespace, name, container,
 * path, file, suppression reason. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/checks/catalog.h"
#include "../../src/checks/config.h"
#include "../../src/core/utf8.h"
#include "../../src/output/output.h"
#include "report_check.h"

enum { MAX_FINDINGS = 64, FIELDS = 10 };

enum {
    F_NO_NAMESPACE = 1, F_NO_NAME = 2, F_NO_CONTAINER = 4, F_NO_PATH = 8,
    F_SUPPRESSED = 16, F_BY_CONFIG = 32,
};

struct fields {
    const char *v[1 + MAX_FINDINGS * FIELDS];
    size_t len[1 + MAX_FINDINGS * FIELDS];
    size_t n;
};

static void split(const char *text, size_t size, struct fields *f)
{
    f->n = 0;
    for (size_t at = 0; at <= size && f->n < sizeof f->v / sizeof *f->v;) {
        size_t len = strnlen(text + at, size - at);
        f->v[f->n] = text + at;
        f->len[f->n++] = len;
        at += len + 1;
    }
}

static uint32_t bytes_at(const char *s, size_t len, size_t at, size_t n)
{
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | (at + i < len ? (unsigned char)s[at + i] : 0);
    return v;
}

static void add_finding(struct findings *fs, const struct fields *in, size_t first)
{
    const char *ctl = in->v[first];
    size_t n = in->len[first];
    unsigned flags = bytes_at(ctl, n, 3, 1);
    const char *const *s = &in->v[first + 1];
    struct finding f = {
        .check = catalog_at(bytes_at(ctl, n, 0, 2) % catalog_count()),
        .severity = (enum severity)(bytes_at(ctl, n, 2, 1) % SEV_COUNT),
        .message = s[0], .api_version = s[1], .kind = s[2],
        .namespace = flags & F_NO_NAMESPACE ? NULL : s[3],
        .name = flags & F_NO_NAME ? NULL : s[4],
        .container = flags & F_NO_CONTAINER ? NULL : s[5],
        .path = flags & F_NO_PATH ? NULL : s[6],
        .file = s[7],
        .line = bytes_at(ctl, n, 4, 4), .col = bytes_at(ctl, n, 8, 4),
        .suppressed = flags & F_SUPPRESSED ? s[8] : NULL,
        .suppressed_by = flags & F_BY_CONFIG ? "config" : "annotation",
    };
    findings_add(fs, &f);
}

/* Writes the report into memory (NUL-terminated). */
static char *render(enum output_format fmt, const struct scan_result *res, bool color,
                    size_t *len)
{
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    if (!out)
        abort();
    output_write(out, fmt, res, color);
    fclose(out);
    return buf;
}

/* Every valid UTF-8 string of every finding is one of the decoded strings. */
static void check_round_trip(const struct findings *fs, const struct json_strings *got)
{
    for (size_t i = 0; i < fs->n; i++) {
        struct finding stored;
        findings_at(fs, i, &stored);
        const struct finding *f = &stored;
        const char *want[] = {f->message, f->api_version, f->kind, f->namespace, f->name,
                              f->container, f->path, f->file, f->suppressed};
        for (size_t k = 0; k < sizeof want / sizeof *want; k++)
            if (want[k] && fuzz_utf8_valid(want[k]) && !json_strings_has(got, want[k])) {
                fprintf(stderr, "string lost in JSON: \"%s\"\n", want[k]);
                abort();
            }
    }
}

static void check_json(const char *doc, size_t len, const struct findings *fs, bool lines)
{
    struct json_strings got = {0};
    struct json_strings *out = fs ? &got : NULL;
    const char *why = lines ? fuzz_jsonl_check(doc, len, out) : fuzz_json_check(doc, len, out);
    if (why) {
        fprintf(stderr, "invalid JSON%s: %s\n", lines ? " line" : "", why);
        abort();
    }
    if (fs)
        check_round_trip(fs, &got);
    json_strings_free(&got);
}

static void check_text(const char *doc, size_t len, bool color)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)doc[i];
        if (c == 0x1b && color) {
            size_t j = i + 1;
            if (j < len && doc[j] == '[')
                for (j++; j < len && ((doc[j] >= '0' && doc[j] <= '9') || doc[j] == ';'); j++)
                    ;
            if (j < len && doc[j] == 'm' && doc[i + 1] == '[') {
                i = j;
                continue;
            }
        }
        if ((c < 0x20 && c != '\n') || c == 0x7f) {
            fprintf(stderr, "control byte 0x%02x in the text report at %zu\n", c, i);
            abort();
        }
    }
}

static void render_all(const struct scan_result *res)
{
    size_t len;
    char *doc;
    for (int color = 0; color < 2; color++) {
        doc = render(FORMAT_TEXT, res, color, &len);
        check_text(doc, len, color);
        free(doc);
    }
    doc = render(FORMAT_JSON, res, false, &len);
    check_json(doc, len, res->findings, false);
    free(doc);
    doc = render(FORMAT_JSONL, res, false, &len);
    check_json(doc, len, res->findings, true);
    free(doc);
    doc = render(FORMAT_SARIF, res, false, &len);
    check_json(doc, len, NULL, false);
    free(doc);
    doc = render(FORMAT_JUNIT, res, false, &len);
    const char *why = fuzz_xml_check(doc, len);
    if (why) {
        fprintf(stderr, "JUnit report is not well-formed XML: %s\n", why);
        abort();
    }
    free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    struct fields in;
    split(text, size, &in);
    unsigned mode = bytes_at(in.v[0], in.len[0], 0, 1);
    struct scan_config cfg;
    config_init(&cfg);
    for (size_t i = 0; i < catalog_count(); i++)
        if ((mode >> (i % 7)) & 1)
            cfg.enabled[i] = false;
    struct findings fs = {0};
    for (size_t first = 1; first + FIELDS <= in.n; first += FIELDS)
        add_finding(&fs, &in, first);
    struct scan_result res = {
        .findings = &fs,
        .summary = {.files = in.n, .documents = size, .objects = fs.n, .skipped = mode,
                    .input_errors = mode & 1},
        .fail_on = (enum severity)(bytes_at(in.v[0], in.len[0], 1, 1) % (SEV_COUNT + 1)),
        .cfg = mode & 0x80 ? NULL : &cfg,
    };
    render_all(&res);
    findings_free(&fs);
    config_free(&cfg);
    free(text);
    return 0;
}

/* Every report allocates and frees a lot (SARIF rule texts): a smaller
 * quarantine keeps the target fast and its memory small. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}
