/* audit_text.h — a growable byte buffer, and JSON text of a document node
 * written compactly (what Falco prints for a field holding an object). */
#ifndef RINGWALL_AUDIT_TEXT_H
#define RINGWALL_AUDIT_TEXT_H

#include <stddef.h>

#include "../core/doc.h"

struct audit_buf {
    char *p;
    size_t len, cap;
};

void audit_buf_add(struct audit_buf *b, const char *s, size_t n);
void audit_buf_puts(struct audit_buf *b, const char *s);
void audit_buf_putc(struct audit_buf *b, char c);
/* s as a JSON string literal, quotes included. */
void audit_buf_json_string(struct audit_buf *b, const char *s);
/* n as compact JSON. */
void audit_buf_json_node(struct audit_buf *b, const struct node *n);
/* NUL-terminates and returns the text (owned by the buffer). */
const char *audit_buf_str(struct audit_buf *b);
void audit_buf_free(struct audit_buf *b);

#endif
