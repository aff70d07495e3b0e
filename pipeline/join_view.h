/*
 * join_view.h - what a rule evaluator sees of the join: its final tables,
 * read-only (persons, households, places, every kind's merged slots, which
 * roster members have an active row of each kind, water-bad places, the
 * survey record of each household, the sources' names and ZZ12 name
 * differences, the members' phones), the rule parameters, and the lookup
 * and emit helpers.
 * rules.c includes this and nothing else of the join; join_eval.c fills it
 * (rule_ctx) after join_finish() and calls the evaluators.
 *
 * Functions (join_view.c), in the order an evaluator uses them:
 *   view_str() view_kslot() view_src_name()      lookups
 *   view_not_monitored() view_hh_not_monitored()
 *   view_who()              person index of a slot (a non-roster person is
 *                           added on first use)
 *   view_emit_person() view_emit_household() view_emit_village()
 *                           one finding, with 乡镇/行政村/户编号/姓名/证件号码
 *                           filled and non-roster persons routed
 * and for the driver: view_init() ... view_release().
 *
 * Memory: the view points into the join; besides, one xperson (24 bytes
 * plus ~16 of index) per non-roster person with a finding, and the
 * findings themselves.
 */
#ifndef DZ_JOIN_VIEW_H
#define DZ_JOIN_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include "findings.h"
#include "join_data.h"
#include "kinds.h"
#include "rules.h"
#include "util.h"

/* All sources of one kind, merged (join_sink order: "first row" is the
 * first source's). */
typedef struct kfacts {
	const pslot *v;            /* in order of first appearance */
	size_t n;
	const struct stab *tab;    /* for view_kslot; NULL: no source of the kind */
} kfacts;

typedef struct waterbad {      /* a water-bad place */
	uint32_t row;              /* first bad row (source order, then file order) */
	uint16_t src;
	uint8_t bad;               /* 1 quality, 2 supply */
} waterbad;

typedef struct view_source {   /* one source of the run, join_sink order */
	int kind;                  /* KIND_*, -1: never began (nothing of it reached the join) */
	const char *name, *file;
	const char *pool;          /* the source's strings (pslot.name of its slots) */
	const namediff *diffs;     /* ZZ12 candidates, roster order of discovery */
	size_t ndiffs;
} view_source;

typedef struct rule_ctx {
	/* ---- the join, read-only ---- */
	const rule_params *p;
	int32_t R, p1, sept;       /* R, first day of the period, latest 1 Sept <= R */
	int year;                  /* R's year */
	const person *persons;     /* roster members */
	uint32_t nroster;
	const household *hh;
	uint32_t nhh;
	const gplace *places;      /* [0] = none */
	uint32_t nplaces;
	const char *pstr;          /* roster strings (names, 户编号, words) */
	const char *plstr;         /* place strings (townships, villages) */
	const uint32_t *twps;      /* township index -> offset in plstr */
	bool present_kind[KIND_COUNT];
	kfacts km[KIND_COUNT];
	const uint16_t *act;       /* per roster member: bit k = an SF_ACTIVE slot in kind k */
	const waterbad *wbad;      /* per global place */
	const uint32_t *hsurv;     /* per household: index into surv, NONE32 */
	const survrec *surv;
	const char *ksrc[KIND_COUNT]; /* source names of a kind, joined by "," */
	const char *roster_src;
	const view_source *src;
	size_t nsrc;
	const phonerec *phones;    /* roster members' non-empty phones (LJ17, LJ18) */
	size_t nphones;
	/* ---- scratch for evaluators (系统值, 部门值, 说明) ---- */
	strbuf a, b, note;
	/* ---- emission (join_view.c) ---- */
	findings *mis, *warn, *chk; /* ZZ/ZS, YJ, LJ */
	struct view_emit *em;
} rule_ctx;

/* Driver: scratch and emitter state on (data fields are the driver's). */
void view_init(rule_ctx *c, findings *mis, findings *warn, findings *chk);
void view_release(rule_ctx *c);

/* A roster string (name, 户编号, school/work word). */
static inline const char *view_str(const rule_ctx *c, uint32_t off)
{
	return c->pstr + off;
}
/* The slot of a packed ID in a kind's merged facts, NULL if none. */
const pslot *view_kslot(const rule_ctx *c, int kind, uint64_t key);
const char *view_src_name(const rule_ctx *c, int ord);
/* Person index of a slot's person: sl->who for a roster member, else
 * nroster + the xperson (made on first use: call it only to emit).  A slot
 * of a non-roster person has who == NONE32 (>= nroster, so
 * view_not_monitored(c, sl->who) and `who < nroster` tests work on it). */
uint32_t view_who(rule_ctx *c, const pslot *sl);
bool view_not_monitored(const rule_ctx *c, uint32_t p); /* person not under monitoring */
bool view_hh_not_monitored(const household *h);
/* Emit a finding for person p (a roster index or a view_who() index);
 * loc_src < 0 = no 来源位置.  route: place of the triggering row
 * (non-roster persons only; 0 = none). */
void view_emit_person(rule_ctx *c, int rule, uint32_t p, uint32_t route, const char *sys,
                      const char *dept, const char *source, int loc_src, uint32_t loc_row,
                      const char *note);
void view_emit_household(rule_ctx *c, int rule, uint32_t h, const char *sys, const char *dept,
                         const char *source, int loc_src, uint32_t loc_row, const char *note);
void view_emit_village(rule_ctx *c, int rule, uint32_t place, const char *sys, const char *dept,
                       const char *source, int loc_src, uint32_t loc_row, const char *note);

#endif
