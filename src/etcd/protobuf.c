/* protobuf.c — one protobuf field at a time (protobuf.h). */
#include "protobuf.h"

/* Reads a varint at *p (before end); false when cut short or longer than
 * 10 bytes. */
static int varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (*p >= end)
            return 0;
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return 1;
        }
    }
    return 0;
}

int pb_next(const unsigned char **p, const unsigned char *end, struct pb_field *f)
{
    if (*p >= end)
        return 0;
    uint64_t tag;
    if (!varint(p, end, &tag) || tag >> 3 == 0)
        return -1;
    f->number = tag >> 3;
    f->wire = (int)(tag & 7);
    switch (f->wire) {
    case PB_VARINT:
        return varint(p, end, &f->varint) ? 1 : -1;
    case PB_BYTES: {
        uint64_t n;
        if (!varint(p, end, &n) || n > (uint64_t)(end - *p))
            return -1;
        f->bytes = *p;
        f->len = (size_t)n;
        *p += n;
        return 1;
    }
    case PB_FIXED64:
    case PB_FIXED32: {
        size_t n = f->wire == PB_FIXED64 ? 8 : 4;
        if ((size_t)(end - *p) < n)
            return -1;
        *p += n;
        return 1;
    }
    default:
        return -1;
    }
}
