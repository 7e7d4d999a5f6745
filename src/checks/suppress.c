/* suppress.c — parsing and matching ringwall.io/ignore entries (suppress.h). */
#include "suppress.h"

#include <stdio.h>
#include <string.h>

#include "catalog.h"

static void trim(const char **s, const char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t' || **s == '\n'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\n'))
        (*e)--;
}

static bool entry_matches(const char *s, const char *e, const struct check *check,
                          const char *container, char *reason, size_t size)
{
    const char *eq = memchr(s, '=', (size_t)(e - s));
    const char *id_end = eq ? eq : e;
    const char *br = memchr(s, '[', (size_t)(id_end - s));
    char id[128], want_container[128] = "";
    const char *ie = br ? br : id_end, *is = s;
    trim(&is, &ie);
    if (ie - is <= 0 || (size_t)(ie - is) >= sizeof id)
        return false;
    memcpy(id, is, (size_t)(ie - is));
    id[ie - is] = '\0';
    if (br) {
        const char *close = memchr(br, ']', (size_t)(id_end - br));
        if (!close || (size_t)(close - br - 1) >= sizeof want_container)
            return false;
        memcpy(want_container, br + 1, (size_t)(close - br - 1));
        want_container[close - br - 1] = '\0';
        if (!container || strcmp(container, want_container) != 0)
            return false;
    }
    if (!catalog_matches(check, id))
        return false;
    if (eq) {
        const char *rs = eq + 1, *re = e;
        trim(&rs, &re);
        snprintf(reason, size, "%.*s", (int)(re - rs), rs);
    }
    if (!eq || !*reason)
        snprintf(reason, size, "ignored by the ringwall.io/ignore annotation");
    return true;
}

bool suppress_match(const char *annotation, const struct check *check, const char *container,
                    char *reason, size_t size)
{
    const char *s = annotation;
    while (s && *s) {
        const char *e = strchr(s, ',');
        if (!e)
            e = s + strlen(s);
        if (entry_matches(s, e, check, container, reason, size))
            return true;
        s = *e ? e + 1 : e;
    }
    return false;
}
