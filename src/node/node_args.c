/* node_args.c — flag lookup over a command line, as pflag reads it. */
#include "node_args.h"

#include <string.h>

const char *node_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Does word spell flag `name`, maybe with a single dash (pflag accepts
 * -name for long flags too)? Sets *value to what follows '=' or NULL. */
static bool spells(const char *word, const char *name, const char **value)
{
    const char *bare = name + strspn(name, "-");
    const char *w = word + strspn(word, "-");
    if (w == word || w - word > 2)
        return false;
    size_t n = strlen(bare);
    if (strncmp(w, bare, n) != 0 || (w[n] != '\0' && w[n] != '='))
        return false;
    *value = w[n] == '=' ? w + n + 1 : NULL;
    return true;
}

const char *node_args_get(const struct node_args *a, const char *name)
{
    const char *found = NULL;
    for (size_t i = 1; i < a->argc; i++) {
        const char *value;
        if (strcmp(a->argv[i], "--") == 0)
            break;
        if (!spells(a->argv[i], name, &value))
            continue;
        if (value)
            found = value;
        else if (i + 1 < a->argc && a->argv[i + 1][0] != '-')
            found = a->argv[++i];
        else
            found = "true";
    }
    return found;
}

const char *node_gate_get(const char *gates, const char *gate, struct arena *arena)
{
    const char *found = NULL;
    size_t n = strlen(gate);
    for (const char *p = gates; p && *p;) {
        p += strspn(p, " ,");
        size_t len = strcspn(p, ",");
        if (len > n && strncmp(p, gate, n) == 0 && p[n] == '=') {
            const char *v = p + n + 1;
            size_t vlen = len - n - 1;
            while (vlen && v[vlen - 1] == ' ')
                vlen--;
            found = arena_strndup(arena, v, vlen);
        }
        p += len;
    }
    return found;
}

void node_args_push(struct node_args *a, const char *word, struct arena *arena)
{
    /* argv grows by doubling inside the arena; old blocks stay until the arena goes */
    if (a->argc == 0 || (a->argc >= 8 && (a->argc & (a->argc - 1)) == 0)) {
        size_t cap = a->argc ? a->argc * 2 : 8;
        const char **v = arena_alloc(arena, cap * sizeof *v);
        if (a->argc)
            memcpy(v, a->argv, a->argc * sizeof *v);
        a->argv = v;
    }
    a->argv[a->argc++] = arena_strdup(arena, word);
}

bool node_args_from_cmdline(struct node_args *a, const char *buf, size_t len, struct arena *arena)
{
    a->argv = NULL;
    a->argc = 0;
    for (size_t i = 0; i < len;) {
        size_t n = strnlen(buf + i, len - i);
        node_args_push(a, arena_strndup(arena, buf + i, n), arena);
        i += n + 1;
    }
    return a->argc > 0 && a->argv[0][0] != '\0';
}
