/*
 * kinds.h - the source kinds of SPEC §4, their canonical fields and the
 * built-in Chinese header aliases.  Data only: one table, no logic beyond
 * lookups (by name, and of header text through kind_hdr, which compares
 * after norm_header()).
 *
 * Fields are one global enumeration (F_*); a kind lists the fields it has,
 * each with its aliases for that kind (the first alias is the canonical
 * Chinese header).  Records index values by F_* (see record.h).
 */
#ifndef DZ_KINDS_H
#define DZ_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

enum kind {
	KIND_ROSTER, KIND_HOUSEHOLD, KIND_DIBAO, KIND_TEKUN, KIND_RELIEF,
	KIND_DEATH, KIND_MED_ENROLL, KIND_MED_CLAIMS, KIND_EMPLOYMENT,
	KIND_SCHOOL, KIND_WATER, KIND_SURVEY,
	KIND_COUNT
};

enum field {
	F_ID, F_NAME, F_TOWNSHIP, F_VILLAGE, F_HOUSEHOLD_ID, F_RELATION,
	F_HOUSEHOLD_TYPE, F_MONITOR_TYPE, F_RISK_CLEARED, F_SCHOOL_STATUS,
	F_HEALTH_STATUS, F_LABOR_SKILL, F_WORK_STATUS, F_MED_INSURED,
	F_MED_INSURED_STAFF, F_DIBAO, F_TEKUN, F_INCOME_PC, F_INCOME_PC_PREV,
	F_NO_LABOR_HOUSEHOLD, F_WATER_SAFE, F_DANGEROUS_HOUSE, F_MONITOR_DATE,
	F_STATUS, F_START_DATE, F_AMOUNT, F_DATE, F_YEAR, F_TOTAL, F_OOP,
	F_REGION, F_SCHOOL, F_STAGE, F_GRADE, F_PROJECT, F_QUALITY, F_SUPPLY,
	F_HOUSEHOLD_SIZE, F_INSPECTOR,
	/* the roster fields of the LJ rules (SPEC §5, 逻辑校验) */
	F_SEX, F_ID_TYPE, F_PHONE, F_CLEARED_DATE, F_NOT_IN_SCHOOL_REASON,
	F_COUNT
};

/* How a field's value is parsed (see vocab.h). */
enum ftype {
	FT_ID,          /* idcard_parse */
	FT_TEXT,        /* free text, trimmed */
	FT_YESNO,       /* vocab_yesno; policy columns use vocab_policy */
	FT_DATE,        /* parse_date */
	FT_MONEY,       /* parse_money (negative only in med_claims) */
	FT_YEAR,        /* parse_year */
	FT_COUNT,       /* parse_count */
	FT_VOCAB,       /* a vocabulary: which one depends on the field/kind */
	FT_WATERWORD,   /* water quality/supply: bad words only, never DQ10 */
};

typedef struct fielddef {
	enum field field;
	const char *const *aliases; /* NULL-terminated; [0] is the canonical Chinese header */
	const char *const *policy_aliases; /* NULL or aliases whose column uses vocab_policy */
} fielddef;

typedef struct kinddef {
	const char *name;        /* "med_enroll" */
	const char *cn;          /* "医保参保" */
	enum field key;          /* F_ID, F_HOUSEHOLD_ID, or F_TOWNSHIP (water: township+village) */
	size_t nfields;
	const fielddef *fields;  /* in canonical output order */
} kinddef;

extern const kinddef kinds[KIND_COUNT];

const char *field_name(enum field f);      /* "income_pc" */
enum ftype field_type(enum field f);
int kind_from_name(const char *name);      /* -1 if unknown */
const fielddef *kind_field(int kind, enum field f); /* NULL if kind lacks it */
int field_from_name(const char *name);     /* "income_pc" -> F_INCOME_PC; -1 if unknown */

/*
 * Header matcher: header cell text -> canonical field, comparing after
 * norm_header() (vocab.h) on both sides.  Add configured aliases first
 * (they win over built-ins), then kind_hdr_add_builtin().  One matcher per
 * reader (not shared between threads).
 */
typedef struct kind_hdr_entry {
	const char *key;         /* normalized alias */
	int field;               /* F_* */
	bool policy;             /* a 享受…政策情况 column: vocab_policy */
} kind_hdr_entry;

typedef struct kind_hdr {
	kind_hdr_entry *v;       /* in arena */
	size_t n, cap;
	size_t nconfig;          /* v[0..nconfig) are configured aliases */
	arena mem;               /* owns v and the keys */
	strbuf tmp;              /* normalization scratch */
} kind_hdr;

void kind_hdr_init(kind_hdr *m);
void kind_hdr_add(kind_hdr *m, int field, const char *alias, bool policy);
void kind_hdr_add_builtin(kind_hdr *m, int kind);
/* F_* for a header cell, or -1; *policy (may be NULL) set for policy columns. */
int kind_hdr_find(kind_hdr *m, const char *s, size_t n, bool *policy);
/* The same, with *rank (may be NULL): 4 configured alias equal, 3 built-in
 * alias equal, 2 / 1 the same after a unit or date hint in brackets was
 * dropped; a higher rank wins when two columns map to one field. */
int kind_hdr_match(kind_hdr *m, const char *s, size_t n, bool *policy, int *rank);
void kind_hdr_release(kind_hdr *m);

#endif
