/*
 * test_record.c - "unknown is not empty" (SPEC §4, end of §5): rec_value()
 * on every kind of bad or empty value, and the record stream carrying a
 * present-but-unknown value through writer -> recstream_read unchanged.
 *
 * An empty cell is "" with the meaning SPEC §4 gives empty (or unknown);
 * a DQ10/DQ11 value keeps its trimmed text with an unknown typed value, so
 * the join can tell `2023年度` (not active for any year) from an empty year
 * (active).
 */
#include "check.h"
#include "idcard.h"
#include "record.h"
#include "vocab.h"
#include <stdlib.h>
#include <unistd.h>

#define UNK NUM_UNKNOWN

static char tmpdir[] = "/tmp/dz-test-record-XXXXXX";

static const struct vcase {
	int kind, field;
	bool policy;
	const char *raw;
	int code;            /* rec_value's return */
	const char *v;       /* normalized text */
	int64_t num;
} vcases[] = {
	/* med_enroll year: DQ11 keeps its text, empty stays empty */
	{ KIND_MED_ENROLL, F_YEAR, false, "2023年度", DQ11, "2023年度", UNK },
	{ KIND_MED_ENROLL, F_YEAR, false, " 2024年度　", DQ11, "2024年度", UNK },
	{ KIND_MED_ENROLL, F_YEAR, false, "2024", 0, "2024", 2024 },
	{ KIND_MED_ENROLL, F_YEAR, false, "", 0, "", UNK },
	{ KIND_MED_ENROLL, F_YEAR, false, "  ", 0, "", UNK },
	/* dibao/tekun status: empty = active, a word not listed = unknown */
	{ KIND_DIBAO, F_STATUS, false, "", 0, "", ST_ACTIVE },
	{ KIND_DIBAO, F_STATUS, false, "暂缓", DQ10, "暂缓", UNK },
	{ KIND_TEKUN, F_STATUS, false, " 待审核 ", DQ10, "待审核", UNK },
	{ KIND_TEKUN, F_STATUS, false, "停保", 0, "停保", ST_INACTIVE },
	/* med_enroll status: empty is unknown */
	{ KIND_MED_ENROLL, F_STATUS, false, "", 0, "", UNK },
	{ KIND_MED_ENROLL, F_STATUS, false, "参保中", DQ10, "参保中", UNK },
	/* roster school_status: empty = not in school, 高二 unknown */
	{ KIND_ROSTER, F_SCHOOL_STATUS, false, "", 0, "", SS_NOT_IN_SCHOOL },
	{ KIND_ROSTER, F_SCHOOL_STATUS, false, "高二", DQ10, "高二", UNK },
	/* monitor_type: empty = not monitored, a household_type word unknown */
	{ KIND_ROSTER, F_MONITOR_TYPE, false, "", 0, "", MT_NONE },
	{ KIND_ROSTER, F_MONITOR_TYPE, false, "监测户", DQ10, "监测户", UNK },
	{ KIND_HOUSEHOLD, F_MONITOR_TYPE, false, "边缘易致贫户", 0, "边缘易致贫户", MT_BIANYUAN },
	/* policy columns: empty = no, a word not listed (even 是) unknown */
	{ KIND_ROSTER, F_DIBAO, true, "", 0, "否", YN_NO },
	{ KIND_ROSTER, F_DIBAO, true, "不享受", 0, "否", YN_NO },
	{ KIND_ROSTER, F_DIBAO, true, "农村低保", 0, "是", YN_YES },
	{ KIND_ROSTER, F_DIBAO, true, "低保户", DQ10, "低保户", UNK },
	{ KIND_ROSTER, F_TEKUN, true, "是", DQ10, "是", UNK },
	{ KIND_ROSTER, F_TEKUN, true, "城市特困", 0, "是", YN_YES },
	/* ordinary yes/no: empty and a bad word are unknown, the word kept */
	{ KIND_ROSTER, F_MED_INSURED, false, "", 0, "", UNK },
	{ KIND_ROSTER, F_MED_INSURED, false, "有", DQ10, "有", UNK },
	{ KIND_ROSTER, F_MED_INSURED, false, " √ ", 0, "是", YN_YES },
	/* dates, amounts, counts */
	{ KIND_DEATH, F_DATE, false, "2026年13月1日", DQ11, "2026年13月1日", UNK },
	{ KIND_DEATH, F_DATE, false, "", 0, "", UNK },
	{ KIND_TEKUN, F_AMOUNT, false, "壹仟元", DQ11, "壹仟元", UNK },
	{ KIND_DIBAO, F_AMOUNT, false, "-350", DQ11, "-350", UNK },
	{ KIND_MED_CLAIMS, F_OOP, false, "-350", 0, "-350.00", -35000 },
	{ KIND_SURVEY, F_HOUSEHOLD_SIZE, false, "三", DQ11, "三", UNK },
	{ KIND_SURVEY, F_HOUSEHOLD_SIZE, false, "3", 0, "3", 3 },
	/* a bad value holding a tab: the text is kept with a space */
	{ KIND_DEATH, F_DATE, false, "2026\t13", DQ11, "2026 13", UNK },
};

TEST(values)
{
	strbuf out;
	sb_init(&out);
	int32_t R = date_month_end(2024, 6);
	for (size_t i = 0; i < sizeof vcases / sizeof vcases[0]; i++) {
		const struct vcase *c = &vcases[i];
		int64_t num = 0;
		int notice = 0;
		sb_reset(&out);
		int code = rec_value(c->kind, c->field, c->policy, c->raw, strlen(c->raw), false, R, &out,
		                     &num, &notice);
		CHECK(code == c->code, "case %zu '%s': code %d, want %d", i, c->raw, code, c->code);
		CHECK(!strcmp(out.buf, c->v), "case %zu '%s': text '%s', want '%s'", i, c->raw, out.buf, c->v);
		CHECK(num == c->num, "case %zu '%s': num %lld, want %lld", i, c->raw, (long long)num,
		      (long long)c->num);

		/* the hot path gives the same */
		rec_field fs;
		rec_field_init(&fs, c->kind, c->field, c->policy, R);
		rec_val rv;
		sb_reset(&out);
		char *raw = strdup(c->raw);
		code = rec_value_ref(&fs, raw, strlen(raw), false, &out, &rv);
		const char *v = rv.ref ? rv.ref : out.buf;
		size_t n = rv.ref ? rv.refn : strlen(out.buf);
		CHECK(code == c->code, "ref case %zu: code %d", i, code);
		CHECK(n == strlen(c->v) && !memcmp(v, c->v, n), "ref case %zu: text '%.*s'", i, (int)n, v);
		CHECK(rv.num == c->num, "ref case %zu: num %lld", i, (long long)rv.num);
		free(raw);
	}
	sb_release(&out);
}

/* ---- stream round trip ---- */

typedef struct got {
	int nrec;
	dzrec rec[4];
	strbuf text;        /* copies of the values */
	size_t off[4][F_COUNT];
} got;

static int g_begin(void *ctx, const src_info *info)
{
	(void)ctx;
	(void)info;
	return 0;
}

static int g_record(void *ctx, const dzrec *r)
{
	got *g = ctx;
	if (g->nrec == 4)
		return -1;
	g->rec[g->nrec] = *r;
	for (int f = 0; f < F_COUNT; f++) {
		g->off[g->nrec][f] = g->text.len;
		sb_add(&g->text, r->v[f], r->n[f]);
		sb_addc(&g->text, '\0');
	}
	g->nrec++;
	return 0;
}

static int g_end(void *ctx, const src_info *info, const src_account *a)
{
	(void)ctx;
	(void)info;
	(void)a;
	return 0;
}

static const char *write_text(const char *name, const char *data)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	fputs(data, fp);
	fclose(fp);
	return path;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* Build one record of `kind` from raw cells (field, raw, policy) with
 * rec_value, as ingest does. */
typedef struct cell { int field; const char *raw; bool policy; } cell;

static void build(dzrec *r, strbuf *vals, int kind, long row, const cell *cells, size_t n,
                  bool *present)
{
	rec_clear(r, kind);
	r->row = row;
	for (size_t i = 0; i < kinds[kind].nfields; i++) {
		int f = kinds[kind].fields[i].field;
		r->num[f] = rec_empty_num(kind, f);
	}
	size_t off[F_COUNT];
	sb_reset(vals);
	for (size_t i = 0; i < n; i++) {
		int f = cells[i].field, notice;
		off[f] = vals->len;
		rec_value(kind, f, cells[i].policy, cells[i].raw, strlen(cells[i].raw), false,
		          date_month_end(2024, 6), vals, &r->num[f], &notice);
		r->n[f] = (uint32_t)(vals->len - off[f] - 1);
		present[f] = true;
	}
	for (size_t i = 0; i < n; i++)
		r->v[cells[i].field] = vals->buf + off[cells[i].field];
}

TEST(stream_keeps_unknown)
{
	static const cell roster_a[] = {
		{ F_ID, "11010519491231002X", false },
		{ F_NAME, "?张三", false },           /* text: a '?' is just a character */
		{ F_MONITOR_TYPE, "监测户", false },
		{ F_SCHOOL_STATUS, "高二", false },
		{ F_MED_INSURED, "有", false },
		{ F_DIBAO, "是", true },              /* DQ10 in a policy column ... */
		{ F_TEKUN, "", true },                /* ... empty there is no */
		{ F_INCOME_PC, "1.2万", false },
		{ F_MONITOR_DATE, "2023年13月", false },
	};
	static const cell roster_b[] = {
		{ F_ID, "410522198001011237", false },
		{ F_NAME, "李四", false },
		{ F_MONITOR_TYPE, "", false },
		{ F_SCHOOL_STATUS, "", false },
		{ F_MED_INSURED, "", false },
		{ F_DIBAO, "农村低保", true },
		{ F_TEKUN, "不享受", true },
		{ F_INCOME_PC, "", false },
		{ F_MONITOR_DATE, "2023-05-01", false },
	};
	char path[256];
	snprintf(path, sizeof path, "%s/r.rec", tmpdir);
	FILE *fp = fopen(path, "w");
	recstream_writer *w = recstream_writer_new(fp);
	rec_sink ws = recstream_writer_sink(w);
	src_info info;
	memset(&info, 0, sizeof info);
	info.kind = KIND_ROSTER;
	info.name = "roster";
	info.file = "r.csv";
	info.period = "2024-06";
	dzrec ra, rb;
	strbuf va, vb;
	sb_init(&va);
	sb_init(&vb);
	build(&ra, &va, KIND_ROSTER, 2, roster_a, sizeof roster_a / sizeof roster_a[0], info.present);
	build(&rb, &vb, KIND_ROSTER, 3, roster_b, sizeof roster_b / sizeof roster_b[0], info.present);
	src_account acct;
	memset(&acct, 0, sizeof acct);
	acct.read = acct.used = 2;
	CHECK(ws.begin(ws.ctx, &info) == 0, "begin");
	CHECK(ws.record(ws.ctx, &ra) == 0, "record a");
	CHECK(ws.record(ws.ctx, &rb) == 0, "record b");
	CHECK(ws.end(ws.ctx, &info, &acct) == 0, "end");
	CHECK(!recstream_writer_error(w), "write error");
	recstream_writer_free(w);
	fclose(fp);

	char *text = slurp(path);
	CHECK_STR(text,
		"#dz-records 2\tkind=roster\tsource=roster\tfile=r.csv\tperiod=2024-06\n"
		"_row\tid\tname\tmonitor_type\tschool_status\tmed_insured\tdibao\ttekun\tincome_pc\tmonitor_date\n"
		"2\t11010519491231002X\t?张三\t?监测户\t?高二\t?有\t?是\t否\t?1.2万\t?2023年13月\n"
		"3\t410522198001011237\t李四\t\t\t\t是\t否\t\t2023-05-01\n"
		"#end\tread=2\tused=2\trejected=0\n");
	free(text);

	got g;
	memset(&g, 0, sizeof g);
	sb_init(&g.text);
	rec_sink gs = { g_begin, g_record, g_end, &g };
	dzerr err = { 0 };
	CHECK(recstream_read(path, &gs, NULL, 0, &err) == 0, "%s", err.msg);
	CHECK_INT(g.nrec, 2);
	const dzrec *orig[2] = { &ra, &rb };
	for (int i = 0; i < 2 && i < g.nrec; i++) {
		for (int f = 0; f < F_COUNT; f++) {
			if (!info.present[f])
				continue;
			const char *v = g.text.buf + g.off[i][f];
			CHECK(g.rec[i].n[f] == orig[i]->n[f] && !strcmp(v, orig[i]->v[f]),
			      "record %d %s: '%s', want '%s'", i, field_name((enum field)f), v, orig[i]->v[f]);
			CHECK(g.rec[i].num[f] == orig[i]->num[f] || field_type((enum field)f) == FT_ID,
			      "record %d %s: num %lld, want %lld", i, field_name((enum field)f),
			      (long long)g.rec[i].num[f], (long long)orig[i]->num[f]);
		}
	}
	/* the unknowns themselves, spelled out */
	CHECK(g.rec[0].num[F_DIBAO] == UNK, "policy 是 read back as known");
	CHECK(g.rec[0].num[F_MONITOR_TYPE] == UNK && g.rec[0].n[F_MONITOR_TYPE] > 0, "monitor_type");
	CHECK(g.rec[1].num[F_MONITOR_TYPE] == MT_NONE && g.rec[1].n[F_MONITOR_TYPE] == 0, "empty monitor_type");
	CHECK(g.rec[0].num[F_TEKUN] == YN_NO, "empty policy = no");
	sb_release(&g.text);
	sb_release(&va);
	sb_release(&vb);

	/* med_enroll: the year 2023年度 stays unknown, not empty */
	const char *p = write_text("m.rec",
		"#dz-records 2\tkind=med_enroll\tperiod=2024-06\n"
		"_row\tid\tstatus\tyear\n"
		"2\t11010519491231002X\t正常参保\t?2023年度\n"
		"3\t410522198001011237\t正常参保\t\n"
		"4\t410522197511200113\t?参保中\t2024\n"
		"#end\tread=3\tused=3\trejected=0\n");
	memset(&g, 0, sizeof g);
	sb_init(&g.text);
	CHECK(recstream_read(p, &gs, NULL, 0, &err) == 0, "%s", err.msg);
	CHECK_INT(g.nrec, 3);
	CHECK_STR(g.text.buf + g.off[0][F_YEAR], "2023年度");
	CHECK(g.rec[0].num[F_YEAR] == UNK && g.rec[0].n[F_YEAR] == 10, "year 2023年度: n %u", g.rec[0].n[F_YEAR]);
	CHECK(g.rec[1].num[F_YEAR] == UNK && g.rec[1].n[F_YEAR] == 0, "empty year");
	CHECK(g.rec[2].num[F_STATUS] == UNK && g.rec[2].n[F_STATUS] == 9, "status 参保中");
	CHECK(g.rec[2].num[F_YEAR] == 2024, "year 2024");
	sb_release(&g.text);

	/* damaged: a mark without text; a version 1 stream; a CR inside an
	 * unknown value (a line's own CR before LF is its CRLF ending) */
	static const struct { const char *text, *msg; } bad[] = {
		{ "#dz-records 2\tkind=med_enroll\tperiod=2024-06\n_row\tid\tyear\n2\t11010519491231002X\t?\n"
		  "#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': line 3: an unknown value without its text" },
		{ "#dz-records 1\tkind=med_enroll\tperiod=2024-06\n_row\tid\tyear\n2\t11010519491231002X\t\n"
		  "#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': record stream version 1 is not supported (this dz reads version 2)" },
		{ "#dz-records 2\tkind=med_enroll\tperiod=2024-06\n_row\tid\tyear\n2\t11010519491231002X\t?2023\r\r\n"
		  "#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': line 3: a CR inside a value" },
		{ "#dz-records 2\tkind=med_enroll\tperiod=2024-06\n_row\tid\tyear\n2\t11010519491231002X\t?20\r23\n"
		  "#end\tread=1\tused=1\trejected=0\n",
		  "'bad.rec': line 3: a CR inside a value" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&g, 0, sizeof g);
		sb_init(&g.text);
		memset(&err, 0, sizeof err);
		CHECK(recstream_read(write_text("bad.rec", bad[i].text), &gs, NULL, 0, &err) == -1,
		      "bad case %zu accepted", i);
		CHECK_INT(err.status, DZ_EXIT_DATA);
		CHECK_STR(err.msg, bad[i].msg);
		sb_release(&g.text);
	}
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(values);
	RUN(stream_keeps_unknown);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
