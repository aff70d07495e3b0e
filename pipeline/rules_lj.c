/*
 * rules_lj.c - the LJ rules (逻辑校验, SPEC §5): the roster against
 * itself.  One evaluator per rule; the entries of the one rule table
 * (rules.c) point here.  Evaluators read the join through join_view.h
 * only: the persons' LJ bit fields (join_data.h), the households' values,
 * the members' phones (and join_hash.h's itab as a plain data structure).
 *
 * Functions in table order: ev_lj01 ... ev_lj19.  Member rules are one
 * pass over the roster; household rules one pass over the households or,
 * for facts of the members (LJ02 LJ03 LJ19), one pass over the roster into
 * a small per-household array; LJ18 hashes the valid phones to find the
 * ones on two or more households and sorts only those.
 *
 * Conventions (SPEC §5, docs/decisions.md): age is full years at R;
 * "school age" is full years at the latest 1 September on or before R
 * (YJ04's); a person born after that day is -1 years old; a person whose
 * ID gives no birth date has no age.  Unknown values (empty where empty
 * means nothing, DQ10, DQ11) never satisfy a condition: the classes kept
 * for unknown are 0 (bit fields) or -1 (yes/no, school, work), and every
 * test below names the known classes it wants.  Sex "from the ID" is the
 * 17th digit.  系统值 shows the roster values that fired the rule (their
 * words as written, or the class word for vocabularies kept as classes),
 * 部门值 is empty, 来源 the roster, 来源位置 empty (roster-only rules,
 * like ZZ14).
 *
 * Memory: the findings; LJ02 LJ03 LJ19 4-9 bytes per household while they
 * run; LJ18 16 bytes and a hash entry per distinct valid phone, 4 bytes
 * per phone, and the shared ones sorted.
 */
#include "rules_lj.h"
#include "join_view.h"
#include "join_hash.h"      /* the itab data structure only (LJ18), no join state */
#include "idcard.h"
#include "vocab.h"
#include <stdlib.h>
#include <string.h>

static const person *P_(const rule_ctx *c, uint32_t p)
{
	return &c->persons[p];
}

static int32_t ymd_of(int32_t days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

/* Full years at a date given as YYYYMMDD; -1 for a birth after it. */
static int age_at(int32_t birth, int32_t at)
{
	return at >= birth ? (at - birth) / 10000 : -1;
}

/* Sex from the ID: the 17th digit (odd = male). */
static int id_sex(uint64_t key)
{
	return ((key / 11) % 10) & 1 ? SEX_MALE : SEX_FEMALE;
}

static const char *sex_word(int s)
{
	return s == SEX_MALE ? "男" : "女";
}

static const char *word_or_empty(const rule_ctx *c, uint32_t off)
{
	return off ? view_str(c, off) : "（空）";
}

static const char *yn(int v)
{
	return v == 1 ? "是" : "否";
}

static void emit_p(rule_ctx *c, int rule, uint32_t p, const char *note)
{
	view_emit_person(c, rule, p, 0, c->a.buf, "", c->roster_src, -1, 0, note);
}

static void emit_h(rule_ctx *c, int rule, uint32_t h, const char *note)
{
	view_emit_household(c, rule, h, c->a.buf, "", c->roster_src, -1, 0, note);
}

static void hlabel(const rule_ctx *c, uint32_t h, strbuf *sb)
{
	const household *H = &c->hh[h];
	if (H->hid) {
		sb_adds(sb, view_str(c, H->hid));
	} else {
		char id[19];
		idcard_unpack(P_(c, H->head)->key, id);
		sb_addf(sb, "户主%s", id);
	}
}

static void name_id(const rule_ctx *c, uint32_t p, strbuf *sb)
{
	char id[19];
	idcard_unpack(P_(c, p)->key, id);
	sb_addf(sb, "%s（%s）", view_str(c, P_(c, p)->name), id);
}

/* ------------------------------------------------------------ members */

void ev_lj01(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->sex || P->sex == id_sex(P->key))
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "性别：%s；证件号码：%s", sex_word(P->sex), sex_word(id_sex(P->key)));
		emit_p(c, rule, p, "");
	}
}

void ev_lj04(rule_ctx *c, int rule)
{
	int32_t R = ymd_of(c->R);
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->birth || P->labor < LS_ORDINARY || P->labor > LS_WEAK)
			continue;
		int a = age_at(P->birth, R);
		if (a >= 16)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "年龄：%d 岁；劳动技能：%s", a, vocab_labor_word(P->labor));
		emit_p(c, rule, p, "");
	}
}

void ev_lj05(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (P->school < SS_PRESCHOOL || P->school > SS_TERTIARY || !P->labor || P->labor == LS_NONE)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "在校生状况：%s；劳动技能：%s", word_or_empty(c, P->school_w),
		        vocab_labor_word(P->labor));
		emit_p(c, rule, p, "");
	}
}

void ev_lj06(rule_ctx *c, int rule)
{
	int32_t R = ymd_of(c->R);
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->birth || P->health != HS_HEALTHY || P->school != SS_NOT_IN_SCHOOL ||
		    P->labor < LS_WEAK || P->labor > LS_NONE)
			continue;
		int a = age_at(P->birth, R);
		if (a < 16 || a > 59)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "年龄：%d 岁；健康状况：%s；在校生状况：%s；劳动技能：%s", a,
		        word_or_empty(c, P->health_w), word_or_empty(c, P->school_w),
		        vocab_labor_word(P->labor));
		emit_p(c, rule, p, "");
	}
}

/* School age out of the range of the school_status's stage. */
static bool school_age_wrong(const person *P, int a)
{
	switch (P->school) {
	case SS_PRESCHOOL:
		return a >= 7;
	case SS_COMPULSORY:
		return P->junior ? (a < 11 || a > 17) : (a < 5 || a > 14);
	case SS_SENIOR:
		return a < 14 || a > 21;
	case SS_TERTIARY:
		return a < 16;
	default:
		return false;
	}
}

void ev_lj07(rule_ctx *c, int rule)
{
	int32_t S = ymd_of(c->sept);
	char s[11];
	date_format(c->sept, s);
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		int a = P->birth ? age_at(P->birth, S) : 0;
		if (!P->birth || !school_age_wrong(P, a))
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "在校生状况：%s；", word_or_empty(c, P->school_w));
		if (a < 0)
			sb_addf(&c->a, "年龄：%s 时尚未出生", s);
		else
			sb_addf(&c->a, "年龄：%d 岁（%s）", a, s);
		emit_p(c, rule, p, "");
	}
}

void ev_lj08(rule_ctx *c, int rule)
{
	int32_t S = ymd_of(c->sept);
	char s[11];
	date_format(c->sept, s);
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->birth || P->school != SS_NOT_IN_SCHOOL || P->nisr)
			continue;
		int a = age_at(P->birth, S);
		if (a < 6 || a > 15)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "年龄：%d 岁（%s）；在校生状况：%s；义务教育阶段未上学原因：（空）", a, s,
		        word_or_empty(c, P->school_w));
		emit_p(c, rule, p, "");
	}
}

/* LJ09 (both no), LJ10 (both yes). */
static void both_med(rule_ctx *c, int rule, int v)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (P->med != v || P->med_staff != v)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "城乡居民医保：%s；职工医保：%s", yn(v), yn(v));
		emit_p(c, rule, p, "");
	}
}

void ev_lj09(rule_ctx *c, int rule)
{
	both_med(c, rule, 0);
}

void ev_lj10(rule_ctx *c, int rule)
{
	both_med(c, rule, 1);
}

void ev_lj11(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!(P->health & HS_DISABLED) || P->idtype != IDT_OTHER || P->dcert)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "健康状况：%s；证件类型：%s", word_or_empty(c, P->health_w),
		        word_or_empty(c, P->idtype_w));
		emit_p(c, rule, p, "");
	}
}

void ev_lj12(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if ((P->idtype != IDT_DISABILITY && !P->dcert) || !P->health || (P->health & HS_DISABLED))
			continue;
		sb_reset(&c->a);
		if (P->idtype == IDT_DISABILITY)
			sb_adds(&c->a, "证件类型：残疾人证；");
		if (P->dcert)
			sb_adds(&c->a, "证件号码：残疾人证号；");
		sb_addf(&c->a, "健康状况：%s", word_or_empty(c, P->health_w));
		emit_p(c, rule, p, "");
	}
}

void ev_lj16(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (P->tekun != 1 || P->work != WS_WORKING)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "特困供养：是；务工状况：%s", word_or_empty(c, P->work_w));
		emit_p(c, rule, p, "");
	}
}

void ev_lj17(rule_ctx *c, int rule)
{
	for (size_t i = 0; i < c->nphones; i++) {
		const phonerec *x = &c->phones[i];
		if (x->code)
			continue;
		sb_reset(&c->a);
		sb_adds(&c->a, view_str(c, x->raw));
		emit_p(c, rule, x->p, "");
	}
}

/* ------------------------------------------------------------ households */

/* LJ02: the 户主 (the head, when it is one) and a 配偶 of the same sex by
 * their IDs; the first such 配偶 in roster order is named. */
void ev_lj02(rule_ctx *c, int rule)
{
	uint32_t *sp = xmalloc((c->nhh ? c->nhh : 1) * sizeof *sp);
	for (uint32_t h = 0; h < c->nhh; h++)
		sp[h] = NONE32;
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->spouse || sp[P->hh] != NONE32)
			continue;
		const person *head = P_(c, c->hh[P->hh].head);
		if (head->huzhu && id_sex(head->key) == id_sex(P->key))
			sp[P->hh] = p;
	}
	for (uint32_t h = 0; h < c->nhh; h++) {
		if (sp[h] == NONE32)
			continue;
		const char *s = sex_word(id_sex(P_(c, sp[h])->key));
		sb_reset(&c->a);
		sb_addf(&c->a, "户主：%s；配偶：%s", s, s);
		sb_reset(&c->note);
		sb_adds(&c->note, "配偶：");
		name_id(c, sp[h], &c->note);
		emit_h(c, rule, h, c->note.buf);
	}
	free(sp);
}

typedef struct hp {        /* a member of a household (sorted lists) */
	uint32_t h, p;
} hp;

static int cmp_hp(const void *a, const void *b)
{
	const hp *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->p < y->p ? -1 : x->p > y->p;
}

typedef struct hk {        /* a 户主 of a household (LJ03, sorted by ID) */
	uint32_t h, p;
	uint64_t key;
} hk;

static int cmp_hk(const void *a, const void *b)
{
	const hk *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* LJ03: no member, or more than one, is 户主; several are named, in
 * ID order. */
void ev_lj03(rule_ctx *c, int rule)
{
	uint8_t *n = xcalloc(c->nhh ? c->nhh : 1, 1);
	for (uint32_t p = 0; p < c->nroster; p++)
		if (P_(c, p)->huzhu && n[P_(c, p)->hh] < 255)
			n[P_(c, p)->hh]++;
	VEC(hk) many = { 0 };
	for (uint32_t p = 0; p < c->nroster; p++)
		if (P_(c, p)->huzhu && n[P_(c, p)->hh] > 1)
			VEC_PUSH(many, ((hk){ P_(c, p)->hh, p, P_(c, p)->key }));
	if (many.n > 1)
		qsort(many.v, many.n, sizeof *many.v, cmp_hk);
	size_t k = 0;
	for (uint32_t h = 0; h < c->nhh; h++) {
		if (n[h] == 1)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "户主人数：%u", (unsigned)n[h]);
		sb_reset(&c->note);
		for (; k < many.n && many.v[k].h == h; k++) {
			sb_adds(&c->note, c->note.len ? "、" : "户主：");
			name_id(c, many.v[k].p, &c->note);
		}
		emit_h(c, rule, h, c->note.buf);
	}
	VEC_FREE(many);
	free(n);
}

/* Months from a to b, by year and month only. */
static int months_between(int32_t a, int32_t b)
{
	int ya, ma, da, yb, mb, db;
	date_to_ymd(a, &ya, &ma, &da);
	date_to_ymd(b, &yb, &mb, &db);
	return (yb - ya) * 12 + (mb - ma);
}

static void month_text(strbuf *sb, int32_t days)
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	sb_addf(sb, "%04d-%02d", y, m);
}

void ev_lj13(rule_ctx *c, int rule)
{
	int min = c->p->min_clear_months;
	for (uint32_t h = 0; h < c->nhh; h++) {
		const hfields *f = &c->hh[h].hf;
		if (f->risk != 1 || f->mdate == INT32_MIN || f->cdate == INT32_MIN)
			continue;
		int k = months_between(f->mdate, f->cdate);
		if (k >= min)
			continue;
		sb_reset(&c->a);
		sb_adds(&c->a, "识别监测时间：");
		month_text(&c->a, f->mdate);
		sb_adds(&c->a, "；风险消除时间：");
		month_text(&c->a, f->cdate);
		sb_reset(&c->note);
		if (k < 0)
			sb_adds(&c->note, "风险消除时间早于识别监测时间");
		else
			sb_addf(&c->note, "相隔 %d 个月，不足 %d 个月", k, min);
		emit_h(c, rule, h, c->note.buf);
	}
}

void ev_lj14(rule_ctx *c, int rule)
{
	for (uint32_t h = 0; h < c->nhh; h++) {
		const hfields *f = &c->hh[h].hf;
		if (f->risk != 1 || (f->danger != 1 && f->water != 0))
			continue;
		sb_reset(&c->a);
		sb_adds(&c->a, "风险已消除：是");
		if (f->danger == 1)
			sb_adds(&c->a, "；危房户：是");
		if (f->water == 0)
			sb_adds(&c->a, "；饮水安全：否");
		emit_h(c, rule, h, "");
	}
}

static const char *mtype_word(int m)
{
	switch (m) {
	case MT_BUWENDING: return "脱贫不稳定户";
	case MT_BIANYUAN: return "边缘易致贫户";
	default: return "突发严重困难户";
	}
}

void ev_lj15(rule_ctx *c, int rule)
{
	int64_t L = c->p->income_line_fen;
	char l[32], v[32];
	money_format(L, l);
	for (uint32_t h = 0; h < c->nhh; h++) {
		const hfields *f = &c->hh[h].hf;
		if (f->mtype < MT_BUWENDING || f->mtype > MT_TUFA || f->risk != 1 ||
		    f->income == NUM_UNKNOWN || f->income >= L)
			continue;
		money_format(f->income, v);
		sb_reset(&c->a);
		sb_addf(&c->a, "监测对象类别：%s；风险已消除：是；人均纯收入：%s", mtype_word(f->mtype), v);
		sb_reset(&c->note);
		sb_addf(&c->note, "监测线 %s 元", l);
		emit_h(c, rule, h, c->note.buf);
	}
}

/* LJ18 ------------------------------------------------------------------ */

typedef struct ucode {     /* a distinct valid phone (itab element: key first) */
	uint64_t code;
	uint32_t h;            /* the first household it is on */
	uint32_t multi;        /* it is on another household too */
} ucode;

typedef struct chrec {     /* a shared phone on a household */
	uint64_t code;
	uint32_t h;
} chrec;

static int cmp_code_h(const void *a, const void *b)
{
	const chrec *x = a, *y = b;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return x->h < y->h ? -1 : x->h > y->h;
}

static int cmp_h_code(const void *a, const void *b)
{
	const chrec *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->code < y->code ? -1 : x->code > y->code;
}

typedef struct other {     /* another household of a shared phone, by label */
	size_t off;            /* its label in a buffer that may still move */
	const char *label;     /* then the label itself */
	uint32_t h;
} other;

static int cmp_other(const void *a, const void *b)
{
	const other *x = a, *y = b;
	int k = strcmp(x->label, y->label);
	return k ? k : (x->h < y->h ? -1 : x->h > y->h);
}

/* First index of code in X (sorted by code), X->n if none. */
static size_t code_lo(const chrec *x, size_t n, uint64_t code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (x[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A valid phone (after LJ17's cleaning) on members of two or more
 * households: once per household; 系统值 its shared phones, 说明 the
 * other households (户编号, or 户主 and ID for one without), by label. */
void ev_lj18(rule_ctx *c, int rule)
{
	VEC(ucode) u = { 0 };
	itab it = { 0 };
	uint32_t *ui = xmalloc((c->nphones ? c->nphones : 1) * sizeof *ui);
	size_t nmulti = 0;
	for (size_t i = 0; i < c->nphones; i++) {
		const phonerec *x = &c->phones[i];
		ui[i] = NONE32;
		if (!x->code)
			continue;
		uint32_t h = P_(c, x->p)->hh;
		uint32_t k = itab_find(&it, u.v, sizeof *u.v, x->code);
		if (k == NONE32) {
			k = (uint32_t)u.n;
			VEC_PUSH(u, ((ucode){ x->code, h, 0 }));
			itab_add(&it, x->code, k);
		} else if (u.v[k].h != h && !u.v[k].multi) {
			u.v[k].multi = 1;
			nmulti++;
		}
		ui[i] = k;
	}
	VEC(chrec) X = { 0 };
	if (nmulti) {
		for (size_t i = 0; i < c->nphones; i++)
			if (ui[i] != NONE32 && u.v[ui[i]].multi)
				VEC_PUSH(X, ((chrec){ c->phones[i].code, P_(c, c->phones[i].p)->hh }));
		qsort(X.v, X.n, sizeof *X.v, cmp_code_h);
		size_t w = 0;
		for (size_t i = 0; i < X.n; i++)
			if (!w || X.v[i].code != X.v[w - 1].code || X.v[i].h != X.v[w - 1].h)
				X.v[w++] = X.v[i];
		X.n = w;
	}
	/* per household: its shared phones (Y), the other households (o) */
	chrec *Y = xmalloc((X.n ? X.n : 1) * sizeof *Y);
	if (X.n)
		memcpy(Y, X.v, X.n * sizeof *Y);
	qsort(Y, X.n, sizeof *Y, cmp_h_code);
	VEC(other) o = { 0 };
	strbuf labels;
	sb_init(&labels);
	for (size_t i = 0; i < X.n;) {
		uint32_t h = Y[i].h;
		size_t e = i;
		while (e < X.n && Y[e].h == h)
			e++;
		sb_reset(&c->a);
		o.n = 0;
		sb_reset(&labels);
		for (size_t k = i; k < e; k++) {
			char t[24];
			phone_format(Y[k].code, t);
			if (k > i)
				sb_adds(&c->a, "、");
			sb_adds(&c->a, t);
			for (size_t g = code_lo(X.v, X.n, Y[k].code); g < X.n && X.v[g].code == Y[k].code; g++) {
				if (X.v[g].h == h)
					continue;
				other x = { labels.len, NULL, X.v[g].h };
				hlabel(c, X.v[g].h, &labels);
				sb_addc(&labels, '\0');
				VEC_PUSH(o, x);
			}
		}
		for (size_t k = 0; k < o.n; k++)       /* labels is final now */
			o.v[k].label = labels.buf + o.v[k].off;
		qsort(o.v, o.n, sizeof *o.v, cmp_other);
		sb_reset(&c->note);
		sb_adds(&c->note, "其他户：");
		for (size_t k = 0; k < o.n; k++) {
			if (k && o.v[k].h == o.v[k - 1].h)
				continue;
			if (k)
				sb_adds(&c->note, "、");
			sb_adds(&c->note, o.v[k].label);
		}
		emit_h(c, rule, h, c->note.buf);
		i = e;
	}
	sb_release(&labels);
	VEC_FREE(o);
	free(Y);
	VEC_FREE(X);
	free(ui);
	itab_release(&it);
	VEC_FREE(u);
}

/* LJ19 ------------------------------------------------------------------ */

static void place_text(const rule_ctx *c, uint32_t twp, uint32_t vil, strbuf *sb)
{
	sb_addf(sb, "%s/%s", twp ? c->plstr + c->twps[twp] : "（空）", vil ? c->plstr + vil : "（空）");
}

/* Members' own township or village differ (empty values are not
 * compared); 系统值 lists every member's (乡镇/行政村) once, in roster
 * order. */
void ev_lj19(rule_ctx *c, int rule)
{
	uint32_t nh = c->nhh ? c->nhh : 1;
	uint32_t *ft = xcalloc(nh, sizeof *ft), *fv = xcalloc(nh, sizeof *fv);
	uint8_t *diff = xcalloc(nh, 1);
	size_t ndiff = 0;
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		uint32_t h = P->hh;
		bool d = false;
		if (P->twp) {
			if (!ft[h])
				ft[h] = P->twp;
			else
				d |= ft[h] != P->twp;
		}
		if (P->vil) {
			if (!fv[h])
				fv[h] = P->vil;
			else
				d |= fv[h] != P->vil;
		}
		if (d && !diff[h]) {
			diff[h] = 1;
			ndiff++;
		}
	}
	if (ndiff) {
		VEC(hp) m = { 0 };
		for (uint32_t p = 0; p < c->nroster; p++)
			if (diff[P_(c, p)->hh])
				VEC_PUSH(m, ((hp){ P_(c, p)->hh, p }));
		qsort(m.v, m.n, sizeof *m.v, cmp_hp);
		for (size_t i = 0; i < m.n;) {
			uint32_t h = m.v[i].h;
			size_t e = i;
			while (e < m.n && m.v[e].h == h)
				e++;
			sb_reset(&c->a);
			for (size_t k = i; k < e; k++) {
				const person *P = P_(c, m.v[k].p);
				bool seen = false;
				for (size_t j = i; j < k && !seen; j++) {
					const person *Q = P_(c, m.v[j].p);
					seen = Q->twp == P->twp && Q->vil == P->vil;
				}
				if (seen)
					continue;
				if (c->a.len)
					sb_adds(&c->a, "；");
				place_text(c, P->twp, P->vil, &c->a);
			}
			emit_h(c, rule, h, "");
			i = e;
		}
		VEC_FREE(m);
	}
	free(ft);
	free(fv);
	free(diff);
}
