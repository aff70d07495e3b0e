/*
 * test_xlsxout.c - the xlsx table writer (pipeline/xlsxout.c).
 *
 * The workbook written is read back two ways: its rows through the xlsx
 * reader (a different code path from libxlsxwriter), and its sheet XML
 * searched for the frozen pane, autofilter, merged title and column
 * widths.  tests/t410-xlsxout-openpyxl.sh checks the same file with
 * openpyxl, an independent reader:
 *
 *   test_xlsxout                run the tests
 *   test_xlsxout write FILE     write the sample workbook to FILE
 */
#include "check.h"
#include "test_xlsx_dump.h"
#include "xlsxout.h"
#include "rowsrc.h"
#include "diag.h"
#include <minizip/unzip.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const headers[] = { "规则编号", "姓名", "证件号码", "金额（元）", "说明" };
static const char *const cells[] = {
	"YJ01", "张三", "410522199001011234", "12345.67", "=cmd|' /C calc'!A0",
	"YJ04", "欧阳娜娜", "41052219900101123X", "不详", NULL,
	"YJ05", "王五", "000123", "-3.50", "",
	"ZZ01", "Li Si", "4105221990010112", "1234567890123456", "合计 1,234.00 元；备注很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长",
};
static const char *const h2[] = { "a" };
static const char *const c2[] = { "x\xff" "y" };   /* invalid UTF-8 -> U+FFFD */

static const xlsx_table sample[] = {
	{ .sheet = "预警名单", .title = "某某镇 2024-06 预警名单", .ncols = 5, .headers = headers,
	  .coltypes = "sssns", .nrows = 4, .cells = cells },
	{ .sheet = "a/b:c*?[x]", .title = NULL, .ncols = 1, .headers = h2, .coltypes = NULL,
	  .nrows = 1, .cells = c2 },
	{ .sheet = "预警名单", .title = "空表", .ncols = 5, .headers = headers, .coltypes = NULL,
	  .nrows = 0, .cells = NULL },
};

static char *member(const char *path, const char *name)
{
	unzFile z = unzOpen64(path);
	if (!z)
		return NULL;
	strbuf sb;
	sb_init(&sb);
	if (unzLocateFile(z, name, 1) == UNZ_OK && unzOpenCurrentFile(z) == UNZ_OK) {
		char buf[4096];
		int n;
		while ((n = unzReadCurrentFile(z, buf, sizeof buf)) > 0)
			sb_add(&sb, buf, (size_t)n);
		unzCloseCurrentFile(z);
	}
	unzClose(z);
	return sb_detach(&sb);
}

static char path[512];

TEST(roundtrip)
{
	dzerr err = { 0 };
	CHECK_INT(xlsxout_write(path, NULL, sample, 3, &err), 0);
	CHECK_INT(err.status, 0);

	dumpctx d;
	memset(&d, 0, sizeof d);
	sb_init(&d.out);
	CHECK_INT(xlsxsrc_read(path, "out.xlsx", NULL, dump_cb, &d, NULL, &err), 0);
	CHECK_STR(d.out.buf,
	          "row 1: 某某镇 2024-06 预警名单\n"
	          "row 2: 规则编号 | 姓名 | 证件号码 | 金额（元） | 说明\n"
	          "row 3: YJ01 | 张三 | 410522199001011234 | 12345.67^n | =cmd\\|' /C calc'!A0\n"
	          "row 4: YJ04 | 欧阳娜娜 | 41052219900101123X | 不详\n"
	          "row 5: YJ05 | 王五 | 000123 | -3.5^n\n"
	          "row 6: ZZ01 | Li Si | 4105221990010112 | 1234567890123456 | 合计 1,234.00 元；备注很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长\n");
	sb_reset(&d.out);

	rowsrc_opts o = { .sheet = "a_b_c___x_" };
	CHECK_INT(xlsxsrc_read(path, "out.xlsx", &o, dump_cb, &d, NULL, &err), 0);
	CHECK_STR(d.out.buf, "row 1: a\nrow 2: x\xef\xbf\xbdy\n");
	sb_reset(&d.out);

	o.sheet = "预警名单(2)";
	CHECK_INT(xlsxsrc_read(path, "out.xlsx", &o, dump_cb, &d, NULL, &err), 0);
	CHECK_STR(d.out.buf, "row 1: 空表\nrow 2: 规则编号 | 姓名 | 证件号码 | 金额（元） | 说明\n");
	sb_release(&d.out);

	char *wb = member(path, "xl/workbook.xml");
	CHECK(wb && strstr(wb, "<sheet name=\"预警名单\" sheetId=\"1\""), "workbook: %.300s", wb ? wb : "");
	CHECK(wb && strstr(wb, "<sheet name=\"a_b_c___x_\" sheetId=\"2\""), "sheet 2 name");
	CHECK(wb && strstr(wb, "<sheet name=\"预警名单(2)\" sheetId=\"3\""), "sheet 3 name");
	free(wb);

	char *s1 = member(path, "xl/worksheets/sheet1.xml");
	CHECK(s1 != NULL, "no sheet1.xml");
	if (s1) {
		CHECK(strstr(s1, "<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>") != NULL,
		      "frozen pane missing: %.400s", s1);
		CHECK(strstr(s1, "<autoFilter ref=\"A2:E6\"/>") != NULL, "autofilter missing");
		CHECK(strstr(s1, "<mergeCell ref=\"A1:E1\"/>") != NULL, "merged title missing");
		/* widths: 证件号码 column 18 + 2, 姓名 column 8 (欧阳娜娜) + 2,
		 * 说明 capped at 40, longer text wraps (libxlsxwriter adds its 0.71 padding) */
		CHECK(strstr(s1, "<col min=\"3\" max=\"3\" width=\"20.7109375\"") != NULL, "ID column width");
		CHECK(strstr(s1, "<col min=\"2\" max=\"2\" width=\"10.7109375\"") != NULL, "name column width");
		CHECK(strstr(s1, "<col min=\"5\" max=\"5\" width=\"40.7109375\"") != NULL, "note column width");
		/* the ID is a string cell (inline in constant_memory mode), not a number */
		CHECK(strstr(s1, "<c r=\"C3\" s=\"3\" t=\"inlineStr\"><is><t>410522199001011234</t></is></c>") != NULL,
		      "ID cell not a text cell");
		CHECK(strstr(s1, "<c r=\"D3\"><v>12345.67</v></c>") != NULL, "amount not a number");
		free(s1);
	}
}

TEST(errors)
{
	dzerr err = { 0 };
	CHECK_INT(xlsxout_write("/nonexistent-dz-dir/out.xlsx", NULL, sample, 1, &err), -1);
	CHECK_INT(err.status, DZ_EXIT_IO);
	CHECK_STR(err.msg, "cannot write '/nonexistent-dz-dir/out.xlsx': No such file or directory");

	static const char *const one[] = { "x" };
	xlsx_table big = { .sheet = "s", .title = "t", .ncols = 1, .headers = one, .nrows = 1048575,
	                   .cells = NULL };
	memset(&err, 0, sizeof err);
	CHECK_INT(xlsxout_write(path, NULL, &big, 1, &err), -1);
	CHECK_INT(err.status, DZ_EXIT_IO);
	CHECK(strstr(err.msg, "more than a worksheet holds") != NULL, "got '%s'", err.msg);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "write")) {
		dzerr err = { 0 };
		if (xlsxout_write(argv[2], NULL, sample, 3, &err) < 0)
			return dzerr_report(&err);
		return 0;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/test_xlsxout.%ld.xlsx", tmp && *tmp ? tmp : "/tmp", (long)getpid());
	RUN(roundtrip);
	RUN(errors);
	unlink(path);
	return check_done();
}
