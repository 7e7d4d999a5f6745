/* quantity.h — Kubernetes resource quantities ("500m", "2", "1.5Gi",
 * "1e3", "128974848") as numbers, for the webhook's resource bounds. */
#ifndef RINGWALL_ADMIT_QUANTITY_H
#define RINGWALL_ADMIT_QUANTITY_H

#include <stdbool.h>

/* Parses the API server's quantity syntax: a signed decimal number, then a
 * binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal one (n, u, m, k, M, G,
 * T, P, E) or an exponent (e3, E-2). False when s is not a quantity. */
bool quantity_parse(const char *s, double *out);

#endif
