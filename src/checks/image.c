/* image.c — container image checks (family "image"). */
#include <string.h>

#include "../k8s/image.h"
#include "check.h"

static void latest_tag(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct node *img = node_get(c->node, "image");
        const char *s = node_str(img);
        struct image_ref ref;
        if (!s || !image_parse(s, &ref) || ref.digest[0])
            continue;
        if (!ref.tag[0] || strcmp(ref.tag, "latest") == 0)
            report(r, img, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" uses image \"%s\" %s", container_kind_name(c->kind), c->name, s,
                   ref.tag[0] ? "with the mutable tag latest" : "without a tag (means latest)");
    }
}

static const struct check IMAGE_CHECKS[] = {
    {
        .id = "image/latest-tag",
        .severity = SEV_MEDIUM,
        .title = "Image tag is latest or missing",
        .why = "A missing or latest tag resolves to whatever was pushed last: rollouts are not "
               "reproducible and a compromised push reaches the cluster on the next restart.",
        .fix = "Pin the image to a specific version tag, or better to a digest (@sha256:...).",
        .refs = {"NSA-CISA: use immutable image references"},
        .aliases = {"KSV-0013", "CKV_K8S_14", "C-0075", "latest-tag"},
        .pod = latest_tag,
    },
};

const struct check_family FAMILY_IMAGE = {
    .name = "image",
    .checks = IMAGE_CHECKS,
    .nchecks = sizeof IMAGE_CHECKS / sizeof *IMAGE_CHECKS,
};
