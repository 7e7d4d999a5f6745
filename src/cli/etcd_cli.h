/* etcd_cli.h — the subcommands of `ringwall etcd`, each a main of its own
 * (argv[0] is the program, options follow); cmd_etcd in etcd.c dispatches.
 * Live ones (etcd_live.c) talk to a running etcd; offline ones
 * (etcd_offline.c) read snapshot files, no etcd needed. */
#ifndef RINGWALL_ETCD_CLI_H
#define RINGWALL_ETCD_CLI_H

/* etcd check: transport, access and secrets at rest of a running etcd. */
int etcd_check_main(int argc, char **argv);
/* etcd backup: a verified snapshot, streamed to a file put into place. */
int etcd_backup_main(int argc, char **argv);
/* etcd decrypt: an encrypted backup back to a plain snapshot. */
int etcd_decrypt_main(int argc, char **argv);
/* etcd verify FILE: trailer, bbolt structure, etcdctl's status figures. */
int etcd_verify_main(int argc, char **argv);
/* etcd inspect FILE: secrets at rest and object counts, offline. */
int etcd_inspect_main(int argc, char **argv);

#endif
