/* output.h — formatters: they print a scan result and never compute. All
 * formats read the same struct scan_result. */
#ifndef RINGWALL_OUTPUT_H
#define RINGWALL_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../checks/finding.h"
#include "../core/fmt.h"
#include "../k8s/source.h"

struct scan_config;
struct jsonw;

enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_SARIF, FORMAT_JUNIT };

struct scan_result {
    const struct findings *findings;
    struct scan_summary summary;
    enum severity fail_on;
    /* which checks ran and at what severity (SARIF rules, JUnit passing
     * cases); NULL means every check at its catalog severity */
    const struct scan_config *cfg;
    /* more members for the JSON report, written before "summary" (node's
     * per-check results), or NULL */
    void (*json_extra)(struct jsonw *w, const void *ctx);
    const void *json_extra_ctx;
};

bool output_format_parse(const char *name, enum output_format *out);

/* A finding's place in a report: files in the order their objects were
 * read (findings_see_file), then files only findings name, then findings
 * about no file; objects in the order of their first finding. */
struct output_ranked {
    uint32_t index;       /* in the store (findings_at) */
    uint32_t file_rank;   /* OUTPUT_NO_FILE for a finding about no file */
    uint32_t object_rank;
    uint8_t severity;     /* the finding's, for ordering */
    bool suppressed;
};
#define OUTPUT_NO_FILE UINT32_MAX

/* The findings in report order (fs->n entries, to free); by_severity puts,
 * within an object, active findings before suppressed ones and the most
 * severe first, else they stay in the order they were made. */
struct output_ranked *output_rank(const struct findings *fs, bool by_severity);

/* The report object (file, kind, namespace and name) of each of the store's
 * object rows, numbered in order of first finding (nobjects+1 entries, to
 * free); *nobjects: how many there are. */
uint32_t *output_object_numbers(const struct findings *fs, size_t *nobjects);

/* Counts of active findings per severity. */
void output_count(const struct scan_result *res, size_t counts[SEV_COUNT], size_t *suppressed);
/* Whether a check ran, and its effective severity, per res->cfg. */
bool output_check_ran(const struct scan_result *res, size_t catalog_index);
enum severity output_check_severity(const struct scan_result *res, size_t catalog_index);

void output_text(FILE *out, const struct scan_result *res, bool color);
void output_json(FILE *out, const struct scan_result *res);
void output_jsonl(FILE *out, const struct scan_result *res);
void output_sarif(FILE *out, const struct scan_result *res);
void output_junit(FILE *out, const struct scan_result *res);

/* One finding as a JSON object (shared by json and jsonl). */
struct jsonw;
void output_json_finding(struct jsonw *w, const struct finding *f);
/* --format jsonl as findings are made: one line each, written at once
 * (and flushed, with flush_each). output_jsonl_add has the signature of
 * findings.on_add, with the stream as its context. */
struct output_jsonl_stream;
struct output_jsonl_stream *output_jsonl_open(FILE *out, bool flush_each);
void output_jsonl_add(const struct finding *f, void *stream);
void output_jsonl_close(struct output_jsonl_stream *s); /* s may be NULL */

/* Writes ":LINE:COLUMN" of a finding with a position. */
void output_put_position(FILE *out, const struct finding *f);
/* The same text into buf; returns its length. */
enum { OUTPUT_POSITION_MAX = 2 * FMT_UINT_MAX + 2 };
size_t output_position(char buf[OUTPUT_POSITION_MAX], unsigned line, unsigned col);

void output_write(FILE *out, enum output_format fmt, const struct scan_result *res, bool color);

#endif
