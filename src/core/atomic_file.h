/* atomic_file.h — report sinks: write a file so that readers never see half
 * of it and a failed run never destroys the previous one. A regular file (or
 * a new path) is written to a temporary file beside it, synced and renamed
 * into place, keeping the old file's mode and owner; a symbolic link is
 * followed to its final target, which is replaced that way (the link stays);
 * a device or a FIFO is written directly, never replaced, and so is the open
 * file behind /dev/stdout or /dev/fd/N (appended to, as `>>` would). */
#ifndef RINGWALL_ATOMIC_FILE_H
#define RINGWALL_ATOMIC_FILE_H

#include <stdio.h>

struct atomic_file {
    FILE *f;
    char *path; /* the file written: a symbolic link's final target */
    char *tmp;  /* the temporary file; NULL when path is written directly */
    char *buf;  /* stdio's buffer for a temporary file */
};

/* Opens path for writing (a FIFO blocks until it has a reader); NULL with
 * errno set on failure. */
FILE *atomic_open(struct atomic_file *af, const char *path);
/* Flushes and closes; a temporary file is synced and renamed over path.
 * Returns 0, or -1 with errno set (the temporary file removed, the old file
 * as it was). */
int atomic_commit(struct atomic_file *af);
/* Closes without replacing anything; the temporary file is removed. */
void atomic_abort(struct atomic_file *af);

#endif
