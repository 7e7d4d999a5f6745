/* manifest.c — checks about the manifest text itself rather than what it
 * configures. manifest/duplicate-key is reported by the input stage, since a
 * document with a duplicate key never reaches the object checks. */
#include "check.h"

static const struct check MANIFEST_CHECKS[] = {
    {
        .id = "manifest/duplicate-key",
        .severity = SEV_HIGH,
        .title = "Duplicate key in a mapping",
        .why = "A mapping that repeats a key is rejected by kubectl and the API server's strict "
               "decoding, and tools that keep the first or the last value disagree about what "
               "the manifest configures; a reviewer may approve the harmless copy.",
        .fix = "Remove the repeated key so every mapping key appears once.",
        .refs = {"YAML 1.1 §3.2.1.1 (mapping keys are unique)"},
        .aliases = {"duplicate-key"},
    },
};

const struct check_family FAMILY_MANIFEST = {
    .name = "manifest",
    .checks = MANIFEST_CHECKS,
    .nchecks = sizeof MANIFEST_CHECKS / sizeof *MANIFEST_CHECKS,
};
