/* finding.h — the one result type every front end produces and every
 * formatter prints: which check, how severe, which object, container and
 * field, where in which file, and whether (and why) it was suppressed. */
#ifndef RINGWALL_FINDING_H
#define RINGWALL_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/strmap.h"

enum severity { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL, SEV_COUNT };

const char *severity_name(enum severity s);
bool severity_parse(const char *s, enum severity *out);
/* 0–10 score (SARIF security-severity). */
const char *severity_score(enum severity s);

struct check;

/* A finding as checks report it and formatters read it: every string is a
 * pointer (the reporter's, or the store's copy). */
struct finding {
    const struct check *check;
    enum severity severity;  /* after configuration overrides */
    const char *message;
    const char *api_version, *kind, *namespace, *name;
    const char *container;   /* NULL when the finding is not about one container */
    const char *path;        /* field path, e.g. spec.containers[0].securityContext */
    const char *file;        /* NULL when the finding is about no file (a namespace
                                the input only names) */
    unsigned line, col;      /* 1-based; line 0: no position (the finding is about
                                something with no place in the file) */
    const char *suppressed;  /* the reason, when an ignore or exemption applies */
    const char *suppressed_by; /* "annotation", "config" or "built-in" */
};

/* The object a stored finding is about. Findings in a row about one object
 * share a row; the same object reported again later may get another. */
struct finding_object {
    uint32_t api_version, kind, namespace, file; /* text ids */
    const char *name;        /* the store's copy, or NULL */
};

/* Ids of the texts a check's last findings had in one member, which its
 * next findings (about other objects) most often repeat. */
enum { FINDING_RECENT = 4 };
struct finding_recent {
    uint32_t id[FINDING_RECENT];
    uint8_t next; /* the entry the next new text replaces */
};

/* A stored finding: numbers into the store's tables rather than strings. A
 * text id of 0 stands for NULL; equal texts have one id. */
struct finding_row {
    uint32_t object;         /* findings.objects */
    uint32_t message, container, path, suppressed; /* text ids */
    uint32_t line, col;
    uint16_t check;          /* findings.checks */
    uint8_t severity;
    uint8_t suppressed_by;   /* findings.by, 0: none */
};

struct findings {
    struct arena arena;      /* object names; callers' temporary text too */
    struct strmap texts;     /* every stored string, once: id = rank + 1 */
    const char **text;       /* by id; text[0] is NULL */
    size_t ntext, text_cap;
    struct finding_object *objects;
    size_t nobjects, objects_cap;
    const struct check **checks; /* the checks findings name, in order of first use */
    struct finding_recent (*recent)[3]; /* per entry of checks: message, container, path */
    size_t nchecks, checks_cap;
    uint16_t *check_slot;    /* per catalog row: its index in checks + 1, or 0 */
    const char *by[8];       /* suppressed_by texts, index 0 unused */
    struct finding_row *v;
    size_t n, cap;
    size_t filtered;         /* dropped by --min-severity (counted, not stored) */
    size_t active[SEV_COUNT]; /* findings not suppressed, per severity */
    size_t suppressed;       /* findings suppressed by an ignore or exemption */
    /* called with each finding as it is made (streaming output), or NULL */
    void (*on_add)(const struct finding *f, void *ctx);
    void *on_add_ctx;
    bool discard;            /* count and pass to on_add, but do not store */
    struct strmap file_seen; /* files whose objects were checked ... */
    const char **files;      /* ... in that order (reports group files so) */
    size_t nfiles, files_cap;
};

/* Whether the finding points at a line and column. */
static inline bool finding_has_position(const struct finding *f)
{
    return f->line != 0;
}

/* Counts a finding and hands it to on_add; unless discard is set, stores it
 * (its strings copied into the store's tables). */
void findings_add(struct findings *fs, const struct finding *f);
/* Whether the finding would be stored or passed on: when false, findings_add
 * only counts it, so its message need not be made. */
static inline bool findings_wants_text(const struct findings *fs)
{
    return !fs->discard || fs->on_add;
}
/* Stored finding i as a struct finding (its strings the store's). */
void findings_at(const struct findings *fs, size_t i, struct finding *out);
/* The text of a text id (NULL for 0). */
static inline const char *findings_text(const struct findings *fs, uint32_t id)
{
    return fs->text[id];
}
/* Whether a finding not suppressed is at least as severe as fail_on. */
bool findings_failing(const struct findings *fs, enum severity fail_on);
size_t findings_active(const struct findings *fs); /* not suppressed */
/* Notes that an object of `file` is being checked: reports list files in
 * this order, whatever order analyzers report in (a store that discards its
 * findings keeps no files either). */
void findings_see_file(struct findings *fs, const char *file);
void findings_free(struct findings *fs);

/* A stable identity for tracking a finding across runs: a hash of the check
 * id, the file, the object (kind, namespace, name), the container and the
 * field path. Line numbers are left out, so edits elsewhere in the file do
 * not change it. Written as 16 hex digits into buf[17]. */
const char *finding_fingerprint(const struct finding *f, char buf[17]);

#endif
