/* audit_follow.h — `audit --follow`: reads audit logs as they grow, as
 * `tail -F` does: each file by its name, through rotation by rename and
 * create (the new file is read from its start, and the old one still while
 * it grows, until it has been quiet for a few seconds: a writer reopens
 * its log only once told to), through copytruncate (a file shorter than what was read, or whose
 * first bytes changed, is read again from its start), and files that do not
 * exist yet (read once they appear). Wakes on inotify events of the files'
 * directories, with a slow tick as a safety net; where inotify is missing,
 * polls. Stops on SIGINT or SIGTERM.
 *
 * With a checkpoint (audit_checkpoint.h), positions and the rules' memory
 * (stateful windows, alerted requests) are loaded at start and saved
 * together after the alerts were flushed: at start, once per interval
 * while events are read, sooner (a tenth of it, or ten times the last
 * save's duration) when alerts were written, and at the stop. When the
 * alerts go to a regular file, it is synced before each save and its
 * length saved with the positions. At start, what it holds past that
 * length (alerts written after the last save, before a crash) is kept, but
 * for a last line without its newline, and the keys of those alerts fill
 * o->skip (saved with each checkpoint until met): the alerts of the events
 * read again are not written twice, and alerts whose events cannot be read
 * again (rotated away and gone) are not lost. A restart after a crash
 * leaves every alert in the file exactly once. */
#ifndef RINGWALL_AUDIT_FOLLOW_H
#define RINGWALL_AUDIT_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "audit_alert_keys.h"
#include "audit_engine.h"
#include "audit_input.h"

struct audit_follow_options {
    char *const *paths;
    size_t npaths;
    const char *checkpoint;     /* NULL: none */
    FILE *output;               /* the alerts file (-o FILE), or NULL */
    enum audit_format format;   /* its format */
    /* Filled at start with the keys of the alerts the file holds past the
     * checkpoint (their writer leaves them out when they come again). */
    struct alert_keys *skip;
    double checkpoint_interval; /* seconds between saves while running (0: 1 s) */
    double poll_interval;       /* seconds between checks without inotify (0: 0.25 s) */
    bool no_inotify;            /* poll only */
};

/* Flushes every output the alerts went to; false on a write error (the
 * follow then stops, and the checkpoint is not advanced past it). */
typedef bool (*audit_follow_flush_fn)(void *ctx);

/* Follows until SIGINT or SIGTERM, every event to the engine, counts in st.
 * Returns 0 after a clean stop, 2 after an error that stopped it (a
 * checkpoint that does not load or cannot be written, an output error). */
int audit_follow(const struct audit_follow_options *o, struct audit_engine *e,
                 struct audit_input_stats *st, audit_follow_flush_fn flush, void *ctx);

#endif
