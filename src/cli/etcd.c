/* etcd.c — `ringwall etcd`: picks the subcommand (etcd_cli.h). */
#include <stdio.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "etcd_cli.h"

static const char USAGE[] =
    "usage: ringwall etcd COMMAND [OPTIONS] ...\n"
    "  check          probe a running etcd: transport, access, secrets at rest\n"
    "  backup         stream a verified snapshot to a file (optionally encrypted)\n"
    "  decrypt FILE   an encrypted backup back to the snapshot etcdctl restores\n"
    "  verify FILE    check a snapshot or encrypted backup: hash, bbolt structure, figures\n"
    "  inspect FILE   secrets stored plain and objects by resource, from a snapshot\n"
    "\n"
    "`ringwall etcd COMMAND --help` describes a command's options.\n"
    "\n"
    "Exit status: 0 clean (or written), 1 findings at or above --fail-on, 2 a damaged\n"
    "file, a connection, usage, input or output error.\n";

struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
};

static const struct subcommand SUBCOMMANDS[] = {
    {"check", etcd_check_main},
    {"backup", etcd_backup_main},
    {"decrypt", etcd_decrypt_main},
    {"verify", etcd_verify_main},
    {"inspect", etcd_inspect_main},
};

int cmd_etcd(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(USAGE,
                               "etcd: give a command: check, backup, decrypt, verify, inspect");
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
        return cli_help(USAGE);
    for (size_t i = 0; i < sizeof SUBCOMMANDS / sizeof *SUBCOMMANDS; i++)
        if (strcmp(name, SUBCOMMANDS[i].name) == 0) {
            argv[1] = argv[0]; /* getopt's messages name the program */
            return SUBCOMMANDS[i].run(argc - 1, argv + 1);
        }
    return cli_usage_error(USAGE, "etcd: unknown command '%s'", name);
}
