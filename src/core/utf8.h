/* utf8.h — decoding one UTF-8 sequence strictly (no overlongs, surrogates or
 * values past U+10FFFF), so writers of JSON and XML can replace bytes that are
 * not text instead of emitting an invalid document. */
#ifndef RINGWALL_UTF8_H
#define RINGWALL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s (NUL-terminated). Returns the code point and sets
 * *len to its byte length, or returns -1 with *len = 1 for an invalid byte. */
int32_t utf8_decode(const unsigned char *s, size_t *len);

#endif
