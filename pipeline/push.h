/*
 * push.h - township packages (SPEC §6: OUT/P/push/<乡镇>/).
 *
 * push_build_all() writes every package into DIR/push/<乡镇>/, where DIR is
 * the staging folder of the period (publish.h): push/ is published only
 * together with the reports it was built from, so a failed run never
 * leaves a half-delivered push/.  A package holds only its own township's
 * rows:
 *   预警名单.xlsx            YJ findings
 *   不符明细.xlsx            ZZ and ZS findings
 *   逻辑校验.xlsx            LJ findings
 *   问题排查整改台账.xlsx    one prefilled row per finding
 * Only findings in state 新增 or 持续 are pushed (SPEC §6, §8).
 * XLSX only (SPEC §6): people open these, and a spreadsheet opening a CSV
 * turns 18-digit IDs and 户编号 into numbers.
 * Findings routed to 未知乡镇 appear only in the county reports.
 * Folder names are sanitized (push_folder_name) so data can never name a
 * path outside push/.
 *
 * Memory: pointer arrays over the findings, one township at a time.
 */
#ifndef DZ_PUSH_H
#define DZ_PUSH_H

#include "findings.h"
#include "report.h"
#include "diag.h"
#include "util.h"
#include <sys/types.h>

typedef struct push_opts {
	const char *dir;                 /* the period's staging folder (publish.h) */
	const char *period;              /* "YYYY-MM" */
	const char *deadline;            /* 整改时限 "YYYY-MM-DD" */
	const char *const *townships;    /* roster townships: each gets a package even if empty */
	size_t ntownships;
	int jobs;                        /* packages written in parallel (>= 1) */
	report_source_kinds sources;     /* the run's sources (牵头单位 of ZZ12) */
} push_opts;

/*
 * Build every package in DIR/push/ (the caller discards the staging folder
 * on failure): push_build_start forks up to o->jobs writer processes and returns at once
 * (the caller may write other files meanwhile, but must not change the
 * findings); push_build_finish waits for them.  push_build_all does both.
 */
#define PUSH_MAX_JOBS 64
typedef struct push_build {
	const push_opts *o;
	const findings *mis, *warn, *chk;
	const char **towns;      /* township of each package */
	char **folders;          /* staging folder of each package (owned) */
	size_t npk;
	pid_t pid[PUSH_MAX_JOBS];/* writer processes */
	int fd[PUSH_MAX_JOBS];   /* their error pipes */
	int nchild;
	size_t step;             /* packages k, k + step, ... go to child k */
	size_t inline_from;      /* shares the parent writes itself (fork failed) */
} push_build;
int push_build_start(push_build *pb, const push_opts *o, const findings *mismatches,
                     const findings *warnings, const findings *checks, dzerr *err);
int push_build_finish(push_build *pb, dzerr *err);
int push_build_all(const push_opts *o, const findings *mismatches, const findings *warnings,
                   const findings *checks, dzerr *err);
/* Safe single path component for a township name (never "", ".", "..",
 * no '/', no control characters, at most 120 bytes). */
void push_folder_name(strbuf *out, const char *township);

#endif
