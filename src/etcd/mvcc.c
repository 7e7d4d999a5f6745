/* mvcc.c — revision keys and a minimal protobuf reader for
 * mvccpb.KeyValue (mvcc.h): varints, and fields skipped by wire type, every
 * length checked against the bytes left. */
#include "mvcc.h"

#include <string.h>

bool mvcc_parse_revision(const unsigned char *k, size_t n, struct mvcc_revision *out)
{
    if (!(n == 17 || (n == 18 && k[17] == 't')) || k[8] != '_')
        return false;
    out->main = 0;
    out->sub = 0;
    for (int i = 0; i < 8; i++) {
        out->main = out->main << 8 | k[i];
        out->sub = out->sub << 8 | k[9 + i];
    }
    out->tombstone = n == 18;
    return true;
}

/* Reads a varint at *p (before end); false when cut short or longer than
 * 10 bytes. */
static bool varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (*p >= end)
            return false;
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

enum { WIRE_VARINT = 0, WIRE_FIXED64 = 1, WIRE_BYTES = 2, WIRE_FIXED32 = 5 };

bool mvcc_decode_kv(const unsigned char *p, size_t n, struct mvcc_kv *out)
{
    memset(out, 0, sizeof *out);
    const unsigned char *end = p + n;
    bool have_key = false;
    while (p < end) {
        uint64_t tag, v;
        if (!varint(&p, end, &tag))
            return false;
        uint64_t field = tag >> 3;
        switch (tag & 7) {
        case WIRE_VARINT:
            if (!varint(&p, end, &v))
                return false;
            if (field == 2)
                out->create_revision = (int64_t)v;
            else if (field == 3)
                out->mod_revision = (int64_t)v;
            else if (field == 4)
                out->version = (int64_t)v;
            else if (field == 6)
                out->lease = (int64_t)v;
            break;
        case WIRE_BYTES:
            if (!varint(&p, end, &v) || v > (uint64_t)(end - p))
                return false;
            if (field == 1) {
                out->key = p;
                out->key_len = (size_t)v;
                have_key = true;
            } else if (field == 5) {
                out->value = p;
                out->value_len = (size_t)v;
            }
            p += v;
            break;
        case WIRE_FIXED64:
            if (end - p < 8)
                return false;
            p += 8;
            break;
        case WIRE_FIXED32:
            if (end - p < 4)
                return false;
            p += 4;
            break;
        default:
            return false;
        }
        if (field == 0)
            return false;
    }
    return have_key;
}
