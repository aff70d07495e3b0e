/*
 * config.h - run configuration: the INI file (libinih) and the no-config
 * command-line form produce the same run_config.
 *
 * INI layout (docs/config.md):
 *   [run]      period, out, income_line | income_line.YYYY, medical_oop_threshold,
 *              medical_oop_threshold_roster, income_drop_pct,
 *              income_tolerance_pct, max_reject_pct, verify_days,
 *              checks (all | none | LJ01,LJ02,...), min_clear_months,
 *              exemptions (the 豁免清单, exempt.h),
 *              ledger (the SQLite ledger, SPEC §8; default OUT/dz-ledger.sqlite)
 *   [source NAME]  kind, file, encoding, header_row, sheet, record,
 *              alias.<field> = 别名1, 别名2
 *   [townships]    别名 = 标准名
 * Relative file paths resolve against the config file's folder.  Errors
 * name file, line and key and have status DZ_EXIT_USAGE.
 *
 * Memory: everything owned by the run_config (config_release frees it).
 */
#ifndef DZ_CONFIG_H
#define DZ_CONFIG_H

#include <stdint.h>
#include <stdbool.h>
#include "diag.h"
#include "ingest.h"

#define CONFIG_MAX_YEARS 64

typedef struct source_cfg {
	char *name;          /* section name, or kind for command-line sources */
	int kind;            /* KIND_* */
	char *file;          /* resolved path ("-" allowed) */
	char *encoding;      /* NULL = detect */
	char *sheet;         /* xlsx sheet, NULL = first */
	char *record;        /* XML record element, NULL = detect */
	int header_row;      /* 0 = detect */
	alias_extra *aliases;/* extra aliases (alias strings owned) */
	size_t naliases;
	int line;            /* config line of the section header (messages) */
} source_cfg;

typedef struct place_alias {
	char *alias;         /* normalized alias (norm_place) */
	char *name;          /* canonical township name */
} place_alias;

typedef struct run_config {
	char *config_path;   /* NULL for the command-line form */
	char *period;        /* "YYYY-MM" */
	char *out;           /* output folder */
	char *ledger;        /* ledger file (resolved), NULL = OUT/dz-ledger.sqlite */
	bool no_ledger;      /* --no-ledger: every finding 新增, nothing recorded */
	int income_years[CONFIG_MAX_YEARS];  /* years with a line */
	int64_t income_line_fen[CONFIG_MAX_YEARS];
	size_t nincome;
	int64_t income_line_default_fen;     /* `income_line` without year; -1 = none */
	int64_t oop_threshold_fen;           /* medical_oop_threshold, default 20000 元 */
	int64_t oop_threshold_roster_fen;    /* medical_oop_threshold_roster, default 5000 元 */
	int income_drop_pct;                 /* default 20 */
	int income_tolerance_pct;            /* default 10 */
	double max_reject_pct;               /* default 5 */
	int verify_days;                     /* default 15 (整改时限) */
	uint32_t lj_skip;                    /* checks: bit n set = LJn not run (default all run) */
	int min_clear_months;                /* LJ13, default 6 */
	char *exemptions;                    /* 豁免清单 path (exempt.h), NULL = none */
	source_cfg *sources;
	size_t nsources;
	place_alias *townships;
	size_t ntownships;
} run_config;

void config_init(run_config *c);          /* defaults */
void config_release(run_config *c);
/* Parse an INI file into c (on top of defaults). */
int config_load(run_config *c, const char *path, dzerr *err);
/* Apply one "key=value" for [run] (the --set option); where names the origin for messages. */
int config_set(run_config *c, const char *key, const char *value, const char *where, dzerr *err);
/* Add a source (command-line form: kind=file). */
int config_add_source(run_config *c, const char *kind, const char *file, const char *where, dzerr *err);
/* Income line in fen for a year, or -1 when none is configured. */
int64_t config_income_line(const run_config *c, int year);
/* Check completeness (period well-formed, sources present, one roster). */
int config_validate(const run_config *c, dzerr *err);

#endif
