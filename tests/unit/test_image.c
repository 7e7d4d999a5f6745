/* test_image.c — image reference parsing (the distribution reference grammar
 * with Docker's normalisation) and trusted-registry matching, one row each. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/k8s/image.h"

#define D64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct row {
    const char *ref;
    bool ok;
    const char *registry, *repository, *tag, *digest;
};

static const struct row ROWS[] = {
    /* Docker Hub normalisation */
    {"nginx", true, "docker.io", "library/nginx", "", ""},
    {"nginx:1.27", true, "docker.io", "library/nginx", "1.27", ""},
    {"bitnami/redis:7.2", true, "docker.io", "bitnami/redis", "7.2", ""},
    {"docker.io/nginx", true, "docker.io", "library/nginx", "", ""},
    {"docker.io/library/nginx:latest", true, "docker.io", "library/nginx", "latest", ""},
    {"index.docker.io/nginx", true, "docker.io", "library/nginx", "", ""},
    {"a/b/c/d:e", true, "docker.io", "a/b/c/d", "e", ""},
    /* registries: a '.', a ':', localhost, upper case, IPv6 */
    {"registry.example.com/app", true, "registry.example.com", "app", "", ""},
    {"registry:5000/app", true, "registry:5000", "app", "", ""},
    {"registry:5000/app:5000", true, "registry:5000", "app", "5000", ""},
    {"localhost/app:1", true, "localhost", "app", "1", ""},
    {"localhost:5000/team/app:v1.2.3", true, "localhost:5000", "team/app", "v1.2.3", ""},
    {"Registry.Example.com/app", true, "Registry.Example.com", "app", "", ""},
    {"MyRegistry/app", true, "MyRegistry", "app", "", ""},
    {"[::1]:5000/app:1", true, "[::1]:5000", "app", "1", ""},
    {"[fe80::1%eth0]/app", false, NULL, NULL, NULL, NULL},
    {"10.0.0.1:5000/app", true, "10.0.0.1:5000", "app", "", ""},
    {"ghcr.io/org/team/app:sha-1a2b", true, "ghcr.io", "org/team/app", "sha-1a2b", ""},
    {"my-registry.local/a-b__c.d/e---f:x", true, "my-registry.local", "a-b__c.d/e---f", "x", ""},
    /* digests */
    {"nginx@sha256:" D64, true, "docker.io", "library/nginx", "", "sha256:" D64},
    {"nginx:1.27@sha256:" D64, true, "docker.io", "library/nginx", "1.27", "sha256:" D64},
    {"nginx@sha512:" D64 D64, true, "docker.io", "library/nginx", "", "sha512:" D64 D64},
    {"nginx@sha256:0123", false, NULL, NULL, NULL, NULL},
    {"nginx@sha256:" D64 "0", false, NULL, NULL, NULL, NULL},
    {"nginx@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false, NULL,
     NULL, NULL, NULL},
    {"nginx@multihash+base58:" "0123456789abcdef0123456789abcdef", true, "docker.io",
     "library/nginx", "", "multihash+base58:0123456789abcdef0123456789abcdef"},
    {"nginx@sha256:", false, NULL, NULL, NULL, NULL},
    {"nginx@:" D64, false, NULL, NULL, NULL, NULL},
    {"nginx@1sha:" D64, false, NULL, NULL, NULL, NULL},
    {"nginx@sha256:" D64 "@sha256:" D64, false, NULL, NULL, NULL, NULL},
    /* tags */
    {"nginx:_x", true, "docker.io", "library/nginx", "_x", ""},
    {"nginx:V1.0-RC_1", true, "docker.io", "library/nginx", "V1.0-RC_1", ""},
    {"nginx:", false, NULL, NULL, NULL, NULL},
    {"nginx:.x", false, NULL, NULL, NULL, NULL},
    {"nginx:-x", false, NULL, NULL, NULL, NULL},
    {"nginx:a+b", false, NULL, NULL, NULL, NULL},
    {"nginx:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true, "docker.io", "library/nginx",
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ""},
    {"nginx:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false, NULL, NULL, NULL, NULL},
    /* malformed names */
    {"", false, NULL, NULL, NULL, NULL},
    {"Nginx", false, NULL, NULL, NULL, NULL},
    {"docker.io/Library/nginx", false, NULL, NULL, NULL, NULL},
    {"nginx ", false, NULL, NULL, NULL, NULL},
    {" nginx", false, NULL, NULL, NULL, NULL},
    {"/nginx", false, NULL, NULL, NULL, NULL},
    {"nginx/", false, NULL, NULL, NULL, NULL},
    {"a//b", false, NULL, NULL, NULL, NULL},
    {"-app", false, NULL, NULL, NULL, NULL},
    {"app-", false, NULL, NULL, NULL, NULL},
    {"a..b", false, NULL, NULL, NULL, NULL},
    {"a___b", false, NULL, NULL, NULL, NULL},
    {"a.-b", false, NULL, NULL, NULL, NULL},
    {"-registry.com/app", false, NULL, NULL, NULL, NULL},
    {"registry-.com/app", false, NULL, NULL, NULL, NULL},
    {"registry..com/app", false, NULL, NULL, NULL, NULL},
    {"registry.com:/app", false, NULL, NULL, NULL, NULL},
    {"registry.com:123456/app", false, NULL, NULL, NULL, NULL},
    {"registry.com:50a/app", false, NULL, NULL, NULL, NULL},
    {"[::1/app", false, NULL, NULL, NULL, NULL},
    {"[]/app", false, NULL, NULL, NULL, NULL},
    {"[1.2.3.4]/app", false, NULL, NULL, NULL, NULL},
    {"registry.com/", false, NULL, NULL, NULL, NULL},
    {"a:b:c", false, NULL, NULL, NULL, NULL},
    {"app@", false, NULL, NULL, NULL, NULL},
    {"@sha256:" D64, false, NULL, NULL, NULL, NULL},
    {"nginx\t", false, NULL, NULL, NULL, NULL},
};

static void test_parse_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof ROWS / sizeof *ROWS; k++) {
        const struct row *r = &ROWS[k];
        struct image_ref ref;
        bool ok = image_parse(r->ref, &ref);
        if (ok != r->ok)
            fail_msg("\"%s\": parsed %s, want %s", r->ref, ok ? "ok" : "invalid",
                     r->ok ? "ok" : "invalid");
        if (!ok)
            continue;
        if (strcmp(ref.registry, r->registry) || strcmp(ref.repository, r->repository) ||
            strcmp(ref.tag, r->tag) || strcmp(ref.digest, r->digest))
            fail_msg("\"%s\": got %s | %s | %s | %s", r->ref, ref.registry, ref.repository,
                     ref.tag, ref.digest);
    }
}

static void test_name_length(void **state)
{
    (void)state;
    char name[IMAGE_NAME_MAX + 2];
    struct image_ref ref;
    memset(name, 'a', IMAGE_NAME_MAX);
    name[IMAGE_NAME_MAX] = '\0';
    assert_true(image_parse(name, &ref));
    name[IMAGE_NAME_MAX] = 'a';
    name[IMAGE_NAME_MAX + 1] = '\0';
    assert_false(image_parse(name, &ref));
}

struct from_row {
    const char *ref, *source;
    bool from;
};

static const struct from_row FROM_ROWS[] = {
    {"registry.example.com/app:1", "registry.example.com", true},
    {"registry.example.com/team/app:1", "registry.example.com/", true},
    {"registry.example.com/app:1", "https://registry.example.com", true},
    {"REGISTRY.example.com/app:1", "registry.example.com", true},
    {"registry.example.com.evil.net/app", "registry.example.com", false},
    {"evil.net/registry.example.com/app", "registry.example.com", false},
    {"registry.example.com:5000/app", "registry.example.com", false},
    {"registry.example.com:5000/app", "registry.example.com:5000", true},
    {"ghcr.io/myorg/app:1", "ghcr.io/myorg", true},
    {"ghcr.io/myorg/team/app:1", "ghcr.io/myorg", true},
    {"ghcr.io/myorg", "ghcr.io/myorg", true},
    {"ghcr.io/myorganisation/app:1", "ghcr.io/myorg", false},
    {"ghcr.io/other/app:1", "ghcr.io/myorg", false},
    {"ghcr.io/myorg/app:1", "ghcr.io/myorg/app", true},
    {"ghcr.io/myorg/app2:1", "ghcr.io/myorg/app", false},
    {"nginx:1.27", "docker.io", true},
    {"nginx:1.27", "index.docker.io", true},
    {"nginx:1.27", "docker.io/library", true},
    {"nginx:1.27", "docker.io/nginx", true},
    {"nginx:1.27", "library", true},
    {"bitnami/redis", "bitnami", true},
    {"bitnami/redis", "docker.io/bitnami", true},
    {"bitnamilegacy/redis", "bitnami", false},
    {"docker.io/bitnami/redis", "docker.io/bitnami/redis", true},
    {"quay.io/bitnami/redis", "bitnami", false},
    {"localhost:5000/app", "localhost:5000", true},
    {"localhost/app", "localhost:5000", false},
    {"[::1]:5000/app", "[::1]:5000", true},
    {"registry.example.com/app", "", false},
    {"registry.example.com/app", "/", false},
};

static void test_from_rows(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof FROM_ROWS / sizeof *FROM_ROWS; k++) {
        const struct from_row *r = &FROM_ROWS[k];
        struct image_ref ref;
        if (!image_parse(r->ref, &ref))
            fail_msg("\"%s\" does not parse", r->ref);
        if (image_from(&ref, r->source) != r->from)
            fail_msg("\"%s\" from \"%s\": want %s", r->ref, r->source, r->from ? "yes" : "no");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_rows),
        cmocka_unit_test(test_name_length),
        cmocka_unit_test(test_from_rows),
    };
    return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
