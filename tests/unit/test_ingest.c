/*
 * test_ingest.c - ingest_run() over hand-written CSV exports: header
 * detection (title rows, blank rows, alias variants, --header-row), row
 * numbers, DQ findings per SPEC §5 (which code, which column, used or
 * rejected), sink rejections, the account, the record values, and the
 * record stream round trip (writer -> recstream_read).
 *
 * IDs were made with tests/mkid.py (an independent MOD 11-2
 * implementation); 11010519491231002X is the example of GB 11643.
 */
#include "check.h"
#include "idcard.h"
#include "ingest.h"
#include "quality.h"
#include "vocab.h"
#include <stdlib.h>
#include <unistd.h>

#define ID_A "11010519491231002X"
#define ID_B "410522198001011237"
#define ID_C "41052220100315456X"
#define ID_D "410522197511200113"

static char tmpdir[] = "/tmp/dz-test-ingest-XXXXXX";

/* A sink that renders records as text and can reject chosen rows. */
typedef struct capture {
	strbuf out;
	long reject_row;     /* reject this row ... */
	int reject_code;     /* ... with this code */
	int begins, ends;
	src_account acct;    /* as passed to end() */
	bool present[F_COUNT];
} capture;

static int cap_begin(void *ctx, const src_info *info)
{
	capture *c = ctx;
	c->begins++;
	memcpy(c->present, info->present, sizeof c->present);
	return 0;
}

static int cap_record(void *ctx, const dzrec *r)
{
	capture *c = ctx;
	if (r->row == c->reject_row)
		return c->reject_code;
	sb_addf(&c->out, "%ld", r->row);
	for (int f = 0; f < F_COUNT; f++) {
		if (!c->present[f])
			continue;
		CHECK(strlen(r->v[f]) == r->n[f], "row %ld field %s: n %u", r->row, field_name((enum field)f), r->n[f]);
		sb_addf(&c->out, " %s=%s", field_name((enum field)f), r->v[f]);
		if (r->num[f] != NUM_UNKNOWN && field_type((enum field)f) != FT_ID)
			sb_addf(&c->out, "(%lld)", (long long)r->num[f]);
	}
	sb_addc(&c->out, '\n');
	return 0;
}

static int cap_end(void *ctx, const src_info *info, const src_account *a)
{
	capture *c = ctx;
	(void)info;
	c->ends++;
	c->acct = *a;
	return 0;
}

static const char *write_file(const char *name, const char *data)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	fputs(data, fp);
	fclose(fp);
	return path;
}

/* Quality findings as "row,column,raw,DQxx,note\n" (note "" = default). */
static void render_q(const quality_log *q, strbuf *sb)
{
	sb_reset(sb);
	for (size_t i = 0; i < q->items.n; i++) {
		const dq_finding *f = &q->items.v[i];
		sb_addf(sb, "%ld,%s,%s,%s,%s\n", f->row, f->column, f->raw, dq_name(f->code), f->note);
	}
}

typedef struct run {
	capture cap;
	quality_log q;
	src_account acct;
	dzerr err;
	int rc;
	strbuf qtext;
} run;

static void do_run(run *r, int kind, const char *path, int header_row, const alias_extra *extra, size_t nextra)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->cap.out);
	sb_init(&r->qtext);
	quality_init(&r->q);
	rec_sink sink = { cap_begin, cap_record, cap_end, &r->cap };
	ingest_opts o = {
		.kind = kind, .path = path, .display = "t.csv", .period = "2024-06",
		.ref_days = date_month_end(2024, 6), .header_row = header_row,
		.extra = extra, .nextra = nextra,
	};
	r->rc = ingest_run(&o, &sink, &r->q, &r->acct, &r->err);
	quality_sort(&r->q);
	render_q(&r->q, &r->qtext);
}

static void release_run(run *r)
{
	sb_release(&r->cap.out);
	sb_release(&r->qtext);
	quality_release(&r->q);
}

#define CHECK_TEXT(got, want) CHECK(!strcmp((got), (want)), "\n--- got\n%s--- want\n%s", (got), (want))

/* Title rows, a blank row, alias variants in the header; row numbers count them. */
TEST(header_after_titles)
{
	const char *p = write_file("titles.csv",
		"2024年6月城乡居民医保参保名单\n"
		"填报单位：某县医疗保障局,,,,\n"
		"\n"
		"序号,公民身份号码,姓  名,参 保 状 态,参保年度（年）\n"
		"1," ID_A ",张三,正常,2024\n"
		"2," ID_B ",\"李\n四\",停保,2024.0\n"
		",,,,\n"
		"3,'" ID_C ",王五,,\n");
	run r;
	do_run(&r, KIND_MED_ENROLL, p, 0, NULL, 0);
	CHECK(r.rc == 0, "rc %d: %s", r.rc, r.err.msg);
	CHECK_TEXT(r.cap.out.buf,
		"5 id=" ID_A " name=张三 status=正常(1) year=2024(2024)\n"
		"6 id=" ID_B " name=李 四 status=停保(0) year=2024(2024)\n"
		"9 id=" ID_C " name=王五 status= year=\n");
	CHECK_INT(r.acct.read, 3);
	CHECK_INT(r.acct.used, 3);
	CHECK_INT(r.acct.rejected, 0);
	CHECK_INT(r.cap.begins, 1);
	CHECK_INT(r.cap.ends, 1);
	CHECK_TEXT(r.qtext.buf, "");
	CHECK(!r.cap.present[F_TOWNSHIP] && r.cap.present[F_YEAR], "present");
	release_run(&r);
}

/* Record values never hold tab, CR or LF. */
TEST(values_sanitized)
{
	const char *p = write_file("nl.csv",
		"证件号码,姓名\n"
		ID_A ",\"张\r\n三\t丰\"\n");
	run r;
	do_run(&r, KIND_DEATH, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf, "2 id=" ID_A " name=张  三 丰\n");
	release_run(&r);
}

/* Every DQ code ingest can give, on its column, used or rejected as SPEC §5 says. */
TEST(dq_findings)
{
	const char *p = write_file("dq.csv",
		"证件号码,姓名,保障状态,保障开始日期,月保障金（元）,备注\n"   /* 1 */
		ID_A ",甲,正常,2024-06-01,500\n"                              /* 2: 5 fields: DQ08 */
		ID_A ",甲,正常,2024-06-01,500,\n"                             /* 3: used */
		"410522198001011238,乙,正常,,,\n"                             /* 4: DQ03 */
		",丙,正常,,,\n"                                              /* 5: DQ01 */
		"999999199001010011,丁,正常,,,\n"                             /* 6: DQ01 */
		"4.10522E+17,戊,正常,,,\n"                                    /* 7: DQ05 */
		"110105491231002,己,正常,,,\n"                                /* 8: DQ06 used */
		ID_B "12,庚,在保中,2024/13/01,-5,\n"                          /* 9: DQ12, DQ10, DQ11, DQ11 */
		ID_C ",辛,,20240615,\"1,234.5\",x,y\n"                        /* 10: extra non-empty: DQ08 */
		ID_D ",壬,停保,2024年6月3日,300元,,\n"                        /* 11: extra empty cell: fine */
		"\n"                                                         /* 12 */
		"\"" ID_D "\",\"癸\n\",退出,,,\"\n");                          /* 13: unterminated */
	run r;
	diag_quiet = 1;
	do_run(&r, KIND_DIBAO, p, 0, NULL, 0);
	diag_quiet = 0;
	CHECK(r.rc == 0, "rc %d: %s", r.rc, r.err.msg);
	CHECK_TEXT(r.cap.out.buf,
		"3 id=" ID_A " name=甲 status=正常(1) start_date=2024-06-01(19875) amount=500.00(50000)\n"
		"8 id=" ID_A " name=己 status=正常(1) start_date= amount=\n"
		"9 id=" ID_B "12 name=庚 status=在保中 start_date=2024/13/01 amount=-5\n"   /* a 残疾人证号 keeps its digits */
		"11 id=" ID_D " name=壬 status=停保(0) start_date=2024-06-03(19877) amount=300.00(30000)\n");
	CHECK_TEXT(r.qtext.buf,
		"2,," ID_A ",甲,正常,2024-06-01,500,DQ08,行格式错误：本行 5 个字段，表头 6 列\n"
		"4,证件号码,410522198001011238,DQ03,\n"
		"5,证件号码,,DQ01,\n"
		"6,证件号码,999999199001010011,DQ01,\n"
		"7,证件号码,4.10522E+17,DQ05,\n"
		"8,证件号码,110105491231002,DQ06,\n"
		"9,保障状态,在保中,DQ10,\n"
		"9,保障开始日期,2024/13/01,DQ11,\n"
		"9,月保障金（元）,-5,DQ11,金额为负数（只有医保结算允许负数）\n"
		"9,证件号码," ID_B "12,DQ12,\n"
		"10,," ID_C ",辛,,20240615,1,234.5,x,y,DQ08,行格式错误：本行 7 个字段，表头 6 列\n"
		"13,," ID_D ",癸\n,退出,,,DQ08,行格式错误：引号未闭合（直到文件末尾）\n");
	CHECK_INT(r.acct.read, 11);
	CHECK_INT(r.acct.used, 4);
	CHECK_INT(r.acct.rejected, 7);
	CHECK_INT(r.acct.by_code[DQ08], 3);
	CHECK_INT(r.acct.by_code[DQ01], 2);
	CHECK_INT(r.acct.by_code[DQ11], 2);
	CHECK_INT(r.acct.by_code[DQ12], 1);
	CHECK_INT(r.cap.acct.read, 11);
	CHECK_INT(r.cap.acct.rejected, 7);
	strbuf line;
	sb_init(&line);
	ingest_account_line(&line, "t.csv", &r.acct);
	CHECK_STR(line.buf, "t.csv: 读入 11 行，使用 4，拒收 7 (DQ01 2, DQ03 1, DQ05 1, DQ08 3)"
	                    "；已使用行的提示 DQ06 1, DQ10 1, DQ11 2, DQ12 1");
	sb_release(&line);
	release_run(&r);
}

/* Bad bytes: DQ09 on a mapped column; one DQ09 without column for the
 * unmapped ones; the row stays used. */
TEST(bad_bytes)
{
	const char *p = write_file("bb.csv",
		"证件号码,姓名,备注,其他\n"
		ID_A ",张\xFF,x\xFE,y\xFD\n"
		ID_B ",李,ok,ok\n");
	run r;
	do_run(&r, KIND_DEATH, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf, "2 id=" ID_A " name=张\xEF\xBF\xBD\n3 id=" ID_B " name=李\n");
	CHECK_TEXT(r.qtext.buf,
		"2,姓名,张\xEF\xBF\xBD,DQ09,\n"
		"2,,,DQ09,未映射的列中含有无效字节（已替换）\n");
	CHECK_INT(r.acct.used, 2);
	release_run(&r);
}

/* The consumer rejects a row (e.g. a duplicate roster ID): counted and
 * logged against the key column; the row's notices are not logged. */
TEST(sink_rejects)
{
	const char *p = write_file("dup.csv",
		"身份证号码,姓名\n"
		ID_A ",张三\n"
		"110105491231002,张三\n");
	run r;
	memset(&r, 0, sizeof r);
	sb_init(&r.cap.out);
	sb_init(&r.qtext);
	quality_init(&r.q);
	r.cap.reject_row = 3;
	r.cap.reject_code = DQ07;
	rec_sink sink = { cap_begin, cap_record, cap_end, &r.cap };
	ingest_opts o = { .kind = KIND_ROSTER, .path = p, .period = "2024-06",
	                  .ref_days = date_month_end(2024, 6) };
	r.rc = ingest_run(&o, &sink, &r.q, &r.acct, &r.err);
	render_q(&r.q, &r.qtext);
	CHECK_TEXT(r.qtext.buf, "3,身份证号码,110105491231002,DQ07,\n");
	CHECK_INT(r.acct.read, 2);
	CHECK_INT(r.acct.used, 1);
	CHECK_INT(r.acct.rejected, 1);
	CHECK_INT(r.acct.by_code[DQ07], 1);
	CHECK_INT(r.acct.by_code[DQ06], 0);
	CHECK_STR(r.q.items.v[0].file, "dup.csv");    /* display defaults to the base name */
	release_run(&r);
}

/* Kinds keyed by 户编号 or 乡镇+行政村 reject rows with an empty key (DQ01). */
TEST(other_keys)
{
	const char *p = write_file("hh.csv",
		"户编号,乡镇,行政村,人均纯收入(元),监测对象类别\n"
		"H001,城关镇,东关村,\"6,800.00\",边缘易致贫户\n"
		"\"\xE3\x80\x80 \",城关镇,东关村,7000,\n");     /* U+3000 and a space */
	run r;
	do_run(&r, KIND_HOUSEHOLD, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf,
		"2 township=城关镇 village=东关村 household_id=H001 monitor_type=边缘易致贫户(2) income_pc=6800.00(680000)\n");
	CHECK_TEXT(r.qtext.buf, "3,户编号,\xE3\x80\x80 ,DQ01,键字段为空：户编号\n");
	release_run(&r);

	p = write_file("water.csv",
		"乡镇,行政村,水质检测结果,供水保障情况\n"
		"城关镇,东关村,不合格,正常\n"
		"城关镇,,合格,缺水\n");
	do_run(&r, KIND_WATER, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf, "2 township=城关镇 village=东关村 quality=不合格(1) supply=正常(0)\n");
	CHECK_TEXT(r.qtext.buf, "3,行政村,,DQ01,键字段为空：行政村\n");
	release_run(&r);
}

/* Policy columns; empty means no there.  Negative amounts in med_claims. */
TEST(policy_and_claims)
{
	const char *p = write_file("roster.csv",
		"证件号码,享受低保政策情况,是否特困供养,监测对象类别,在校生状况\n"
		ID_A ",农村低保,否,,\n"
		ID_B ",,√,脱贫不稳定户,七年级\n"
		ID_C ",低保户,是,,高二\n");
	run r;
	do_run(&r, KIND_ROSTER, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf,
		"2 id=" ID_A " monitor_type=(0) school_status=(0) dibao=是(1) tekun=否(0)\n"
		"3 id=" ID_B " monitor_type=脱贫不稳定户(1) school_status=七年级(2) dibao=否(0) tekun=是(1)\n"
		"4 id=" ID_C " monitor_type=(0) school_status=高二 dibao=低保户 tekun=是(1)\n");
	CHECK_TEXT(r.qtext.buf, "4,在校生状况,高二,DQ10,\n4,享受低保政策情况,低保户,DQ10,\n");
	release_run(&r);

	p = write_file("claims.csv",
		"证件号码,结算日期,个人现金支付（元）\n"
		ID_A ",2024-05-01 10:22:00,-120.505\n");
	do_run(&r, KIND_MED_CLAIMS, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf, "2 id=" ID_A " date=2024-05-01(19844) oop=-120.51(-12051)\n");
	CHECK_TEXT(r.qtext.buf, "");
	release_run(&r);
}

/* --header-row, configured aliases. */
TEST(header_row_option)
{
	const char *p = write_file("hr.csv",
		"证件号码,说明\n"          /* looks like a header, but row 3 is the real one */
		"x,y\n"
		"人员证件号,死亡时间\n"
		ID_A ",2024-06-30\n");
	alias_extra extra[] = { { F_ID, "人员证件号" }, { F_DATE, "死亡时间" } };
	run r;
	do_run(&r, KIND_DEATH, p, 3, extra, 2);
	CHECK(r.rc == 0, "rc %d: %s", r.rc, r.err.msg);
	CHECK_TEXT(r.cap.out.buf, "4 id=" ID_A " date=2024-06-30(19904)\n");
	release_run(&r);

	do_run(&r, KIND_DEATH, p, 2, NULL, 0);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'t.csv': no 证件号码 for kind death in row 2; headers found (row 2): x, y");
	CHECK_INT(r.cap.begins, 0);
	release_run(&r);

	do_run(&r, KIND_DEATH, p, 9, NULL, 0);
	CHECK_STR(r.err.msg, "'t.csv': header row 9 not found");
	release_run(&r);
}

/* Fatal: no key column (message lists the headers found); only blank rows. */
TEST(fatal_sources)
{
	const char *p = write_file("nokey.csv",
		"医保参保名单\n"
		"姓名,乡镇,参保状态\n"
		"张三,城关镇,正常\n");
	run r;
	do_run(&r, KIND_MED_ENROLL, p, 0, NULL, 0);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'t.csv': no 证件号码 for kind med_enroll in the first 20 rows; "
	                     "headers found (row 2): 姓名, 乡镇, 参保状态");
	CHECK_INT(r.acct.fatal, DZ_EXIT_DATA);
	release_run(&r);

	p = write_file("blank.csv", "\n\r\n ,  ,\n");
	do_run(&r, KIND_MED_ENROLL, p, 0, NULL, 0);
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.err.msg, "'t.csv': empty file (no rows with data)");
	release_run(&r);

	p = write_file("water2.csv", "乡镇,供水工程\n城关镇,一号\n");
	do_run(&r, KIND_WATER, p, 0, NULL, 0);
	CHECK_STR(r.err.msg, "'t.csv': no 乡镇 and 行政村 columns for kind water in the first 20 rows; "
	                     "headers found (row 1): 乡镇, 供水工程");
	release_run(&r);
}

/* The header is the row matching most fields among the first 20 non-blank rows. */
TEST(header_best_of_twenty)
{
	strbuf in;
	sb_init(&in);
	for (int i = 0; i < 19; i++)
		sb_addf(&in, "标题%d\n\n", i);          /* 19 title rows, 19 blank rows */
	sb_adds(&in, "证件号码,姓名\n" ID_A ",张三\n");
	const char *p = write_file("late.csv", in.buf);
	run r;
	do_run(&r, KIND_DEATH, p, 0, NULL, 0);
	CHECK(r.rc == 0, "rc %d: %s", r.rc, r.err.msg);
	CHECK_TEXT(r.cap.out.buf, "40 id=" ID_A " name=张三\n");
	release_run(&r);

	/* a 21st non-blank row is too late */
	sb_reset(&in);
	for (int i = 0; i < 20; i++)
		sb_addf(&in, "标题%d\n", i);
	sb_adds(&in, "证件号码,姓名\n" ID_A ",张三\n");
	p = write_file("late2.csv", in.buf);
	do_run(&r, KIND_DEATH, p, 0, NULL, 0);
	CHECK_INT(r.rc, -1);
	release_run(&r);
	sb_release(&in);

	/* more matching fields win over an earlier row that also has the key */
	p = write_file("two.csv",
		"证件号码,备注\n"
		"证件号码,姓名,死亡日期\n"
		ID_A ",张三,2024-01-02\n");
	do_run(&r, KIND_DEATH, p, 0, NULL, 0);
	CHECK_TEXT(r.cap.out.buf, "3 id=" ID_A " name=张三 date=2024-01-02(19724)\n");
	release_run(&r);
}

/* The stream writer and reader: reading back gives the same records. */
TEST(stream_round_trip)
{
	const char *p = write_file("rt.csv",
		"证件号码,姓名,保障状态,保障开始日期,月保障金\n"
		ID_A ",张三,,2024/6/1,\"1,000\"\n"
		"bad,李四,正常,,\n"
		"110105491231002,王五,在保中,,12.345\n");
	char spath[256];
	snprintf(spath, sizeof spath, "%s/rt.rec", tmpdir);
	FILE *fp = fopen(spath, "w");
	recstream_writer *w = recstream_writer_new(fp);
	rec_sink ws = recstream_writer_sink(w);
	quality_log q;
	quality_init(&q);
	src_account acct;
	dzerr err = { 0 };
	ingest_opts o = { .kind = KIND_TEKUN, .path = p, .display = "rt.csv", .name = "特困",
	                  .period = "2024-06", .ref_days = date_month_end(2024, 6) };
	CHECK(ingest_run(&o, &ws, &q, &acct, &err) == 0, "%s", err.msg);
	CHECK(!recstream_writer_error(w), "write error");
	recstream_writer_free(w);
	fclose(fp);
	quality_release(&q);

	fp = fopen(spath, "r");
	char text[2048];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	text[n] = '\0';
	fclose(fp);
	CHECK_TEXT(text,
		"#dz-records 2\tkind=tekun\tsource=特困\tfile=rt.csv\tperiod=2024-06\n"
		"_row\tid\tname\tstatus\tstart_date\tamount\n"
		"2\t" ID_A "\t张三\t\t2024-06-01\t1000.00\n"
		"4\t" ID_A "\t王五\t?在保中\t\t12.35\n"
		"#end\tread=3\tused=2\trejected=1\tDQ02=1\tDQ06=1\tDQ10=1\n");

	/* read back; the consumer rejects row 4 */
	run r;
	memset(&r, 0, sizeof r);
	sb_init(&r.cap.out);
	sb_init(&r.qtext);
	quality_init(&r.q);
	r.cap.reject_row = 4;
	r.cap.reject_code = DQ07;
	rec_sink cs = { cap_begin, cap_record, cap_end, &r.cap };
	CHECK(recstream_read(spath, &cs, &r.q, 5, &err) == 0, "%s", err.msg);
	CHECK_TEXT(r.cap.out.buf,
		"2 id=" ID_A " name=张三 status=(1) start_date=2024-06-01(19875) amount=1000.00(100000)\n");
	CHECK_INT(r.cap.acct.read, 3);
	CHECK_INT(r.cap.acct.used, 1);
	CHECK_INT(r.cap.acct.rejected, 2);
	CHECK_INT(r.cap.acct.by_code[DQ07], 1);
	CHECK_INT(r.cap.acct.by_code[DQ02], 1);
	render_q(&r.q, &r.qtext);
	CHECK_TEXT(r.qtext.buf, "4,证件号码," ID_A ",DQ07,\n");
	CHECK_INT(r.q.items.v[0].source, 5);
	CHECK_STR(r.q.items.v[0].file, "rt.csv");
	release_run(&r);

	/* damaged streams */
	static const struct { const char *text; const char *msg; } bad[] = {
		{ "hello\n", "'bad.rec': not a dz record stream (see docs/records.md)" },
		{ "#dz-records 1\tkind=tekun\tperiod=2024-06\n_row\n#end\tread=0\tused=0\trejected=0\n",
		  "'bad.rec': record stream version 1 is not supported (this dz reads version 2)" },
		{ "#dz-records 2\tkind=tekun\tperiod=2024-06\n_row\tid\n1\t" ID_A "\n",
		  "'bad.rec': the stream ends without its #end line (truncated?)" },
		{ "#dz-records 2\tkind=tekun\tperiod=2024-06\n_row\tid\n1\t" ID_A "\t\n#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': line 3: wrong number of values" },
		{ "#dz-records 2\tkind=tekun\tperiod=2024-06\n_row\tid\n1\t410522198001011238\n#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': line 3: invalid ID number" },
		{ "#dz-records 2\tkind=tekun\tperiod=2024-06\n_row\tid\n1\t" ID_A "\n#end\tread=2\tused=2\trejected=0\n",
		  "'bad.rec': damaged stream: 1 records, but the #end line says used=2" },
		{ "#dz-records 2\tkind=tekun\tperiod=2024-06\n_row\tid\tyear\n#end\tread=0\tused=0\trejected=0\n",
		  "'bad.rec': line 2: column line names a field this kind does not have" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *bp = write_file("bad.rec", bad[i].text);
		capture c;
		memset(&c, 0, sizeof c);
		sb_init(&c.out);
		rec_sink s = { cap_begin, cap_record, cap_end, &c };
		memset(&err, 0, sizeof err);
		CHECK(recstream_read(bp, &s, NULL, 0, &err) == -1, "case %zu accepted", i);
		CHECK_INT(err.status, DZ_EXIT_DATA);
		CHECK_STR(err.msg, bad[i].msg);
		sb_release(&c.out);
	}
}

/* The quality log: raw values cut at 200 bytes on a character boundary,
 * stable sort by (source, row, code), merge, the CSV file. */
TEST(quality_log)
{
	quality_log a, b;
	quality_init(&a);
	quality_init(&b);
	char raw[300];
	memset(raw, 'a', 199);
	memcpy(raw + 199, "张三", 6);       /* 张 would straddle byte 200 */
	quality_add(&a, 1, "dibao", "d.csv", 9, "姓名", raw, 205, DQ09, "");
	quality_add(&a, 1, "dibao", "d.csv", 3, "证件号码", "x", 1, DQ02, "");
	quality_add(&a, 1, "dibao", "d.csv", 3, "", "=1+1", 4, DQ08, "行格式错误：测试");
	quality_add(&a, 1, "dibao", "d.csv", 9, "月保障金", "-5", 2, DQ09, NULL);
	quality_add(&b, 0, "roster", "r.csv", 20, "证件号码", "y", 1, DQ07, "");
	CHECK_INT(strlen(a.items.v[0].raw), 199);
	quality_merge(&b, &a);
	quality_sort(&b);
	CHECK_INT(b.items.n, 5);
	CHECK_STR(b.items.v[0].kind, "roster");
	CHECK_INT(b.items.v[1].row, 3);
	CHECK_INT(b.items.v[1].code, DQ02);
	CHECK_INT(b.items.v[2].code, DQ08);
	CHECK_STR(b.items.v[3].column, "姓名");        /* same row and code: insertion order */
	CHECK_STR(b.items.v[4].column, "月保障金");
	char path[256];
	snprintf(path, sizeof path, "%s/q.csv", tmpdir);
	FILE *fp = fopen(path, "w+");
	CHECK(quality_write_csv(&b, fp) == 0, "write");
	rewind(fp);
	char text[4096];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	text[n] = '\0';
	fclose(fp);
	strbuf want;
	sb_init(&want);
	sb_adds(&want, "\xEF\xBB\xBF\"来源类型\",\"文件\",\"行号\",\"列\",\"原始值\",\"代码\",\"说明\"\r\n"
	               "\"roster\",\"r.csv\",\"20\",\"证件号码\",\"y\",\"DQ07\",\"花名册中证件号码重复（保留第一行）\"\r\n"
	               "\"dibao\",\"d.csv\",\"3\",\"证件号码\",\"x\",\"DQ02\",\"证件号码格式错误（位数或字符不对）\"\r\n"
	               "\"dibao\",\"d.csv\",\"3\",\"\",\"'=1+1\",\"DQ08\",\"行格式错误：测试\"\r\n"
	               "\"dibao\",\"d.csv\",\"9\",\"姓名\",\"");
	sb_add(&want, raw, 199);
	sb_adds(&want, "\",\"DQ09\",\"含有与文件编码不符的无效字节（已替换）\"\r\n"
	               "\"dibao\",\"d.csv\",\"9\",\"月保障金\",\"'-5\",\"DQ09\",\"含有与文件编码不符的无效字节（已替换）\"\r\n");
	CHECK_TEXT(text, want.buf);
	sb_release(&want);
	quality_release(&a);
	quality_release(&b);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(header_after_titles);
	RUN(values_sanitized);
	RUN(dq_findings);
	RUN(bad_bytes);
	RUN(sink_rejects);
	RUN(other_keys);
	RUN(policy_and_claims);
	RUN(header_row_option);
	RUN(fatal_sources);
	RUN(header_best_of_twenty);
	RUN(stream_round_trip);
	RUN(quality_log);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
