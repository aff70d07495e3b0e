/*
 * run.h - the monthly run (dz run) and the check stage over record streams
 * (dz check): read sources, join, evaluate the rule catalogue, write the
 * county reports, and (run only) deliver township packages.
 *
 * run_main(): sources are ingested straight into the join (no intermediate
 * files): the roster and household serially, then the department sources on
 * `jobs` threads, each through its own sink; per-source quality logs are
 * merged in source order, so output is byte-identical for any -j.
 * Then reports are written (report.h) and, only if every source was usable
 * and within max_reject_pct, push/ is delivered (push.h); otherwise push/ is
 * withdrawn and the status is DZ_EXIT_DATA.
 *
 * check_main(): the same after the ingest step, reading record streams
 * written by `dz ingest` (record.h); it never pushes.
 *
 * Memory: the join (persons, households, villages), the findings, the
 * quality findings; never the input rows.
 */
#ifndef DZ_RUN_H
#define DZ_RUN_H

#include "config.h"

typedef struct run_opts {
	int jobs;              /* department sources ingested in parallel; 0 = CPUs */
	const char *today;     /* "YYYY-MM-DD" the run date (整改时限 base); NULL = system date */
	bool no_push;          /* check stage: reports only */
	int wait_seconds;      /* wait up to this long for another dz on OUT (lock.h) */
	const char *command;   /* "dz run", "dz check": named in the lock file */
} run_opts;

/* Returns the exit status (0, 1, 3); fatal errors are also described in err. */
int run_main(const run_config *cfg, const run_opts *o, dzerr *err);
int check_main(const run_config *cfg, const run_opts *o, char *const *streams, size_t nstreams, dzerr *err);
/* dz push: read OUT/P/{mismatches,warnings,checks}.csv and publish OUT/P
 * anew with push/ (o: today, jobs, wait_seconds); the ledger at
 * ledger_path (NULL: none) gives each finding's recorded 核实时限. */
int push_main(const char *out, const char *period, const run_opts *o, int verify_days,
              const char *ledger_path, dzerr *err);

#endif
