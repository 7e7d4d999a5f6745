/* scalar.h — YAML 1.1 plain-scalar resolution as the Kubernetes API server's
 * decoder (sigs.k8s.io/yaml, a go-yaml v2 fork) performs it:
 *   null   "", ~, null, Null, NULL
 *   bool   y Y yes Yes YES on On ON true True TRUE  (and n/no/off/false forms)
 *   int    Go strconv.ParseInt(s, 0, 64) after removing "_": 10, +1, -0x1F, 0o17,
 *          017 (octal), 0b101; then unsigned 64-bit; -0b101 too
 *   float  [-+]?(.[0-9]+|[0-9]+(.[0-9]*)?)([eE][-+]?[0-9]+)?, .inf/.nan forms
 *   string everything else, including timestamps (kept as their text)
 * Quoted and block scalars are always strings. */
#ifndef RINGWALL_SCALAR_H
#define RINGWALL_SCALAR_H

#include <stddef.h>

#include "doc.h"

/* Sets n->type and n->num from the plain scalar text n->str / n->len. */
void scalar_resolve(struct node *n);

#endif
