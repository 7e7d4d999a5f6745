/* node_systemd.c — a service's ExecStart as systemd assembles it from the
 * unit file, its drop-ins and its environment. */
#include "node_systemd.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/input.h"

enum { ENV_MAX = 256, ENVFILES_MAX = 32, UNIT_MAX_BYTES = 1 << 20 };

struct node_unit_state {
    struct arena *arena;
    const char *root;
    const char *env_key[ENV_MAX], *env_val[ENV_MAX];
    size_t nenv;
    const char *envfile[ENVFILES_MAX];
    bool envfile_optional[ENVFILES_MAX];
    size_t nenvfiles;
    const char *exec, *exec_file;
    unsigned exec_line;
    const char *files[NODE_UNIT_MAX_FILES];
    size_t nfiles;
};

struct node_unit_state *node_unit_state_new(struct arena *arena, const char *root)
{
    struct node_unit_state *st = arena_zalloc(arena, sizeof *st);
    st->arena = arena;
    st->root = root;
    return st;
}

static void env_set(struct node_unit_state *st, const char *key, size_t klen, const char *val,
                    size_t vlen)
{
    for (size_t i = 0; i < st->nenv; i++)
        if (strlen(st->env_key[i]) == klen && strncmp(st->env_key[i], key, klen) == 0) {
            st->env_val[i] = arena_strndup(st->arena, val, vlen);
            return;
        }
    if (st->nenv == ENV_MAX)
        return;
    st->env_key[st->nenv] = arena_strndup(st->arena, key, klen);
    st->env_val[st->nenv++] = arena_strndup(st->arena, val, vlen);
}

static const char *env_get(const struct node_unit_state *st, const char *key, size_t klen)
{
    for (size_t i = 0; i < st->nenv; i++)
        if (strlen(st->env_key[i]) == klen && strncmp(st->env_key[i], key, klen) == 0)
            return st->env_val[i];
    return NULL;
}

/* A growing string in the arena's scratch: built with a fixed cap, good for
 * unit lines (systemd itself caps lines well below it). */
struct sbuf {
    char *s;
    size_t n, cap;
};

static void sb_putn(struct sbuf *b, const char *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        b->s = xrealloc(b->s, cap);
        b->cap = cap;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static bool is_name_char(char c, bool first)
{
    return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

/* Splits a value into words: whitespace separates, "..." and '...' group,
 * backslash escapes. With expand, $NAME and ${NAME} are replaced from the
 * environment, and a word that is exactly an unquoted $NAME becomes the
 * variable's whitespace-separated words. Calls fn for each word. */
static void split_words(struct node_unit_state *st, const char *p, bool expand,
                        void (*fn)(const char *word, void *ctx), void *ctx)
{
    struct sbuf b = {0};
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        /* a whole word that is $NAME: split the value */
        if (expand && p[0] == '$' && is_name_char(p[1], true)) {
            size_t n = 1;
            while (is_name_char(p[n], false))
                n++;
            if (p[n] == '\0' || isspace((unsigned char)p[n])) {
                const char *v = env_get(st, p + 1, n - 1);
                if (v)
                    split_words(st, v, false, fn, ctx);
                p += n;
                continue;
            }
        }
        b.n = 0;
        sb_putn(&b, "", 0);
        char quote = 0;
        for (; *p && (quote || !isspace((unsigned char)*p)); p++) {
            if (quote && *p == quote) {
                quote = 0;
            } else if (!quote && (*p == '"' || *p == '\'')) {
                quote = *p;
            } else if (*p == '\\' && p[1]) {
                p++;
                sb_putn(&b, p, 1);
            } else if (expand && quote != '\'' && *p == '$' && p[1] == '$') {
                sb_putn(&b, "$", 1);
                p++;
            } else if (expand && quote != '\'' && *p == '$' &&
                       (p[1] == '{' || is_name_char(p[1], true))) {
                const char *name = p + 1 + (p[1] == '{');
                size_t n = 0;
                while (is_name_char(name[n], n == 0))
                    n++;
                if (p[1] == '{' && name[n] != '}') {
                    sb_putn(&b, p, 1);
                    continue;
                }
                const char *v = env_get(st, name, n);
                if (v)
                    sb_putn(&b, v, strlen(v));
                p = name + n + (p[1] == '{') - 1;
            } else {
                sb_putn(&b, p, 1);
            }
        }
        fn(b.s, ctx);
    }
    free(b.s);
}

static void env_assign(const char *word, void *ctx)
{
    struct node_unit_state *st = ctx;
    const char *eq = strchr(word, '=');
    if (eq && eq != word)
        env_set(st, word, (size_t)(eq - word), eq + 1, strlen(eq + 1));
}

static char *trim(char *s, char *end)
{
    while (s < end && isspace((unsigned char)*s))
        s++;
    while (end > s && isspace((unsigned char)end[-1]))
        end--;
    *end = '\0';
    return s;
}

void node_unit_apply(struct node_unit_state *st, const char *file, const char *text, size_t len,
                     const char *root)
{
    (void)root;
    if (st->nfiles < NODE_UNIT_MAX_FILES)
        st->files[st->nfiles++] = arena_strdup(st->arena, file);
    char *copy = arena_strndup(st->arena, text, len);
    bool service = false;
    unsigned lineno = 0;
    struct sbuf line = {0};
    for (char *p = copy; *p;) {
        /* one logical line: physical lines joined at a trailing backslash */
        line.n = 0;
        sb_putn(&line, "", 0);
        unsigned first = lineno + 1;
        while (*p) {
            char *nl = strchr(p, '\n');
            char *end = nl ? nl : p + strlen(p);
            lineno++;
            bool more = end > p && end[-1] == '\\';
            sb_putn(&line, p, (size_t)(end - p - more));
            p = nl ? nl + 1 : end;
            if (!more)
                break;
            sb_putn(&line, " ", 1);
        }
        char *l = trim(line.s, line.s + line.n);
        line.n = 0;
        if (*l == '#' || *l == ';' || *l == '\0')
            continue;
        if (*l == '[') {
            service = strncmp(l, "[Service]", 9) == 0;
            continue;
        }
        char *eq = strchr(l, '=');
        if (!service || !eq)
            continue;
        char *key = trim(l, eq), *val = trim(eq + 1, eq + 1 + strlen(eq + 1));
        if (strcmp(key, "ExecStart") == 0) {
            st->exec = *val ? arena_strdup(st->arena, val) : NULL;
            st->exec_file = st->files[st->nfiles - 1];
            st->exec_line = first;
        } else if (strcmp(key, "Environment") == 0) {
            if (!*val)
                st->nenv = 0;
            else
                split_words(st, val, false, env_assign, st);
        } else if (strcmp(key, "EnvironmentFile") == 0) {
            if (!*val)
                st->nenvfiles = 0;
            else if (st->nenvfiles < ENVFILES_MAX) {
                st->envfile_optional[st->nenvfiles] = *val == '-';
                st->envfile[st->nenvfiles++] = arena_strdup(st->arena, val + (*val == '-'));
            }
        }
    }
    free(line.s);
}

void node_unit_env_file(struct node_unit_state *st, const char *text, size_t len)
{
    char *copy = arena_strndup(st->arena, text, len);
    for (char *p = copy; *p;) {
        char *nl = strchr(p, '\n');
        char *end = nl ? nl : p + strlen(p);
        char *next = nl ? nl + 1 : end;
        char *l = trim(p, end);
        p = next;
        if (*l == '#' || *l == ';' || *l == '\0')
            continue;
        if (strncmp(l, "export ", 7) == 0)
            l += 7;
        char *eq = strchr(l, '=');
        if (!eq || eq == l)
            continue;
        char *key = trim(l, eq), *val = eq + 1;
        size_t vlen = strlen(val);
        while (vlen && isspace((unsigned char)*val))
            val++, vlen--;
        if (vlen >= 2 && (val[0] == '"' || val[0] == '\'') && val[vlen - 1] == val[0])
            val++, vlen -= 2;
        env_set(st, key, strlen(key), val, vlen);
    }
}

static void push_word(const char *word, void *ctx)
{
    struct node_unit_state *st = ((void **)ctx)[0];
    struct node_args *a = ((void **)ctx)[1];
    node_args_push(a, word, st->arena);
}

bool node_unit_finish(struct node_unit_state *st, struct node_unit *u)
{
    memset(u, 0, sizeof *u);
    memcpy(u->files, st->files, sizeof u->files);
    u->nfiles = st->nfiles;
    if (!st->exec)
        return false;
    for (size_t i = 0; st->root && i < st->nenvfiles; i++) {
        char *path = arena_printf(st->arena, "%s%s", st->root, st->envfile[i]);
        size_t len;
        char *text = input_slurp(path, UNIT_MAX_BYTES, &len);
        if (text) {
            node_unit_env_file(st, text, len);
            free(text);
        }
    }
    const char *cmd = st->exec;
    cmd += strspn(cmd, "@-:+!"); /* systemd's ExecStart prefixes */
    void *ctx[2] = {st, &u->args};
    split_words(st, cmd, true, push_word, ctx);
    u->exec_file = st->exec_file;
    u->exec_line = st->exec_line;
    return u->args.argc > 0;
}

static const char *const UNIT_DIRS[] = {
    "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system", "/lib/systemd/system",
};
enum { NDIRS = sizeof UNIT_DIRS / sizeof *UNIT_DIRS };

static bool apply_file(struct node_unit_state *st, const char *path)
{
    size_t len;
    char *text = input_slurp(path, UNIT_MAX_BYTES, &len);
    if (!text)
        return false;
    node_unit_apply(st, path, text, len, st->root);
    free(text);
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(node_basename(*(const char *const *)a), node_basename(*(const char *const *)b));
}

bool node_unit_load(struct node_unit *u, const char *root, const char *name, struct arena *arena)
{
    struct node_unit_state *st = node_unit_state_new(arena, root);
    bool found = false;
    for (size_t d = 0; d < NDIRS && !found; d++)
        found = apply_file(st, arena_printf(arena, "%s%s/%s", root, UNIT_DIRS[d], name));
    if (!found) {
        memset(u, 0, sizeof *u);
        return false;
    }
    /* drop-ins: every NAME.d/ *.conf, the first directory's copy of a name
     * winning, applied in name order */
    const char *drop[NODE_UNIT_MAX_FILES];
    size_t ndrop = 0;
    for (size_t d = 0; d < NDIRS; d++) {
        char *dir = arena_printf(arena, "%s%s/%s.d", root, UNIT_DIRS[d], name);
        DIR *dp = opendir(dir);
        if (!dp)
            continue;
        struct dirent *e;
        while ((e = readdir(dp)) && ndrop < NODE_UNIT_MAX_FILES - 1) {
            size_t n = strlen(e->d_name);
            if (n < 6 || strcmp(e->d_name + n - 5, ".conf") != 0)
                continue;
            bool dup = false;
            for (size_t i = 0; i < ndrop; i++)
                dup |= strcmp(node_basename(drop[i]), e->d_name) == 0;
            if (!dup)
                drop[ndrop++] = arena_printf(arena, "%s/%s", dir, e->d_name);
        }
        closedir(dp);
    }
    qsort(drop, ndrop, sizeof *drop, by_name);
    for (size_t i = 0; i < ndrop; i++)
        apply_file(st, drop[i]);
    return node_unit_finish(st, u);
}
