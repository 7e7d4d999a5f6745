/* audit_text.c — byte buffer and compact JSON of nodes (audit_text.h). */
#include "audit_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

void audit_buf_add(struct audit_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void audit_buf_puts(struct audit_buf *b, const char *s)
{
    audit_buf_add(b, s, strlen(s));
}

void audit_buf_putc(struct audit_buf *b, char c)
{
    audit_buf_add(b, &c, 1);
}

void audit_buf_json_string(struct audit_buf *b, const char *s)
{
    audit_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': audit_buf_add(b, "\\\"", 2); break;
        case '\\': audit_buf_add(b, "\\\\", 2); break;
        case '\n': audit_buf_add(b, "\\n", 2); break;
        case '\r': audit_buf_add(b, "\\r", 2); break;
        case '\t': audit_buf_add(b, "\\t", 2); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                audit_buf_puts(b, esc);
            } else {
                audit_buf_putc(b, (char)*p);
            }
        }
    }
    audit_buf_putc(b, '"');
}

void audit_buf_json_node(struct audit_buf *b, const struct node *n)
{
    if (!n) {
        audit_buf_puts(b, "null");
        return;
    }
    switch (n->type) {
    case NODE_NULL: audit_buf_puts(b, "null"); break;
    case NODE_BOOL: audit_buf_puts(b, n->num.b ? "true" : "false"); break;
    case NODE_INT:
    case NODE_FLOAT: audit_buf_puts(b, n->str ? n->str : "0"); break;
    case NODE_STR: audit_buf_json_string(b, n->str); break;
    case NODE_SEQ:
        audit_buf_putc(b, '[');
        for (size_t i = 0; i < n->n; i++) {
            if (i)
                audit_buf_putc(b, ',');
            audit_buf_json_node(b, n->u.items[i]);
        }
        audit_buf_putc(b, ']');
        break;
    case NODE_MAP:
        audit_buf_putc(b, '{');
        for (size_t i = 0; i < n->n; i++) {
            if (i)
                audit_buf_putc(b, ',');
            audit_buf_json_string(b, node_key(n, i)->str);
            audit_buf_putc(b, ':');
            audit_buf_json_node(b, node_value(n, i));
        }
        audit_buf_putc(b, '}');
        break;
    }
}

const char *audit_buf_str(struct audit_buf *b)
{
    if (!b->p)
        audit_buf_add(b, "", 0);
    return b->p;
}

void audit_buf_free(struct audit_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
