/* grpc_frame.c — gRPC message framing and SnapshotResponse's blob. */
#include "grpc_frame.h"

#include <stdlib.h>
#include <string.h>

#include "../core/arena.h"
#include "protobuf.h"

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

bool snapshot_response_blob(const unsigned char *p, size_t n, const unsigned char **blob,
                            size_t *len)
{
    const unsigned char *end = p + n;
    *blob = (const unsigned char *)"";
    *len = 0;
    struct pb_field f;
    int rc;
    while ((rc = pb_next(&p, end, &f)) > 0)
        if (f.number == 3 && f.wire == PB_BYTES) /* header (1), remaining_bytes (2) */
            *blob = f.bytes, *len = f.len;
    return rc == 0;
}
