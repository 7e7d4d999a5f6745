/* raw_parse.c — the baseline for bench/run.sh: a raw libyaml event parse of
 * files (no tree, no scalar resolution, no checks), the floor any YAML
 * scanner built on libyaml pays. Prints "events bytes cpu_seconds" summed
 * over the files (CPU time of the process, steadier than wall time on a busy
 * machine; each file is opened and read inside the timed part, as ringwall
 * reads it). */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

#include "parse_files.h"

/* Events of one file, or -1 after reporting a parse error. */
static long parse_file(const char *name, long *bytes)
{
    FILE *in = fopen(name, "rb");
    if (!in) {
        perror(name);
        exit(2);
    }
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, in);
    long events = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s:%zu:%zu: %s\n", name, p.problem_mark.line + 1,
                    p.problem_mark.column + 1, p.problem ? p.problem : "parse error");
            return -1;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        events++;
        if (end)
            break;
    }
    *bytes += ftell(in);
    yaml_parser_delete(&p);
    fclose(in);
    return events;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: raw_parse FILE...\n", stderr);
        return 2;
    }
    return parse_files(argv + 1, argc - 1, parse_file);
}
