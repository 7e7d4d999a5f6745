/* grpc_frame.c — gRPC message framing and SnapshotResponse's blob. */
#include "grpc_frame.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"

const char GRPC_REFUSED[] = "refused by the reader";

const char *grpc_frames_feed(struct grpc_frames *f, const unsigned char *p, size_t n,
                             grpc_message_fn fn, void *ctx)
{
    const unsigned char *end = p + n;
    while (p < end) {
        if (f->have_prefix < GRPC_PREFIX) {
            size_t k = GRPC_PREFIX - f->have_prefix;
            if (k > (size_t)(end - p))
                k = (size_t)(end - p);
            memcpy(f->prefix + f->have_prefix, p, k);
            f->have_prefix += k, p += k;
            if (f->have_prefix < GRPC_PREFIX)
                break;
            if (f->prefix[0] != 0)
                return "compressed gRPC message (not asked for)";
            f->msg_len = (size_t)f->prefix[1] << 24 | (size_t)f->prefix[2] << 16 |
                         (size_t)f->prefix[3] << 8 | f->prefix[4];
            if (f->msg_len > GRPC_MAX_MESSAGE)
                return "gRPC message too large";
            if (f->msg_len > f->cap) {
                f->cap = f->msg_len;
                f->msg = xrealloc(f->msg, f->cap);
            }
            f->have = 0;
        }
        size_t k = f->msg_len - f->have;
        if (k > (size_t)(end - p))
            k = (size_t)(end - p);
        if (k)
            memcpy(f->msg + f->have, p, k);
        f->have += k, p += k;
        if (f->have == f->msg_len) {
            f->have_prefix = 0;
            f->messages++;
            if (!fn(f->msg ? f->msg : (const unsigned char *)"", f->msg_len, ctx))
                return GRPC_REFUSED;
        }
    }
    return NULL;
}

bool grpc_frames_partial(const struct grpc_frames *f)
{
    return f->have_prefix != 0;
}

void grpc_frames_free(struct grpc_frames *f)
{
    free(f->msg);
    f->msg = NULL;
}

/* A protobuf varint at *p; false when it runs past end or over 64 bits. */
static bool read_varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64 && *p < end; shift += 7) {
        unsigned char b = *(*p)++;
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

bool snapshot_response_blob(const unsigned char *p, size_t n, const unsigned char **blob,
                            size_t *len)
{
    const unsigned char *end = p + n;
    *blob = (const unsigned char *)"";
    *len = 0;
    while (p < end) {
        uint64_t tag, v;
        if (!read_varint(&p, end, &tag))
            return false;
        switch (tag & 7) {
        case 0: /* varint: remaining_bytes */
            if (!read_varint(&p, end, &v))
                return false;
            break;
        case 1:
            if (end - p < 8)
                return false;
            p += 8;
            break;
        case 2: /* header (skipped) or blob */
            if (!read_varint(&p, end, &v) || v > (uint64_t)(end - p))
                return false;
            if (tag >> 3 == 3)
                *blob = p, *len = (size_t)v;
            p += v;
            break;
        case 5:
            if (end - p < 4)
                return false;
            p += 4;
            break;
        default:
            return false;
        }
    }
    return true;
}
