/*
 * join_persons.h - the person table of the join: roster members keyed by
 * the packed 64-bit ID, their households (户编号 -> household, the head,
 * household-level values), and the roster sink's per-row work.
 *
 * Written by the roster sink only (one roster source at a time, join.h
 * phases) and by join_finish (household-source rows applied); read by
 * everyone once the roster is fed.
 *
 * Functions in call order: persons_init() -> persons_roster_begin() ->
 * persons_roster_record() (every roster row) -> persons_find() /
 * persons_household() (department linking, household and survey sinks) ->
 * persons_apply_household() (join_finish) -> persons_str() ->
 * persons_release().  Row helpers row32(), row_yn(), row_cls() and
 * persons_hvals() turn a record's values into join_data.h's shapes.
 *
 * Memory: 64 bytes per member plus ~16 of index, 64 per household plus its
 * 户编号, each name once, each school/work/health/id_type word once; 16
 * bytes per member with a phone (and an invalid phone's text).
 */
#ifndef DZ_JOIN_PERSONS_H
#define DZ_JOIN_PERSONS_H

#include <stdbool.h>
#include <stdint.h>
#include "join_data.h"
#include "join_hash.h"
#include "join_places.h"
#include "record.h"
#include "vocab.h"

typedef struct jpersons {
	VEC(person) persons; itab pkt;     /* packed ID -> person */
	VEC(phonerec) phones;              /* members' non-empty phones, roster order */
	bool lj;                           /* gather the LJ facts (person bit fields, phones) */
	VEC(household) hh; smap hmap;      /* 户编号 -> household */
	strbuf pool;                       /* names, 户编号, words */
	smap words;                        /* interned school/work words */
	uint32_t last_hh;                  /* household of the previous roster row (NONE32) */
	strbuf last_hid;                   /* its 户编号 */
	strbuf tmp;                        /* scratch (norm_name) */
} jpersons;

/* lj: gather the LJ rules' facts (false when no LJ rule is evaluated). */
void persons_init(jpersons *t, bool lj);
/* A roster source begins (the previous-row shortcut starts afresh). */
void persons_roster_begin(jpersons *t);
/* One roster row: 0 used, DQ02 (no usable ID) or DQ07 (duplicate ID).
 * Township and village are interned in pl. */
int persons_roster_record(jpersons *t, jplaces *pl, const dzrec *r);
/* Person index of a packed ID, NONE32 if not on the roster. */
static inline uint32_t persons_find(const jpersons *t, uint64_t key)
{
	return itab_find(&t->pkt, t->persons.v, sizeof(person), key);
}
/* Household index of a 户编号; false if not on the roster. */
bool persons_household(const jpersons *t, const char *hid, size_t n, uint32_t *h);
/* Household h takes a household source's values for the columns the source
 * has (present[]): place (twp, vil) and the values of x.  Only the first
 * household-source row of a household is applied: false if one was. */
bool persons_apply_household(jpersons *t, uint32_t h, const hfields *x, const bool *present,
                             uint32_t twp, uint32_t vil);
const char *persons_str(const jpersons *t, uint32_t off);
void persons_release(jpersons *t);

/* ---- a record's values in join_data.h's shapes ---- */

static inline uint32_t row32(long row)
{
	if (row < 0)
		return 0;
	if ((unsigned long)row >= UINT32_MAX)
		return UINT32_MAX - 1;
	return (uint32_t)row;
}

static inline int8_t row_yn(const dzrec *r, int f)
{
	return r->num[f] == YN_YES ? 1 : r->num[f] == YN_NO ? 0 : -1;
}

static inline int8_t row_cls(const dzrec *r, int f)
{
	int64_t v = r->num[f];
	return (v == NUM_UNKNOWN || v < 0 || v > 100) ? -1 : (int8_t)v;
}

/* Household-level values of a row other than the place. */
void persons_hvals(hfields *h, const dzrec *r);

#endif
