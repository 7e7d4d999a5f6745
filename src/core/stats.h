/* stats.h — `--stats`: what a run read (files, bytes, objects), the CPU time
 * of each phase (load, checks, analyzers, output) and the peak resident
 * memory, printed on stderr at exit. The main thread says which phase it is
 * in; worker threads' CPU time counts as loading (with scan -j, the checks
 * of one object they run too). A fourth line gives the wall time and the
 * CPU time of the main thread and of the workers: the main thread's is
 * the part no second core can take. Costs nothing when off. */
#ifndef RINGWALL_STATS_H
#define RINGWALL_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum stats_phase { STATS_LOAD, STATS_CHECKS, STATS_ANALYZERS, STATS_OUTPUT, STATS_PHASES };
enum stats_counter { STATS_FILES, STATS_BYTES, STATS_OBJECTS, STATS_COUNTERS };

/* Starts counting, in the load phase (the calling thread is the main one). */
void stats_start(void);
bool stats_on(void);
/* On the main thread: CPU time from now on is phase p's; returns the phase
 * it was in, to go back to. */
enum stats_phase stats_enter(enum stats_phase p);
/* On a worker thread about to end: its CPU time is loading. */
void stats_worker_done(void);
/* Any thread. */
void stats_count(enum stats_counter c, size_t n);
/* The figures, four lines. */
void stats_print(FILE *out);

#endif
