/*
 * join.c - the person table and the per-source facts (see join.h, facts.h),
 * and the driver that evaluates the rule catalogue of rules.c over them.
 *
 * Functions in call order:
 *   join_new()        parameters; township aliases normalized once
 *   join_sink()       one jsrc per source (call from one thread, before
 *                     feeding)
 *     sink_begin()    checks the phase rules of join.h (BUG() if broken)
 *     sink_record()   roster_record() writes the join's tables (one roster
 *                     source at a time); dept_record(), water_record() write
 *                     only their jsrc and read nothing of the join's, so they
 *                     run concurrently with the roster; household_record(),
 *                     survey_record() read the complete roster and write
 *                     only their jsrc
 *     sink_end()      a department source: link_source() once the roster is
 *                     fed (else join_roster_fed() or join_eval() does it)
 *   join_roster_fed() links the department sources that ended meanwhile
 *   join_eval()       links what is left -> household source rows applied
 *                     (apply_households) -> household places -> source places
 *                     to global places -> merge_kind() per kind (sources in
 *                     join_sink order) -> roster_bits() -> water and survey
 *                     merge -> rule_check() + evaluator of every rule
 *                     (findings are left unsorted: the caller sorts)
 *   join_free()
 *
 * Algorithm: persons are indexed by the packed 64-bit ID: a dense array
 * plus an open-addressing index of 8-byte tagged entries (itab, load <=
 * 3/4; big tables on transparent huge pages).  A department row is turned
 * into a small record of what it does (active, event, amount, place) at
 * once and applied to its person's slot in the source's own table
 * JOIN_PIPE rows later, in file order; meanwhile the index bucket and the
 * slot are prefetched, so the cache misses of consecutive rows overlap.
 * A row of the same person as the previous row costs no probe.  A slot
 * keeps its first name as written and, for ZZ12, the earliest row of each
 * further name that normalizes differently.  Once the source and the
 * roster are both complete, link_source() walks the slots in order (roster
 * probes prefetched ahead), marks roster members and picks ZZ12's row: the
 * earliest name whose normalized hash differs from the roster name's, i.e.
 * the first row in file order with a different non-empty name.  "First
 * row" is first in file order within a source and first by join_sink order
 * across sources of a kind, so results do not depend on thread timing.
 * Township/village text is interned per source as raw bytes (the previous
 * row's place is tried first) and normalized (norm_place + aliases) once
 * per distinct value at evaluation.  Evaluation is linear: a per-member bit
 * set says which kinds have an active row; evaluators scan the roster, the
 * households or one kind's slots; persons not on the roster get an index
 * only when they have a finding (join_who).
 *
 * Memory: O(roster members + households + distinct (source, ID) pairs +
 * distinct places + distinct (source, ID, name)): 56 bytes per member plus
 * ~16 of index, 56 per household, 64 per (source, person) plus ~16 of
 * index and its first name, and during evaluation 2 bytes per member.
 * Nothing is kept per department row (JOIN_PIPE rows in flight per source).
 */
#include "facts.h"
#include "idcard.h"
#include "vocab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ------------------------------------------------------------ hash tables */

/* Zeroed memory for a hash table.  Big tables are mapped directly (the
 * kernel hands out zeroed pages, so nothing is cleared twice) and ask for
 * transparent huge pages: lookups touch them at random, and with 4 KiB
 * pages nearly every probe of a table beyond the TLB's reach would also
 * miss the TLB.  table_free() needs the same byte count. */
#define TABLE_MMAP_MIN ((size_t)4 << 20)
#define HUGE_PAGE ((size_t)2 << 20)

static void *table_alloc(size_t nmemb, size_t size)
{
	size_t bytes = nmemb * size;
	if (bytes < TABLE_MMAP_MIN)
		return xcalloc(nmemb, size);
	size_t span = bytes + HUGE_PAGE;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "dz: out of memory (mapping %zu bytes)\n", span);
		abort();
	}
	/* keep the 2 MiB-aligned part of the mapping */
	char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	size_t tail = (size_t)(p + span - (a + bytes));
	if (tail)
		munmap(a + bytes, tail);
	madvise(a, bytes, MADV_HUGEPAGE);
	return a;
}

static void table_free(void *p, size_t nmemb, size_t size)
{
	if (!p)
		return;
	if (nmemb * size < TABLE_MMAP_MIN)
		free(p);
	else
		munmap(p, nmemb * size);
}

static size_t grow_cap(size_t cap, size_t n, size_t elem)
{
	size_t c = cap ? cap * 2 : 64;
	while (c * 3 < n * 4)   /* load <= 3/4 */
		c *= 2;
	if (c > ((size_t)1 << 31) || c > SIZE_MAX / elem)
		BUG("join: hash table too large");
	return c;
}

static inline uint64_t key_at(const void *base, size_t stride, uint32_t i)
{
	uint64_t k;
	memcpy(&k, (const char *)base + (size_t)i * stride, sizeof k);
	return k;
}

static inline uint32_t key_tag(uint64_t key)
{
	return (uint32_t)(hash64(key) >> 32);
}

/* it->t != NULL; tag = key_tag(key) */
static uint32_t itab_find_t(const itab *it, const void *base, size_t stride, uint64_t key, uint32_t tag)
{
	for (uint32_t h = tag & it->mask;; h = (h + 1) & it->mask) {
		uint64_t e = it->t[h];
		if (!e)
			return NONE32;
		if ((uint32_t)(e >> 32) == tag && key_at(base, stride, (uint32_t)e - 1) == key)
			return (uint32_t)e - 1;
	}
}

uint32_t join_itab_find(const itab *it, const void *base, size_t stride, uint64_t key)
{
	return it->t ? itab_find_t(it, base, stride, key, key_tag(key)) : NONE32;
}

static void itab_put(uint64_t *t, uint32_t mask, uint64_t e)
{
	uint32_t h = (uint32_t)(e >> 32) & mask;
	while (t[h])
		h = (h + 1) & mask;
	t[h] = e;
}

static void itab_add_t(itab *it, uint32_t tag, uint32_t idx)
{
	if (idx >= UINT32_MAX - 1)
		BUG("join: index overflow");
	size_t cap = it->t ? (size_t)it->mask + 1 : 0;
	if (((size_t)it->n + 1) * 4 > cap * 3) {
		size_t nc = grow_cap(cap, (size_t)it->n + 1, sizeof *it->t);
		uint64_t *nt = table_alloc(nc, sizeof *nt);
		for (size_t i = 0; i < cap; i++)
			if (it->t[i])
				itab_put(nt, (uint32_t)(nc - 1), it->t[i]);
		if (it->t)
			table_free(it->t, cap, sizeof *it->t);
		it->t = nt;
		it->mask = (uint32_t)(nc - 1);
	}
	itab_put(it->t, it->mask, ((uint64_t)tag << 32) | ((uint64_t)idx + 1));
	it->n++;
}

void join_itab_add(itab *it, uint64_t key, uint32_t idx)
{
	itab_add_t(it, key_tag(key), idx);
}

void join_itab_release(itab *it)
{
	if (it->t)
		table_free(it->t, (size_t)it->mask + 1, sizeof *it->t);
	it->t = NULL;
	it->mask = it->n = 0;
}

pslot *join_stab_find(const stab *st, uint64_t key)
{
	uint32_t i = join_itab_find(&st->ix, st->v, sizeof(pslot), key);
	return i == NONE32 ? NULL : &st->v[i];
}

/* join_stab_get with tag = key_tag(key) */
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

pslot *join_stab_get(stab *st, uint64_t key, bool *created)
{
	return stab_get_t(st, key, key_tag(key), created);
}

void join_stab_release(stab *st)
{
	free(st->v);
	join_itab_release(&st->ix);
	st->v = NULL;
	st->n = st->cap = 0;
}

uint64_t join_name_hash(const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	return h ? h : 1;
}

static uint32_t shash(const void *k, size_t n)
{
	uint64_t h = hash_bytes(k, n);
	return (uint32_t)(h ^ (h >> 32));
}

/* Append n bytes and a NUL; returns the offset.  k must not point into pool. */
static uint32_t pool_add(strbuf *pool, const void *k, size_t n)
{
	if (pool->len + n + 1 >= UINT32_MAX)
		BUG("join: string pool over 4 GiB");
	uint32_t off = (uint32_t)pool->len;
	sb_add(pool, k, n);
	sb_addc(pool, '\0');
	return off;
}

bool join_smap_get(const smap *m, const strbuf *pool, const void *k, size_t n, uint32_t *val)
{
	if (!m->t)
		return false;
	uint32_t hv = shash(k, n), i = hv & m->mask;
	for (;;) {
		uint32_t e = m->t[i];
		if (!e)
			return false;
		const smap_ent *x = &m->ent.v[e - 1];
		if (x->hash == hv && x->len == n && memcmp(pool->buf + x->off, k, n) == 0) {
			*val = x->val;
			return true;
		}
		i = (i + 1) & m->mask;
	}
}

uint32_t join_smap_put(smap *m, strbuf *pool, const void *k, size_t n, uint32_t val)
{
	if (!m->t || (m->ent.n + 1) * 2 > (size_t)m->mask + 1) {
		size_t cap = m->t ? ((size_t)m->mask + 1) * 2 : 64;
		if (cap > ((size_t)1 << 31))
			BUG("join: string table too large");
		uint32_t *nt = xcalloc(cap, sizeof *nt);
		uint32_t mask = (uint32_t)(cap - 1);
		for (size_t e = 0; e < m->ent.n; e++) {
			uint32_t h = m->ent.v[e].hash & mask;
			while (nt[h])
				h = (h + 1) & mask;
			nt[h] = (uint32_t)e + 1;
		}
		free(m->t);
		m->t = nt;
		m->mask = mask;
	}
	uint32_t hv = shash(k, n);
	uint32_t off = pool_add(pool, k, n);
	smap_ent x = { .off = off, .len = (uint32_t)n, .val = val, .hash = hv };
	VEC_PUSH(m->ent, x);
	uint32_t h = hv & m->mask;
	while (m->t[h])
		h = (h + 1) & m->mask;
	m->t[h] = (uint32_t)m->ent.n;
	return off;
}

void join_smap_release(smap *m)
{
	free(m->t);
	VEC_FREE(m->ent);
	m->t = NULL;
	m->mask = 0;
}

const char *join_str(const join *j, uint32_t off)
{
	return j->pool.buf + off;
}

/* ------------------------------ interning (roster thread, then join_eval) */

/* Offset of an interned copy of s in the join's pool (0 for ""). */
static uint32_t intern(join *j, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (join_smap_get(&j->strs, &j->pool, s, n, &v))
		return v;
	uint32_t off = join_smap_put(&j->strs, &j->pool, s, n, 0);
	j->strs.ent.v[j->strs.ent.n - 1].val = off;
	return off;
}

/* Index of a canonical township name (0 for ""). */
static uint32_t twp_index(join *j, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (join_smap_get(&j->twp_map, &j->pool, s, n, &v))
		return v;
	v = (uint32_t)j->twps.n;
	uint32_t off = join_smap_put(&j->twp_map, &j->pool, s, n, v);
	VEC_PUSH(j->twps, off);
	return v;
}

/* Raw township text -> canonical township index: norm_place, then the
 * config aliases.  Memoized per distinct raw value. */
static uint32_t twp_canon(join *j, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (join_smap_get(&j->twp_memo, &j->pool, s, n, &v))
		return v;
	norm_place(&j->tmp, s, n);
	const char *c = j->tmp.buf;
	size_t cn = j->tmp.len;
	for (size_t i = 0; i < j->nalias; i++) {
		if (!strcmp(j->alias_from[i], c)) {
			c = j->alias_to[i];
			cn = strlen(c);
			break;
		}
	}
	v = twp_index(j, c, cn);
	join_smap_put(&j->twp_memo, &j->pool, s, n, v);
	return v;
}

/* Raw village text -> pool offset of its normalized form (memoized). */
static uint32_t vil_norm(join *j, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (join_smap_get(&j->vil_memo, &j->pool, s, n, &v))
		return v;
	norm_place(&j->tmp, s, n);
	v = intern(j, j->tmp.buf, j->tmp.len);
	join_smap_put(&j->vil_memo, &j->pool, s, n, v);
	return v;
}

/* Global place index of (township, village); 0 when both are empty. */
static uint32_t gplace_of(join *j, uint32_t twp, uint32_t vil)
{
	if (!twp && !vil)
		return 0;
	uint32_t k[2] = { twp, vil }, v;
	if (join_smap_get(&j->place_map, &j->pool, k, sizeof k, &v))
		return v;
	v = (uint32_t)j->places.n;
	gplace g = { twp, vil };
	VEC_PUSH(j->places, g);
	join_smap_put(&j->place_map, &j->pool, k, sizeof k, v);
	return v;
}

/* ------------------------------------------------------------------ setup */

join *join_new(const join_params *p)
{
	join *j = xcalloc(1, sizeof *j);
	j->p = *p;
	sb_init(&j->pool);
	sb_addc(&j->pool, '\0');
	sb_init(&j->tmp);
	uint32_t zero = 0;
	VEC_PUSH(j->twps, zero);
	gplace none = { 0, 0 };
	VEC_PUSH(j->places, none);
	pthread_mutex_init(&j->lock, NULL);
	if (p->ntownships) {
		j->alias_from = xcalloc(p->ntownships, sizeof *j->alias_from);
		j->alias_to = xcalloc(p->ntownships, sizeof *j->alias_to);
		for (size_t i = 0; i < p->ntownships; i++) {
			const char *a = p->townships[i].alias ? p->townships[i].alias : "";
			const char *t = p->townships[i].name ? p->townships[i].name : "";
			norm_place(&j->tmp, a, strlen(a));
			j->alias_from[i] = xstrdup(j->tmp.buf);
			norm_place(&j->tmp, t, strlen(t));
			j->alias_to[i] = xstrdup(j->tmp.buf);
		}
		j->nalias = p->ntownships;
	}
	return j;
}

static void jsrc_free(jsrc *s)
{
	free(s->name);
	free(s->file);
	join_stab_release(&s->slots);
	VEC_FREE(s->places);
	join_smap_release(&s->pmap);
	sb_release(&s->pool);
	VEC_FREE(s->names);
	VEC_FREE(s->diffs);
	VEC_FREE(s->surv);
	join_itab_release(&s->skt);
	VEC_FREE(s->hrows);
	free(s->hseen);
	free(s->pipe);
	sb_release(&s->tmp);
	sb_release(&s->last_hid);
	free(s);
}

void join_free(join *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->src.n; i++)
		jsrc_free(j->src.v[i]);
	VEC_FREE(j->src);
	for (size_t i = 0; i < j->nalias; i++) {
		free(j->alias_from[i]);
		free(j->alias_to[i]);
	}
	free(j->alias_from);
	free(j->alias_to);
	VEC_FREE(j->persons);
	join_itab_release(&j->pkt);
	VEC_FREE(j->hh);
	join_smap_release(&j->hmap);
	sb_release(&j->pool);
	join_smap_release(&j->strs);
	join_smap_release(&j->twp_memo);
	join_smap_release(&j->vil_memo);
	VEC_FREE(j->twps);
	join_smap_release(&j->twp_map);
	VEC_FREE(j->places);
	join_smap_release(&j->place_map);
	sb_release(&j->tmp);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

/* ------------------------------------------------------------ row helpers */

static uint32_t row32(long row)
{
	if (row < 0)
		return 0;
	if ((unsigned long)row >= UINT32_MAX)
		return UINT32_MAX - 1;
	return (uint32_t)row;
}

static int8_t yn(const dzrec *r, int f)
{
	return r->num[f] == YN_YES ? 1 : r->num[f] == YN_NO ? 0 : -1;
}

static int8_t cls(const dzrec *r, int f)
{
	int64_t v = r->num[f];
	return (v == NUM_UNKNOWN || v < 0 || v > 100) ? -1 : (int8_t)v;
}

/* Birth date from the ID as YYYYMMDD (0 if not a date): full years at a
 * date D are then (D_YYYYMMDD - birth) / 10000. */
static int32_t birth_of(const dzrec *r, uint64_t key)
{
	char buf[19];
	const char *id = r->v[F_ID];
	if (r->n[F_ID] != 18 || !id) {
		idcard_unpack(key, buf);
		id = buf;
	}
	int32_t ymd = 0;
	for (int i = 6; i < 14; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		ymd = ymd * 10 + (id[i] - '0');
	}
	return date_valid_ymd(ymd / 10000, ymd / 100 % 100, ymd % 100) ? ymd : 0;
}

/* Household-level values of a row other than the place. */
static void hvals_from(hfields *h, const dzrec *r)
{
	h->mtype = cls(r, F_MONITOR_TYPE);
	h->risk = yn(r, F_RISK_CLEARED);
	h->nolabor = yn(r, F_NO_LABOR_HOUSEHOLD);
	h->water = yn(r, F_WATER_SAFE);
	h->danger = yn(r, F_DANGEROUS_HOUSE);
	h->income = r->num[F_INCOME_PC];
	h->prev = r->num[F_INCOME_PC_PREV];
}

/* Household-level fields of a roster row. */
static void hfields_from(join *j, hfields *h, const dzrec *r)
{
	h->twp = twp_canon(j, r->v[F_TOWNSHIP], r->n[F_TOWNSHIP]);
	h->vil = vil_norm(j, r->v[F_VILLAGE], r->n[F_VILLAGE]);
	hvals_from(h, r);
}

/* The household source's values (not the place) for the columns it has. */
static void hvals_apply(hfields *d, const hfields *x, const bool *present)
{
	if (present[F_MONITOR_TYPE])
		d->mtype = x->mtype;
	if (present[F_RISK_CLEARED])
		d->risk = x->risk;
	if (present[F_NO_LABOR_HOUSEHOLD])
		d->nolabor = x->nolabor;
	if (present[F_WATER_SAFE])
		d->water = x->water;
	if (present[F_DANGEROUS_HOUSE])
		d->danger = x->danger;
	if (present[F_INCOME_PC])
		d->income = x->income;
	if (present[F_INCOME_PC_PREV])
		d->prev = x->prev;
}

/* Head order: 户主 first, then the smaller ID (packed order = ID string order). */
static bool better_head(const person *a, const person *b)
{
	if (a->huzhu != b->huzhu)
		return a->huzhu > b->huzhu;
	return a->key < b->key;
}

/* ------------------------------------------------------- phase 1: roster */

static int roster_record(jsrc *s, const dzrec *r)
{
	join *j = s->j;
	if (r->num[F_ID] == NUM_UNKNOWN || r->num[F_ID] == 0)
		return DQ02;
	uint64_t key = (uint64_t)r->num[F_ID];
	if (join_itab_find(&j->pkt, j->persons.v, sizeof(person), key) != NONE32)
		return DQ07;
	if (j->persons.n >= UINT32_MAX - 1)
		BUG("join: too many persons");
	uint32_t pi = (uint32_t)j->persons.n;
	person p;
	memset(&p, 0, sizeof p);
	p.key = key;
	p.birth = birth_of(r, key);
	p.row = row32(r->row);
	p.twp = twp_canon(j, r->v[F_TOWNSHIP], r->n[F_TOWNSHIP]);
	p.vil = vil_norm(j, r->v[F_VILLAGE], r->n[F_VILLAGE]);
	if (r->n[F_NAME]) {
		p.name = pool_add(&j->pool, r->v[F_NAME], r->n[F_NAME]);
		norm_name(&j->tmp, r->v[F_NAME], r->n[F_NAME]);
		p.nh = j->tmp.len ? join_name_hash(j->tmp.buf, j->tmp.len) : 0;
	}
	p.school_w = intern(j, r->v[F_SCHOOL_STATUS], r->n[F_SCHOOL_STATUS]);
	p.work_w = intern(j, r->v[F_WORK_STATUS], r->n[F_WORK_STATUS]);
	p.med = yn(r, F_MED_INSURED);
	p.med_staff = yn(r, F_MED_INSURED_STAFF);
	p.dibao = yn(r, F_DIBAO);
	p.tekun = yn(r, F_TEKUN);
	p.school = cls(r, F_SCHOOL_STATUS);
	p.work = cls(r, F_WORK_STATUS);
	p.huzhu = r->n[F_RELATION] == strlen("户主") && !memcmp(r->v[F_RELATION], "户主", strlen("户主"));

	/* members of a household usually follow each other: try the previous row's */
	uint32_t h = NONE32;
	size_t hn = r->n[F_HOUSEHOLD_ID];
	if (hn) {
		if (s->last_hh != NONE32 && s->last_hid.len == hn &&
		    !memcmp(s->last_hid.buf, r->v[F_HOUSEHOLD_ID], hn))
			h = s->last_hh;
		else if (!join_smap_get(&j->hmap, &j->pool, r->v[F_HOUSEHOLD_ID], hn, &h))
			h = NONE32;
	}
	if (h == NONE32) {
		household x;
		memset(&x, 0, sizeof x);
		h = (uint32_t)j->hh.n;
		if (hn)
			x.hid = join_smap_put(&j->hmap, &j->pool, r->v[F_HOUSEHOLD_ID], hn, h);
		x.head = pi;
		hfields_from(j, &x.hf, r);
		VEC_PUSH(j->hh, x);
	} else if (better_head(&p, &j->persons.v[j->hh.v[h].head])) {
		j->hh.v[h].head = pi;
		hfields_from(j, &j->hh.v[h].hf, r);
	}
	if (hn) {
		s->last_hh = h;
		sb_reset(&s->last_hid);
		sb_add(&s->last_hid, r->v[F_HOUSEHOLD_ID], hn);
	}
	j->hh.v[h].nmem++;
	p.hh = h;
	VEC_PUSH(j->persons, p);
	join_itab_add(&j->pkt, key, pi);
	return 0;
}

/* --------------------------------------- phase 2: household (roster read) */

/* The household source overrides the head's values field by field, for the
 * columns it has; the first row of a household is used.  Kept here and
 * applied by join_eval (apply_households), so that this sink writes only
 * its own jsrc. */
static uint32_t lplace_of(jsrc *s, const dzrec *r);

static int household_record(jsrc *s, const dzrec *r)
{
	const join *j = s->j;
	uint32_t h;
	if (!r->n[F_HOUSEHOLD_ID] ||
	    !join_smap_get(&j->hmap, &j->pool, r->v[F_HOUSEHOLD_ID], r->n[F_HOUSEHOLD_ID], &h))
		return 0;
	if (s->hseen[h])
		return 0;
	s->hseen[h] = 1;
	hsrow x;
	memset(&x, 0, sizeof x);
	x.h = h;
	x.pl = lplace_of(s, r);
	hvals_from(&x.hf, r);
	VEC_PUSH(s->hrows, x);
	return 0;
}

/* ------------------------ phase 1: department and water sources (no roster) */

static bool same_bytes(const char *a, const char *b, size_t n)
{
	return !n || !memcmp(a, b, n);
}

/* Source-local place of a row's (township, village); 0 when both empty.
 * Exports are grouped by village: the previous row's place is tried first. */
static uint32_t lplace_of(jsrc *s, const dzrec *r)
{
	uint32_t tn = r->n[F_TOWNSHIP], vn = r->n[F_VILLAGE];
	if (!tn && !vn)
		return 0;
	if (s->last_pl) {
		const lplace *lp = &s->places.v[s->last_pl];
		const char *k = s->pool.buf + lp->off;
		uint32_t ktn;
		memcpy(&ktn, k, sizeof ktn);
		if (ktn == tn && lp->len == sizeof tn + tn + vn && same_bytes(k + sizeof tn, r->v[F_TOWNSHIP], tn) &&
		    same_bytes(k + sizeof tn + tn, r->v[F_VILLAGE], vn))
			return s->last_pl;
	}
	sb_reset(&s->tmp);
	sb_add(&s->tmp, &tn, sizeof tn);
	sb_add(&s->tmp, r->v[F_TOWNSHIP], tn);
	sb_add(&s->tmp, r->v[F_VILLAGE], vn);
	uint32_t v;
	if (!join_smap_get(&s->pmap, &s->pool, s->tmp.buf, s->tmp.len, &v)) {
		v = (uint32_t)s->places.n;
		lplace lp;
		memset(&lp, 0, sizeof lp);
		lp.len = (uint32_t)s->tmp.len;
		lp.off = join_smap_put(&s->pmap, &s->pool, s->tmp.buf, s->tmp.len, v);
		VEC_PUSH(s->places, lp);
	}
	s->last_pl = v;
	return v;
}

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
 * differently.  link_source() then finds the first row whose name differs
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
		sl->val += x->val;
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

static void pipe_drain(jsrc *s)
{
	while (s->pn)
		pipe_pop(s);
}

/* A department row: what it does is decided now (it needs only the row);
 * where (its person's slot) once JOIN_PIPE more rows arrived. */
static int dept_record(jsrc *s, const dzrec *r)
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
		x->pl = lplace_of(s, r);
		if (r->n[F_TOWNSHIP])
			x->what |= W_ANY;
	}
	size_t nlen = r->n[F_NAME];
	if (nlen > JOIN_PIPE_NAME) {
		/* a long name: apply every row in flight, then this one (x is
		 * not in flight: the drain leaves it alone) */
		pipe_drain(s);
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

static int water_record(jsrc *s, const dzrec *r)
{
	uint8_t bad = (uint8_t)((r->num[F_QUALITY] == 1 ? 1 : 0) | (r->num[F_SUPPLY] == 1 ? 2 : 0));
	if (!bad)
		return 0;
	uint32_t pl = lplace_of(s, r);
	if (!pl)
		return 0;
	lplace *lp = &s->places.v[pl];
	if (!lp->bad)
		lp->bad_row = row32(r->row);
	lp->bad |= bad;
	return 0;
}

/* ------------------------------------------ phase 2: survey (roster read) */

/* Several rows of a household: the latest 核查日期; ties or unknown dates:
 * the later row. */
static bool survey_newer(const survrec *x, const survrec *cur)
{
	return x->date == INT32_MIN || cur->date == INT32_MIN || x->date >= cur->date;
}

static int survey_record(jsrc *s, const dzrec *r)
{
	const join *j = s->j;
	uint32_t h;
	if (!r->n[F_HOUSEHOLD_ID] ||
	    !join_smap_get(&j->hmap, &j->pool, r->v[F_HOUSEHOLD_ID], r->n[F_HOUSEHOLD_ID], &h))
		return DQ13;
	survrec x;
	memset(&x, 0, sizeof x);
	x.key = h;
	x.income = r->num[F_INCOME_PC];
	x.date = r->num[F_DATE] == NUM_UNKNOWN ? INT32_MIN : (int32_t)r->num[F_DATE];
	x.row = row32(r->row);
	x.size = (r->num[F_HOUSEHOLD_SIZE] == NUM_UNKNOWN || r->num[F_HOUSEHOLD_SIZE] < 0 ||
	          r->num[F_HOUSEHOLD_SIZE] > INT32_MAX) ? -1 : (int32_t)r->num[F_HOUSEHOLD_SIZE];
	x.danger = yn(r, F_DANGEROUS_HOUSE);
	x.water = yn(r, F_WATER_SAFE);
	x.src = (uint16_t)s->ord;
	uint32_t i = join_itab_find(&s->skt, s->surv.v, sizeof(survrec), x.key);
	if (i == NONE32) {
		VEC_PUSH(s->surv, x);
		join_itab_add(&s->skt, x.key, (uint32_t)s->surv.n - 1);
	} else if (survey_newer(&x, &s->surv.v[i])) {
		s->surv.v[i] = x;
	}
	return 0;
}

/* ------------------------------------------------- linking to the roster */

static bool person_kind(int k)
{
	return k != KIND_ROSTER && k != KIND_HOUSEHOLD && k != KIND_WATER && k != KIND_SURVEY;
}

/* A complete department source against the complete roster: every slot
 * gets its roster index (SF_ROSTER) or NONE32, and ZZ12's candidate of a
 * roster member with a name is the earliest of the slot's names (first
 * name, then further names in row order) whose hash differs from the
 * roster name's: the first row in file order with a different non-empty
 * name.  The slots are walked in order and the roster probes do not depend
 * on each other, so the probes of later slots are prefetched. */
static void link_source(jsrc *s)
{
	pipe_drain(s);
	const join *j = s->j;
	const itab *it = &j->pkt;
	const person *pv = j->persons.v;
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
			if (e && (uint32_t)(e >> 32) == tag && (uint32_t)e - 1 < j->persons.n)
				__builtin_prefetch(&pv[(uint32_t)e - 1]);
		}
		uint32_t ri = join_itab_find(it, pv, sizeof *pv, sl->key);
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

void join_roster_fed(const rec_sink *k)
{
	jsrc *s0 = k->ctx;
	join *j = s0->j;
	VEC(jsrc *) todo = { 0 };
	pthread_mutex_lock(&j->lock);
	int open = j->roster_open;
	j->roster_fed = true;
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = j->src.v[i];
		if (s->ended && person_kind(s->kind) && !s->linked) {
			s->linked = true;
			VEC_PUSH(todo, s);
		}
	}
	pthread_mutex_unlock(&j->lock);
	if (open)
		BUG("join: join_roster_fed while a roster source is being fed");
	for (size_t i = 0; i < todo.n; i++)
		link_source(todo.v[i]);
	VEC_FREE(todo);
}

/* ------------------------------------------------------------- the sinks */

static int sink_begin(void *ctx, const src_info *info)
{
	jsrc *s = ctx;
	join *j = s->j;
	if (s->begun)
		BUG("join: one sink fed two sources");
	if (info->kind < 0 || info->kind >= KIND_COUNT)
		BUG("join: unknown kind %d", info->kind);
	s->begun = true;
	s->kind = info->kind;
	s->name = xstrdup(info->name && *info->name ? info->name : kinds[info->kind].name);
	s->file = xstrdup(info->file ? info->file : "");
	memcpy(s->present, info->present, sizeof s->present);
	const char *bad = NULL;
	pthread_mutex_lock(&j->lock);
	if (s->kind == KIND_ROSTER) {
		if (j->roster_fed || j->roster_closed)
			bad = "a roster source fed after household or survey sources";
		else if (j->roster_open)
			bad = "two roster sources fed at once";
		else
			j->roster_open++;
	} else if (s->kind == KIND_HOUSEHOLD || s->kind == KIND_SURVEY) {
		if (j->roster_open)
			bad = "a household or survey source fed while a roster source is";
		j->roster_closed = true;
	}
	pthread_mutex_unlock(&j->lock);
	if (bad)
		BUG("join: %s", bad);
	/* the roster is complete: its household count is final */
	if (s->kind == KIND_HOUSEHOLD)
		s->hseen = xcalloc(j->hh.n ? j->hh.n : 1, 1);
	if (person_kind(s->kind))
		s->pipe = xcalloc(JOIN_PIPE, sizeof *s->pipe);
	return 0;
}

static int sink_record(void *ctx, const dzrec *r)
{
	jsrc *s = ctx;
	switch (s->kind) {
	case KIND_ROSTER:
		return roster_record(s, r);
	case KIND_HOUSEHOLD:
		return household_record(s, r);
	case KIND_WATER:
		return water_record(s, r);
	case KIND_SURVEY:
		return survey_record(s, r);
	default:
		return dept_record(s, r);
	}
}

static int sink_end(void *ctx, const src_info *info, const src_account *acct)
{
	jsrc *s = ctx;
	join *j = s->j;
	(void)info;
	(void)acct;
	pipe_drain(s);
	bool link = false;
	pthread_mutex_lock(&j->lock);
	s->ended = true;
	if (s->kind == KIND_ROSTER)
		j->roster_open--;
	else if (person_kind(s->kind) && j->roster_fed && !s->linked)
		link = s->linked = true;
	pthread_mutex_unlock(&j->lock);
	if (link)
		link_source(s);
	return 0;
}

rec_sink join_sink(join *j)
{
	if (j->evaluated)
		BUG("join: join_sink after join_eval");
	if (j->src.n >= UINT16_MAX)
		BUG("join: more than %d sources", UINT16_MAX - 1);
	jsrc *s = xcalloc(1, sizeof *s);
	s->j = j;
	s->ord = (int)j->src.n;
	s->kind = -1;
	sb_init(&s->pool);
	sb_addc(&s->pool, '\0');
	sb_init(&s->tmp);
	sb_init(&s->last_hid);
	s->last_hh = NONE32;
	lplace none;
	memset(&none, 0, sizeof none);
	VEC_PUSH(s->places, none);
	s->R = j->p.ref_days;
	s->p1 = date_from_ymd(j->p.year, j->p.month, 1);
	s->win_lo = j->p.ref_days - 365;
	s->year = j->p.year;
	VEC_PUSH(j->src, s);
	rec_sink k = { sink_begin, sink_record, sink_end, s };
	return k;
}

/* ---------------------------------------------------------- evaluation */

const pslot *join_kslot(const rule_ctx *c, int kind, uint64_t key)
{
	return join_stab_find(&c->km[kind].tab, key);
}

uint32_t join_who(rule_ctx *c, const pslot *sl)
{
	if (sl->flags & SF_ROSTER)
		return sl->who;
	const join *j = c->j;
	uint32_t x = join_itab_find(&c->xkt, c->xp.v, sizeof(xperson), sl->key);
	if (x == NONE32) {
		xperson z = { sl->key, NULL, 0 };
		/* name: the first non-empty one in kind order */
		for (int k = 0; k < KIND_COUNT && !z.name; k++) {
			const pslot *o = join_kslot(c, k, sl->key);
			if (o && o->name)
				z.name = j->src.v[o->src_n]->pool.buf + o->name;
		}
		static const int route_kinds[] = { KIND_MED_ENROLL, KIND_DIBAO, KIND_TEKUN, KIND_RELIEF, KIND_SCHOOL };
		for (size_t r = 0; r < sizeof route_kinds / sizeof route_kinds[0]; r++) {
			const pslot *o = join_kslot(c, route_kinds[r], sl->key);
			if (o && o->pl_any && j->places.v[o->pl_any].twp) {
				z.pl_route = o->pl_any;
				break;
			}
		}
		x = (uint32_t)c->xp.n;
		VEC_PUSH(c->xp, z);
		join_itab_add(&c->xkt, sl->key, x);
	}
	return c->nroster + x;
}

bool join_hh_not_monitored(const household *h)
{
	return h->hf.mtype == MT_NONE || h->hf.risk == 1;
}

bool join_not_monitored(const rule_ctx *c, uint32_t p)
{
	if (p >= c->nroster)
		return true;
	const join *j = c->j;
	return join_hh_not_monitored(&j->hh.v[j->persons.v[p].hh]);
}

const char *join_src_name(const rule_ctx *c, int ord)
{
	return c->j->src.v[ord]->name;
}

static const char *twp_name(const join *j, uint32_t t)
{
	return t ? join_str(j, j->twps.v[t]) : "";
}

static const char *loc_of(rule_ctx *c, int src, uint32_t row)
{
	if (src < 0)
		return "";
	sb_reset(&c->loc);
	sb_addf(&c->loc, "%s:%u", c->j->src.v[src]->file, row);
	return c->loc.buf;
}

static void add(rule_ctx *c, finding *f)
{
	findings_add(rules[f->rule].family == FAM_YJ ? c->warn : c->mis, f);
}

void join_emit_person(rule_ctx *c, int rule, uint32_t p, uint32_t route, const char *sys,
                      const char *dept, const char *source, int loc_src, uint32_t loc_row,
                      const char *note)
{
	const join *j = c->j;
	char id[19];
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	if (p < c->nroster) {
		const person *P = &j->persons.v[p];
		const household *H = &j->hh.v[P->hh];
		f.township = twp_name(j, P->twp ? P->twp : H->hf.twp);
		f.village = join_str(j, P->vil ? P->vil : H->hf.vil);
		f.household_id = join_str(j, H->hid);
		f.name = join_str(j, P->name);
		idcard_unpack(P->key, id);
	} else {
		const xperson *X = &c->xp.v[p - c->nroster];
		uint32_t pl = (route && j->places.v[route].twp) ? route : X->pl_route;
		f.township = twp_name(j, j->places.v[pl].twp);
		f.village = join_str(j, j->places.v[pl].vil);
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

void join_emit_household(rule_ctx *c, int rule, uint32_t h, const char *sys, const char *dept,
                         const char *source, int loc_src, uint32_t loc_row, const char *note)
{
	const join *j = c->j;
	const household *H = &j->hh.v[h];
	const person *P = &j->persons.v[H->head];
	char id[19];
	idcard_unpack(P->key, id);
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.township = twp_name(j, H->hf.twp);
	f.village = join_str(j, H->hf.vil);
	f.household_id = join_str(j, H->hid);
	f.name = join_str(j, P->name);
	f.id = id;
	f.sys_value = sys;
	f.dept_value = dept;
	f.source = source;
	f.loc = loc_of(c, loc_src, loc_row);
	f.note = note;
	add(c, &f);
}

void join_emit_village(rule_ctx *c, int rule, uint32_t place, const char *sys, const char *dept,
                       const char *source, int loc_src, uint32_t loc_row, const char *note)
{
	const join *j = c->j;
	finding f;
	memset(&f, 0, sizeof f);
	f.rule = rule;
	f.township = twp_name(j, j->places.v[place].twp);
	f.village = join_str(j, j->places.v[place].vil);
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

/* A source's raw places -> canonical township and village. */
static void resolve_places(join *j, jsrc *s)
{
	for (size_t i = 1; i < s->places.n; i++) {
		lplace *lp = &s->places.v[i];
		const char *k = s->pool.buf + lp->off;
		uint32_t tn;
		memcpy(&tn, k, sizeof tn);
		lp->twp = twp_canon(j, k + sizeof tn, tn);
		lp->vil = vil_norm(j, k + sizeof tn + tn, lp->len - sizeof tn - tn);
	}
}

/* Household sources, in source order: the first source with a row of a
 * household overrides the columns it has (docs/decisions.md). */
static void apply_households(join *j)
{
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = j->src.v[i];
		if (!s->begun || s->kind != KIND_HOUSEHOLD)
			continue;
		resolve_places(j, s);
		for (size_t e = 0; e < s->hrows.n; e++) {
			const hsrow *x = &s->hrows.v[e];
			household *H = &j->hh.v[x->h];
			if (H->has_hs)
				continue;
			H->has_hs = 1;
			const lplace *lp = &s->places.v[x->pl];
			if (s->present[F_TOWNSHIP])
				H->hf.twp = lp->twp;
			if (s->present[F_VILLAGE])
				H->hf.vil = lp->vil;
			hvals_apply(&H->hf, &x->hf, s->present);
		}
	}
}

/* Source-local places -> global places; slots rewritten in place. */
static void globalize_places(join *j, jsrc *s)
{
	resolve_places(j, s);
	for (size_t i = 1; i < s->places.n; i++) {
		lplace *lp = &s->places.v[i];
		lp->g = gplace_of(j, lp->twp, lp->vil);
	}
	for (size_t i = 0; i < s->slots.n; i++) {
		pslot *sl = &s->slots.v[i];
		sl->pl_a = s->places.v[sl->pl_a].g;
		sl->pl_e = s->places.v[sl->pl_e].g;
		sl->pl_any = s->places.v[sl->pl_any].g;
	}
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
			a->val += b->val;
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
static void merge_kind(rule_ctx *c, int kind)
{
	const join *j = c->j;
	kmerge *m = &c->km[kind];
	size_t nsrc = 0;
	jsrc *only = NULL;
	for (size_t i = 0; i < j->src.n; i++)
		if (j->src.v[i]->begun && j->src.v[i]->kind == kind) {
			nsrc++;
			only = j->src.v[i];
		}
	if (nsrc == 0)
		return;
	if (nsrc == 1) {
		m->tab = only->slots;
		m->owned = false;
	} else {
		m->owned = true;
		for (size_t i = 0; i < j->src.n; i++) {
			const jsrc *s = j->src.v[i];
			if (!s->begun || s->kind != kind)
				continue;
			for (size_t e = 0; e < s->slots.n; e++) {
				const pslot *b = &s->slots.v[e];
				bool created;
				pslot *a = join_stab_get(&m->tab, b->key, &created);
				if (created)
					*a = *b;
				else
					combine(a, b, kind);
			}
		}
	}
	m->v = m->tab.v;
	m->n = m->tab.n;
}

/* Per roster member, which kinds have an active slot.  Persons not on the
 * roster get an index only when they have a finding (join_who). */
static void roster_bits(rule_ctx *c)
{
	c->nroster = (uint32_t)c->j->persons.n;
	c->act = xcalloc(c->nroster ? c->nroster : 1, sizeof *c->act);
	for (int k = 0; k < KIND_COUNT; k++) {
		const kmerge *m = &c->km[k];
		for (size_t i = 0; i < m->n; i++) {
			const pslot *sl = &m->v[i];
			if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) == (SF_ROSTER | SF_ACTIVE))
				c->act[sl->who] |= (uint16_t)(1u << k);
		}
	}
}

static void merge_water(rule_ctx *c)
{
	join *j = c->j;
	c->wbad = xcalloc(j->places.n, sizeof *c->wbad);
	for (size_t i = 0; i < j->src.n; i++) {
		const jsrc *s = j->src.v[i];
		if (!s->begun || s->kind != KIND_WATER)
			continue;
		for (size_t e = 1; e < s->places.n; e++) {
			const lplace *lp = &s->places.v[e];
			if (!lp->bad || !lp->g)
				continue;
			/* a source's places are interned in the order of their first
			 * bad row, so the first one seen has the smallest row */
			waterbad *w = &c->wbad[lp->g];
			if (!w->bad) {
				w->row = lp->bad_row;
				w->src = (uint16_t)s->ord;
			}
			w->bad |= lp->bad;
		}
	}
}

static void merge_survey(rule_ctx *c)
{
	join *j = c->j;
	c->hsurv = xmalloc((j->hh.n ? j->hh.n : 1) * sizeof *c->hsurv);
	for (size_t h = 0; h < j->hh.n; h++)
		c->hsurv[h] = NONE32;
	for (size_t i = 0; i < j->src.n; i++) {
		const jsrc *s = j->src.v[i];
		if (!s->begun || s->kind != KIND_SURVEY)
			continue;
		for (size_t e = 0; e < s->surv.n; e++) {
			const survrec *x = &s->surv.v[e];
			uint32_t *slot = &c->hsurv[x->key];
			if (*slot == NONE32) {
				*slot = (uint32_t)c->surv.n;
				VEC_PUSH(c->surv, *x);
			} else if (survey_newer(x, &c->surv.v[*slot])) {
				c->surv.v[*slot] = *x;
			}
		}
	}
}

/* ---- rule status: are a rule's inputs part of the run? ---- */

typedef struct presence {
	bool kind[KIND_COUNT + 1];            /* [NEED_ANY_DEPT] = any department source */
	bool field[KIND_COUNT + 1][F_COUNT];
} presence;

static bool dept_kind(int k)
{
	return person_kind(k);
}

static void presence_of(const join *j, presence *pr)
{
	memset(pr, 0, sizeof *pr);
	for (size_t i = 0; i < j->src.n; i++) {
		const jsrc *s = j->src.v[i];
		if (!s->begun)
			continue;
		pr->kind[s->kind] = true;
		for (int f = 0; f < F_COUNT; f++)
			if (s->present[f])
				pr->field[s->kind][f] = true;
		if (dept_kind(s->kind)) {
			pr->kind[NEED_ANY_DEPT] = true;
			for (int f = 0; f < F_COUNT; f++)
				if (s->present[f])
					pr->field[NEED_ANY_DEPT][f] = true;
		}
	}
	/* roster fields: the roster or the household source has the column */
	for (int f = 0; f < F_COUNT; f++)
		if (pr->field[KIND_HOUSEHOLD][f])
			pr->field[KIND_ROSTER][f] = true;
}

static const char *need_kind_name(int k)
{
	return k == NEED_ANY_DEPT ? "任一部门来源" : kinds[k].name;
}

static void rule_check(const join *j, const presence *pr, size_t r, rule_status *st)
{
	const ruledef *d = &rules[r];
	size_t n = 0;
	while (n < sizeof d->needs / sizeof d->needs[0] && d->needs[n].kind >= 0)
		n++;
	st->evaluated = true;
	st->reason[0] = '\0';
	/* pass 0: a group none of whose sources is present; pass 1: a group
	 * none of whose fields is present */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t g = 0; g < n;) {
			size_t e = g;
			while (e + 1 < n && (d->needs[e].field & NEED_ALT) && d->needs[e].field >= 0)
				e++;
			bool any_src = false, sat = false;
			for (size_t i = g; i <= e; i++) {
				int k = d->needs[i].kind, f = need_field(d->needs[i].field);
				if (!pr->kind[k])
					continue;
				any_src = true;
				if (f < 0 || pr->field[k][f])
					sat = true;
			}
			if ((pass == 0 && !any_src) || (pass == 1 && !sat)) {
				strbuf sb;
				sb_init(&sb);
				sb_adds(&sb, pass == 0 ? "未执行：缺少来源 " : "未执行：缺少字段 ");
				for (size_t i = g; i <= e; i++) {
					int k = d->needs[i].kind, f = need_field(d->needs[i].field);
					if (i > g)
						sb_adds(&sb, " 或 ");
					if (pass == 0 || f < 0)
						sb_adds(&sb, need_kind_name(k));
					else
						sb_addf(&sb, "%s.%s", need_kind_name(k), field_name((enum field)f));
				}
				st->evaluated = false;
				snprintf(st->reason, sizeof st->reason, "%s", sb.buf);
				sb_release(&sb);
				return;
			}
			g = e + 1;
		}
	}
	if (d->params && strstr(d->params, "income_line") && j->p.income_line_fen < 0) {
		st->evaluated = false;
		snprintf(st->reason, sizeof st->reason, "未执行：未配置 income_line.%d", j->p.year);
	}
}

static void ctx_release(rule_ctx *c)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (c->km[k].owned)
			join_stab_release(&c->km[k].tab);
	VEC_FREE(c->xp);
	join_itab_release(&c->xkt);
	free(c->act);
	free(c->wbad);
	free(c->hsurv);
	VEC_FREE(c->surv);
	arena_release(&c->mem);
	sb_release(&c->a);
	sb_release(&c->b);
	sb_release(&c->note);
	sb_release(&c->loc);
}

int join_eval(join *j, findings *mismatches, findings *warnings, rule_status *status, dzerr *err)
{
	if (j->evaluated)
		return dzerr_set(err, DZ_EXIT_IO, "join: evaluated twice");
	j->evaluated = true;

	rule_ctx c;
	memset(&c, 0, sizeof c);
	c.j = j;
	c.mis = mismatches;
	c.warn = warnings;
	c.R = j->p.ref_days;
	c.p1 = date_from_ymd(j->p.year, j->p.month, 1);
	{
		int y, m, d;
		date_to_ymd(c.R, &y, &m, &d);
		c.sept = date_from_ymd(m >= 9 ? y : y - 1, 9, 1);
	}
	arena_init(&c.mem);
	sb_init(&c.a);
	sb_init(&c.b);
	sb_init(&c.note);
	sb_init(&c.loc);

	presence pr;
	presence_of(j, &pr);
	for (int k = 0; k < KIND_COUNT; k++)
		c.present_kind[k] = pr.kind[k];

	/* source names per kind (来源 of "no record" findings) */
	for (int k = 0; k < KIND_COUNT; k++) {
		strbuf sb;
		sb_init(&sb);
		for (size_t i = 0; i < j->src.n; i++)
			if (j->src.v[i]->begun && j->src.v[i]->kind == k) {
				if (sb.len)
					sb_addc(&sb, ',');
				sb_adds(&sb, j->src.v[i]->name);
			}
		c.ksrc[k] = arena_strndup(&c.mem, sb.buf, sb.len);
		sb_release(&sb);
	}
	c.roster_src = c.ksrc[KIND_ROSTER];

	/* department sources nobody linked yet (no join_roster_fed) */
	for (size_t i = 0; i < j->src.n; i++) {
		jsrc *s = j->src.v[i];
		if (s->begun && person_kind(s->kind) && !s->linked) {
			s->linked = true;
			link_source(s);
		}
	}
	apply_households(j);
	for (size_t h = 0; h < j->hh.n; h++)
		j->hh.v[h].place = gplace_of(j, j->hh.v[h].hf.twp, j->hh.v[h].hf.vil);
	for (size_t i = 0; i < j->src.n; i++)
		if (j->src.v[i]->begun && j->src.v[i]->kind != KIND_HOUSEHOLD)
			globalize_places(j, j->src.v[i]);
	for (int k = 0; k < KIND_COUNT; k++)
		if (person_kind(k))
			merge_kind(&c, k);
	roster_bits(&c);
	merge_water(&c);
	merge_survey(&c);

	for (size_t r = 0; r < nrules; r++) {
		rule_status st;
		rule_check(j, &pr, r, &st);
		if (status)
			status[r] = st;
		if (st.evaluated && rules[r].eval)
			rules[r].eval(&c, (int)r);
	}
	ctx_release(&c);
	return 0;
}

size_t join_roster_townships(const join *j, const char ***out)
{
	size_t nt = j->twps.n;
	bool *seen = xcalloc(nt + 1, sizeof *seen);
	const char **v = xmalloc((nt + 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < j->persons.n; i++) {
		const person *P = &j->persons.v[i];
		uint32_t t = P->twp;
		if (!t && P->hh < j->hh.n)
			t = j->hh.v[P->hh].hf.twp;
		if (t && t < nt && !seen[t]) {
			seen[t] = true;
			v[n++] = twp_name(j, t);
		}
	}
	free(seen);
	*out = v;
	return n;
}
