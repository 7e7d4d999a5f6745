/* fy_parse.c — libfyaml's counterpart of raw_parse.c (bench/yaml_libs.sh): an
 * event parse of files read through stdio, each scalar's text fetched (what
 * a loader needs and libyaml's events carry), YAML 1.1, no JSON mode. With
 * --mmap each file is handed to libfyaml by name, which maps it (its fastest
 * input). Prints "events bytes cpu_seconds" summed over the files, as
 * raw_parse does. */
#include <libfyaml.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse_files.h"

static bool mapping; /* --mmap */

/* Events of one file, or -1 after reporting a parse error. */
static long parse_file(const char *name, long *bytes)
{
    FILE *in = fopen(name, "rb");
    if (!in) {
        perror(name);
        exit(2);
    }
    struct fy_parse_cfg cfg = {
        .flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_1 | FYPCF_JSON_NONE,
    };
    struct fy_parser *p = fy_parser_create(&cfg);
    if (!p || (mapping ? fy_parser_set_input_file(p, name)
                       : fy_parser_set_input_fp(p, name, in)) != 0) {
        fputs("fy_parse: cannot set up the parser\n", stderr);
        exit(2);
    }
    long events = 0;
    size_t text = 0;
    struct fy_event *ev;
    while ((ev = fy_parser_parse(p))) {
        if (ev->type == FYET_SCALAR) {
            size_t len;
            const char *s = fy_token_get_text(ev->scalar.value, &len);
            text += s ? len : 0;
        }
        fy_parser_event_free(p, ev);
        events++;
    }
    if (fy_parser_get_stream_error(p)) {
        fprintf(stderr, "%s: parse error\n", name);
        return -1;
    }
    if (mapping)
        fseek(in, 0, SEEK_END);
    *bytes += ftell(in);
    fy_parser_destroy(p);
    fclose(in);
    return events;
}

int main(int argc, char **argv)
{
    bool mapped = argc > 1 && strcmp(argv[1], "--mmap") == 0;
    if (argc < 2 + mapped) {
        fputs("usage: fy_parse [--mmap] FILE...\n", stderr);
        return 2;
    }
    mapping = mapped;
    return parse_files(argv + 1 + mapped, argc - 1 - mapped, parse_file);
}
