/* audit_serve.h — `ringwall audit serve`, the audit webhook backend;
 * cmd_audit hands it the command line from "serve" on. */
#ifndef RINGWALL_AUDIT_SERVE_H
#define RINGWALL_AUDIT_SERVE_H

int audit_serve_main(int argc, char **argv);

#endif
