/* image.c — image reference parsing (image.h). */
#include "image.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool copy(char *dst, size_t size, const char *s, size_t n)
{
    if (n >= size)
        return false;
    memcpy(dst, s, n);
    dst[n] = '\0';
    return true;
}

static bool valid_tag(const char *t)
{
    if (!*t || strlen(t) > 128 || !(isalnum((unsigned char)*t) || *t == '_'))
        return false;
    for (; *t; t++)
        if (!(isalnum((unsigned char)*t) || *t == '_' || *t == '.' || *t == '-'))
            return false;
    return true;
}

static bool valid_digest(const char *d)
{
    const char *colon = strchr(d, ':');
    if (!colon || colon == d || strlen(colon + 1) < 32)
        return false;
    for (const char *p = colon + 1; *p; p++)
        if (!isxdigit((unsigned char)*p))
            return false;
    return true;
}

bool image_parse(const char *ref, struct image_ref *out)
{
    memset(out, 0, sizeof *out);
    size_t len = strlen(ref);
    if (len == 0 || len > 1024)
        return false;
    for (const char *p = ref; *p; p++)
        if (isspace((unsigned char)*p))
            return false;
    const char *at = strchr(ref, '@');
    size_t name_len = at ? (size_t)(at - ref) : len;
    if (at && (!copy(out->digest, sizeof out->digest, at + 1, strlen(at + 1)) ||
               !valid_digest(out->digest)))
        return false;
    /* the tag is after the last ':' that follows the last '/' */
    const char *last_slash = NULL;
    for (const char *p = ref; p < ref + name_len; p++)
        if (*p == '/')
            last_slash = p;
    const char *tag_colon = NULL;
    for (const char *p = last_slash ? last_slash : ref; p < ref + name_len; p++)
        if (*p == ':')
            tag_colon = p;
    size_t repo_end = tag_colon ? (size_t)(tag_colon - ref) : name_len;
    if (tag_colon && (!copy(out->tag, sizeof out->tag, tag_colon + 1,
                            name_len - repo_end - 1) ||
                      !valid_tag(out->tag)))
        return false;
    const char *first_slash = memchr(ref, '/', repo_end);
    const char *repo = ref;
    if (first_slash) {
        size_t n = (size_t)(first_slash - ref);
        bool is_registry = memchr(ref, '.', n) || memchr(ref, ':', n) ||
                           (n == 9 && memcmp(ref, "localhost", 9) == 0);
        if (is_registry) {
            if (!copy(out->registry, sizeof out->registry, ref, n))
                return false;
            out->explicit_registry = true;
            repo = first_slash + 1;
        }
    }
    if (!out->explicit_registry)
        strcpy(out->registry, "docker.io");
    size_t repo_len = (size_t)(ref + repo_end - repo);
    if (repo_len == 0)
        return false;
    if (!out->explicit_registry && !memchr(repo, '/', repo_len)) {
        if (repo_len + 8 >= sizeof out->repository)
            return false;
        snprintf(out->repository, sizeof out->repository, "library/%.*s", (int)repo_len, repo);
    } else if (!copy(out->repository, sizeof out->repository, repo, repo_len)) {
        return false;
    }
    for (const char *p = out->repository; *p; p++)
        if (isupper((unsigned char)*p) || *p == ':')
            return false;
    return true;
}
