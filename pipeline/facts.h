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
 *              first-row numbers, a sum or a date, the places of three rows,
 *              the first name (ZZ12 keeps further different names aside)
 *   survrec    one per (survey source, roster household): the row in use
 *   hsrow      one per (household source, roster household): the first row
 * Strings (names, 户编号, township and village names, words) live in one
 * pool per owner (the join for roster data, each source for its own) and
 * are referred to by 32-bit offsets; offset 0 is always "".
 *
 * Threads: the roster sinks write the join's tables (one roster source at
 * a time); department and water sinks write only their own jsrc and never
 * read the join's tables, so they run concurrently with the roster.
 * Household and survey sinks begin after every roster source ended: they
 * read the join's tables (户编号 -> household) and write only their own
 * jsrc.  A department source is linked to the roster (link_source: roster
 * index per slot, ZZ12 differences) once both it and the roster are
 * complete, by whichever thread completes the second; the join's mutex only
 * guards that hand-over.
 */
#ifndef DZ_FACTS_H
#define DZ_FACTS_H

#include <pthread.h>
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

enum { SF_ACTIVE = 1, SF_EVENT = 2, SF_ROSTER = 8, SF_NH = 16 };

/* One person in one department source (or, merged, in one kind).  Slots
 * are kept in a dense array in order of first appearance (stab). */
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
	                      row with a township (source-local until join_eval, then global) */
	uint32_t who;      /* until linked: 1 + index in the source's `names` of the
	                      first further different name (0 = none); after: the
	                      roster index (SF_ROSTER) or NONE32 */
	uint16_t src_a, src_e, src_n; /* source ordinals of row_a, row_e, name */
	uint8_t flags;     /* SF_* */
} pslot;

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
	const char *name;  /* in the source's pool */
} namediff;

/* A name of a slot that normalizes differently from its first name (and
 * from the slot's other further names); a list per slot in row order. */
typedef struct xname {
	uint64_t h;        /* join_name_hash of the normalized name (never 0) */
	uint32_t row;
	uint32_t off;      /* the name as written, in the source's pool */
	uint32_t next;     /* 1 + index of the next entry; 0 = end */
} xname;

/* A department row on its way to its slot.  Rows are applied in file
 * order, JOIN_PIPE rows after they arrive, so that the hash probes of the
 * rows in flight overlap (the index bucket of a row is prefetched when it
 * arrives, its slot half-way). */
#define JOIN_PIPE 16           /* rows in flight (a power of two) */
#define JOIN_PIPE_NAME 42      /* longer names are applied at once */
typedef struct prow {
	uint64_t key;
	int64_t val;       /* W_EVT: the event's date; W_SUM: the amount */
	uint32_t row;
	uint32_t pl;       /* source-local place of the row (0 for kinds without) */
	uint32_t tag;      /* key_tag(key) */
	uint8_t what;      /* W_* (join.c) */
	uint8_t nlen;      /* name length, 0 = none */
	char name[JOIN_PIPE_NAME];
} prow;

typedef struct lplace {    /* source-local raw (township, village) */
	uint32_t off;      /* pool offset of [u32 tlen][township][village] */
	uint32_t len;
	uint32_t g;        /* global place (join_eval) */
	uint32_t twp, vil; /* canonical township index, village offset (join_eval) */
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

typedef struct hsrow {     /* household source: the first row of a household */
	uint32_t h;        /* household index */
	uint32_t pl;       /* source-local place of the row */
	hfields hf;        /* twp, vil unused (pl) */
} hsrow;

typedef struct jsrc {
	struct join *j;
	int ord;                    /* join_sink() call order */
	int kind;                   /* KIND_*, -1 before begin() */
	char *name, *file;          /* copies of src_info */
	bool present[F_COUNT];
	bool begun;
	bool ended, linked;         /* under the join's lock */
	stab slots;                 /* person kinds */
	uint32_t last;              /* slot of the previous row */
	prow *pipe;                 /* person kinds: JOIN_PIPE rows in flight */
	uint32_t phead, pn;         /* oldest row, rows in flight */
	VEC(lplace) places; smap pmap;
	uint32_t last_pl;           /* place of the previous row with one (0 = none) */
	strbuf pool;                /* names, place keys */
	VEC(xname) names;           /* further different names of slots (ZZ12) */
	VEC(namediff) diffs;        /* ZZ12 candidates (link_source) */
	VEC(survrec) surv; itab skt; /* key: household index */
	VEC(hsrow) hrows;           /* household source */
	uint8_t *hseen;             /* household source: per household, a row was kept */
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
	pthread_mutex_t lock;           /* guards the next four and jsrc ended/linked */
	int roster_open;                /* roster sources begun, not ended */
	bool roster_fed;                /* join_roster_fed() was called */
	bool roster_closed;             /* a household or survey source began */
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

/* A person seen only in department sources who has a finding (made by
 * join_who() on the first finding; persons without one cost nothing). */
typedef struct xperson {
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
	uint32_t nroster;
	kmerge km[KIND_COUNT];
	VEC(xperson) xp; itab xkt; /* person index nroster + i */
	uint16_t *act;            /* per roster member: bit k = an SF_ACTIVE slot in kind k */
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
/* The slot of a packed ID in a kind's merged table, NULL if none. */
const pslot *join_kslot(const rule_ctx *c, int kind, uint64_t key);
/* Person index of a slot's person: sl->who for a roster member, else
 * nroster + the xperson (made on first use: call it only to emit).  A slot
 * of a non-roster person has who == NONE32 (>= nroster, so
 * join_not_monitored(c, sl->who) and `who < nroster` tests work on it). */
uint32_t join_who(rule_ctx *c, const pslot *sl);
bool join_not_monitored(const rule_ctx *c, uint32_t p); /* person not under monitoring */
bool join_hh_not_monitored(const household *h);
/* Emit a finding for person p (a roster index or a join_who() index);
 * loc_src < 0 = no 来源位置.  route: place of the triggering
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
