/*
 * findings.h - a finding of the rule catalogue (one output row of
 * mismatches.csv / warnings.csv) and the collection that owns them.
 *
 * Strings live in the collection's arena; findings_sort() orders rows by
 * township, village, household_id, ID, rule (SPEC §6) so identical inputs
 * give byte-identical outputs.
 */
#ifndef DZ_FINDINGS_H
#define DZ_FINDINGS_H

#include "util.h"

/*
 * 状态 of a finding (SPEC §8), in order of precedence.  The exemption step
 * (exempt.h) sets .exempt (and rewrites 说明) before the ledger's state
 * step, which makes it FSTATE_EXEMPT; every other state is the ledger's
 * (ledger_states: 已核实 > 持续 > 新增; without a ledger every finding is
 * 新增).  Only 新增 and 持续 are pushed (township packages).
 */
enum finding_state { FSTATE_NEW = 0, FSTATE_PERSIST, FSTATE_VERIFIED, FSTATE_EXEMPT, FSTATE_COUNT };
/* "新增", "持续", "已核实", "豁免" */
const char *finding_state_name(int state);
/* FSTATE_* of a name, -1 if none. */
int finding_state_index(const char *name);
static inline bool finding_pushed(int state)
{
	return state == FSTATE_NEW || state == FSTATE_PERSIST;
}

typedef struct finding {
	const char *key;         /* 线索编号 (findkey.h), "" until assigned */
	int state;               /* FSTATE_* */
	const char *first_seen;  /* 首次发现 "YYYY-MM" ("" until the state step) */
	const char *push_date;   /* 推送日期 "YYYY-MM-DD" ("" if not pushed) */
	const char *deadline;    /* 核实时限 = 推送日期 + verify_days ("" if not pushed) */
	int rule;                /* index into rules[] (rules.h) */
	const char *township;    /* canonical township name, "未知乡镇" if none */
	const char *village;
	const char *household_id;
	const char *name;
	const char *id;          /* 18-char ID ("" for village findings) */
	bool exempt;             /* an exemption in force matches (exempt.h): state 豁免,
	                          * county reports only, never a package */
	const char *sys_value;   /* 系统值 */
	const char *dept_value;  /* 部门值 */
	const char *source;      /* 来源: source name(s), e.g. "med_enroll" */
	const char *loc;         /* 来源位置: "file:row" ("" if none) */
	const char *note;        /* 说明 */
	const char *result;      /* resolved rows: 核实结果, the key's latest answer ("" if none) */
} finding;

typedef struct findings {
	VEC(finding) items;
	arena mem;               /* owns every string above */
} findings;

void findings_init(findings *f);
void findings_release(findings *f);
/* Copy the strings into f's arena and append. */
void findings_add(findings *f, const finding *x);
/* A copy of s in f's arena ("" for NULL): for the steps that set key,
 * 首次发现, dates or 说明 after findings_add. */
const char *findings_keep(findings *f, const char *s);
void findings_sort(findings *f);

#define UNKNOWN_TOWNSHIP "未知乡镇"

#endif
