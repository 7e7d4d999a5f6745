/* commands.h — one entry point per subcommand; main.c dispatches on argv[1].
 * Each returns the process exit status: 0 clean, 1 findings at or above
 * --fail-on (or a denied verdict), 2 usage or input error. */
#ifndef RINGWALL_COMMANDS_H
#define RINGWALL_COMMANDS_H

int cmd_scan(int argc, char **argv);
int cmd_checks(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_pss(int argc, char **argv);
int cmd_rbac(int argc, char **argv);
int cmd_netpol(int argc, char **argv);
int cmd_admit(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_node(int argc, char **argv);

#endif
