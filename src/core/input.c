/* input.c — path expansion and file opening (input.h). */
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fmt.h"
#include "sort.h"

void input_report_error(const char *path, int err)
{
    char target[PATH_MAX];
    struct stat st;
    ssize_t n;
    if (err == ENOENT && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
        (n = readlink(path, target, sizeof target - 1)) >= 0) {
        target[n] = '\0';
        diag_error("%s: dangling symbolic link to %s", path, target);
    } else {
        diag_error("%s: %s", path, strerror(err));
    }
}

void input_reserve_std_fds(void)
{
    for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
            open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) != fd)
            return;
}

/* Standard input closed (or reserved by input_reserve_std_fds) reads as
 * nothing, which would pass for an empty input, and a directory fails at
 * the first read: errors of their own, said in words. */
static bool stdin_readable(void)
{
    int flags = fcntl(STDIN_FILENO, F_GETFL);
    struct stat st;
    int err = flags < 0 ? errno
              : (flags & O_ACCMODE) == O_WRONLY ? EBADF
              : fstat(STDIN_FILENO, &st) == 0 && S_ISDIR(st.st_mode) ? EISDIR
                                                                     : 0;
    if (err)
        diag_error("cannot read standard input: %s", strerror(err));
    return !err;
}

FILE *input_open(const char *path, const char *what)
{
    if (strcmp(path, "-") == 0)
        return stdin_readable() ? stdin : NULL;
    FILE *in = fopen(path, "rb");
    struct stat st;
    if (!in) {
        input_report_error(path, errno);
        return NULL;
    }
    if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_error("%s: is a directory, expected %s", path, what);
        fclose(in);
        return NULL;
    }
    return in;
}

void input_close(FILE *in)
{
    if (in != stdin)
        fclose(in);
}

static bool excluded(const char *path, const struct input_filter *f)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; f && i < f->nexclude; i++)
        if (fnmatch(f->exclude[i], path, 0) == 0 || fnmatch(f->exclude[i], base, 0) == 0)
            return true;
    return false;
}

static bool manifest_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) ||
           (n > 4 && strcmp(name + n - 4, ".yml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

/* A directory entry: its path and the type readdir gave (DT_UNKNOWN when
 * the file system does not say). */
struct entry {
    char *path;
    unsigned char type;
};

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* The directories being walked, innermost first: a symbolic link back to one
 * of them would otherwise recurse forever. */
struct dir_chain {
    dev_t dev;
    ino_t ino;
    const struct dir_chain *up;
};

static bool in_chain(const struct dir_chain *c, const struct stat *st)
{
    for (; c; c = c->up)
        if (c->dev == st->st_dev && c->ino == st->st_ino)
            return true;
    return false;
}

/* The directory being walked, opened for its files (`at`, -1 until one is
 * read): a file is opened by its name in it, not by its whole path again.
 * Closed while a subdirectory is walked, so that nesting holds no more
 * descriptors open. */
struct current_dir {
    const char *path;
    int at;
};

static unsigned walk(const char *path, bool explicit, unsigned char type,
                     const struct input_filter *f, input_fn fn, void *ctx,
                     const struct dir_chain *chain, struct current_dir *in_dir);

static unsigned walk_dir(const char *path, const struct input_filter *f, input_fn fn, void *ctx,
                         const struct dir_chain *chain)
{
    DIR *d = opendir(path);
    if (!d) {
        input_report_error(path, errno);
        return 1;
    }
    struct entry *entries = NULL;
    size_t n = 0, cap = 0, plen = strlen(path);
    const char *sep = path[plen - 1] == '/' ? "" : "/";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            entries = xrealloc(entries, cap * sizeof *entries);
        }
        size_t len = plen + strlen(e->d_name) + 2;
        entries[n].path = xmalloc(len);
        fmt_snprintf(entries[n].path, len, "%s%s%s", path, sep, e->d_name);
        entries[n].type = e->d_type;
        n++;
    }
    closedir(d);
    sort_array(entries, n, sizeof *entries, cmp_entry);
    unsigned failures = 0;
    struct current_dir here = {.path = path, .at = -1};
    for (size_t i = 0; i < n; i++) {
        failures += walk(entries[i].path, false, entries[i].type, f, fn, ctx, chain, &here);
        free(entries[i].path);
    }
    if (here.at >= 0)
        close(here.at);
    free(entries);
    return failures;
}

/* path opened for reading: by its name in the directory being walked when
 * that directory can be opened, else by the whole path. */
static FILE *open_found(const char *path, struct current_dir *in_dir)
{
    if (!in_dir)
        return fopen(path, "rb");
    if (in_dir->at < 0)
        in_dir->at = open(in_dir->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (in_dir->at < 0)
        return fopen(path, "rb");
    const char *name = strrchr(path, '/') + 1;
    int fd = openat(in_dir->at, name, O_RDONLY);
    FILE *in = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !in) {
        int err = errno;
        close(fd);
        errno = err;
    }
    return in;
}

/* Reads a file walk has found not to be a directory. */
static unsigned read_found(const char *path, input_fn fn, void *ctx, struct current_dir *in_dir)
{
    FILE *in = open_found(path, in_dir);
    if (!in) {
        input_report_error(path, errno);
        return 1;
    }
    fn(path, in, ctx);
    fclose(in);
    return 0;
}

/* type: what readdir said path is (DT_UNKNOWN for a path given). A regular
 * file found while walking is opened without a stat of its own, by its name
 * in in_dir (NULL for a path given); a directory is stat'ed for the loop
 * check, anything else to follow its links. */
static unsigned walk(const char *path, bool explicit, unsigned char type,
                     const struct input_filter *f, input_fn fn, void *ctx,
                     const struct dir_chain *chain, struct current_dir *in_dir)
{
    if (strcmp(path, "-") == 0) {
        if (!input_open(path, "a manifest file"))
            return 1;
        fn("<stdin>", stdin, ctx);
        return 0;
    }
    if (excluded(path, f))
        return 0;
    /* found while walking: regular manifest files only (never a FIFO) */
    if (!explicit && type != DT_DIR && type != DT_LNK && type != DT_UNKNOWN)
        return type == DT_REG && manifest_name(path) ? read_found(path, fn, ctx, in_dir) : 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        input_report_error(path, errno);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (in_chain(chain, &st)) {
            diag_warn("%s: directory loop (a symbolic link to a parent), skipped", path);
            return 0;
        }
        struct dir_chain here = {.dev = st.st_dev, .ino = st.st_ino, .up = chain};
        if (in_dir && in_dir->at >= 0) {
            close(in_dir->at);
            in_dir->at = -1;
        }
        return walk_dir(path, f, fn, ctx, &here);
    }
    if (!explicit && (!S_ISREG(st.st_mode) || !manifest_name(path)))
        return 0;
    return read_found(path, fn, ctx, NULL);
}

unsigned input_walk(const char *const *paths, size_t npaths, const struct input_filter *filter,
                    input_fn fn, void *ctx)
{
    unsigned failures = 0;
    for (size_t i = 0; i < npaths; i++)
        failures += walk(paths[i], true, DT_UNKNOWN, filter, fn, ctx, NULL, NULL);
    return failures;
}

char *input_slurp(const char *path, size_t max, size_t *len)
{
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in)
        return NULL;
    size_t cap = 64 * 1024, n = 0;
    char *buf = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, in)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= max) {
                free(buf);
                if (in != stdin)
                    fclose(in);
                errno = EFBIG;
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
    }
    if (in != stdin)
        fclose(in);
    buf[n] = '\0';
    *len = n;
    return buf;
}
