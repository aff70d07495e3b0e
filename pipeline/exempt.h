/*
 * exempt.h - the exemption list (豁免清单, SPEC §9): accepted exceptions
 * approved by the county, so that a justified finding does not come back
 * to a township every month.
 *
 * exempt_load() reads the list (CSV or xlsx, through rowsrc like any
 * source), finds its header among the first 20 non-blank rows (the row
 * with a 规则编号 column), maps the nine columns by header alias
 * (exempt_columns; 证件号码, 户编号, 乡镇 and 行政村 take the roster's
 * aliases from kinds.c) and validates every row, fail-closed: an unknown
 * rule, an empty required cell (规则编号, 豁免理由, 批准人, 批准日期), a bad ID
 * (SPEC §3) or a bad date stops everything with DZ_EXIT_USAGE and a message
 * naming file, row and column.  The caller loads the list before it writes
 * anything.
 *
 * exempt_apply() then marks the findings that an exemption in force for
 * the period matches (finding.exempt) and sets their 说明 to
 * "豁免：<理由>（<批准人> <批准日期>）".  A row matches a finding when the
 * rule is the same and every non-empty one of 证件号码 (normalized as in
 * §3), 户编号, 乡镇 and 行政村 (normalized as for routing, township aliases
 * applied) equals the finding's; a row with all four empty exempts the
 * rule in the whole county.  In force for R (the last day of the period,
 * as for the rules): 批准日期 <= R and (有效期至 empty or 有效期至 >= R).
 * Of several matching rows the first in file order gives the 说明.
 *
 * Memory: the rows of the list in one arena (a few hundred bytes a row);
 * matching is per finding over the rows of its rule, no allocation except
 * the 说明 copied into the findings' arena.
 */
#ifndef DZ_EXEMPT_H
#define DZ_EXEMPT_H

#include <stdint.h>
#include "config.h"
#include "findings.h"

/* The columns of the list, in SPEC §9's order (index = EX_*). */
enum {
	EX_RULE, EX_ID, EX_HOUSEHOLD_ID, EX_TOWNSHIP, EX_VILLAGE, EX_REASON, EX_APPROVER,
	EX_APPROVED, EX_UNTIL, EX_NCOLS
};
/* Canonical header of each column ("规则编号" ...). */
extern const char *const exempt_columns[EX_NCOLS];

typedef struct exempt_row {
	long row;                /* row number in the file (as quality.csv counts) */
	int rule;                /* index into rules[] */
	const char *id;          /* normalized 18-char ID, "" = any person */
	const char *household_id;/* trimmed, "" = any household */
	const char *township;    /* normalized canonical township, "" = any */
	const char *village;     /* normalized, "" = any */
	const char *note;        /* 说明 of an exempted finding: 豁免：理由（批准人 批准日期） */
	int32_t approved;        /* 批准日期, days since 1970-01-01 */
	int32_t until;           /* 有效期至; INT32_MAX = no end */
} exempt_row;

/* The state of a row for a reference date. */
enum { EXEMPT_IN_FORCE, EXEMPT_EXPIRED, EXEMPT_NOT_YET };

typedef struct exempt_list {
	char *file;              /* display name (base name of the path) */
	exempt_row *rows;        /* in file order (arena) */
	size_t nrows;
	size_t *by_rule;         /* row indexes grouped by rule, file order within */
	size_t *rule_first;      /* nrules + 1 offsets into by_rule */
	long in_force, expired, not_yet; /* rows in each state at R (exempt_load) */
	long exempted;           /* findings exempted (exempt_apply adds) */
	arena mem;               /* owns rows and their strings */
} exempt_list;

void exempt_init(exempt_list *l);
/*
 * Read and validate the list at path.  ref_days: R (a birth date after it
 * makes an ID bad); tw: the configured township aliases (normalized, as in
 * run_config).  On any problem: DZ_EXIT_USAGE in err (file, row, column),
 * -1.  Counts the rows in force, expired and not yet in force at R.
 */
int exempt_load(exempt_list *l, const char *path, int32_t ref_days, const place_alias *tw,
                size_t ntw, dzerr *err);
/* EXEMPT_IN_FORCE / EXEMPT_EXPIRED / EXEMPT_NOT_YET of a row at R. */
int exempt_state(const exempt_row *e, int32_t ref_days);
/* The first row in force at R that matches x, or NULL. */
const exempt_row *exempt_match(const exempt_list *l, const finding *x, int32_t ref_days);
/* Mark the matched findings of f (exempt = true, 说明 replaced) and add
 * them to l->exempted.  Returns the findings exempted in f. */
size_t exempt_apply(exempt_list *l, findings *f, int32_t ref_days);
void exempt_release(exempt_list *l);

#endif
