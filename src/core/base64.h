/* base64.h — the standard base64 alphabet with padding (Go's
 * base64.StdEncoding): YAML's !!binary and the byte fields of etcd's JSON
 * gateway. */
#ifndef RINGWALL_BASE64_H
#define RINGWALL_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Bytes needed to decode len characters (an upper bound, plus one for a
 * terminating NUL). */
static inline size_t base64_decoded_max(size_t len)
{
    return len / 4 * 3 + 4;
}

/* Decodes in[0..len) into out (base64_decoded_max(len) bytes); CR and LF
 * are ignored. False on a character outside the alphabet, misplaced
 * padding or a partial quantum. *outlen is the decoded length; out is
 * NUL-terminated after it. */
bool base64_decode(const char *in, size_t len, unsigned char *out, size_t *outlen);

/* Characters needed to encode len bytes, plus one for the NUL. */
static inline size_t base64_encoded_size(size_t len)
{
    return (len + 2) / 3 * 4 + 1;
}

/* Encodes in[0..len) into out (base64_encoded_size(len) bytes),
 * NUL-terminated; returns the length written. */
size_t base64_encode(const unsigned char *in, size_t len, char *out);

#endif
