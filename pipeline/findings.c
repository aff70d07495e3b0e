/*
 * findings.c - the findings collection (see findings.h).
 * Memory: one struct per finding plus its strings in the arena.
 */
#include "findings.h"
#include <stdlib.h>
#include <string.h>

void findings_init(findings *f)
{
	f->items.v = NULL;
	f->items.n = f->items.cap = 0;
	arena_init(&f->mem);
}

void findings_release(findings *f)
{
	VEC_FREE(f->items);
	arena_release(&f->mem);
}

static const char *const state_names[FSTATE_COUNT] = { "新增", "持续", "已核实", "豁免" };

const char *finding_state_name(int state)
{
	return state >= 0 && state < FSTATE_COUNT ? state_names[state] : "";
}

int finding_state_index(const char *name)
{
	for (int i = 0; i < FSTATE_COUNT; i++)
		if (!strcmp(name, state_names[i]))
			return i;
	return -1;
}

static const char *keep(findings *f, const char *s)
{
	if (!s || !*s)
		return "";
	return arena_strndup(&f->mem, s, strlen(s));
}

const char *findings_keep(findings *f, const char *s)
{
	return keep(f, s);
}

void findings_add(findings *f, const finding *x)
{
	finding c = *x;
	c.township = (x->township && *x->township) ? keep(f, x->township) : UNKNOWN_TOWNSHIP;
	c.village = keep(f, x->village);
	c.household_id = keep(f, x->household_id);
	c.name = keep(f, x->name);
	c.id = keep(f, x->id);
	c.sys_value = keep(f, x->sys_value);
	c.dept_value = keep(f, x->dept_value);
	c.source = keep(f, x->source);
	c.loc = keep(f, x->loc);
	c.note = keep(f, x->note);
	c.key = keep(f, x->key);
	c.first_seen = keep(f, x->first_seen);
	c.push_date = keep(f, x->push_date);
	c.deadline = keep(f, x->deadline);
	c.result = keep(f, x->result);
	VEC_PUSH(f->items, c);
}

/* 未知乡镇 sorts last; otherwise byte order of the UTF-8 names. */
static int cmp_township(const char *a, const char *b)
{
	int ua = !strcmp(a, UNKNOWN_TOWNSHIP), ub = !strcmp(b, UNKNOWN_TOWNSHIP);
	if (ua != ub)
		return ua - ub;
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const finding *a = pa, *b = pb;
	int c;
	if ((c = cmp_township(a->township, b->township)))
		return c;
	if ((c = strcmp(a->village, b->village)))
		return c;
	if ((c = strcmp(a->household_id, b->household_id)))
		return c;
	if ((c = strcmp(a->id, b->id)))
		return c;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	/* total order for byte-identical output even with equal keys */
	if ((c = strcmp(a->source, b->source)))
		return c;
	if ((c = strcmp(a->loc, b->loc)))
		return c;
	if ((c = strcmp(a->dept_value, b->dept_value)))
		return c;
	return strcmp(a->note, b->note);
}

void findings_sort(findings *f)
{
	if (f->items.n > 1)
		qsort(f->items.v, f->items.n, sizeof *f->items.v, cmp_finding);
}
