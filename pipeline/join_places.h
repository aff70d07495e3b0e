/*
 * join_places.h - townships and villages in the join (SPEC §5, routing):
 * raw township/village text -> canonical township (norm_place, then the
 * township aliases the join was given) and normalized village, interned
 * once per distinct raw value; global places (township, village); and the
 * source-local places a department source collects before the roster is
 * known (raw text pairs, resolved to global places by join_finish).
 *
 * Two tables:
 *   jplaces  the join's: townships, villages, global places (gplace,
 *            join_data.h).  Written by the roster sink (one roster source
 *            at a time) and by join_finish, read by everyone after.
 *   lplaces  one per source: raw (township, village) pairs as met, keys in
 *            the source's pool; written only by the source's own sink.
 *
 * Functions in call order: places_init() -> places_township() /
 * places_village() (roster rows) ... lplaces_init() -> lplaces_of() (every
 * department row with a place; the previous row's place is tried first)
 * -> lplaces_resolve() / lplaces_globalize() (join_finish) ->
 * places_global() -> places_twp_name() / places_str() (reports) ->
 * lplaces_release(), places_release().
 *
 * Memory: per distinct raw township or village value a memo entry and its
 * text; per distinct normalized value its text; per global place 8 bytes
 * plus its key; per source and distinct raw pair 24 bytes plus its text.
 */
#ifndef DZ_JOIN_PLACES_H
#define DZ_JOIN_PLACES_H

#include <stdint.h>
#include "join_data.h"
#include "join_hash.h"
#include "record.h"

/* A township alias (config [townships]): `from` is another name of `to`. */
typedef struct twp_alias {
	const char *from;
	const char *to;
} twp_alias;

typedef struct jplaces {
	strbuf pool;                       /* township names, villages, memo keys */
	smap vils;                         /* interned normalized villages */
	smap twp_memo, vil_memo;           /* raw -> township index / village offset */
	VEC(uint32_t) twps; smap twp_map;  /* township index -> name offset; name -> index */
	VEC(gplace) places; smap place_map; /* global places; (twp, vil) -> index */
	char **alias_from, **alias_to;     /* normalized township aliases */
	size_t nalias;
	strbuf tmp;
} jplaces;

void places_init(jplaces *pl, const twp_alias *alias, size_t nalias);
/* Raw township text -> canonical township index (0 for ""); memoized. */
uint32_t places_township(jplaces *pl, const char *s, size_t n);
/* Raw village text -> pool offset of its normalized form (0 for ""). */
uint32_t places_village(jplaces *pl, const char *s, size_t n);
/* Global place index of (township, village); 0 when both are empty. */
uint32_t places_global(jplaces *pl, uint32_t twp, uint32_t vil);
const char *places_twp_name(const jplaces *pl, uint32_t twp);
const char *places_str(const jplaces *pl, uint32_t off);
void places_release(jplaces *pl);

/* A source-local raw (township, village). */
typedef struct lplace {
	uint32_t off;      /* source pool offset of [u32 tlen][township][village] */
	uint32_t len;
	uint32_t g;        /* global place (lplaces_globalize) */
	uint32_t twp, vil; /* canonical township index, village offset (lplaces_resolve) */
	uint32_t bad_row;  /* water: first bad row */
	uint8_t bad;       /* water: 1 quality bad, 2 supply bad */
} lplace;

typedef struct lplaces {
	VEC(lplace) v;     /* [0] = no place */
	smap map;          /* key bytes -> index */
	uint32_t last;     /* place of the previous row with one (0 = none) */
} lplaces;

void lplaces_init(lplaces *lp);
/* The place of a row's (township, village), 0 when both are empty; keys go
 * into pool, tmp is scratch. */
uint32_t lplaces_of(lplaces *lp, strbuf *pool, strbuf *tmp, const dzrec *r);
/* Every raw place -> canonical township and village (twp, vil). */
void lplaces_resolve(lplaces *lp, const strbuf *pool, jplaces *pl);
/* lplaces_resolve, then each place's global place (g). */
void lplaces_globalize(lplaces *lp, const strbuf *pool, jplaces *pl);
void lplaces_release(lplaces *lp);

#endif
