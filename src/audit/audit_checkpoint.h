/* audit_checkpoint.h — where `audit --follow` stopped, so that a restart
 * resumes with no event read twice and none skipped: per followed file its
 * device and inode, the offset after the last whole line handed to the
 * rules, that line's number, and a hash of the file's first bytes (a file
 * replaced or truncated and rewritten under the same inode reads
 * differently). With every save, also the rules' memory: the stateful
 * rules' keys (the times still counted) and the (rule, auditID) pairs that
 * alerted, so that counts carry across the restart and a request logged at
 * several stages does not alert again; and, when the alerts go to a regular
 * file, that file's inode and length once the alerts of the events up to
 * the positions were written and synced (a restart keeps what follows and
 * leaves out the alerts that reading those events again produces), and the
 * keys of the alerts the file holds ahead of the positions (audit_alert_keys.h:
 * written before a crash, not yet met again by the events read again). A
 * JSON file written atomically (atomic_file.h):
 *
 *   {"version": 1,
 *    "files": [{"path": "/var/log/kube/audit.log", "device": 2049, "inode": 1234,
 *               "offset": 56789, "line": 81, "head_bytes": 256, "head_hash": "9f..."},
 *              {..., "retired": true}],   (rotated away, its rest still to read)
 *    "output": {"inode": 5678, "length": 12345},
 *    "state": [{"rule": "audit/repeated-forbidden",
 *               "keys": [["mallory\u001f", LAST_NS, TIME_NS, TIME_NS, ...]]}],
 *    "seen": "0123456789abcdef...",
 *    "ahead": "0123456789abcdef..."}   (alert keys, 16 hex digits each)
 */
#ifndef RINGWALL_AUDIT_CHECKPOINT_H
#define RINGWALL_AUDIT_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit_alert_keys.h"
#include "audit_engine.h"

enum { CHECKPOINT_HEAD_BYTES = 256 }; /* at most this many first bytes are hashed */

struct checkpoint_file {
    char *path;
    uint64_t device, inode, offset;
    unsigned line;         /* number of the line at offset */
    unsigned head_bytes;   /* min(CHECKPOINT_HEAD_BYTES, the file's length then) */
    uint64_t head_hash;    /* fnv1a of those bytes */
    bool retired;          /* rotated away, still read (its writer had not reopened) */
};

struct checkpoint {
    struct checkpoint_file *files;
    size_t nfiles, cap;
    bool has_output;                /* the alerts file's record below */
    uint64_t output_inode, output_length;
    /* The alerts file's alerts ahead of the positions: read into and
     * written from these keys (the caller's; NULL: neither). */
    struct alert_keys *ahead;
    /* The rules' memory as last written ("state" and "seen"), reused while
     * no rule condition matched since (the engine's `matched` count). */
    char *memory;
    size_t memory_len;
    unsigned long long memory_matched;
};

/* Reads path into cp and restores the engine's stateful rules (rules found
 * by name; keys of a rule no longer loaded are left out). A missing file is
 * an empty checkpoint. False after reporting a malformed one (FILE:LINE:COL). */
bool checkpoint_load(const char *path, struct checkpoint *cp, struct audit_engine *e);
/* The same from a buffer (name for messages). */
bool checkpoint_parse(const char *name, const char *buf, size_t len, struct checkpoint *cp,
                      struct audit_engine *e);
/* Writes cp, and the engine's memory when e is not NULL (serialised again
 * only when it changed since the last save), to path atomically; false
 * with errno set. */
bool checkpoint_save(const char *path, struct checkpoint *cp,
                     const struct audit_engine *e);
/* Adds a file's position (the path copied). */
void checkpoint_add(struct checkpoint *cp, const struct checkpoint_file *f);
/* The entry for path (the file now at path, not a retired one), or NULL. */
const struct checkpoint_file *checkpoint_find(const struct checkpoint *cp, const char *path);
/* Forgets every file's position (to fill cp again). */
void checkpoint_clear(struct checkpoint *cp);
void checkpoint_free(struct checkpoint *cp);

#endif
