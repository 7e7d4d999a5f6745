/* base64.c — standard base64 with padding, both ways. */
#include "base64.h"

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

bool base64_decode(const char *in, size_t len, unsigned char *out, size_t *outlen)
{
    size_t o = 0, q = 0, pad = 0;
    unsigned acc = 0;
    for (size_t i = 0; i < len; i++) {
        char c = in[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            if (q < 2)
                return false;
            pad++, q++;
        } else {
            int v = base64_value(c);
            if (v < 0 || pad)
                return false;
            acc = acc << 6 | (unsigned)v;
            q++;
        }
        if (q == 4) {
            acc <<= 6 * pad;
            out[o++] = (unsigned char)(acc >> 16);
            if (pad < 2)
                out[o++] = (unsigned char)(acc >> 8 & 0xff);
            if (pad < 1)
                out[o++] = (unsigned char)(acc & 0xff);
            acc = 0, q = 0;
            if (pad)
                pad = 3; /* nothing may follow the padding */
        }
    }
    if (q != 0)
        return false;
    out[o] = '\0';
    *outlen = o;
    return true;
}

size_t base64_encode(const unsigned char *in, size_t len, char *out)
{
    size_t o = 0, i = 0;
    for (; i + 2 < len; i += 3) {
        unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
        out[o++] = ALPHABET[v >> 18];
        out[o++] = ALPHABET[v >> 12 & 63];
        out[o++] = ALPHABET[v >> 6 & 63];
        out[o++] = ALPHABET[v & 63];
    }
    if (i < len) {
        unsigned v = (unsigned)in[i] << 16 | (i + 1 < len ? (unsigned)in[i + 1] << 8 : 0);
        out[o++] = ALPHABET[v >> 18];
        out[o++] = ALPHABET[v >> 12 & 63];
        out[o++] = i + 1 < len ? ALPHABET[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}
