/*
 * join.h - persons keyed by the packed 64-bit ID, households, villages, and
 * the per-person facts each department source contributes; then the rule
 * evaluation over those facts.
 *
 * Feeding order (phases):
 *   1. roster, then household (serially, through join_sink);
 *   2. department and survey sources, each through its own sink; these may
 *      run concurrently in different threads (each source updates only its
 *      own per-source fact table; the roster tables are read-only by then).
 * Then join_eval() evaluates every rule of rules[] whose inputs are present
 * and appends findings.
 *
 * Memory: proportional to distinct persons (roster members + persons seen in
 * department sources), households and villages; never to department rows.
 */
#ifndef DZ_JOIN_H
#define DZ_JOIN_H

#include <stdint.h>
#include "record.h"
#include "findings.h"
#include "quality.h"
#include "rules.h"
#include "config.h"

typedef struct join_params {
	int32_t ref_days;                 /* R */
	int year, month;                  /* the period */
	int64_t income_line_fen;          /* L for R's year; -1 = not configured */
	int64_t oop_threshold_fen;        /* medical_oop_threshold */
	int64_t oop_threshold_roster_fen; /* medical_oop_threshold_roster */
	int income_drop_pct;
	int income_tolerance_pct;
	const place_alias *townships;     /* township aliases (config) */
	size_t ntownships;
} join_params;

typedef struct join join;

join *join_new(const join_params *p);
/* A sink for one source; call once per source.  Phase rules above. */
rec_sink join_sink(join *j);
/*
 * Evaluate the catalogue.  ZZ/ZS findings go to mismatches, YJ to warnings;
 * status[i] (nrules entries) says whether rules[i] was evaluated and why not.
 * Findings are appended unsorted (call findings_sort).  Call once.
 */
int join_eval(join *j, findings *mismatches, findings *warnings, rule_status *status, dzerr *err);
void join_free(join *j);

#endif
