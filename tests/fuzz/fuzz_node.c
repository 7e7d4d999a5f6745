/* fuzz_node.c — libFuzzer target for the readers of `ringwall node`: the
 * first byte picks one. 0: a /proc/PID/cmdline (NUL-separated) with flag
 * and feature-gate lookups; 1: a systemd unit, then after a line "#env" an
 * environment file, assembled into an ExecStart; 2: a command line (one word
 * a line), then after a line "#config" a kubelet config file (YAML or JSON),
 * with every benchmark evaluated over them (under a root that does not
 * exist, so file checks touch nothing). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../src/node/node_eval.h"
#include "../../src/node/node_systemd.h"
#include "fuzz_util.h"

static const char *const FLAGS[] = {"--config", "--anonymous-auth", "--feature-gates",
                                    "--read-only-port", "-v", "--", "--a=b"};

static void lookups(const struct node_args *a, struct arena *arena)
{
    for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
        node_args_get(a, FLAGS[i]);
    node_gate_get(node_args_get(a, "--feature-gates"), "RotateKubeletServerCertificate", arena);
}

static const char *split(const char *data, size_t size, const char *mark, size_t *first)
{
    const char *m = memmem(data, size, mark, strlen(mark));
    *first = m ? (size_t)(m - data) : size;
    return m ? m + strlen(mark) : data + size;
}

static int take_first(struct doc *d, void *ctx)
{
    struct doc **out = ctx;
    if (*out)
        doc_free(d);
    else
        *out = d;
    return 0;
}

static void evaluate(const char *data, size_t size)
{
    size_t n;
    const char *config = split(data, size, "\n#config\n", &n);
    struct node_host h;
    memset(&h, 0, sizeof h);
    h.root = "/nonexistent-fuzz-root";
    struct node_args a = {0};
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(data + i, '\n', n - i);
        size_t len = nl ? (size_t)(nl - data - i) : n - i;
        node_args_push(&a, arena_strndup(&h.arena, data + i, len), &h.arena);
        i += len + 1;
    }
    if (a.argc == 0)
        node_args_push(&a, "kubelet", &h.arena);
    for (int c = 0; c < NODE_COMPONENT_COUNT; c++)
        h.comp[c] = (struct node_running){.source = NODE_SRC_PROCESS, .args = a, .origin = "x"};
    struct load_error err;
    struct doc *d = NULL;
    load_buffer("fuzz.yaml", config, size - (size_t)(config - data), &FUZZ_LIMITS, take_first, &d,
                &err);
    h.config_doc[NODE_KUBELET] = d;
    h.config[NODE_KUBELET] = d ? d->root : NULL;
    h.config_path[NODE_KUBELET] = "/config.yaml";
    for (size_t b = 0; b < NODE_NBENCHMARKS; b++) {
        struct node_results rs = {0};
        node_eval_benchmark(&h, &NODE_BENCHMARKS[b], ~0u, &rs);
        node_results_free(&rs);
    }
    node_host_free(&h);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    const char *data = (const char *)bytes + 1;
    size--;
    struct arena arena = {0};
    switch (bytes[0] % 3) {
    case 0: {
        struct node_args a;
        node_args_from_cmdline(&a, data, size, &arena);
        lookups(&a, &arena);
        break;
    }
    case 1: {
        size_t n;
        const char *env = split(data, size, "\n#env\n", &n);
        struct node_unit_state *st = node_unit_state_new(&arena, NULL);
        node_unit_apply(st, "fuzz.service", data, n, NULL);
        node_unit_env_file(st, env, size - (size_t)(env - data));
        struct node_unit u;
        if (node_unit_finish(st, &u))
            lookups(&u.args, &arena);
        break;
    }
    default:
        evaluate(data, size);
    }
    arena_free(&arena);
    return 0;
}
