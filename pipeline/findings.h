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

typedef struct finding {
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
} finding;

typedef struct findings {
	VEC(finding) items;
	arena mem;               /* owns every string above */
} findings;

void findings_init(findings *f);
void findings_release(findings *f);
/* Copy the strings into f's arena and append. */
void findings_add(findings *f, const finding *x);
void findings_sort(findings *f);

#define UNKNOWN_TOWNSHIP "未知乡镇"

#endif
