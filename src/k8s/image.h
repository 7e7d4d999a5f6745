/* image.h — container image references as the container runtime reads them:
 * [registry[:port]/]repository[:tag][@algorithm:digest]. The first path
 * component is a registry when it has a '.' or ':' or is "localhost";
 * otherwise the registry is docker.io. "registry:5000/app" has no tag. */
#ifndef RINGWALL_IMAGE_H
#define RINGWALL_IMAGE_H

#include <stdbool.h>

struct image_ref {
    char registry[256];   /* "docker.io" when implied */
    char repository[512]; /* "library/nginx" for official images */
    char tag[129];        /* "" when none */
    char digest[200];     /* "" when none, else "sha256:..." */
    bool explicit_registry;
};

/* False for an empty or malformed reference. */
bool image_parse(const char *ref, struct image_ref *out);

#endif
