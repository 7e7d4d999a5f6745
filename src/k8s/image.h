/* image.h — container image references as container runtimes read them,
 * following the distribution reference grammar:
 *   [registry[:port]/]path[:tag][@algorithm:hex]
 * The first path component is a registry when it contains '.' or ':', is
 * "localhost", has an upper-case letter or is a bracketed IPv6 address;
 * otherwise the registry is docker.io, where a one-component path means
 * library/NAME. Path components are lower case ([a-z0-9] runs joined by '.',
 * '_', "__" or dashes); tags are [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}; digests of
 * the registered algorithms have their exact length (sha256: 64 lower-case
 * hex digits), others at least 32 hex digits. "registry:5000/app" has no tag. */
#ifndef RINGWALL_IMAGE_H
#define RINGWALL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

enum { IMAGE_NAME_MAX = 255, IMAGE_TAG_MAX = 128 };

struct image_ref {
    char registry[IMAGE_NAME_MAX + 1];   /* "docker.io" when implied */
    char repository[IMAGE_NAME_MAX + 9]; /* "library/nginx" for official images */
    char tag[IMAGE_TAG_MAX + 1];         /* "" when none */
    char digest[200];                    /* "" when none, else "sha256:..." */
    bool explicit_registry;
};

/* False for an empty or malformed reference. */
bool image_parse(const char *ref, struct image_ref *out);

/* Does the image come from `source`: a registry host ("registry.example.com",
 * "localhost:5000"), optionally with a path prefix matched on whole components
 * ("ghcr.io/myorg" holds ghcr.io/myorg/app, not ghcr.io/myorganisation/app).
 * A source without a registry host means docker.io ("bitnami", "library"). */
bool image_from(const struct image_ref *ref, const char *source);

#endif
