/* backup.h — `ringwall etcd backup`: etcd's snapshot streamed into a
 * temporary file beside the final name (never held whole in memory), the
 * SHA-256 trailer etcd appends checked on the way, the file synced and
 * renamed into place (optionally encrypted), then older backups pruned.
 * Any failure leaves nothing under the final name. */
#ifndef RINGWALL_ETCD_BACKUP_H
#define RINGWALL_ETCD_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client.h"

/* How the snapshot is fetched: gRPC, falling back to the JSON gateway when
 * no endpoint speaks gRPC (auto), or only one of them. */
enum etcd_api { ETCD_API_AUTO, ETCD_API_GRPC, ETCD_API_GATEWAY };

struct etcd_backup_opts {
    enum etcd_api api;
    const char *out;      /* file name, with strftime conversions (%F, %H, ...) */
    const char *key_file; /* AES-256 key (32 bytes, or 64 hex digits), or NULL */
    const char *key_id;   /* named in the encrypted file's header (default: the
                             key file's name) */
    unsigned keep;        /* keep this many of ringwall's backups (0: all) */
};

struct etcd_backup_result {
    char path[4096];      /* the file written */
    uint64_t bytes;       /* snapshot size, trailer included (before encryption) */
    uint64_t revision;    /* the member's revision when the snapshot began */
    char sha256[65];      /* etcd's trailer (hash of the database) */
    size_t pruned;        /* older backups removed */
};

/* Takes the backup; false after reporting why (diag). */
bool etcd_backup(struct etcd_client *c, const struct etcd_backup_opts *o,
                 struct etcd_backup_result *res);

/* The list of backups ringwall wrote in a directory: the marker --keep
 * relies on (it removes only files listed there that still match the
 * name pattern and the recorded size). */
#define ETCD_BACKUP_MANIFEST ".ringwall-etcd-backups"

#endif
