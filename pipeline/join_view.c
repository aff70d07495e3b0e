/*
 * join_view.c - the lookup and emit helpers of the evaluators' view of the
 * join (see join_view.h).
 *
 * Functions in call order:
 *   view_init()
 *   view_kslot() view_src_name() view_not_monitored() view_hh_not_monitored()
 *   view_who()            a non-roster person gets an xperson on its first
 *                         finding: its first non-empty name (kind order)
 *                         and its routing place (first row with a township
 *                         among med_enroll, dibao, tekun, relief, school)
 *   view_emit_person() view_emit_household() view_emit_village()
 *                         -> loc_of() (来源位置) -> add() (YJ to warnings,
 *                         LJ to checks, the rest to mismatches)
 *   view_release()
 *
 * Routing (SPEC §5): a roster member's finding carries its own township and
 * village, each falling back to its household's; a household's finding the
 * household's and the head's name and ID; anyone else's the township of the
 * triggering row, else the routing place, else none (未知乡镇 in reports).
 *
 * Memory: one xperson plus ~16 bytes of index per non-roster person with a
 * finding; 来源位置 text in one reused buffer; findings (findings.h).
 */
#include "join_view.h"
#include "join_facts.h"
#include "idcard.h"
#include <stdlib.h>
#include <string.h>

/* A person seen only in department sources who has a finding. */
typedef struct xperson {
	uint64_t key;
	const char *name;         /* first non-empty name (kind order) */
	uint32_t pl_route;        /* first place with a township among med_enroll,
	                             dibao, tekun, relief, school rows */
} xperson;

struct view_emit {
	VEC(xperson) xp; itab xkt; /* person index nroster + i */
	strbuf loc;                /* 来源位置 */
};

void view_init(rule_ctx *c, findings *mis, findings *warn, findings *chk)
{
	sb_init(&c->a);
	sb_init(&c->b);
	sb_init(&c->note);
	c->mis = mis;
	c->warn = warn;
	c->chk = chk;
	c->em = xcalloc(1, sizeof *c->em);
	sb_init(&c->em->loc);
}

void view_release(rule_ctx *c)
{
	sb_release(&c->a);
	sb_release(&c->b);
	sb_release(&c->note);
	if (c->em) {
		VEC_FREE(c->em->xp);
		itab_release(&c->em->xkt);
		sb_release(&c->em->loc);
		free(c->em);
		c->em = NULL;
	}
}

const pslot *view_kslot(const rule_ctx *c, int kind, uint64_t key)
{
	const stab *t = c->km[kind].tab;
	return t ? stab_find(t, key) : NULL;
}

const char *view_src_name(const rule_ctx *c, int ord)
{
	return c->src[ord].name;
}

uint32_t view_who(rule_ctx *c, const pslot *sl)
{
	if (sl->flags & SF_ROSTER)
		return sl->who;
	struct view_emit *em = c->em;
	uint32_t x = itab_find(&em->xkt, em->xp.v, sizeof(xperson), sl->key);
	if (x == NONE32) {
		xperson z = { sl->key, NULL, 0 };
		/* name: the first non-empty one in kind order */
		for (int k = 0; k < KIND_COUNT && !z.name; k++) {
			const pslot *o = view_kslot(c, k, sl->key);
			if (o && o->name)
				z.name = c->src[o->src_n].pool + o->name;
		}
		static const int route_kinds[] = { KIND_MED_ENROLL, KIND_DIBAO, KIND_TEKUN, KIND_RELIEF, KIND_SCHOOL };
		for (size_t r = 0; r < sizeof route_kinds / sizeof route_kinds[0]; r++) {
			const pslot *o = view_kslot(c, route_kinds[r], sl->key);
			if (o && o->pl_any && c->places[o->pl_any].twp) {
				z.pl_route = o->pl_any;
				break;
			}
		}
		x = (uint32_t)em->xp.n;
		VEC_PUSH(em->xp, z);
		itab_add(&em->xkt, sl->key, x);
	}
	return c->nroster + x;
}

bool view_hh_not_monitored(const household *h)
{
	return h->hf.mtype == MT_NONE || h->hf.risk == 1;
}

bool view_not_monitored(const rule_ctx *c, uint32_t p)
{
	if (p >= c->nroster)
		return true;
	return view_hh_not_monitored(&c->hh[c->persons[p].hh]);
}

static const char *twp_name(const rule_ctx *c, uint32_t t)
{
	return t ? c->plstr + c->twps[t] : "";
}

static const char *loc_of(rule_ctx *c, int src, uint32_t row)
{
	if (src < 0)
		return "";
	strbuf *loc = &c->em->loc;
	sb_reset(loc);
	sb_addf(loc, "%s:%u", c->src[src].file, row);
	return loc->buf;
}

static void add(rule_ctx *c, finding *f)
{
	enum rule_family fam = rules[f->rule].family;
	findings_add(fam == FAM_YJ ? c->warn : fam == FAM_LJ ? c->chk : c->mis, f);
}

void view_emit_person(rule_ctx *c, int rule, uint32_t p, uint32_t route, const char *sys,
                      const char *dept, const char *source, int loc_src, uint32_t loc_row,
                      const char *note)
{
	char id[19];
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	if (p < c->nroster) {
		const person *P = &c->persons[p];
		const household *H = &c->hh[P->hh];
		f.township = twp_name(c, P->twp ? P->twp : H->hf.twp);
		f.village = c->plstr + (P->vil ? P->vil : H->hf.vil);
		f.household_id = view_str(c, H->hid);
		f.name = view_str(c, P->name);
		idcard_unpack(P->key, id);
	} else {
		const xperson *X = &c->em->xp.v[p - c->nroster];
		uint32_t pl = (route && c->places[route].twp) ? route : X->pl_route;
		f.township = twp_name(c, c->places[pl].twp);
		f.village = c->plstr + c->places[pl].vil;
		f.household_id = "";
		f.name = X->name ? X->name : "";
		idcard_unpack(X->key, id);
	}
	f.id = id;
	f.sys_value = sys;
	f.dept_value = dept;
	f.source = source;
	f.loc = loc_of(c, loc_src, loc_row);
	f.note = note;
	add(c, &f);
}

void view_emit_household(rule_ctx *c, int rule, uint32_t h, const char *sys, const char *dept,
                         const char *source, int loc_src, uint32_t loc_row, const char *note)
{
	const household *H = &c->hh[h];
	const person *P = &c->persons[H->head];
	char id[19];
	idcard_unpack(P->key, id);
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.township = twp_name(c, H->hf.twp);
	f.village = c->plstr + H->hf.vil;
	f.household_id = view_str(c, H->hid);
	f.name = view_str(c, P->name);
	f.id = id;
	f.sys_value = sys;
	f.dept_value = dept;
	f.source = source;
	f.loc = loc_of(c, loc_src, loc_row);
	f.note = note;
	add(c, &f);
}

void view_emit_village(rule_ctx *c, int rule, uint32_t place, const char *sys, const char *dept,
                       const char *source, int loc_src, uint32_t loc_row, const char *note)
{
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.township = twp_name(c, c->places[place].twp);
	f.village = c->plstr + c->places[place].vil;
	f.household_id = "";
	f.name = "";
	f.id = "";
	f.sys_value = sys;
	f.dept_value = dept;
	f.source = source;
	f.loc = loc_of(c, loc_src, loc_row);
	f.note = note;
	add(c, &f);
}
