/* progress.h — a one-line progress count on standard error for long runs:
 * "scanned N files, K objects", only when standard error is a terminal, first
 * drawn once a run has taken 100 ms, redrawn at most every 100 ms, and erased
 * at the end so the report that follows starts on a clean line. */
#ifndef RINGWALL_PROGRESS_H
#define RINGWALL_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct progress {
    bool on;                 /* standard error is a terminal */
    struct timespec start, last;
};

/* Starts timing; enabled only when `wanted` and standard error is a tty. */
void progress_begin(struct progress *p, bool wanted);
/* Redraws the count when due. */
void progress_update(struct progress *p, size_t files, size_t objects);
/* Erases the line, if one was drawn. */
void progress_end(struct progress *p);
/* Erases a drawn line before another message goes to standard error (the
 * next update draws it again). */
void progress_interrupt(void);

#endif
