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
static atomic_llong busiest_ns;         /* the worker thread that used the most */
static atomic_int workers;
static double wall_start;
static atomic_size_t counters[STATS_COUNTERS];

static long long thread_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
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
    wall_start = wall_now();
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
    if (!on)
        return;
    long long ns = thread_ns(), was = busiest_ns;
    workers_ns += ns;
    workers++;
    while (ns > was && !atomic_compare_exchange_weak(&busiest_ns, &was, ns))
        ;
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
    double main_cpu = total - (double)workers_ns / 1e9;
    fprintf(out, "ringwall: stats: wall %.3f s; CPU of the main thread %.3f s", wall_now() - wall_start,
            main_cpu);
    if (workers)
        fprintf(out, ", of %d worker thread%s %.3f s (the busiest %.3f s)", (int)workers,
                workers == 1 ? "" : "s", (double)workers_ns / 1e9, (double)busiest_ns / 1e9);
    fputc('\n', out);
    fprintf(out, "ringwall: stats: peak RSS %ld KB\n", ru.ru_maxrss);
}
