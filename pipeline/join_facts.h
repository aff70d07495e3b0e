/*
 * join_facts.h - the facts one source contributes to the join (jsrc): per
 * person of a department source a slot (pslot, join_data.h: active and
 * event rows, a sum or a date, places, the first name and ZZ12's further
 * names), per water place its bad rows, per roster household the survey
 * row in use or the household-source row; and the sinks' per-row work
 * that fills them.
 *
 * Threads (join.h phases): a department or water source's sink writes only
 * its own jsrc and reads nothing of the join's, so it runs concurrently
 * with the roster; household and survey sinks read the complete person
 * table (户编号 -> household) and write only their jsrc.  facts_link()
 * needs the source and the roster both complete.
 *
 * Functions in call order: facts_init() -> facts_begin() ->
 * facts_dept_record() / facts_water_record() / facts_survey_record() /
 * facts_household_record() (every row) -> facts_drain() (end of source) ->
 * facts_link() (once the roster is fed) -> facts_globalize()
 * (join_finish) -> facts_release().  stab_*: the slot table, also used to
 * merge the sources of one kind (join_eval.c).
 *
 * Memory per source: 64 bytes per distinct person plus ~16 of index and
 * its first name; 24 per further different name (ZZ12); per place as in
 * join_places.h; survey and household sources one record per roster
 * household they name (and a byte per roster household).  Nothing is kept
 * per row: JOIN_PIPE rows are in flight.
 */
#ifndef DZ_JOIN_FACTS_H
#define DZ_JOIN_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include "join_data.h"
#include "join_hash.h"
#include "join_persons.h"
#include "join_places.h"
#include "record.h"

/* Kinds whose facts are slots of persons (the department kinds). */
static inline bool facts_person_kind(int k)
{
	return k != KIND_ROSTER && k != KIND_HOUSEHOLD && k != KIND_WATER && k != KIND_SURVEY;
}

/* Slots of one source or kind: a dense array in order of first appearance
 * and an itab on the packed ID. */
typedef struct stab {
	pslot *v;          /* dense, in order of first appearance */
	uint32_t n, cap;
	itab ix;
} stab;

pslot *stab_find(const stab *st, uint64_t key);      /* NULL if absent */
/* Find or add a zeroed slot; valid until the next get. */
pslot *stab_get(stab *st, uint64_t key, bool *created);
void stab_release(stab *st);

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
	uint8_t what;      /* W_* (join_facts.c) */
	uint8_t nlen;      /* name length, 0 = none */
	char name[JOIN_PIPE_NAME];
} prow;

typedef struct hsrow {     /* household source: the first row of a household */
	uint32_t h;        /* household index */
	uint32_t pl;       /* source-local place of the row */
	hfields hf;        /* twp, vil unused (pl) */
} hsrow;

typedef struct jsrc {
	int ord;                    /* join_sink() call order */
	int kind;                   /* KIND_*, -1 before begin() */
	char *name, *file;          /* copies of src_info */
	bool present[F_COUNT];
	bool begun;
	bool ended, linked;         /* under the join's lock (join.c) */
	stab slots;                 /* person kinds */
	uint32_t last;              /* slot of the previous row */
	prow *pipe;                 /* person kinds: JOIN_PIPE rows in flight */
	uint32_t phead, pn;         /* oldest row, rows in flight */
	lplaces places;             /* raw places of the rows */
	strbuf pool;                /* names, place keys */
	VEC(xname) names;           /* further different names of slots (ZZ12) */
	VEC(namediff) diffs;        /* ZZ12 candidates (facts_link) */
	VEC(survrec) surv; itab skt; /* key: household index */
	VEC(hsrow) hrows;           /* household source */
	uint8_t *hseen;             /* household source: per household, a row was kept */
	strbuf tmp;                 /* scratch (norm_name, place keys) */
	int32_t p1, R, win_lo;      /* first day of period, R, R - 365 */
	int year;
} jsrc;

/* Source number ord of a run whose period is (year, month), R = ref_days. */
void facts_init(jsrc *s, int ord, int32_t ref_days, int year, int month);
/* The source's declaration; nhouseholds: roster households (final for
 * household and survey sources, which begin after the roster). */
void facts_begin(jsrc *s, const src_info *info, size_t nhouseholds);
/* The sinks' record(): 0 used, or the DQ code that rejects the row. */
int facts_dept_record(jsrc *s, const dzrec *r);
int facts_water_record(jsrc *s, const dzrec *r);
int facts_survey_record(jsrc *s, const jpersons *t, const dzrec *r);
int facts_household_record(jsrc *s, const jpersons *t, const dzrec *r);
/* Applies the rows still in flight. */
void facts_drain(jsrc *s);
/* A complete department source against the complete roster: roster index
 * per slot (SF_ROSTER), ZZ12 candidates. */
void facts_link(jsrc *s, const jpersons *t);
/* Source-local places -> global places, in the places and in the slots. */
void facts_globalize(jsrc *s, jplaces *pl);
/* Several survey rows of a household: x replaces cur (the latest 核查日期;
 * ties or unknown dates: the later row). */
bool facts_survey_newer(const survrec *x, const survrec *cur);
void facts_release(jsrc *s);

#endif
