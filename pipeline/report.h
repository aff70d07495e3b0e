/*
 * report.h - the county reports of SPEC §6: findings CSV/XLSX
 * (mismatches, warnings, checks), quality.csv, summary.csv/.xlsx, and the
 * 问题排查整改台账 ledger used in township packages.
 *
 * Call order: report_summary_init -> (summary fields filled by run.c) ->
 * report_write_* for each file -> report_summary_release.
 * Every file is written under a temporary name and renamed into place
 * (afile.h).  CSVs are RFC 4180, UTF-8 with BOM, formula-neutralized
 * (csvout.h); XLSX files store IDs as text (xlsxout.h).
 *
 * Memory: the findings passed in; a row of cell pointers per output row.
 */
#ifndef DZ_REPORT_H
#define DZ_REPORT_H

#include <stdint.h>
#include "findings.h"
#include "quality.h"
#include "record.h"
#include "rules.h"

/* One input source's line in the summary. */
typedef struct report_source {
	const char *name;      /* source name */
	const char *kind;      /* kind name */
	const char *file;      /* display file name */
	src_account acct;
	bool over_threshold;   /* rejected share above max_reject_pct */
	const char *problem;   /* fatal message (unreadable, missing key), or NULL */
} report_source;

typedef struct report_summary {
	const char *period;
	const rule_status *status;   /* nrules entries */
	const findings *mismatches;
	const findings *warnings;
	const findings *checks;      /* LJ (逻辑校验) */
	const findings *resolved;    /* 已消除 (resolved.csv), or NULL */
	report_source *sources;
	size_t nsources;
	double max_reject_pct;
	const struct exempt_list *exempt; /* the run's 豁免清单 (exempt.h), NULL = none */
	/* derived by report_summary_prepare: */
	const char **townships;      /* sorted, 未知乡镇 last */
	size_t ntownships;
	long *counts;                /* nrules * ntownships */
	long *rule_states;           /* nrules * SUMMARY_NSTATES */
	long *town_states;           /* ntownships * SUMMARY_NSTATES */
} report_summary;
/* Summary state columns: FSTATE_* (新增 持续 已核实 豁免), then 已消除. */
#define SUMMARY_RESOLVED FSTATE_COUNT
#define SUMMARY_NSTATES (FSTATE_COUNT + 1)

/* Column headers of a finding row (SPEC §6). */
#define REPORT_NCOLS 15
extern const char *const report_finding_headers[REPORT_NCOLS];

/* Fill the 15 cells of a finding row (pointers into x and the rule table). */
void report_finding_cells(const finding *x, const char *cells[REPORT_NCOLS]);

int report_write_findings_csv(const char *path, const finding *const *rows, size_t n, dzerr *err);
int report_write_findings_xlsx(const char *path, const char *sheet, const char *title,
                               const finding *const *rows, size_t n, dzerr *err);
/* resolved.csv|xlsx (SPEC §8): the rows of f (sorted), each with 最后发现 =
 * last_seen and 核实结果 = its .result. */
int report_write_resolved_csv(const char *path, const findings *f, const char *last_seen, dzerr *err);
int report_write_resolved_xlsx(const char *path, const char *title, const findings *f,
                               const char *last_seen, dzerr *err);
/* The sources of a run by name, with their kind names (a finding's 来源 is
 * a source name). */
typedef struct report_source_kinds {
	const char *const *names;
	const char *const *kinds;
	size_t n;
} report_source_kinds;
/* 牵头单位 of a rule (SPEC §9): the department of the first source kind the
 * rule needs (rules.h); for rules on any department source (ZZ12) that of
 * source_kind, the kind of the finding's source (-1 = unknown); 乡镇人民政府
 * for survey and roster-only rules. */
const char *report_lead_unit(int rule, int source_kind);
/* 问题排查整改台账 prefilled with one row per finding; deadline "YYYY-MM-DD". */
int report_write_ledger_xlsx(const char *path, const char *title, const finding *const *rows,
                             size_t n, const char *deadline, const report_source_kinds *sk,
                             dzerr *err);
int report_write_quality(const char *path, const quality_log *q, dzerr *err);
int report_write_quality_xlsx(const char *path, const char *title, const quality_log *q, dzerr *err);

void report_summary_prepare(report_summary *s, const char *const *extra_townships, size_t nextra);
void report_summary_release(report_summary *s);
int report_write_summary_csv(const char *path, const report_summary *s, dzerr *err);
int report_write_summary_xlsx(const char *path, const report_summary *s, dzerr *err);
/* Short human summary on stderr (counts per rule, totals per township). */
void report_print_summary(const report_summary *s, const char *outdir);

/* The period printed in the page footer of every XLSX written afterwards. */
void report_set_period(const char *period);
/* The run date (YYYY-MM-DD) stamped as creation time into every XLSX written
 * afterwards, so identical runs on one day give identical files. */
void report_set_run_date(const char *yyyy_mm_dd);
/* Read a findings CSV written by report_write_findings_csv (dz push). */
int report_read_findings_csv(const char *path, findings *f, dzerr *err);
/* A summary.csv read back (dz push): its township columns and each source's
 * 来源, 类型, 文件, 状态, with formula neutralization undone. */
typedef struct report_read_source {
	char *name, *kind, *file, *status;
} report_read_source;
typedef struct report_summary_file {
	char **townships;            /* in column order (owned) */
	size_t ntownships;
	report_read_source *sources; /* (owned) */
	size_t nsources;
} report_summary_file;
int report_read_summary(const char *path, report_summary_file *sf, dzerr *err);
/* The first source whose 状态 is not 正常 (unusable, or over the reject
 * threshold), or NULL. */
const report_read_source *report_failed_source(const report_summary_file *sf);
void report_summary_file_release(report_summary_file *sf);
/* Pointers to all findings of a collection, in its (sorted) order. */
const finding **report_all(const findings *f, size_t *n);

#endif
