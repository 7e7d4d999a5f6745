/* config_file.h — reading ringwall.yaml (--config) into a scan_config: which
 * checks run, severity overrides, exemptions with their reasons, trusted
 * registries, extra pod-spec locations for custom resources, and the
 * fail-on / min-severity defaults. Format: docs/config.md. Every mistake
 * (unknown key, wrong type, a pattern matching no check, an exemption
 * without a reason) is an error at FILE:LINE:COL. */
#ifndef RINGWALL_CONFIG_FILE_H
#define RINGWALL_CONFIG_FILE_H

#include <stdbool.h>

#include "../core/doc.h"
#include "config.h"

/* Applies the file to c (command-line options are applied after it, so they
 * win). Returns false after reporting every error found. */
bool config_file_load(struct scan_config *c, const char *path);

/* The reader's state, for the readers of sections defined elsewhere. */
struct cf;
typedef void (*config_section_fn)(struct cf *cf, const struct node *value, void *ctx);

struct cf {
    struct scan_config *cfg;
    const char *file;
    bool ok;
    bool loaded;               /* a document was seen */
    config_section_fn section; /* reads the admit: section, or NULL to accept it unread */
    void *section_ctx;
    bool skip_pod_locations;   /* check pod-locations without applying them */
};

/* As config_file_load, with the admit: section handed to `admit`; without
 * pod_locations the pod-locations key is checked but not applied (they are
 * process-wide: a server reloading its settings keeps its first ones). */
bool config_file_load_admit(struct scan_config *c, const char *path, config_section_fn admit,
                            void *ctx, bool pod_locations);

/* Helpers for section readers: each error is reported at the node's
 * position and clears cf->ok. */
void cf_error(struct cf *cf, const struct node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A non-empty string scalar, or NULL after an error naming `what`. */
const char *cf_want_string(struct cf *cf, const struct node *n, const char *what);
/* A mapping or sequence (t), else false after an error. */
bool cf_want_type(struct cf *cf, const struct node *n, enum node_type t, const char *what);
bool cf_want_severity(struct cf *cf, const struct node *n, const char *what, bool allow_none,
                      enum severity *out);
/* The string members of a mapping whose allowed keys are names[]; values[i]
 * receives names[i]'s value or NULL. */
bool cf_read_item(struct cf *cf, const struct node *item, const char *what,
                  const char *const *names, size_t nnames, const char **values);

#endif
