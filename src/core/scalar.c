/* scalar.c — YAML 1.1 scalar resolution (rules in scalar.h). */
#include "scalar.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static const char *const TRUE_WORDS[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
                                         "on", "On", "ON", NULL};
static const char *const FALSE_WORDS[] = {"n", "N", "no", "No", "NO", "false", "False",
                                          "FALSE", "off", "Off", "OFF", NULL};
static const char *const NULL_WORDS[] = {"~", "null", "Null", "NULL", NULL};
static const char *const NAN_WORDS[] = {".nan", ".NaN", ".NAN", NULL};
static const char *const INF_WORDS[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
static const char *const NEG_INF_WORDS[] = {"-.inf", "-.Inf", "-.INF", NULL};

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Go's strconv.ParseUint(s, 0, 64) on an unsigned magnitude: base prefixes
 * 0x, 0o, 0b, a leading 0 for octal. */
static bool parse_magnitude(const char *s, unsigned __int128 *out)
{
    int base = 10;
    if (s[0] == '0' && s[1]) {
        if (s[1] == 'x' || s[1] == 'X')
            base = 16, s += 2;
        else if (s[1] == 'o' || s[1] == 'O')
            base = 8, s += 2;
        else if (s[1] == 'b' || s[1] == 'B')
            base = 2, s += 2;
        else
            base = 8, s += 1;
    }
    if (!*s)
        return false;
    unsigned __int128 v = 0;
    for (; *s; s++) {
        int d = digit_value(*s);
        if (d >= base)
            return false;
        v = v * (unsigned)base + (unsigned)d;
        if (v > ((unsigned __int128)1 << 64))
            return false;
    }
    *out = v;
    return true;
}

/* Int per go-yaml v2: signed 64-bit, else unsigned 64-bit (stored as a float
 * beyond INT64_MAX since the API server's int fields would reject it anyway). */
static bool resolve_int(struct node *n, const char *plain)
{
    bool neg = plain[0] == '-';
    const char *mag = plain + (plain[0] == '-' || plain[0] == '+');
    unsigned __int128 v;
    if (!parse_magnitude(mag, &v))
        return false;
    if (neg) {
        if (v > (unsigned __int128)INT64_MAX + 1)
            return false;
        n->type = NODE_INT;
        n->num.i = v == (unsigned __int128)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
        return true;
    }
    if (v > UINT64_MAX)
        return false;
    if (v > INT64_MAX) {
        n->type = NODE_FLOAT;
        n->num.f = (double)(uint64_t)v;
    } else {
        n->type = NODE_INT;
        n->num.i = (int64_t)v;
    }
    return true;
}

/* ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
static bool yaml_style_float(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    } else {
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
        if (*s == '.') {
            s++;
            while (*s >= '0' && *s <= '9')
                s++;
        }
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

/* Floats in go-yaml's accepted spelling; anything else stays a string. */
static bool resolve_float(struct node *n, const char *s)
{
    if (!yaml_style_float(s))
        return false;
    errno = 0;
    char *end;
    double f = strtod(s, &end);
    if (*end || errno == ERANGE)
        return false;
    n->type = NODE_FLOAT;
    n->num.f = f;
    return true;
}

void scalar_resolve(struct node *n)
{
    const char *s = n->str;
    n->type = NODE_STR;
    if (n->len == 0) {
        n->type = NODE_NULL;
        return;
    }
    char c = s[0];
    bool map_hint = strchr("yYnNtTfFoO~", c) != NULL;
    bool num_hint = (c >= '0' && c <= '9') || c == '+' || c == '-';
    if (!map_hint && !num_hint && c != '.' && c != '<')
        return;
    if (in_list(s, TRUE_WORDS)) {
        n->type = NODE_BOOL;
        n->num.b = true;
    } else if (in_list(s, FALSE_WORDS)) {
        n->type = NODE_BOOL;
        n->num.b = false;
    } else if (in_list(s, NULL_WORDS)) {
        n->type = NODE_NULL;
    } else if (in_list(s, NAN_WORDS)) {
        n->type = NODE_FLOAT;
        n->num.f = NAN;
    } else if (in_list(s, INF_WORDS)) {
        n->type = NODE_FLOAT;
        n->num.f = INFINITY;
    } else if (in_list(s, NEG_INF_WORDS)) {
        n->type = NODE_FLOAT;
        n->num.f = -INFINITY;
    } else if (c == '.') {
        resolve_float(n, s);
    } else if (num_hint && n->len < 128) {
        char plain[128];
        size_t j = 0;
        for (size_t i = 0; i < n->len; i++)
            if (s[i] != '_')
                plain[j++] = s[i];
        plain[j] = '\0';
        if (!resolve_int(n, plain))
            resolve_float(n, plain);
    }
}
