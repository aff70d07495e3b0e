/*
 * test_vocab.c - dates, money, years, counts, vocabularies and normalizers
 * (SPEC §4).  Expected values are worked out by hand:
 *   days since 1970-01-01: 2000-01-01 = 30*365 + 7 leap days = 10957;
 *   2024-01-01 = 54*365 + 13 leap days = 19723, 2024-06-30 = 19723 + 181
 *   = 19904; 1900-01-01 = -(70*365 + 17) = -25567.
 *   Excel 1900 serials: 1 = 1900-01-01, 59 = 1900-02-28, 60 = the fictitious
 *   1900-02-29, 61 = 1900-03-01, 45473 = 2024-06-30 (45473 - 25569 = 19904).
 */
#include "check.h"
#include "vocab.h"

#define S(x) x, strlen(x)

/* ------------------------------------------------------------ dates */

TEST(date_known_values)
{
	CHECK_INT(date_from_ymd(1970, 1, 1), 0);
	CHECK_INT(date_from_ymd(2000, 1, 1), 10957);
	CHECK_INT(date_from_ymd(2000, 3, 1), 10957 + 31 + 29);
	CHECK_INT(date_from_ymd(2024, 1, 1), 19723);
	CHECK_INT(date_from_ymd(2024, 6, 30), 19904);
	CHECK_INT(date_from_ymd(1900, 1, 1), -25567);
	CHECK_INT(date_from_ymd(1969, 12, 31), -1);
	int y, m, d;
	date_to_ymd(19904, &y, &m, &d);
	CHECK(y == 2024 && m == 6 && d == 30, "%d-%d-%d", y, m, d);
	date_to_ymd(-25567, &y, &m, &d);
	CHECK(y == 1900 && m == 1 && d == 1, "%d-%d-%d", y, m, d);
	/* round trip and monotonic over 1900..2100 */
	int32_t prev = date_from_ymd(1899, 12, 31);
	for (int yy = 1900; yy <= 2100; yy++)
		for (int mm = 1; mm <= 12; mm++)
			for (int dd = 1; dd <= 31; dd++) {
				if (!date_valid_ymd(yy, mm, dd))
					continue;
				int32_t x = date_from_ymd(yy, mm, dd);
				if (x != prev + 1) {
					CHECK(x == prev + 1, "%d-%d-%d not consecutive", yy, mm, dd);
					return;
				}
				prev = x;
				date_to_ymd(x, &y, &m, &d);
				if (y != yy || m != mm || d != dd) {
					CHECK(0, "round trip %d-%d-%d", yy, mm, dd);
					return;
				}
			}
}

TEST(date_valid_month_end_format)
{
	CHECK(date_valid_ymd(2024, 2, 29), "leap");
	CHECK(!date_valid_ymd(2023, 2, 29), "not leap");
	CHECK(!date_valid_ymd(1900, 2, 29), "1900 not leap");
	CHECK(date_valid_ymd(2000, 2, 29), "2000 leap");
	CHECK(!date_valid_ymd(2024, 4, 31), "april 31");
	CHECK(!date_valid_ymd(2024, 13, 1), "month 13");
	CHECK(!date_valid_ymd(2024, 0, 1), "month 0");
	CHECK(!date_valid_ymd(2024, 1, 0), "day 0");
	char b[11];
	date_format(date_month_end(2024, 2), b);
	CHECK_STR(b, "2024-02-29");
	date_format(date_month_end(2023, 2), b);
	CHECK_STR(b, "2023-02-28");
	date_format(date_month_end(2024, 6), b);
	CHECK_STR(b, "2024-06-30");
	date_format(date_month_end(2024, 12), b);
	CHECK_STR(b, "2024-12-31");
	date_format(0, b);
	CHECK_STR(b, "1970-01-01");
	date_format(-25567, b);
	CHECK_STR(b, "1900-01-01");
}

static const struct {
	const char *in;
	bool serial;
	int rc;
	const char *want;
} date_cases[] = {
	{ "2024-06-30", false, VAL_OK, "2024-06-30" },
	/* edges of the fast paths for YYYY-MM-DD and YYYYMMDD */
	{ "2024-02-29", false, VAL_OK, "2024-02-29" },
	{ "2023-02-29", false, VAL_BAD, NULL },
	{ "2000-02-29", false, VAL_OK, "2000-02-29" },
	{ "1900-02-29", false, VAL_BAD, NULL },
	{ "2024-04-31", false, VAL_BAD, NULL },
	{ "2024-00-10", false, VAL_BAD, NULL },
	{ "1899-12-31", false, VAL_BAD, NULL },
	{ "2100-12-31", false, VAL_OK, "2100-12-31" },
	{ "2101-01-01", false, VAL_BAD, NULL },
	{ "2024-6-3 ", false, VAL_OK, "2024-06-03" },
	{ "2024-06-3x", false, VAL_BAD, NULL },
	{ "20230229", false, VAL_BAD, NULL },
	{ "2024/6/30", false, VAL_OK, "2024-06-30" },
	{ "2024.6.30", false, VAL_OK, "2024-06-30" },
	{ "20240630", false, VAL_OK, "2024-06-30" },
	{ "2024年6月30日", false, VAL_OK, "2024-06-30" },
	{ "2024年06月30日", false, VAL_OK, "2024-06-30" },
	{ "2024年6月30", false, VAL_OK, "2024-06-30" },
	{ "2024年6月", false, VAL_BAD, NULL },
	{ "202406", false, VAL_OK, "2024-06-01" },
	{ "202303.0", false, VAL_OK, "2023-03-01" },
	{ "20240630.0", false, VAL_OK, "2024-06-30" },
	{ "2024-06", false, VAL_BAD, NULL },        /* a period, not a date */
	{ "2024/6", false, VAL_BAD, NULL },
	{ "2024-06-30 13:45:00", false, VAL_OK, "2024-06-30" },
	{ "2024-06-30T13:45:00", false, VAL_OK, "2024-06-30" },
	{ "2024/6/30 0:00", false, VAL_OK, "2024-06-30" },
	{ "  2024-06-30\xE3\x80\x80", false, VAL_OK, "2024-06-30" },
	{ "２０２４－０６－３０", false, VAL_OK, "2024-06-30" },
	{ "2024-02-29", false, VAL_OK, "2024-02-29" },
	{ "1900-01-01", false, VAL_OK, "1900-01-01" },
	{ "", false, VAL_EMPTY, NULL },
	{ "  ", false, VAL_EMPTY, NULL },
	{ "2023-02-29", false, VAL_BAD, NULL },
	{ "2024-02-30", false, VAL_BAD, NULL },
	{ "2024-13-01", false, VAL_BAD, NULL },
	{ "2024-00-10", false, VAL_BAD, NULL },
	{ "2024-06-00", false, VAL_BAD, NULL },
	{ "2024-06-30abc", false, VAL_BAD, NULL },
	{ "2024-6/30", false, VAL_BAD, NULL },
	{ "2024.6", false, VAL_BAD, NULL },
	{ "202413", false, VAL_BAD, NULL },
	{ "20240231", false, VAL_BAD, NULL },
	{ "1899-12-31", false, VAL_BAD, NULL },
	{ "30/06/2024", false, VAL_BAD, NULL },
	{ "abc", false, VAL_BAD, NULL },
	{ "2024年6", false, VAL_BAD, NULL },
	{ "45473", false, VAL_BAD, NULL },          /* a serial only from a numeric cell */
	{ "2024-006-30", false, VAL_BAD, NULL },
	/* xlsx numeric cells: Excel 1900 serial numbers */
	{ "45473", true, VAL_OK, "2024-06-30" },
	{ "45473.0", true, VAL_OK, "2024-06-30" },
	{ "45473.75", true, VAL_OK, "2024-06-30" },
	{ "1", true, VAL_OK, "1900-01-01" },
	{ "59", true, VAL_OK, "1900-02-28" },
	{ "60", true, VAL_BAD, NULL },               /* Excel's fictitious 1900-02-29 */
	{ "61", true, VAL_OK, "1900-03-01" },
	{ "0", true, VAL_BAD, NULL },
	{ "202303", true, VAL_OK, "2023-03-01" },    /* YYYYMM stored as a number */
	{ "20240630", true, VAL_OK, "2024-06-30" },
	{ "2024-06-30", true, VAL_OK, "2024-06-30" },
	{ "45473.5x", true, VAL_BAD, NULL },
};

TEST(parse_date_table)
{
	for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
		int32_t d = -777777;
		int rc = parse_date(S(date_cases[i].in), date_cases[i].serial, &d);
		CHECK(rc == date_cases[i].rc, "'%s' (serial %d): rc %d, want %d",
		      date_cases[i].in, date_cases[i].serial, rc, date_cases[i].rc);
		if (rc == VAL_OK && date_cases[i].want) {
			char b[11];
			date_format(d, b);
			CHECK(!strcmp(b, date_cases[i].want), "'%s': got %s, want %s",
			      date_cases[i].in, b, date_cases[i].want);
		}
	}
}

TEST(parse_period_table)
{
	int y = 0, m = 0;
	CHECK(parse_period("2024-06", &y, &m) && y == 2024 && m == 6, "2024-06");
	CHECK(parse_period("2023-12", &y, &m) && y == 2023 && m == 12, "2023-12");
	CHECK(parse_period("2024-01", &y, &m) && m == 1, "2024-01");
	const char *bad[] = { "2024-13", "2024-00", "2024-6", "202406", "2024/06", "2024-06-30",
	                      "24-06", "", "abcd-ef", " 2024-06" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(!parse_period(bad[i], &y, &m), "'%s' accepted", bad[i]);
	CHECK(!parse_period(NULL, &y, &m), "NULL");
}

/* ------------------------------------------------------------ money */

static const struct {
	const char *in;
	bool neg_ok;
	int rc;
	long long fen;
} money_cases[] = {
	{ "12,345.67", false, VAL_OK, 1234567 },
	{ "12345.67", false, VAL_OK, 1234567 },
	{ "12345.67元", false, VAL_OK, 1234567 },
	{ "12345.67 元", false, VAL_OK, 1234567 },
	{ "￥12,345.67", false, VAL_OK, 1234567 },
	{ "¥100", false, VAL_OK, 10000 },
	{ "１２３４５．６７", false, VAL_OK, 1234567 },
	{ "１２，３４５．６７元", false, VAL_OK, 1234567 },
	{ "7800", false, VAL_OK, 780000 },
	/* edges of the fast path for plain amounts */
	{ "7800.5", false, VAL_OK, 780050 },
	{ "7800.05", false, VAL_OK, 780005 },
	{ "7800.055", false, VAL_OK, 780006 },
	{ "7800.", false, VAL_OK, 780000 },
	{ "0000000000000012.34", false, VAL_OK, 1234 },   /* leading zeros are not digits of the amount */
	{ "7800 ", false, VAL_OK, 780000 },
	{ "0", false, VAL_OK, 0 },
	{ "0.00", false, VAL_OK, 0 },
	{ ".5", false, VAL_BAD, 0 },              /* needs an integer digit */
	{ "5.", false, VAL_OK, 500 },
	{ "0.05", false, VAL_OK, 5 },
	{ "007", false, VAL_OK, 700 },
	{ "1.005", false, VAL_OK, 101 },          /* half-up on the third decimal */
	{ "1.004999", false, VAL_OK, 100 },
	{ "0.005", false, VAL_OK, 1 },
	{ "0.0049", false, VAL_OK, 0 },
	{ "2.675", false, VAL_OK, 268 },          /* (2.675 is 2.67499.. as a double) */
	{ "3356.6999999999998", false, VAL_OK, 335670 },  /* xlsx float rendering */
	{ "99.995", false, VAL_OK, 10000 },
	{ "1.5E+4", false, VAL_BAD, 0 },          /* exponents: numeric cells only (below) */
	{ "1e3", false, VAL_BAD, 0 },
	{ "1,234,567", false, VAL_OK, 123456700 },
	{ "1,234.5", false, VAL_OK, 123450 },
	{ "1,2,3", false, VAL_BAD, 0 },           /* thousands groups have three digits */
	{ "12,34", false, VAL_BAD, 0 },
	{ "1234,567", false, VAL_BAD, 0 },
	{ "1,2345", false, VAL_BAD, 0 },
	{ "999999999999999", false, VAL_OK, 99999999999999900LL },  /* 15 integer digits */
	{ "1000000000000000", false, VAL_BAD, 0 },                  /* 16 */
	{ "-12.50", true, VAL_OK, -1250 },
	{ "-1.005", true, VAL_OK, -101 },
	{ "－３．５", true, VAL_OK, -350 },
	{ "-￥3.5", true, VAL_OK, -350 },
	{ "+3.5", false, VAL_OK, 350 },
	{ "-12.50", false, VAL_BAD, 0 },          /* negative only in med_claims */
	{ "-0", false, VAL_BAD, 0 },
	{ "-0.00", true, VAL_OK, 0 },
	{ "", false, VAL_EMPTY, 0 },
	{ " \xE3\x80\x80 ", false, VAL_EMPTY, 0 },
	{ "元", false, VAL_BAD, 0 },
	{ "abc", false, VAL_BAD, 0 },
	{ "12.34.5", false, VAL_BAD, 0 },
	{ ",123", false, VAL_BAD, 0 },
	{ "123,", false, VAL_BAD, 0 },
	{ "1 234", false, VAL_BAD, 0 },
	{ "--5", true, VAL_BAD, 0 },
	{ "12元5角", false, VAL_BAD, 0 },
	{ ".", false, VAL_BAD, 0 },
	{ "1E", false, VAL_BAD, 0 },
	{ "1.2.E3", false, VAL_BAD, 0 },
};

TEST(parse_money_table)
{
	for (size_t i = 0; i < sizeof money_cases / sizeof money_cases[0]; i++) {
		int64_t f = -424242;
		int rc = parse_money(S(money_cases[i].in), money_cases[i].neg_ok, &f);
		CHECK(rc == money_cases[i].rc, "'%s': rc %d, want %d", money_cases[i].in, rc, money_cases[i].rc);
		if (rc == VAL_OK)
			CHECK(f == money_cases[i].fen, "'%s': %lld fen, want %lld",
			      money_cases[i].in, (long long)f, money_cases[i].fen);
	}
}

TEST(parse_money_cell)
{
	static const struct { const char *in; int rc; long long fen; } c[] = {
		{ "1.5E+4", VAL_OK, 1500000 }, { "1.5e4", VAL_OK, 1500000 }, { "1E-3", VAL_OK, 0 },
		{ "3356.6999999999998", VAL_OK, 335670 }, { "1E", VAL_BAD, 0 }, { "1,2,3", VAL_BAD, 0 },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		int64_t f = -1;
		int rc = parse_money_cell(S(c[i].in), false, &f);
		CHECK(rc == c[i].rc, "'%s': rc %d, want %d", c[i].in, rc, c[i].rc);
		if (rc == VAL_OK)
			CHECK(f == c[i].fen, "'%s': %lld fen, want %lld", c[i].in, (long long)f, c[i].fen);
	}
}

TEST(money_format_table)
{
	char b[32];
	money_format(1234567, b);
	CHECK_STR(b, "12345.67");
	money_format(-350, b);
	CHECK_STR(b, "-3.50");
	money_format(0, b);
	CHECK_STR(b, "0.00");
	money_format(5, b);
	CHECK_STR(b, "0.05");
	money_format(-5, b);
	CHECK_STR(b, "-0.05");
	money_format(780000, b);
	CHECK_STR(b, "7800.00");
	money_format(INT64_MAX, b);
	CHECK_STR(b, "92233720368547758.07");
	money_format(INT64_MIN, b);
	CHECK_STR(b, "-92233720368547758.08");
}

TEST(parse_year_count)
{
	struct { const char *in; int rc, v; } years[] = {
		{ "2024", VAL_OK, 2024 }, { "2024.0", VAL_OK, 2024 }, { " 2024 ", VAL_OK, 2024 },
		{ "２０２４", VAL_OK, 2024 }, { "2024年", VAL_OK, 2024 },
		{ "", VAL_EMPTY, 0 }, { "24", VAL_BAD, 0 }, { "20245", VAL_BAD, 0 },
		{ "2024.5", VAL_BAD, 0 }, { "2024-06", VAL_BAD, 0 }, { "abcd", VAL_BAD, 0 },
		{ "0999", VAL_BAD, 0 },
	};
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
		int y = -1;
		int rc = parse_year(S(years[i].in), &y);
		CHECK(rc == years[i].rc, "year '%s': rc %d", years[i].in, rc);
		if (rc == VAL_OK)
			CHECK(y == years[i].v, "year '%s': %d", years[i].in, y);
	}
	struct { const char *in; int rc, v; } counts[] = {
		{ "3", VAL_OK, 3 }, { "0", VAL_OK, 0 }, { "3.0", VAL_OK, 3 }, { "３", VAL_OK, 3 },
		{ "12人", VAL_OK, 12 }, { " 4 ", VAL_OK, 4 },
		{ "", VAL_EMPTY, 0 }, { "-1", VAL_BAD, 0 }, { "2.5", VAL_BAD, 0 },
		{ "three", VAL_BAD, 0 }, { "1234567890", VAL_BAD, 0 },
	};
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		int c = -1;
		int rc = parse_count(S(counts[i].in), &c);
		CHECK(rc == counts[i].rc, "count '%s': rc %d", counts[i].in, rc);
		if (rc == VAL_OK)
			CHECK(c == counts[i].v, "count '%s': %d", counts[i].in, c);
	}
}

/* ------------------------------------------------------------ vocabularies */

typedef struct vcase { const char *in; int rc; int cls; } vcase;

static void check_vocab(const char *what, int (*fn)(const char *, size_t, int *),
                        const vcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int cls = -99;
		int rc = fn(S(c[i].in), &cls);
		CHECK(rc == c[i].rc, "%s '%s': rc %d, want %d", what, c[i].in, rc, c[i].rc);
		if (c[i].rc != VAL_BAD)
			CHECK(cls == c[i].cls, "%s '%s': class %d, want %d", what, c[i].in, cls, c[i].cls);
	}
}
#define CHECK_VOCAB(fn, arr) check_vocab(#fn, fn, arr, sizeof arr / sizeof arr[0])

TEST(yesno)
{
	static const vcase c[] = {
		{ "是", VAL_OK, YN_YES }, { "Y", VAL_OK, YN_YES }, { "y", VAL_OK, YN_YES },
		{ "1", VAL_OK, YN_YES }, { "TRUE", VAL_OK, YN_YES }, { "true", VAL_OK, YN_YES },
		{ "√", VAL_OK, YN_YES }, { " 是 ", VAL_OK, YN_YES }, { "\xE3\x80\x80是", VAL_OK, YN_YES },
		{ "否", VAL_OK, YN_NO }, { "N", VAL_OK, YN_NO }, { "n", VAL_OK, YN_NO },
		{ "0", VAL_OK, YN_NO }, { "FALSE", VAL_OK, YN_NO }, { "false", VAL_OK, YN_NO },
		{ "×", VAL_OK, YN_NO },
		{ "", VAL_EMPTY, -99 }, { "  ", VAL_EMPTY, -99 },
		{ "有", VAL_BAD, 0 }, { "Yes", VAL_BAD, 0 }, { "True", VAL_BAD, 0 },
		{ "是的", VAL_BAD, 0 }, { "2", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_yesno, c);
}

TEST(policy)
{
	static const vcase c[] = {
		{ "农村低保", VAL_OK, YN_YES }, { "城市低保", VAL_OK, YN_YES },
		{ "农村特困", VAL_OK, YN_YES }, { "城市特困", VAL_OK, YN_YES },
		{ "不享受", VAL_OK, YN_NO }, { "", VAL_OK, YN_NO }, { " ", VAL_OK, YN_NO },
		{ "低保", VAL_BAD, 0 }, { "享受", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_policy, c);
}

TEST(household_monitor_type)
{
	static const vcase ht[] = {
		{ "脱贫户", VAL_OK, HT_TUOPIN }, { "一般农户", VAL_OK, HT_YIBAN },
		{ "监测户", VAL_OK, HT_JIANCE }, { "", VAL_EMPTY, -99 },
		{ "贫困户", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_household_type, ht);
	static const vcase mt[] = {
		{ "脱贫不稳定户", VAL_OK, MT_BUWENDING }, { "边缘易致贫户", VAL_OK, MT_BIANYUAN },
		{ "突发严重困难户", VAL_OK, MT_TUFA }, { "", VAL_EMPTY, MT_NONE },
		{ " ", VAL_EMPTY, MT_NONE }, { "边缘户", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_monitor_type, mt);
}

TEST(health)
{
	static const vcase c[] = {
		{ "健康", VAL_OK, HS_HEALTHY }, { "长期慢性病", VAL_OK, HS_CHRONIC },
		{ "患有大病", VAL_OK, HS_SERIOUS }, { "残疾", VAL_OK, HS_DISABLED },
		{ "长期慢性病、残疾", VAL_OK, HS_CHRONIC | HS_DISABLED },
		{ "患有大病,残疾", VAL_OK, HS_SERIOUS | HS_DISABLED },
		{ "患有大病，长期慢性病", VAL_OK, HS_SERIOUS | HS_CHRONIC },
		{ "长期慢性病 、 患有大病 、残疾", VAL_OK, HS_CHRONIC | HS_SERIOUS | HS_DISABLED },
		{ "残疾、", VAL_BAD, 0 },                /* an empty part is not a word */
		{ "", VAL_EMPTY, -99 },
		{ "残疾、聋哑", VAL_BAD, 0 }, { "大病", VAL_BAD, 0 }, { "、", VAL_BAD, 0 },
		{ "健康;残疾", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_health, c);
}

TEST(work_status)
{
	static const vcase c[] = {
		{ "县内务工", VAL_OK, WS_WORKING }, { "乡(镇)内务工", VAL_OK, WS_WORKING },
		{ "乡（镇）内务工", VAL_OK, WS_WORKING },
		{ "乡(镇)外县内务工", VAL_OK, WS_WORKING }, { "县外省内务工", VAL_OK, WS_WORKING },
		{ "省外务工", VAL_OK, WS_WORKING }, { "务工", VAL_OK, WS_WORKING },
		{ "未务工", VAL_OK, WS_NOT_WORKING }, { "无", VAL_OK, WS_NOT_WORKING },
		{ "", VAL_EMPTY, -99 }, { "外出务工", VAL_BAD, 0 }, { "乡镇内务工", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_work_status, c);
}

TEST(school_status)
{
	static const vcase c[] = {
		{ "非在校生", VAL_OK, SS_NOT_IN_SCHOOL }, { "", VAL_EMPTY, SS_NOT_IN_SCHOOL },
		{ "学龄前儿童", VAL_OK, SS_PRESCHOOL }, { "学前教育", VAL_OK, SS_PRESCHOOL },
		{ "小学", VAL_OK, SS_COMPULSORY }, { "一年级", VAL_OK, SS_COMPULSORY },
		{ "二年级", VAL_OK, SS_COMPULSORY }, { "三年级", VAL_OK, SS_COMPULSORY },
		{ "四年级", VAL_OK, SS_COMPULSORY }, { "五年级", VAL_OK, SS_COMPULSORY },
		{ "六年级", VAL_OK, SS_COMPULSORY }, { "初中", VAL_OK, SS_COMPULSORY },
		{ "七年级", VAL_OK, SS_COMPULSORY }, { "八年级", VAL_OK, SS_COMPULSORY },
		{ "九年级", VAL_OK, SS_COMPULSORY },
		{ "高中", VAL_OK, SS_SENIOR }, { "高中一年级", VAL_OK, SS_SENIOR },
		{ "高中二年级", VAL_OK, SS_SENIOR }, { "高中三年级", VAL_OK, SS_SENIOR },
		{ "中职", VAL_OK, SS_SENIOR }, { "中职一年级", VAL_OK, SS_SENIOR },
		{ "中职二年级", VAL_OK, SS_SENIOR }, { "中职三年级", VAL_OK, SS_SENIOR },
		{ "中专", VAL_OK, SS_SENIOR }, { "技校", VAL_OK, SS_SENIOR },
		{ "高职高专一年级", VAL_OK, SS_TERTIARY }, { "高职高专二年级", VAL_OK, SS_TERTIARY },
		{ "高职高专三年级", VAL_OK, SS_TERTIARY }, { "大专", VAL_OK, SS_TERTIARY },
		{ "本科", VAL_OK, SS_TERTIARY }, { "硕士生及以上", VAL_OK, SS_TERTIARY },
		{ "硕士研究生及以上", VAL_OK, SS_TERTIARY },
		{ "高二", VAL_BAD, 0 }, { "十年级", VAL_BAD, 0 }, { "小学一年级", VAL_BAD, 0 },
		{ "博士", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_school_status, c);
}

/* The LJ rules' vocabularies (SPEC §5, 逻辑校验). */
TEST(lj_vocabularies)
{
	static const vcase sex[] = {
		{ "1", VAL_OK, SEX_MALE }, { "男", VAL_OK, SEX_MALE }, { " 男 ", VAL_OK, SEX_MALE },
		{ "\xEF\xBC\x91", VAL_OK, SEX_MALE },          /* full-width １ */
		{ "2", VAL_OK, SEX_FEMALE }, { "女", VAL_OK, SEX_FEMALE },
		{ "", VAL_EMPTY, -99 }, { "0", VAL_BAD, 0 }, { "3", VAL_BAD, 0 }, { "男性", VAL_BAD, 0 },
		{ "M", VAL_BAD, 0 }, { "未知", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_sex, sex);
	static const vcase labor[] = {
		{ "普通劳动力", VAL_OK, LS_ORDINARY }, { "技能劳动力", VAL_OK, LS_SKILLED },
		{ "弱劳动力或半劳动力", VAL_OK, LS_WEAK }, { "丧失劳动力", VAL_OK, LS_LOST },
		{ "无劳动力", VAL_OK, LS_NONE }, { " 无劳动力", VAL_OK, LS_NONE },
		{ "", VAL_EMPTY, -99 }, { "弱劳动力", VAL_BAD, 0 }, { "半劳动力", VAL_BAD, 0 },
		{ "有劳动力", VAL_BAD, 0 },
	};
	CHECK_VOCAB(vocab_labor_skill, labor);
	for (int c = LS_ORDINARY; c <= LS_NONE; c++) {
		int back = -1;
		const char *w = vocab_labor_word(c);
		CHECK(vocab_labor_skill(w, strlen(w), &back) == VAL_OK && back == c, "word of %d: '%s'", c, w);
	}
	CHECK_STR(vocab_labor_word(0), "");
	static const struct { const char *in; bool junior; } jr[] = {
		{ "初中", true }, { "七年级", true }, { "八年级", true }, { "九年级", true },
		{ " 九年级 ", true }, { "小学", false }, { "六年级", false }, { "高中", false },
		{ "", false }, { "初一", false },
	};
	for (size_t i = 0; i < sizeof jr / sizeof jr[0]; i++)
		CHECK(vocab_school_junior(S(jr[i].in)) == jr[i].junior, "junior '%s'", jr[i].in);
}

/* LJ17's cleaning and validity; LJ18 compares the codes. */
TEST(phones)
{
	static const struct { const char *in; int rc; const char *clean; } c[] = {
		{ "13812345678", VAL_OK, "13812345678" },
		{ "19912345678", VAL_OK, "19912345678" },
		{ "138 1234 5678", VAL_OK, "13812345678" },
		{ "138\xE3\x80\x80" "1234\xC2\xA0" "5678", VAL_OK, "13812345678" }, /* U+3000, NBSP */
		{ "13812345678.0", VAL_OK, "13812345678" },
		{ "+8613812345678", VAL_OK, "13812345678" },
		{ "+86 138 1234 5678", VAL_OK, "13812345678" },
		{ "8613812345678", VAL_OK, "13812345678" },
		{ "8613812345678.0", VAL_OK, "13812345678" },
		{ "0370-1234567", VAL_OK, "0370-1234567" },   /* 0 + 3 + 7 */
		{ "0370-12345678", VAL_OK, "0370-12345678" }, /* 0 + 3 + 8 */
		{ "010-1234567", VAL_OK, "010-1234567" },     /* 0 + 2 + 7 */
		{ "03701234567", VAL_OK, "03701234567" },     /* 11 digits, no '-' */
		{ "0101234567", VAL_OK, "0101234567" },       /* 10 digits */
		{ "037012345678", VAL_OK, "037012345678" },   /* 12 digits */
		{ "0370 1234567", VAL_OK, "03701234567" },
		{ "", VAL_EMPTY, NULL }, { "   ", VAL_EMPTY, NULL },
		{ "1381234567", VAL_BAD, NULL },              /* 10 digits */
		{ "138123456789", VAL_BAD, NULL },            /* 12 digits */
		{ "12812345678", VAL_BAD, NULL },             /* 1 then 2 */
		{ "10012345678", VAL_BAD, NULL },
		{ "23812345678", VAL_BAD, NULL },
		{ "013812345678", VAL_OK, "013812345678" },  /* a 12-digit landline shape */
		{ "010123456", VAL_BAD, NULL },               /* 9 digits */
		{ "0370123456789", VAL_BAD, NULL },           /* 13 digits */
		{ "0370-123456", VAL_BAD, NULL },             /* 6 after '-' */
		{ "0370-123456789", VAL_BAD, NULL },          /* 9 after '-' */
		{ "03-1234567", VAL_BAD, NULL },              /* 1 after 0 */
		{ "03701-1234567", VAL_BAD, NULL },           /* 4 after 0 */
		{ "0370--1234567", VAL_BAD, NULL },
		{ "13812345678.00", VAL_BAD, NULL },
		{ "1.38123E+10", VAL_BAD, NULL },
		{ "+86", VAL_BAD, NULL }, { ".0", VAL_BAD, NULL }, { "-", VAL_BAD, NULL },
		{ "无", VAL_BAD, NULL },
		{ "\xEF\xBC\x91" "3812345678", VAL_BAD, NULL }, /* full-width digits are not cleaned */
		{ "+8513812345678", VAL_BAD, NULL },
		{ "13812345678/13912345678", VAL_BAD, NULL },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		uint64_t code = 0;
		int rc = parse_phone(S(c[i].in), &code);
		CHECK(rc == c[i].rc, "'%s': rc %d, want %d", c[i].in, rc, c[i].rc);
		if (rc == VAL_OK && c[i].clean) {
			char t[24];
			phone_format(code, t);
			CHECK_STR(t, c[i].clean);
			CHECK(code != 0, "'%s': code 0", c[i].in);
		}
	}
	/* equal codes <=> equal cleaned text */
	uint64_t a, b, d;
	CHECK(parse_phone(S("0370-1234567"), &a) == VAL_OK && parse_phone(S("03701234567"), &b) == VAL_OK,
	      "landlines");
	CHECK(a != b, "'0370-1234567' and '03701234567' differ after cleaning");
	CHECK(parse_phone(S("+86 13812345678"), &a) == VAL_OK && parse_phone(S("13812345678.0"), &b) == VAL_OK &&
	      parse_phone(S("0138-12345678"), &d) == VAL_OK, "codes");
	CHECK(a == b, "the same mobile");
	CHECK(a != d, "a landline is not the mobile");
}

static enum status_vocab list_for_test;
static int status_fn(const char *s, size_t n, int *cls) { return vocab_status(list_for_test, s, n, cls); }

TEST(status)
{
	static const vcase dibao[] = {
		{ "正常", VAL_OK, ST_ACTIVE }, { "在保", VAL_OK, ST_ACTIVE },
		{ "保障中", VAL_OK, ST_ACTIVE }, { "在册", VAL_OK, ST_ACTIVE },
		{ "停保", VAL_OK, ST_INACTIVE }, { "终止", VAL_OK, ST_INACTIVE },
		{ "注销", VAL_OK, ST_INACTIVE }, { "退出", VAL_OK, ST_INACTIVE },
		{ "", VAL_EMPTY, ST_ACTIVE }, { "暂停", VAL_BAD, 0 }, { "参保", VAL_BAD, 0 },
	};
	list_for_test = SV_DIBAO_TEKUN;
	check_vocab("dibao/tekun", status_fn, dibao, sizeof dibao / sizeof dibao[0]);

	static const vcase med[] = {
		{ "参保缴费", VAL_OK, ST_ACTIVE }, { "正常参保", VAL_OK, ST_ACTIVE },
		{ "正常", VAL_OK, ST_ACTIVE }, { "已参保", VAL_OK, ST_ACTIVE }, { "参保", VAL_OK, ST_ACTIVE },
		{ "暂停", VAL_OK, ST_INACTIVE }, { "终止", VAL_OK, ST_INACTIVE },
		{ "中断", VAL_OK, ST_INACTIVE }, { "停保", VAL_OK, ST_INACTIVE },
		{ "未参保", VAL_OK, ST_INACTIVE }, { "未缴费", VAL_OK, ST_INACTIVE },
		{ "", VAL_EMPTY, -99 }, { "在保", VAL_BAD, 0 },
	};
	list_for_test = SV_MED_ENROLL;
	check_vocab("med_enroll", status_fn, med, sizeof med / sizeof med[0]);

	static const vcase school[] = {
		{ "在读", VAL_OK, ST_ACTIVE }, { "在籍", VAL_OK, ST_ACTIVE }, { "在校", VAL_OK, ST_ACTIVE },
		{ "正常", VAL_OK, ST_ACTIVE }, { "转出", VAL_OK, ST_ACTIVE },
		{ "辍学", VAL_OK, ST_DROPOUT }, { "失学", VAL_OK, ST_DROPOUT },
		{ "休学", VAL_OK, ST_SUSPENDED }, { "毕业", VAL_OK, ST_FINISHED },
		{ "结业", VAL_OK, ST_FINISHED }, { "", VAL_EMPTY, -99 }, { "退学", VAL_BAD, 0 },
	};
	list_for_test = SV_SCHOOL;
	check_vocab("school", status_fn, school, sizeof school / sizeof school[0]);

	static const vcase emp[] = {
		{ "就业", VAL_OK, ST_ACTIVE }, { "在岗", VAL_OK, ST_ACTIVE }, { "务工", VAL_OK, ST_ACTIVE },
		{ "已就业", VAL_OK, ST_ACTIVE }, { "失业", VAL_OK, ST_UNEMPLOYED },
		{ "未就业", VAL_OK, ST_UNEMPLOYED }, { "离岗", VAL_OK, ST_UNEMPLOYED },
		{ "", VAL_EMPTY, -99 }, { "灵活就业", VAL_BAD, 0 },
	};
	list_for_test = SV_EMPLOYMENT;
	check_vocab("employment", status_fn, emp, sizeof emp / sizeof emp[0]);

	int cls;
	CHECK_INT(vocab_status(SV_NONE, S("正常"), &cls), VAL_BAD);
}

TEST(water_words)
{
	CHECK(water_quality_bad(S("不合格")), "不合格");
	CHECK(water_quality_bad(S(" 不达标 ")), "不达标");
	CHECK(!water_quality_bad(S("合格")), "合格");
	CHECK(!water_quality_bad(S("达标")), "达标");
	CHECK(!water_quality_bad(S("")), "empty");
	CHECK(!water_quality_bad(S("基本合格")), "other words are good");
	CHECK(water_supply_bad(S("季节性缺水")), "季节性缺水");
	CHECK(water_supply_bad(S("缺水")), "缺水");
	CHECK(water_supply_bad(S("供水不足")), "供水不足");
	CHECK(water_supply_bad(S("断水")), "断水");
	CHECK(!water_supply_bad(S("正常供水")), "正常供水");
	CHECK(!water_supply_bad(S("")), "empty");
}

/* ------------------------------------------------------------ normalizers */

typedef struct ncase { const char *in, *want; } ncase;

static void check_norm(const char *what, void (*fn)(strbuf *, const char *, size_t),
                       const ncase *c, size_t n)
{
	strbuf sb;
	sb_init(&sb);
	sb_adds(&sb, "garbage from the previous row");
	for (size_t i = 0; i < n; i++) {
		fn(&sb, S(c[i].in));
		CHECK(!strcmp(sb.buf, c[i].want) && sb.len == strlen(c[i].want),
		      "%s '%s': got '%s', want '%s'", what, c[i].in, sb.buf, c[i].want);
	}
	sb_release(&sb);
}
#define CHECK_NORM(fn, arr) check_norm(#fn, fn, arr, sizeof arr / sizeof arr[0])

TEST(normalizers)
{
	static const ncase hw[] = {
		{ "abc", "abc" }, { "", "" }, { "ＡＢＣ１２３", "ABC123" }, { "（元）", "(元)" },
		{ "张\xE3\x80\x80三", "张 三" }, { "ｘ～！", "x~!" },
	};
	CHECK_NORM(norm_halfwidth, hw);
	static const ncase name[] = {
		{ "张三", "张三" }, { " 张 三 ", "张三" }, { "张\xE3\x80\x80三", "张三" },
		{ "阿依古丽·买买提", "阿依古丽·买买提" },
		{ "阿依古丽•买买提", "阿依古丽·买买提" },
		{ "阿依古丽‧买买提", "阿依古丽·买买提" },
		{ "阿依古丽・买买提", "阿依古丽·买买提" },
		{ "阿依古丽.买买提", "阿依古丽·买买提" },
		{ "阿依古丽．买买提", "阿依古丽·买买提" },
		{ "阿依古丽 · 买买提", "阿依古丽·买买提" },
		{ "ＬＩ　Ｍｉｎｇ", "LIMing" }, { "", "" }, { "....", "····" },
	};
	CHECK_NORM(norm_name, name);
	static const ncase place[] = {
		{ "城关镇", "城关镇" }, { " 城关镇人民政府 ", "城关镇" }, { "城关镇 人民政府", "城关镇" },
		{ "东城街道办事处", "东城街道" }, { "人民政府", "人民政府" },
		{ "\xE3\x80\x80王庄村\xE3\x80\x80", "王庄村" }, { "王　庄村", "王 庄村" },
		{ "１号村", "1号村" }, { "人民政府路村", "人民政府路村" }, { "", "" },
	};
	CHECK_NORM(norm_place, place);
	static const ncase header[] = {
		{ "证件号码", "证件号码" }, { " 证件 号码 ", "证件号码" }, { "证件\n号码", "证件号码" },
		{ "个人负担（元）", "个人负担(元)" }, { "个人负担(元)", "个人负担(元)" },
		{ "个人负担【元】", "个人负担(元)" }, { "个人负担[元]", "个人负担(元)" },
		{ "人均纯收入（元/人/年）", "人均纯收入(元/人/年)" }, { "乡(镇)", "乡(镇)" },
		{ "乡（镇）(街道)", "乡(镇)(街道)" }, { "(元)", "(元)" },
		{ "ＩＤ", "ID" }, { "收入(元", "收入(元" },
		{ "", "" },
	};
	CHECK_NORM(norm_header, header);
}

TEST(trim)
{
	struct { const char *in, *want; } c[] = {
		{ "  a b  ", "a b" }, { "\t\r\na\n", "a" }, { "\xE3\x80\x80张三\xE3\x80\x80", "张三" },
		{ "\xC2\xA0x\xC2\xA0", "x" }, { "\xEF\xBB\xBFx", "x" }, { "   ", "" }, { "", "" },
		{ "张\xE3\x80\x80三", "张\xE3\x80\x80三" },
		{ "\xE3\x80", "\xE3\x80" },   /* a truncated sequence is not a space */
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		const char *s = c[i].in;
		size_t n = strlen(s);
		trim_span(&s, &n);
		CHECK(n == strlen(c[i].want) && !memcmp(s, c[i].want, n), "trim '%s'", c[i].in);
	}
}

TEST(utf8)
{
	CHECK(utf8_valid(S("")), "empty");
	CHECK(utf8_valid(S("plain ascii text, long enough for the fast path")), "ascii");
	CHECK(utf8_valid(S("证件号码 ok ￥ 𠀀")), "cjk + 4-byte");
	CHECK(!utf8_valid(S("\xD6\xA4\xBC\xFE")), "GBK bytes of 证件");
	CHECK(!utf8_valid(S("abcdefgh\x80")), "lone continuation after fast path");
	CHECK(!utf8_valid(S("\xC0\xAF")), "overlong /");
	CHECK(!utf8_valid(S("\xE0\x80\xAF")), "overlong 3-byte");
	CHECK(!utf8_valid(S("\xED\xA0\x80")), "surrogate");
	CHECK(!utf8_valid(S("\xF4\x90\x80\x80")), "> U+10FFFF");
	CHECK(!utf8_valid(S("\xE8\xAF")), "truncated");
	CHECK(!utf8_valid(S("\xFF")), "FF");
}

int main(void)
{
	RUN(date_known_values);
	RUN(date_valid_month_end_format);
	RUN(parse_date_table);
	RUN(parse_period_table);
	RUN(parse_money_table);
	RUN(parse_money_cell);
	RUN(money_format_table);
	RUN(parse_year_count);
	RUN(yesno);
	RUN(policy);
	RUN(household_monitor_type);
	RUN(health);
	RUN(work_status);
	RUN(school_status);
	RUN(status);
	RUN(lj_vocabularies);
	RUN(phones);
	RUN(water_words);
	RUN(normalizers);
	RUN(trim);
	RUN(utf8);
	return check_done();
}
