/*
 * test_rules.c - the rule catalogue (rules.c) over the join (join*.c, join_eval.c):
 * each rule on hand-built persons, households and villages, with the near
 * misses of SPEC §5 and docs/decisions.md; not-evaluated reasons; routing;
 * determinism with sources fed on concurrent threads; docs/rules.md
 * against the table.
 *
 * Records are built by hand: each row is "field=value|field=value" text for
 * the fields its source declares; values go through rec_value() (the same
 * parsing ingest does) so that an empty cell gets its SPEC meaning.
 * Expected findings are worked out by hand from the SPEC text.
 */
#include "check.h"
#include "findings.h"
#include "idcard.h"
#include "join.h"
#include "join_eval.h"
#include "kinds.h"
#include "record.h"
#include "rules.h"
#include "vocab.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>

#include "rules_harness.h"

/* ------------------------------------------------------------ the table */

static const struct {
	const char *code, *name;
	enum rule_family fam;
	enum rule_scope scope;
} spec[] = {
	{ "ZZ01", "医保参保：系统已参保、医保无记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ02", "医保参保：系统未参保、医保有记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ03", "低保：系统享受、民政无记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ04", "低保：系统未享受、民政在保", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ05", "特困：系统享受、民政无记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ06", "特困：系统未享受、民政在保", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ07", "已死亡仍在系统", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ08", "在校生：系统在校、学籍无记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ09", "在校生：系统非在校、学籍在读", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ10", "务工：系统务工、人社无就业记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ11", "务工：系统未务工、人社有就业记录", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ12", "姓名不一致", FAM_ZZ, SCOPE_ROSTER_PERSON },
	{ "ZZ13", "饮水：系统安全、水利不达标", FAM_ZZ, SCOPE_HOUSEHOLD },
	{ "ZZ14", "整户无劳动能力却已标注风险消除", FAM_ZZ, SCOPE_HOUSEHOLD },
	{ "ZZ15", "死亡人员仍在保低保/特困", FAM_ZZ, SCOPE_ANY_PERSON },
	{ "ZS01", "家庭人口数不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD },
	{ "ZS02", "人均纯收入不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD },
	{ "ZS03", "住房安全不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD },
	{ "ZS04", "饮水安全不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD },
	{ "ZS05", "风险消除与实际不符", FAM_ZS, SCOPE_SURVEY_HOUSEHOLD },
	{ "YJ01", "大额医疗支出", FAM_YJ, SCOPE_ANY_PERSON },
	{ "YJ02", "新增低保/特困未纳入监测", FAM_YJ, SCOPE_ANY_PERSON },
	{ "YJ03", "临时救助未纳入监测", FAM_YJ, SCOPE_ANY_PERSON },
	{ "YJ04", "义务教育适龄疑似失学辍学", FAM_YJ, SCOPE_ROSTER_PERSON },
	{ "YJ05", "失业", FAM_YJ, SCOPE_ROSTER_PERSON },
	{ "YJ06", "收入低于监测线", FAM_YJ, SCOPE_HOUSEHOLD },
	{ "YJ07", "收入骤减", FAM_YJ, SCOPE_HOUSEHOLD },
	{ "YJ08", "饮水不达标村", FAM_YJ, SCOPE_VILLAGE },
	{ "LJ01", "性别与证件号码不符", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ02", "户主与配偶性别相同", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ03", "户主缺失或不唯一", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ04", "未满16周岁却标注有劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ05", "在校生标注有劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ06", "劳动年龄健康人员标注无劳动能力", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ07", "在校生状况与年龄不符", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ08", "义务教育适龄未标注在校", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ09", "城乡居民医保与职工医保均未参加", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ10", "城乡居民医保与职工医保重复参加", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ11", "健康状况为残疾但证件非残疾人证", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ12", "持残疾人证但健康状况无残疾", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ13", "风险消除时间距识别监测不足半年", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ14", "风险已消除但住房或饮水不安全", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ15", "风险已消除但收入低于监测线", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ16", "特困供养人员标注务工", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ17", "联系电话格式错误", FAM_LJ, SCOPE_ROSTER_PERSON },
	{ "LJ18", "同一联系电话多户使用", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "LJ19", "同户成员乡镇或行政村不一致", FAM_LJ, SCOPE_HOUSEHOLD },
	{ "DQ07", NULL, FAM_DQ, SCOPE_ROW },
	{ "DQ13", NULL, FAM_DQ, SCOPE_ROW },
};
#define NSPEC (sizeof spec / sizeof spec[0])

TEST(table_matches_spec)
{
	CHECK_INT(nrules, NSPEC);
	for (size_t i = 0; i < NSPEC; i++) {
		int r = rule_index(spec[i].code);
		CHECK(r >= 0, "%s missing", spec[i].code);
		if (r < 0)
			continue;
		const ruledef *d = &rules[r];
		if (spec[i].name)
			CHECK_STR(d->name, spec[i].name);
		CHECK(d->family == spec[i].fam, "%s family", d->code);
		CHECK(d->scope == spec[i].scope, "%s scope", d->code);
		CHECK((d->eval == NULL) == (d->family == FAM_DQ), "%s evaluator", d->code);
		size_t n = 0, cap = sizeof d->needs / sizeof d->needs[0];
		while (n < cap && d->needs[n].kind >= 0)
			n++;
		CHECK(n < cap, "%s: needs not terminated", d->code);
		CHECK(n >= 1, "%s: needs nothing", d->code);
	}
	for (size_t a = 0; a < nrules; a++)
		for (size_t b = a + 1; b < nrules; b++)
			CHECK(strcmp(rules[a].code, rules[b].code) != 0, "duplicate %s", rules[a].code);
	CHECK_STR(rules[rule_index("DQ07")].name, dq_desc(DQ07));
	CHECK_STR(rules[rule_index("DQ13")].name, dq_desc(DQ13));
	CHECK(strstr(rules[rule_index("YJ06")].params, "income_line") != NULL, "YJ06 reads L");
	CHECK(strstr(rules[rule_index("ZS05")].params, "income_line") != NULL, "ZS05 reads L");
	CHECK_INT(rule_index("XX99"), -1);
}

/* ------------------------------------------------------------- ZZ01/02 */

TEST(zz01_zz02_med_enroll)
{
	static const char *inactive[] = { "暂停", "终止", "中断", "停保", "未参保", "未缴费" };
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7), *h = adult(8), *k = adult(9), *m = adult(10);
	const char *n = adult(11);
	sc_row(&s, "id=%s|name=甲|township=城关镇|med_insured=是", a);        /* no row: ZZ01 */
	sc_row(&s, "id=%s|name=乙|township=城关镇|med_insured=是", b);        /* active 2024 */
	sc_row(&s, "id=%s|name=丙|township=城关镇|med_insured=是", c);        /* 2023 only: ZZ01 */
	sc_row(&s, "id=%s|name=丁|township=城关镇|med_insured=否", d);        /* active: ZZ02 */
	sc_row(&s, "id=%s|name=戊|township=城关镇|med_insured=否|med_insured_staff=是", e); /* staff yes */
	sc_row(&s, "id=%s|name=己|township=城关镇|med_insured=否", f);        /* 2023 only */
	sc_row(&s, "id=%s|name=庚|township=城关镇", g);                       /* unknown + active */
	sc_row(&s, "id=%s|name=辛|township=城关镇", h);                       /* unknown, no row */
	sc_row(&s, "id=%s|name=壬|township=城关镇|med_insured_staff=是", k);  /* staff only: ZZ01 */
	sc_row(&s, "id=%s|name=癸|township=城关镇|med_insured=是", m);        /* year empty: active */
	sc_row(&s, "id=%s|name=子|township=南关镇|med_insured=是", n);        /* empty status: ZZ01 */
	const char *iw[6];
	for (int i = 0; i < 6; i++) {
		iw[i] = adult(100 + i);
		sc_row(&s, "id=%s|name=丑|township=城关镇|med_insured=是", iw[i]);
	}
	sc_src(&s, KIND_MED_ENROLL, "医保参保.csv", "id name township status year");
	sc_row(&s, "id=%s|status=参保缴费|year=2024", b);
	sc_row(&s, "id=%s|status=参保缴费|year=2023", c);
	sc_row(&s, "id=%s|status=正常|year=2024", d);       /* row 4 */
	sc_row(&s, "id=%s|status=正常参保|year=2024", e);
	sc_row(&s, "id=%s|status=参保|year=2023", f);
	sc_row(&s, "id=%s|status=已参保|year=2024", g);
	sc_row(&s, "id=%s|status=参保|year=", m);
	sc_row(&s, "id=%s|status=|year=2024", n);
	for (int i = 0; i < 6; i++)
		sc_row(&s, "id=%s|status=%s|year=2024", iw[i], inactive[i]);
	sc_eval(&s);
	EVALUATED(&s, "ZZ01");
	EVALUATED(&s, "ZZ02");
	YES(&s, "ZZ01", a, "城关镇");
	NO(&s, "ZZ01", b);
	YES(&s, "ZZ01", c, "城关镇");
	NO(&s, "ZZ02", c);
	YES(&s, "ZZ02", d, "城关镇");
	NO(&s, "ZZ01", d);
	NO(&s, "ZZ02", e);
	NO(&s, "ZZ01", e);
	NO(&s, "ZZ02", f);
	NO(&s, "ZZ02", g);
	NO(&s, "ZZ01", h);
	YES(&s, "ZZ01", k, "城关镇");
	NO(&s, "ZZ01", m);
	YES(&s, "ZZ01", n, "南关镇");
	for (int i = 0; i < 6; i++)
		CHECK(has(&s, "ZZ01", iw[i], "城关镇"), "inactive word %s counted as active", inactive[i]);
	const finding *x = fnd(&s, "ZZ02", d);
	if (x) {
		CHECK_STR(x->loc, "医保参保.csv:4");
		CHECK_STR(x->source, "med_enroll");
		CHECK_STR(x->name, "丁");
	}
	x = fnd(&s, "ZZ01", a);
	if (x) {
		CHECK_STR(x->loc, "");
		CHECK_STR(x->source, "med_enroll");
		CHECK_STR(x->sys_value, "城乡居民医保：是");
	}
	x = fnd(&s, "ZZ01", k);
	if (x)
		CHECK_STR(x->sys_value, "职工医保：是");
	CHECK_INT(nfind(&s, "ZZ01", NULL), 10);
	CHECK_INT(nfind(&s, "ZZ02", NULL), 1);
	sc_free(&s);
}

TEST(zz01_not_evaluated)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|med_insured=是", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ01", "未执行：缺少来源 med_enroll");
	NOT_EVALUATED(&s, "ZZ02", "未执行：缺少来源 med_enroll");
	CHECK_INT(nfind(&s, "ZZ01", NULL), 0);
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|med_insured=是", adult(1));
	sc_src(&s, KIND_MED_ENROLL, "e.csv", "id name year");
	sc_row(&s, "id=%s|year=2024", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ01", "未执行：缺少字段 med_enroll.status");
	sc_free(&s);

	/* roster without either insurance column */
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name township");
	sc_row(&s, "id=%s", adult(1));
	sc_src(&s, KIND_MED_ENROLL, "e.csv", "id status");
	sc_row(&s, "id=%s|status=参保", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ01", "未执行：缺少字段 roster.med_insured 或 roster.med_insured_staff");
	NOT_EVALUATED(&s, "ZZ02", "未执行：缺少字段 roster.med_insured");
	sc_free(&s);

	/* a med_enroll source without a year column: every row's year is empty */
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|med_insured=是", adult(1));
	sc_row(&s, "id=%s|med_insured=否", adult(2));
	sc_src(&s, KIND_MED_ENROLL, "e.csv", "id status");
	sc_row(&s, "id=%s|status=参保", adult(1));
	sc_row(&s, "id=%s|status=参保", adult(2));
	sc_eval(&s);
	EVALUATED(&s, "ZZ01");
	NO(&s, "ZZ01", adult(1));
	YES(&s, "ZZ02", adult(2), NULL);
	sc_free(&s);
}

/* ---------------------------------------------------------- ZZ03..ZZ06 */

TEST(zz03_zz06_dibao_tekun)
{
	static const char *inactive[] = { "停保", "终止", "注销", "退出" };
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7), *h = adult(8), *t1 = adult(9), *t2 = adult(10);
	const char *t3 = adult(11), *t4 = adult(12), *p1 = adult(13), *p2 = adult(14);
	sc_row(&s, "id=%s|township=城关镇|dibao=是", a);        /* no row: ZZ03 */
	sc_row(&s, "id=%s|township=城关镇|dibao=是", b);        /* 在保 */
	sc_row(&s, "id=%s|township=城关镇|dibao=是", c);        /* empty status = active */
	sc_row(&s, "id=%s|township=城关镇|dibao=是", d);        /* unknown word: not active */
	sc_row(&s, "id=%s|township=城关镇|dibao=否", e);        /* 正常: ZZ04 */
	sc_row(&s, "id=%s|township=城关镇|dibao=否", f);        /* 停保 */
	sc_row(&s, "id=%s|township=城关镇", g);                 /* unknown + active */
	sc_row(&s, "id=%s|township=城关镇|dibao=否", h);        /* 在册 second row */
	sc_row(&s, "id=%s|township=城关镇|tekun=是", t1);       /* ZZ05 */
	sc_row(&s, "id=%s|township=城关镇|tekun=是", t2);       /* 保障中 */
	sc_row(&s, "id=%s|township=城关镇|tekun=否", t3);       /* 在册: ZZ06 */
	sc_row(&s, "id=%s|township=城关镇|tekun=否", t4);       /* 退出 */
	sc_row(&s, "id=%s|township=城关镇|dibao@=农村低保", p1); /* policy column: yes */
	sc_row(&s, "id=%s|township=城关镇|dibao@=不享受", p2);   /* policy column: no */
	const char *iw[4];
	for (int i = 0; i < 4; i++) {
		iw[i] = adult(100 + i);
		sc_row(&s, "id=%s|township=城关镇|dibao=是", iw[i]);
	}
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name township status start_date");
	sc_row(&s, "id=%s|status=在保", b);
	sc_row(&s, "id=%s|status=", c);
	sc_row(&s, "id=%s|status=暂缓", d);
	sc_row(&s, "id=%s|status=停保", e);     /* row 5: inactive first */
	sc_row(&s, "id=%s|status=正常", e);     /* row 6: the active row shown */
	sc_row(&s, "id=%s|status=停保", f);
	sc_row(&s, "id=%s|status=正常", g);
	sc_row(&s, "id=%s|status=退出", h);
	sc_row(&s, "id=%s|status=在册", h);
	sc_row(&s, "id=%s|status=正常", p2);
	for (int i = 0; i < 4; i++)
		sc_row(&s, "id=%s|status=%s", iw[i], inactive[i]);
	sc_src(&s, KIND_TEKUN, "特困.csv", "id name township status start_date");
	sc_row(&s, "id=%s|status=保障中", t2);
	sc_row(&s, "id=%s|status=在册", t3);
	sc_row(&s, "id=%s|status=退出", t4);
	sc_eval(&s);
	YES(&s, "ZZ03", a, "城关镇");
	NO(&s, "ZZ03", b);
	NO(&s, "ZZ03", c);
	YES(&s, "ZZ03", d, "城关镇");
	YES(&s, "ZZ04", e, "城关镇");
	NO(&s, "ZZ04", f);
	NO(&s, "ZZ04", g);
	NO(&s, "ZZ03", g);
	YES(&s, "ZZ04", h, NULL);
	YES(&s, "ZZ03", p1, NULL);
	YES(&s, "ZZ04", p2, NULL);
	for (int i = 0; i < 4; i++)
		CHECK(has(&s, "ZZ03", iw[i], "城关镇"), "inactive word %s counted as active", inactive[i]);
	YES(&s, "ZZ05", t1, "城关镇");
	NO(&s, "ZZ05", t2);
	YES(&s, "ZZ06", t3, "城关镇");
	NO(&s, "ZZ06", t4);
	const finding *x = fnd(&s, "ZZ04", e);
	if (x) {
		CHECK_STR(x->loc, "低保.csv:6");
		CHECK_STR(x->sys_value, "否");
	}
	sc_free(&s);

	/* no status column at all: every dibao row counts as active */
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|dibao=否", adult(1));
	sc_row(&s, "id=%s|dibao=是", adult(2));
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name");
	sc_row(&s, "id=%s", adult(1));
	sc_row(&s, "id=%s", adult(2));
	sc_eval(&s);
	YES(&s, "ZZ04", adult(1), NULL);
	NO(&s, "ZZ03", adult(2));
	NOT_EVALUATED(&s, "ZZ05", "未执行：缺少来源 tekun");
	sc_free(&s);
}

/* --------------------------------------------------------- ZZ07, ZZ15 */

TEST(zz07_zz15_death)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4);
	const char *x = adult(50), *y = adult(51), *z = adult(52), *w = adult(53), *v = adult(54);
	sc_row(&s, "id=%s|name=甲|township=城关镇", a);
	sc_row(&s, "id=%s|name=乙|township=城关镇", b);
	sc_row(&s, "id=%s|name=丙|township=城关镇", c);
	sc_row(&s, "id=%s|name=丁|township=西乡|dibao=是", d);
	sc_src(&s, KIND_DEATH, "死亡.csv", "id name date");
	sc_row(&s, "id=%s|date=2024-06-30", a);     /* R: fires */
	sc_row(&s, "id=%s|date=2024-07-01", b);     /* R + 1: no */
	sc_row(&s, "id=%s|date=", c);               /* unknown: no */
	sc_row(&s, "id=%s|date=2023-01-05", d);
	sc_row(&s, "id=%s|date=2024-06-01", x);
	sc_row(&s, "id=%s|date=2024-06-01", y);
	sc_row(&s, "id=%s|date=2024-07-01", z);
	sc_row(&s, "id=%s|date=2024-02-01", w);
	sc_row(&s, "id=%s|date=2024-02-01", v);
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name township village status");
	sc_row(&s, "id=%s|status=在保|township=东乡", d);
	sc_row(&s, "id=%s|status=停保|township=东乡", y);
	sc_row(&s, "id=%s|status=在保|township=东乡", z);
	sc_row(&s, "id=%s|status=在保|township=", w);
	sc_src(&s, KIND_TEKUN, "特困.csv", "id name township village status");
	sc_row(&s, "id=%s|status=在册|township=城关镇人民政府|village=东村", x);
	sc_src(&s, KIND_MED_ENROLL, "医保参保.csv", "id name township status year");
	sc_row(&s, "id=%s|status=参保|township=南关镇", w);
	sc_eval(&s);
	YES(&s, "ZZ07", a, "城关镇");
	NO(&s, "ZZ07", b);
	NO(&s, "ZZ07", c);
	YES(&s, "ZZ07", d, "西乡");
	NO(&s, "ZZ07", x);                     /* not a roster member */
	const finding *f = fnd(&s, "ZZ07", a);
	if (f) {
		CHECK_STR(f->loc, "死亡.csv:2");
		CHECK_STR(f->dept_value, "死亡日期 2024-06-30");
	}
	YES(&s, "ZZ15", d, "西乡");            /* roster: the roster township */
	YES(&s, "ZZ15", x, "城关镇");          /* tekun row township, normalized */
	NO(&s, "ZZ15", y);                     /* dibao inactive */
	NO(&s, "ZZ15", z);                     /* death after R */
	YES(&s, "ZZ15", w, "南关镇");          /* dibao row has no township: med_enroll's */
	NO(&s, "ZZ15", v);                     /* no dibao/tekun row */
	NO(&s, "ZZ15", a);
	f = fnd(&s, "ZZ15", x);
	if (f) {
		CHECK_STR(f->village, "东村");
		CHECK_STR(f->loc, "死亡.csv:6");
		CHECK_STR(f->household_id, "");
	}
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", adult(1));
	sc_src(&s, KIND_DEATH, "死亡.csv", "id name date");
	sc_row(&s, "id=%s|date=2024-06-30", adult(1));
	sc_eval(&s);
	EVALUATED(&s, "ZZ07");
	NOT_EVALUATED(&s, "ZZ15", "未执行：缺少来源 dibao 或 tekun");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", adult(1));
	sc_src(&s, KIND_DEATH, "死亡.csv", "id name");
	sc_row(&s, "id=%s", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ07", "未执行：缺少字段 death.date");
	sc_free(&s);
}

/* ------------------------------------------------------ ZZ08, ZZ09, YJ04 */

TEST(zz08_zz09_school)
{
	static const char *inactive[] = { "辍学", "失学", "休学", "毕业", "结业" };
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7), *h = adult(8), *k = adult(9);
	sc_row(&s, "id=%s|township=城关镇|school_status=七年级", a);      /* none: ZZ08 */
	sc_row(&s, "id=%s|township=城关镇|school_status=高中一年级", b);  /* 在读 */
	sc_row(&s, "id=%s|township=城关镇|school_status=本科", c);        /* tertiary: neither */
	sc_row(&s, "id=%s|township=城关镇|school_status=学龄前儿童", d);  /* preschool: neither */
	sc_row(&s, "id=%s|township=城关镇|school_status=非在校生", e);    /* 在读: ZZ09 */
	sc_row(&s, "id=%s|township=城关镇", f);                           /* empty + 在籍: ZZ09 */
	sc_row(&s, "id=%s|township=城关镇|school_status=本科", g);        /* tertiary + 在读 */
	sc_row(&s, "id=%s|township=城关镇|school_status=中职二年级", h);  /* 转出 counts active */
	sc_row(&s, "id=%s|township=城关镇|school_status=高二", k);        /* DQ10: unknown */
	const char *iw[5];
	for (int i = 0; i < 5; i++) {
		iw[i] = adult(100 + i);
		sc_row(&s, "id=%s|township=城关镇|school_status=小学", iw[i]);
	}
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name status township");
	sc_row(&s, "id=%s|status=在读", b);
	sc_row(&s, "id=%s|status=在读", e);
	sc_row(&s, "id=%s|status=在籍", f);
	sc_row(&s, "id=%s|status=在读", g);
	sc_row(&s, "id=%s|status=转出", h);
	sc_row(&s, "id=%s|status=在读", k);
	for (int i = 0; i < 5; i++)
		sc_row(&s, "id=%s|status=%s", iw[i], inactive[i]);
	sc_eval(&s);
	YES(&s, "ZZ08", a, "城关镇");
	NO(&s, "ZZ08", b);
	NO(&s, "ZZ08", c);
	NO(&s, "ZZ08", d);
	YES(&s, "ZZ09", e, "城关镇");
	YES(&s, "ZZ09", f, "城关镇");
	NO(&s, "ZZ09", g);
	NO(&s, "ZZ08", h);
	NO(&s, "ZZ08", k);
	NO(&s, "ZZ09", k);
	for (int i = 0; i < 5; i++)
		CHECK(has(&s, "ZZ08", iw[i], "城关镇"), "school word %s counted as active", inactive[i]);
	const finding *x = fnd(&s, "ZZ08", a);
	if (x) {
		CHECK_STR(x->sys_value, "七年级");
		CHECK_STR(x->source, "school");
	}
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name township");
	sc_row(&s, "id=%s", adult(1));
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name status");
	sc_row(&s, "id=%s|status=在读", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ08", "未执行：缺少字段 roster.school_status");
	EVALUATED(&s, "YJ04");
	sc_free(&s);
}

TEST(yj04_school_age)
{
	/* R = 2024-06-30: the latest 1 September on or before R is 2023-09-01 */
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *six = mkid("20170901", 1);      /* 6 on 2023-09-01 */
	const char *five = mkid("20170902", 2);     /* 5 on 2023-09-01 (6 at R) */
	const char *fifteen = mkid("20070902", 3);  /* 15 */
	const char *sixteen = mkid("20070901", 4);  /* 16 */
	const char *tenok = mkid("20130510", 5);    /* 10, 在读 */
	const char *tensus = mkid("20130510", 6);   /* 10, 休学 */
	const char *tendrop = mkid("20130510", 7);  /* 10, 辍学 */
	const char *leap = mkid("20080229", 8);     /* 15 */
	sc_row(&s, "id=%s|township=城关镇", six);
	sc_row(&s, "id=%s|township=城关镇", five);
	sc_row(&s, "id=%s|township=城关镇", fifteen);
	sc_row(&s, "id=%s|township=城关镇", sixteen);
	sc_row(&s, "id=%s|township=城关镇", tenok);
	sc_row(&s, "id=%s|township=城关镇", tensus);
	sc_row(&s, "id=%s|township=城关镇", tendrop);
	sc_row(&s, "id=%s|township=城关镇", leap);
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name status");
	sc_row(&s, "id=%s|status=在读", tenok);
	sc_row(&s, "id=%s|status=休学", tensus);
	sc_row(&s, "id=%s|status=辍学", tendrop);
	sc_row(&s, "id=%s|status=在读", mkid("20130510", 9));  /* not on the roster */
	sc_eval(&s);
	YES(&s, "YJ04", six, "城关镇");
	NO(&s, "YJ04", five);
	YES(&s, "YJ04", fifteen, "城关镇");
	NO(&s, "YJ04", sixteen);
	NO(&s, "YJ04", tenok);
	YES(&s, "YJ04", tensus, "城关镇");
	YES(&s, "YJ04", tendrop, "城关镇");
	YES(&s, "YJ04", leap, NULL);
	const finding *x = fnd(&s, "YJ04", six);
	if (x)
		CHECK_STR(x->sys_value, "6 岁（2023-09-01）");
	CHECK_INT(nfind(&s, "YJ04", NULL), 5);
	sc_free(&s);

	/* R = 2024-09-30: S = 2024-09-01 */
	sc_init(&s, "2024-09", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", mkid("20180901", 1));
	sc_row(&s, "id=%s", mkid("20180902", 2));
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id status");
	sc_eval(&s);
	YES(&s, "YJ04", mkid("20180901", 1), NULL);
	NO(&s, "YJ04", mkid("20180902", 2));
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", six);
	sc_eval(&s);
	NOT_EVALUATED(&s, "YJ04", "未执行：缺少来源 school");
	sc_free(&s);
}

/* ----------------------------------------------------- ZZ10, ZZ11, YJ05 */

TEST(zz10_zz11_yj05_employment)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7), *x = adult(50);
	sc_row(&s, "id=%s|township=城关镇|work_status=省外务工", a);   /* no row: ZZ10 */
	sc_row(&s, "id=%s|township=城关镇|work_status=务工", b);       /* 就业 */
	sc_row(&s, "id=%s|township=城关镇|work_status=未务工", c);     /* 在岗: ZZ11 */
	sc_row(&s, "id=%s|township=城关镇|work_status=无", d);         /* 失业: YJ05 */
	sc_row(&s, "id=%s|township=城关镇", e);                        /* 失业 + 就业 */
	sc_row(&s, "id=%s|township=城关镇", f);                        /* empty + 已就业 */
	sc_row(&s, "id=%s|township=城关镇|work_status=县外省内务工", g); /* 离岗 only */
	sc_src(&s, KIND_EMPLOYMENT, "就业.csv", "id name status region date");
	sc_row(&s, "id=%s|status=就业", b);
	sc_row(&s, "id=%s|status=在岗", c);
	sc_row(&s, "id=%s|status=失业", d);
	sc_row(&s, "id=%s|status=失业", e);
	sc_row(&s, "id=%s|status=就业", e);
	sc_row(&s, "id=%s|status=已就业", f);
	sc_row(&s, "id=%s|status=离岗", g);
	sc_row(&s, "id=%s|status=失业", x);
	sc_eval(&s);
	YES(&s, "ZZ10", a, "城关镇");
	NO(&s, "ZZ10", b);
	YES(&s, "ZZ11", c, "城关镇");
	NO(&s, "ZZ11", d);
	YES(&s, "YJ05", d, "城关镇");
	NO(&s, "YJ05", e);
	NO(&s, "ZZ11", f);
	NO(&s, "ZZ10", f);
	YES(&s, "ZZ10", g, NULL);
	YES(&s, "YJ05", g, NULL);
	NO(&s, "YJ05", x);                  /* roster members only */
	const finding *y = fnd(&s, "YJ05", d);
	if (y)
		CHECK_STR(y->loc, "就业.csv:4");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", a);
	sc_src(&s, KIND_EMPLOYMENT, "就业.csv", "id name region");
	sc_row(&s, "id=%s", a);
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ10", "未执行：缺少字段 employment.status");
	NOT_EVALUATED(&s, "YJ05", "未执行：缺少字段 employment.status");
	sc_free(&s);
}

/* ------------------------------------------------------------------ ZZ12 */

TEST(zz12_names)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *x = adult(50);
	sc_row(&s, "id=%s|name=张三|township=城关镇", a);
	sc_row(&s, "id=%s|name=阿依古丽·买买提|township=城关镇", b);
	sc_row(&s, "id=%s|name=李 四|township=城关镇", c);
	sc_row(&s, "id=%s|township=城关镇", d);                 /* no roster name */
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name status");
	sc_row(&s, "id=%s|name=张　三", a);                     /* full-width space: same */
	sc_row(&s, "id=%s|name=阿依古丽•买买提", b);           /* • vs ·: same */
	sc_row(&s, "id=%s|name=李四", c);                       /* space: same */
	sc_row(&s, "id=%s|name=", a);                          /* empty: ignored */
	sc_row(&s, "id=%s|name=王五", d);
	sc_row(&s, "id=%s|name=赵六", x);
	sc_src(&s, KIND_MED_ENROLL, "医保参保.csv", "id name status year");
	sc_row(&s, "id=%s|name=张三", a);
	sc_row(&s, "id=%s|name=张叁", a);                       /* row 3: first differing */
	sc_row(&s, "id=%s|name=张山", a);
	sc_row(&s, "id=%s|name=阿依古丽.买买提", b);
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name status");
	sc_row(&s, "id=%s|name=章三", a);
	sc_eval(&s);
	EVALUATED(&s, "ZZ12");
	CHECK_INT(nfind(&s, "ZZ12", a), 2);      /* once per kind: med_enroll, school */
	NO(&s, "ZZ12", b);
	NO(&s, "ZZ12", c);
	NO(&s, "ZZ12", d);
	NO(&s, "ZZ12", x);
	const finding *f = fnd(&s, "ZZ12", a);
	int seen = 0;
	for (size_t i = 0; f && i < s.mis.items.n; i++) {
		const finding *y = &s.mis.items.v[i];
		if (y->rule != rule_index("ZZ12"))
			continue;
		if (!strcmp(y->source, "med_enroll")) {
			CHECK_STR(y->loc, "医保参保.csv:3");
			CHECK_STR(y->dept_value, "张叁");
			CHECK_STR(y->sys_value, "张三");
			seen |= 1;
		} else if (!strcmp(y->source, "school")) {
			CHECK_STR(y->dept_value, "章三");
			seen |= 2;
		}
	}
	CHECK_INT(seen, 3);
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|name=张三", a);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date oop");
	sc_row(&s, "id=%s|date=2024-06-01|oop=1", a);
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ12", "未执行：缺少字段 任一部门来源.name");
	sc_free(&s);
}

/* ----------------------------------------------- households, heads, ZZ14 */

TEST(household_head_and_zz14)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	/* H1: 户主 is not the smallest ID; the head's row carries the values */
	const char *h1a = adult(1), *h1b = adult(2), *h1c = adult(3);
	sc_row(&s, "id=%s|name=子|household_id=H1|relation=之子|township=城关镇|monitor_type=脱贫不稳定户"
	       "|no_labor_household=否|risk_cleared=否", h1a);
	sc_row(&s, "id=%s|name=主|household_id=H1|relation=户主|township=城关镇|monitor_type=脱贫不稳定户"
	       "|no_labor_household=是|risk_cleared=是", h1c);
	sc_row(&s, "id=%s|name=妻|household_id=H1|relation=配偶|township=城关镇", h1b);
	/* H2: no 户主: the smallest ID is the head */
	const char *h2a = adult(10), *h2b = adult(11);
	sc_row(&s, "id=%s|name=二|household_id=H2|relation=配偶|township=城关镇|monitor_type=边缘易致贫户"
	       "|no_labor_household=是|risk_cleared=是", h2b);
	sc_row(&s, "id=%s|name=一|household_id=H2|relation=之女|township=城关镇|monitor_type=边缘易致贫户"
	       "|no_labor_household=是|risk_cleared=否", h2a);
	/* H3: two 户主: the smaller ID of them */
	const char *h3a = adult(20), *h3b = adult(21), *h3c = adult(19);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|monitor_type=突发严重困难户|no_labor_household=是"
	       "|risk_cleared=否|township=南关镇", h3b);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|monitor_type=突发严重困难户|no_labor_household=是"
	       "|risk_cleared=是|township=南关镇", h3a);
	sc_row(&s, "id=%s|household_id=H3|relation=之子|monitor_type=突发严重困难户|no_labor_household=是"
	       "|risk_cleared=否|township=南关镇", h3c);
	/* H4: not monitored (monitor_type empty) */
	const char *h4 = adult(30);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|no_labor_household=是|risk_cleared=是", h4);
	/* H5: risk_cleared 否 */
	const char *h5 = adult(31);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|monitor_type=脱贫不稳定户|no_labor_household=是"
	       "|risk_cleared=否", h5);
	/* duplicate ID: DQ07, first row kept */
	int rc = sc_row(&s, "id=%s|name=重复|household_id=H5|relation=户主|monitor_type=脱贫不稳定户"
	                "|no_labor_household=是|risk_cleared=是", h5);
	CHECK_INT(rc, DQ07);
	sc_eval(&s);
	YES(&s, "ZZ14", h1c, "城关镇");
	NO(&s, "ZZ14", h1a);
	const finding *f = fnd(&s, "ZZ14", h1c);
	if (f) {
		CHECK_STR(f->household_id, "H1");
		CHECK_STR(f->name, "主");
		CHECK_STR(f->loc, "");
	}
	NO(&s, "ZZ14", h2a);                  /* head h2a: risk_cleared 否 */
	NO(&s, "ZZ14", h2b);
	YES(&s, "ZZ14", h3a, "南关镇");       /* smaller of the two 户主 */
	NO(&s, "ZZ14", h3c);
	NO(&s, "ZZ14", h4);
	NO(&s, "ZZ14", h5);
	CHECK_INT(nfind(&s, "ZZ14", NULL), 2);
	CHECK(s.st[rule_index("DQ07")].evaluated, "DQ07 status");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name household_id monitor_type");
	sc_row(&s, "id=%s|household_id=H1", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ14", "未执行：缺少字段 roster.no_labor_household");
	sc_free(&s);
}

TEST(household_source_overrides)
{
	/* the household source wins field by field for the columns it has;
	 * the roster lacks income_pc, the household source provides it */
	sc s;
	sc_init(&s, "2024-06", 780000);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name township village household_id relation monitor_type "
	       "risk_cleared water_safe");
	const char *a = adult(1), *b = adult(2), *c = adult(3);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|monitor_type=脱贫不稳定户", a);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇", b);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇", c);
	const char *d = adult(4);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关镇|monitor_type=边缘易致贫户"
	       "|risk_cleared=是", d);
	sc_src(&s, KIND_HOUSEHOLD, "户.csv", "household_id township monitor_type income_pc");
	sc_row(&s, "household_id=H1|township=南关镇|monitor_type=|income_pc=7000");   /* not monitored now */
	sc_row(&s, "household_id=H2|township=南关镇|monitor_type=边缘易致贫户|income_pc=7000");
	sc_row(&s, "household_id=H1|township=西乡|monitor_type=边缘易致贫户|income_pc=1");  /* second: ignored */
	sc_row(&s, "household_id=H9|township=西乡|income_pc=1");                        /* not in roster */
	sc_row(&s, "household_id=H4|township=城关镇|monitor_type=边缘易致贫户|income_pc=7000"); /* risk_cleared: roster's */
	sc_eval(&s);
	EVALUATED(&s, "YJ06");
	YES(&s, "YJ06", a, "南关镇");
	NO(&s, "YJ06", b);                    /* monitored per household source */
	NO(&s, "YJ06", c);                    /* no household row: income unknown */
	YES(&s, "YJ06", d, "城关镇");         /* risk cleared on the head's row: not monitored */
	sc_free(&s);
}

/* ---------------------------------------------------- ZZ13, YJ08 (water) */

TEST(zz13_yj08_water)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *a2 = adult(2), *b = adult(3), *c = adult(4), *d = adult(5);
	const char *e = adult(6), *g = adult(7);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|village=东村|water_safe=是", a);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶|township=城关镇|village=东村|water_safe=否", a2);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇|village=东村|water_safe=否", b);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇|village=西村|water_safe=是", c);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关|village=北村|water_safe=是", d);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|township=城关镇|village=东村", e);
	sc_row(&s, "id=%s|household_id=H6|relation=户主|township=西乡|village=南村|water_safe=是", g);
	sc_src(&s, KIND_WATER, "水利.csv", "township village project quality supply date");
	sc_row(&s, "township=城关镇|village=东村|quality=合格|supply=正常");
	sc_row(&s, "township=城关镇人民政府|village=东村|quality=不合格|supply=正常");   /* row 3 */
	sc_row(&s, "township=城关镇|village=东村|quality=不达标");
	sc_row(&s, "township=城关镇|village=西村|quality=合格|supply=基本满足");
	sc_row(&s, "township=城关镇|village=北村|supply=季节性缺水");                   /* alias 城关 */
	sc_row(&s, "township=东乡|village=北村|supply=断水");                           /* no households */
	sc_row(&s, "township=西乡|village=南村|supply=供水不足");
	sc_eval(&s);
	YES(&s, "ZZ13", a, "城关镇");
	NO(&s, "ZZ13", b);
	NO(&s, "ZZ13", c);
	YES(&s, "ZZ13", d, "城关镇");
	NO(&s, "ZZ13", e);                     /* water_safe unknown */
	YES(&s, "ZZ13", g, "西乡");
	const finding *f = fnd(&s, "ZZ13", a);
	if (f) {
		CHECK_STR(f->loc, "水利.csv:3");
		CHECK_STR(f->household_id, "H1");
		CHECK_STR(f->village, "东村");
	}
	CHECK_INT(nfind(&s, "YJ08", NULL), 3);
	int found = 0;
	for (size_t i = 0; i < s.warn.items.n; i++) {
		const finding *y = &s.warn.items.v[i];
		if (y->rule != rule_index("YJ08"))
			continue;
		CHECK_STR(y->id, "");
		CHECK_STR(y->name, "");
		CHECK_STR(y->household_id, "");
		if (!strcmp(y->village, "东村")) {
			CHECK_STR(y->township, "城关镇");
			CHECK_STR(y->note, "涉及 3 户");
			CHECK_STR(y->loc, "水利.csv:3");
			found |= 1;
		} else if (!strcmp(y->village, "北村")) {
			CHECK_STR(y->township, "城关镇");
			CHECK_STR(y->note, "涉及 1 户");
			found |= 2;
		} else if (!strcmp(y->village, "南村")) {
			found |= 4;
		} else {
			CHECK(0, "unexpected YJ08 village %s", y->village);
		}
	}
	CHECK_INT(found, 7);
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|village=东村|water_safe=是", a);
	sc_src(&s, KIND_WATER, "水利.csv", "township village project date");
	sc_row(&s, "township=城关镇|village=东村");
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZZ13", "未执行：缺少字段 water.quality 或 water.supply");
	NOT_EVALUATED(&s, "YJ08", "未执行：缺少字段 water.quality 或 water.supply");
	sc_free(&s);
}

/* ------------------------------------------------------------- ZS01..05 */

TEST(zs_survey)
{
	sc s;
	sc_init(&s, "2024-06", 780000);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *h1 = adult(1), *h2 = adult(4), *h3 = adult(6), *h4 = adult(8), *h5 = adult(10);
	const char *h6 = adult(12), *h7 = adult(14), *h8 = adult(16), *h9 = adult(18);
	/* H1: 3 used members (a DQ07 row is not counted), income 10000 */
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|income_pc=10000|risk_cleared=否"
	       "|dangerous_house=否|water_safe=是", h1);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶", adult(2));
	sc_row(&s, "id=%s|household_id=H1|relation=之子", adult(3));
	CHECK_INT(sc_row(&s, "id=%s|household_id=H1|relation=之女", adult(3)), DQ07);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇|income_pc=9900", h2);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇|income_pc=9900.01", h3);
	sc_row(&s, "id=%s|household_id=H2|relation=配偶", adult(5));   /* not next to its household */
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关镇|risk_cleared=是|dangerous_house=否"
	       "|water_safe=是", h4);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|township=城关镇|risk_cleared=是", h5);
	sc_row(&s, "id=%s|household_id=H6|relation=户主|township=城关镇|risk_cleared=是", h6);
	sc_row(&s, "id=%s|household_id=H7|relation=户主|township=城关镇|risk_cleared=是", h7);
	sc_row(&s, "id=%s|household_id=H8|relation=户主|township=城关镇|risk_cleared=|income_pc=", h8);
	sc_row(&s, "id=%s|household_id=H9|relation=户主|township=城关镇|risk_cleared=是", h9);
	sc_src(&s, KIND_SURVEY, "核查.csv", "household_id household_size income_pc dangerous_house water_safe "
	       "date inspector");
	sc_row(&s, "household_id=H1|household_size=2|income_pc=9000|dangerous_house=是|water_safe=是"
	       "|date=2024-06-01");
	sc_row(&s, "household_id=H1|household_size=3|income_pc=9000|dangerous_house=是|water_safe=否"
	       "|date=2024-06-10");                                          /* row 3, latest */
	sc_row(&s, "household_id=H1|household_size=9|income_pc=1|date=2024-05-01");   /* older */
	sc_row(&s, "household_id=H2|household_size=2|income_pc=9000");      /* exactly 10 %% */
	sc_row(&s, "household_id=H3|household_size=2|income_pc=9000");      /* 1 member; 10 %% + 1 fen */
	sc_row(&s, "household_id=H4|income_pc=7799.99|dangerous_house=否|water_safe=是");
	sc_row(&s, "household_id=H5|income_pc=7800");                       /* = L: no */
	sc_row(&s, "household_id=H6|dangerous_house=是");
	sc_row(&s, "household_id=H7|water_safe=否");
	sc_row(&s, "household_id=H8|income_pc=100|water_safe=否");           /* risk not yes */
	sc_row(&s, "household_id=H9|income_pc=8000|dangerous_house=否|water_safe=是");
	CHECK_INT(sc_row(&s, "household_id=NOPE|household_size=1"), DQ13);
	CHECK_INT(sc_row(&s, "household_id=|household_size=1"), DQ13);
	sc_eval(&s);
	NO(&s, "ZS01", h1);                     /* 3 = 3 (latest row) */
	YES(&s, "ZS02", h1, "城关镇");         /* 10000 vs 9000: 11.1 % */
	YES(&s, "ZS03", h1, "城关镇");         /* 否 vs 是 */
	YES(&s, "ZS04", h1, "城关镇");         /* 是 vs 否 */
	NO(&s, "ZS05", h1);
	const finding *f = fnd(&s, "ZS02", h1);
	if (f) {
		CHECK_STR(f->loc, "核查.csv:3");
		CHECK_STR(f->sys_value, "10000.00");
		CHECK_STR(f->dept_value, "9000.00");
		CHECK_STR(f->household_id, "H1");
	}
	NO(&s, "ZS01", h2);
	NO(&s, "ZS02", h2);                     /* exactly at the tolerance */
	YES(&s, "ZS01", h3, "城关镇");         /* 1 member, survey says 2 */
	YES(&s, "ZS02", h3, "城关镇");
	NO(&s, "ZS03", h3);                     /* unknown on both sides */
	YES(&s, "ZS05", h4, "城关镇");         /* income < L */
	NO(&s, "ZS03", h4);
	NO(&s, "ZS05", h5);                     /* income = L */
	YES(&s, "ZS05", h6, NULL);
	YES(&s, "ZS05", h7, NULL);
	NO(&s, "ZS05", h8);
	NO(&s, "ZS02", h8);                     /* roster income unknown */
	NO(&s, "ZS05", h9);
	CHECK(s.st[rule_index("DQ13")].evaluated, "DQ13 status");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|household_id=H1|risk_cleared=是", h1);
	sc_src(&s, KIND_SURVEY, "核查.csv", "household_id income_pc");
	sc_row(&s, "household_id=H1|income_pc=1");
	sc_eval(&s);
	NOT_EVALUATED(&s, "ZS05", "未执行：未配置 income_line.2024");
	NOT_EVALUATED(&s, "ZS01", "未执行：缺少字段 survey.household_size");
	EVALUATED(&s, "ZS02");
	NOT_EVALUATED(&s, "YJ06", "未执行：未配置 income_line.2024");
	sc_free(&s);
}

/* ------------------------------------------------------------------ YJ01 */

TEST(yj01_medical)
{
	/* R = 2024-06-30; R - 365 = 2023-07-01 (outside), 2023-07-02 inside */
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4);
	const char *x = adult(50), *y = adult(51), *z = adult(52), *u = adult(53);
	sc_row(&s, "id=%s|township=城关镇", a);
	sc_row(&s, "id=%s|township=城关镇", b);
	sc_row(&s, "id=%s|township=城关镇", c);
	sc_row(&s, "id=%s|township=城关镇", d);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id name date total oop");
	sc_row(&s, "id=%s|date=2024-01-01|oop=3000", a);
	sc_row(&s, "id=%s|date=2024-06-30|oop=2000", a);          /* row 3: exactly 5000 */
	sc_row(&s, "id=%s|date=2024-07-01|oop=100", a);           /* after R */
	sc_row(&s, "id=%s|date=2024-01-01|oop=4999.99", b);       /* one fen below */
	sc_row(&s, "id=%s|date=2023-07-01|oop=10000", c);         /* R - 365: outside */
	sc_row(&s, "id=%s|date=2023-07-02|oop=5000", d);          /* R - 364: inside */
	sc_row(&s, "id=%s|date=2024-03-01|oop=1000", d);
	sc_row(&s, "id=%s|date=2024-03-02|oop=-1000", d);         /* refund: 5000 left */
	sc_row(&s, "id=%s|date=|oop=90000", d);                   /* unknown date: nothing */
	sc_row(&s, "id=%s|name=外甲|date=2024-05-01|oop=20000", x);
	sc_row(&s, "id=%s|date=2024-05-01|oop=19999.99", y);
	sc_row(&s, "id=%s|date=2024-05-01|oop=25000", z);
	sc_row(&s, "id=%s|date=2024-05-01|oop=25000", u);
	sc_src(&s, KIND_MED_ENROLL, "医保参保.csv", "id name township village status year");
	sc_row(&s, "id=%s|township=东乡|village=一村|status=停保", x);   /* routing uses any row */
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name township status");
	sc_row(&s, "id=%s|township=西乡|status=在读", z);
	sc_eval(&s);
	YES(&s, "YJ01", a, "城关镇");
	NO(&s, "YJ01", b);
	NO(&s, "YJ01", c);
	YES(&s, "YJ01", d, "城关镇");
	YES(&s, "YJ01", x, "东乡");
	NO(&s, "YJ01", y);
	YES(&s, "YJ01", z, "西乡");
	YES(&s, "YJ01", u, UNKNOWN_TOWNSHIP);
	const finding *f = fnd(&s, "YJ01", a);
	if (f) {
		CHECK_STR(f->dept_value, "5000.00");
		CHECK_STR(f->loc, "结算.csv:3");
	}
	f = fnd(&s, "YJ01", x);
	if (f) {
		CHECK_STR(f->name, "外甲");
		CHECK_STR(f->village, "一村");
		CHECK_STR(f->dept_value, "20000.00");
	}
	f = fnd(&s, "YJ01", d);
	if (f)
		CHECK_STR(f->dept_value, "5000.00");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", a);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date total");
	sc_row(&s, "id=%s|date=2024-01-01|total=1", a);
	sc_eval(&s);
	NOT_EVALUATED(&s, "YJ01", "未执行：缺少字段 med_claims.oop");
	sc_free(&s);
}

/* --------------------------------------------------- YJ02, YJ03, routing */

TEST(yj02_yj03_new_support)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *mon = adult(1), *plain = adult(2), *cleared = adult(3), *riskempty = adult(4);
	const char *x1 = adult(50), *x2 = adult(51), *x3 = adult(52), *x4 = adult(53), *x5 = adult(54);
	const char *x6 = adult(55), *x7 = adult(56), *x8 = adult(57), *x9 = adult(58);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|monitor_type=边缘易致贫户|risk_cleared=否", mon);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇", plain);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇|monitor_type=边缘易致贫户|risk_cleared=是", cleared);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关镇|monitor_type=脱贫不稳定户", riskempty);
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name township village status start_date");
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-05", mon);
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-05|township=东乡", plain);
	sc_row(&s, "id=%s|status=正常|start_date=2024-06-01", cleared);
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-30", riskempty);
	sc_row(&s, "id=%s|name=外一|status=在保|start_date=2024-06-05|township=东乡|village=甲村", x1);
	sc_row(&s, "id=%s|status=在保|start_date=2024-05-31|township=东乡", x2);   /* before the month */
	sc_row(&s, "id=%s|status=在保|start_date=2024-07-01|township=东乡", x3);   /* after R */
	sc_row(&s, "id=%s|status=停保|start_date=2024-06-10|township=东乡", x4);   /* inactive */
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-30|township=东乡", x5);   /* last day */
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-12|township=东乡", x6);   /* also tekun */
	sc_row(&s, "id=%s|status=停保|start_date=2024-06-01|township=甲乡", x9);   /* first row: 甲乡 */
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-03|township=乙乡", x9);   /* trigger: 乙乡 */
	sc_src(&s, KIND_TEKUN, "特困.csv", "id name township village status start_date");
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-12|township=西乡", x6);
	sc_row(&s, "id=%s|status=在保|start_date=2024-06-20|township=西乡", x7);
	sc_src(&s, KIND_RELIEF, "临时救助.csv", "id name township village amount date");
	sc_row(&s, "id=%s|date=2024-06-15|township=北乡", x8);       /* fires, 北乡 */
	sc_row(&s, "id=%s|date=2024-05-31|township=北乡", x9);       /* before the month */
	sc_row(&s, "id=%s|date=2024-06-15|township=", x7);           /* no township: tekun row's */
	sc_row(&s, "id=%s|date=2024-06-15", mon);                    /* monitored */
	sc_row(&s, "id=%s|date=2024-06-02", plain);
	sc_eval(&s);
	NO(&s, "YJ02", mon);
	YES(&s, "YJ02", plain, "城关镇");     /* roster township, not the row's */
	YES(&s, "YJ02", cleared, "城关镇");
	NO(&s, "YJ02", riskempty);
	YES(&s, "YJ02", x1, "东乡");
	NO(&s, "YJ02", x2);
	NO(&s, "YJ02", x3);
	NO(&s, "YJ02", x4);
	YES(&s, "YJ02", x5, "东乡");
	ONCE(&s, "YJ02", x6);
	YES(&s, "YJ02", x6, "东乡");           /* the dibao row comes first */
	YES(&s, "YJ02", x7, "西乡");
	YES(&s, "YJ02", x9, "乙乡");           /* the triggering row's township */
	const finding *f = fnd(&s, "YJ02", x1);
	if (f) {
		CHECK_STR(f->village, "甲村");
		CHECK_STR(f->name, "外一");
		CHECK_STR(f->dept_value, "低保开始日期 2024-06-05");
		CHECK_STR(f->loc, "低保.csv:6");
	}
	YES(&s, "YJ03", x8, "北乡");
	NO(&s, "YJ03", x9);
	YES(&s, "YJ03", x7, "西乡");
	NO(&s, "YJ03", mon);
	YES(&s, "YJ03", plain, "城关镇");
	sc_free(&s);

	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name township");
	sc_row(&s, "id=%s", plain);
	sc_src(&s, KIND_RELIEF, "临时救助.csv", "id date");
	sc_row(&s, "id=%s|date=2024-06-15", plain);
	sc_eval(&s);
	NOT_EVALUATED(&s, "YJ03", "未执行：缺少字段 roster.monitor_type");
	NOT_EVALUATED(&s, "YJ02", "未执行：缺少来源 dibao 或 tekun");
	sc_free(&s);
}

TEST(routing_order)
{
	/* non-roster: triggering row's township, else med_enroll, dibao, tekun,
	 * relief, school (kind order, then file order), else 未知乡镇 */
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s", adult(1));
	const char *p1 = adult(50), *p2 = adult(51), *p3 = adult(52), *p4 = adult(53), *p5 = adult(54);
	const char *p6 = adult(55);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date oop");
	const char *ps[] = { p1, p2, p3, p4, p5, p6 };
	for (int i = 0; i < 6; i++)
		sc_row(&s, "id=%s|date=2024-06-01|oop=30000", ps[i]);
	sc_src(&s, KIND_SCHOOL, "学籍.csv", "id name township status");
	sc_row(&s, "id=%s|township=校乡|status=毕业", p1);
	sc_row(&s, "id=%s|township=校乡|status=毕业", p2);
	sc_row(&s, "id=%s|township=校乡|status=毕业", p3);
	sc_row(&s, "id=%s|township=校乡|status=毕业", p4);
	sc_src(&s, KIND_RELIEF, "临时救助.csv", "id name township date");
	sc_row(&s, "id=%s|township=救乡|date=2020-01-01", p1);
	sc_row(&s, "id=%s|township=救乡|date=2020-01-01", p2);
	sc_row(&s, "id=%s|township=救乡|date=2020-01-01", p3);
	sc_src(&s, KIND_TEKUN, "特困.csv", "id name township status");
	sc_row(&s, "id=%s|township=|status=退出", p1);
	sc_row(&s, "id=%s|township=特乡|status=退出", p1);
	sc_row(&s, "id=%s|township=特乡|status=退出", p2);
	sc_src(&s, KIND_DIBAO, "低保.csv", "id name township status");
	sc_row(&s, "id=%s|township=保乡|status=退出", p1);
	sc_row(&s, "id=%s|township=保乡|status=退出", p6);
	sc_src(&s, KIND_MED_ENROLL, "医保参保.csv", "id name township status year");
	sc_row(&s, "id=%s|township=　|status=停保", p1);            /* only a full-width space */
	sc_row(&s, "id=%s|township=医乡|status=停保", p6);          /* med_enroll before dibao */
	sc_eval(&s);
	YES(&s, "YJ01", p1, "保乡");
	YES(&s, "YJ01", p2, "特乡");
	YES(&s, "YJ01", p3, "救乡");
	YES(&s, "YJ01", p4, "校乡");
	YES(&s, "YJ01", p5, UNKNOWN_TOWNSHIP);
	YES(&s, "YJ01", p6, "医乡");
	sc_free(&s);
}

TEST(income_yj06_yj07)
{
	sc s;
	sc_init(&s, "2024-06", 780000);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7), *h = adult(8), *k = adult(9);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|income_pc=7799.99", a);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇|income_pc=7800", b);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇|income_pc=100|monitor_type=边缘易致贫户", c);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关镇|income_pc=8000|income_pc_prev=10000", d);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|township=城关镇|income_pc=7999.99|income_pc_prev=10000", e);
	sc_row(&s, "id=%s|household_id=H6|relation=户主|township=城关镇|income_pc=0|income_pc_prev=0", f);
	sc_row(&s, "id=%s|household_id=H7|relation=户主|township=城关镇|income_pc=10|income_pc_prev=", g);
	sc_row(&s, "id=%s|household_id=H8|relation=户主|township=城关镇|income_pc=|income_pc_prev=10000", h);
	sc_row(&s, "id=%s|household_id=H9|relation=户主|township=城关镇|income_pc=100|monitor_type=边缘易致贫户"
	       "|risk_cleared=是", k);
	sc_eval(&s);
	YES(&s, "YJ06", a, "城关镇");
	NO(&s, "YJ06", b);
	NO(&s, "YJ06", c);                     /* under monitoring */
	YES(&s, "YJ06", k, NULL);              /* risk cleared: not under monitoring */
	NO(&s, "YJ06", h);                     /* unknown income */
	NO(&s, "YJ07", d);                     /* exactly 20 % */
	YES(&s, "YJ07", e, "城关镇");
	NO(&s, "YJ07", f);
	NO(&s, "YJ07", g);
	NO(&s, "YJ07", h);
	const finding *x = fnd(&s, "YJ06", a);
	if (x) {
		CHECK_STR(x->sys_value, "7799.99");
		CHECK_STR(x->household_id, "H1");
	}
	sc_free(&s);

	sc_init(&s, "2024-06", 780000);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name household_id income_pc");
	sc_row(&s, "id=%s|household_id=H1|income_pc=1", a);
	sc_eval(&s);
	NOT_EVALUATED(&s, "YJ06", "未执行：缺少字段 roster.monitor_type");
	NOT_EVALUATED(&s, "YJ07", "未执行：缺少字段 roster.income_pc_prev");
	NOT_EVALUATED(&s, "ZS01", "未执行：缺少来源 survey");
	NOT_EVALUATED(&s, "DQ13", "未执行：缺少来源 survey");
	sc_free(&s);
}

/* The largest amounts parse_money accepts (15 integer digits: up to
 * 999999999999999.995 -> 10^17 fen): YJ07's `income x 100 < prev x (100 -
 * drop)`, ZS02's `|roster - survey| x 100 > tol x survey` and YJ01's sum
 * must not overflow (expected results worked out by hand). */
TEST(amounts_at_the_extremes)
{
	static const char *MAX = "999999999999999.99";   /* 99999999999999999 fen */
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2), *c = adult(3), *d = adult(4), *e = adult(5);
	const char *f = adult(6), *g = adult(7);
	sc_row(&s, "id=%s|household_id=H1|income_pc=%s|income_pc_prev=%s", a, MAX, MAX);   /* no drop */
	sc_row(&s, "id=%s|household_id=H2|income_pc=799999999999999.99|income_pc_prev=%s", b, MAX);
	sc_row(&s, "id=%s|household_id=H3|income_pc=800000000000000|income_pc_prev=999999999999999.995", c);
	sc_row(&s, "id=%s|household_id=H4|income_pc=%s", d, MAX);
	sc_row(&s, "id=%s|household_id=H5|income_pc=0", e);
	sc_row(&s, "id=%s|household_id=H6|income_pc=%s", f, MAX);
	sc_row(&s, "id=%s|household_id=H7|income_pc=%s", g, MAX);
	sc_src(&s, KIND_SURVEY, "survey.csv", "household_id income_pc");
	sc_row(&s, "household_id=H4|income_pc=0.01");          /* 100 % apart */
	sc_row(&s, "household_id=H5|income_pc=%s", MAX);      /* 100 % apart */
	sc_row(&s, "household_id=H6|income_pc=%s", MAX);      /* equal */
	sc_row(&s, "household_id=H7|income_pc=899999999999999.99"); /* 11.1 % of survey */
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date oop");
	for (int i = 0; i < 100; i++)                          /* 100 x 10^15 yuan */
		sc_row(&s, "id=%s|date=2024-05-01|oop=%s", a, MAX);
	sc_row(&s, "id=%s|date=2024-05-01|oop=%s", b, MAX);
	sc_eval(&s);
	NO(&s, "YJ07", a);
	YES(&s, "YJ07", b, NULL);             /* 79999999999999999 x 100 < 99999999999999999 x 80 */
	NO(&s, "YJ07", c);                    /* exactly 20 % */
	YES(&s, "ZS02", d, NULL);
	YES(&s, "ZS02", e, NULL);
	NO(&s, "ZS02", f);
	YES(&s, "ZS02", g, NULL);             /* 10^16 x 100 > 10 x 89999999999999999 */
	YES(&s, "YJ01", a, NULL);             /* the sum is beyond int64: clamped, still over */
	YES(&s, "YJ01", b, NULL);
	const finding *x = fnd(&s, "YJ01", a);
	if (x)
		CHECK_STR(x->dept_value, "92233720368547758.07");
	x = fnd(&s, "ZS02", d);
	if (x) {
		CHECK_STR(x->sys_value, MAX);
		CHECK_STR(x->dept_value, "0.01");
	}
	sc_free(&s);

	/* income_drop_pct 0: any drop; income_tolerance_pct 100 */
	sc_init(&s, "2024-06", NO_LINE);
	s.rp.income_drop_pct = 0;
	s.rp.income_tolerance_pct = 100;
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	sc_row(&s, "id=%s|household_id=H1|income_pc=999999999999999.98|income_pc_prev=%s", a, MAX);
	sc_row(&s, "id=%s|household_id=H2|income_pc=%s|income_pc_prev=%s", b, MAX, MAX);
	sc_row(&s, "id=%s|household_id=H3|income_pc=0", c);
	sc_row(&s, "id=%s|household_id=H4|income_pc=%s", d, MAX);
	sc_src(&s, KIND_SURVEY, "survey.csv", "household_id income_pc");
	sc_row(&s, "household_id=H3|income_pc=%s", MAX);      /* exactly 100 % */
	sc_row(&s, "household_id=H4|income_pc=499999999999999.99"); /* just over 100 % */
	sc_eval(&s);
	YES(&s, "YJ07", a, NULL);
	NO(&s, "YJ07", b);
	NO(&s, "ZS02", c);
	YES(&s, "ZS02", d, NULL);
	sc_free(&s);
}

TEST(no_roster)
{
	sc s;
	sc_init(&s, "2024-06", 780000);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date oop");
	sc_row(&s, "id=%s|date=2024-06-01|oop=20000", adult(1));
	sc_eval(&s);
	EVALUATED(&s, "YJ01");
	YES(&s, "YJ01", adult(1), UNKNOWN_TOWNSHIP);
	NOT_EVALUATED(&s, "ZZ01", "未执行：缺少来源 roster");
	NOT_EVALUATED(&s, "DQ07", "未执行：缺少来源 roster");
	sc_free(&s);
}

/* ------------------------------- several sources of a kind; threads */

TEST(multi_source_order)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", ROSTER_F);
	const char *a = adult(1), *b = adult(2);
	sc_row(&s, "id=%s|name=张三|dibao=否", a);
	sc_row(&s, "id=%s|name=李四|dibao=否", b);
	sc_src_named(&s, KIND_DIBAO, "低保一", "a.csv", "id name status");
	sc_row(&s, "id=%s|name=张三|status=停保", a);
	sc_row(&s, "id=%s|name=李肆|status=停保", b);
	sc_src_named(&s, KIND_DIBAO, "低保二", "b.csv", "id name status");
	sc_row(&s, "id=%s|name=张叁|status=在保", a);
	sc_row(&s, "id=%s|name=李思|status=在保", b);
	sc_src(&s, KIND_MED_CLAIMS, "c1.csv", "id date oop");
	sc_row(&s, "id=%s|date=2024-06-01|oop=3000", a);
	sc_src(&s, KIND_MED_CLAIMS, "c2.csv", "id date oop");
	sc_row(&s, "id=%s|date=2024-06-02|oop=2000", a);
	sc_eval(&s);
	const finding *f = fnd(&s, "ZZ04", a);
	CHECK(f != NULL, "ZZ04 for a");
	if (f) {
		CHECK_STR(f->loc, "b.csv:2");
		CHECK_STR(f->source, "低保二");
	}
	f = fnd(&s, "ZZ12", a);
	if (f)
		CHECK_STR(f->loc, "b.csv:2");
	ONCE(&s, "ZZ12", b);
	f = fnd(&s, "ZZ12", b);
	if (f) {
		CHECK_STR(f->loc, "a.csv:3");
		CHECK_STR(f->dept_value, "李肆");
	}
	f = fnd(&s, "YJ01", a);
	CHECK(f != NULL, "YJ01 sums over two sources");
	if (f) {
		CHECK_STR(f->dept_value, "5000.00");
		CHECK_STR(f->loc, "c2.csv:2");
	}
	sc_free(&s);
}

#define NP 3000

typedef struct job {
	join *j;
	int kind;
	const char *file, *fields;
	feeder fd;
} job;

static void job_rows(job *jb)
{
	char line[256];
	for (int i = 0; i < NP; i++) {
		char idc[19];
		mkid_to(idc, "19800101", i % 997 + 1);
		switch (jb->kind) {
		case KIND_DIBAO:
			if (i % 3 == 0)
				continue;
			snprintf(line, sizeof line, "id=%s|name=%s|status=%s|start_date=2024-06-%02d|township=乡%d",
			         idc, i % 7 ? "甲" : "乙", i % 5 ? "在保" : "停保", i % 28 + 1, i % 4);
			break;
		case KIND_MED_CLAIMS:
			snprintf(line, sizeof line, "id=%s|name=甲|date=2024-0%d-01|oop=%d", idc, i % 6 + 1, i * 7 % 9000);
			break;
		default:
			snprintf(line, sizeof line, "id=%s|name=丙|status=%s|year=2024|township=乡%d", idc,
			         i % 2 ? "参保" : "停保", i % 3);
			break;
		}
		feeder_row(&jb->fd, line);
	}
}

static void *job_thread(void *arg)
{
	job *jb = arg;
	job_rows(jb);
	return NULL;
}

/* The departments' own thread in mode 2: begin, rows, end. */
static void *job_thread_full(void *arg)
{
	job *jb = arg;
	feeder_begin(&jb->fd);
	job_rows(jb);
	feeder_close(&jb->fd);
	return NULL;
}

static void roster_rows(feeder *r)
{
	char line[256];
	for (int i = 0; i < 997; i += 2) {
		char idc[19];
		mkid_to(idc, "19800101", i + 1);
		snprintf(line, sizeof line, "id=%s|name=甲|township=乡%d|dibao=%s|med_insured=%s|household_id=H%d",
		         idc, i % 5, i % 4 ? "否" : "是", i % 3 ? "是" : "否", i / 6);
		feeder_row(r, line);
	}
}

typedef struct rjob {
	feeder *r;
	const rec_sink *any;
} rjob;

static void *roster_thread(void *arg)
{
	rjob *rj = arg;
	feeder_begin(rj->r);
	roster_rows(rj->r);
	feeder_close(rj->r);
	join_roster_fed(rj->any);
	return NULL;
}

/* Household and survey rows (after the roster); every 25th survey row is
 * for a household not on the roster (DQ13). */
static void hs_rows(feeder *h, feeder *sv)
{
	char line[256];
	for (int i = 0; i < 170; i += 3) {
		snprintf(line, sizeof line, "household_id=H%d|township=乡%d|monitor_type=%s|income_pc=%d", i,
		         i % 7, i % 2 ? "" : "边缘易致贫户", 3000 + i * 40);
		feeder_row(h, line);
	}
	for (int i = 0; i < 180; i += 2) {
		snprintf(line, sizeof line, "household_id=H%d|household_size=%d|income_pc=%d|date=2024-05-%02d",
		         i % 50 == 48 ? 9000 + i : i, i % 4 + 1, 2000 + i * 37, i % 28 + 1);
		feeder_row(sv, line);
	}
}

#define HOUSEHOLD_F "household_id township monitor_type income_pc"
#define SURVEY_F "household_id household_size income_pc date"

/* Build the same county several ways and render every finding to one
 * string.  mode 0: every source serially (roster, household, survey, the
 * departments); 1: the departments on concurrent threads after the roster;
 * 2: one department complete before the roster begins, two on threads
 * concurrently with the roster, household and survey on threads once the
 * roster is fed (join.h's phases). */
static char *run_county(int mode)
{
	int y = 2024, m = 6;
	join_params p = { .ref_days = date_month_end(y, m), .year = y, .month = m };
	rule_params rp = { .income_line_fen = 800000, .oop_threshold_fen = 2000000,
	                   .oop_threshold_roster_fen = 500000, .income_drop_pct = 20,
	                   .income_tolerance_pct = 10 };
	join *j = join_new(&p);
	feeder r, h, sv;
	feeder_init(&r, j, KIND_ROSTER, NULL, "roster.csv", ROSTER_F, p.ref_days);
	feeder_init(&h, j, KIND_HOUSEHOLD, NULL, "household.csv", HOUSEHOLD_F, p.ref_days);
	job jobs[3] = {
		{ .j = j, .kind = KIND_DIBAO, .file = "d.csv", .fields = "id name status start_date township" },
		{ .j = j, .kind = KIND_MED_CLAIMS, .file = "c.csv", .fields = "id name date oop" },
		{ .j = j, .kind = KIND_MED_ENROLL, .file = "e.csv", .fields = "id name status year township" },
	};
	for (int i = 0; i < 3; i++)
		feeder_init(&jobs[i].fd, j, jobs[i].kind, NULL, jobs[i].file, jobs[i].fields, p.ref_days);
	feeder_init(&sv, j, KIND_SURVEY, NULL, "survey.csv", SURVEY_F, p.ref_days);
	if (mode < 2) {
		feeder_begin(&r);
		roster_rows(&r);
		feeder_close(&r);
		feeder_begin(&h);
		feeder_begin(&sv);
		hs_rows(&h, &sv);
		feeder_close(&h);
		feeder_close(&sv);
		for (int i = 0; i < 3; i++)
			feeder_begin(&jobs[i].fd);
		if (mode == 1) {
			pthread_t th[3];
			for (int i = 0; i < 3; i++)
				pthread_create(&th[i], NULL, job_thread, &jobs[i]);
			for (int i = 0; i < 3; i++)
				pthread_join(th[i], NULL);
		} else {
			for (int i = 0; i < 3; i++)
				job_rows(&jobs[i]);
		}
		for (int i = 0; i < 3; i++)
			feeder_close(&jobs[i].fd);
	} else {
		job_thread_full(&jobs[0]);          /* ends before the roster is fed */
		rjob rj = { &r, &r.sink };
		pthread_t rt, th[2];
		pthread_create(&rt, NULL, roster_thread, &rj);
		for (int i = 0; i < 2; i++)
			pthread_create(&th[i], NULL, job_thread_full, &jobs[i + 1]);
		pthread_join(rt, NULL);
		feeder_begin(&h);
		feeder_begin(&sv);
		hs_rows(&h, &sv);
		feeder_close(&h);
		feeder_close(&sv);
		for (int i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
	}
	findings mis, warn, chk;
	findings_init(&mis);
	findings_init(&warn);
	findings_init(&chk);
	rule_status st[64];
	dzerr err;
	join_eval(j, &rp, &mis, &warn, &chk, st, &err);
	findings_sort(&mis);
	findings_sort(&warn);
	strbuf out;
	sb_init(&out);
	const findings *fs[2] = { &mis, &warn };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < fs[k]->items.n; i++) {
			const finding *f = &fs[k]->items.v[i];
			sb_addf(&out, "%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n", rules[f->rule].code, f->township,
			        f->village, f->household_id, f->name, f->id, f->sys_value, f->dept_value,
			        f->source, f->loc, f->note);
		}
	findings_release(&mis);
	findings_release(&warn);
	findings_release(&chk);
	join_free(j);
	return sb_detach(&out);
}

TEST(threads_deterministic)
{
	char *a = run_county(0);
	char *b = run_county(1);
	char *c = run_county(1);
	CHECK(strlen(a) > 1000, "the county produced findings (%zu bytes)", strlen(a));
	CHECK(!strcmp(a, b), "threaded run differs from the serial run");
	CHECK(!strcmp(b, c), "two threaded runs differ");
	const char *codes[] = { "ZZ12|", "ZS01|", "ZS02|", "YJ06|", "ZZ04|", "YJ01|" };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		CHECK(strstr(a, codes[i]) != NULL, "the county has %s findings", codes[i]);
	for (int k = 0; k < 4; k++) {
		char *d = run_county(2);
		CHECK(!strcmp(a, d), "roster fed concurrently with departments differs from the serial run");
		free(d);
	}
	free(a);
	free(b);
	free(c);
}

/* ------------------------------------------------------ docs/rules.md */

static char *read_doc(void)
{
	const char *top = getenv("TOP");
	char path[4096];
	const char *tries[] = { "docs/rules.md", "../docs/rules.md", "../../docs/rules.md" };
	if (top) {
		snprintf(path, sizeof path, "%s/docs/rules.md", top);
		FILE *fp = fopen(path, "rb");
		if (fp)
			fclose(fp);
		else
			top = NULL;
	}
	for (size_t i = 0; i < 4; i++) {
		if (i == 0 && !top)
			continue;
		const char *p = i == 0 ? path : tries[i - 1];
		FILE *fp = fopen(p, "rb");
		if (!fp)
			continue;
		strbuf sb;
		sb_init(&sb);
		char buf[8192];
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
			sb_add(&sb, buf, n);
		fclose(fp);
		return sb_detach(&sb);
	}
	return NULL;
}

TEST(docs_match_table)
{
	char *doc = read_doc();
	CHECK(doc != NULL, "docs/rules.md not found (set TOP)");
	if (!doc)
		return;
	for (size_t r = 0; r < nrules; r++) {
		char want[512];
		snprintf(want, sizeof want, "| %s | %s |", rules[r].code, rules[r].name);
		CHECK(strstr(doc, want) != NULL, "docs/rules.md lacks the row '%s'", want);
	}
	static const char *fams[] = { "ZZ", "ZS", "YJ", "LJ", "DQ" };
	for (const char *p = doc; *p; p++) {
		for (int k = 0; k < 5; k++) {
			if (strncmp(p, fams[k], 2) || !(p[2] >= '0' && p[2] <= '9') || !(p[3] >= '0' && p[3] <= '9'))
				continue;
			if (p > doc && ((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= '0' && p[-1] <= '9')))
				continue;
			char code[5] = { p[0], p[1], p[2], p[3], 0 };
			CHECK(rule_index(code) >= 0, "docs/rules.md mentions %s, which is not in the table", code);
		}
	}
	free(doc);
}

int main(void)
{
	RUN(table_matches_spec);
	RUN(zz01_zz02_med_enroll);
	RUN(zz01_not_evaluated);
	RUN(zz03_zz06_dibao_tekun);
	RUN(zz07_zz15_death);
	RUN(zz08_zz09_school);
	RUN(yj04_school_age);
	RUN(zz10_zz11_yj05_employment);
	RUN(zz12_names);
	RUN(household_head_and_zz14);
	RUN(household_source_overrides);
	RUN(zz13_yj08_water);
	RUN(zs_survey);
	RUN(yj01_medical);
	RUN(yj02_yj03_new_support);
	RUN(routing_order);
	RUN(income_yj06_yj07);
	RUN(amounts_at_the_extremes);
	RUN(no_roster);
	RUN(multi_source_order);
	RUN(threads_deterministic);
	RUN(docs_match_table);
	return check_done();
}
