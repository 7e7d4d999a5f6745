/* namespace.h — a Namespace's Pod Security Admission labels:
 * pod-security.kubernetes.io/{enforce,warn,audit}[-version]. As the API
 * server does, a missing level means privileged and a missing version latest;
 * an invalid version means latest, an invalid enforce level restricted (fail
 * closed) and an invalid warn or audit level privileged (fail open). */
#ifndef RINGWALL_PSS_NAMESPACE_H
#define RINGWALL_PSS_NAMESPACE_H

#include <stdbool.h>

#include "../k8s/object.h"
#include "policy.h"

enum pss_mode { PSS_ENFORCE, PSS_WARN, PSS_AUDIT, PSS_NMODES };

struct pss_mode_policy {
    bool labelled;        /* the mode's level label is present */
    bool version_labelled; /* the mode's version label is present */
    bool invalid;         /* a label value was invalid (and replaced as above) */
    enum pss_level level;
    struct pss_version version;
};

struct pss_namespace_policy {
    struct pss_mode_policy mode[PSS_NMODES];
};

const char *pss_mode_name(enum pss_mode m);
/* Reads the labels of a Namespace object. */
void pss_namespace_policy(const struct k8s_object *ns, struct pss_namespace_policy *out);
/* The label key of a mode's level ("pod-security.kubernetes.io/enforce"). */
const char *pss_mode_label(enum pss_mode m);

#endif
