/* grpc_frame.h — reading a gRPC response body: length-prefixed messages
 * (1 byte compressed flag, 4 bytes big-endian length) fed in arbitrary
 * pieces, and the one protobuf message ringwall reads from etcd over gRPC,
 * SnapshotResponse { header = 1; remaining_bytes = 2; blob = 3 }. */
#ifndef RINGWALL_GRPC_FRAME_H
#define RINGWALL_GRPC_FRAME_H

#include <stdbool.h>
#include <stddef.h>

/* A message larger than this is refused (etcd sends 32 KiB chunks). */
enum { GRPC_MAX_MESSAGE = 4u << 20, GRPC_PREFIX = 5 };

struct grpc_frames {
    unsigned char prefix[GRPC_PREFIX];
    size_t have_prefix;
    unsigned char *msg;
    size_t msg_len, have, cap;
    size_t messages;   /* complete messages so far */
};

/* Receives each complete message; false stops the stream. */
typedef bool (*grpc_message_fn)(const unsigned char *msg, size_t n, void *ctx);

/* The reason grpc_frames_feed gives when the callback refused. */
extern const char GRPC_REFUSED[];

/* Feeds n bytes; NULL, or why the stream must stop: a compressed or
 * oversized message, or GRPC_REFUSED. */
const char *grpc_frames_feed(struct grpc_frames *f, const unsigned char *p, size_t n,
                             grpc_message_fn fn, void *ctx);
/* Whether the body stopped inside a message. */
bool grpc_frames_partial(const struct grpc_frames *f);
void grpc_frames_free(struct grpc_frames *f);

/* The blob of a SnapshotResponse (empty when absent); false when the bytes
 * are not a protobuf message. */
bool snapshot_response_blob(const unsigned char *msg, size_t n, const unsigned char **blob,
                            size_t *len);

#endif
