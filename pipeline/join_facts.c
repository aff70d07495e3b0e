/*
 * join_facts.c - the per-source facts of the join (see join_facts.h).
 *
 * Functions in call order:
 *   facts_init() facts_begin()
 *   facts_dept_record()   what the row does (active, event, amount, place)
 *                         is decided at once; the row then waits JOIN_PIPE
 *                         rows in the pipe (pipe_pop -> apply_row), its
 *                         index bucket and slot prefetched meanwhile
 *   facts_water_record()  bad quality/supply words per raw place
 *   facts_household_record() facts_survey_record()   per roster household
 *   facts_drain()         the rows in flight
 *   facts_link()          roster index per slot, ZZ12 candidates
 *   facts_globalize()     raw places -> global places in slots
 *   facts_release()
 *
 * Algorithm: a department row becomes a small record of what it does and
 * is applied to its person's slot in the source's own slot table (stab)
 * JOIN_PIPE rows later, in file order; meanwhile the index bucket and the
 * slot are prefetched, so the cache misses of consecutive rows overlap.  A
 * row of the same person as the previous row costs no probe.  A slot keeps
 * its first name as written and, for ZZ12, the earliest row of each
 * further name that normalizes differently.  Once the source and the
 * roster are both complete, facts_link() walks the slots in order (roster
 * probes prefetched ahead), marks roster members and picks ZZ12's row: the
 * earliest name whose normalized hash differs from the roster name's, i.e.
 * the first row in file order with a different non-empty name.
 *
 * Memory: see join_facts.h.
 */
#include "join_facts.h"
#include "idcard.h"
#include "vocab.h"
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ slot table */

pslot *stab_find(const stab *st, uint64_t key)
{
	uint32_t i = itab_find(&st->ix, st->v, sizeof(pslot), key);
	return i == NONE32 ? NULL : &st->v[i];
}

/* stab_get with tag = key_tag(key) */
static pslot *stab_get_t(stab *st, uint64_t key, uint32_t tag, bool *created)
{
	uint32_t i = st->ix.t ? itab_find_t(&st->ix, st->v, sizeof(pslot), key, tag) : NONE32;
	if (i != NONE32) {
		*created = false;
		return &st->v[i];
	}
	if (st->n == st->cap) {
		if (st->cap >= UINT32_MAX / 2)
			BUG("join: too many persons in one table");
		st->cap = st->cap ? st->cap * 2 : 64;
		st->v = xrealloc(st->v, (size_t)st->cap * sizeof *st->v);
	}
	pslot *sl = &st->v[st->n];
	memset(sl, 0, sizeof *sl);
	sl->key = key;
	itab_add_t(&st->ix, tag, st->n++);
	*created = true;
	return sl;
}

pslot *stab_get(stab *st, uint64_t key, bool *created)
{
	return stab_get_t(st, key, key_tag(key), created);
}

void stab_release(stab *st)
{
	free(st->v);
	itab_release(&st->ix);
	st->v = NULL;
	st->n = st->cap = 0;
}

/* ------------------------------------------------------------ a source */

void facts_init(jsrc *s, int ord, int32_t ref_days, int year, int month)
{
	memset(s, 0, sizeof *s);
	s->ord = ord;
	s->kind = -1;
	sb_init(&s->pool);
	sb_addc(&s->pool, '\0');
	sb_init(&s->tmp);
	lplaces_init(&s->places);
	s->R = ref_days;
	s->p1 = date_from_ymd(year, month, 1);
	s->win_lo = ref_days - 365;
	s->year = year;
}

void facts_begin(jsrc *s, const src_info *info, size_t nhouseholds)
{
	s->begun = true;
	s->kind = info->kind;
	s->name = xstrdup(info->name && *info->name ? info->name : kinds[info->kind].name);
	s->file = xstrdup(info->file ? info->file : "");
	memcpy(s->present, info->present, sizeof s->present);
	if (s->kind == KIND_HOUSEHOLD)
		s->hseen = xcalloc(nhouseholds ? nhouseholds : 1, 1);
	if (facts_person_kind(s->kind))
		s->pipe = xcalloc(JOIN_PIPE, sizeof *s->pipe);
}

void facts_release(jsrc *s)
{
	free(s->name);
	free(s->file);
	stab_release(&s->slots);
	lplaces_release(&s->places);
	sb_release(&s->pool);
	VEC_FREE(s->names);
	VEC_FREE(s->diffs);
	VEC_FREE(s->surv);
	itab_release(&s->skt);
	VEC_FREE(s->hrows);
	free(s->hseen);
	free(s->pipe);
	sb_release(&s->tmp);
}

/* ------------------------------------------------------------ names (ZZ12) */

/* Hash of the normalized name (ZZ12 compares these: a 64-bit FNV-1a; equal
 * names have equal hashes, and a collision of two different names is a
 * 2^-64 event); 0 when the name normalizes to "". */
static uint64_t name_key(jsrc *s, const char *v, size_t n)
{
	norm_name(&s->tmp, v, n);
	return s->tmp.len ? join_name_hash(s->tmp.buf, s->tmp.len) : 0;
}

/* The slot's sl->nh, computed on first use. */
static uint64_t first_hash(jsrc *s, pslot *sl)
{
	if (!(sl->flags & SF_NH)) {
		const char *f = s->pool.buf + sl->name;
		sl->nh = name_key(s, f, strlen(f));
		sl->flags |= SF_NH;
	}
	return sl->nh;
}

/* NUL-terminated a equals the n bytes of b. */
static bool same_text(const char *a, const char *b, size_t n)
{
	size_t i = 0;
	while (i < n && a[i] && a[i] == b[i])
		i++;
	return i == n && !a[n];
}

/* A row's non-empty name.  The roster is not known yet, so a slot keeps its
 * first name (as written, for persons not on the roster, and its hash) and,
 * for ZZ12, the earliest row of every further name that normalizes
 * differently.  facts_link() then finds the first row whose name differs
 * from the roster's.  Memory per distinct (source, person, name). */
static void name_seen(jsrc *s, pslot *sl, const char *v, size_t n, uint32_t row)
{
	if (!sl->name) {
		sl->name = pool_add(&s->pool, v, n);
		sl->src_n = (uint16_t)s->ord;
		sl->nrow = row;
		return;
	}
	if (same_text(s->pool.buf + sl->name, v, n))
		return;                 /* the usual case: the same name again */
	uint64_t h = name_key(s, v, n);
	if (!h || h == first_hash(s, sl))
		return;
	uint32_t last = 0;
	for (uint32_t e = sl->who; e; e = s->names.v[e - 1].next) {
		if (s->names.v[e - 1].h == h)
			return;
		last = e;
	}
	if (s->names.n >= UINT32_MAX - 1)
		BUG("join: too many names");
	xname x = { .h = h, .row = row, .off = pool_add(&s->pool, v, n), .next = 0 };
	VEC_PUSH(s->names, x);
	if (last)
		s->names.v[last - 1].next = (uint32_t)s->names.n;
	else
		sl->who = (uint32_t)s->names.n;
}

/* ------------------------------------------------------- department rows */

static void set_active(jsrc *s, pslot *sl, uint32_t row, uint32_t pl)
{
	if (sl->flags & SF_ACTIVE)
		return;
	sl->flags |= SF_ACTIVE;
	sl->row_a = row;
	sl->src_a = (uint16_t)s->ord;
	sl->pl_a = pl;
}

static void set_event(jsrc *s, pslot *sl, uint32_t row, uint32_t pl, int64_t val)
{
	if (sl->flags & SF_EVENT)
		return;
	sl->flags |= SF_EVENT;
	sl->row_e = row;
	sl->src_e = (uint16_t)s->ord;
	sl->pl_e = pl;
	sl->val = val;
}

static bool in_range(int64_t d, int64_t lo, int64_t hi)
{
	return d != NUM_UNKNOWN && d >= lo && d <= hi;
}

/* What a row does to its person's slot (prow.what). */
enum {
	W_ACT = 1,    /* an active row: the first one sets SF_ACTIVE, row_a, pl_a */
	W_EVT = 2,    /* an event row: the first one sets SF_EVENT, row_e, pl_e, val */
	W_SUM = 4,    /* med_claims counted row: val += amount; row_e = this row */
	W_ANY = 8,    /* the row has a township: the first one sets pl_any */
};

static void apply_row(jsrc *s, const prow *x, const char *name, size_t nlen)
{
	pslot *sl;
	/* exports often list one person's rows together (e.g. settlements) */
	if (s->slots.n && s->slots.v[s->last].key == x->key) {
		sl = &s->slots.v[s->last];
	} else {
		bool created;
		sl = stab_get_t(&s->slots, x->key, x->tag, &created);
		s->last = (uint32_t)(sl - s->slots.v);
	}
	if (nlen)
		name_seen(s, sl, name, nlen, x->row);
	if (x->what & W_ACT)
		set_active(s, sl, x->row, x->pl);
	if (x->what & W_EVT)
		set_event(s, sl, x->row, x->pl, x->val);
	if (x->what & W_SUM) {
		sl->val = fen_add(sl->val, x->val);
		sl->flags |= SF_EVENT;
		sl->row_e = x->row;   /* the last counted row */
		sl->src_e = (uint16_t)s->ord;
	}
	if ((x->what & W_ANY) && !sl->pl_any)
		sl->pl_any = x->pl;
}

/* Apply the oldest row in flight. */
static void pipe_pop(jsrc *s)
{
	const prow *x = &s->pipe[s->phead];
	apply_row(s, x, x->name, x->nlen);
	s->phead = (s->phead + 1) & (JOIN_PIPE - 1);
	s->pn--;
}

void facts_drain(jsrc *s)
{
	while (s->pn)
		pipe_pop(s);
}

/* A department row: what it does is decided now (it needs only the row);
 * where (its person's slot) once JOIN_PIPE more rows arrived. */
int facts_dept_record(jsrc *s, const dzrec *r)
{
	if (r->num[F_ID] == NUM_UNKNOWN || r->num[F_ID] == 0)
		return DQ02;
	if (s->pn == JOIN_PIPE)
		pipe_pop(s);
	uint32_t at = (s->phead + s->pn) & (JOIN_PIPE - 1);
	prow *x = &s->pipe[at];
	x->key = (uint64_t)r->num[F_ID];
	x->row = row32(r->row);
	x->val = 0;
	x->pl = 0;
	x->what = 0;
	int64_t st = r->num[F_STATUS];
	bool place = false;
	switch (s->kind) {
	case KIND_DIBAO:
	case KIND_TEKUN:
		/* empty status (or no status column) counts as active; DQ10 does not */
		if (st == ST_ACTIVE || (st == NUM_UNKNOWN && r->n[F_STATUS] == 0)) {
			x->what |= W_ACT;
			if (in_range(r->num[F_START_DATE], s->p1, s->R)) {
				x->what |= W_EVT;
				x->val = r->num[F_START_DATE];
			}
		}
		place = true;
		break;
	case KIND_RELIEF:
		if (in_range(r->num[F_DATE], s->p1, s->R)) {
			x->what |= W_EVT;
			x->val = r->num[F_DATE];
		}
		place = true;
		break;
	case KIND_DEATH:
		if (in_range(r->num[F_DATE], INT32_MIN, s->R)) {
			x->what |= W_EVT;
			x->val = r->num[F_DATE];
		}
		break;
	case KIND_MED_ENROLL: {
		int64_t y = r->num[F_YEAR];
		bool year_ok = (y == NUM_UNKNOWN && r->n[F_YEAR] == 0) || y == s->year;
		if (st == ST_ACTIVE && year_ok)
			x->what |= W_ACT;
		place = true;
		break;
	}
	case KIND_MED_CLAIMS:
		if (in_range(r->num[F_DATE], (int64_t)s->win_lo + 1, s->R) && r->num[F_OOP] != NUM_UNKNOWN) {
			x->what |= W_SUM;
			x->val = r->num[F_OOP];
		}
		break;
	case KIND_EMPLOYMENT:
		if (st == ST_ACTIVE)
			x->what |= W_ACT;
		else if (st == ST_UNEMPLOYED)
			x->what |= W_EVT;
		break;
	case KIND_SCHOOL:
		if (st == ST_ACTIVE)
			x->what |= W_ACT;
		place = true;
		break;
	default:
		BUG("join: kind %d is not a person kind", s->kind);
	}
	if (place) {
		x->pl = lplaces_of(&s->places, &s->pool, &s->tmp, r);
		if (r->n[F_TOWNSHIP])
			x->what |= W_ANY;
	}
	size_t nlen = r->n[F_NAME];
	if (nlen > JOIN_PIPE_NAME) {
		/* a long name: apply every row in flight, then this one (x is
		 * not in flight: the drain leaves it alone) */
		facts_drain(s);
		x->tag = key_tag(x->key);
		apply_row(s, x, r->v[F_NAME], nlen);
		return 0;
	}
	x->nlen = (uint8_t)nlen;
	if (nlen)
		memcpy(x->name, r->v[F_NAME], nlen);
	/* prefetch this row's index bucket, and the slot of the row half-way */
	const itab *it = &s->slots.ix;
	uint32_t prev = (at - 1) & (JOIN_PIPE - 1);
	if (s->pn && s->pipe[prev].key == x->key) {
		x->tag = s->pipe[prev].tag;
	} else {
		x->tag = key_tag(x->key);
		if (it->t)
			__builtin_prefetch(&it->t[x->tag & it->mask]);
	}
	s->pn++;
	if (s->pn > JOIN_PIPE / 2 && it->t) {
		const prow *m = &s->pipe[(at - JOIN_PIPE / 2) & (JOIN_PIPE - 1)];
		uint64_t e = it->t[m->tag & it->mask];
		if (e && (uint32_t)(e >> 32) == m->tag && (uint32_t)e - 1 < s->slots.n)
			__builtin_prefetch(&s->slots.v[(uint32_t)e - 1]);
	}
	return 0;
}

int facts_water_record(jsrc *s, const dzrec *r)
{
	uint8_t bad = (uint8_t)((r->num[F_QUALITY] == 1 ? 1 : 0) | (r->num[F_SUPPLY] == 1 ? 2 : 0));
	if (!bad)
		return 0;
	uint32_t pl = lplaces_of(&s->places, &s->pool, &s->tmp, r);
	if (!pl)
		return 0;
	lplace *lp = &s->places.v.v[pl];
	if (!lp->bad)
		lp->bad_row = row32(r->row);
	lp->bad |= bad;
	return 0;
}

/* ------------------------------- household and survey rows (roster read) */

/* The household source overrides the head's values field by field, for the
 * columns it has; the first row of a household is used.  Kept here and
 * applied by join_finish, so that this sink writes only its own jsrc. */
int facts_household_record(jsrc *s, const jpersons *t, const dzrec *r)
{
	uint32_t h;
	if (!persons_household(t, r->v[F_HOUSEHOLD_ID], r->n[F_HOUSEHOLD_ID], &h))
		return 0;
	if (s->hseen[h])
		return 0;
	s->hseen[h] = 1;
	hsrow x;
	memset(&x, 0, sizeof x);
	x.h = h;
	x.pl = lplaces_of(&s->places, &s->pool, &s->tmp, r);
	persons_hvals(&x.hf, r);
	VEC_PUSH(s->hrows, x);
	return 0;
}

bool facts_survey_newer(const survrec *x, const survrec *cur)
{
	return x->date == INT32_MIN || cur->date == INT32_MIN || x->date >= cur->date;
}

int facts_survey_record(jsrc *s, const jpersons *t, const dzrec *r)
{
	uint32_t h;
	if (!persons_household(t, r->v[F_HOUSEHOLD_ID], r->n[F_HOUSEHOLD_ID], &h))
		return DQ13;
	survrec x;
	memset(&x, 0, sizeof x);
	x.key = h;
	x.income = r->num[F_INCOME_PC];
	x.date = r->num[F_DATE] == NUM_UNKNOWN ? INT32_MIN : (int32_t)r->num[F_DATE];
	x.row = row32(r->row);
	x.size = (r->num[F_HOUSEHOLD_SIZE] == NUM_UNKNOWN || r->num[F_HOUSEHOLD_SIZE] < 0 ||
	          r->num[F_HOUSEHOLD_SIZE] > INT32_MAX) ? -1 : (int32_t)r->num[F_HOUSEHOLD_SIZE];
	x.danger = row_yn(r, F_DANGEROUS_HOUSE);
	x.water = row_yn(r, F_WATER_SAFE);
	x.src = (uint16_t)s->ord;
	uint32_t i = itab_find(&s->skt, s->surv.v, sizeof(survrec), x.key);
	if (i == NONE32) {
		VEC_PUSH(s->surv, x);
		itab_add(&s->skt, x.key, (uint32_t)s->surv.n - 1);
	} else if (facts_survey_newer(&x, &s->surv.v[i])) {
		s->surv.v[i] = x;
	}
	return 0;
}

/* ------------------------------------------------- linking to the roster */

/* Every slot gets its roster index (SF_ROSTER) or NONE32, and ZZ12's
 * candidate of a roster member with a name is the earliest of the slot's
 * names (first name, then further names in row order) whose hash differs
 * from the roster name's: the first row in file order with a different
 * non-empty name.  The slots are walked in order and the roster probes do
 * not depend on each other, so the probes of later slots are prefetched. */
void facts_link(jsrc *s, const jpersons *t)
{
	facts_drain(s);
	const itab *it = &t->pkt;
	const person *pv = t->persons.v;
	pslot *v = s->slots.v;
	uint32_t n = s->slots.n;
	enum { AHEAD = 8 };
	for (uint32_t i = 0; i < n; i++) {
		pslot *sl = &v[i];
		uint32_t more = sl->who;
		sl->who = NONE32;
		if (!it->t)
			continue;
		if (i + 2 * AHEAD < n)
			__builtin_prefetch(&it->t[key_tag(v[i + 2 * AHEAD].key) & it->mask]);
		if (i + AHEAD < n) {
			uint32_t tag = key_tag(v[i + AHEAD].key);
			uint64_t e = it->t[tag & it->mask];
			if (e && (uint32_t)(e >> 32) == tag && (uint32_t)e - 1 < t->persons.n)
				__builtin_prefetch(&pv[(uint32_t)e - 1]);
		}
		uint32_t ri = itab_find(it, pv, sizeof *pv, sl->key);
		if (ri == NONE32)
			continue;
		sl->flags |= SF_ROSTER;
		sl->who = ri;
		uint64_t rh = pv[ri].nh;
		if (!rh || !sl->name)
			continue;
		uint32_t row, off;
		uint64_t fh = first_hash(s, sl);
		if (fh && fh != rh) {
			row = sl->nrow;
			off = sl->name;
		} else {
			uint32_t e = more;
			while (e && s->names.v[e - 1].h == rh)
				e = s->names.v[e - 1].next;
			if (!e)
				continue;
			row = s->names.v[e - 1].row;
			off = s->names.v[e - 1].off;
		}
		namediff d = { .ridx = ri, .row = row, .name = s->pool.buf + off };
		VEC_PUSH(s->diffs, d);
	}
	VEC_FREE(s->names);
}

void facts_globalize(jsrc *s, jplaces *pl)
{
	lplaces_globalize(&s->places, &s->pool, pl);
	const lplace *g = s->places.v.v;
	for (size_t i = 0; i < s->slots.n; i++) {
		pslot *sl = &s->slots.v[i];
		sl->pl_a = g[sl->pl_a].g;
		sl->pl_e = g[sl->pl_e].g;
		sl->pl_any = g[sl->pl_any].g;
	}
}
