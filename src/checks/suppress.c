/* suppress.c — parsing and matching ringwall.io/ignore entries (suppress.h). */
#include "suppress.h"

#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"

static const char DEFAULT_REASON[] = "no reason given";

/* One parsed entry; text fields are NUL-terminated copies, truncated to fit. */
struct entry {
    char pattern[128], container[128], reason[512];
    bool has_container, valid;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static bool is_separator(char c)
{
    return c == ',' || c == '\n';
}

/* Copies s[0, n) trimmed of blanks into buf[size]. */
static void copy_trimmed(char *buf, size_t size, const char *s, size_t n)
{
    while (n && is_space(*s))
        s++, n--;
    while (n && is_space(s[n - 1]))
        n--;
    snprintf(buf, size, "%.*s", (int)n, s);
}

/* Reads a double-quoted reason starting after the opening quote; returns the
 * position after the closing quote, or NULL when it is not closed. */
static const char *read_quoted(const char *p, char *buf, size_t size)
{
    size_t n = 0;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
            p++;
        if (n + 1 < size)
            buf[n++] = *p;
    }
    buf[n] = '\0';
    return *p == '"' ? p + 1 : NULL;
}

/* Parses the entry at p into e; returns where the next entry starts. */
static const char *parse_entry(const char *p, struct entry *e)
{
    memset(e, 0, sizeof *e);
    size_t n = strcspn(p, ",\n[=");
    copy_trimmed(e->pattern, sizeof e->pattern, p, n);
    p += n;
    e->valid = e->pattern[0] != '\0';
    if (*p == '[') {
        size_t m = strcspn(p + 1, "],\n");
        e->has_container = true;
        copy_trimmed(e->container, sizeof e->container, p + 1, m);
        p += 1 + m;
        if (*p != ']')
            e->valid = false;
        else
            p++;
        while (is_space(*p))
            p++;
    }
    if (*p == '=') {
        p++;
        while (is_space(*p))
            p++;
        if (*p == '"') {
            const char *end = read_quoted(p + 1, e->reason, sizeof e->reason);
            if (!end) {
                e->valid = false;
                return p + strlen(p);
            }
            p = end;
            while (is_space(*p))
                p++;
            if (*p && !is_separator(*p))
                e->valid = false; /* text after the closing quote */
        }
        else {
            size_t m = strcspn(p, ",\n");
            copy_trimmed(e->reason, sizeof e->reason, p, m);
            p += m;
        }
    }
    if (*p && !is_separator(*p))
        e->valid = false;
    p += strcspn(p, ",\n");
    return *p ? p + 1 : p;
}

static bool entry_matches(const struct entry *e, const struct check *check,
                          const char *container)
{
    if (!e->valid || !catalog_matches(check, e->pattern))
        return false;
    if (!e->has_container)
        return true;
    return container && fnmatch(e->container, container, 0) == 0;
}

bool suppress_match(const char *annotation, const struct check *check, const char *container,
                    char *reason, size_t size)
{
    struct entry e;
    for (const char *p = annotation; p && *p;) {
        p = parse_entry(p, &e);
        if (entry_matches(&e, check, container)) {
            snprintf(reason, size, "%s", e.reason[0] ? e.reason : DEFAULT_REASON);
            return true;
        }
    }
    return false;
}
