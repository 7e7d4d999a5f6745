/* text.h — the string pieces Pod Security messages are made of: a growable
 * buffer, Go-style quoting (%q) and the API server's list phrasing
 * (`container "a"`, `containers "a", "b"`). */
#ifndef RINGWALL_PSS_TEXT_H
#define RINGWALL_PSS_TEXT_H

#include <stddef.h>

#include "../core/arena.h"

struct pss_buf {
    char *s;
    size_t len, cap;
};

void pss_buf_puts(struct pss_buf *b, const char *s);
void pss_buf_printf(struct pss_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* `"a", "b"` (no escaping, as the API server joins names) */
void pss_buf_join_quoted(struct pss_buf *b, const char *const *items, size_t n);
/* `singular "a"` or `plural "a", "b"` */
void pss_buf_noun_list(struct pss_buf *b, const char *singular, const char *plural,
                       const char *const *items, size_t n);
void pss_buf_free(struct pss_buf *b);

/* s as a double-quoted string with Go's escapes, in the arena. */
const char *pss_quote(struct arena *a, const char *s);

#endif
