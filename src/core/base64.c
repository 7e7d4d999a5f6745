/* base64.c — standard base64 with padding, both ways. */
#include "base64.h"

static const char ALPHABET[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The value of each character (0-63), 64 for '=', 0xff for the rest. */
static const unsigned char VALUE[256] = {
    ['A'] = 0,  ['B'] = 1,  ['C'] = 2,  ['D'] = 3,  ['E'] = 4,  ['F'] = 5,  ['G'] = 6,
    ['H'] = 7,  ['I'] = 8,  ['J'] = 9,  ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13,
    ['O'] = 14, ['P'] = 15, ['Q'] = 16, ['R'] = 17, ['S'] = 18, ['T'] = 19, ['U'] = 20,
    ['V'] = 21, ['W'] = 22, ['X'] = 23, ['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27,
    ['c'] = 28, ['d'] = 29, ['e'] = 30, ['f'] = 31, ['g'] = 32, ['h'] = 33, ['i'] = 34,
    ['j'] = 35, ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39, ['o'] = 40, ['p'] = 41,
    ['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47, ['w'] = 48,
    ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53, ['2'] = 54, ['3'] = 55,
    ['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59, ['8'] = 60, ['9'] = 61, ['+'] = 62,
    ['/'] = 63, ['='] = 64,
};

static bool is_alphabet(unsigned char c)
{
    return c == 'A' || VALUE[c] != 0;
}

/* The general case: CR and LF anywhere, padding at the end. */
static bool decode_slow(const unsigned char *in, size_t len, unsigned char *out, size_t *o)
{
    size_t q = 0, pad = 0;
    unsigned acc = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = in[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            if (q < 2)
                return false;
            pad++, q++;
        } else {
            if (!is_alphabet(c) || VALUE[c] > 63 || pad)
                return false;
            acc = acc << 6 | VALUE[c];
            q++;
        }
        if (q == 4) {
            acc <<= 6 * pad;
            out[(*o)++] = (unsigned char)(acc >> 16);
            if (pad < 2)
                out[(*o)++] = (unsigned char)(acc >> 8 & 0xff);
            if (pad < 1)
                out[(*o)++] = (unsigned char)(acc & 0xff);
            acc = 0, q = 0;
            if (pad)
                pad = 3; /* nothing may follow the padding */
        }
    }
    return q == 0;
}

bool base64_decode(const char *in, size_t len, unsigned char *out, size_t *outlen)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0, o = 0;
    /* whole quanta of the alphabet, four characters at a time (etcd's
     * blobs are megabytes of them); the rest, if any, the general way */
    while (i + 4 <= len) {
        unsigned char a = s[i], b = s[i + 1], c = s[i + 2], d = s[i + 3];
        if (!is_alphabet(a) || !is_alphabet(b) || !is_alphabet(c) || !is_alphabet(d) ||
            (VALUE[a] | VALUE[b] | VALUE[c] | VALUE[d]) > 63)
            break;
        unsigned v = (unsigned)VALUE[a] << 18 | (unsigned)VALUE[b] << 12 |
                     (unsigned)VALUE[c] << 6 | VALUE[d];
        out[o++] = (unsigned char)(v >> 16);
        out[o++] = (unsigned char)(v >> 8);
        out[o++] = (unsigned char)v;
        i += 4;
    }
    if (!decode_slow(s + i, len - i, out, &o))
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
