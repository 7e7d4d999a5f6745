/* progress.c — the progress line on a terminal (progress.h). */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

enum { PROGRESS_INTERVAL_MS = 100 };

static bool line_shown; /* one terminal, one line */

static long elapsed_ms(const struct timespec *from, const struct timespec *to)
{
    return (long)(to->tv_sec - from->tv_sec) * 1000 + (to->tv_nsec - from->tv_nsec) / 1000000;
}

void progress_begin(struct progress *p, bool wanted)
{
    *p = (struct progress){.on = wanted && isatty(STDERR_FILENO)};
    if (p->on) {
        clock_gettime(CLOCK_MONOTONIC, &p->start);
        p->last = p->start;
    }
}

void progress_update(struct progress *p, size_t files, size_t objects)
{
    if (!p->on)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (elapsed_ms(&p->last, &now) < PROGRESS_INTERVAL_MS)
        return;
    p->last = now;
    line_shown = true;
    fprintf(stderr, "\rscanned %zu file%s, %zu object%s", files, files == 1 ? "" : "s",
            objects, objects == 1 ? "" : "s");
    fflush(stderr);
}

void progress_interrupt(void)
{
    if (!line_shown)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    line_shown = false;
}

void progress_end(struct progress *p)
{
    progress_interrupt();
    p->on = false;
}
