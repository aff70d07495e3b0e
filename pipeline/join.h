/*
 * join.h - the join: persons keyed by the packed 64-bit ID, households,
 * villages, and the per-person facts each source contributes, fed by one
 * sink per source.  It knows nothing of rules: join_eval.h evaluates the
 * rule catalogue over its tables once they are final.
 *
 * Its rooms (each with its own header):
 *   join_hash.h     the hash tables (itab, smap) and huge-page tables
 *   join_data.h     the shapes it keeps: person, household, place, slot
 *   join_persons.h  the person table: roster members, households, roster sink
 *   join_places.h   townships and villages: normalization, aliases, places
 *   join_facts.h    per-source facts: department, water, survey, household
 *                   sinks; slots; the prefetch pipe; linking to the roster
 *   join.c          this: sinks and phases, finishing, read-only access
 *
 * Feeding order (phases); every source has its own sink (join_sink):
 *   1. roster sources one after the other, and, concurrently with them and
 *      with each other on any threads, department and water sources (these
 *      write only their own per-source fact tables and never read the
 *      roster's);
 *   2. after every roster source ended: household and survey sources, on
 *      any threads, also while phase-1 department sources still run (they
 *      read the roster's tables, which are final by then).
 * join_roster_fed() says phase 1's roster part is over; from then on each
 * department source is linked to the roster (roster membership, ZZ12's name
 * comparison) as soon as it ends, on the thread that fed it.  Then
 * join_finish() links whatever is left, applies the household sources and
 * resolves every place; the tables are final and read-only from then on.
 * Results do not depend on which thread fed which source or in what order
 * they finished: "first row" is by join_sink order, then file order.
 *
 * Memory: proportional to distinct persons (roster members + persons seen in
 * department sources), households and villages; never to department rows.
 */
#ifndef DZ_JOIN_H
#define DZ_JOIN_H

#include <stdbool.h>
#include <stdint.h>
#include "record.h"
#include "join_places.h"

typedef struct join_params {
	int32_t ref_days;                 /* R */
	int year, month;                  /* the period */
	const twp_alias *townships;       /* township aliases */
	size_t ntownships;
	bool no_lj_facts;                 /* the run evaluates no LJ rule: the roster's
	                                     LJ facts are not gathered (join_persons.h) */
} join_params;

typedef struct join join;
struct jpersons;
struct jsrc;

join *join_new(const join_params *p);
/* A sink for one source; call once per source, all from one thread, before
 * feeding any.  Phase rules above (violations are BUG()s). */
rec_sink join_sink(join *j);
/*
 * Every roster source of the run has ended (call once, after the last
 * roster sink's end(), from any thread; also when the run has no roster).
 * Department sources that already ended are linked now, in the calling
 * thread; later ones when they end.  Optional: join_finish() links the rest.
 * k: any sink of the join.
 */
void join_roster_fed(const rec_sink *k);
/*
 * Every source has ended: link the department sources nobody linked yet,
 * apply the household sources' rows (first source with a row of a
 * household wins, column by column), give every household and every
 * source place its global place.  Returns -1 if called before (once only).
 */
int join_finish(join *j);

/* After join_finish, read-only: the tables (for join_eval.c). */
const join_params *join_get_params(const join *j);
const struct jpersons *join_persons(const join *j);
const jplaces *join_places(const join *j);
size_t join_nsources(const join *j);
const struct jsrc *join_source(const join *j, size_t ord);   /* join_sink order */
/* The columns (F_COUNT flags) of source ord (join_sink order), NULL if it
 * never began (nothing of it reached the join).  Any time after feeding. */
const bool *join_source_columns(const join *j, size_t ord);

/* The canonical townships of the roster members (own row, else their
 * household's), after join_finish; strings owned by the join.  The caller
 * frees the array. */
size_t join_roster_townships(const join *j, const char ***out);
void join_free(join *j);

#endif
