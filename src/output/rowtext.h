/* rowtext.h — the constant parts of a finding in each report format, made
 * once per check: a finding's check id, title, remediation and references
 * are the same text, escaped the same way, for every finding of its check,
 * so formats copy it rather than escape it again. */
#ifndef RINGWALL_ROWTEXT_H
#define RINGWALL_ROWTEXT_H

#include <stddef.h>

struct check;

/* The parts formats keep, one slot each per catalog row. */
enum rowtext_part {
    ROWTEXT_JSON_HEAD,   /* json: "check":ID */
    ROWTEXT_JSON_TITLE,  /* json: "title":TITLE */
    ROWTEXT_JSON_TAIL,   /* json: "remediation":FIX,"references":[...] */
    ROWTEXT_SARIF_RULE,  /* sarif: "ruleId":ID,"ruleIndex":N */
    ROWTEXT_JUNIT_CLASS, /* junit: the classname attribute's text */
    ROWTEXT_PARTS
};

struct rowtext {
    const char *text;
    size_t len;
};

/* Makes a part's text for check c (malloc'd, NUL-terminated; length in *len). */
typedef char *(*rowtext_make)(const struct check *c, size_t *len);

/* Part `part` of check c, made by `make` on first use and kept for the
 * process (safe from several threads). NULL for a check that is not a
 * catalog row: the caller writes it as it would without the cache. */
const struct rowtext *rowtext_get(const struct check *c, enum rowtext_part part,
                                  rowtext_make make);

#endif
