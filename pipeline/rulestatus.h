/*
 * rulestatus.h - whether each rule of the catalogue ran, and if not why
 * (the summary's "未执行：…"): a rule's needs (rules.h: the (kind, field)
 * entries it reads) against the kinds and columns the run's sources have,
 * and against the sources that failed.
 *
 * Functions in call order: rulestatus_inputs_init() ->
 * rulestatus_inputs_add() (each source that began) -> rulestatus_check()
 * (each rule; join_eval) -> rulestatus_source_failed() (each source that
 * failed; run.c) -> rulestatus_drop_findings().  A failed source marks
 * exactly the rules that read it: rulestatus_reads().
 *
 * Memory: a rule_inputs is a fixed table of flags (kinds x fields).
 */
#ifndef DZ_RULESTATUS_H
#define DZ_RULESTATUS_H

#include <stdbool.h>
#include <stddef.h>
#include "findings.h"
#include "kinds.h"
#include "rules.h"

/* The kinds and fields a run's sources have.  Index NEED_ANY_DEPT = any
 * department source; roster fields count as present when the roster or a
 * household source has the column. */
typedef struct rule_inputs {
	bool kind[KIND_COUNT + 1];
	bool field[KIND_COUNT + 1][F_COUNT];
	bool roster_own[F_COUNT];   /* the roster's own columns (NEED_ROW) */
} rule_inputs;

void rulestatus_inputs_init(rule_inputs *in);
/* A source of `kind` that began, with its columns present[F_COUNT]. */
void rulestatus_inputs_add(rule_inputs *in, int kind, const bool *present);
/* rules[r]'s status: evaluated, or the first missing source, then the first
 * missing field, then a missing income line (income_line_known false) for
 * `year`.  NEED_OPT entries are not required. */
void rulestatus_check(const rule_inputs *in, size_t r, bool income_line_known, int year,
                      rule_status *st);

/* Does rules[r] read a source of `kind` whose columns are columns[F_COUNT]
 * (NULL: unknown, e.g. it failed before its header)?  Yes when one of its
 * needs (optional ones included) is that kind with a field the source has
 * or the source itself, NEED_ANY_DEPT with a field a department source
 * has, or a roster
 * field that a household source (kind household) supplies. */
bool rulestatus_reads(size_t r, int kind, const bool *columns);
/* A source failed (unreadable, unusable, too many rows rejected): every
 * rule that reads it, evaluated or not evaluated for a missing source or
 * field, becomes "未执行：来源 NAME 不可用".  Call in source order: the
 * first failed source a rule reads names it.  kind < 0: nothing. */
void rulestatus_source_failed(rule_status *status, int kind, const char *name, const bool *columns);
/* Findings of rules that are not evaluated are dropped. */
/* (chk, the LJ findings, may be NULL.) */
void rulestatus_drop_findings(const rule_status *status, findings *mis, findings *warn,
                              findings *chk);

#endif
