/*
 * join_persons.c - the person table (see join_persons.h): roster rows ->
 * persons and households.
 *
 * Functions in call order:
 *   persons_init() persons_roster_begin()
 *   persons_roster_record()  ID -> person (DQ07 on a repeat); 户编号 ->
 *                            household (the previous row's tried first);
 *                            the head so far supplies household values
 *   persons_find() persons_household()
 *   persons_apply_household() (join_finish, household-source rows)
 *   persons_release()
 *
 * Algorithm: a dense array of persons indexed by an itab on the packed ID
 * (join_hash.h), households by an smap on 户编号.  Members of a household
 * usually follow each other, so the previous row's household is tried
 * before the map.  The head of a household is the member whose relation is
 * 户主, else the smaller ID (packed order = ID string order); its row gives
 * the household-level values (SPEC §4) until a household source overrides
 * them column by column (docs/decisions.md).
 *
 * Memory: see join_persons.h; nothing per row beyond the person itself.
 */
#include "join_persons.h"
#include "idcard.h"
#include <stdlib.h>
#include <string.h>

void persons_init(jpersons *t, bool lj)
{
	memset(t, 0, sizeof *t);
	t->lj = lj;
	sb_init(&t->pool);
	sb_addc(&t->pool, '\0');
	sb_init(&t->last_hid);
	sb_init(&t->tmp);
	t->last_hh = NONE32;
}

void persons_roster_begin(jpersons *t)
{
	t->last_hh = NONE32;
	sb_reset(&t->last_hid);
}

/* Offset of an interned copy of a word (0 for ""). */
static uint32_t intern(jpersons *t, const char *s, size_t n)
{
	uint32_t v;
	if (!n)
		return 0;
	if (smap_get(&t->words, &t->pool, s, n, &v))
		return v;
	uint32_t off = smap_put(&t->words, &t->pool, s, n, 0);
	t->words.ent.v[t->words.ent.n - 1].val = off;
	return off;
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

void persons_hvals(hfields *h, const dzrec *r)
{
	h->mtype = row_cls(r, F_MONITOR_TYPE);
	h->risk = row_yn(r, F_RISK_CLEARED);
	h->nolabor = row_yn(r, F_NO_LABOR_HOUSEHOLD);
	h->water = row_yn(r, F_WATER_SAFE);
	h->danger = row_yn(r, F_DANGEROUS_HOUSE);
	h->income = r->num[F_INCOME_PC];
	h->prev = r->num[F_INCOME_PC_PREV];
	h->mdate = r->num[F_MONITOR_DATE] == NUM_UNKNOWN ? INT32_MIN : (int32_t)r->num[F_MONITOR_DATE];
	h->cdate = r->num[F_CLEARED_DATE] == NUM_UNKNOWN ? INT32_MIN : (int32_t)r->num[F_CLEARED_DATE];
}

static bool is_word(const dzrec *r, int f, const char *w)
{
	size_t n = strlen(w);
	return r->n[f] == n && !memcmp(r->v[f], w, n);
}

/* The LJ rules' facts of a roster row (SPEC §5, 逻辑校验): small classes
 * in the person's bit fields, the health and id_type words interned, a
 * non-empty phone in t->phones (its text kept only when it is invalid). */
static void lj_facts(jpersons *t, person *p, uint32_t pi, const dzrec *r)
{
	int8_t c = row_cls(r, F_SEX);
	p->sex = c == SEX_MALE || c == SEX_FEMALE ? (uint16_t)c : 0;
	p->spouse = is_word(r, F_RELATION, "配偶");
	c = row_cls(r, F_LABOR_SKILL);
	p->labor = c >= LS_ORDINARY && c <= LS_NONE ? (uint16_t)c : 0;
	c = row_cls(r, F_HEALTH_STATUS);
	p->health = c > 0 && c < 16 ? (uint16_t)c : 0;
	p->health_w = intern(t, r->v[F_HEALTH_STATUS], r->n[F_HEALTH_STATUS]);
	if (r->n[F_ID_TYPE]) {
		p->idtype = is_word(r, F_ID_TYPE, "残疾人证") ? IDT_DISABILITY : IDT_OTHER;
		p->idtype_w = intern(t, r->v[F_ID_TYPE], r->n[F_ID_TYPE]);
	}
	p->dcert = r->n[F_ID] > 18;     /* a 残疾人证号 keeps its digits (record.h) */
	p->nisr = r->n[F_NOT_IN_SCHOOL_REASON] > 0;
	p->junior = p->school == SS_COMPULSORY &&
	            vocab_school_junior(r->v[F_SCHOOL_STATUS], r->n[F_SCHOOL_STATUS]);
	if (r->n[F_PHONE]) {
		phonerec x = { 0, pi, 0 };
		if (parse_phone(r->v[F_PHONE], r->n[F_PHONE], &x.code) != VAL_OK) {
			x.code = 0;
			x.raw = pool_add(&t->pool, r->v[F_PHONE], r->n[F_PHONE]);
		}
		VEC_PUSH(t->phones, x);
	}
}

/* Household-level fields of a roster row. */
static void hfields_from(jplaces *pl, hfields *h, const dzrec *r)
{
	h->twp = places_township(pl, r->v[F_TOWNSHIP], r->n[F_TOWNSHIP]);
	h->vil = places_village(pl, r->v[F_VILLAGE], r->n[F_VILLAGE]);
	persons_hvals(h, r);
}

/* Head order: 户主 first, then the smaller ID (packed order = ID string order). */
static bool better_head(const person *a, const person *b)
{
	if (a->huzhu != b->huzhu)
		return a->huzhu > b->huzhu;
	return a->key < b->key;
}

int persons_roster_record(jpersons *t, jplaces *pl, const dzrec *r)
{
	if (r->num[F_ID] == NUM_UNKNOWN || r->num[F_ID] == 0)
		return DQ02;
	uint64_t key = (uint64_t)r->num[F_ID];
	if (persons_find(t, key) != NONE32)
		return DQ07;
	if (t->persons.n >= UINT32_MAX - 1)
		BUG("join: too many persons");
	uint32_t pi = (uint32_t)t->persons.n;
	person p;
	memset(&p, 0, sizeof p);
	p.key = key;
	p.birth = birth_of(r, key);
	p.row = row32(r->row);
	p.twp = places_township(pl, r->v[F_TOWNSHIP], r->n[F_TOWNSHIP]);
	p.vil = places_village(pl, r->v[F_VILLAGE], r->n[F_VILLAGE]);
	if (r->n[F_NAME]) {
		p.name = pool_add(&t->pool, r->v[F_NAME], r->n[F_NAME]);
		norm_name(&t->tmp, r->v[F_NAME], r->n[F_NAME]);
		p.nh = t->tmp.len ? join_name_hash(t->tmp.buf, t->tmp.len) : 0;
	}
	p.school_w = intern(t, r->v[F_SCHOOL_STATUS], r->n[F_SCHOOL_STATUS]);
	p.work_w = intern(t, r->v[F_WORK_STATUS], r->n[F_WORK_STATUS]);
	p.med = row_yn(r, F_MED_INSURED);
	p.med_staff = row_yn(r, F_MED_INSURED_STAFF);
	p.dibao = row_yn(r, F_DIBAO);
	p.tekun = row_yn(r, F_TEKUN);
	p.school = row_cls(r, F_SCHOOL_STATUS);
	p.work = row_cls(r, F_WORK_STATUS);
	p.huzhu = is_word(r, F_RELATION, "户主");
	if (t->lj)
		lj_facts(t, &p, pi, r);

	/* members of a household usually follow each other: try the previous row's */
	uint32_t h = NONE32;
	size_t hn = r->n[F_HOUSEHOLD_ID];
	if (hn) {
		if (t->last_hh != NONE32 && t->last_hid.len == hn &&
		    !memcmp(t->last_hid.buf, r->v[F_HOUSEHOLD_ID], hn))
			h = t->last_hh;
		else if (!smap_get(&t->hmap, &t->pool, r->v[F_HOUSEHOLD_ID], hn, &h))
			h = NONE32;
	}
	if (h == NONE32) {
		household x;
		memset(&x, 0, sizeof x);
		h = (uint32_t)t->hh.n;
		if (hn)
			x.hid = smap_put(&t->hmap, &t->pool, r->v[F_HOUSEHOLD_ID], hn, h);
		x.head = pi;
		hfields_from(pl, &x.hf, r);
		VEC_PUSH(t->hh, x);
	} else if (better_head(&p, &t->persons.v[t->hh.v[h].head])) {
		t->hh.v[h].head = pi;
		hfields_from(pl, &t->hh.v[h].hf, r);
	}
	if (hn) {
		t->last_hh = h;
		sb_reset(&t->last_hid);
		sb_add(&t->last_hid, r->v[F_HOUSEHOLD_ID], hn);
	}
	t->hh.v[h].nmem++;
	p.hh = h;
	VEC_PUSH(t->persons, p);
	itab_add(&t->pkt, key, pi);
	return 0;
}

bool persons_household(const jpersons *t, const char *hid, size_t n, uint32_t *h)
{
	return n && smap_get(&t->hmap, &t->pool, hid, n, h);
}

bool persons_apply_household(jpersons *t, uint32_t h, const hfields *x, const bool *present,
                             uint32_t twp, uint32_t vil)
{
	household *H = &t->hh.v[h];
	if (H->has_hs)
		return false;
	H->has_hs = 1;
	hfields *d = &H->hf;
	if (present[F_TOWNSHIP])
		d->twp = twp;
	if (present[F_VILLAGE])
		d->vil = vil;
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
	if (present[F_MONITOR_DATE])
		d->mdate = x->mdate;
	if (present[F_CLEARED_DATE])
		d->cdate = x->cdate;
	return true;
}

const char *persons_str(const jpersons *t, uint32_t off)
{
	return t->pool.buf + off;
}

void persons_release(jpersons *t)
{
	VEC_FREE(t->persons);
	VEC_FREE(t->phones);
	itab_release(&t->pkt);
	VEC_FREE(t->hh);
	smap_release(&t->hmap);
	sb_release(&t->pool);
	smap_release(&t->words);
	sb_release(&t->last_hid);
	sb_release(&t->tmp);
}
