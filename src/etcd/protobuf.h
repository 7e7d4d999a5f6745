/* protobuf.h — the little of the protobuf wire format ringwall reads from
 * etcd (mvccpb.KeyValue in snapshots, SnapshotResponse over gRPC): fields
 * one after the other, varints, and lengths checked against the bytes
 * left. Unknown fields are the caller's to skip (they simply ignore them). */
#ifndef RINGWALL_ETCD_PROTOBUF_H
#define RINGWALL_ETCD_PROTOBUF_H

#include <stddef.h>
#include <stdint.h>

enum { PB_VARINT = 0, PB_FIXED64 = 1, PB_BYTES = 2, PB_FIXED32 = 5 };

struct pb_field {
    uint64_t number;             /* never 0 in a well-formed message */
    int wire;                    /* PB_* */
    uint64_t varint;             /* PB_VARINT */
    const unsigned char *bytes;  /* PB_BYTES: into the message */
    size_t len;
};

/* Reads the field at *p (before end) and moves past it: 1, or 0 at the
 * end of the message, or -1 when the bytes are not a well-formed field
 * (a varint cut short or over 10 bytes, a length past the end, field
 * number 0, a group or unknown wire type). */
int pb_next(const unsigned char **p, const unsigned char *end, struct pb_field *f);

#endif
