/*
 * join_data.h - the shapes of what the join keeps, data only: a person of
 * the roster, a household and its household-level values, a place, a slot
 * (one person in one department source or kind), a ZZ12 name difference,
 * a survey record.  The join's rooms fill them (join_persons.c,
 * join_places.c, join_facts.c); the rule evaluators read them through
 * join_view.h and never write them.
 *
 * Conventions: arrays are dense and indexed by uint32 (NONE32 = none);
 * strings are 32-bit offsets into the pool of their owner (offset 0 = "");
 * yes/no values are 1 yes, 0 no, -1 unknown; money is fen or NUM_UNKNOWN
 * (sums with fen_add); dates are days since 1970-01-01.
 *
 * Memory: the sizes below are the join's memory bound (join.h).
 */
#ifndef DZ_JOIN_DATA_H
#define DZ_JOIN_DATA_H

#include <stdint.h>
#include "record.h"           /* NUM_UNKNOWN */

#define NONE32 UINT32_MAX      /* no index (also in join_hash.h, identically) */

/* One roster member (the first row of an ID; later rows are DQ07).
 * Strings in the person table's pool, except vil (the places' pool).
 * The bit fields after `work` are the LJ rules' facts (SPEC §5, 逻辑校验);
 * they stay 0 when the run evaluates no LJ rule (join_params.no_lj_facts). */
typedef struct person {
	uint64_t key;      /* packed ID */
	uint64_t nh;       /* join_name_hash(norm_name(name)); 0 = no name */
	int32_t birth;     /* birth date from the ID as YYYYMMDD, 0 = unknown */
	uint32_t hh;       /* household index */
	uint32_t twp;      /* township index of the member's own row (0 = empty) */
	uint32_t vil;      /* places' pool offset of the normalized village of the own row */
	uint32_t name;     /* pool offset: name as written */
	uint32_t school_w; /* pool offset: school_status word */
	uint32_t work_w;   /* pool offset: work_status word */
	uint32_t row;      /* roster row */
	uint32_t health_w; /* pool offset: health_status as written (LJ) */
	uint32_t idtype_w; /* pool offset: id_type as written (LJ) */
	int8_t med, med_staff, dibao, tekun; /* 1 yes, 0 no, -1 unknown */
	int8_t school;     /* SS_* or -1 */
	int8_t work;       /* WS_* or -1 */
	uint16_t huzhu : 1;  /* relation is 户主 */
	uint16_t spouse : 1; /* relation is 配偶 */
	uint16_t sex : 2;    /* sex field: SEX_MALE, SEX_FEMALE, 0 unknown */
	uint16_t labor : 3;  /* labor_skill: LS_*, 0 unknown */
	uint16_t health : 4; /* health_status: HS_* mask, 0 unknown */
	uint16_t idtype : 2; /* id_type: 0 empty, 1 残疾人证, 2 another word */
	uint16_t dcert : 1;  /* the ID cell was a 残疾人证号 (DQ12) */
	uint16_t nisr : 1;   /* not_in_school_reason is not empty */
	uint16_t junior : 1; /* school_status 初中 or 七/八/九年级 */
} person;

enum { IDT_EMPTY = 0, IDT_DISABILITY = 1, IDT_OTHER = 2 };  /* person.idtype */

/* A roster member's non-empty phone (LJ17, LJ18), in roster order. */
typedef struct phonerec {
	uint64_t code;     /* parse_phone() code of a valid phone; 0 = not valid */
	uint32_t p;        /* person index */
	uint32_t raw;      /* not valid: pool offset of the phone as written; else 0 */
} phonerec;

/* Household-level values (SPEC §4): the head's roster row, overridden field
 * by field by the household source when it has the column and the row. */
typedef struct hfields {
	int64_t income, prev;   /* income_pc, income_pc_prev: fen or NUM_UNKNOWN */
	uint32_t twp, vil;      /* township index, village offset (places' pool) */
	int32_t mdate, cdate;   /* monitor_date, cleared_date: days or INT32_MIN */
	int8_t mtype;           /* MT_* or -1 (unknown) */
	int8_t risk, nolabor, water, danger; /* yes/no: 1, 0, -1 */
} hfields;

/* One per 户编号 of the roster, plus one per member without 户编号. */
typedef struct household {
	uint32_t hid;      /* pool offset of 户编号 ("" = a member without one) */
	uint32_t head;     /* person index of the head (best candidate so far) */
	uint32_t nmem;     /* used roster rows */
	uint32_t place;    /* global place of (hf.twp, hf.vil) (join_finish) */
	uint8_t has_hs;    /* a household-source row was applied */
	hfields hf;
} household;

/* A (canonical township, normalized village) pair; index 0 = none. */
typedef struct gplace {
	uint32_t twp;      /* township index (0 = none) */
	uint32_t vil;      /* village offset (places' pool) */
} gplace;

/* a + b in fen, clamped to +-INT64_MAX: a sum of amounts (each within
 * +-10^17 fen, parse_money) never overflows, nor becomes NUM_UNKNOWN. */
static inline int64_t fen_add(int64_t a, int64_t b)
{
	int64_t s;
	if (__builtin_add_overflow(a, b, &s))
		return b > 0 ? INT64_MAX : -INT64_MAX;
	return s == INT64_MIN ? -INT64_MAX : s;
}

enum { SF_ACTIVE = 1, SF_EVENT = 2, SF_ROSTER = 8, SF_NH = 16 };

/* One person in one department source (or, merged, in one kind).  Slots
 * are kept in a dense array in order of first appearance (join_facts.h). */
typedef struct pslot {
	uint64_t key;      /* packed ID */
	int64_t val;       /* med_claims: oop sum in the window (fen); death, relief,
	                      dibao, tekun: date of the event row */
	uint64_t nh;       /* SF_NH: join_name_hash(norm_name(name)) of the first
	                      non-empty name (row nrow), 0 if it normalizes to "";
	                      computed only when needed (another name, linking) */
	uint32_t name;     /* offset in source src_n's pool of the first non-empty
	                      name as written; 0 = none */
	uint32_t nrow;     /* row of that name */
	uint32_t row_a;    /* first active row (dibao, tekun, med_enroll, employment, school) */
	uint32_t row_e;    /* event row: dibao/tekun active with start in the month, relief
	                      in the month, death <= R, employment unemployed (first);
	                      med_claims last counted */
	uint32_t pl_a, pl_e, pl_any; /* places of the active row, the event row, the first
	                      row with a township (source-local until join_finish, then global) */
	uint32_t who;      /* until linked: 1 + index in the source's `names` of the
	                      first further different name (0 = none); after: the
	                      roster index (SF_ROSTER) or NONE32 */
	uint16_t src_a, src_e, src_n; /* source ordinals of row_a, row_e, name */
	uint8_t flags;     /* SF_* */
} pslot;

typedef struct namediff {  /* ZZ12 candidate: first differing name per person */
	uint32_t ridx;     /* roster index */
	uint32_t row;
	const char *name;  /* in the source's pool */
} namediff;

/* One per (survey source, roster household): the row in use. */
typedef struct survrec {
	uint64_t key;      /* household index */
	int64_t income;    /* fen or NUM_UNKNOWN */
	int32_t date;      /* days or INT32_MIN */
	uint32_t row;
	int32_t size;      /* household_size or -1 */
	int8_t danger, water;
	uint16_t src;
} survrec;

#endif
