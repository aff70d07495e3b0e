/*
 * join_eval.c - the evaluation driver (see join_eval.h): the only module
 * that knows both the join's tables and the rules.
 *
 * Functions in call order (join_eval):
 *   join_finish()           the tables become final (join.c)
 *   view_of()               the view's pointers into the join; source names
 *                           per kind (来源 of "no record" findings)
 *   merge_kind()            per department kind, its sources as one slot
 *                           table (one source: its own table, no copy;
 *                           several: first row by join_sink order, sums
 *                           over all -> combine())
 *   roster_bits()           per roster member, which kinds have an active row
 *   merge_water()           per global place, its first bad water row
 *   merge_survey()          per household, the survey row in use
 *   rulestatus_check()      per rule: can it run on these sources?  An LJ
 *                           rule that [run] checks did not select is not
 *                           evaluated ("未执行：checks 未选择")
 *   rules[r].eval()         the evaluator of every rule that can
 *   (release)
 *
 * Evaluation is linear: evaluators scan the roster, the households or one
 * kind's slots; persons not on the roster get an index only when they have
 * a finding (view_who).
 *
 * Memory: see join_eval.h.
 */
#include "join_eval.h"
#include "join_facts.h"
#include "join_persons.h"
#include "join_view.h"
#include "rulestatus.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct driver {
	rule_ctx c;                  /* the view the evaluators get */
	stab merged[KIND_COUNT];     /* kinds with several sources */
	view_source *src;
	uint16_t *act;
	waterbad *wbad;
	uint32_t *hsurv;
	VEC(survrec) surv;
	arena mem;                   /* ksrc strings */
} driver;

static void view_of(driver *d, const join *j, const rule_params *rp)
{
	rule_ctx *c = &d->c;
	const join_params *jp = join_get_params(j);
	const jpersons *t = join_persons(j);
	const jplaces *pl = join_places(j);
	c->p = rp;
	c->R = jp->ref_days;
	c->p1 = date_from_ymd(jp->year, jp->month, 1);
	c->year = jp->year;
	{
		int y, m, dd;
		date_to_ymd(c->R, &y, &m, &dd);
		c->sept = date_from_ymd(m >= 9 ? y : y - 1, 9, 1);
	}
	c->persons = t->persons.v;
	c->nroster = (uint32_t)t->persons.n;
	c->hh = t->hh.v;
	c->nhh = (uint32_t)t->hh.n;
	c->places = pl->places.v;
	c->nplaces = (uint32_t)pl->places.n;
	c->pstr = t->pool.buf;
	c->plstr = pl->pool.buf;
	c->twps = pl->twps.v;
	c->nsrc = join_nsources(j);
	d->src = xcalloc(c->nsrc ? c->nsrc : 1, sizeof *d->src);
	for (size_t i = 0; i < c->nsrc; i++) {
		const jsrc *s = join_source(j, i);
		view_source *v = &d->src[i];
		v->kind = s->begun ? s->kind : -1;
		v->name = s->name;
		v->file = s->file;
		v->pool = s->pool.buf;
		v->diffs = s->diffs.v;
		v->ndiffs = s->diffs.n;
		if (s->begun)
			c->present_kind[s->kind] = true;
	}
	c->src = d->src;
	/* source names per kind (来源 of "no record" findings) */
	for (int k = 0; k < KIND_COUNT; k++) {
		strbuf sb;
		sb_init(&sb);
		for (size_t i = 0; i < c->nsrc; i++)
			if (d->src[i].kind == k) {
				if (sb.len)
					sb_addc(&sb, ',');
				sb_adds(&sb, d->src[i].name);
			}
		c->ksrc[k] = arena_strndup(&d->mem, sb.buf, sb.len);
		sb_release(&sb);
	}
	c->roster_src = c->ksrc[KIND_ROSTER];
	c->phones = t->phones.v;
	c->nphones = t->phones.n;
}

static void combine(pslot *a, const pslot *b, int kind)
{
	if ((b->flags & SF_ACTIVE) && !(a->flags & SF_ACTIVE)) {
		a->row_a = b->row_a;
		a->src_a = b->src_a;
		a->pl_a = b->pl_a;
	}
	if (kind == KIND_MED_CLAIMS) {
		if (b->flags & SF_EVENT) {
			a->val = fen_add(a->val, b->val);
			a->row_e = b->row_e;
			a->src_e = b->src_e;
		}
	} else if ((b->flags & SF_EVENT) && !(a->flags & SF_EVENT)) {
		a->row_e = b->row_e;
		a->src_e = b->src_e;
		a->pl_e = b->pl_e;
		a->val = b->val;
	}
	if (!a->pl_any)
		a->pl_any = b->pl_any;
	if (!a->name) {
		a->name = b->name;
		a->src_n = b->src_n;
	}
	a->flags |= b->flags & (SF_ACTIVE | SF_EVENT);
}

/* All sources of a kind, in join_sink order, as one slot table. */
static void merge_kind(driver *d, const join *j, int kind)
{
	kfacts *m = &d->c.km[kind];
	size_t nsrc = 0;
	const jsrc *only = NULL;
	for (size_t i = 0; i < join_nsources(j); i++) {
		const jsrc *s = join_source(j, i);
		if (s->begun && s->kind == kind) {
			nsrc++;
			only = s;
		}
	}
	if (nsrc == 0)
		return;
	const stab *tab = &only->slots;
	if (nsrc > 1) {
		stab *own = &d->merged[kind];
		for (size_t i = 0; i < join_nsources(j); i++) {
			const jsrc *s = join_source(j, i);
			if (!s->begun || s->kind != kind)
				continue;
			for (size_t e = 0; e < s->slots.n; e++) {
				const pslot *b = &s->slots.v[e];
				bool created;
				pslot *a = stab_get(own, b->key, &created);
				if (created)
					*a = *b;
				else
					combine(a, b, kind);
			}
		}
		tab = own;
	}
	m->tab = tab;
	m->v = tab->v;
	m->n = tab->n;
}

/* Per roster member, which kinds have an active slot.  Persons not on the
 * roster get an index only when they have a finding (view_who). */
static void roster_bits(driver *d)
{
	rule_ctx *c = &d->c;
	d->act = xcalloc(c->nroster ? c->nroster : 1, sizeof *d->act);
	for (int k = 0; k < KIND_COUNT; k++) {
		const kfacts *m = &c->km[k];
		for (size_t i = 0; i < m->n; i++) {
			const pslot *sl = &m->v[i];
			if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) == (SF_ROSTER | SF_ACTIVE))
				d->act[sl->who] |= (uint16_t)(1u << k);
		}
	}
	c->act = d->act;
}

static void merge_water(driver *d, const join *j)
{
	d->wbad = xcalloc(d->c.nplaces, sizeof *d->wbad);
	for (size_t i = 0; i < join_nsources(j); i++) {
		const jsrc *s = join_source(j, i);
		if (!s->begun || s->kind != KIND_WATER)
			continue;
		for (size_t e = 1; e < s->places.v.n; e++) {
			const lplace *lp = &s->places.v.v[e];
			if (!lp->bad || !lp->g)
				continue;
			/* a source's places are interned in the order of their first
			 * bad row, so the first one seen has the smallest row */
			waterbad *w = &d->wbad[lp->g];
			if (!w->bad) {
				w->row = lp->bad_row;
				w->src = (uint16_t)s->ord;
			}
			w->bad |= lp->bad;
		}
	}
	d->c.wbad = d->wbad;
}

static void merge_survey(driver *d, const join *j)
{
	uint32_t nhh = d->c.nhh;
	d->hsurv = xmalloc((nhh ? nhh : 1) * sizeof *d->hsurv);
	for (size_t h = 0; h < nhh; h++)
		d->hsurv[h] = NONE32;
	for (size_t i = 0; i < join_nsources(j); i++) {
		const jsrc *s = join_source(j, i);
		if (!s->begun || s->kind != KIND_SURVEY)
			continue;
		for (size_t e = 0; e < s->surv.n; e++) {
			const survrec *x = &s->surv.v[e];
			uint32_t *slot = &d->hsurv[x->key];
			if (*slot == NONE32) {
				*slot = (uint32_t)d->surv.n;
				VEC_PUSH(d->surv, *x);
			} else if (facts_survey_newer(x, &d->surv.v[*slot])) {
				d->surv.v[*slot] = *x;
			}
		}
	}
	d->c.hsurv = d->hsurv;
	d->c.surv = d->surv.v;
}

static void driver_release(driver *d)
{
	for (int k = 0; k < KIND_COUNT; k++)
		stab_release(&d->merged[k]);
	free(d->src);
	free(d->act);
	free(d->wbad);
	free(d->hsurv);
	VEC_FREE(d->surv);
	arena_release(&d->mem);
	view_release(&d->c);
}

int join_eval(join *j, const rule_params *rp, findings *mismatches, findings *warnings,
              findings *checks, rule_status *status, dzerr *err)
{
	if (join_finish(j) < 0)
		return dzerr_set(err, DZ_EXIT_IO, "join: evaluated twice");

	driver d;
	memset(&d, 0, sizeof d);
	arena_init(&d.mem);
	view_init(&d.c, mismatches, warnings, checks);
	view_of(&d, j, rp);

	rule_inputs in;
	rulestatus_inputs_init(&in);
	for (size_t i = 0; i < join_nsources(j); i++) {
		const jsrc *s = join_source(j, i);
		if (s->begun)
			rulestatus_inputs_add(&in, s->kind, s->present);
	}

	for (int k = 0; k < KIND_COUNT; k++)
		if (facts_person_kind(k))
			merge_kind(&d, j, k);
	roster_bits(&d);
	merge_water(&d, j);
	merge_survey(&d, j);

	for (size_t r = 0; r < nrules; r++) {
		rule_status st;
		rulestatus_check(&in, r, rp->income_line_fen >= 0, d.c.year, &st);
		if (rules[r].family == FAM_LJ) {
			if (rule_lj_skipped(rp, r)) {
				st.evaluated = false;
				snprintf(st.reason, sizeof st.reason, "未执行：checks 未选择");
			} else if (join_get_params(j)->no_lj_facts) {
				BUG("join: %s selected, but the join gathered no LJ facts", rules[r].code);
			}
		}
		if (status)
			status[r] = st;
		if (st.evaluated && rules[r].eval)
			rules[r].eval(&d.c, (int)r);
	}
	driver_release(&d);
	return 0;
}
