/*
 * join.h - persons keyed by the packed 64-bit ID, households, villages, and
 * the per-person facts each department source contributes; then the rule
 * evaluation over those facts.
 *
 * Feeding order (phases); every source has its own sink (join_sink):
 *   1. roster sources one after the other, and, concurrently with them and
 *      with each other on any threads, department and water sources (these
 *      write only their own per-source fact tables and never read the
 *      roster's);
 *   2. after every roster source ended: household and survey sources, on
 *      any threads, also while phase-1 department sources still run (they
 *      read the roster's tables, which are final by then).
 * join_roster_fed() says phase 1's roster part is over; from then on each
 * department source is linked to the roster (roster membership, ZZ12's name
 * comparison) as soon as it ends, on the thread that fed it.  Then
 * join_eval() links whatever is left, evaluates every rule of rules[] whose
 * inputs are present and appends findings.  Results do not depend on which
 * thread fed which source or in what order they finished: "first row" is
 * by join_sink order, then file order.
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
/* A sink for one source; call once per source, all from one thread, before
 * feeding any.  Phase rules above (violations are BUG()s). */
rec_sink join_sink(join *j);
/*
 * Every roster source of the run has ended (call once, after the last
 * roster sink's end(), from any thread; also when the run has no roster).
 * Department sources that already ended are linked now, in the calling
 * thread; later ones when they end.  Optional: join_eval() links the rest.
 * k: any sink of the join.
 */
void join_roster_fed(const rec_sink *k);
/*
 * Evaluate the catalogue.  ZZ/ZS findings go to mismatches, YJ to warnings;
 * status[i] (nrules entries) says whether rules[i] was evaluated and why not.
 * Findings are appended unsorted (call findings_sort).  Call once.
 */
int join_eval(join *j, findings *mismatches, findings *warnings, rule_status *status, dzerr *err);
/* The canonical townships of the roster members (own row, else their
 * household's), after join_eval; strings owned by the join.  The caller
 * frees the array. */
size_t join_roster_townships(const join *j, const char ***out);
void join_free(join *j);

#endif
