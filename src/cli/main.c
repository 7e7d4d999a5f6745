/* main.c — ringwall's entry point: picks the subcommand, and checks at exit
 * that what it wrote to standard output got there. `--stats`, accepted by
 * every command, is taken out here (stats.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../core/input.h"
#include "../core/stats.h"
#include "../version.h"
#include "cli_util.h"
#include "commands.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command COMMANDS[] = {
    {"scan", cmd_scan, "check manifests (files, directories, - for stdin)"},
    {"checks", cmd_checks, "list every check: id, severity, title"},
    {"explain", cmd_explain, "show one check: rationale, remediation, references"},
    {"pss", cmd_pss, "Pod Security Standards verdicts, as the API server admits pods"},
    {"rbac", cmd_rbac, "RBAC: who-can, can-i, list, risks, escalation paths"},
    {"netpol", cmd_netpol, "NetworkPolicy reachability: who can reach whom, and why"},
    {"admit", cmd_admit, "admission webhook: judge AdmissionReviews (review), serve them (serve)"},
    {"audit", cmd_audit, "detections over Kubernetes audit logs (Falco rules, built-ins)"},
    {"etcd", cmd_etcd, "etcd: check a live cluster, back it up, verify and inspect snapshots"},
    {"node", cmd_node, "CIS benchmark and node checks, in-process from the real config"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: ringwall COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(out, "  %-10s %s\n", "version", "print the version");
    fprintf(out, "\n`ringwall COMMAND --help` describes a command's options and exit "
                 "statuses.\n"
                 "Any command takes --stats: files, bytes and objects read, CPU time per phase\n"
                 "(load, checks, analyzers, output) and peak memory, on stderr at exit.\n"
                 "Exit status: 0 success, 1 findings or a negative answer (see the command),\n"
                 "2 usage, input or output error.\n");
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(name, "version") == 0 || strcmp(name, "--version") == 0) {
        printf("ringwall %s\n", RINGWALL_VERSION);
        return 0;
    }
    /* getopt names the program after argv[0]: `ringwall: unrecognized option` */
    static char program[] = "ringwall";
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++) {
        if (strcmp(name, COMMANDS[i].name) == 0) {
            argv[1] = program;
            return COMMANDS[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "ringwall: unknown command '%s'\n\n", name);
    usage(stderr);
    return 2;
}

/* Removes --stats from the command's arguments (not after `--`); true when
 * it was there. */
static bool take_stats_option(int *argc, char **argv)
{
    bool found = false;
    int out = 2;
    for (int i = 2; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--stats") == 0)
            found = true;
        else
            argv[out++] = argv[i];
    }
    if (*argc > 2)
        *argc = out;
    argv[*argc] = NULL;
    return found;
}

int main(int argc, char **argv)
{
    input_reserve_std_fds();
    bool stats = take_stats_option(&argc, argv);
    if (stats)
        stats_start();
    int rc = cli_finish_stdout(run(argc, argv));
    if (stats)
        stats_print(stderr);
    return rc;
}
