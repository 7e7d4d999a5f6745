/* bootstrap.c — the default (bootstrap) RBAC policy loaded as data: default
 * roles that fill in references the input lacks, and the subjects of the
 * default bindings, which mark control-plane components (model.h). */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/diag.h"
#include "../k8s/source.h"
#include "model.h"

static void add_default_object(const struct k8s_object *o, void *ctx)
{
    rbac_model_add(ctx, o);
}

static int cmp_policy_files(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    /* the default policy first; feature-gated variants only add what it lacks */
    bool ga = strstr(a, "featuregates") != NULL, gb = strstr(b, "featuregates") != NULL;
    if (ga != gb)
        return ga ? 1 : -1;
    return strcmp(a, b);
}

bool rbac_model_load_defaults(struct rbac_model *m, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_error("%s: cannot open the bootstrap policy directory", dir);
        return false;
    }
    char **paths = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        paths = xrealloc(paths, (n + 1) * sizeof *paths);
        paths[n] = xmalloc(strlen(dir) + len + 2);
        sprintf(paths[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(paths, n, sizeof *paths, cmp_policy_files);
    struct object_source src = {.on_object = add_default_object, .ctx = m};
    m->loading_defaults = true;
    source_read(&src, (const char *const *)paths, n);
    m->loading_defaults = false;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return src.summary.input_errors == 0;
}

const char *rbac_default_bootstrap_dir(void)
{
    static char found[PATH_MAX + 64];
    const char *env = getenv("RINGWALL_BOOTSTRAP");
    if (env)
        return *env ? env : NULL;
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return NULL;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    /* the binary sits in the checkout (./ringwall) or one level below it */
    static const char *const UP[] = {"/..", "/../.."};
    for (size_t i = 0; i < 2; i++) {
        int w = snprintf(found, sizeof found, "%s%s/shared/conformance/rbac/bootstrap", exe,
                         UP[i]);
        if (w > 0 && (size_t)w < sizeof found && access(found, R_OK | X_OK) == 0)
            return found;
    }
    return NULL;
}

bool rbac_subject_is_broad(const struct rbac_subject *s)
{
    if (s->kind == SUBJECT_SA)
        return false;
    if (s->kind == SUBJECT_USER)
        return strcmp(s->name, "system:anonymous") == 0;
    return strcmp(s->name, "system:authenticated") == 0 ||
           strcmp(s->name, "system:unauthenticated") == 0 ||
           strncmp(s->name, "system:serviceaccounts", 22) == 0;
}

bool rbac_is_component(const struct rbac_model *m, const struct rbac_subject *s)
{
    if (rbac_subject_is_broad(s))
        return false;
    if (s->kind != SUBJECT_SA && strncmp(s->name, "system:", 7) == 0 &&
        strncmp(s->name, "system:serviceaccount:", 22) != 0)
        return true;
    char key[1024];
    rbac_format_subject_key(key, sizeof key, s);
    const char *k = intern_find(&m->strings, key);
    for (size_t i = 0; k && i < m->ncomponents; i++)
        if (m->components[i] == k)
            return true;
    return false;
}
