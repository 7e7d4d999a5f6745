/* fuzz_config.c — libFuzzer target for the --config file parser
 * (config_file_load) and for what it configures: the bytes up to a line
 * "#manifest" are the configuration file; a scan with it then runs over the
 * rest (or over a built-in manifest), so fuzzed patterns, severities,
 * exemption globs and pod locations meet the engine and its suppression. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/checks/config.h"
#include "../../src/checks/config_file.h"
#include "../../src/checks/engine.h"
#include "../../src/k8s/pod.h"
#include "fuzz_util.h"

static const char MARK[] = "\n#manifest\n";

static const char DEFAULT_MANIFEST[] =
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: prod}\n"
    "spec:\n  template:\n    spec:\n      hostNetwork: true\n      containers:\n"
    "      - name: app\n        image: docker.io/nginx:latest\n"
    "        securityContext: {privileged: true, capabilities: {add: [SYS_ADMIN, NET_RAW]}}\n"
    "---\napiVersion: example.com/v1\nkind: Workflow\nmetadata: {name: wf}\n"
    "spec:\n  runner:\n    podSpec:\n      containers:\n      - {name: step, image: busybox}\n";

static void check_object(const struct k8s_object *o, void *ctx)
{
    engine_object(ctx, o);
}

/* The configuration file: one memory file, reopened by path per input. */
static int config_fd = -1;
static char config_path[64];

static void write_config(const uint8_t *data, size_t size)
{
    if (config_fd < 0) {
        config_fd = memfd_create("ringwall.yaml", 0);
        if (config_fd < 0)
            abort();
        snprintf(config_path, sizeof config_path, "/proc/self/fd/%d", config_fd);
    }
    if (ftruncate(config_fd, 0) != 0 || pwrite(config_fd, data, size, 0) != (ssize_t)size)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *mark = memmem(data, size, MARK, sizeof MARK - 1);
    size_t config_size = mark ? (size_t)(mark - data) : size;
    write_config(data, config_size);
    struct scan_config cfg;
    config_init(&cfg);
    pod_locations_reset();
    if (config_file_load(&cfg, config_path)) {
        struct findings findings = {0};
        struct engine engine;
        engine_init(&engine, &cfg, &findings);
        if (mark) {
            size_t skip = config_size + sizeof MARK - 1;
            fuzz_each_object(data + skip, size - skip, check_object, &engine);
        } else {
            fuzz_each_object((const uint8_t *)DEFAULT_MANIFEST, sizeof DEFAULT_MANIFEST - 1,
                             check_object, &engine);
        }
        engine_finish(&engine);
        for (size_t i = 0; i < findings.n; i++)
            if (findings.v[i].severity < cfg.min_severity)
                abort(); /* --min-severity lets a lower finding through */
        findings_free(&findings);
    }
    pod_locations_reset();
    config_free(&cfg);
    return 0;
}
