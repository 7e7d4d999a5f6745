/* fuzz_pss.c — libFuzzer target for Pod Security review with namespace
 * labels: pods and workloads together with Namespace objects carrying
 * fuzzed pod-security.kubernetes.io labels. Checks that each verdict is
 * consistent (allowed exactly when it lists no violation and has no
 * message), that a pod judged through its namespace gets the verdict a
 * fixed review at the level and version it names gives, and that a pod
 * denied at baseline is denied at restricted and none is denied at
 * privileged. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/pss/review.h"
#include "fuzz_util.h"

struct run {
    struct pss_review review;
};

static void review(struct run *run, const uint8_t *data, size_t size, const enum pss_level *level,
                   struct pss_version version)
{
    memset(run, 0, sizeof *run);
    pss_review_init(&run->review, level, version);
    fuzz_each_object(data, size, pss_review_add_object, &run->review);
    pss_review_finish(&run->review);
}

static void run_free(struct run *run)
{
    pss_review_free(&run->review);
}

static void fail(const char *what, const struct pss_review_item *it)
{
    fprintf(stderr, "%s: %s %s/%s at line %u\n", what, it->kind, it->namespace ? it->namespace : "",
            it->name ? it->name : "", it->line);
    abort();
}

static void check_consistent(const struct pss_review *r)
{
    size_t denied = 0;
    for (size_t i = 0; i < r->nitems; i++) {
        const struct pss_review_item *it = &r->items[i];
        if (!it->judged[PSS_ENFORCE])
            fail("no enforce verdict", it);
        for (int m = 0; m < PSS_NMODES; m++) {
            const struct pss_verdict *v = &it->verdict[m];
            if (it->judged[m] && (v->allowed != (v->nviolations == 0) ||
                                  v->allowed != (v->message == NULL)))
                fail("verdict inconsistent", it);
        }
        denied += !it->verdict[PSS_ENFORCE].allowed;
    }
    if (denied != r->denied)
        abort();
}

static bool same_policy(const struct pss_verdict *a, const struct pss_verdict *b)
{
    return a->level == b->level && a->version.latest == b->version.latest &&
           (a->version.latest || a->version.minor == b->version.minor);
}

static bool same_verdict(const struct pss_verdict *a, const struct pss_verdict *b)
{
    if (a->allowed != b->allowed || a->nviolations != b->nviolations)
        return false;
    for (size_t k = 0; k < a->nviolations; k++)
        if (a->violations[k].control != b->violations[k].control ||
            strcmp(a->violations[k].text, b->violations[k].text) != 0)
            return false;
    return true;
}

/* Items of a fixed review that a namespace review also has (in order). */
static bool in_namespace_review(const struct pss_review_item *it)
{
    return !(it->kind && strcmp(it->kind, "Namespace") == 0 && it->api_version &&
             strcmp(it->api_version, "v1") == 0);
}

/* Every namespace verdict at `like`'s policy equals the fixed review's. */
static void check_against_fixed(const struct pss_review *ns, const struct pss_verdict *like,
                                const uint8_t *data, size_t size)
{
    struct run fixed;
    review(&fixed, data, size, &like->level, like->version);
    check_consistent(&fixed.review);
    size_t j = 0;
    for (size_t i = 0; i < fixed.review.nitems; i++) {
        const struct pss_review_item *f = &fixed.review.items[i];
        if (!in_namespace_review(f))
            continue;
        if (j >= ns->nitems)
            abort();
        const struct pss_review_item *it = &ns->items[j++];
        for (int m = 0; m < PSS_NMODES; m++)
            if (it->judged[m] && same_policy(&it->verdict[m], like) &&
                !same_verdict(&it->verdict[m], &f->verdict[PSS_ENFORCE]))
                fail("namespace verdict differs from the fixed one at its policy", it);
    }
    if (j != ns->nitems)
        abort();
    run_free(&fixed);
}

static void check_levels(const uint8_t *data, size_t size, struct pss_version version)
{
    static const enum pss_level LEVELS[] = {PSS_LEVEL_PRIVILEGED, PSS_LEVEL_BASELINE,
                                            PSS_LEVEL_RESTRICTED};
    struct run runs[3];
    for (int l = 0; l < 3; l++) {
        review(&runs[l], data, size, &LEVELS[l], version);
        check_consistent(&runs[l].review);
    }
    for (size_t i = 0; i < runs[0].review.nitems; i++) {
        const struct pss_review_item *it = &runs[0].review.items[i];
        if (!it->verdict[PSS_ENFORCE].allowed)
            fail("denied at privileged", it);
        if (!runs[1].review.items[i].verdict[PSS_ENFORCE].allowed &&
            runs[2].review.items[i].verdict[PSS_ENFORCE].allowed)
            fail("denied at baseline but allowed at restricted", it);
    }
    for (int l = 0; l < 3; l++)
        run_free(&runs[l]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct run ns;
    review(&ns, data, size, NULL, (struct pss_version){.latest = true});
    check_consistent(&ns.review);
    /* each distinct policy the namespaces chose (a few) against a fixed review */
    const struct pss_verdict *seen[4];
    size_t nseen = 0;
    for (size_t i = 0; i < ns.review.nitems && nseen < 4; i++)
        for (int m = 0; m < PSS_NMODES && nseen < 4; m++) {
            const struct pss_verdict *v = &ns.review.items[i].verdict[m];
            bool known = !ns.review.items[i].judged[m];
            for (size_t k = 0; k < nseen && !known; k++)
                known = same_policy(seen[k], v);
            if (!known) {
                seen[nseen++] = v;
                check_against_fixed(&ns.review, v, data, size);
            }
        }
    /* levels compared at one version the input picks */
    uint64_t h = 0;
    for (size_t i = 0; i < size; i++)
        h = h * 31 + data[i];
    struct pss_version version = {.latest = h % 8 == 0, .minor = h % (PSS_NEWEST_MINOR + 3)};
    check_levels(data, size, version);
    run_free(&ns);
    return 0;
}
