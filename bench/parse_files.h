/* parse_files.h — the timed loop shared by raw_parse.c and fy_parse.c:
 * parses files[0..n) with parse_file (events of a file, or -1 after a
 * reported error; adds the file's size to *bytes) and prints "events bytes
 * cpu_seconds", the CPU time of the process over the whole loop. */
#ifndef PARSE_FILES_H
#define PARSE_FILES_H

#include <stdio.h>
#include <time.h>

static int parse_files(char **files, int n, long (*parse_file)(const char *name, long *bytes))
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    long events = 0, bytes = 0;
    for (int i = 0; i < n; i++) {
        long got = parse_file(files[i], &bytes);
        if (got < 0)
            return 1;
        events += got;
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    printf("%ld %ld %.6f\n", events, bytes,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}

#endif
