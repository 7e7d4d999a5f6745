/* config_file.h — reading ringwall.yaml (--config) into a scan_config: which
 * checks run, severity overrides, exemptions with their reasons, trusted
 * registries, extra pod-spec locations for custom resources, and the
 * fail-on / min-severity defaults. Format: docs/config.md. Every mistake
 * (unknown key, wrong type, a pattern matching no check, an exemption
 * without a reason) is an error at FILE:LINE:COL. */
#ifndef RINGWALL_CONFIG_FILE_H
#define RINGWALL_CONFIG_FILE_H

#include <stdbool.h>

#include "config.h"

/* Applies the file to c (command-line options are applied after it, so they
 * win). Returns false after reporting every error found. */
bool config_file_load(struct scan_config *c, const char *path);

#endif
