/*
 * rulestatus.h - whether each rule of the catalogue can run on a run's
 * sources, and if not why (the summary's "未执行：…"): a rule's needs
 * (rules.h: (kind, field) entries, alternatives) against the kinds and
 * columns the run's sources have.
 *
 * Functions in call order: rulestatus_inputs_init() ->
 * rulestatus_inputs_add() (each source that began) -> rulestatus_check()
 * (each rule).
 *
 * Memory: a rule_inputs is a fixed table of flags (kinds x fields).
 */
#ifndef DZ_RULESTATUS_H
#define DZ_RULESTATUS_H

#include <stdbool.h>
#include <stddef.h>
#include "kinds.h"
#include "rules.h"

/* The kinds and fields a run's sources have.  Index NEED_ANY_DEPT = any
 * department source; roster fields count as present when the roster or a
 * household source has the column. */
typedef struct rule_inputs {
	bool kind[KIND_COUNT + 1];
	bool field[KIND_COUNT + 1][F_COUNT];
} rule_inputs;

void rulestatus_inputs_init(rule_inputs *in);
/* A source of `kind` that began, with its columns present[F_COUNT]. */
void rulestatus_inputs_add(rule_inputs *in, int kind, const bool *present);
/* rules[r]'s status: evaluated, or the first missing source, then the first
 * missing field, then a missing income line (income_line_known false) for
 * `year`. */
void rulestatus_check(const rule_inputs *in, size_t r, bool income_line_known, int year,
                      rule_status *st);

#endif
