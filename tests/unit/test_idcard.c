/*
 * test_idcard.c - ID numbers (SPEC §3, GB 11643-1999).
 *
 * Check characters of the test IDs below were computed by hand with the
 * ISO 7064 MOD 11-2 formula, not with the code under test:
 *   sum = Σ d[i] * w[i], w = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 *   check = "10X98765432"[sum % 11]
 *
 *   11010519491231002?  GB 11643 example: 7+9+0+5+0+20+2+9+24+27+7+18+30+
 *                       5+0+0+4 = 167, 167 % 11 = 2 -> 'X'
 *   44052418800101001?  GB 11643 example (born 1880), taken as given: '4'
 * Our own IDs:
 *   41052219900101123?  28+9+0+25+16+8+2+9+54+0+0+9+0+5+8+8+6 = 187,
 *                       187 % 11 = 0 -> '1'   => 410522199001011231
 *   41052220100630001?  28+9+0+25+16+8+4+0+6+0+0+54+30+0+0+0+2 = 182,
 *                       182 % 11 = 6 -> '6'   => 410522201006300016
 *   11010520000229002?  7+9+0+5+0+20+4+0+0+0+0+18+20+45+0+0+4 = 132,
 *                       132 % 11 = 0 -> '1'   => 110105200002290021 (leap day)
 *   11010519900230001?  7+9+0+5+0+20+2+9+54+0+0+18+30+0+0+0+2 = 156,
 *                       156 % 11 = 2 -> 'X'   => 11010519900230001X (Feb 30)
 *   11010519901301001?  7+9+0+5+0+20+2+9+54+0+7+27+0+5+0+0+2 = 147,
 *                       147 % 11 = 4 -> '8'   => 110105199013010018 (month 13)
 *   11010520300101001?  7+9+0+5+0+20+4+0+18+0+0+9+0+5+0+0+2 = 79,
 *                       79 % 11 = 2 -> 'X'    => 11010520300101001X (born 2030)
 *   41052220100630011?  182 + 1*4 = 186 (41052220100630001 with a 1 in the
 *                       16th place, weight 4), 186 % 11 = 10 -> '2'
 *                                            => 410522201006300112
 *   41052220100630008?  182 - 1*2 + 8*2 = 196 (last digit 8), 196 % 11 = 9 -> '3'
 *                                            => 410522201006300083
 */
#include "check.h"
#include "idcard.h"
#include "vocab.h"

static int32_t ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

#define REF ymd(2024, 6, 30)

static const struct {
	const char *in;
	bool numeric;
	int status;
	int notice;
	const char *id;      /* expected normalized ID when usable */
	const char *birth;   /* expected birth date when usable */
} cases[] = {
	/* the standard's examples */
	{ "11010519491231002X", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "440524188001010014", false, DQ04, 0, NULL, NULL },       /* born 1880 */
	{ "110105491231002", false, 0, DQ06, "11010519491231002X", "1949-12-31" },
	/* our own valid IDs */
	{ "410522199001011231", false, 0, 0, "410522199001011231", "1990-01-01" },
	{ "110105200002290021", false, 0, 0, "110105200002290021", "2000-02-29" },
	{ "410522201006300112", false, 0, 0, "410522201006300112", "2010-06-30" },
	{ "410522201006300083", false, 0, 0, "410522201006300083", "2010-06-30" },
	/* normalization */
	{ "１１０１０５１９４９１２３１００２Ｘ", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "１１０１０５１９４９１２３１００２ｘ", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "=\"11010519491231002X\"", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "'11010519491231002X", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "\t11010519491231002X", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "11010519491231002x", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "110105 19491231 002X", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "\xE3\x80\x80 11010519491231002X\xC2\xA0 ", false, 0, 0, "11010519491231002X", "1949-12-31" },
	{ "1101 0519 4912 3100 2X", false, 0, 0, "11010519491231002X", "1949-12-31" },
	/* destroyed by a spreadsheet */
	{ "4.10522E+17", false, DQ05, 0, NULL, NULL },
	{ "4.10522e17", false, DQ05, 0, NULL, NULL },
	{ "4.1052219900101E+17", false, DQ05, 0, NULL, NULL },
	{ "410522199001011231", true, DQ05, 0, NULL, NULL },       /* numeric xlsx cell */
	/* birth date impossible */
	{ "11010519900230001X", false, DQ04, 0, NULL, NULL },       /* Feb 30 */
	{ "110105199013010018", false, DQ04, 0, NULL, NULL },       /* month 13 */
	{ "11010520300101001X", false, DQ04, 0, NULL, NULL },       /* after R */
	{ "110105491301002", false, DQ04, 0, NULL, NULL },          /* 15 digits, month 13 */
	/* check character */
	{ "110105194912310021", false, DQ03, 0, NULL, NULL },
	{ "410522199001011232", false, DQ03, 0, NULL, NULL },
	/* malformed */
	{ "11010519491231002", false, DQ02, 0, NULL, NULL },        /* 17 chars */
	{ "1101051949123100211", false, DQ02, 0, NULL, NULL },      /* 19 chars */
	{ "11010519491231002Y", false, DQ02, 0, NULL, NULL },
	{ "A1010519491231002X", false, DQ02, 0, NULL, NULL },
	{ "11010519491231X002", false, DQ02, 0, NULL, NULL },
	{ "张三", false, DQ02, 0, NULL, NULL },
	{ "11010519491231002X张", false, DQ02, 0, NULL, NULL },
	{ "-", false, DQ02, 0, NULL, NULL },
	/* missing */
	{ "", false, DQ01, 0, NULL, NULL },
	{ "   ", false, DQ01, 0, NULL, NULL },
	{ "\xE3\x80\x80", false, DQ01, 0, NULL, NULL },
	{ "999999999999999999", false, DQ01, 0, NULL, NULL },
	{ "999999199001011231", false, DQ01, 0, NULL, NULL },
	/* 残疾人证号: ID + category + grade digits */
	{ "11010519491231002X11", false, 0, DQ12, "11010519491231002X", "1949-12-31" },
	{ "4105221990010112314102", false, 0, DQ12, "410522199001011231", "1990-01-01" },
	{ "11010519491231002111", false, DQ03, 0, NULL, NULL },    /* bad check in the ID part */
	{ "11010519491231002XA1", false, DQ02, 0, NULL, NULL },
	{ "11010519491231002X1", false, DQ02, 0, NULL, NULL },     /* 19 chars */
	{ "11010519491231002X123", false, DQ02, 0, NULL, NULL },   /* 21 chars */
};

TEST(parse_table)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		idcard c;
		int rc = idcard_parse(cases[i].in, strlen(cases[i].in), REF, cases[i].numeric, &c);
		CHECK(rc == cases[i].status, "'%s': status %d, want %d", cases[i].in, rc, cases[i].status);
		CHECK(c.status == rc, "'%s': out->status", cases[i].in);
		CHECK(c.notice == cases[i].notice, "'%s': notice %d, want %d", cases[i].in, c.notice, cases[i].notice);
		if (cases[i].id && rc == 0) {
			CHECK_STR(c.id, cases[i].id);
			char b[11];
			date_format(c.birth, b);
			CHECK_STR(b, cases[i].birth);
			char back[19];
			idcard_unpack(c.key, back);
			CHECK_STR(back, cases[i].id);
		}
	}
}

TEST(ref_date_boundary)
{
	idcard c;
	const char *id = "410522201006300016";   /* born 2010-06-30 */
	CHECK_INT(idcard_parse(id, 18, ymd(2010, 6, 30), false, &c), 0);
	CHECK_INT(idcard_parse(id, 18, ymd(2010, 6, 29), false, &c), DQ04);
	/* 1900-01-01 is the earliest birth date accepted:
	 * 11010519000101001? 7+9+0+5+0+20+2+9+0+0+0+9+0+5+0+0+2 = 68, 68 % 11 = 2 -> X
	 * 11010518991231001? 7+9+0+5+0+20+2+8+54+27+7+18+30+5+0+0+2 = 194,
	 *                    194 % 11 = 7 -> '5' */
	CHECK_INT(idcard_parse("11010519000101001X", 18, REF, false, &c), 0);
	CHECK_INT(idcard_parse("110105189912310015", 18, REF, false, &c), DQ04);
}

TEST(dq03_keeps_id_for_messages)
{
	idcard c;
	CHECK_INT(idcard_parse("110105194912310021", 18, REF, false, &c), DQ03);
	CHECK_STR(c.id, "110105194912310021");
	CHECK_INT(idcard_parse("", 0, REF, false, &c), DQ01);
	CHECK_STR(c.id, "");
}

TEST(check_char)
{
	/* every remainder 0..10 once: only the last digit (weight 2) or the
	 * second (weight 9) set, so sum = 2d or 9 */
	static const struct { const char *d17; char want; } rem[] = {
		{ "00000000000000000", '1' },   /* sum 0,  rem 0 */
		{ "00000000000000006", '0' },   /* sum 12, rem 1 */
		{ "00000000000000001", 'X' },   /* sum 2,  rem 2 */
		{ "00000000000000007", '9' },   /* sum 14, rem 3 */
		{ "00000000000000002", '8' },   /* sum 4,  rem 4 */
		{ "00000000000000008", '7' },   /* sum 16, rem 5 */
		{ "00000000000000003", '6' },   /* sum 6,  rem 6 */
		{ "00000000000000009", '5' },   /* sum 18, rem 7 */
		{ "00000000000000004", '4' },   /* sum 8,  rem 8 */
		{ "01000000000000000", '3' },   /* sum 9,  rem 9 */
		{ "00000000000000005", '2' },   /* sum 10, rem 10 */
	};
	for (size_t i = 0; i < sizeof rem / sizeof rem[0]; i++)
		CHECK(idcard_check_char(rem[i].d17) == rem[i].want, "%s: got %c, want %c",
		      rem[i].d17, idcard_check_char(rem[i].d17), rem[i].want);
	CHECK(idcard_check_char("11010519491231002") == 'X', "GB example");
	CHECK(idcard_check_char("44052418800101001") == '4', "GB example 2");
	CHECK(idcard_check_char("41052219900101123") == '1', "own 1");
	CHECK(idcard_check_char("41052220100630001") == '6', "own 2");
	CHECK(idcard_check_char("11010519901301001") == '8', "own 3");
}

TEST(pack_unpack)
{
	/* 11010519491231002 * 11 + 10 = 121115714403541022 + 10 */
	CHECK(idcard_pack("11010519491231002X") == 121115714403541032ULL, "pack X");
	/* 41052219900101123 * 11 + 1 = 451574418901112353 + 1 */
	CHECK(idcard_pack("410522199001011231") == 451574418901112354ULL, "pack 1");
	const char *ids[] = { "11010519491231002X", "410522199001011231", "000000190001010000",
	                      "99999999991231999X", "110105200002290021" };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		char out[19];
		idcard_unpack(idcard_pack(ids[i]), out);
		CHECK_STR(out, ids[i]);
	}
	/* different IDs, different keys (check value is the low "digit") */
	CHECK(idcard_pack("410522199001011231") != idcard_pack("410522199001011230"), "distinct");
}

TEST(age_sex_region)
{
	int32_t b = ymd(2010, 6, 30);
	CHECK_INT(idcard_age(b, ymd(2024, 6, 29)), 13);   /* birthday eve */
	CHECK_INT(idcard_age(b, ymd(2024, 6, 30)), 14);   /* birthday */
	CHECK_INT(idcard_age(b, ymd(2023, 9, 1)), 13);
	CHECK_INT(idcard_age(b, b), 0);
	int32_t leap = ymd(2000, 2, 29);
	CHECK_INT(idcard_age(leap, ymd(2001, 2, 28)), 0);
	CHECK_INT(idcard_age(leap, ymd(2001, 3, 1)), 1);
	CHECK_INT(idcard_age(leap, ymd(2004, 2, 29)), 4);
	CHECK_INT(idcard_age(leap, ymd(2004, 2, 28)), 3);
	CHECK_INT(idcard_sex("11010519491231002X"), 2);   /* 17th digit 2: female */
	CHECK_INT(idcard_sex("410522201006300016"), 1);   /* 17th digit 1: male */
	CHECK_INT(idcard_region("11010519491231002X"), 110105);
	CHECK_INT(idcard_region("410522199001011231"), 410522);
}

TEST(normalize_display)
{
	char out[64];
	size_t n = idcard_normalize(" ='4.10522e+17' ", 16, out, sizeof out);
	CHECK_STR(out, "='4.10522E+17'");
	CHECK_INT(n, 14);
	n = idcard_normalize("=\"１１０ １０５\"", strlen("=\"１１０ １０５\""), out, sizeof out);
	CHECK_STR(out, "110105");
	n = idcard_normalize("1234567890", 10, out, 4);
	CHECK_STR(out, "123");
	CHECK_INT(n, 10);
	n = idcard_normalize(" 张 1x ", strlen(" 张 1x "), out, sizeof out);
	CHECK_STR(out, "张1X");
}

TEST(dq_table)
{
	CHECK_STR(dq_name(DQ01), "DQ01");
	CHECK_STR(dq_name(DQ13), "DQ13");
	CHECK_STR(dq_name(0), "");
	CHECK_STR(dq_name(99), "");
	for (int c = DQ01; c < DQ_COUNT; c++)
		CHECK(dq_desc(c)[0] != '\0', "desc of %d", c);
	int rej[] = { DQ01, DQ02, DQ03, DQ04, DQ05, DQ07, DQ08, DQ13 };
	int used[] = { DQ06, DQ09, DQ10, DQ11, DQ12 };
	for (size_t i = 0; i < sizeof rej / sizeof rej[0]; i++)
		CHECK(dq_rejects(rej[i]), "%d rejects", rej[i]);
	for (size_t i = 0; i < sizeof used / sizeof used[0]; i++)
		CHECK(!dq_rejects(used[i]), "%d is used", used[i]);
	CHECK(!dq_rejects(0), "none");
}

int main(void)
{
	RUN(parse_table);
	RUN(ref_date_boundary);
	RUN(dq03_keeps_id_for_messages);
	RUN(check_char);
	RUN(pack_unpack);
	RUN(age_sex_region);
	RUN(normalize_display);
	RUN(dq_table);
	return check_done();
}
