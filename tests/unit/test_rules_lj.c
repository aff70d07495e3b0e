/*
 * test_rules_lj.c - the LJ rules (逻辑校验, SPEC §5: the roster against
 * itself) on hand-built roster members: every rule's positives and its
 * near misses at each boundary (ages 15/16 and 59/60 at R, school ages
 * 5/6/7/14/15, months 5/6, phones at 10/11/12 digits, landlines,
 * households without a 户主 and with two), the texts of 系统值 and 说明,
 * the not-evaluated reasons, and [run] checks.
 *
 * The period is 2024-06: R = 2024-06-30, the school-age day S =
 * 2023-09-01.  Expected findings are worked out by hand from the SPEC.
 * IDs come from mkid(birth, seq): an odd seq is a man (17th digit).
 */
#include "rules_harness.h"

#define LJ_F ROSTER_F " sex id_type phone cleared_date not_in_school_reason health_status " \
	"labor_skill monitor_date"

static void lj_open(sc *s, int64_t line)
{
	sc_init(s, "2024-06", line);
	sc_src(s, KIND_ROSTER, "roster.csv", LJ_F);
}

static const char *sys_of(const sc *s, const char *code, const char *id)
{
	const finding *f = fnd(s, code, id);
	return f ? f->sys_value : "(none)";
}

static const char *note_of(const sc *s, const char *code, const char *id)
{
	const finding *f = fnd(s, code, id);
	return f ? f->note : "(none)";
}

#define SYS(s, code, id, want) CHECK_STR(sys_of(s, code, id), want)
#define NOTE(s, code, id, want) CHECK_STR(note_of(s, code, id), want)

TEST(lj01_sex)
{
	sc s;
	lj_open(&s, NO_LINE);
	const char *m1 = mkid("19800101", 11), *f1 = mkid("19800101", 12);
	const char *m2 = mkid("19800101", 13), *f2 = mkid("19800101", 14);
	const char *m3 = mkid("19800101", 15), *m4 = mkid("19800101", 17), *f3 = mkid("19800101", 16);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|sex=2", m1);   /* man as 女 */
	sc_row(&s, "id=%s|household_id=H2|relation=户主|sex=1", f1);   /* woman as 男 */
	sc_row(&s, "id=%s|household_id=H3|relation=户主|sex=男", m2);
	sc_row(&s, "id=%s|household_id=H4|relation=户主|sex=女", f2);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|sex=", m3);    /* unknown */
	sc_row(&s, "id=%s|household_id=H6|relation=户主|sex=未知", m4); /* DQ10: unknown */
	sc_row(&s, "id=%s|household_id=H7|relation=户主|sex=女", f3);
	sc_eval(&s);
	EVALUATED(&s, "LJ01");
	YES(&s, "LJ01", m1, NULL);
	YES(&s, "LJ01", f1, NULL);
	SYS(&s, "LJ01", m1, "性别：女；证件号码：男");
	SYS(&s, "LJ01", f1, "性别：男；证件号码：女");
	NO(&s, "LJ01", m2);
	NO(&s, "LJ01", f2);
	NO(&s, "LJ01", m3);
	NO(&s, "LJ01", m4);
	NO(&s, "LJ01", f3);
	CHECK_INT(nfind(&s, "LJ01", NULL), 2);
	const finding *x = fnd(&s, "LJ01", m1);
	if (x) {
		CHECK_STR(x->dept_value, "");
		CHECK_STR(x->source, "roster");
		CHECK_STR(x->loc, "");
		CHECK_STR(x->household_id, "H1");
	}
	sc_free(&s);
}

TEST(lj02_lj03_heads)
{
	sc s;
	lj_open(&s, NO_LINE);
	const char *a1 = mkid("19700101", 1), *a2 = mkid("19720101", 3);   /* H1: two men */
	const char *b1 = mkid("19700101", 5), *b2 = mkid("19720101", 2);   /* H2: man, woman */
	const char *c1 = mkid("19700101", 7), *c2 = mkid("19950101", 9);   /* H3: no 户主 */
	const char *d1 = mkid("19700101", 4), *d2 = mkid("19710101", 6), *d3 = mkid("19720101", 11);
	const char *e1 = mkid("19700101", 13), *e2 = mkid("19690101", 15), *e3 = mkid("19990101", 8);
	const char *g1 = mkid("19700101", 17), *g2 = mkid("19700101", 19);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|village=东关村", a1);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶|sex=2", a2);        /* by IDs, not the sex field */
	sc_row(&s, "id=%s|household_id=H2|relation=户主", b1);
	sc_row(&s, "id=%s|household_id=H2|relation=配偶", b2);
	sc_row(&s, "id=%s|household_id=H3|relation=配偶", c1);
	sc_row(&s, "id=%s|household_id=H3|relation=之子", c2);
	sc_row(&s, "id=%s|household_id=H4|relation=户主", d1);              /* a woman */
	sc_row(&s, "id=%s|household_id=H4|relation=配偶", d2);              /* a woman: same */
	sc_row(&s, "id=%s|household_id=H4|relation=配偶", d3);              /* a man */
	sc_row(&s, "id=%s|household_id=H5|relation=户主", e1);              /* two 户主 */
	sc_row(&s, "id=%s|household_id=H5|relation=户主", e2);              /* smaller ID: the head */
	sc_row(&s, "id=%s|household_id=H5|relation=之女", e3);
	sc_row(&s, "id=%s|household_id=|relation=户主", g1);                /* own household, 户主 */
	sc_row(&s, "id=%s|household_id=|relation=之子", g2);                /* own household, no 户主 */
	sc_eval(&s);
	EVALUATED(&s, "LJ02");
	EVALUATED(&s, "LJ03");
	YES(&s, "LJ02", a1, "城关镇");
	SYS(&s, "LJ02", a1, "户主：男；配偶：男");
	char want[256];
	snprintf(want, sizeof want, "配偶：（%s）", a2);
	NOTE(&s, "LJ02", a1, want);
	NO(&s, "LJ02", b1);
	NO(&s, "LJ02", c1);            /* no 户主: nothing to compare */
	NO(&s, "LJ02", c2);
	YES(&s, "LJ02", d1, NULL);
	ONCE(&s, "LJ02", d1);
	snprintf(want, sizeof want, "配偶：（%s）", d2);
	NOTE(&s, "LJ02", d1, want);
	CHECK_INT(nfind(&s, "LJ02", NULL), 2);

	YES(&s, "LJ03", c1, NULL);     /* reported on the head: the smallest ID */
	SYS(&s, "LJ03", c1, "户主人数：0");
	NOTE(&s, "LJ03", c1, "");
	YES(&s, "LJ03", e2, NULL);     /* two 户主: the smaller ID is the head */
	SYS(&s, "LJ03", e2, "户主人数：2");
	snprintf(want, sizeof want, "户主：（%s）、（%s）", e2, e1);
	NOTE(&s, "LJ03", e2, want);
	NO(&s, "LJ03", a1);
	NO(&s, "LJ03", g1);
	YES(&s, "LJ03", g2, NULL);     /* a member without 户编号 is a household of its own */
	CHECK_INT(nfind(&s, "LJ03", NULL), 3);
	const finding *x = fnd(&s, "LJ03", g2);
	if (x)
		CHECK_STR(x->household_id, "");
	sc_free(&s);
}

TEST(lj04_lj05_lj06_labour)
{
	sc s;
	lj_open(&s, NO_LINE);
	/* R = 2024-06-30: born 2008-06-30 is 16, 2008-07-01 is 15; 1964-07-01
	 * is 59, 1964-06-30 is 60 */
	const char *k15a = mkid("20080701", 1), *k15b = mkid("20080701", 3), *k15c = mkid("20080701", 5);
	const char *k16 = mkid("20080630", 7), *k15d = mkid("20080701", 9), *k15e = mkid("20080701", 11);
	const char *k15f = mkid("20080701", 13), *k15g = mkid("20080701", 15);
	int h = 0;
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=普通劳动力", k15a, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=技能劳动力", k15b, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=弱劳动力或半劳动力", k15c, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=普通劳动力", k16, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=无劳动力", k15d, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=丧失劳动力", k15e, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=", k15f, h++);
	sc_row(&s, "id=%s|household_id=A%d|labor_skill=劳力", k15g, h++);          /* DQ10 */
	/* LJ05 */
	const char *s1 = mkid("20100101", 17), *s2 = mkid("20030101", 19), *s3 = mkid("20190101", 21);
	const char *s4 = mkid("20070101", 23), *s5 = mkid("19900101", 25), *s6 = mkid("19900101", 27);
	const char *s7 = mkid("20100101", 29), *s8 = mkid("20070101", 31);
	sc_row(&s, "id=%s|household_id=B%d|school_status=八年级|labor_skill=普通劳动力", s1, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=大专|labor_skill=技能劳动力", s2, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=学前教育|labor_skill=丧失劳动力", s3, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=高中|labor_skill=无劳动力", s4, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=非在校生|labor_skill=普通劳动力", s5, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=|labor_skill=普通劳动力", s6, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=八年级|labor_skill=", s7, h++);
	sc_row(&s, "id=%s|household_id=B%d|school_status=高二|labor_skill=普通劳动力", s8, h++); /* DQ10 */
	/* LJ06 */
	const char *w16 = mkid("20080630", 33), *w15 = mkid("20080701", 35), *w59 = mkid("19640701", 37);
	const char *w60 = mkid("19640630", 39), *w1 = mkid("19800101", 41), *w2 = mkid("19800101", 43);
	const char *w3 = mkid("19800101", 45), *w4 = mkid("19800101", 47), *w5 = mkid("19800101", 49);
	const char *w6 = mkid("19800101", 51), *w7 = mkid("19800101", 53);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=非在校生|labor_skill=无劳动力", w16, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=非在校生|labor_skill=无劳动力", w15, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=|labor_skill=丧失劳动力", w59, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=|labor_skill=丧失劳动力", w60, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=|labor_skill=弱劳动力或半劳动力", w1, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康、残疾|school_status=|labor_skill=无劳动力", w2, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=|school_status=|labor_skill=无劳动力", w3, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=本科|labor_skill=无劳动力", w4, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=高二|labor_skill=无劳动力", w5, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=健康|school_status=|labor_skill=普通劳动力", w6, h++);
	sc_row(&s, "id=%s|household_id=C%d|health_status=良好|school_status=|labor_skill=无劳动力", w7, h++);
	sc_eval(&s);
	YES(&s, "LJ04", k15a, NULL);
	YES(&s, "LJ04", k15b, NULL);
	YES(&s, "LJ04", k15c, NULL);
	SYS(&s, "LJ04", k15a, "年龄：15 岁；劳动技能：普通劳动力");
	SYS(&s, "LJ04", k15c, "年龄：15 岁；劳动技能：弱劳动力或半劳动力");
	NO(&s, "LJ04", k16);
	NO(&s, "LJ04", k15d);
	NO(&s, "LJ04", k15e);
	NO(&s, "LJ04", k15f);
	NO(&s, "LJ04", k15g);
	YES(&s, "LJ04", s1, NULL);      /* 14, 普通劳动力: LJ05 too */
	CHECK_INT(nfind(&s, "LJ04", NULL), 4);

	YES(&s, "LJ05", s1, NULL);
	SYS(&s, "LJ05", s1, "在校生状况：八年级；劳动技能：普通劳动力");
	YES(&s, "LJ05", s2, NULL);
	YES(&s, "LJ05", s3, NULL);
	NO(&s, "LJ05", s4);
	NO(&s, "LJ05", s5);
	NO(&s, "LJ05", s6);
	NO(&s, "LJ05", s7);
	NO(&s, "LJ05", s8);
	NO(&s, "LJ05", k15a);           /* school_status empty: not in school */
	CHECK_INT(nfind(&s, "LJ05", NULL), 3);

	YES(&s, "LJ06", w16, NULL);
	SYS(&s, "LJ06", w16, "年龄：16 岁；健康状况：健康；在校生状况：非在校生；劳动技能：无劳动力");
	NO(&s, "LJ06", w15);
	YES(&s, "LJ06", w59, NULL);
	SYS(&s, "LJ06", w59, "年龄：59 岁；健康状况：健康；在校生状况：（空）；劳动技能：丧失劳动力");
	NO(&s, "LJ06", w60);
	YES(&s, "LJ06", w1, NULL);
	NO(&s, "LJ06", w2);
	NO(&s, "LJ06", w3);
	NO(&s, "LJ06", w4);
	NO(&s, "LJ06", w5);
	NO(&s, "LJ06", w6);
	NO(&s, "LJ06", w7);
	CHECK_INT(nfind(&s, "LJ06", NULL), 3);
	sc_free(&s);
}

TEST(lj07_lj08_school_age)
{
	sc s;
	lj_open(&s, NO_LINE);
	/* S = 2023-09-01: born 2016-09-01 is 7, 2016-09-02 is 6 */
	static const struct { const char *birth, *status; bool fires; } c[] = {
		{ "20160901", "学龄前儿童", true }, { "20160902", "学龄前儿童", false },
		{ "20160902", "学前教育", false },
		{ "20180902", "小学", true },  { "20180901", "小学", false },     /* 4 / 5 */
		{ "20090901", "小学", false }, { "20080901", "六年级", true },    /* 14 / 15 */
		{ "20120902", "初中", true },  { "20120901", "七年级", false },   /* 10 / 11 */
		{ "20060901", "九年级", false }, { "20050901", "八年级", true },  /* 17 / 18 */
		{ "20090902", "高中", true },  { "20090901", "中职一年级", false }, /* 13 / 14 */
		{ "20020901", "技校", false }, { "20010901", "高中三年级", true }, /* 21 / 22 */
		{ "20070902", "大专", true },  { "20070901", "本科", false },      /* 15 / 16 */
		{ "19900101", "非在校生", false }, { "20200101", "高二", false },  /* DQ10 */
		{ "20231001", "小学", true },                                        /* born after S */
	};
	const char *ids[32];
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		ids[i] = mkid(c[i].birth, (int)(2 * i + 1));
		sc_row(&s, "id=%s|household_id=S%zu|school_status=%s|not_in_school_reason=x", ids[i], i,
		       c[i].status);
	}
	/* LJ08: school age 6-15, school_status empty or 非在校生, no reason */
	static const struct { const char *birth, *status, *reason; bool fires; } e[] = {
		{ "20170901", "", "", true }, { "20170902", "", "", false },          /* 6 / 5 */
		{ "20080901", "非在校生", "", true }, { "20070901", "非在校生", "", false }, /* 15 / 16 */
		{ "20120101", "", "因病", false }, { "20120101", "小学", "", false },
		{ "20120101", "高二", "", false },
	};
	const char *eids[16];
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
		eids[i] = mkid(e[i].birth, (int)(2 * i + 101));
		sc_row(&s, "id=%s|household_id=E%zu|school_status=%s|not_in_school_reason=%s", eids[i], i,
		       e[i].status, e[i].reason);
	}
	sc_eval(&s);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		CHECK(!!fnd(&s, "LJ07", ids[i]) == c[i].fires, "LJ07 %s born %s: %s", c[i].status, c[i].birth,
		      c[i].fires ? "missing" : "unexpected");
	SYS(&s, "LJ07", ids[0], "在校生状况：学龄前儿童；年龄：7 岁（2023-09-01）");
	SYS(&s, "LJ07", ids[6], "在校生状况：六年级；年龄：15 岁（2023-09-01）");
	SYS(&s, "LJ07", ids[19], "在校生状况：小学；年龄：2023-09-01 时尚未出生");
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		CHECK(!!fnd(&s, "LJ08", eids[i]) == e[i].fires, "LJ08 case %zu: %s", i,
		      e[i].fires ? "missing" : "unexpected");
	SYS(&s, "LJ08", eids[0], "年龄：6 岁（2023-09-01）；在校生状况：（空）；义务教育阶段未上学原因：（空）");
	SYS(&s, "LJ08", eids[2], "年龄：15 岁（2023-09-01）；在校生状况：非在校生；义务教育阶段未上学原因：（空）");
	sc_free(&s);
}

TEST(lj09_to_lj12_and_lj16)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", LJ_F);
	static const struct { const char *med, *staff; int lj; } m[] = {
		{ "否", "否", 9 }, { "N", "0", 9 }, { "是", "是", 10 }, { "Y", "√", 10 },
		{ "是", "否", 0 }, { "否", "是", 0 }, { "否", "", 0 }, { "", "", 0 }, { "有", "否", 0 },
	};
	const char *mid[16];
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		mid[i] = adult((int)(2 * i + 1));
		sc_row(&s, "id=%s|household_id=M%zu|med_insured=%s|med_insured_staff=%s", mid[i], i, m[i].med,
		       m[i].staff);
	}
	/* LJ11 / LJ12: health, id_type, the ID cell as a 残疾人证号 (20/22 chars) */
	static const struct { const char *health, *idtype; int cert; int lj; } d[] = {
		{ "残疾", "居民身份证", 0, 11 }, { "长期慢性病、残疾", "居民身份证", 0, 11 },
		{ "残疾", "残疾人证", 0, 0 }, { "残疾", "", 0, 0 }, { "残疾", "居民身份证", 2, 0 },
		{ "健康", "居民身份证", 0, 0 },
		{ "健康", "残疾人证", 0, 12 }, { "长期慢性病", "", 2, 12 }, { "健康", "居民身份证", 4, 12 },
		{ "残疾", "残疾人证", 4, 0 }, { "", "残疾人证", 0, 0 }, { "良好", "残疾人证", 0, 0 },
	};
	const char *did[16];
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		did[i] = adult((int)(2 * i + 101));
		sc_row(&s, "id=%s%s|household_id=D%zu|health_status=%s|id_type=%s", did[i],
		       d[i].cert == 2 ? "12" : d[i].cert == 4 ? "1234" : "", i, d[i].health, d[i].idtype);
	}
	/* LJ16 */
	static const struct { const char *tekun, *work; bool fires; } t[] = {
		{ "是", "省外务工", true }, { "是", "乡（镇）内务工", true }, { "是", "未务工", false },
		{ "否", "务工", false }, { "是", "外出务工", false }, { "", "务工", false },
	};
	const char *tid[8];
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		tid[i] = adult((int)(2 * i + 201));
		sc_row(&s, "id=%s|household_id=T%zu|tekun=%s|work_status=%s", tid[i], i, t[i].tekun, t[i].work);
	}
	sc_eval(&s);
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
		CHECK(!!fnd(&s, "LJ09", mid[i]) == (m[i].lj == 9), "LJ09 %s/%s", m[i].med, m[i].staff);
		CHECK(!!fnd(&s, "LJ10", mid[i]) == (m[i].lj == 10), "LJ10 %s/%s", m[i].med, m[i].staff);
	}
	SYS(&s, "LJ09", mid[1], "城乡居民医保：否；职工医保：否");
	SYS(&s, "LJ10", mid[3], "城乡居民医保：是；职工医保：是");
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		CHECK(!!fnd(&s, "LJ11", did[i]) == (d[i].lj == 11), "LJ11 case %zu", i);
		CHECK(!!fnd(&s, "LJ12", did[i]) == (d[i].lj == 12), "LJ12 case %zu", i);
	}
	SYS(&s, "LJ11", did[1], "健康状况：长期慢性病、残疾；证件类型：居民身份证");
	SYS(&s, "LJ12", did[6], "证件类型：残疾人证；健康状况：健康");
	SYS(&s, "LJ12", did[7], "证件号码：残疾人证号；健康状况：长期慢性病");
	SYS(&s, "LJ12", did[8], "证件号码：残疾人证号；健康状况：健康");
	const finding *x = fnd(&s, "LJ12", did[8]);
	if (x)
		CHECK_STR(x->id, did[8]);     /* reported with the 18-character ID */
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		CHECK(!!fnd(&s, "LJ16", tid[i]) == t[i].fires, "LJ16 %s/%s", t[i].tekun, t[i].work);
	SYS(&s, "LJ16", tid[1], "特困供养：是；务工状况：乡（镇）内务工");
	sc_free(&s);
}

TEST(lj13_to_lj15_households)
{
	sc s;
	lj_open(&s, 780000);
	static const struct { const char *risk, *mdate, *cdate; bool fires; const char *note; } c[] = {
		{ "是", "202401", "202406", true, "相隔 5 个月，不足 6 个月" },
		{ "是", "202401", "202407", false, NULL },
		{ "是", "2024-01-31", "2024-07-01", false, NULL },      /* 6 by months, 5 by days */
		{ "是", "2024-01-01", "2024-06-30", true, "相隔 5 个月，不足 6 个月" },
		{ "是", "2023-12-15", "2024年1月3日", true, "相隔 1 个月，不足 6 个月" },
		{ "是", "202406", "202401", true, "风险消除时间早于识别监测时间" },
		{ "是", "202401", "202401", true, "相隔 0 个月，不足 6 个月" },
		{ "否", "202401", "202402", false, NULL },
		{ "", "202401", "202402", false, NULL },
		{ "是", "202401", "", false, NULL },
		{ "是", "", "202402", false, NULL },
		{ "是", "202401", "2024年13月", false, NULL },            /* DQ11 */
	};
	const char *cid[16];
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		cid[i] = adult((int)(2 * i + 1));
		sc_row(&s, "id=%s|household_id=H%zu|relation=户主|monitor_type=脱贫不稳定户|risk_cleared=%s|"
		       "monitor_date=%s|cleared_date=%s", cid[i], i, c[i].risk, c[i].mdate, c[i].cdate);
	}
	/* LJ14 */
	static const struct { const char *risk, *danger, *water; const char *sys; } w[] = {
		{ "是", "是", "是", "风险已消除：是；危房户：是" },
		{ "是", "否", "否", "风险已消除：是；饮水安全：否" },
		{ "是", "是", "否", "风险已消除：是；危房户：是；饮水安全：否" },
		{ "否", "是", "否", NULL }, { "是", "否", "是", NULL }, { "是", "", "", NULL },
		{ "", "是", "否", NULL },
	};
	const char *wid[8];
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		wid[i] = adult((int)(2 * i + 101));
		sc_row(&s, "id=%s|household_id=W%zu|risk_cleared=%s|dangerous_house=%s|water_safe=%s", wid[i], i,
		       w[i].risk, w[i].danger, w[i].water);
	}
	/* LJ15: L = 7800 */
	static const struct { const char *mtype, *risk, *income; bool fires; } l[] = {
		{ "边缘易致贫户", "是", "7799.99", true }, { "突发严重困难户", "是", "0", true },
		{ "边缘易致贫户", "是", "7800.00", false }, { "", "是", "5000", false },
		{ "边缘易致贫户", "否", "5000", false }, { "边缘易致贫户", "是", "", false },
		{ "监测户", "是", "5000", false },                       /* DQ10 type */
		{ "边缘易致贫户", "", "5000", false },
	};
	const char *lid[8];
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++) {
		lid[i] = adult((int)(2 * i + 201));
		sc_row(&s, "id=%s|household_id=L%zu|monitor_type=%s|risk_cleared=%s|income_pc=%s", lid[i], i,
		       l[i].mtype, l[i].risk, l[i].income);
	}
	sc_eval(&s);
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		CHECK(!!fnd(&s, "LJ13", cid[i]) == c[i].fires, "LJ13 case %zu", i);
		if (c[i].fires)
			NOTE(&s, "LJ13", cid[i], c[i].note);
	}
	SYS(&s, "LJ13", cid[0], "识别监测时间：2024-01；风险消除时间：2024-06");
	SYS(&s, "LJ13", cid[4], "识别监测时间：2023-12；风险消除时间：2024-01");
	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		CHECK(!!fnd(&s, "LJ14", wid[i]) == (w[i].sys != NULL), "LJ14 case %zu", i);
		if (w[i].sys)
			SYS(&s, "LJ14", wid[i], w[i].sys);
	}
	for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
		CHECK(!!fnd(&s, "LJ15", lid[i]) == l[i].fires, "LJ15 case %zu", i);
	SYS(&s, "LJ15", lid[0], "监测对象类别：边缘易致贫户；风险已消除：是；人均纯收入：7799.99");
	NOTE(&s, "LJ15", lid[0], "监测线 7800.00 元");
	sc_free(&s);

	/* min_clear_months = 3; no income line: LJ15 not evaluated */
	lj_open(&s, NO_LINE);
	s.rp.min_clear_months = 3;
	const char *a = adult(1), *b = adult(3);
	sc_row(&s, "id=%s|household_id=H1|risk_cleared=是|monitor_date=202401|cleared_date=202404", a);
	sc_row(&s, "id=%s|household_id=H2|risk_cleared=是|monitor_date=202401|cleared_date=202403", b);
	sc_eval(&s);
	NO(&s, "LJ13", a);
	YES(&s, "LJ13", b, NULL);
	NOTE(&s, "LJ13", b, "相隔 2 个月，不足 3 个月");
	NOT_EVALUATED(&s, "LJ15", "未执行：未配置 income_line.2024");
	sc_free(&s);
}

/* Household-level values come from the household source, column by column
 * (cleared_date too). */
TEST(lj13_household_source)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id household_id relation risk_cleared monitor_date");
	const char *a = adult(1), *b = adult(3);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|risk_cleared=是|monitor_date=202401", a);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|risk_cleared=是|monitor_date=202401", b);
	sc_src(&s, KIND_HOUSEHOLD, "household.csv", "household_id cleared_date");
	sc_row(&s, "household_id=H1|cleared_date=2024-03-10");
	sc_row(&s, "household_id=H2|cleared_date=2024-09-10");
	sc_eval(&s);
	EVALUATED(&s, "LJ13");
	YES(&s, "LJ13", a, NULL);
	NO(&s, "LJ13", b);
	sc_free(&s);
}

TEST(lj17_lj18_phones)
{
	sc s;
	lj_open(&s, NO_LINE);
	static const struct { const char *phone; bool bad; } p[] = {
		{ "1381234567", true }, { "138123456789", true }, { "12812345678", true }, { "无", true },
		{ "0370-123456", true }, { "13812345678.00", true },
		{ "13900000001", false }, { "+86 139 0000 0002", false }, { "13900000003.0", false },
		{ "0370-1234001", false }, { "037012340002", false }, { "", false },
	};
	const char *pid[16];
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
		pid[i] = adult((int)(2 * i + 1));
		sc_row(&s, "id=%s|household_id=P%zu|relation=户主|phone=%s", pid[i], i, p[i].phone);
	}
	/* LJ18 */
	const char *a1 = adult(101), *a2 = adult(103), *b1 = adult(105), *c1 = adult(107);
	const char *c2 = adult(109), *d1 = adult(111), *e1 = adult(113), *f1 = adult(115);
	const char *g1 = adult(117), *h1 = adult(119), *i1 = adult(121), *i2 = adult(123);
	const char *j1 = adult(125), *k1 = adult(127);
	sc_row(&s, "id=%s|household_id=HA|relation=户主|phone=13812340001", a1);
	sc_row(&s, "id=%s|household_id=HA|relation=配偶|phone=13812340001", a2);    /* same household */
	sc_row(&s, "id=%s|household_id=HB|relation=户主|phone=+86 138 1234 0001", b1); /* = HA's */
	sc_row(&s, "id=%s|household_id=HC|relation=户主|phone=13812340002", c1);
	sc_row(&s, "id=%s|household_id=HC|relation=配偶|phone=13812340002", c2);    /* only HC */
	sc_row(&s, "id=%s|household_id=HD|relation=户主|phone=0370-7654321", d1);
	sc_row(&s, "id=%s|household_id=HE|relation=户主|phone=0370-7654321", e1);
	sc_row(&s, "id=%s|household_id=HF|relation=户主|phone=0370-7654321.0", f1);
	sc_row(&s, "id=%s|household_id=HG|relation=户主|phone=03707654321", g1);     /* no '-': another text */
	sc_row(&s, "id=%s|household_id=HH|relation=户主|phone=1381234000", h1);      /* invalid, shared */
	sc_row(&s, "id=%s|household_id=HI|relation=户主|phone=1381234000", i1);
	sc_row(&s, "id=%s|household_id=HI|relation=之子|phone=13812340001", i2);     /* HI shares HA's too */
	sc_row(&s, "id=%s|household_id=|relation=户主|phone=0370-7654321", j1);      /* no 户编号 */
	sc_row(&s, "id=%s|household_id=HK|relation=户主|phone=13812340002", k1);
	sc_eval(&s);
	for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
		CHECK(!!fnd(&s, "LJ17", pid[i]) == p[i].bad, "LJ17 '%s'", p[i].phone);
	SYS(&s, "LJ17", pid[0], "1381234567");
	SYS(&s, "LJ17", pid[4], "0370-123456");
	YES(&s, "LJ17", h1, NULL);
	YES(&s, "LJ17", i1, NULL);
	CHECK_INT(nfind(&s, "LJ17", NULL), 8);

	char want[512];
	YES(&s, "LJ18", a1, NULL);
	SYS(&s, "LJ18", a1, "13812340001");
	NOTE(&s, "LJ18", a1, "其他户：HB、HI");
	YES(&s, "LJ18", b1, NULL);
	NOTE(&s, "LJ18", b1, "其他户：HA、HI");
	YES(&s, "LJ18", c1, NULL);                    /* shares with HK */
	NOTE(&s, "LJ18", c1, "其他户：HK");
	YES(&s, "LJ18", k1, NULL);
	YES(&s, "LJ18", d1, NULL);
	SYS(&s, "LJ18", d1, "0370-7654321");
	snprintf(want, sizeof want, "其他户：HE、HF、户主%s", j1);
	NOTE(&s, "LJ18", d1, want);
	YES(&s, "LJ18", j1, NULL);
	NOTE(&s, "LJ18", j1, "其他户：HD、HE、HF");
	NO(&s, "LJ18", g1);
	NO(&s, "LJ18", h1);                           /* an invalid phone is not compared */
	YES(&s, "LJ18", i1, NULL);                    /* the head of HI; its member shares HA's */
	ONCE(&s, "LJ18", i1);
	NOTE(&s, "LJ18", i1, "其他户：HA、HB");
	CHECK_INT(nfind(&s, "LJ18", NULL), 9);        /* HA HB HC HK HD HE HF (none) HI */
	sc_free(&s);
}

TEST(lj18_several_phones)
{
	sc s;
	lj_open(&s, NO_LINE);
	const char *a1 = adult(1), *a2 = adult(3), *b1 = adult(5), *c1 = adult(7);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|phone=13900000002", a1);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶|phone=13900000001", a2);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|phone=13900000001", b1);
	sc_row(&s, "id=%s|household_id=H3|relation=户主|phone=13900000002", c1);
	sc_eval(&s);
	ONCE(&s, "LJ18", a1);
	SYS(&s, "LJ18", a1, "13900000001、13900000002");
	NOTE(&s, "LJ18", a1, "其他户：H2、H3");
	SYS(&s, "LJ18", b1, "13900000001");
	NOTE(&s, "LJ18", b1, "其他户：H1");
	SYS(&s, "LJ18", c1, "13900000002");
	CHECK_INT(nfind(&s, "LJ18", NULL), 3);
	sc_free(&s);
}

TEST(lj19_places)
{
	sc s;
	lj_open(&s, NO_LINE);
	const char *a1 = adult(1), *a2 = adult(3), *a3 = adult(5);
	const char *b1 = adult(7), *b2 = adult(9), *c1 = adult(11), *c2 = adult(13);
	const char *d1 = adult(15), *d2 = adult(17), *e1 = adult(19), *e2 = adult(21);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关镇|village=东关村", a1);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶|township=城关镇|village=西关村", a2);
	sc_row(&s, "id=%s|household_id=H1|relation=之子|township=城关镇|village=东关村", a3);
	sc_row(&s, "id=%s|household_id=H2|relation=户主|township=城关镇|village=东关村", b1);
	sc_row(&s, "id=%s|household_id=H2|relation=配偶|township=城关|village= 东关村 ", b2);   /* alias */
	sc_row(&s, "id=%s|household_id=H3|relation=户主|township=城关镇|village=东关村", c1);
	sc_row(&s, "id=%s|household_id=H3|relation=配偶|township=|village=", c2);           /* empty */
	sc_row(&s, "id=%s|household_id=H4|relation=户主|township=城关镇|village=东关村", d1);
	sc_row(&s, "id=%s|household_id=H4|relation=配偶|township=柳河镇|village=东关村", d2);
	sc_row(&s, "id=%s|household_id=H5|relation=户主|township=城关镇人民政府|village=东关村", e1);
	sc_row(&s, "id=%s|household_id=H5|relation=配偶|township=城关镇|village=东关村", e2);
	sc_eval(&s);
	YES(&s, "LJ19", a1, "城关镇");
	SYS(&s, "LJ19", a1, "城关镇/东关村；城关镇/西关村");
	NO(&s, "LJ19", b1);
	NO(&s, "LJ19", c1);
	YES(&s, "LJ19", d1, NULL);
	SYS(&s, "LJ19", d1, "城关镇/东关村；柳河镇/东关村");
	NO(&s, "LJ19", e1);
	CHECK_INT(nfind(&s, "LJ19", NULL), 2);
	sc_free(&s);
}

/* A roster without the LJ fields: each rule names what it lacks. */
TEST(lj_not_evaluated)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id name township village household_id");
	sc_row(&s, "id=%s|household_id=H1", adult(1));
	sc_eval(&s);
	static const struct { const char *code, *why; } c[] = {
		{ "LJ01", "未执行：缺少字段 roster.sex" },
		{ "LJ02", "未执行：缺少字段 roster.relation" },
		{ "LJ03", "未执行：缺少字段 roster.relation" },
		{ "LJ04", "未执行：缺少字段 roster.labor_skill" },
		{ "LJ05", "未执行：缺少字段 roster.school_status" },
		{ "LJ06", "未执行：缺少字段 roster.health_status" },
		{ "LJ07", "未执行：缺少字段 roster.school_status" },
		{ "LJ08", "未执行：缺少字段 roster.school_status" },
		{ "LJ09", "未执行：缺少字段 roster.med_insured" },
		{ "LJ10", "未执行：缺少字段 roster.med_insured" },
		{ "LJ11", "未执行：缺少字段 roster.health_status" },
		{ "LJ12", "未执行：缺少字段 roster.health_status" },
		{ "LJ13", "未执行：缺少字段 roster.risk_cleared" },
		{ "LJ14", "未执行：缺少字段 roster.risk_cleared" },
		{ "LJ15", "未执行：缺少字段 roster.monitor_type" },
		{ "LJ16", "未执行：缺少字段 roster.tekun" },
		{ "LJ17", "未执行：缺少字段 roster.phone" },
		{ "LJ18", "未执行：缺少字段 roster.phone" },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		NOT_EVALUATED(&s, c[i].code, c[i].why);
	EVALUATED(&s, "LJ19");
	CHECK_INT(s.chk.items.n, 0);
	sc_free(&s);

	/* some columns: the rest still named */
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id household_id school_status health_status risk_cleared dangerous_house");
	sc_row(&s, "id=%s|household_id=H1", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "LJ06", "未执行：缺少字段 roster.labor_skill");
	NOT_EVALUATED(&s, "LJ08", "未执行：缺少字段 roster.not_in_school_reason");
	NOT_EVALUATED(&s, "LJ11", "未执行：缺少字段 roster.id_type");
	NOT_EVALUATED(&s, "LJ13", "未执行：缺少字段 roster.monitor_date");
	EVALUATED(&s, "LJ07");
	EVALUATED(&s, "LJ12");           /* the ID cell alone can say 残疾人证号 */
	EVALUATED(&s, "LJ14");           /* dangerous_house or water_safe */
	sc_free(&s);

	/* no roster at all */
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_MED_CLAIMS, "结算.csv", "id date oop");
	sc_row(&s, "id=%s|date=2024-06-01|oop=1", adult(1));
	sc_eval(&s);
	NOT_EVALUATED(&s, "LJ01", "未执行：缺少来源 roster");
	NOT_EVALUATED(&s, "LJ19", "未执行：缺少来源 roster");
	sc_free(&s);
}

/* LJ19 reads the members' own rows: a household source's township does
 * not stand in for the roster's (NEED_ROW). */
TEST(lj19_needs_the_rosters_own_places)
{
	sc s;
	sc_init(&s, "2024-06", NO_LINE);
	sc_src(&s, KIND_ROSTER, "roster.csv", "id household_id relation");
	sc_row(&s, "id=%s|household_id=H1|relation=户主", adult(1));
	sc_src(&s, KIND_HOUSEHOLD, "household.csv", "household_id township village");
	sc_row(&s, "household_id=H1|township=城关镇|village=东关村");
	sc_eval(&s);
	NOT_EVALUATED(&s, "LJ19", "未执行：缺少字段 roster.township 或 roster.village");
	EVALUATED(&s, "LJ03");
	const finding *x = fnd(&s, "LJ03", adult(1));
	CHECK(x == NULL, "H1 has its 户主");
	sc_free(&s);
}

/* [run] checks: the rules left out are not evaluated and find nothing. */
TEST(lj_checks_selection)
{
	sc s;
	lj_open(&s, NO_LINE);
	s.rp.lj_skip = ~((1u << 1) | (1u << 9));       /* checks = LJ01,LJ09 */
	const char *a = mkid("19800101", 1);
	sc_row(&s, "id=%s|household_id=H1|relation=之子|sex=2|med_insured=否|med_insured_staff=否|phone=1", a);
	sc_eval(&s);
	YES(&s, "LJ01", a, NULL);
	YES(&s, "LJ09", a, NULL);
	NOT_EVALUATED(&s, "LJ03", "未执行：checks 未选择");
	NOT_EVALUATED(&s, "LJ17", "未执行：checks 未选择");
	NO(&s, "LJ03", a);
	NO(&s, "LJ17", a);
	CHECK_INT(s.chk.items.n, 2);
	EVALUATED(&s, "ZZ14");                          /* other families do not depend on checks */
	sc_free(&s);

	/* checks = none with the facts not gathered (join_params.no_lj_facts) */
	memset(&s, 0, sizeof s);
	join_params p = { .ref_days = date_month_end(2024, 6), .year = 2024, .month = 6,
	                  .no_lj_facts = true };
	s.j = join_new(&p);
	s.R = p.ref_days;
	s.rp = (rule_params){ .income_line_fen = -1, .oop_threshold_fen = 2000000,
	                      .oop_threshold_roster_fen = 500000, .income_drop_pct = 20,
	                      .income_tolerance_pct = 10, .min_clear_months = 6, .lj_skip = ~0u };
	findings_init(&s.mis);
	findings_init(&s.warn);
	findings_init(&s.chk);
	sc_src(&s, KIND_ROSTER, "roster.csv", LJ_F);
	sc_row(&s, "id=%s|household_id=H1|relation=之子|sex=2|phone=1", a);
	sc_eval(&s);
	for (size_t r = 0; r < nrules; r++)
		if (rules[r].family == FAM_LJ)
			NOT_EVALUATED(&s, rules[r].code, "未执行：checks 未选择");
	CHECK_INT(s.chk.items.n, 0);
	sc_free(&s);
}

/* Findings go to the checks collection only, with the member's own place. */
TEST(lj_routing)
{
	sc s;
	lj_open(&s, NO_LINE);
	const char *a = mkid("19800101", 1), *b = mkid("19820101", 2);
	sc_row(&s, "id=%s|household_id=H1|relation=户主|township=城关|village=东关村|phone=12", a);
	sc_row(&s, "id=%s|household_id=H1|relation=配偶|township=柳河镇|village=王庄村|phone=13", b);
	sc_eval(&s);
	YES(&s, "LJ17", a, "城关镇");
	YES(&s, "LJ17", b, "柳河镇");
	const finding *x = fnd(&s, "LJ17", b);
	if (x) {
		CHECK_STR(x->village, "王庄村");
		CHECK_STR(x->household_id, "H1");
	}
	YES(&s, "LJ19", a, "城关镇");         /* household findings: the household's place */
	CHECK_INT(s.mis.items.n + s.warn.items.n, 0);
	for (size_t i = 0; i < s.chk.items.n; i++)
		CHECK(rules[s.chk.items.v[i].rule].family == FAM_LJ, "an LJ finding");
	sc_free(&s);
}

/* ------------------------------------------------------ docs/rules.md */

static char *read_rules_doc(void)
{
	const char *top = getenv("TOP");
	const char *tries[] = { NULL, "docs/rules.md", "../docs/rules.md", "../../docs/rules.md" };
	char path[4096];
	if (top) {
		snprintf(path, sizeof path, "%s/docs/rules.md", top);
		tries[0] = path;
	}
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		FILE *fp = tries[i] ? fopen(tries[i], "rb") : NULL;
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

/* The 逻辑校验 section of docs/rules.md lists exactly the LJ rules of the
 * table, in table order, with their names and scopes, and no LJ row stands
 * outside it (test_rules.c checks every family's rows against the table). */
TEST(lj_doc_section)
{
	char *doc = read_rules_doc();
	CHECK(doc != NULL, "docs/rules.md not found (set TOP)");
	if (!doc)
		return;
	char *sec = strstr(doc, "\n## 逻辑校验");
	CHECK(sec != NULL, "docs/rules.md has no section '## 逻辑校验'");
	if (!sec) {
		free(doc);
		return;
	}
	char *end = strstr(sec + 1, "\n## ");
	if (end)
		*end = 0;
	/* table rows of the section: lines beginning "| LJ" */
	const char *p = sec;
	size_t r = 0, nlj = 0;
	while ((p = strstr(p, "\n| ")) != NULL) {
		p += 3;
		if (strncmp(p, "LJ", 2))
			continue;
		while (r < nrules && rules[r].family != FAM_LJ)
			r++;
		CHECK(r < nrules, "docs/rules.md: an LJ row beyond the table's LJ rules: %.40s", p);
		if (r >= nrules)
			break;
		char want[512];
		snprintf(want, sizeof want, "%s | %s | %s |", rules[r].code, rules[r].name,
		         rules[r].scope == SCOPE_HOUSEHOLD ? "户" : "名单内人员");
		CHECK(!strncmp(p, want, strlen(want)), "docs/rules.md 逻辑校验 row %zu: want '%s', got '%.60s'",
		      nlj + 1, want, p);
		CHECK(rules[r].scope == SCOPE_HOUSEHOLD || rules[r].scope == SCOPE_ROSTER_PERSON,
		      "%s: an LJ rule is a member or household rule", rules[r].code);
		r++;
		nlj++;
	}
	size_t want_n = 0;
	for (size_t i = 0; i < nrules; i++)
		want_n += rules[i].family == FAM_LJ;
	CHECK_INT(nlj, want_n);
	CHECK_INT(want_n, 19);
	/* outside the section: no LJ table row */
	*sec = 0;
	CHECK(strstr(doc, "\n| LJ") == NULL, "docs/rules.md has an LJ row before the 逻辑校验 section");
	if (end)
		CHECK(strstr(end + 1, "\n| LJ") == NULL, "docs/rules.md has an LJ row after the 逻辑校验 section");
	free(doc);
}

int main(void)
{
	RUN(lj01_sex);
	RUN(lj02_lj03_heads);
	RUN(lj04_lj05_lj06_labour);
	RUN(lj07_lj08_school_age);
	RUN(lj09_to_lj12_and_lj16);
	RUN(lj13_to_lj15_households);
	RUN(lj13_household_source);
	RUN(lj17_lj18_phones);
	RUN(lj18_several_phones);
	RUN(lj19_places);
	RUN(lj_not_evaluated);
	RUN(lj19_needs_the_rosters_own_places);
	RUN(lj_checks_selection);
	RUN(lj_routing);
	RUN(lj_doc_section);
	return check_done();
}
