/* image.c — container image checks (family "image"): mutable tags, missing
 * digests, registries outside the configured allow-list. Images are parsed
 * once by the pod view (container_view.ref); malformed references are left
 * alone here, except a malformed digest, which pins nothing. */
#include <string.h>

#include "../k8s/image.h"
#include "check.h"
#include "config.h"

static void latest_tag(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const struct image_ref *ref = c->ref;
        if (!ref || ref->digest[0])
            continue;
        if (!ref->tag[0] || strcmp(ref->tag, "latest") == 0)
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" uses image \"%s\" %s", container_kind_name(c->kind), c->name,
                   node_str(c->image),
                   ref->tag[0] ? "with the mutable tag latest" : "without a tag (means latest)");
    }
}

/* Why an image is not pinned by a digest a registry verifies, or NULL when
 * it is: no digest, one the reference grammar rejects (the whole reference
 * then fails to parse), or an algorithm outside those registries verify. */
static const char *unpinned(const struct container_view *c)
{
    const char *image = node_str(c->image);
    if (!c->ref)
        return image && strchr(image, '@') ? "with a malformed digest" : NULL;
    const char *d = c->ref->digest;
    if (!d[0])
        return "without a digest";
    static const char *const VERIFIED[] = {"sha256:", "sha384:", "sha512:"};
    for (size_t i = 0; i < sizeof VERIFIED / sizeof *VERIFIED; i++)
        if (strncmp(d, VERIFIED[i], strlen(VERIFIED[i])) == 0)
            return NULL;
    return "with a digest algorithm registries do not verify";
}

static void no_digest(const struct pod_view *pod, struct report_ctx *r)
{
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        const char *why = unpinned(c);
        if (why)
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" uses image \"%s\" %s", container_kind_name(c->kind), c->name,
                   node_str(c->image), why);
    }
}

static void untrusted_registry(const struct pod_view *pod, struct report_ctx *r)
{
    const struct scan_config *cfg = r->cfg;
    if (!cfg || cfg->ntrusted == 0)
        return;
    for (size_t i = 0; i < pod->ncontainers; i++) {
        const struct container_view *c = &pod->containers[i];
        if (!c->ref)
            continue;
        bool trusted = false;
        for (size_t k = 0; k < cfg->ntrusted && !trusted; k++)
            trusted = image_from(c->ref, cfg->trusted_registries[k]);
        if (!trusted)
            report(r, c->image, c->name, arena_printf(r->scratch, "%s.image", c->path),
                   "%s \"%s\" pulls \"%s\" from %s, not a trusted registry",
                   container_kind_name(c->kind), c->name, node_str(c->image), c->ref->registry);
    }
}

static const struct check IMAGE_CHECKS[] = {
    {
        .id = "image/latest-tag",
        .severity = SEV_MEDIUM,
        .title = "Image tag is latest or missing",
        .why = "A missing or latest tag resolves to whatever was pushed last: rollouts are not "
               "reproducible and a compromised push reaches the cluster on the next restart. "
               "\"registry:5000/app\" has no tag (5000 is a port). Unlike Kubescape's "
               "C-0075, which passes latest with imagePullPolicy: Always, ringwall reports it "
               "whatever the pull policy: Always pulls whatever latest is at each start, which "
               "is the mutability this check is about; a digest-pinned image is never "
               "reported.",
        .fix = "Pin the image to a specific version tag, or better to a digest (@sha256:...).",
        .refs = {"NSA-CISA: use immutable image references", "MITRE ATT&CK T1525"},
        .aliases = {"KSV-0013", "CKV_K8S_14", "C-0075", "latest-tag"},
        .pod = latest_tag,
    },
    {
        .id = "image/no-digest",
        .severity = SEV_LOW,
        .title = "Image not pinned by digest",
        .why = "Tags are mutable: whoever can push to the repository decides what a tag runs "
               "next. A digest names exactly one image, when it is one the image reference "
               "grammar accepts (sha256: 64 lower-case hex digits, sha384: 96, sha512: 128); "
               "a malformed digest or another algorithm is reported as no digest.",
        .fix = "Reference the image as name:tag@sha256:DIGEST (tools such as crane or "
               "kustomize's images field resolve digests).",
        .refs = {"NSA-CISA: use immutable image references", "MITRE ATT&CK T1525"},
        .aliases = {"CKV_K8S_43", "image-not-pinned-by-digest"},
        .pod = no_digest,
    },
    {
        .id = "image/untrusted-registry",
        .severity = SEV_HIGH,
        .title = "Image from an untrusted registry",
        .why = "Images from registries outside the organisation's allow-list escape its "
               "scanning, signing and retention. Runs only when the configuration lists "
               "trusted registries: a host (registry.example.com, localhost:5000), optionally "
               "with a path prefix matched on whole components (ghcr.io/myorg); names without "
               "a registry mean docker.io.",
        .fix = "Mirror the image into a trusted registry and reference it there, or add the "
               "registry to trusted_registries.",
        .refs = {"NSA-CISA: image scanning and trusted sources", "MITRE ATT&CK T1525"},
        .aliases = {"C-0078"},
        .pod = untrusted_registry,
    },
};

const struct check_family FAMILY_IMAGE = {
    .name = "image",
    .checks = IMAGE_CHECKS,
    .nchecks = sizeof IMAGE_CHECKS / sizeof *IMAGE_CHECKS,
};
