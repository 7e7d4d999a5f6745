/* xmlw.c — XML 1.0 escaping (xmlw.h). */
#include "xmlw.h"

#include <stdbool.h>

#include "../core/utf8.h"

/* Bytes that go out as they are in both text and attributes. */
static bool plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

static void write_escaped(FILE *out, const char *s, bool attr)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p;) {
        size_t len = 1;
        if (plain(*p)) { /* a run of them in one stdio call */
            while (plain(p[len]))
                len++;
            fwrite_unlocked(p, 1, len, out);
            p += len;
            continue;
        }
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs(attr ? "&quot;" : "\"", out); break;
        case '\'': fputs(attr ? "&apos;" : "'", out); break;
        case '\t': fputs(attr ? "&#9;" : "\t", out); break;
        case '\n': fputs(attr ? "&#10;" : "\n", out); break;
        case '\r': fputs("&#13;", out); break; /* a raw CR would be read as a newline */
        default:
            if (*p < 0x20) {
                fprintf(out, "\\x%02x", *p);
            } else if (*p < 0x80) {
                putc(*p, out);
            } else {
                int32_t cp = utf8_decode(p, &len);
                if (cp < 0)
                    fputs("\xef\xbf\xbd", out); /* U+FFFD */
                else if (cp == 0xfffe || cp == 0xffff)
                    fprintf(out, "\\u%04X", (unsigned)cp);
                else
                    fwrite(p, 1, len, out);
            }
        }
        p += len;
    }
}

void xml_write_text(FILE *out, const char *s)
{
    write_escaped(out, s, false);
}

void xml_write_attr(FILE *out, const char *s)
{
    write_escaped(out, s, true);
}
