/* audit_follow.c — following audit logs (audit_follow.h). One thread: a
 * poll() on a signalfd (SIGINT, SIGTERM) and an inotify descriptor watching
 * the followed files' directories; every wake-up checks each file (rotated?
 * truncated? grown?) and reads what it holds past the last position. A file
 * is read in whole lines: the bytes of a line still being written wait for
 * its newline, and the position (what the checkpoint records) is always the
 * end of a whole line. */
#include "audit_follow.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "../core/diag.h"
#include "../core/load.h"
#include "../core/strmap.h"
#include "audit_checkpoint.h"
#include "audit_text.h"

enum { READ_CHUNK = 256 * 1024, SAFETY_TICK_MS = 1000 };
/* A file rotated away stays open this long after it last grew: a writer
 * told to reopen its log (logrotate's postrotate) writes to the old file
 * until it does. */
static const double RETIRE_S = 5;

#define WATCH_MASK                                                                     \
    (IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CLOSE_WRITE | \
     IN_ATTRIB)

struct tail {
    const char *path;        /* as given: the name followed */
    char *dir;               /* its directory (watched) */
    int wd;                  /* inotify watch of dir, or -1 */
    int fd;                  /* the file now read, or -1 (not there yet) */
    uint64_t dev, ino;
    uint64_t pos;            /* bytes read from the file */
    uint64_t off;            /* end of the last whole line handed on */
    unsigned line;           /* number of the line at off */
    struct audit_buf part;   /* bytes read past off: a line still incomplete */
    bool skipping;           /* inside a line over the size limit */
    unsigned char head[CHECKPOINT_HEAD_BYTES];
    unsigned head_len;       /* first bytes of the file known (what it held, even
                              * past pos: a file is told by them before it is read) */
    bool said_missing, said_error;
    bool saved;              /* in a saved checkpoint, first bytes and all */
    double retired_until;    /* a rotated-away file: when it is closed */
};

struct follow {
    const struct audit_follow_options *o;
    struct audit_engine *e;
    struct audit_input_stats *st;
    audit_follow_flush_fn flush;
    void *flush_ctx;
    struct tail *tails;
    size_t n;
    struct tail *retired;    /* files rotated away, still read for a while */
    size_t nretired, cap_retired;
    int sfd, ifd;
    char *buf;
    bool stop, dirty, save_failed;
    bool caught_up;          /* every file read to its end once since the start */
    double last_save;
    double save_cost;        /* wall seconds the last save took */
    unsigned long long saved_alerts; /* the engine's alert count at the last save */
    struct checkpoint cp;
    int rc;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SIGINT and SIGTERM stay blocked (pending) until the loop reads them. */
static bool stop_pending(void)
{
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, SIGINT) || sigismember(&p, SIGTERM);
}

/* ---- lines ---- */

static void line_done(struct follow *f, const char *name, unsigned line, const char *s,
                      size_t n)
{
    audit_input_record(name, line, s, n, audit_engine_event, f->e, f->st);
}

/* Hands on every whole line of t->part after n new bytes were appended. */
static void take_lines(struct follow *f, struct tail *t, const char *name, size_t n)
{
    size_t used = 0, scan = t->part.len - n;
    size_t max = LOAD_LIMITS_DEFAULT.max_doc_bytes;
    for (;;) {
        char *nl = memchr(t->part.p + scan, '\n', t->part.len - scan);
        if (!nl)
            break;
        size_t len = (size_t)(nl - (t->part.p + used));
        if (t->skipping)
            t->skipping = false;
        else
            line_done(f, name, t->line, t->part.p + used, len);
        t->line++;
        used += len + 1;
        scan = used;
    }
    memmove(t->part.p, t->part.p + used, t->part.len - used);
    t->part.len -= used;
    t->off += used;
    if (t->part.len > max && !t->skipping) { /* skipped, like a malformed record */
        diag_warn("%s:%u: a line is longer than %zu bytes; record skipped", name, t->line, max);
        f->st->records++;
        f->st->rejected++;
        t->skipping = true;
    }
    if (t->skipping) {
        t->off += t->part.len;
        t->part.len = 0;
    }
    if (used)
        f->dirty = true;
}

static void feed(struct follow *f, struct tail *t, const char *name, const char *p, size_t n)
{
    audit_buf_add(&t->part, p, n);
    t->pos += n;
    take_lines(f, t, name, n);
}

/* The last line of a file that will not grow any more, without its newline. */
static void take_rest(struct follow *f, struct tail *t, const char *name)
{
    if (t->part.len && !t->skipping) {
        line_done(f, name, t->line, t->part.p, t->part.len);
        t->off += t->part.len;
        t->line++;
        f->dirty = true;
    }
    t->part.len = 0;
    t->skipping = false;
}

/* ---- one file ---- */

static void head_load(struct tail *t)
{
    if (t->head_len >= CHECKPOINT_HEAD_BYTES)
        return;
    ssize_t n = pread(t->fd, t->head, CHECKPOINT_HEAD_BYTES, 0);
    t->head_len = n > 0 ? (unsigned)n : 0;
}

/* Were the file's first bytes rewritten (copytruncate, then new lines)? */
static bool head_changed(const struct tail *t)
{
    unsigned char now[CHECKPOINT_HEAD_BYTES];
    if (!t->head_len)
        return false;
    ssize_t n = pread(t->fd, now, t->head_len, 0);
    return n != (ssize_t)t->head_len || memcmp(now, t->head, t->head_len) != 0;
}

static void reset(struct tail *t)
{
    t->saved = false;
    t->pos = t->off = 0;
    t->line = 1;
    t->part.len = 0;
    t->skipping = false;
    t->head_len = 0;
    lseek(t->fd, 0, SEEK_SET);
}

static void commit(struct follow *f, bool force);

/* A file is in a checkpoint, told by its first bytes, before any of its
 * lines is read: a crash then rotation with compression while ringwall is
 * down (the file's inode gone) still finds it by them and reads its rest,
 * whereas its alerts written from a file no checkpoint knows of would be
 * the only trace of its events. */
static void save_identity(struct follow *f, struct tail *t)
{
    if (t->saved || !f->o->checkpoint)
        return;
    head_load(t);
    if (!t->head_len)
        return; /* empty: nothing to read yet */
    f->dirty = true;
    commit(f, true);
}

/* Reads what the file holds past pos (stops early when a stop is pending). */
static void drain(struct follow *f, struct tail *t)
{
    save_identity(f, t);
    for (;;) {
        ssize_t n = read(t->fd, f->buf, READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (!t->said_error)
                diag_warn("%s: cannot read: %s", t->path, strerror(errno));
            t->said_error = true;
            break;
        }
        if (n == 0)
            break;
        t->said_error = false;
        feed(f, t, t->path, f->buf, (size_t)n);
        if (stop_pending())
            break;
    }
    head_load(t);
}

static bool is_gzip(int fd)
{
    unsigned char m[2];
    return pread(fd, m, 2, 0) == 2 && m[0] == 0x1f && m[1] == 0x8b;
}

/* Opens the file now at t->path, positioned at 0; false when it is not
 * there (said once) or cannot be opened. */
static bool open_path(struct tail *t)
{
    int fd = open(t->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (!t->said_missing)
            diag_warn("%s: %s; waiting for it", t->path, strerror(errno));
        t->said_missing = true;
        if (fd >= 0)
            close(fd);
        return false;
    }
    t->said_missing = false;
    t->fd = fd;
    t->dev = (uint64_t)st.st_dev;
    t->ino = (uint64_t)st.st_ino;
    reset(t);
    return true;
}

static uint64_t hash_prefix(const unsigned char *p, unsigned n)
{
    return fnv1a(FNV1A_INIT, p, n);
}

static void retire(struct follow *f, struct tail *t)
{
    ARRAY_GROW(f->retired, f->nretired, f->cap_retired);
    struct tail *r = &f->retired[f->nretired++];
    *r = *t;
    r->dir = NULL;
    r->wd = -1;
    r->retired_until = now_s() + RETIRE_S;
    t->fd = -1;
    t->part = (struct audit_buf){0};
    t->skipping = false;
}

/* One wake-up for one file. */
static void check(struct follow *f, struct tail *t)
{
    if (t->fd < 0 && !open_path(t))
        return;
    struct stat st;
    if (fstat(t->fd, &st) == 0 && S_ISREG(st.st_mode) &&
        ((uint64_t)st.st_size < t->pos || head_changed(t))) {
        diag_warn("%s: truncated or rewritten in place (copytruncate); reading it from the "
                  "start", t->path);
        reset(t); /* an incomplete last line of the old content is dropped with it */
    }
    drain(f, t);
    struct stat now;
    if (stat(t->path, &now) != 0 || ((uint64_t)now.st_dev == t->dev &&
                                     (uint64_t)now.st_ino == t->ino))
        return; /* unchanged, or renamed away and not yet replaced: keep reading it */
    /* rotated: the old file's rest (now and for a while), the new file
     * from its start */
    drain(f, t);
    retire(f, t);
    if (open_path(t))
        drain(f, t);
}

/* Rotated-away files: read while they grow; closed once quiet for
 * RETIRE_S, their last line taken even without its newline. */
static void check_retired(struct follow *f)
{
    for (size_t i = 0; i < f->nretired;) {
        struct tail *r = &f->retired[i];
        uint64_t before = r->pos;
        drain(f, r);
        if (r->pos != before)
            r->retired_until = now_s() + RETIRE_S;
        if (now_s() < r->retired_until) {
            i++;
            continue;
        }
        take_rest(f, r, r->path);
        close(r->fd);
        audit_buf_free(&r->part);
        f->retired[i] = f->retired[--f->nretired];
    }
}

/* ---- checkpoint ---- */

static void add_position(struct follow *f, struct tail *t, bool retired)
{
    head_load(t); /* also a file not read yet: rotated before it is, it is found by them */
    t->saved = t->head_len > 0;
    struct checkpoint_file c = {.path = (char *)t->path, .device = t->dev, .inode = t->ino,
                                .offset = t->off, .line = t->line, .head_bytes = t->head_len,
                                .head_hash = hash_prefix(t->head, t->head_len),
                                .retired = retired};
    checkpoint_add(&f->cp, &c);
}

/* The files now at the names, then the rotated-away ones still read. */
static void fill_checkpoint(struct follow *f)
{
    checkpoint_clear(&f->cp);
    for (size_t i = 0; i < f->n; i++)
        if (f->tails[i].fd >= 0)
            add_position(f, &f->tails[i], false);
    for (size_t i = 0; i < f->nretired; i++)
        add_position(f, &f->retired[i], true);
}

static double save_interval(const struct follow *f)
{
    return f->o->checkpoint_interval > 0 ? f->o->checkpoint_interval : 1;
}

/* When the next save is due (monotonic seconds): an interval after the last
 * one; sooner when alerts were written since (they are what a crash repeats
 * on the destinations that cannot be cut back): a tenth of the interval,
 * but ten times what the last save took (a large memory: saves stay under
 * a tenth of the time). */
static double save_due(const struct follow *f)
{
    double gap = save_interval(f);
    if (f->e->alerts != f->saved_alerts) {
        double soon = 10 * f->save_cost > gap / 10 ? 10 * f->save_cost : gap / 10;
        gap = soon < gap ? soon : gap;
    }
    return f->last_save + gap;
}

/* The alerts file synced, its length and inode into the checkpoint (not
 * recorded when the alerts go elsewhere than a regular file). */
static bool sync_output(struct follow *f)
{
    struct stat st;
    f->cp.has_output = false;
    if (!f->o->output || fstat(fileno(f->o->output), &st) != 0 || !S_ISREG(st.st_mode))
        return true;
    if (fdatasync(fileno(f->o->output)) != 0)
        return false;
    f->cp.has_output = true;
    f->cp.output_inode = (uint64_t)st.st_ino;
    f->cp.output_length = (uint64_t)st.st_size;
    return true;
}

/* The bytes of fd from off to its end (*len of them); NULL on an error
 * (errno set), or when it holds none. */
static char *read_from(int fd, uint64_t off, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || (uint64_t)st.st_size <= off)
        return NULL;
    size_t n = (size_t)((uint64_t)st.st_size - off), got = 0;
    char *p = xmalloc(n);
    while (got < n) {
        ssize_t r = pread(fd, p + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            free(p);
            errno = e;
            return NULL;
        }
        got += (size_t)r;
    }
    *len = got;
    return p;
}

/* At start: what the alerts file holds past the length the checkpoint
 * recorded (alerts written after the last save, before a crash) is kept,
 * their keys collected so that the events read again do not write them
 * twice; only a last line without its newline (a write cut by the crash)
 * is removed. A file moved away and replaced is left alone. */
static void keep_tail(struct follow *f)
{
    struct stat st;
    FILE *out = f->o->output;
    if (!out || !f->cp.has_output || fstat(fileno(out), &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_ino != f->cp.output_inode ||
        (uint64_t)st.st_size <= f->cp.output_length)
        return;
    unsigned long long past = (unsigned long long)st.st_size - f->cp.output_length;
    if (f->o->format == AUDIT_JSON || !f->o->skip) {
        diag_warn("the alerts file holds %llu bytes past the checkpoint: kept (the alerts of "
                  "events read again now can repeat: this format is not read back)", past);
        return;
    }
    size_t len = 0, whole, unkeyed;
    char *tail = read_from(fileno(out), f->cp.output_length, &len);
    if (!tail) {
        diag_warn("the alerts file holds %llu bytes past the checkpoint: kept, but they cannot "
                  "be read (%s): their alerts can repeat", past, strerror(errno));
        return;
    }
    size_t before = f->o->skip->total;
    alert_keys_of_text(f->o->format, tail, len, f->o->skip, &whole, &unkeyed);
    free(tail);
    if (whole < len) {
        if (ftruncate(fileno(out), (off_t)(f->cp.output_length + whole)) != 0) {
            diag_error("cannot remove the alerts file's incomplete last line: %s",
                       strerror(errno));
            f->rc = 2;
            return;
        }
        diag_warn("the alerts file ended in an incomplete line (a write cut by a crash): its "
                  "%zu bytes removed", len - whole);
    }
    if (f->o->skip->total > before)
        diag_warn("the alerts file holds %zu alerts past the checkpoint (written before a "
                  "crash): kept; reading their events again does not write them twice",
                  f->o->skip->total - before);
    if (unkeyed)
        diag_warn("the alerts file holds %zu lines past the checkpoint that are not %s alerts: "
                  "kept", unkeyed, f->o->format == AUDIT_TEXT ? "text" : f->o->format ==
                  AUDIT_JSONL ? "jsonl" : "falco");
}

/* Outputs flushed, then (when due, or `force`) the alerts file synced and
 * the checkpoint written: positions, output length and the rules' memory
 * in one atomic replacement. */
static void commit(struct follow *f, bool force)
{
    if (!f->flush(f->flush_ctx)) {
        f->stop = true;
        f->rc = 2;
        return;
    }
    if (!f->o->checkpoint || !f->dirty || (!force && now_s() < save_due(f)))
        return;
    double t0 = now_s();
    bool ok = sync_output(f);
    if (ok) {
        fill_checkpoint(f);
        ok = checkpoint_save(f->o->checkpoint, &f->cp, f->e);
    }
    if (!ok) {
        if (!f->save_failed || force)
            diag_error("%s: cannot write the checkpoint: %s", f->o->checkpoint,
                       strerror(errno));
        f->save_failed = true;
        f->rc = 2;
        return;
    }
    f->save_failed = false;
    f->dirty = false;
    f->saved_alerts = f->e->alerts;
    f->last_save = now_s();
    f->save_cost = f->last_save - t0;
}

/* A stem shared by rotated names: "audit" for audit.log (audit.log.1,
 * audit.log.2.gz, audit.log-20261202, audit-2026-12-02T06-00-00.000.log). */
static bool same_stem(const char *name, const char *base)
{
    size_t stem = strcspn(base, ".");
    return strncmp(name, base, stem) == 0 && strcmp(name, base) != 0;
}

/* Reads the rest of a rotated file (plain or gzip) from cp's offset. */
static void read_rest(struct follow *f, const char *path, gzFile gz,
                      const struct checkpoint_file *c)
{
    struct tail t = {.path = path, .fd = -1, .pos = c->offset, .off = c->offset,
                     .line = c->line};
    if (gzseek(gz, (z_off_t)c->offset, SEEK_SET) < 0)
        return;
    int n;
    while ((n = gzread(gz, f->buf, READ_CHUNK)) > 0 && !stop_pending())
        feed(f, &t, path, f->buf, (size_t)n);
    take_rest(f, &t, path);
    audit_buf_free(&t.part);
}

/* Is the file at path (plain or gzip) the checkpoint's file? Opened when it
 * is (*gz), closed otherwise. */
static bool is_previous(const char *path, const struct checkpoint_file *c, gzFile *gz)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    *gz = gzdopen(fd, "rb");
    if (!*gz) {
        close(fd);
        return false;
    }
    unsigned char head[CHECKPOINT_HEAD_BYTES];
    int n = gzread(*gz, head, c->head_bytes);
    bool same = n == (int)c->head_bytes && hash_prefix(head, c->head_bytes) == c->head_hash &&
                (c->head_bytes > 0 || ((uint64_t)st.st_dev == c->device &&
                                       (uint64_t)st.st_ino == c->inode));
    if (!same) {
        gzclose(*gz);
        *gz = NULL;
    }
    return same;
}

/* The file the checkpoint names was rotated while ringwall was stopped: its
 * rest is read from where it now is, renamed or compressed beside it. */
static void read_previous(struct follow *f, struct tail *t, const struct checkpoint_file *c)
{
    DIR *d = opendir(t->dir);
    char *pathc = xstrdup(t->path);
    const char *base = basename(pathc);
    bool found = false;
    for (struct dirent *de; d && !found && (de = readdir(d));) {
        if (!same_stem(de->d_name, base))
            continue;
        size_t len = strlen(t->dir) + strlen(de->d_name) + 2;
        char *p = xmalloc(len);
        snprintf(p, len, "%s/%s", t->dir, de->d_name);
        gzFile gz;
        if (is_previous(p, c, &gz)) {
            found = true;
            read_rest(f, p, gz, c);
            gzclose(gz);
        }
        free(p);
    }
    if (d)
        closedir(d);
    if (!found)
        diag_warn("%s: the file read before (inode %llu, read up to byte %llu) is gone: no "
                  "file beside it (rotated, plain or gzip) begins with its first %u bytes; "
                  "what it held past byte %llu was not read", t->path,
                  (unsigned long long)c->inode, (unsigned long long)c->offset, c->head_bytes,
                  (unsigned long long)c->offset);
    free(pathc);
}

/* Where a file starts: at the checkpoint's position when the file there is
 * still the one it names, else from its start (after the rest of the
 * checkpoint's file, found where rotation put it). */
static void start(struct follow *f, struct tail *t)
{
    const struct checkpoint_file *c = checkpoint_find(&f->cp, t->path);
    bool opened = open_path(t);
    if (opened && is_gzip(t->fd)) {
        diag_error("%s: gzip-compressed; --follow reads a plain log (read compressed, rotated "
                   "logs without --follow)", t->path);
        f->rc = 2;
        return;
    }
    for (size_t i = 0; i < f->cp.nfiles; i++) /* rotated away before the stop: their rest */
        if (f->cp.files[i].retired && strcmp(f->cp.files[i].path, t->path) == 0)
            read_previous(f, t, &f->cp.files[i]);
    if (!c)
        return;
    struct stat st;
    unsigned char head[CHECKPOINT_HEAD_BYTES];
    /* the device number is not compared: it can change across a reboot (the
     * inode and the first bytes tell the file) */
    if (opened && fstat(t->fd, &st) == 0 && (uint64_t)st.st_ino == c->inode &&
        (uint64_t)st.st_size >= c->offset &&
        pread(t->fd, head, c->head_bytes, 0) == (ssize_t)c->head_bytes &&
        hash_prefix(head, c->head_bytes) == c->head_hash) {
        t->pos = t->off = c->offset;
        t->line = c->line;
        lseek(t->fd, (off_t)c->offset, SEEK_SET);
        head_load(t);
        return;
    }
    read_previous(f, t, c); /* also from offset 0: what it held was not read */
}

/* ---- the loop ---- */

static void watch_dirs(struct follow *f)
{
    if (f->ifd < 0)
        return;
    for (size_t i = 0; i < f->n; i++)
        if (f->tails[i].wd < 0)
            f->tails[i].wd = inotify_add_watch(f->ifd, f->tails[i].dir, WATCH_MASK);
}

/* Drains the inotify queue; a watch the kernel dropped (directory gone) is
 * added again on a later tick. */
static void read_events(struct follow *f)
{
    char b[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;
    while ((n = read(f->ifd, b, sizeof b)) > 0) {
        for (char *p = b; p < b + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & IN_IGNORED)
                for (size_t i = 0; i < f->n; i++)
                    if (f->tails[i].wd == ev->wd)
                        f->tails[i].wd = -1;
            p += sizeof *ev + ev->len;
        }
    }
}

static int wait_ms(const struct follow *f)
{
    int ms = f->ifd >= 0 ? SAFETY_TICK_MS
                         : (int)((f->o->poll_interval > 0 ? f->o->poll_interval : 0.25) * 1000);
    if (f->o->checkpoint && f->dirty) {
        double due = (save_due(f) - now_s()) * 1000;
        if (due < ms)
            ms = due < 0 ? 0 : (int)due + 1;
    }
    return ms;
}

/* Once every file was read to its end after the start, the events of the
 * alerts the file held ahead of the checkpoint were all read again: a key
 * not met is an alert whose event is gone (in a rotated file deleted since),
 * kept in the file once; the keys are forgotten. */
static void caught_up(struct follow *f)
{
    struct alert_keys *k = f->o->skip;
    f->caught_up = true;
    if (!k || !k->total)
        return;
    diag_warn("%zu alerts in the alerts file past the checkpoint did not come again (their "
              "events are no longer there to read): kept, once", k->total);
    alert_keys_free(k);
    f->dirty = true;
}

static void loop(struct follow *f)
{
    while (!f->stop) {
        watch_dirs(f);
        for (size_t i = 0; i < f->n && !stop_pending(); i++)
            check(f, &f->tails[i]);
        check_retired(f);
        if (!f->caught_up && !stop_pending())
            caught_up(f);
        commit(f, false);
        if (stop_pending())
            break;
        struct pollfd p[2] = {{.fd = f->sfd, .events = POLLIN}, {.fd = f->ifd, .events = POLLIN}};
        int rc = poll(p, f->ifd >= 0 ? 2 : 1, wait_ms(f));
        if (rc < 0 && errno != EINTR)
            break;
        if (rc > 0 && (p[0].revents & POLLIN))
            break;
        if (rc > 0 && f->ifd >= 0 && (p[1].revents & POLLIN))
            read_events(f);
    }
}

static void tails_init(struct follow *f)
{
    f->n = f->o->npaths;
    f->tails = xcalloc(f->n ? f->n : 1, sizeof *f->tails);
    for (size_t i = 0; i < f->n; i++) {
        struct tail *t = &f->tails[i];
        t->path = f->o->paths[i];
        char *copy = xstrdup(t->path);
        t->dir = xstrdup(dirname(copy));
        free(copy);
        t->fd = t->wd = -1;
        t->line = 1;
    }
}

static void tails_free(struct follow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->tails[i].fd >= 0)
            close(f->tails[i].fd);
        free(f->tails[i].dir);
        audit_buf_free(&f->tails[i].part);
    }
    free(f->tails);
    for (size_t i = 0; i < f->nretired; i++) {
        close(f->retired[i].fd);
        audit_buf_free(&f->retired[i].part);
    }
    free(f->retired);
}

int audit_follow(const struct audit_follow_options *o, struct audit_engine *e,
                 struct audit_input_stats *st, audit_follow_flush_fn flush, void *ctx)
{
    struct follow f = {.o = o, .e = e, .st = st, .flush = flush, .flush_ctx = ctx,
                       .ifd = -1, .last_save = now_s()};
    f.cp.ahead = o->skip;
    if (o->checkpoint && !checkpoint_load(o->checkpoint, &f.cp, e)) {
        checkpoint_free(&f.cp);
        return 2;
    }
    keep_tail(&f);
    if (f.rc != 0) {
        checkpoint_free(&f.cp);
        return 2;
    }
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, &old);
    f.sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    if (!o->no_inotify)
        f.ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    f.buf = xmalloc(READ_CHUNK);
    tails_init(&f);
    for (size_t i = 0; i < f.n && f.rc == 0; i++)
        start(&f, &f.tails[i]);
    if (f.rc == 0 && o->checkpoint) { /* the alerts file's length before any alert of this run */
        f.dirty = true;
        commit(&f, true);
    }
    if (f.rc == 0)
        loop(&f);
    if (f.rc == 0) {
        f.dirty = o->checkpoint != NULL;
        commit(&f, true);
    } else {
        flush(ctx);
    }
    struct signalfd_siginfo si; /* the stopping signal, consumed before unblocking */
    while (f.sfd >= 0 && read(f.sfd, &si, sizeof si) == (ssize_t)sizeof si)
        ;
    tails_free(&f);
    free(f.buf);
    checkpoint_free(&f.cp);
    if (f.ifd >= 0)
        close(f.ifd);
    if (f.sfd >= 0)
        close(f.sfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return f.rc;
}
