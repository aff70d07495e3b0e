/*
 * test_output.c - report writing pieces: CSV quoting and formula
 * neutralization, township folder names, findings order, commit-by-rename.
 */
#include "check.h"
#include "afile.h"
#include "csvout.h"
#include "findings.h"
#include "push.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *csv_of(const char *const *cells, size_t n, bool bom)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	csvout c;
	csvout_init(&c, fp, bom);
	csvout_row(&c, cells, n);
	fclose(fp);
	return buf;
}

TEST(csv_quoting)
{
	static const struct { const char *in; const char *want; } t[] = {
		{ "abc", "\"abc\"\r\n" },
		{ "", "\"\"\r\n" },
		{ "a,b", "\"a,b\"\r\n" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"\r\n" },
		{ "两行\n文字", "\"两行\n文字\"\r\n" },
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n" },
		{ "+1", "\"'+1\"\r\n" },
		{ "-3.50", "\"'-3.50\"\r\n" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"\r\n" },
		{ "\tx", "\"'\tx\"\r\n" },
		{ "a=b", "\"a=b\"\r\n" },
		{ "11010519491231002X", "\"11010519491231002X\"\r\n" },
		/* apostrophes before a trigger get one more (reversible) */
		{ "'-桥镇", "\"''-桥镇\"\r\n" },
		{ "''=x", "\"'''=x\"\r\n" },
		{ "'abc", "\"'abc\"\r\n" },
		{ "'", "\"'\"\r\n" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *cells[1] = { t[i].in };
		char *got = csv_of(cells, 1, false);
		CHECK_STR(got, t[i].want);
		free(got);
	}
	/* reading back: dropping what csvout_unneutralize says gives the cell */
	static const char *const back[] = { "-1", "'-1", "''-1", "'x", "x", "'", "''", "=a", "\tx", "" };
	for (size_t i = 0; i < sizeof back / sizeof back[0]; i++) {
		const char *in = back[i];
		size_t n = strlen(in);
		char w[16];
		size_t k = 0;
		if (csvout_needs_neutralize(in, n))
			w[k++] = '\'';
		memcpy(w + k, in, n + 1);
		CHECK_STR(w + csvout_unneutralize(w, strlen(w)), in);
	}
	const char *row[3] = { "规则编号", "a", "" };
	char *got = csv_of(row, 3, true);
	CHECK_STR(got, "\xEF\xBB\xBF\"规则编号\",\"a\",\"\"\r\n");
	free(got);
}

TEST(folder_names)
{
	static const struct { const char *in; const char *want; } t[] = {
		{ "城关镇", "城关镇" },
		{ "../../x", "______x" },
		{ "..", "__" },
		{ ".", "_" },
		{ ".hidden", "_hidden" },
		{ "a/b", "a_b" },
		{ "a\\b", "a_b" },
		{ "t\001ab", "t_ab" },
		{ "x\ny", "x_y" },
		{ "", "_" },
		{ "/etc/passwd", "_etc_passwd" },
		{ "a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h" },
	};
	strbuf sb;
	sb_init(&sb);
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		push_folder_name(&sb, t[i].in);
		CHECK_STR(sb.buf, t[i].want);
	}
	/* long names are cut on a UTF-8 boundary at <= 120 bytes */
	strbuf longname;
	sb_init(&longname);
	for (int i = 0; i < 60; i++)
		sb_adds(&longname, "镇");
	push_folder_name(&sb, longname.buf);
	CHECK(sb.len <= 120 && sb.len % 3 == 0, "len %zu", sb.len);
	sb_release(&longname);
	sb_release(&sb);
}

TEST(findings_order)
{
	findings f;
	findings_init(&f);
	finding a = { .rule = 2, .township = "乙镇", .village = "一村", .household_id = "H2", .id = "2" };
	finding b = { .rule = 1, .township = "甲镇", .village = "二村", .household_id = "H1", .id = "1" };
	finding c = { .rule = 0, .township = "", .village = "", .household_id = "", .id = "3" };
	finding d = { .rule = 0, .township = "乙镇", .village = "一村", .household_id = "H2", .id = "2" };
	findings_add(&f, &a);
	findings_add(&f, &b);
	findings_add(&f, &c);
	findings_add(&f, &d);
	findings_sort(&f);
	CHECK_STR(f.items.v[0].township, "乙镇");   /* U+4E59 sorts before U+7532 */
	CHECK_INT(f.items.v[0].rule, 0);
	CHECK_INT(f.items.v[1].rule, 2);
	CHECK_STR(f.items.v[2].township, "甲镇");
	CHECK_STR(f.items.v[3].township, UNKNOWN_TOWNSHIP);  /* empty -> 未知乡镇, last */
	findings_release(&f);
}

TEST(commit_by_rename)
{
	char dir[] = "/tmp/dz-afile-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	strbuf p;
	sb_init(&p);
	sb_addf(&p, "%s/sub/x.csv", dir);
	dzerr err = { 0 };
	strbuf sub;
	sb_init(&sub);
	sb_addf(&sub, "%s/sub", dir);
	CHECK(mkdirs(sub.buf, &err) == 0, "%s", err.msg);
	afile af;
	CHECK(afile_open(&af, p.buf, &err) == 0, "%s", err.msg);
	fputs("hello", af.fp);
	CHECK(access(p.buf, F_OK) != 0, "final name must not exist before commit");
	CHECK(afile_commit(&af, &err) == 0, "%s", err.msg);
	CHECK(access(p.buf, F_OK) == 0, "final name exists after commit");
	CHECK(afile_open(&af, p.buf, &err) == 0, "%s", err.msg);
	fputs("partial", af.fp);
	afile_abort(&af);
	FILE *fp = fopen(p.buf, "r");
	char buf[16] = { 0 };
	CHECK(fp && fgets(buf, sizeof buf, fp), "read back");
	CHECK_STR(buf, "hello");   /* an aborted rewrite leaves the old file */
	if (fp)
		fclose(fp);
	afile bad;
	CHECK(afile_open(&bad, "/proc/dz-no/x.csv", &err) < 0 && err.status == 1, "unwritable -> status 1");
	rmtree(dir);
	sb_release(&p);
	sb_release(&sub);
}

int main(void)
{
	RUN(csv_quoting);
	RUN(folder_names);
	RUN(findings_order);
	RUN(commit_by_rename);
	return check_done();
}
