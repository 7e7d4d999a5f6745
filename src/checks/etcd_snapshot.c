/* etcd_snapshot.c — catalog rows of what `etcd verify` and `etcd inspect`
 * report about a snapshot file itself (family "etcd"): the rows
 * have no check function; src/cli/etcd_offline.c reports them. */
#include "catalog.h"

static const struct check ETCD_SNAPSHOT_CHECKS[] = {
    {
        .id = "etcd/snapshot-damaged",
        .severity = SEV_CRITICAL,
        .title = "Snapshot damaged, truncated or unreadable",
        .why = "The file fails a check etcd relies on to restore it (its SHA-256 trailer, "
               "the bbolt meta pages and checksums, the page tree, the MVCC keyspace), or an "
               "encrypted backup does not decrypt with the key given: a restore from it would "
               "fail or bring back something else than was saved.",
        .fix = "Take a new snapshot (`ringwall etcd backup`, or `etcdctl snapshot save`) and "
               "verify it; keep more than one generation of backups.",
        .refs = {"etcd: Disaster recovery", "MITRE ATT&CK T1490"},
    },
    {
        .id = "etcd/snapshot-no-hash",
        .severity = SEV_LOW,
        .title = "Snapshot without an integrity hash",
        .why = "`etcdctl snapshot save` appends a SHA-256 of the database; this file has "
               "none (a copy of member/snap/db), so damage to data bytes that leaves the "
               "bbolt structure intact goes unnoticed, and a restore needs "
               "--skip-hash-check.",
        .fix = "Take backups with `ringwall etcd backup` or `etcdctl snapshot save` rather "
               "than copying the data directory.",
        .refs = {"etcd: Disaster recovery"},
    },
    {
        .id = "etcd/snapshot-summary",
        .severity = SEV_INFO,
        .title = "Snapshot verified",
        .why = "The figures `etcdctl snapshot status` gives (hash, revision, total keys, total "
               "size), computed the same way, with the keys alive at that revision and the "
               "checks that passed.",
        .fix = "Nothing to fix.",
        .refs = {"etcd: Disaster recovery"},
    },
    {
        .id = "etcd/snapshot-objects",
        .severity = SEV_INFO,
        .title = "Objects stored, by resource",
        .why = "How many objects of each resource the snapshot holds (/registry/<resource>/"
               "...), counting each key once at its latest revision and leaving out deleted "
               "ones.",
        .fix = "Nothing to fix.",
    },
};

const struct check_family FAMILY_ETCD_SNAPSHOT = {
    .name = "etcd",
    .checks = ETCD_SNAPSHOT_CHECKS,
    .nchecks = sizeof ETCD_SNAPSHOT_CHECKS / sizeof *ETCD_SNAPSHOT_CHECKS,
};
