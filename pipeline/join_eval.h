/*
 * join_eval.h - the evaluation driver: the rule catalogue (rules.h) over a
 * join whose sources have all ended (join.h).  It finishes the join, builds
 * the evaluators' read-only view (join_view.h), decides each rule's status
 * (rulestatus.h) and calls the evaluator of every rule that can run.
 *
 * Memory: during evaluation, 2 bytes per roster member (active kinds), 4
 * per household (its survey record), 8 per place (water), a merged slot
 * table per kind that has several sources, and the findings.
 */
#ifndef DZ_JOIN_EVAL_H
#define DZ_JOIN_EVAL_H

#include "diag.h"
#include "findings.h"
#include "join.h"
#include "rules.h"

/*
 * Evaluate the catalogue with parameters rp.  ZZ/ZS findings go to
 * mismatches, YJ to warnings, LJ to checks; status[i] (nrules entries, may be NULL) says
 * whether rules[i] was evaluated and why not.  Findings are appended
 * unsorted (call findings_sort).  Call once per join.
 */
int join_eval(join *j, const rule_params *rp, findings *mismatches, findings *warnings,
              findings *checks, rule_status *status, dzerr *err);

#endif
