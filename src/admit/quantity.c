/* quantity.c — Kubernetes quantity parsing (quantity.h). */
#include "quantity.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *suffix;
    double factor;
} SUFFIXES[] = {
    {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0}, {"Ti", 1099511627776.0},
    {"Pi", 1125899906842624.0}, {"Ei", 1152921504606846976.0},
    {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"", 1.0}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9},
    {"T", 1e12}, {"P", 1e15}, {"E", 1e18},
};

/* An exponent suffix: e or E, an optional sign, digits. */
static bool exponent(const char *s, double *factor)
{
    if (*s != 'e' && *s != 'E')
        return false;
    const char *d = s + 1 + (s[1] == '+' || s[1] == '-');
    if (!isdigit((unsigned char)*d) || strlen(d) > 4)
        return false;
    for (const char *c = d; *c; c++)
        if (!isdigit((unsigned char)*c))
            return false;
    char power[8] = "1"; /* "1e+NNNN": ten to the power, read as a number */
    memcpy(power + 1, s, strlen(s) + 1);
    *factor = strtod(power, NULL);
    return true;
}

bool quantity_parse(const char *s, double *out)
{
    if (!s)
        return false;
    const char *p = s + (*s == '+' || *s == '-');
    size_t digits = 0, dots = 0;
    while (isdigit((unsigned char)*p) || *p == '.') {
        digits += *p != '.';
        dots += *p == '.';
        p++;
    }
    if (digits == 0 || dots > 1)
        return false;
    double factor = 0;
    for (size_t i = 0; i < sizeof SUFFIXES / sizeof *SUFFIXES && factor == 0; i++)
        if (strcmp(p, SUFFIXES[i].suffix) == 0)
            factor = SUFFIXES[i].factor;
    if (factor == 0 && !exponent(p, &factor))
        return false;
    char num[64];
    size_t len = (size_t)(p - s);
    if (len >= sizeof num)
        return false;
    memcpy(num, s, len);
    num[len] = '\0';
    *out = strtod(num, NULL) * factor;
    return true;
}
