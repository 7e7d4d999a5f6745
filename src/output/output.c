/* output.c — format selection and shared counting (output.h). */
#include "output.h"

#include <string.h>

#include "../checks/catalog.h"
#include "../checks/config.h"

bool output_format_parse(const char *name, enum output_format *out)
{
    static const struct {
        const char *name;
        enum output_format fmt;
    } FORMATS[] = {{"text", FORMAT_TEXT},   {"json", FORMAT_JSON},   {"jsonl", FORMAT_JSONL},
                   {"sarif", FORMAT_SARIF}, {"junit", FORMAT_JUNIT}};
    for (size_t i = 0; i < sizeof FORMATS / sizeof *FORMATS; i++)
        if (strcmp(name, FORMATS[i].name) == 0) {
            *out = FORMATS[i].fmt;
            return true;
        }
    return false;
}

void output_count(const struct scan_result *res, size_t counts[SEV_COUNT], size_t *suppressed)
{
    memcpy(counts, res->findings->active, SEV_COUNT * sizeof *counts);
    *suppressed = res->findings->suppressed;
}

bool output_check_ran(const struct scan_result *res, size_t catalog_index)
{
    return !res->cfg || res->cfg->enabled[catalog_index];
}

enum severity output_check_severity(const struct scan_result *res, size_t catalog_index)
{
    return res->cfg ? res->cfg->severity[catalog_index] : catalog_at(catalog_index)->severity;
}

void output_write(FILE *out, enum output_format fmt, const struct scan_result *res, bool color)
{
    switch (fmt) {
    case FORMAT_TEXT:
        output_text(out, res, color);
        break;
    case FORMAT_JSON:
        output_json(out, res);
        break;
    case FORMAT_JSONL:
        output_jsonl(out, res);
        break;
    case FORMAT_SARIF:
        output_sarif(out, res);
        break;
    case FORMAT_JUNIT:
        output_junit(out, res);
        break;
    }
}
