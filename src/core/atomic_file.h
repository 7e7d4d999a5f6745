/* atomic_file.h — write a report to a temporary file beside its destination
 * and rename it into place only when complete, so readers never see half a
 * report and a failed run never destroys the previous one. */
#ifndef RINGWALL_ATOMIC_FILE_H
#define RINGWALL_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
    FILE *f;
    char *path, *tmp;
};

/* Opens the temporary file; NULL (errno set) on failure. */
FILE *atomic_open(struct atomic_file *af, const char *path);
/* Flushes, syncs and renames; returns 0, or -1 with errno set (temp removed). */
int atomic_commit(struct atomic_file *af);
void atomic_abort(struct atomic_file *af);

#endif
