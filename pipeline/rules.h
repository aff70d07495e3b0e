/*
 * rules.h - the rule catalogue of SPEC §5 as one declarative table.
 *
 * Each entry: code, Chinese name, family (账账/账实/预警/逻辑校验/数据质量), scope,
 * the (kind, field) inputs it needs, the config parameters it reads, and its
 * evaluator.  Docs (docs/rules.md) and reports draw names from this table;
 * a test checks the docs against it.  Adding a rule is one entry plus one
 * evaluator plus its tests.
 */
#ifndef DZ_RULES_H
#define DZ_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kinds.h"

enum rule_family { FAM_ZZ, FAM_ZS, FAM_YJ, FAM_LJ, FAM_DQ };
enum rule_scope {
	SCOPE_ROSTER_PERSON,   /* roster members */
	SCOPE_ANY_PERSON,      /* anyone with a department row */
	SCOPE_HOUSEHOLD,       /* roster households, reported on the head's row */
	SCOPE_SURVEY_HOUSEHOLD,/* households in the survey */
	SCOPE_VILLAGE,         /* (township, village) */
	SCOPE_ROW,             /* DQ: per input row */
};

typedef struct rule_need {
	int kind;              /* KIND_*; -1 ends the list */
	int field;             /* F_*, or -1 = the source itself */
} rule_need;

/*
 * A rule's needs are what it reads: (kind, field) entries.  Every entry
 * must be present for the rule to run, except:
 * - Alternatives: an entry whose field carries NEED_ALT is satisfied by
 *   itself or by the entry after it (a run of NEED_ALT entries plus the next
 *   entry is one group: any one present suffices).  NEED_ALT | NEED_SOURCE =
 *   "the source itself" inside such a group.
 * - Optional reads: an entry whose field carries NEED_OPT is read when the
 *   run has it and is not required (e.g. risk_cleared: absent = not yes;
 *   the household's township placing a household finding).  NEED_OPT |
 *   NEED_SOURCE = the source itself (the roster's membership for rules
 *   about anyone).  Never inside an alternatives group.
 * kind NEED_ANY_DEPT = any department source (dibao tekun relief death
 * med_enroll med_claims employment school) with that field.  A roster
 * field that a household source can supply is read from a household
 * source too (rulestatus.c), except with NEED_ROW: the members' own rows
 * (LJ19's townships and villages), which a household source neither
 * supplies nor spoils.  need_field() strips the flags (-1 = the source
 * itself).
 */
#define NEED_ALT      0x1000
#define NEED_OPT      0x2000
#define NEED_ROW      0x4000
#define NEED_SOURCE   0x0fff
#define NEED_ANY_DEPT KIND_COUNT
static inline int need_field(int field)
{
	if (field < 0 || (field & NEED_SOURCE) == NEED_SOURCE)
		return -1;
	return field & NEED_SOURCE;
}

struct rule_ctx;           /* what an evaluator sees (join_view.h) */

/* The configured parameters the rules read (config.h fills them). */
typedef struct rule_params {
	int64_t income_line_fen;          /* L for R's year; -1 = not configured */
	int64_t oop_threshold_fen;        /* medical_oop_threshold */
	int64_t oop_threshold_roster_fen; /* medical_oop_threshold_roster */
	int income_drop_pct;
	int income_tolerance_pct;
	int min_clear_months;             /* LJ13 (default 6) */
	uint32_t lj_skip;                 /* [run] checks: bit n set = LJn not selected */
} rule_params;

/* Is rules[r] an LJ rule that [run] checks did not select? */
bool rule_lj_skipped(const rule_params *p, size_t r);

typedef struct ruledef {
	const char *code;      /* "ZZ01" */
	const char *name;      /* Chinese rule name (规则名称) */
	enum rule_family family;
	enum rule_scope scope;
	rule_need needs[12];   /* what it reads; required unless NEED_OPT (see above) */
	const char *params;    /* config keys read, comma-separated, or NULL */
	void (*eval)(struct rule_ctx *ctx, int rule);  /* NULL for DQ rules */
} ruledef;

extern const ruledef rules[];
extern const size_t nrules;
int rule_index(const char *code);      /* -1 if unknown */

/* Whether a rule was evaluated in a run, and if not why (Chinese, for summary). */
typedef struct rule_status {
	bool evaluated;
	char reason[256];      /* e.g. "未执行：缺少来源 med_enroll" / "未执行：缺少字段 school.status" */
} rule_status;

#endif
