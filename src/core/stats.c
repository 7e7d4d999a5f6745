/* stats.c — run statistics (stats.h). */
#include "stats.h"

#include <stdatomic.h>
#include <sys/resource.h>
#include <time.h>

static bool on;
static enum stats_phase current;
static double phase_start;              /* main thread CPU seconds at the last switch */
static double phase_cpu[STATS_PHASES];  /* main thread */
static atomic_llong workers_ns;         /* worker threads, all loading */
static atomic_size_t counters[STATS_COUNTERS];

static long long thread_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double thread_cpu(void)
{
    return (double)thread_ns() / 1e9;
}

/* The main thread's CPU time since the last switch goes to the current phase. */
static void account(void)
{
    double now = thread_cpu();
    phase_cpu[current] += now - phase_start;
    phase_start = now;
}

void stats_start(void)
{
    on = true;
    current = STATS_LOAD;
    phase_start = thread_cpu();
}

bool stats_on(void)
{
    return on;
}

enum stats_phase stats_enter(enum stats_phase p)
{
    enum stats_phase was = current;
    if (!on || p == current)
        return was;
    account();
    current = p;
    return was;
}

void stats_worker_done(void)
{
    if (on)
        workers_ns += thread_ns();
}

void stats_count(enum stats_counter c, size_t n)
{
    if (on)
        counters[c] += n;
}

void stats_print(FILE *out)
{
    account();
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double load = phase_cpu[STATS_LOAD] + (double)workers_ns / 1e9;
    double total = load + phase_cpu[STATS_CHECKS] + phase_cpu[STATS_ANALYZERS] +
                   phase_cpu[STATS_OUTPUT];
    size_t files = counters[STATS_FILES], objects = counters[STATS_OBJECTS];
    fprintf(out, "ringwall: stats: %zu file%s, %zu bytes, %zu object%s\n", files,
            files == 1 ? "" : "s", (size_t)counters[STATS_BYTES], objects,
            objects == 1 ? "" : "s");
    fprintf(out, "ringwall: stats: CPU %.3f s: load %.3f s, checks %.3f s, analyzers %.3f s, "
                 "output %.3f s\n",
            total, load, phase_cpu[STATS_CHECKS], phase_cpu[STATS_ANALYZERS],
            phase_cpu[STATS_OUTPUT]);
    fprintf(out, "ringwall: stats: peak RSS %ld KB\n", ru.ru_maxrss);
}
