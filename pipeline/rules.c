/*
 * rules.c - the rule catalogue of SPEC §5: one declarative table `rules[]`
 * (code, Chinese name, family, scope, needed inputs, parameters,
 * evaluator) and one evaluator per rule.
 *
 * join_eval() (join_eval.c) checks each rule's needs against the sources
 * of the run (rulestatus.c), fills its rule_status, and calls the
 * evaluator of every rule that can run.  Evaluators see the join only
 * through join_view.h: its tables read-only, and findings emitted through
 * view_emit_person / view_emit_household / view_emit_village, which fill
 * 乡镇/行政村/户编号/姓名/证件号码 and route non-roster persons.
 *
 * Conventions (docs/decisions.md): yes/no values are 1/0/-1 (unknown never
 * satisfies a yes or a no test); money is integer fen; dates are days.
 * Person rules loop over the roster (for "no record" rules) or over the
 * merged facts of one kind (rules triggered by a department row), so every
 * evaluator is linear and fires at most once per person, household or
 * village.
 *
 * The LJ rules (逻辑校验, the roster against itself) are entries of the
 * same table; their evaluators are in rules_lj.c.  rule_lj_skipped() says
 * whether [run] checks left one out.
 *
 * Memory: findings only (plus one 2-byte mark per roster member in ZZ12 and
 * one counter per place in YJ08; rules_lj.c for the LJ rules).
 */
#include "rules.h"
#include "rules_lj.h"
#include "join_view.h"
#include "idcard.h"
#include "vocab.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* amounts reach 10^17 fen (15 integer digits, parse_money): products with
 * percentages are taken in 128 bits */
__extension__ typedef __int128 i128;

/* roster member p has an active row of kind k */
#define ACT(c, p, k) (((c)->act[p] >> (k)) & 1u)

static const person *P_(const rule_ctx *c, uint32_t p)
{
	return &c->persons[p];
}

static const char *yn_text(int v)
{
	return v == 1 ? "是" : v == 0 ? "否" : "（空）";
}

static const char *word_or_empty(const rule_ctx *c, uint32_t off)
{
	return off ? view_str(c, off) : "（空）";
}

static const char *money(strbuf *sb, int64_t fen)
{
	char b[32];
	money_format(fen, b);
	sb_reset(sb);
	sb_adds(sb, b);
	return sb->buf;
}

static const char *dated(strbuf *sb, const char *what, int64_t days)
{
	char d[11];
	date_format((int32_t)days, d);
	sb_reset(sb);
	sb_addf(sb, "%s %s", what, d);
	return sb->buf;
}

static const char *water_words(strbuf *sb, uint8_t bad)
{
	sb_reset(sb);
	if (bad & 1)
		sb_adds(sb, "水质不达标");
	if (bad & 2) {
		if (sb->len)
			sb_adds(sb, "；");
		sb_adds(sb, "供水保障不足");
	}
	return sb->buf;
}

static const char *mtype_word(int m)
{
	switch (m) {
	case MT_BUWENDING: return "脱贫不稳定户";
	case MT_BIANYUAN: return "边缘易致贫户";
	case MT_TUFA: return "突发严重困难户";
	case MT_NONE: return "（空）";
	default: return "（未知）";
	}
}

/* ------------------------------------------------- generic person checks */

/* Roster value yes, and no active row of `kind`. */
static void yes_but_none(rule_ctx *c, int rule, size_t off, int kind, const char *dept)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		int8_t v = *((const int8_t *)P_(c, p) + off);
		if (v == 1 && !ACT(c, p, kind))
			view_emit_person(c, rule, p, 0, "是", dept, c->ksrc[kind], -1, 0, "");
	}
}

/* Roster value no, and an active row of `kind` (the first one is shown). */
static void no_but_active(rule_ctx *c, int rule, size_t off, int kind, const char *dept)
{
	const kfacts *m = &c->km[kind];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) != (SF_ROSTER | SF_ACTIVE))
			continue;
		int8_t v = *((const int8_t *)P_(c, sl->who) + off);
		if (v == 0)
			view_emit_person(c, rule, sl->who, 0, "否", dept, view_src_name(c, sl->src_a),
			                 sl->src_a, sl->row_a, "");
	}
}

/* ------------------------------------------------------------- 账账相符 */

static void ev_zz01(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if ((P->med != 1 && P->med_staff != 1) || ACT(c, p, KIND_MED_ENROLL))
			continue;
		sb_reset(&c->a);
		if (P->med == 1)
			sb_adds(&c->a, "城乡居民医保：是");
		if (P->med_staff == 1)
			sb_adds(&c->a, P->med == 1 ? "；职工医保：是" : "职工医保：是");
		view_emit_person(c, rule, p, 0, c->a.buf, "无有效参保记录", c->ksrc[KIND_MED_ENROLL],
		                 -1, 0, "");
	}
}

static void ev_zz02(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_MED_ENROLL];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) != (SF_ROSTER | SF_ACTIVE))
			continue;
		const person *P = P_(c, sl->who);
		if (P->med == 0 && P->med_staff != 1)
			view_emit_person(c, rule, sl->who, 0, "城乡居民医保：否", "有效参保记录",
			                 view_src_name(c, sl->src_a), sl->src_a, sl->row_a, "");
	}
}

static void ev_zz03(rule_ctx *c, int rule)
{
	yes_but_none(c, rule, offsetof(person, dibao), KIND_DIBAO, "无在保记录");
}

static void ev_zz04(rule_ctx *c, int rule)
{
	no_but_active(c, rule, offsetof(person, dibao), KIND_DIBAO, "在保");
}

static void ev_zz05(rule_ctx *c, int rule)
{
	yes_but_none(c, rule, offsetof(person, tekun), KIND_TEKUN, "无在保记录");
}

static void ev_zz06(rule_ctx *c, int rule)
{
	no_but_active(c, rule, offsetof(person, tekun), KIND_TEKUN, "在保");
}

static void ev_zz07(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_DEATH];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_EVENT)) != (SF_ROSTER | SF_EVENT))
			continue;
		view_emit_person(c, rule, sl->who, 0, "在册", dated(&c->b, "死亡日期", sl->val),
		                 view_src_name(c, sl->src_e), sl->src_e, sl->row_e, "");
	}
}

static void ev_zz08(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if ((P->school == SS_COMPULSORY || P->school == SS_SENIOR) && !ACT(c, p, KIND_SCHOOL))
			view_emit_person(c, rule, p, 0, word_or_empty(c, P->school_w), "无在读学籍",
			                 c->ksrc[KIND_SCHOOL], -1, 0, "");
	}
}

static void ev_zz09(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_SCHOOL];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) != (SF_ROSTER | SF_ACTIVE))
			continue;
		const person *P = P_(c, sl->who);
		if (P->school == SS_NOT_IN_SCHOOL)
			view_emit_person(c, rule, sl->who, 0, word_or_empty(c, P->school_w), "学籍在读",
			                 view_src_name(c, sl->src_a), sl->src_a, sl->row_a, "");
	}
}

static void ev_zz10(rule_ctx *c, int rule)
{
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (P->work == WS_WORKING && !ACT(c, p, KIND_EMPLOYMENT))
			view_emit_person(c, rule, p, 0, word_or_empty(c, P->work_w), "无就业记录",
			                 c->ksrc[KIND_EMPLOYMENT], -1, 0, "");
	}
}

static void ev_zz11(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_EMPLOYMENT];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_ACTIVE)) != (SF_ROSTER | SF_ACTIVE))
			continue;
		const person *P = P_(c, sl->who);
		if (P->work == WS_NOT_WORKING)
			view_emit_person(c, rule, sl->who, 0, word_or_empty(c, P->work_w), "就业",
			                 view_src_name(c, sl->src_a), sl->src_a, sl->row_a, "");
	}
}

/* Once per (person, kind): the first differing row of the first source of
 * that kind (sources in join_sink order) that has one. */
static void ev_zz12(rule_ctx *c, int rule)
{
	uint16_t *seen = xcalloc(c->nroster ? c->nroster : 1, sizeof *seen);
	for (int k = 0; k < KIND_COUNT; k++) {
		for (size_t i = 0; i < c->nsrc; i++) {
			const view_source *s = &c->src[i];
			if (s->kind != k)
				continue;
			for (size_t d = 0; d < s->ndiffs; d++) {
				const namediff *x = &s->diffs[d];
				if ((seen[x->ridx] >> k) & 1u)
					continue;
				seen[x->ridx] |= (uint16_t)(1u << k);
				view_emit_person(c, rule, x->ridx, 0, view_str(c, P_(c, x->ridx)->name), x->name,
				                 s->name, (int)i, x->row, "");
			}
		}
	}
	free(seen);
}

static void ev_zz13(rule_ctx *c, int rule)
{
	for (uint32_t h = 0; h < c->nhh; h++) {
		const household *H = &c->hh[h];
		if (H->hf.water != 1 || !H->place || !c->wbad[H->place].bad)
			continue;
		const waterbad *w = &c->wbad[H->place];
		view_emit_household(c, rule, h, "是", water_words(&c->b, w->bad), view_src_name(c, w->src),
		                    w->src, w->row, "");
	}
}

static void ev_zz14(rule_ctx *c, int rule)
{
	for (uint32_t h = 0; h < c->nhh; h++) {
		const household *H = &c->hh[h];
		if (H->hf.mtype < MT_BUWENDING || H->hf.mtype > MT_TUFA || H->hf.nolabor != 1 || H->hf.risk != 1)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "监测对象类别：%s；整户无劳动能力：是；风险已消除：是", mtype_word(H->hf.mtype));
		view_emit_household(c, rule, h, c->a.buf, "", c->roster_src, -1, 0, "");
	}
}

static void ev_zz15(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_DEATH];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if (!(sl->flags & SF_EVENT))
			continue;
		const pslot *ds = c->present_kind[KIND_DIBAO] ? view_kslot(c, KIND_DIBAO, sl->key) : NULL;
		const pslot *ts = c->present_kind[KIND_TEKUN] ? view_kslot(c, KIND_TEKUN, sl->key) : NULL;
		if (ds && !(ds->flags & SF_ACTIVE))
			ds = NULL;
		if (ts && !(ts->flags & SF_ACTIVE))
			ts = NULL;
		bool dib = ds != NULL, tek = ts != NULL;
		if (!dib && !tek)
			continue;
		uint32_t p = view_who(c, sl);
		uint32_t route = 0;
		if (ds && c->places[ds->pl_a].twp)
			route = ds->pl_a;
		else if (ts && c->places[ts->pl_a].twp)
			route = ts->pl_a;
		char d[11];
		date_format((int32_t)sl->val, d);
		sb_reset(&c->b);
		sb_addf(&c->b, "死亡日期 %s；%s", d, dib && tek ? "低保、特困在保" : dib ? "低保在保" : "特困在保");
		sb_reset(&c->a);
		sb_adds(&c->a, view_src_name(c, sl->src_e));
		if (ds)
			sb_addf(&c->a, ",%s", view_src_name(c, ds->src_a));
		if (ts)
			sb_addf(&c->a, ",%s", view_src_name(c, ts->src_a));
		view_emit_person(c, rule, p, route, p < c->nroster ? "在册" : "", c->b.buf, c->a.buf,
		                 sl->src_e, sl->row_e, "");
	}
}

/* ------------------------------------------------------------- 账实相符 */

typedef bool (*zs_test)(rule_ctx *c, const household *H, const survrec *s);

static void each_surveyed(rule_ctx *c, int rule, zs_test t)
{
	for (uint32_t h = 0; h < c->nhh; h++) {
		if (c->hsurv[h] == NONE32)
			continue;
		const survrec *s = &c->surv[c->hsurv[h]];
		sb_reset(&c->note);
		if (t(c, &c->hh[h], s))
			view_emit_household(c, rule, h, c->a.buf, c->b.buf, view_src_name(c, s->src), s->src,
			                    s->row, c->note.buf);
	}
}

static bool t_zs01(rule_ctx *c, const household *H, const survrec *s)
{
	if (s->size < 0 || (uint32_t)s->size == H->nmem)
		return false;
	sb_reset(&c->a);
	sb_addf(&c->a, "%u", H->nmem);
	sb_reset(&c->b);
	sb_addf(&c->b, "%d", s->size);
	return true;
}

static bool t_zs02(rule_ctx *c, const household *H, const survrec *s)
{
	int64_t r = H->hf.income, v = s->income;
	if (r == NUM_UNKNOWN || v == NUM_UNKNOWN)
		return false;
	/* amounts reach 10^17 fen: x 100 needs more than 64 bits */
	i128 diff = r > v ? (i128)r - v : (i128)v - r;
	if (!(diff * 100 > (i128)c->p->income_tolerance_pct * v))
		return false;
	money(&c->a, r);
	money(&c->b, v);
	sb_addf(&c->note, "差额超过核实值的 %d%%", c->p->income_tolerance_pct);
	return true;
}

static bool yn_differ(rule_ctx *c, int a, int b)
{
	if (a < 0 || b < 0 || a == b)
		return false;
	sb_reset(&c->a);
	sb_adds(&c->a, yn_text(a));
	sb_reset(&c->b);
	sb_adds(&c->b, yn_text(b));
	return true;
}

static bool t_zs03(rule_ctx *c, const household *H, const survrec *s)
{
	return yn_differ(c, H->hf.danger, s->danger);
}

static bool t_zs04(rule_ctx *c, const household *H, const survrec *s)
{
	return yn_differ(c, H->hf.water, s->water);
}

static bool t_zs05(rule_ctx *c, const household *H, const survrec *s)
{
	if (H->hf.risk != 1)
		return false;
	int64_t L = c->p->income_line_fen;
	sb_reset(&c->b);
	if (s->income != NUM_UNKNOWN && s->income < L) {
		char a[32], l[32];
		money_format(s->income, a);
		money_format(L, l);
		sb_addf(&c->b, "核实人均纯收入 %s 低于监测线 %s", a, l);
	}
	if (s->danger == 1)
		sb_adds(&c->b, c->b.len ? "；危房" : "危房");
	if (s->water == 0)
		sb_adds(&c->b, c->b.len ? "；饮水不安全" : "饮水不安全");
	if (!c->b.len)
		return false;
	sb_reset(&c->a);
	sb_adds(&c->a, "风险已消除：是");
	return true;
}

static void ev_zs01(rule_ctx *c, int rule) { each_surveyed(c, rule, t_zs01); }
static void ev_zs02(rule_ctx *c, int rule) { each_surveyed(c, rule, t_zs02); }
static void ev_zs03(rule_ctx *c, int rule) { each_surveyed(c, rule, t_zs03); }
static void ev_zs04(rule_ctx *c, int rule) { each_surveyed(c, rule, t_zs04); }
static void ev_zs05(rule_ctx *c, int rule) { each_surveyed(c, rule, t_zs05); }

/* ----------------------------------------------------------------- 预警 */

static void ev_yj01(rule_ctx *c, int rule)
{
	const rule_params *jp = c->p;
	const kfacts *m = &c->km[KIND_MED_CLAIMS];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if (!(sl->flags & SF_EVENT))
			continue;
		int64_t thr = sl->who < c->nroster ? jp->oop_threshold_roster_fen : jp->oop_threshold_fen;
		if (sl->val < thr)
			continue;
		char t[32];
		money_format(thr, t);
		sb_reset(&c->note);
		sb_addf(&c->note, "近12个月个人负担合计，阈值 %s 元", t);
		view_emit_person(c, rule, view_who(c, sl), 0, "", money(&c->b, sl->val), view_src_name(c, sl->src_e),
		                 sl->src_e, sl->row_e, c->note.buf);
	}
}

static const char *unmonitored_text(const rule_ctx *c, uint32_t p)
{
	if (p >= c->nroster)
		return "系统无此人";
	const household *H = &c->hh[P_(c, p)->hh];
	return H->hf.risk == 1 ? "风险已消除" : "非监测对象";
}

static void ev_yj02(rule_ctx *c, int rule)
{
	static const int ks[2] = { KIND_DIBAO, KIND_TEKUN };
	for (int x = 0; x < 2; x++) {
		const kfacts *m = &c->km[ks[x]];
		for (size_t i = 0; i < m->n; i++) {
			const pslot *sl = &m->v[i];
			if (!(sl->flags & SF_EVENT))
				continue;
			if (ks[x] == KIND_TEKUN && c->present_kind[KIND_DIBAO]) {
				const pslot *d = view_kslot(c, KIND_DIBAO, sl->key);
				if (d && (d->flags & SF_EVENT))
					continue;   /* already reported from its dibao row */
			}
			if (!view_not_monitored(c, sl->who))
				continue;
			uint32_t p = view_who(c, sl);
			view_emit_person(c, rule, p, sl->pl_e, unmonitored_text(c, p),
			                 dated(&c->b, ks[x] == KIND_DIBAO ? "低保开始日期" : "特困开始日期", sl->val),
			                 view_src_name(c, sl->src_e), sl->src_e, sl->row_e, "");
		}
	}
}

static void ev_yj03(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_RELIEF];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if (!(sl->flags & SF_EVENT) || !view_not_monitored(c, sl->who))
			continue;
		uint32_t p = view_who(c, sl);
		view_emit_person(c, rule, p, sl->pl_e, unmonitored_text(c, p),
		                 dated(&c->b, "救助日期", sl->val), view_src_name(c, sl->src_e), sl->src_e,
		                 sl->row_e, "");
	}
}

static void ev_yj04(rule_ctx *c, int rule)
{
	int sy, sm, sd;
	date_to_ymd(c->sept, &sy, &sm, &sd);
	int32_t s_ymd = sy * 10000 + sm * 100 + sd;
	char s[11];
	date_format(c->sept, s);
	for (uint32_t p = 0; p < c->nroster; p++) {
		const person *P = P_(c, p);
		if (!P->birth || P->birth > s_ymd || ACT(c, p, KIND_SCHOOL))
			continue;
		int age = (s_ymd - P->birth) / 10000;   /* full years on S */
		if (age < 6 || age > 15)
			continue;
		sb_reset(&c->a);
		sb_addf(&c->a, "%d 岁（%s）", age, s);
		view_emit_person(c, rule, p, 0, c->a.buf, "无在读学籍", c->ksrc[KIND_SCHOOL], -1, 0, "");
	}
}

static void ev_yj05(rule_ctx *c, int rule)
{
	const kfacts *m = &c->km[KIND_EMPLOYMENT];
	for (size_t i = 0; i < m->n; i++) {
		const pslot *sl = &m->v[i];
		if ((sl->flags & (SF_ROSTER | SF_EVENT | SF_ACTIVE)) != (SF_ROSTER | SF_EVENT))
			continue;
		view_emit_person(c, rule, sl->who, 0, word_or_empty(c, P_(c, sl->who)->work_w), "失业",
		                 view_src_name(c, sl->src_e), sl->src_e, sl->row_e, "");
	}
}

static void ev_yj06(rule_ctx *c, int rule)
{
	int64_t L = c->p->income_line_fen;
	char l[32];
	money_format(L, l);
	for (uint32_t h = 0; h < c->nhh; h++) {
		const household *H = &c->hh[h];
		if (!view_hh_not_monitored(H) || H->hf.income == NUM_UNKNOWN || H->hf.income >= L)
			continue;
		sb_reset(&c->note);
		sb_addf(&c->note, "监测线 %s 元", l);
		view_emit_household(c, rule, h, money(&c->a, H->hf.income), "", c->roster_src, -1, 0,
		                    c->note.buf);
	}
}

static void ev_yj07(rule_ctx *c, int rule)
{
	int drop = c->p->income_drop_pct;
	for (uint32_t h = 0; h < c->nhh; h++) {
		const household *H = &c->hh[h];
		int64_t cur = H->hf.income, prev = H->hf.prev;
		if (prev == NUM_UNKNOWN || prev <= 0 || cur == NUM_UNKNOWN)
			continue;
		if (!((i128)cur * 100 < (i128)prev * (100 - drop)))
			continue;
		char a[32], b[32];
		money_format(cur, a);
		money_format(prev, b);
		sb_reset(&c->a);
		sb_addf(&c->a, "本年 %s；上年 %s", a, b);
		sb_reset(&c->note);
		sb_addf(&c->note, "降幅超过 %d%%", drop);
		view_emit_household(c, rule, h, c->a.buf, "", c->roster_src, -1, 0, c->note.buf);
	}
}

static void ev_yj08(rule_ctx *c, int rule)
{
	uint32_t *cnt = xcalloc(c->nplaces, sizeof *cnt);
	for (uint32_t h = 0; h < c->nhh; h++)
		if (c->hh[h].place)
			cnt[c->hh[h].place]++;
	for (uint32_t p = 1; p < c->nplaces; p++) {
		const waterbad *w = &c->wbad[p];
		if (!cnt[p] || !w->bad)
			continue;
		sb_reset(&c->note);
		sb_addf(&c->note, "涉及 %u 户", cnt[p]);
		view_emit_village(c, rule, p, "", water_words(&c->b, w->bad), view_src_name(c, w->src),
		                  w->src, w->row, c->note.buf);
	}
	free(cnt);
}

/* ------------------------------------------------------------- the table */

#define END { -1, -1 }
#define ALT(f) ((f) < 0 ? (NEED_ALT | NEED_SOURCE) : (NEED_ALT | (f)))
#define OPT(f) ((f) < 0 ? (NEED_OPT | NEED_SOURCE) : (NEED_OPT | (f)))
#define ROW(f) (NEED_ROW | (f))
/* a household or village finding is placed at the household's township and village */
#define HH_PLACE { R_, OPT(F_TOWNSHIP) }, { R_, OPT(F_VILLAGE) }
#define R_ KIND_ROSTER

const ruledef rules[] = {
	{ "ZZ01", "医保参保：系统已参保、医保无记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, ALT(F_MED_INSURED) }, { R_, F_MED_INSURED_STAFF },
	    { KIND_MED_ENROLL, -1 }, { KIND_MED_ENROLL, F_STATUS }, END }, NULL, ev_zz01 },
	{ "ZZ02", "医保参保：系统未参保、医保有记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_MED_INSURED }, { KIND_MED_ENROLL, -1 }, { KIND_MED_ENROLL, F_STATUS }, END },
	  NULL, ev_zz02 },
	{ "ZZ03", "低保：系统享受、民政无记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_DIBAO }, { KIND_DIBAO, -1 }, END }, NULL, ev_zz03 },
	{ "ZZ04", "低保：系统未享受、民政在保", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_DIBAO }, { KIND_DIBAO, -1 }, END }, NULL, ev_zz04 },
	{ "ZZ05", "特困：系统享受、民政无记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_TEKUN }, { KIND_TEKUN, -1 }, END }, NULL, ev_zz05 },
	{ "ZZ06", "特困：系统未享受、民政在保", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_TEKUN }, { KIND_TEKUN, -1 }, END }, NULL, ev_zz06 },
	{ "ZZ07", "已死亡仍在系统", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { KIND_DEATH, -1 }, { KIND_DEATH, F_DATE }, END }, NULL, ev_zz07 },
	{ "ZZ08", "在校生：系统在校、学籍无记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SCHOOL_STATUS }, { KIND_SCHOOL, -1 }, { KIND_SCHOOL, F_STATUS }, END },
	  NULL, ev_zz08 },
	{ "ZZ09", "在校生：系统非在校、学籍在读", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SCHOOL_STATUS }, { KIND_SCHOOL, -1 }, { KIND_SCHOOL, F_STATUS }, END },
	  NULL, ev_zz09 },
	{ "ZZ10", "务工：系统务工、人社无就业记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_WORK_STATUS }, { KIND_EMPLOYMENT, -1 }, { KIND_EMPLOYMENT, F_STATUS }, END },
	  NULL, ev_zz10 },
	{ "ZZ11", "务工：系统未务工、人社有就业记录", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_WORK_STATUS }, { KIND_EMPLOYMENT, -1 }, { KIND_EMPLOYMENT, F_STATUS }, END },
	  NULL, ev_zz11 },
	{ "ZZ12", "姓名不一致", FAM_ZZ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_NAME }, { NEED_ANY_DEPT, -1 }, { NEED_ANY_DEPT, F_NAME }, END },
	  NULL, ev_zz12 },
	{ "ZZ13", "饮水：系统安全、水利不达标", FAM_ZZ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_WATER_SAFE }, { R_, F_VILLAGE }, { R_, OPT(F_TOWNSHIP) }, { KIND_WATER, -1 },
	    { KIND_WATER, F_VILLAGE }, { KIND_WATER, ALT(F_QUALITY) }, { KIND_WATER, F_SUPPLY }, END },
	  NULL, ev_zz13 },
	{ "ZZ14", "整户无劳动能力却已标注风险消除", FAM_ZZ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_MONITOR_TYPE }, { R_, F_NO_LABOR_HOUSEHOLD }, { R_, F_RISK_CLEARED },
	    HH_PLACE, END }, NULL, ev_zz14 },
	{ "ZZ15", "死亡人员仍在保低保/特困", FAM_ZZ, SCOPE_ANY_PERSON,
	  { { KIND_DEATH, -1 }, { KIND_DEATH, F_DATE }, { KIND_DIBAO, ALT(-1) }, { KIND_TEKUN, -1 },
	    { R_, OPT(-1) }, END }, NULL, ev_zz15 },

	{ "ZS01", "家庭人口数不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD,
	  { { R_, -1 }, HH_PLACE, { KIND_SURVEY, -1 }, { KIND_SURVEY, F_HOUSEHOLD_SIZE }, END }, NULL, ev_zs01 },
	{ "ZS02", "人均纯收入不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_INCOME_PC }, HH_PLACE, { KIND_SURVEY, -1 }, { KIND_SURVEY, F_INCOME_PC }, END },
	  "income_tolerance_pct", ev_zs02 },
	{ "ZS03", "住房安全不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_DANGEROUS_HOUSE }, HH_PLACE, { KIND_SURVEY, -1 },
	    { KIND_SURVEY, F_DANGEROUS_HOUSE }, END }, NULL, ev_zs03 },
	{ "ZS04", "饮水安全不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_WATER_SAFE }, HH_PLACE, { KIND_SURVEY, -1 }, { KIND_SURVEY, F_WATER_SAFE }, END },
	  NULL, ev_zs04 },
	{ "ZS05", "风险消除与实际不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_RISK_CLEARED }, HH_PLACE, { KIND_SURVEY, -1 }, { KIND_SURVEY, ALT(F_INCOME_PC) },
	    { KIND_SURVEY, ALT(F_DANGEROUS_HOUSE) }, { KIND_SURVEY, F_WATER_SAFE }, END },
	  "income_line", ev_zs05 },

	{ "YJ01", "大额医疗支出", FAM_YJ, SCOPE_ANY_PERSON,
	  { { KIND_MED_CLAIMS, -1 }, { KIND_MED_CLAIMS, F_DATE }, { KIND_MED_CLAIMS, F_OOP }, { R_, OPT(-1) }, END },
	  "medical_oop_threshold,medical_oop_threshold_roster", ev_yj01 },
	{ "YJ02", "新增低保/特困未纳入监测", FAM_YJ, SCOPE_ANY_PERSON,
	  { { R_, -1 }, { R_, F_MONITOR_TYPE }, { R_, OPT(F_RISK_CLEARED) }, { KIND_DIBAO, ALT(-1) },
	    { KIND_TEKUN, -1 }, { KIND_DIBAO, ALT(F_START_DATE) }, { KIND_TEKUN, F_START_DATE }, END },
	  NULL, ev_yj02 },
	{ "YJ03", "临时救助未纳入监测", FAM_YJ, SCOPE_ANY_PERSON,
	  { { R_, -1 }, { R_, F_MONITOR_TYPE }, { R_, OPT(F_RISK_CLEARED) }, { KIND_RELIEF, -1 },
	    { KIND_RELIEF, F_DATE }, END }, NULL, ev_yj03 },
	{ "YJ04", "义务教育适龄疑似失学辍学", FAM_YJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { KIND_SCHOOL, -1 }, { KIND_SCHOOL, F_STATUS }, END }, NULL, ev_yj04 },
	{ "YJ05", "失业", FAM_YJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { KIND_EMPLOYMENT, -1 }, { KIND_EMPLOYMENT, F_STATUS }, END }, NULL, ev_yj05 },
	{ "YJ06", "收入低于监测线", FAM_YJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_INCOME_PC }, { R_, F_MONITOR_TYPE }, { R_, OPT(F_RISK_CLEARED) }, HH_PLACE, END },
	  "income_line", ev_yj06 },
	{ "YJ07", "收入骤减", FAM_YJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_INCOME_PC }, { R_, F_INCOME_PC_PREV }, HH_PLACE, END }, "income_drop_pct", ev_yj07 },
	{ "YJ08", "饮水不达标村", FAM_YJ, SCOPE_VILLAGE,
	  { { R_, -1 }, { R_, F_VILLAGE }, { R_, OPT(F_TOWNSHIP) }, { KIND_WATER, -1 }, { KIND_WATER, F_VILLAGE },
	    { KIND_WATER, ALT(F_QUALITY) }, { KIND_WATER, F_SUPPLY }, END }, NULL, ev_yj08 },

	{ "LJ01", "性别与证件号码不符", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SEX }, END }, NULL, ev_lj01 },
	{ "LJ02", "户主与配偶性别相同", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_RELATION }, HH_PLACE, END }, NULL, ev_lj02 },
	{ "LJ03", "户主缺失或不唯一", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_RELATION }, HH_PLACE, END }, NULL, ev_lj03 },
	{ "LJ04", "未满16周岁却标注有劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_LABOR_SKILL }, END }, NULL, ev_lj04 },
	{ "LJ05", "在校生标注有劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SCHOOL_STATUS }, { R_, F_LABOR_SKILL }, END }, NULL, ev_lj05 },
	{ "LJ06", "劳动年龄健康人员标注无劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_HEALTH_STATUS }, { R_, F_SCHOOL_STATUS }, { R_, F_LABOR_SKILL }, END },
	  NULL, ev_lj06 },
	{ "LJ07", "在校生状况与年龄不符", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SCHOOL_STATUS }, END }, NULL, ev_lj07 },
	{ "LJ08", "义务教育适龄未标注在校", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_SCHOOL_STATUS }, { R_, F_NOT_IN_SCHOOL_REASON }, END }, NULL, ev_lj08 },
	{ "LJ09", "城乡居民医保与职工医保均未参加", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_MED_INSURED }, { R_, F_MED_INSURED_STAFF }, END }, NULL, ev_lj09 },
	{ "LJ10", "城乡居民医保与职工医保重复参加", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_MED_INSURED }, { R_, F_MED_INSURED_STAFF }, END }, NULL, ev_lj10 },
	{ "LJ11", "健康状况为残疾但证件非残疾人证", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_HEALTH_STATUS }, { R_, F_ID_TYPE }, END }, NULL, ev_lj11 },
	{ "LJ12", "持残疾人证但健康状况无残疾", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_HEALTH_STATUS }, { R_, OPT(F_ID_TYPE) }, END }, NULL, ev_lj12 },
	{ "LJ13", "风险消除时间距识别监测不足半年", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_RISK_CLEARED }, { R_, F_MONITOR_DATE }, { R_, F_CLEARED_DATE }, HH_PLACE, END },
	  "min_clear_months", ev_lj13 },
	{ "LJ14", "风险已消除但住房或饮水不安全", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_RISK_CLEARED }, { R_, ALT(F_DANGEROUS_HOUSE) }, { R_, F_WATER_SAFE }, HH_PLACE,
	    END },
	  NULL, ev_lj14 },
	{ "LJ15", "风险已消除但收入低于监测线", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_MONITOR_TYPE }, { R_, F_RISK_CLEARED }, { R_, F_INCOME_PC }, HH_PLACE, END },
	  "income_line", ev_lj15 },
	{ "LJ16", "特困供养人员标注务工", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_TEKUN }, { R_, F_WORK_STATUS }, END }, NULL, ev_lj16 },
	{ "LJ17", "联系电话格式错误", FAM_LJ, SCOPE_ROSTER_PERSON,
	  { { R_, -1 }, { R_, F_PHONE }, END }, NULL, ev_lj17 },
	{ "LJ18", "同一联系电话多户使用", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, F_PHONE }, HH_PLACE, END }, NULL, ev_lj18 },
	{ "LJ19", "同户成员乡镇或行政村不一致", FAM_LJ, SCOPE_HOUSEHOLD,
	  { { R_, -1 }, { R_, ALT(ROW(F_TOWNSHIP)) }, { R_, ROW(F_VILLAGE) }, HH_PLACE, END }, NULL, ev_lj19 },

	{ "DQ07", "花名册中证件号码重复（保留第一行）", FAM_DQ, SCOPE_ROW,
	  { { R_, -1 }, END }, NULL, NULL },
	{ "DQ13", "入户核查的户编号不在花名册中", FAM_DQ, SCOPE_ROW,
	  { { KIND_SURVEY, -1 }, END }, NULL, NULL },
};

const size_t nrules = sizeof rules / sizeof rules[0];

bool rule_lj_skipped(const rule_params *p, size_t r)
{
	if (rules[r].family != FAM_LJ)
		return false;
	int n = atoi(rules[r].code + 2);
	return n > 0 && n < 32 && ((p->lj_skip >> n) & 1u);
}

int rule_index(const char *code)
{
	for (size_t i = 0; i < nrules; i++)
		if (!strcmp(rules[i].code, code))
			return (int)i;
	return -1;
}
