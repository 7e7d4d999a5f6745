/* admit_decide.c — the webhook's own decision time, network excluded: one
 * realistic AdmissionReview (a Deployment with 3 containers, about 4 KB)
 * decoded, judged (every check, Pod Security restricted, a resource rule)
 * and answered, many times, on 1..N threads sharing one policy; each
 * decision is timed alone and p50/p99/p99.9 reported, in wall time and in
 * the thread's CPU time (which a busy machine's preemptions do not
 * inflate). The baseline in the
 * same run is the plain JSON parse of the same bytes (load_buffer, the
 * document model the decision starts with). Prints figures only.
 * usage: admit_decide [ITERATIONS] [THREADS]
 *        admit_decide --print   (the review, for bench/admit.sh) */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/admit/admit.h"
#include "../src/core/load.h"

static char review[8192];
static size_t review_len;
static struct admit_policy policy;

static const char CONTAINER[] =
    "{\"name\":\"%s\",\"image\":\"registry.example.com/team/%s:2.%d.1@sha256:"
    "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945\","
    "\"args\":[\"--port=%d\",\"--log-level=info\",\"--metrics-addr=:9090\"],"
    "\"ports\":[{\"name\":\"http\",\"containerPort\":%d,\"protocol\":\"TCP\"}],"
    "\"env\":[{\"name\":\"POD_NAME\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.name\"}}},"
    "{\"name\":\"LOG_FORMAT\",\"value\":\"json\"},{\"name\":\"CACHE_SIZE\",\"value\":\"256\"}],"
    "\"resources\":{\"requests\":{\"cpu\":\"250m\",\"memory\":\"256Mi\"},"
    "\"limits\":{\"cpu\":\"1\",\"memory\":\"512Mi\"}},"
    "\"readinessProbe\":{\"httpGet\":{\"path\":\"/ready\",\"port\":%d},\"periodSeconds\":5},"
    "\"livenessProbe\":{\"httpGet\":{\"path\":\"/healthz\",\"port\":%d},\"periodSeconds\":10},"
    "\"volumeMounts\":[{\"name\":\"tmp\",\"mountPath\":\"/tmp\"},"
    "{\"name\":\"config\",\"mountPath\":\"/etc/%s\",\"readOnly\":true}],"
    "\"securityContext\":{\"allowPrivilegeEscalation\":false,\"readOnlyRootFilesystem\":true,"
    "\"runAsNonRoot\":true,\"runAsUser\":10001,\"capabilities\":{\"drop\":[\"ALL\"]}}}";

static void make_review(void)
{
    char c[3][1600];
    const char *names[] = {"api", "worker", "proxy"};
    for (int i = 0; i < 3; i++)
        snprintf(c[i], sizeof c[i], CONTAINER, names[i], names[i], i, 8080 + i, 8080 + i,
                 8080 + i, 8080 + i, names[i]);
    review_len = (size_t)snprintf(review, sizeof review,
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
        "\"uid\":\"705ab4f5-6393-11e8-b7cc-42010a800002\","
        "\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"},"
        "\"resource\":{\"group\":\"apps\",\"version\":\"v1\",\"resource\":\"deployments\"},"
        "\"name\":\"shop\",\"namespace\":\"team\",\"operation\":\"CREATE\","
        "\"userInfo\":{\"username\":\"system:serviceaccount:ci:deployer\","
        "\"groups\":[\"system:serviceaccounts\",\"system:authenticated\"]},"
        "\"object\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{"
        "\"name\":\"shop\",\"namespace\":\"team\",\"labels\":{\"app\":\"shop\",\"tier\":\"web\"},"
        "\"annotations\":{\"deployment.kubernetes.io/revision\":\"7\"}},"
        "\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"shop\"}},"
        "\"strategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxSurge\":1,"
        "\"maxUnavailable\":0}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"shop\"}},"
        "\"spec\":{\"serviceAccountName\":\"shop\",\"automountServiceAccountToken\":false,"
        "\"securityContext\":{\"seccompProfile\":{\"type\":\"RuntimeDefault\"},"
        "\"fsGroup\":10001},\"containers\":[%s,%s,%s],"
        "\"volumes\":[{\"name\":\"tmp\",\"emptyDir\":{}},{\"name\":\"config\","
        "\"configMap\":{\"name\":\"shop\"}}]}}}},\"dryRun\":false}}",
        c[0], c[1], c[2]);
}

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int drop(struct doc *d, void *ctx)
{
    doc_free(d);
    return 0;
}

struct run {
    int n;
    bool parse_only;
    double *t, *cpu; /* wall and thread CPU time of each */
};

static void *worker(void *arg)
{
    struct run *r = arg;
    for (int i = 0; i < r->n; i++) {
        double t0 = now(), c0 = clock_s(CLOCK_THREAD_CPUTIME_ID);
        if (r->parse_only) {
            struct load_error err;
            load_buffer("bench", review, review_len, NULL, drop, NULL, &err);
        } else {
            struct admit_decision d;
            size_t len;
            admit_decide(&policy, review, review_len, &d);
            free(admit_response(&d, &len));
            admit_decision_free(&d);
        }
        r->t[i] = now() - t0;
        r->cpu[i] = clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
    }
    return NULL;
}

static void measure(const char *what, int n, int threads, bool parse_only)
{
    struct run runs[16];
    pthread_t tid[16];
    size_t total = (size_t)n * (size_t)threads;
    double *all = malloc(sizeof *all * total), *cpu = malloc(sizeof *cpu * total);
    double t0 = now();
    for (int k = 0; k < threads; k++) {
        runs[k] = (struct run){n, parse_only, all + (size_t)k * (size_t)n,
                               cpu + (size_t)k * (size_t)n};
        pthread_create(&tid[k], NULL, worker, &runs[k]);
    }
    for (int k = 0; k < threads; k++)
        pthread_join(tid[k], NULL);
    double wall = now() - t0;
    qsort(all, total, sizeof *all, compare);
    qsort(cpu, total, sizeof *cpu, compare);
    printf("%-22s threads=%d  wall p50 %6.1f p99 %7.1f p99.9 %8.1f us | cpu p50 %6.1f p99 "
           "%6.1f p99.9 %6.1f us | %6.0f/s\n", what, threads, all[total / 2] * 1e6,
           all[total * 99 / 100] * 1e6, all[total * 999 / 1000] * 1e6, cpu[total / 2] * 1e6,
           cpu[total * 99 / 100] * 1e6, cpu[total * 999 / 1000] * 1e6, total / wall);
    free(all);
    free(cpu);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--print") == 0) {
        make_review();
        fwrite(review, 1, review_len, stdout);
        return 0;
    }
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    if (n < 1000 || threads < 1 || threads > 16)
        return fprintf(stderr, "usage: admit_decide [ITERATIONS>=1000] [THREADS 1-16]\n"), 2;
    make_review();
    admit_policy_init(&policy);
    struct admit_decision d;
    admit_decide(&policy, review, review_len, &d);
    printf("review: %zu bytes, Deployment with 3 containers: %s, %zu findings\n", review_len,
           admit_decision_name(&d), d.nitems);
    admit_decision_free(&d);
    measure("JSON parse (baseline)", n, 1, true);
    measure("decision", n, 1, false);
    if (threads > 1) {
        measure("JSON parse (baseline)", n, threads, true);
        measure("decision", n, threads, false);
    }
    admit_policy_free(&policy);
    return 0;
}
