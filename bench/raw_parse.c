/* raw_parse.c — the baseline for bench/run.sh: a raw libyaml event parse of
 * a file (no tree, no scalar resolution, no checks), the floor any YAML
 * scanner built on libyaml pays. Prints "events bytes cpu_seconds" (CPU time
 * of the process, steadier than wall time on a busy machine; the file is
 * read inside the timed part, as ringwall reads it). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <yaml.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: raw_parse FILE\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_file(&p, in);
    unsigned long events = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            fprintf(stderr, "%s:%zu:%zu: %s\n", argv[1], p.problem_mark.line + 1,
                    p.problem_mark.column + 1, p.problem ? p.problem : "parse error");
            return 1;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        events++;
        if (end)
            break;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    long bytes = ftell(in);
    yaml_parser_delete(&p);
    fclose(in);
    printf("%lu %ld %.6f\n", events, bytes,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
