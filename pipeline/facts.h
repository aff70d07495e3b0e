/*
 * facts.h - private to join.c and rules.c: the person table, households,
 * places, the per-source fact tables, and the evaluation context the rule
 * evaluators of rules.c read.  Nothing outside join.c/rules.c includes it.
 *
 * Shapes (all dense arrays indexed by uint32; hash tables hold indices):
 *   person     one per roster member (first row of an ID; later rows DQ07)
 *   household  one per 户编号 of the roster, plus one per member without 户编号
 *   place      a (canonical township, normalized village) pair; index 0 = none
 *   pslot      one per (source, distinct ID) of a department source: flags,
 *              first-row numbers, a sum or a date, the places of three rows
 *   survrec    one per (survey source, roster household): the row in use
 * Strings (names, 户编号, township and village names, words) live in one
 * pool per owner (the join for roster data, each source for its own) and
 * are referred to by 32-bit offsets; offset 0 is always "".
 *
 * Threads: the roster and household sinks write the join's tables; every
 * other sink writes only its own jsrc and reads the join's tables, which
 * are not modified until join_eval().
 */
#ifndef DZ_FACTS_H
#define DZ_FACTS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdbool.h>
#include "join.h"
#include "rules.h"
#include "util.h"

#define NONE32 UINT32_MAX

/* ---- hash indexes ---- */

/* u64 key -> uint32 index into a dense array whose elements start with the
 * key.  Entries are 8 bytes: (tag << 32) | (index + 1), 0 = empty, where
 * tag = the high half of hash64(key); the tag also picks the bucket, so a
 * rehash never reads the elements, and a probe reads an element only when
 * its tag matches. */
typedef struct itab {
	uint64_t *t;
	uint32_t mask;     /* capacity - 1 (capacity a power of two) */
	uint32_t n;        /* entries */
} itab;

uint32_t join_itab_find(const itab *it, const void *base, size_t stride, uint64_t key);
void join_itab_add(itab *it, uint64_t key, uint32_t idx);   /* key must be absent */
void join_itab_release(itab *it);

/* byte string -> uint32 value; keys are copied (NUL-terminated) into a pool. */
typedef struct smap_ent {
	uint32_t off;      /* key offset in the owner's pool */
	uint32_t len;      /* key length */
	uint32_t val;
	uint32_t hash;
} smap_ent;

typedef struct smap {
	uint32_t *t;       /* entry index + 1; 0 = empty */
	uint32_t mask;
	VEC(smap_ent) ent;
} smap;

bool join_smap_get(const smap *m, const strbuf *pool, const void *k, size_t n, uint32_t *val);
/* Adds a key that is not in the map; returns the key's pool offset. */
uint32_t join_smap_put(smap *m, strbuf *pool, const void *k, size_t n, uint32_t val);
void join_smap_release(smap *m);

/* ---- roster ---- */

typedef struct person {
	uint64_t key;      /* packed ID */
	uint64_t nh;       /* name_hash(norm_name(name)); 0 = no name */
	int32_t birth;     /* birth date from the ID as YYYYMMDD, 0 = unknown */
	uint32_t hh;       /* household index */
	uint32_t twp;      /* township index of the member's own row (0 = empty) */
	uint32_t vil;      /* pool offset of the normalized village of the own row */
	uint32_t name;     /* pool offset: name as written */
	uint32_t school_w; /* pool offset: school_status word */
	uint32_t work_w;   /* pool offset: work_status word */
	uint32_t row;      /* roster row */
	int8_t med, med_staff, dibao, tekun; /* 1 yes, 0 no, -1 unknown */
	int8_t school;     /* SS_* or -1 */
	int8_t work;       /* WS_* or -1 */
	uint8_t huzhu;     /* relation is 户主 */
} person;

/* Household-level values (SPEC §4): the head's roster row, overridden field
 * by field by the household source when it has the column and the row. */
typedef struct hfields {
	int64_t income, prev;   /* income_pc, income_pc_prev: fen or NUM_UNKNOWN */
	uint32_t twp, vil;      /* township index, village pool offset */
	int8_t mtype;           /* MT_* or -1 (unknown) */
	int8_t risk, nolabor, water, danger; /* yes/no: 1, 0, -1 */
} hfields;

typedef struct household {
	uint32_t hid;      /* pool offset of 户编号 ("" = a member without one) */
	uint32_t head;     /* person index of the head (best candidate so far) */
	uint32_t nmem;     /* used roster rows */
	uint32_t place;    /* global place of (hf.twp, hf.vil) (join_eval) */
	uint8_t has_hs;    /* a household-source row was applied */
	hfields hf;
} household;

typedef struct gplace {
	uint32_t twp;      /* township index (0 = none) */
	uint32_t vil;      /* village pool offset */
} gplace;

/* ---- department sources ---- */

enum { SF_ACTIVE = 1, SF_EVENT = 2, SF_NAMEDIFF = 4, SF_ROSTER = 8 };

/* One person in one department source (or, merged, in one kind).  Slots
 * are kept in a dense array in order of first appearance (stab). */
typedef struct pslot {
	uint64_t key;      /* packed ID */
	int64_t val;       /* med_claims: oop sum in the window (fen); death, relief,
	                      dibao, tekun: date of the event row */
	uint64_t nh;       /* SF_ROSTER: the roster name's hash (ZZ12 compares hashes
	                      of normalized names); else NAME_REF(offset, source) of the
	                      first non-empty name, 0 = none */
	uint32_t row_a;    /* first active row (dibao, tekun, med_enroll, employment, school) */
	uint32_t row_e;    /* event row: dibao/tekun active with start in the month, relief
	                      in the month, death <= R, employment unemployed (first);
	                      med_claims last counted */
	uint32_t pl_a, pl_e, pl_any; /* places of the active row, the event row, the first
	                      row with a township (source-local until join_eval, then global) */
	uint32_t who;      /* roster index (SF_ROSTER); after linking: person index */
	uint16_t src_a, src_e; /* source ordinals of row_a, row_e */
	uint8_t flags;     /* SF_* */
} pslot;

#define NAME_REF(off, src) (((uint64_t)(src) << 32) | (uint32_t)(off))
#define NAME_OFF(ref) ((uint32_t)(ref))
#define NAME_SRC(ref) ((uint32_t)((ref) >> 32))

typedef struct stab {
	pslot *v;          /* dense, in order of first appearance */
	uint32_t n, cap;
	itab ix;
} stab;

pslot *join_stab_find(const stab *st, uint64_t key);      /* NULL if absent */
pslot *join_stab_get(stab *st, uint64_t key, bool *created); /* find or add a zeroed slot;
                                                              valid until the next get */
void join_stab_release(stab *st);
uint64_t join_name_hash(const char *s, size_t n);          /* never 0 */

typedef struct namediff {  /* ZZ12 candidate: first differing name per person */
	uint32_t ridx;     /* roster index */
	uint32_t row;
	const char *name;  /* source arena */
} namediff;

typedef struct lplace {    /* source-local raw (township, village) */
	uint32_t off;      /* pool offset of [u32 tlen][township][village] */
	uint32_t len;
	uint32_t g;        /* global place (join_eval) */
	uint32_t bad_row;  /* water: first bad row */
	uint8_t bad;       /* water: 1 quality bad, 2 supply bad */
} lplace;

typedef struct survrec {
	uint64_t key;      /* household index */
	int64_t income;    /* fen or NUM_UNKNOWN */
	int32_t date;      /* days or INT32_MIN */
	uint32_t row;
	int32_t size;      /* household_size or -1 */
	int8_t danger, water;
	uint16_t src;
} survrec;

typedef struct jsrc {
	struct join *j;
	int ord;                    /* join_sink() call order */
	int kind;                   /* KIND_*, -1 before begin() */
	char *name, *file;          /* copies of src_info */
	bool present[F_COUNT];
	bool begun;
	stab slots;                 /* person kinds */
	uint32_t last;              /* slot of the previous row */
	VEC(lplace) places; smap pmap;
	strbuf pool;                /* non-roster names, place keys */
	arena mem;                  /* differing names */
	VEC(namediff) diffs;
	VEC(survrec) surv; itab skt; /* key: household index */
	uint32_t last_hh;           /* roster: household of the previous row (NONE32) */
	strbuf last_hid;            /* roster: its 户编号 */
	strbuf tmp;                 /* scratch (norm_name) */
	int32_t p1, R, win_lo;      /* first day of period, R, R - 365 */
	int year;
} jsrc;

struct join {
	join_params p;
	char **alias_from, **alias_to;  /* normalized township aliases */
	size_t nalias;
	VEC(jsrc *) src;
	_Atomic int dept_started;       /* a phase-2 sink began */
	VEC(person) persons; itab pkt;
	VEC(household) hh; smap hmap;   /* 户编号 -> household */
	strbuf pool;                    /* roster strings */
	smap strs;                      /* interned strings (villages, words, names) */
	smap twp_memo, vil_memo;        /* raw -> township index / village offset */
	VEC(uint32_t) twps; smap twp_map; /* township index -> name offset; name -> index */
	VEC(gplace) places; smap place_map;
	strbuf tmp;
	bool evaluated;
};

/* ---- evaluation ---- */

typedef struct kmerge {       /* all sources of one kind, merged */
	pslot *v;                 /* == tab.v */
	size_t n;                 /* == tab.n */
	stab tab;
	bool owned;               /* tab built by the merge (else a source's) */
} kmerge;

typedef struct xperson {      /* a person seen only in department sources */
	uint64_t key;
	const char *name;         /* first non-empty name (kind order) */
	uint32_t pl_route;        /* first place with a township among med_enroll,
	                             dibao, tekun, relief, school rows */
} xperson;

typedef struct waterbad {
	uint32_t row;             /* first bad row (source order, then file order) */
	uint16_t src;
	uint8_t bad;              /* 1 quality, 2 supply */
} waterbad;

typedef struct rule_ctx {
	struct join *j;
	findings *mis, *warn;
	bool present_kind[KIND_COUNT];
	int32_t R, p1, sept;      /* R, first day of the period, latest 1 Sept <= R */
	uint32_t nroster, nall;
	kmerge km[KIND_COUNT];
	VEC(xperson) xp; itab xkt;
	uint16_t *act, *evt;      /* per person: bit k = SF_ACTIVE / SF_EVENT in kind k */
	waterbad *wbad;           /* per global place */
	uint32_t *hsurv;          /* per household: index into surv, NONE32 */
	VEC(survrec) surv;
	const char *ksrc[KIND_COUNT]; /* source names of a kind, joined by "," */
	const char *roster_src;
	arena mem;
	strbuf a, b;              /* scratch for evaluators (系统值, 部门值) */
	strbuf note, loc;         /* scratch: 说明 (evaluators), 来源位置 (emitters) */
} rule_ctx;

/* helpers for evaluators */
const char *join_str(const struct join *j, uint32_t off);
const pslot *join_slot(const rule_ctx *c, int kind, uint32_t p);
uint64_t join_person_key(const rule_ctx *c, uint32_t p);
bool join_not_monitored(const rule_ctx *c, uint32_t p); /* person not under monitoring */
bool join_hh_not_monitored(const household *h);
/* Emit a finding; loc_src < 0 = no 来源位置.  route: place of the triggering
 * row (non-roster persons only; 0 = none). */
void join_emit_person(rule_ctx *c, int rule, uint32_t p, uint32_t route, const char *sys,
                      const char *dept, const char *source, int loc_src, uint32_t loc_row,
                      const char *note);
void join_emit_household(rule_ctx *c, int rule, uint32_t h, const char *sys, const char *dept,
                         const char *source, int loc_src, uint32_t loc_row, const char *note);
void join_emit_village(rule_ctx *c, int rule, uint32_t place, const char *sys, const char *dept,
                       const char *source, int loc_src, uint32_t loc_row, const char *note);
const char *join_src_name(const rule_ctx *c, int ord);

#endif
