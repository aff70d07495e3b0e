/*
 * cmd.h - the subcommands of dz.  Each cmd/<name>.c parses its options into
 * the stage's opts struct, calls one pipeline function, and turns the result
 * into an exit status (diag.h).  Nothing else lives in cmd/.
 */
#ifndef DZ_CMD_H
#define DZ_CMD_H

#include "version.h"  /* DZ_VERSION */

int cmd_idcheck(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_sniff(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_push(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_version(int argc, char **argv);

/* errno of a failed write to standard output that a command saw (0 =
 * none or unknown); dz.c's finish() reports a failed stdout once. */
extern int cmd_stdout_errno;

/* True if argv holds -h or --help (subcommands print their usage then). */
int cmd_wants_help(int argc, char **argv);

#endif
