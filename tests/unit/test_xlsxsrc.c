/*
 * test_xlsxsrc.c - the xlsx reader (pipeline/xlsxsrc.c).
 *
 * Workbooks are written here with minizip's zip writer and hand-written
 * sheet XML (an independent writer: openpyxl-made workbooks are covered by
 * tests/t4xx-*.sh), and the rows read back are compared line by line with
 * hand-written expectations.
 *
 *   test_xlsxsrc                 run the tests
 *   test_xlsxsrc dump FILE [SHEET [RECORD]]
 *                                print the raw rows of any input through
 *                                rowsrc_read (used by the shell tests);
 *                                exit status: the error's status
 */
#include "check.h"
#include "test_xlsx_dump.h"
#include "xlsxsrc.h"
#include "rowsrc.h"
#include "diag.h"
#include <minizip/zip.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

static char dir[256];

static const char *tpath(const char *name)
{
	static char buf[8][512];
	static int k;
	k = (k + 1) % 8;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

typedef struct part {
	const char *name;
	const char *data;   /* NUL-terminated XML */
} part;

static void mkzip(const char *path, const part *p, size_t n)
{
	zipFile z = zipOpen64(path, APPEND_STATUS_CREATE);
	if (!z) {
		printf("# cannot create %s\n", path);
		exit(1);
	}
	for (size_t i = 0; i < n; i++) {
		zip_fileinfo zi;
		memset(&zi, 0, sizeof zi);
		if (zipOpenNewFileInZip64(z, p[i].name, &zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0) != ZIP_OK ||
		    zipWriteInFileInZip(z, p[i].data, (unsigned)strlen(p[i].data)) != ZIP_OK ||
		    zipCloseFileInZip(z) != ZIP_OK) {
			printf("# cannot write %s in %s\n", p[i].name, path);
			exit(1);
		}
	}
	zipClose(z, NULL);
}

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define T_DOC NS_R "/officeDocument"
#define T_WS NS_R "/worksheet"
#define T_CS NS_R "/chartsheet"
#define T_SST NS_R "/sharedStrings"

#define ROOT_RELS \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"" T_DOC "\" Target=\"xl/workbook.xml\"/></Relationships>"
#define WB_ONE \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">" \
	"<sheets><sheet name=\"低保\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define WB_RELS_ONE \
	"<?xml version=\"1.0\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" \
	"<Relationship Id=\"rId1\" Type=\"" T_WS "\" Target=\"worksheets/sheet1.xml\"/>" \
	"<Relationship Id=\"rId9\" Type=\"" T_SST "\" Target=\"sharedStrings.xml\"/></Relationships>"
#define SHEET(rows) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\">" \
	"<dimension ref=\"A1:E9\"/><sheetData>" rows "</sheetData>" \
	"<mergeCells count=\"1\"><mergeCell ref=\"A1:E1\"/></mergeCells></worksheet>"

/* A one-sheet workbook with the given sheet XML and shared strings (NULL: none). */
static void mkbook(const char *path, const char *sheet, const char *sst)
{
	part p[5] = {
		{ "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>" },
		{ "_rels/.rels", ROOT_RELS },
		{ "xl/workbook.xml", WB_ONE },
		{ "xl/_rels/workbook.xml.rels", WB_RELS_ONE },
		{ "xl/worksheets/sheet1.xml", sheet },
	};
	part q[6];
	memcpy(q, p, sizeof p);
	size_t n = 5;
	if (sst)
		q[n++] = (part){ "xl/sharedStrings.xml", sst };
	mkzip(path, q, n);
}

typedef struct result {
	int rc;
	dzerr err;
	dumpctx d;
} result;

static void run_lim(result *r, const char *path, const char *display, const rowsrc_opts *o,
                    const xlsx_limits *lim)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->d.out);
	r->rc = xlsxsrc_read_limited(path, display, o, lim, dump_cb, &r->d, NULL, &r->err);
}

static void run(result *r, const char *path, const char *display, const rowsrc_opts *o)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->d.out);
	r->rc = xlsxsrc_read(path, display, o, dump_cb, &r->d, NULL, &r->err);
}

static void done(result *r)
{
	sb_release(&r->d.out);
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* ------------------------------------------------------------------ */

#define SST_BASIC \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"" NS_MAIN "\" count=\"7\" uniqueCount=\"7\">" \
	"<si><t>某县2024年6月低保名单</t></si>" \
	"<si><t>姓名</t></si>" \
	"<si><t>证件号码</t></si>" \
	"<si><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si>" \
	"<si><t xml:space=\"preserve\"> 李 四 </t></si>" \
	"<si/>" \
	"<si><t>A&amp;B&#x4E2D;</t></si>" \
	"</sst>"

#define SHEET_BASIC SHEET( \
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"/><c r=\"C1\" s=\"1\"/></row>" \
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>" \
	"<c r=\"C2\" t=\"inlineStr\"><is><t>金额</t></is></c>" \
	"<c r=\"D2\" t=\"inlineStr\"><is><r><t>是否</t></r><r><t>在保</t></r><rPh><t>X</t></rPh></is></c>" \
	"<c r=\"E2\" t=\"str\"><f>\"公\"&amp;\"式\"</f><v>公式</v></c></row>" \
	"<row r=\"3\" spans=\"1:6\"><c r=\"A3\" t=\"s\"><v>3</v></c><c r=\"B3\"><v>4.10522E+17</v></c>" \
	"<c r=\"C3\" s=\"2\"><v>45473</v></c><c r=\"D3\" t=\"b\"><v>1</v></c>" \
	"<c r=\"E3\"><f>C3*2</f><v>90946</v></c><c r=\"F3\"><f>NOW()</f></c></row>" \
	"<row r=\"5\"><c r=\"B5\" t=\"s\"><v>4</v></c><c r=\"D5\" t=\"b\"><v>0</v></c>" \
	"<c r=\"E5\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>" \
	"<row><c t=\"s\"><v>6</v></c><c><v>-12.5</v></c><c t=\"d\"><v>2024-06-30T00:00:00</v></c></row>" \
	"<row r=\"7\"/>" \
	"<row r=\"8\"><c r=\"A8\" s=\"1\"/><c r=\"B8\" t=\"s\"><v>5</v></c></row>" \
	"<row r=\"9\"><c r=\"C9\" t=\"inlineStr\"><is><t>x</t></is></c><c><v>7</v></c>" \
	"<c r=\"A9\" t=\"inlineStr\"><is><t>late A</t></is></c></row>")

TEST(basic_cells)
{
	const char *path = tpath("basic.xlsx");
	mkbook(path, SHEET_BASIC, SST_BASIC);
	result r;
	run(&r, path, "低保名单.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.d.out.buf,
	          "row 1: 某县2024年6月低保名单\n"
	          "row 2: 姓名 | 证件号码 | 金额 | 是否在保 | 公式\n"
	          "row 3: 张三 | 4.10522E+17^n | 45473^n | TRUE^b | 90946^n\n"
	          "row 5:  |  李 四  |  | FALSE^b | #DIV/0!\n"
	          "row 6: A&B中 | -12.5^n | 2024-06-30T00:00:00\n"
	          "row 7:\n"
	          "row 8:\n"
	          "row 9: late A |  | x | 7^n\n");
	done(&r);
}

/* Members inflated 1, 2, 3 ... bytes at a time give the same rows. */
TEST(chunk_sizes)
{
	const char *path = tpath("chunks.xlsx");
	mkbook(path, SHEET_BASIC, SST_BASIC);
	result whole;
	run(&whole, path, "c.xlsx", NULL);
	CHECK_INT(whole.rc, 0);
	for (size_t chunk = 1; chunk <= 700; chunk += chunk < 64 ? 1 : 37) {
		rowsrc_opts o = { .chunk = chunk };
		result r;
		run(&r, path, "c.xlsx", &o);
		CHECK(r.rc == 0 && !strcmp(r.d.out.buf, whole.d.out.buf), "chunk %zu: rc %d: %s",
		      chunk, r.rc, r.d.out.buf);
		done(&r);
	}
	done(&whole);
}

/* Workbook part found through _rels/.rels, targets absolute and with "..",
 * sheets chosen by name or as the first visible worksheet. */
TEST(sheet_choice)
{
	const char *path = tpath("two.xlsx");
	part p[] = {
		{ "_rels/.rels",
		  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"r1\" Type=\"" T_DOC "\" Target=\"/book/main.xml\"/></Relationships>" },
		{ "book/main.xml",
		  "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_R "\"><sheets>"
		  "<sheet name=\"说明\" sheetId=\"1\" state=\"hidden\" r:id=\"a\"/>"
		  "<sheet name=\"名单\" sheetId=\"2\" r:id=\"b\"/>"
		  "<sheet name=\"图表\" sheetId=\"3\" r:id=\"c\"/></sheets></workbook>" },
		{ "book/_rels/main.xml.rels",
		  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"a\" Type=\"" T_WS "\" Target=\"s/one.xml\"/>"
		  "<Relationship Id=\"b\" Type=\"" T_WS "\" Target=\"/book/x/../s/two.xml\"/>"
		  "<Relationship Id=\"c\" Type=\"" T_CS "\" Target=\"charts/c.xml\"/>"
		  "<Relationship Id=\"d\" Type=\"" T_SST "\" Target=\"./strings.xml\"/></Relationships>" },
		{ "book/strings.xml", "<sst xmlns=\"" NS_MAIN "\"><si><t>说明页</t></si><si><t>名单页</t></si></sst>" },
		{ "book/s/one.xml", SHEET("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>") },
		{ "book/s/two.xml", SHEET("<row r=\"4\"><c r=\"B4\" t=\"s\"><v>1</v></c></row>") },
		{ "book/charts/c.xml", "<chartsheet xmlns=\"" NS_MAIN "\"/>" },
	};
	mkzip(path, p, sizeof p / sizeof p[0]);
	result r;
	run(&r, path, "two.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.d.out.buf, "row 4:  | 名单页\n");
	done(&r);

	rowsrc_opts o = { .sheet = "说明" };
	run(&r, path, "two.xlsx", &o);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.d.out.buf, "row 1: 说明页\n");
	done(&r);

	o.sheet = "花名册";
	run(&r, path, "two.xlsx", &o);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'two.xlsx': no sheet named '花名册' (sheets: '说明', '名单', '图表')");
	CHECK_STR(r.d.out.buf, "");
	done(&r);

	o.sheet = "图表";
	run(&r, path, "two.xlsx", &o);
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.err.msg, "'two.xlsx': sheet '图表' is not a worksheet");
	done(&r);
}

/* Without _rels/.rels the workbook is xl/workbook.xml; the shared strings
 * default to xl/sharedStrings.xml when the relationships do not name them. */
TEST(defaults_without_rels)
{
	const char *path = tpath("norels.xlsx");
	part p[] = {
		{ "xl/workbook.xml", WB_ONE },
		{ "xl/_rels/workbook.xml.rels",
		  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		  "<Relationship Id=\"rId1\" Type=\"" T_WS "\" Target=\"worksheets/sheet1.xml\"/></Relationships>" },
		{ "xl/worksheets/sheet1.xml", SHEET("<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c></row>") },
		{ "xl/sharedStrings.xml", "<sst xmlns=\"" NS_MAIN "\"><si><t>ok</t></si></sst>" },
	};
	mkzip(path, p, sizeof p / sizeof p[0]);
	result r;
	run(&r, path, "norels.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.d.out.buf, "row 2: ok\n");
	done(&r);
}

TEST(malformed_rows)
{
	const char *path = tpath("mal.xlsx");
	mkbook(path, SHEET(
	       "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>9</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>ok</t></is></c></row>"
	       "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>0123456789abcdef</t></is></c></row>"
	       "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>中文中文</t></is></c></row>"
	       "<row r=\"4\"><c r=\"XFE4\"><v>1</v></c><c r=\"B4\"><v>2</v></c></row>"
	       "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>0</v></c></row>"),
	       "<sst xmlns=\"" NS_MAIN "\"><si><t>0123456789abc</t></si></sst>");
	rowsrc_opts o = { .max_field = 10 };
	result r;
	run(&r, path, "mal.xlsx", &o);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.d.out.buf,
	          "row 1 [malformed: cell A1: shared string index '9' out of range]:  | ok\n"
	          "row 2 [malformed: cell A2 longer than 10 bytes]: 0123456789\n"
	          "row 3 [malformed: cell A3 longer than 10 bytes]: 中文中\n"
	          "row 4 [malformed: row 4: cell reference past column XFD]:  | 2^n\n"
	          "row 5 [malformed: cell A5 longer than 10 bytes]: 0123456789\n");
	done(&r);
}

TEST(callback_stops)
{
	const char *path = tpath("basic2.xlsx");
	mkbook(path, SHEET_BASIC, SST_BASIC);
	result r;
	memset(&r, 0, sizeof r);
	sb_init(&r.d.out);
	r.d.stop_after = 2;
	r.d.stop_value = 7;
	r.rc = xlsxsrc_read(path, "b.xlsx", NULL, dump_cb, &r.d, NULL, &r.err);
	CHECK_INT(r.rc, 7);
	CHECK_INT(r.d.rows, 2);
	CHECK_INT(r.err.status, 0);
	done(&r);
}

/* ------------------------------------------------------------ errors */

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		printf("# cannot write %s\n", path);
		exit(1);
	}
}

static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = xmalloc((size_t)len + 1);
	*n = fread(p, 1, (size_t)len, f);
	fclose(f);
	return p;
}

TEST(bad_containers)
{
	result r;
	run(&r, tpath("missing.xlsx"), "missing.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'missing.xlsx': cannot open: No such file or directory");
	done(&r);

	const char *garbage = tpath("garbage.xlsx");
	static const char junk[] = "PK\003\004 this is not really a zip file at all";
	write_file(garbage, junk, sizeof junk - 1);
	run(&r, garbage, "garbage.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'garbage.xlsx': not a readable xlsx file: the zip container is corrupt or truncated");
	done(&r);

	/* a good workbook cut in half: the central directory is gone */
	const char *good = tpath("good.xlsx");
	mkbook(good, SHEET_BASIC, SST_BASIC);
	size_t n = 0;
	char *bytes = read_file(good, &n);
	if (!bytes) {
		CHECK(bytes != NULL, "cannot read %s", good);
		return;
	}
	const char *half = tpath("half.xlsx");
	write_file(half, bytes, n / 2);
	run(&r, half, "half.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'half.xlsx': not a readable xlsx file: the zip container is corrupt or truncated");
	done(&r);

	/* damage the sheet's compressed data: inflate error or CRC mismatch */
	const char *name = "xl/worksheets/sheet1.xml";
	char *hdr = NULL;
	for (size_t i = 0; i + 30 + strlen(name) < n; i++)
		if (!memcmp(bytes + i, "PK\003\004", 4) && !memcmp(bytes + i + 30, name, strlen(name))) {
			hdr = bytes + i;
			break;
		}
	CHECK(hdr != NULL, "local header of %s not found", name);
	if (hdr) {
		unsigned extra = (unsigned char)hdr[28] | (unsigned char)hdr[29] << 8;
		char *data = hdr + 30 + strlen(name) + extra;
		for (int k = 0; k < 40; k++)
			data[10 + k] ^= 0x5A;
		const char *flip = tpath("flip.xlsx");
		write_file(flip, bytes, n);
		run(&r, flip, "flip.xlsx", NULL);
		CHECK_INT(r.rc, -1);
		CHECK_INT(r.err.status, DZ_EXIT_DATA);
		CHECK(starts(r.err.msg, "'flip.xlsx': xl/worksheets/sheet1.xml"), "got '%s'", r.err.msg);
		done(&r);
	}
	free(bytes);

	/* a zip that is not a workbook */
	const char *notbook = tpath("notbook.xlsx");
	part p[] = { { "word/document.xml", "<document/>" } };
	mkzip(notbook, p, 1);
	run(&r, notbook, "notbook.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'notbook.xlsx': a zip file that is not an Excel workbook (no xl/workbook.xml in it); give the department's .xlsx, .xls or CSV export");
	done(&r);

	/* the sheet part is missing */
	const char *nosheet = tpath("nosheet.xlsx");
	part q[] = {
		{ "xl/workbook.xml", WB_ONE },
		{ "xl/_rels/workbook.xml.rels", WB_RELS_ONE },
	};
	mkzip(nosheet, q, 2);
	run(&r, nosheet, "nosheet.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'nosheet.xlsx': xl/worksheets/sheet1.xml is missing from the zip (not an xlsx workbook?)");
	done(&r);

	/* no worksheet at all */
	const char *empty = tpath("nows.xlsx");
	part e[] = {
		{ "xl/workbook.xml", "<workbook xmlns=\"" NS_MAIN "\"><sheets/></workbook>" },
		{ "xl/_rels/workbook.xml.rels", WB_RELS_ONE },
	};
	mkzip(empty, e, 2);
	run(&r, empty, "nows.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.err.msg, "'nows.xlsx': the workbook has no worksheet");
	done(&r);
}

TEST(bad_xml)
{
	result r;
	/* truncated sheet XML in a sound zip: the rows before stay delivered */
	const char *trunc = tpath("trunc.xlsx");
	mkbook(trunc, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>\n"
	              "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c></row>\n"
	              "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>b</t></is></c></row>\n"
	              "<row r=\"3\"><c r=\"A3\"", NULL);
	run(&r, trunc, "trunc.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'trunc.xlsx': xl/worksheets/sheet1.xml, line 4: malformed XML: "
	                     "the document ends before it is complete (truncated?)");
	CHECK_STR(r.d.out.buf, "row 1: a\nrow 2: b\n");
	done(&r);

	/* broken shared strings */
	const char *badsst = tpath("badsst.xlsx");
	mkbook(badsst, SHEET_BASIC, "<sst><si><t>x</si></sst>");
	run(&r, badsst, "badsst.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK(starts(r.err.msg, "'badsst.xlsx': xl/sharedStrings.xml, line 1: malformed XML: "),
	      "got '%s'", r.err.msg);
	CHECK_STR(r.d.out.buf, "");
	done(&r);

	/* entities are refused, billion laughs or not */
	const char *ent = tpath("ent.xlsx");
	mkbook(ent, "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [\n<!ENTITY a \"aaaaaaaaaa\">\n"
	            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
	            "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
	            "<is><t>&b;</t></is></c></row></sheetData></worksheet>", NULL);
	run(&r, ent, "ent.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'ent.xlsx': xl/worksheets/sheet1.xml: DOCTYPE declares entities; "
	                     "refused (dz does not expand entities)");
	CHECK_STR(r.d.out.buf, "");
	done(&r);
}

/* Raw-deflate a member and declare whatever sizes we like. */
static void mkzip_lying(const char *path, const char *sheet, uLong declared)
{
	part p[] = {
		{ "xl/workbook.xml", WB_ONE },
		{ "xl/_rels/workbook.xml.rels", WB_RELS_ONE },
	};
	mkzip(path, p, 2);
	zipFile z = zipOpen64(path, APPEND_STATUS_ADDINZIP);
	zip_fileinfo zi;
	memset(&zi, 0, sizeof zi);
	size_t len = strlen(sheet);
	uLong cap = compressBound(len) + 64;
	unsigned char *out = xmalloc(cap);
	z_stream s;
	memset(&s, 0, sizeof s);
	deflateInit2(&s, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (unsigned char *)sheet;
	s.avail_in = (uInt)len;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	deflate(&s, Z_FINISH);
	uLong clen = s.total_out;
	deflateEnd(&s);
	uLong crc = crc32(0L, (const Bytef *)sheet, (uInt)len);
	zipOpenNewFileInZip2_64(z, "xl/worksheets/sheet1.xml", &zi, NULL, 0, NULL, 0, NULL,
	                        Z_DEFLATED, 9, 1, 0);
	zipWriteInFileInZip(z, out, (unsigned)clen);
	zipCloseFileInZipRaw64(z, declared, crc);
	zipClose(z, NULL);
	free(out);
}

TEST(zip_bombs)
{
	/* 300 KB of one repeated letter: ratio about 1000:1 */
	size_t big = 300000;
	strbuf sheet;
	sb_init(&sheet);
	sb_adds(&sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>");
	for (size_t i = 0; i < big; i++)
		sb_addc(&sheet, 'a');
	sb_adds(&sheet, "</t></is></c></row></sheetData></worksheet>");
	const char *path = tpath("bomb.xlsx");
	mkbook(path, sheet.buf, NULL);

	result r;
	xlsx_limits size_cap = { 100000, 1000000, 0, 0, 0 };
	run_lim(&r, path, "bomb.xlsx", NULL, &size_cap);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'bomb.xlsx': xl/worksheets/sheet1.xml: zip member inflates to more than "
	                     "100000 bytes (zip bomb?); refused");
	CHECK_STR(r.d.out.buf, "");
	done(&r);

	xlsx_limits ratio = { 1ULL << 30, 50, 4096, 0, 0 };
	run_lim(&r, path, "bomb.xlsx", NULL, &ratio);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'bomb.xlsx': xl/worksheets/sheet1.xml: zip member compression ratio over "
	                     "50:1 (zip bomb?); refused");
	done(&r);

	/* the default limits let it through */
	run(&r, path, "bomb.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.d.rows, 1);
	done(&r);

	/* a member declaring fewer bytes than it inflates to is cut there by
	 * minizip and is then malformed or fails its CRC; more bytes declared
	 * than there are is harmless (the stream ends first) */
	const char *liar = tpath("liar.xlsx");
	mkzip_lying(liar, sheet.buf, 1000);
	run(&r, liar, "liar.xlsx", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK(starts(r.err.msg, "'liar.xlsx': xl/worksheets/sheet1.xml"), "got '%s'", r.err.msg);
	done(&r);
	mkzip_lying(liar, sheet.buf, (uLong)sheet.len);
	run(&r, liar, "liar.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.d.rows, 1);
	done(&r);
	sb_release(&sheet);
}

/* Many rows: every row delivered, numbered, in order. */
/* The shared strings table is capped (count and text): past it, refused. */
TEST(sst_caps)
{
	const char *sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	                    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row></sheetData></worksheet>";
	const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	                  "<si><t>a</t></si><si><t>bb</t></si><si><t>ccc</t></si><si><t>dddd</t></si>"
	                  "<si><t>eeeee</t></si></sst>";
	const char *path = tpath("sst.xlsx");
	mkbook(path, sheet, sst);
	result r;
	run(&r, path, "sst.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK(strstr(r.d.out.buf, "eeeee") != NULL, "got '%s'", r.d.out.buf);
	done(&r);
	xlsx_limits few = { 1ULL << 30, 500, 1 << 20, 4, 0 };
	run_lim(&r, path, "sst.xlsx", NULL, &few);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK_STR(r.err.msg, "'sst.xlsx': xl/sharedStrings.xml: more than 4 shared strings or 256 MiB "
	                     "of their text; refused (save the sheet as CSV)");
	done(&r);
	xlsx_limits small = { 1ULL << 30, 500, 1 << 20, 0, 12 };
	run_lim(&r, path, "sst.xlsx", NULL, &small);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "shared strings or") != NULL, "got '%s'", r.err.msg);
	done(&r);
	xlsx_limits enough = { 1ULL << 30, 500, 1 << 20, 5, 20 };
	run_lim(&r, path, "sst.xlsx", NULL, &enough);
	CHECK_INT(r.rc, 0);
	done(&r);
}

TEST(many_rows)
{
	strbuf sheet;
	sb_init(&sheet);
	sb_adds(&sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>");
	for (int i = 1; i <= 20000; i++)
		sb_addf(&sheet, "<row r=\"%d\"><c r=\"A%d\"><v>%d</v></c><c r=\"C%d\" t=\"inlineStr\"><is><t>第%d行</t></is></c></row>",
		        i * 2, i * 2, i, i * 2, i);
	sb_adds(&sheet, "</sheetData></worksheet>");
	const char *path = tpath("many.xlsx");
	mkbook(path, sheet.buf, NULL);
	sb_release(&sheet);
	result r;
	run(&r, path, "many.xlsx", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.d.rows, 20000);
	CHECK(strstr(r.d.out.buf, "row 2: 1^n |  | 第1行\nrow 4: 2^n |  | 第2行\n") == r.d.out.buf,
	      "start: %.80s", r.d.out.buf);
	CHECK(strstr(r.d.out.buf, "row 40000: 20000^n |  | 第20000行\n") != NULL, "last row missing");
	done(&r);
}

/* ------------------------------------------------------------------ */

static int dump_main(int argc, char **argv)
{
	rowsrc_opts o = { 0 };
	if (argc > 3 && *argv[3])
		o.sheet = argv[3];
	if (argc > 4 && *argv[4])
		o.record = argv[4];
	dumpctx d;
	memset(&d, 0, sizeof d);
	sb_init(&d.out);
	d.fp = stdout;
	dzerr err = { 0 };
	rowsrc_info info;
	const char *slash = strrchr(argv[2], '/');
	int rc = rowsrc_read(argv[2], slash ? slash + 1 : argv[2], &o, dump_cb, &d, &info, &err);
	fwrite(d.out.buf, 1, d.out.len, stdout);
	sb_release(&d.out);
	if (rc < 0)
		return dzerr_report(&err);
	return 0;
}

static void cleanup(void)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			unlink(tpath(e->d_name));
	closedir(d);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "dump"))
		return dump_main(argc, argv);
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test_xlsxsrc.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("not ok - cannot create a temporary folder\n");
		return 1;
	}
	RUN(basic_cells);
	RUN(chunk_sizes);
	RUN(sheet_choice);
	RUN(defaults_without_rels);
	RUN(malformed_rows);
	RUN(callback_stops);
	RUN(bad_containers);
	RUN(bad_xml);
	RUN(zip_bombs);
	RUN(sst_caps);
	RUN(many_rows);
	cleanup();
	return check_done();
}
