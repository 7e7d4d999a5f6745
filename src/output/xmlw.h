/* xmlw.h — escaping text for XML 1.0 (the JUnit report). Everything a
 * finding carries is user input, so every string goes through here: markup
 * characters become entities, characters XML 1.0 cannot carry at all (C0
 * controls other than tab/newline/CR, U+FFFE, U+FFFF) are shown as \xNN or
 * \uNNNN text, and bytes that are not UTF-8 become U+FFFD. */
#ifndef RINGWALL_XMLW_H
#define RINGWALL_XMLW_H

#include <stdio.h>

/* Character data (between tags). NULL writes nothing. */
void xml_write_text(FILE *out, const char *s);
/* An attribute value without its quotes; also keeps tab, newline and CR
 * from being normalised away by encoding them as character references. */
void xml_write_attr(FILE *out, const char *s);

#endif
