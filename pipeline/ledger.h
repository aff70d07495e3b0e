/*
 * ledger.h - the month-to-month ledger (SPEC §8): one SQLite database
 * (libsqlite3) that keeps what each period found, what was pushed and
 * what townships answered.  Schema and queries: docs/ledger.md.
 *
 * The join and the rule evaluators do not know the ledger; run.c calls it
 * between the findings and the reports, and once more after publishing:
 *   ledger_open (create 0600, migrate an older schema in one transaction,
 *     refuse a newer one: exit 2; WAL; the write transaction begins here)
 *   -> ledger_states (线索编号 must be set (findkey.h) and the exemption
 *     step done: 状态, 首次发现, 推送日期, 核实时限 of every finding against
 *     the previous recorded period; the resolved findings)
 *   -> ledger_hash_start (the inputs' SHA-256) and ledger_stage_start (the
 *     run and its findings inserted, not committed), each on a thread of
 *     its own, beside the reports and packages (with these columns); start
 *     them after any fork(): no thread of theirs is alive in a child
 *   -> ledger_stage_finish
 *   -> (publish: OUT/P replaced)
 *   -> ledger_commit
 *   -> ledger_close (rolls back whatever was not committed).
 * A run that exits non-zero never reaches ledger_commit: the ledger stays
 * as it was.  A kill at any moment leaves it as before or as after
 * (SQLite's own atomic commit); a kill between publishing and the commit
 * leaves published outputs that the next run of the period records again.
 * Running a period older than the newest recorded one computes its
 * states against the recorded period before it and records nothing
 * (ledger_older; run.c says so).
 * ledger_states(NULL, ...) gives the states without a ledger (--no-ledger,
 * or dz check without one): every finding not exempt is 新增.
 *
 * Memory: the previous period's findings (one struct and its strings per
 * finding, ~300 bytes) and the latest answer per answered key; the
 * inserts use prepared statements bound to the findings' own strings.
 */
#ifndef DZ_LEDGER_H
#define DZ_LEDGER_H

#include <stdbool.h>
#include "diag.h"
#include "findings.h"
#include "rules.h"

/* The schema version written into PRAGMA user_version (docs/ledger.md). */
#define LEDGER_SCHEMA_VERSION 2

typedef struct ledger ledger;

/* One input file of the run. */
typedef struct ledger_input {
	const char *source;      /* source name */
	const char *kind;        /* kind name */
	const char *file;        /* file name as shown in the reports */
	const char *path;        /* path to hash; NULL or "-": standard input (no hash) */
	long read, used, rejected;
} ledger_input;

typedef struct ledger_run {
	const char *period;            /* "YYYY-MM" */
	const char *run_date;          /* "YYYY-MM-DD" */
	int verify_days;               /* 核实时限 = 推送日期 + verify_days */
	bool push;                     /* the run delivers packages (dz check: false) */
	const rule_status *status;     /* nrules entries: which rules were evaluated */
	const char *const *kinds;      /* kind names of the sources of the run (ZZ12 resolution) */
	size_t nkinds;
	const ledger_input *inputs;
	size_t ninputs;
	long quality;                  /* data quality findings of the run */
} ledger_run;

/* Open or create the ledger at path.  readonly: never create or write
 * (dz check); a missing file then gives *lg = NULL and 0.  Errors: exit 2
 * for a newer schema or a file that is not a dz ledger, 1 for I/O. */
int ledger_open(ledger **lg, const char *path, bool readonly, dzerr *err);
/* States of fs[0..nfs) (SPEC §8) and the resolved findings into resolved
 * (last occurrence, 核实结果 in .result).  lg NULL: no ledger. */
int ledger_states(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                  findings *resolved, dzerr *err);
/* The previous recorded period used by ledger_states ("" if none). */
const char *ledger_previous(const ledger *lg);
/* True after ledger_states when P is older than the newest recorded
 * period (or the ledger is read-only): nothing will be recorded. */
bool ledger_older(const ledger *lg);
const char *ledger_newest(const ledger *lg);
/* Start hashing the input files (SHA-256) on a thread of its own, while
 * the run goes on; ledger_stage waits for it (and starts it if nobody
 * did).  in must stay valid until ledger_stage or ledger_close. */
void ledger_hash_start(ledger *lg, const ledger_input *in, size_t n);
/* Insert the run and its findings into the open transaction: start on a
 * thread of its own (the reports are written meanwhile; r, fs and the
 * findings must not change until ledger_stage_finish), finish waits and
 * gives its status; ledger_stage does both.  Nothing for a ledger that
 * records nothing (read-only, an older period). */
void ledger_stage_start(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                        size_t nresolved);
int ledger_stage_finish(ledger *lg, dzerr *err);
int ledger_stage(ledger *lg, const ledger_run *r, findings *const *fs, size_t nfs,
                 size_t nresolved, dzerr *err);
int ledger_commit(ledger *lg, dzerr *err);
/* dz push: the 推送日期 and 核实时限 recorded for P's pushed findings, set
 * on the findings by 线索编号 (others keep theirs).  lg NULL: nothing. */
int ledger_recorded_dates(ledger *lg, const char *period, findings *const *fs, size_t nfs,
                          dzerr *err);
/* Roll back anything uncommitted and close; NULL is fine. */
void ledger_close(ledger *lg);

/* Apply migration steps to an open database: steps[v] takes the schema
 * from version v to v + 1; everything from user_version to nsteps runs in
 * one transaction.  0, or -1 with err (DZ_EXIT_USAGE when the database is
 * newer than nsteps).  Exposed for the unit test of the migration path. */
struct sqlite3;
/* 0 if db is a dz ledger this dz can read (schema 1..LEDGER_SCHEMA_VERSION),
 * else -1 with err (DZ_EXIT_USAGE).  For readers (dz history). */
int ledger_check_version(struct sqlite3 *db, const char *path, dzerr *err);
int ledger_migrate(struct sqlite3 *db, const char *path, const char *const *steps,
                   int nsteps, dzerr *err);

#endif
