/* output.h — formatters: they print a scan result and never compute. All
 * formats read the same struct scan_result. */
#ifndef RINGWALL_OUTPUT_H
#define RINGWALL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "../checks/finding.h"
#include "../k8s/source.h"

enum output_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JSONL, FORMAT_SARIF, FORMAT_JUNIT };

struct scan_result {
    const struct findings *findings;
    struct scan_summary summary;
    enum severity fail_on;
};

bool output_format_parse(const char *name, enum output_format *out);

/* Counts of active findings per severity. */
void output_count(const struct scan_result *res, size_t counts[SEV_COUNT], size_t *suppressed);

void output_text(FILE *out, const struct scan_result *res, bool color);
void output_json(FILE *out, const struct scan_result *res);

/* One finding as a JSON object (shared by json and jsonl). */
struct jsonw;
void output_json_finding(struct jsonw *w, const struct finding *f);

void output_write(FILE *out, enum output_format fmt, const struct scan_result *res, bool color);

#endif
