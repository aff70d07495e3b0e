/*
 * runargs.h - the command-line form of a run configuration, shared by
 * dz run, dz check and dz push:
 *   [CONFIG.ini] --period YYYY-MM --out DIR --roster FILE --household FILE
 *   --source KIND=FILE ... --set KEY=VALUE ... --township ALIAS=NAME ...
 *   -j N -q --date YYYY-MM-DD --wait SECONDS --exemptions FILE (dz run)
 * Options override the config file; without a period the previous calendar
 * month is used; without an output folder "dz-out".
 * Positional arguments other than the config file are returned to the
 * caller (record streams for dz check).
 */
#ifndef DZ_RUNARGS_H
#define DZ_RUNARGS_H

#include "config.h"
#include "run.h"

enum {
	RUNARGS_CONFIG_POSITIONAL = 1,  /* first positional argument is CONFIG.ini */
	RUNARGS_SOURCES = 2,            /* accept --roster/--household/--source */
	RUNARGS_CONFIG_OPTION = 4,      /* accept --config FILE */
};

typedef struct runargs {
	run_config cfg;
	run_opts opts;
	char **rest;       /* remaining positional arguments (pointers into argv) */
	size_t nrest;
} runargs;

/* Parse; on error fills err (DZ_EXIT_USAGE or the config's status). */
int runargs_parse(runargs *a, int argc, char **argv, unsigned flags, dzerr *err);
void runargs_release(runargs *a);

#endif
