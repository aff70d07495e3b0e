/*
 * join.c - the join's sinks, its phases and its finishing step (see
 * join.h); the work per row lives in join_persons.c (roster) and
 * join_facts.c (every other kind).
 *
 * Functions in call order:
 *   join_new()        parameters; the person table; places with the
 *                     township aliases
 *   join_sink()       one jsink (a jsrc and its join) per source (call from
 *                     one thread, before feeding)
 *     sink_begin()    checks the phase rules of join.h (BUG() if broken)
 *     sink_record()   roster: persons_roster_record() writes the join's
 *                     tables (one roster source at a time); department and
 *                     water: facts_dept_record() / facts_water_record()
 *                     write only their jsrc and read nothing of the join's,
 *                     so they run concurrently with the roster; household
 *                     and survey: facts_household_record() /
 *                     facts_survey_record() read the complete roster and
 *                     write only their jsrc
 *     sink_end()      a department source: facts_link() once the roster is
 *                     fed (else join_roster_fed() or join_finish() does it)
 *   join_roster_fed() links the department sources that ended meanwhile
 *   join_finish()     links what is left -> household-source rows applied
 *                     (sources in join_sink order) -> household places ->
 *                     source places to global places
 *   join_get_params() join_persons() join_places() join_source()
 *   join_source_columns()  (read-only)
 *   join_roster_townships()
 *   join_free()
 *
 * Threads: the join's mutex guards only the phase bookkeeping (roster
 * sources open, roster fed, household/survey begun) and each jsrc's
 * ended/linked flags: a department source is linked by whichever thread
 * completes the second of (source, roster).
 *
 * Memory: the person table, the places and one jsrc per source (see their
 * headers); the join itself adds a pointer per source.
 */
#include "join.h"
#include "join_facts.h"
#include "join_persons.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* A sink's context: a source's facts and the join they belong to. */
typedef struct jsink {
	jsrc s;                         /* first: &jsink->s is the jsrc */
	struct join *j;
} jsink;

struct join {
	join_params p;
	jpersons persons;               /* the roster */
	jplaces places;
	VEC(jsink *) src;               /* join_sink order */
	pthread_mutex_t lock;           /* guards the next three and jsrc ended/linked */
	int roster_open;                /* roster sources begun, not ended */
	bool roster_fed;                /* join_roster_fed() was called */
	bool roster_closed;             /* a household or survey source began */
	bool finished;                  /* join_finish() was called */
};

join *join_new(const join_params *p)
{
	join *j = xcalloc(1, sizeof *j);
	j->p = *p;
	j->p.townships = NULL;          /* copied into the places, not kept */
	j->p.ntownships = 0;
	persons_init(&j->persons, !p->no_lj_facts);
	places_init(&j->places, p->townships, p->ntownships);
	pthread_mutex_init(&j->lock, NULL);
	return j;
}

void join_free(join *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->src.n; i++) {
		facts_release(&j->src.v[i]->s);
		free(j->src.v[i]);
	}
	VEC_FREE(j->src);
	persons_release(&j->persons);
	places_release(&j->places);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* ------------------------------------------------------------- the sinks */

static int sink_begin(void *ctx, const src_info *info)
{
	jsink *k = ctx;
	jsrc *s = &k->s;
	join *j = k->j;
	if (s->begun)
		BUG("join: one sink fed two sources");
	if (info->kind < 0 || info->kind >= KIND_COUNT)
		BUG("join: unknown kind %d", info->kind);
	const char *bad = NULL;
	pthread_mutex_lock(&j->lock);
	if (info->kind == KIND_ROSTER) {
		if (j->roster_fed || j->roster_closed)
			bad = "a roster source fed after household or survey sources";
		else if (j->roster_open)
			bad = "two roster sources fed at once";
		else
			j->roster_open++;
	} else if (info->kind == KIND_HOUSEHOLD || info->kind == KIND_SURVEY) {
		if (j->roster_open)
			bad = "a household or survey source fed while a roster source is";
		j->roster_closed = true;
	}
	pthread_mutex_unlock(&j->lock);
	if (bad)
		BUG("join: %s", bad);
	/* a household source begins after the roster: its household count is final */
	facts_begin(s, info, j->persons.hh.n);
	if (s->kind == KIND_ROSTER)
		persons_roster_begin(&j->persons);
	return 0;
}

static int sink_record(void *ctx, const dzrec *r)
{
	jsink *k = ctx;
	jsrc *s = &k->s;
	switch (s->kind) {
	case KIND_ROSTER:
		return persons_roster_record(&k->j->persons, &k->j->places, r);
	case KIND_HOUSEHOLD:
		return facts_household_record(s, &k->j->persons, r);
	case KIND_WATER:
		return facts_water_record(s, r);
	case KIND_SURVEY:
		return facts_survey_record(s, &k->j->persons, r);
	default:
		return facts_dept_record(s, r);
	}
}

static int sink_end(void *ctx, const src_info *info, const src_account *acct)
{
	jsink *k = ctx;
	jsrc *s = &k->s;
	join *j = k->j;
	(void)info;
	(void)acct;
	facts_drain(s);
	bool link = false;
	pthread_mutex_lock(&j->lock);
	s->ended = true;
	if (s->kind == KIND_ROSTER)
		j->roster_open--;
	else if (facts_person_kind(s->kind) && j->roster_fed && !s->linked)
		link = s->linked = true;
	pthread_mutex_unlock(&j->lock);
	if (link)
		facts_link(s, &j->persons);
	return 0;
}

rec_sink join_sink(join *j)
{
	if (j->finished)
		BUG("join: join_sink after join_finish");
	if (j->src.n >= UINT16_MAX)
		BUG("join: more than %d sources", UINT16_MAX - 1);
	jsink *k = xcalloc(1, sizeof *k);
	k->j = j;
	facts_init(&k->s, (int)j->src.n, j->p.ref_days, j->p.year, j->p.month);
	VEC_PUSH(j->src, k);
	rec_sink sk = { sink_begin, sink_record, sink_end, k };
	return sk;
}

void join_roster_fed(const rec_sink *k)
{
	jsink *k0 = k->ctx;
	join *j = k0->j;
	VEC(jsrc *) todo = { 0 };
	pthread_mutex_lock(&j->lock);
	int open = j->roster_open;
	j->roster_fed = true;
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = &j->src.v[i]->s;
		if (s->ended && facts_person_kind(s->kind) && !s->linked) {
			s->linked = true;
			VEC_PUSH(todo, s);
		}
	}
	pthread_mutex_unlock(&j->lock);
	if (open)
		BUG("join: join_roster_fed while a roster source is being fed");
	for (size_t i = 0; i < todo.n; i++)
		facts_link(todo.v[i], &j->persons);
	VEC_FREE(todo);
}

/* ------------------------------------------------------------- finishing */

/* Household sources, in source order: the first source with a row of a
 * household overrides the columns it has (docs/decisions.md). */
static void apply_households(join *j)
{
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = &j->src.v[i]->s;
		if (!s->begun || s->kind != KIND_HOUSEHOLD)
			continue;
		lplaces_resolve(&s->places, &s->pool, &j->places);
		for (size_t e = 0; e < s->hrows.n; e++) {
			const hsrow *x = &s->hrows.v[e];
			const lplace *lp = &s->places.v.v[x->pl];
			persons_apply_household(&j->persons, x->h, &x->hf, s->present, lp->twp, lp->vil);
		}
	}
}

int join_finish(join *j)
{
	if (j->finished)
		return -1;
	j->finished = true;
	/* department sources nobody linked yet (no join_roster_fed) */
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = &j->src.v[i]->s;
		if (s->begun && facts_person_kind(s->kind) && !s->linked) {
			s->linked = true;
			facts_link(s, &j->persons);
		}
	}
	apply_households(j);
	for (size_t h = 0; h < j->persons.hh.n; h++) {
		household *H = &j->persons.hh.v[h];
		H->place = places_global(&j->places, H->hf.twp, H->hf.vil);
	}
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = &j->src.v[i]->s;
		if (s->begun && s->kind != KIND_HOUSEHOLD)
			facts_globalize(s, &j->places);
	}
	return 0;
}

/* ------------------------------------------------------------- read-only */

const join_params *join_get_params(const join *j)
{
	return &j->p;
}

const jpersons *join_persons(const join *j)
{
	return &j->persons;
}

const jplaces *join_places(const join *j)
{
	return &j->places;
}

size_t join_nsources(const join *j)
{
	return j->src.n;
}

const jsrc *join_source(const join *j, size_t ord)
{
	return &j->src.v[ord]->s;
}

const bool *join_source_columns(const join *j, size_t ord)
{
	const jsrc *s = &j->src.v[ord]->s;
	return s->begun ? s->present : NULL;
}

size_t join_roster_townships(const join *j, const char ***out)
{
	const jpersons *t = &j->persons;
	size_t nt = j->places.twps.n;
	bool *seen = xcalloc(nt + 1, sizeof *seen);
	const char **v = xmalloc((nt + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < t->persons.n; i++) {
		const person *P = &t->persons.v[i];
		uint32_t tw = P->twp;
		if (!tw && P->hh < t->hh.n)
			tw = t->hh.v[P->hh].hf.twp;
		if (tw && tw < nt && !seen[tw]) {
			seen[tw] = true;
			v[n++] = places_twp_name(&j->places, tw);
		}
	}
	free(seen);
	*out = v;
	return n;
}
