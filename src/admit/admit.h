/* admit.h — the admission decision: an AdmissionReview (admission.k8s.io/v1
 * or v1beta1) in, the verdict out, judged with the same engine as scan plus
 * Pod Security, resource bounds and command controls (policy.h). Shared by
 * `admit review` (no network) and `admit serve` (the webhook), so both give
 * the identical answer. Everything one decision allocates lives in its own
 * arenas and goes with admit_decision_free; the policy is only read, so any
 * number of threads may decide at once. */
#ifndef RINGWALL_ADMIT_H
#define RINGWALL_ADMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../checks/finding.h"
#include "../core/doc.h"
#include "policy.h"

/* What the decoder read from the review. Strings point into the document
 * (or are NULL when absent). */
struct admit_request {
    const char *api_version;     /* the review's: admission.k8s.io/v1 or v1beta1 */
    const char *uid;
    const char *operation;       /* CREATE, UPDATE, DELETE, CONNECT */
    const char *kind;            /* request.kind.kind */
    const char *resource;        /* request.resource.resource ("pods") */
    const char *subresource;     /* request.subResource ("exec", "ephemeralcontainers") */
    const char *name, *namespace;
    const char *user;            /* request.userInfo.username */
    const struct node *groups;   /* request.userInfo.groups */
    bool dry_run;
    const struct node *object, *old_object, *options;
};

/* One reason in a verdict: a finding of a check, a Pod Security control or
 * one of the webhook's own controls, with the mode it is handled in. */
struct admit_item {
    const char *id;
    const char *container; /* or NULL */
    const char *path;      /* field path, or NULL */
    const char *message;
    enum admit_mode mode;
};

enum admit_status {
    ADMIT_ALLOWED,
    ADMIT_DENIED,
    ADMIT_BAD_INPUT, /* not an AdmissionReview: no response can be made (HTTP 400) */
};

struct admit_decision {
    struct arena arena;        /* everything below */
    struct doc *doc;           /* the review */
    struct admit_request req;
    enum admit_status status;
    const char *error;         /* ADMIT_BAD_INPUT: why */
    bool failure;              /* the object could not be judged; the failure policy decided */
    const char *message;       /* denial message (status.message) */
    const char *note;          /* why a request was allowed unjudged (exempt, unchanged, ...) */
    const char *command;       /* CONNECT: the command line it carried */
    const char *object_kind, *object_name; /* as logged */
    struct admit_item *items;
    size_t nitems, cap;
    const char **warnings;
    size_t nwarnings;
};

/* Decodes and judges one AdmissionReview (body need not be NUL-terminated). */
void admit_decide(const struct admit_policy *p, const char *body, size_t len,
                  struct admit_decision *d);
void admit_decision_free(struct admit_decision *d);

/* The response AdmissionReview (not for ADMIT_BAD_INPUT), written to out. */
void admit_write_response(FILE *out, const struct admit_decision *d);
/* The same into a malloc'd buffer. */
char *admit_response(const struct admit_decision *d, size_t *len);
/* One JSON log line (uid, user, namespace, kind/name, operation, decision,
 * checks, dryRun, microseconds), with its newline, written under the
 * stream's lock (lines of concurrent decisions never mix). */
void admit_write_log(FILE *out, const struct admit_decision *d, double micros);

/* "allow" or "deny". */
const char *admit_decision_name(const struct admit_decision *d);

/* The webhook's own controls (controls.c): add items to d. */
struct pod_view;
void admit_check_resources(const struct admit_policy *p, const struct pod_view *pv,
                           const char *ns, struct admit_decision *d);
/* CONNECT requests: true when a rule denies it (an item was added). */
bool admit_check_command(const struct admit_policy *p, struct admit_decision *d);
void admit_add_item(struct admit_decision *d, const struct admit_item *it);

#endif
