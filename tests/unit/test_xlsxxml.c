/*
 * test_xlsxxml.c - the XML export reader (pipeline/xmlsrc.c, xmlrd.c).
 *
 * Each case writes a hand-made document (plain, GBK bytes, gzip'd) to a
 * temporary file, reads it through dzin_open + xmlsrc_read, and compares the
 * records with hand-written expectations (test_xlsx_dump.h format).
 */
#include "check.h"
#include "test_xlsx_dump.h"
#include "rowsrc.h"
#include "input.h"
#include "diag.h"
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

static char dir[256];
static int nfiles;

static const char *tpath(const char *name)
{
	static char buf[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static const char *put(const char *name, const void *p, size_t n, bool gz)
{
	const char *path = tpath(name);
	if (gz) {
		gzFile g = gzopen(path, "wb");
		if (!g || gzwrite(g, p, (unsigned)n) != (int)n || gzclose(g) != Z_OK) {
			printf("# cannot write %s\n", path);
			exit(1);
		}
	} else {
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
			printf("# cannot write %s\n", path);
			exit(1);
		}
	}
	nfiles++;
	return path;
}

typedef struct result {
	int rc;
	dzerr err;
	dumpctx d;
} result;

static void readx(result *r, const char *path, const char *display, const rowsrc_opts *o)
{
	memset(r, 0, sizeof *r);
	sb_init(&r->d.out);
	dzin *in = dzin_open(path, display, &r->err);
	if (!in) {
		r->rc = -2;
		return;
	}
	r->rc = xmlsrc_read(in, display, o, dump_cb, &r->d, &r->err);
	dzin_close(in);
}

static void done(result *r)
{
	sb_release(&r->d.out);
}

static bool starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* A document is read the same plain and gzip'd. */
static void expect_doc(const char *name, const char *doc, const rowsrc_opts *o, const char *want)
{
	for (int gz = 0; gz < 2; gz++) {
		char fname[64];
		snprintf(fname, sizeof fname, "%s%s", name, gz ? ".xml.gz" : ".xml");
		const char *path = put(fname, doc, strlen(doc), gz);
		result r;
		readx(&r, path, fname, o);
		CHECK(r.rc == 0, "%s: rc %d: %s", fname, r.rc, r.err.msg);
		CHECK(!strcmp(r.d.out.buf, want), "%s:\n got: %s\nwant: %s", fname, r.d.out.buf, want);
		done(&r);
	}
}

TEST(child_elements)
{
	expect_doc("child",
	           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	           "<导出 日期=\"2024-06\">\n"
	           "  <记录>\n"
	           "    <证件号码>41052219900101123X</证件号码>\n"
	           "    <姓名>张三</姓名><金额> 12.5 </金额><备注/>\n"
	           "  </记录>\n"
	           "  <!-- comment -->\n"
	           "  <记录 序号=\"2\"><证件号码>410522199001011234</证件号码><姓名><![CDATA[李<四>]]></姓名>"
	           "<地址><省>河南</省><县>滑&amp;县&#x4E2D;</县></地址></记录>\n"
	           "</导出>\n",
	           NULL,
	           "row 1: 证件号码=41052219900101123X | 姓名=张三 | 金额= 12.5  | 备注=\n"
	           "row 2: 序号=2 | 证件号码=410522199001011234 | 姓名=李<四> | 省=河南 | 县=滑&县中\n");
}

TEST(attributes)
{
	expect_doc("attr",
	           "<DATA xmlns=\"urn:x\" xmlns:p=\"urn:p\">"
	           "<ROW 证件号码=\"41052219900101123X\" 姓名=\"张三\"/>"
	           "<ROW p:证件号码=\"410522199001011234\" 姓名=\"李&amp;四\"></ROW>"
	           "<ROW/>"
	           "</DATA>",
	           NULL,
	           "row 1: 证件号码=41052219900101123X | 姓名=张三\n"
	           "row 2: 证件号码=410522199001011234 | 姓名=李&四\n"
	           "row 3:\n");
}

/* Records found below the root: the shallowest repeated element wins. */
TEST(record_detection)
{
	expect_doc("delphi",
	           "<?xml version=\"1.0\" standalone=\"yes\"?>\n<DATAPACKET Version=\"2.0\"><METADATA><FIELDS>"
	           "<FIELD attrname=\"ID\" fieldtype=\"string\"/><FIELD attrname=\"NAME\"/><FIELD attrname=\"X\"/>"
	           "</FIELDS></METADATA><ROWDATA><ROW ID=\"1\" NAME=\"a\"/><ROW ID=\"2\" NAME=\"b\"/></ROWDATA></DATAPACKET>",
	           NULL,
	           "row 1: ID=1 | NAME=a\nrow 2: ID=2 | NAME=b\n");
	expect_doc("wrapped",
	           "<root><header><title>某县</title></header><list>"
	           "<item><a>1</a></item><item><a>2</a></item><item><a>3</a></item></list></root>",
	           NULL,
	           "row 1: a=1\nrow 2: a=2\nrow 3: a=3\n");
	expect_doc("single",
	           "<root><rec><a>1</a><b>2</b></rec></root>",
	           NULL,
	           "row 1: a=1 | b=2\n");
	expect_doc("siblings",
	           "<root><meta><n>x</n></meta><r><a>1</a></r><r><a>2</a></r></root>",
	           NULL,
	           "row 1: a=1\nrow 2: a=2\n");
	expect_doc("empty", "<root/>", NULL, "");
	rowsrc_opts o = { .record = "rec" };
	expect_doc("named",
	           "<root><a><rec><x>1</x></rec></a><b><rec><x>2</x><rec>inner</rec></rec></b><rec/></root>",
	           &o,
	           "row 1: x=1\nrow 2: x=2 | rec=inner\nrow 3:\n");
}

/* GB2312 declared, GBK bytes (镕 is not in GB2312): read as GB18030. */
TEST(gbk_encoding)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"GB2312\"?>\n"
		"<\xb5\xbc\xb3\xf6><\xbc\xc7\xc2\xbc><\xd0\xd5\xc3\xfb>\xd6\xec\xe9\x46\xbb\xf9</\xd0\xd5\xc3\xfb></\xbc\xc7\xc2\xbc>"
		"<\xbc\xc7\xc2\xbc><\xd0\xd5\xc3\xfb>\xd5\xc5\xc8\xfd</\xd0\xd5\xc3\xfb></\xbc\xc7\xc2\xbc></\xb5\xbc\xb3\xf6>\n";
	expect_doc("gbk", doc, NULL, "row 1: 姓名=朱镕基\nrow 2: 姓名=张三\n");

	static const char gbkdecl[] =
		"<?xml version='1.0' encoding='gbk'?><r><x><n>\xd5\xc5\xc8\xfd</n></x></r>";
	expect_doc("gbk2", gbkdecl, NULL, "row 1: n=张三\n");

	/* no declaration: encoding forced by the config, or recognized */
	static const char nodecl[] = "<r><x><n>\xd5\xc5\xc8\xfd</n></x></r>";
	rowsrc_opts o = { .encoding = "GBK" };
	expect_doc("gbk3", nodecl, &o, "row 1: n=张三\n");
	expect_doc("gbk4", nodecl, NULL, "row 1: n=张三\n");

	/* bytes that are not GB18030: malformed, with the line */
	static const char bad[] =
		"<?xml version=\"1.0\" encoding=\"GBK\"?>\n<r>\n<x><n>\xd5\xc5</n></x>\n<x><n>\x81\x20</n></x>\n</r>\n";
	const char *path = put("badgbk.xml", bad, sizeof bad - 1, false);
	result r;
	readx(&r, path, "badgbk.xml", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK(starts(r.err.msg, "'badgbk.xml', line 4: malformed XML: "), "got '%s'", r.err.msg);
	done(&r);
}

TEST(malformed)
{
	static const struct { const char *name, *doc, *prefix, *rows; } cases[] = {
		{ "trunc.xml", "<导出>\n<记录><a>1</a></记录>\n<记录><a>2</a></记录>\n<记录><a>3",
		  "'trunc.xml', line 4: malformed XML: the document ends before it is complete (truncated?)",
		  "row 1: a=1\nrow 2: a=2\n" },
		{ "mismatch.xml", "<r>\n<x><a>1</b></x>\n</r>",
		  "'mismatch.xml', line 2: malformed XML: ", "" },
		{ "undeclared.xml", "<r><x><a>&nbsp;</a></x></r>",
		  "'undeclared.xml', line 1: malformed XML: ", "" },
		{ "empty.xml", "   ", "'empty.xml'", "" },
		{ "tworoots.xml", "<r><x/></r><r/>", "'tworoots.xml', line 1: malformed XML: Extra content at the end of the document", "" },
		{ "xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		  "<r><x><a>&x;</a></x></r>",
		  "'xxe.xml': DOCTYPE declares entities; refused (dz does not expand entities)", "" },
		{ "internal.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY co \"某公司\">]>\n"
		  "<r><x><a>&co;</a></x></r>",
		  "'internal.xml': DOCTYPE declares entities; refused (dz does not expand entities)", "" },
		{ "pe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % p \"x\">]>\n<r><x/></r>",
		  "'pe.xml': DOCTYPE declares entities; refused (dz does not expand entities)", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *path = put(cases[i].name, cases[i].doc, strlen(cases[i].doc), false);
		result r;
		readx(&r, path, cases[i].name, NULL);
		CHECK(r.rc == -1, "%s: rc %d", cases[i].name, r.rc);
		CHECK(r.err.status == DZ_EXIT_DATA, "%s: status %d", cases[i].name, r.err.status);
		CHECK(starts(r.err.msg, cases[i].prefix), "%s: got '%s'", cases[i].name, r.err.msg);
		CHECK(!strcmp(r.d.out.buf, cases[i].rows), "%s: rows '%s'", cases[i].name, r.d.out.buf);
		done(&r);
	}
	/* a DOCTYPE without entities is fine (not loaded, not validated) */
	expect_doc("dtd", "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://example.invalid/r.dtd\">\n"
	                  "<r><x><a>1</a></x></r>", NULL, "row 1: a=1\n");
}

/* The classic billion laughs (10^9 expansions): refused at once, small. */
TEST(billion_laughs)
{
	strbuf doc;
	sb_init(&doc);
	sb_adds(&doc, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
	for (int i = 1; i <= 9; i++) {
		sb_addf(&doc, " <!ENTITY lol%d \"", i);
		for (int k = 0; k < 10; k++)
			sb_addf(&doc, i == 1 ? "&lol;" : "&lol%d;", i - 1);
		sb_adds(&doc, "\">\n");
	}
	sb_adds(&doc, "]>\n<lolz><r><a>&lol9;</a></r><r><a a=\"&lol9;\">x</a></r></lolz>\n");
	const char *path = put("lol.xml", doc.buf, doc.len, false);
	sb_release(&doc);
	struct rusage before, after;
	getrusage(RUSAGE_SELF, &before);
	result r;
	readx(&r, path, "lol.xml", NULL);
	getrusage(RUSAGE_SELF, &after);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK(starts(r.err.msg, "'lol.xml'"), "got '%s'", r.err.msg);
	CHECK_STR(r.d.out.buf, "");
	CHECK(after.ru_maxrss - before.ru_maxrss < 64 * 1024, "max RSS grew by %ld KiB",
	      after.ru_maxrss - before.ru_maxrss);
	done(&r);
}

TEST(limits)
{
	rowsrc_opts o = { .max_field = 8 };
	expect_doc("long",
	           "<r><x><a>0123456789</a><b>ok</b></x><x k=\"中文中文\"><a>1</a></x><x><a>中文中文</a></x></r>",
	           &o,
	           "row 1 [malformed: field a longer than 8 bytes]: a=01234567 | b=ok\n"
	           "row 2 [malformed: field k longer than 8 bytes]: k=中文 | a=1\n"
	           "row 3 [malformed: field a longer than 8 bytes]: a=中文\n");
}

/* Many records from a gzip'd stream: all delivered, in order, numbered. */
TEST(many_records)
{
	strbuf doc;
	sb_init(&doc);
	sb_adds(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<导出>\n");
	for (int i = 1; i <= 30000; i++)
		sb_addf(&doc, "<记录><序号>%d</序号><姓名>人%d</姓名></记录>\n", i, i);
	sb_adds(&doc, "</导出>\n");
	const char *path = put("many.xml.gz", doc.buf, doc.len, true);
	sb_release(&doc);
	result r;
	readx(&r, path, "many.xml.gz", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_INT(r.d.rows, 30000);
	CHECK(starts(r.d.out.buf, "row 1: 序号=1 | 姓名=人1\nrow 2: 序号=2 | 姓名=人2\n"), "start '%.60s'", r.d.out.buf);
	CHECK(strstr(r.d.out.buf, "\nrow 30000: 序号=30000 | 姓名=人30000\n") != NULL, "last record missing");
	done(&r);

	/* the callback stops the reading */
	path = tpath("many.xml.gz");
	memset(&r, 0, sizeof r);
	sb_init(&r.d.out);
	r.d.stop_after = 3;
	r.d.stop_value = 5;
	dzin *in = dzin_open(path, "many.xml.gz", &r.err);
	CHECK(in != NULL, "open: %s", r.err.msg);
	if (in) {
		r.rc = xmlsrc_read(in, "many.xml.gz", NULL, dump_cb, &r.d, &r.err);
		dzin_close(in);
	}
	CHECK_INT(r.rc, 5);
	CHECK_INT(r.d.rows, 3);
	done(&r);
}

/* The parser fed 1, 2, 3 ... bytes at a time gives the same records. */
TEST(chunk_sizes)
{
	static const char doc[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<导出>\n"
		"<记录 序号=\"1\"><证件号码>41052219900101123X</证件号码><姓名>张三</姓名><备注/></记录>\n"
		"<记录><证件号码>410522199001011234</证件号码><姓名><![CDATA[李<四>]]>&amp;五</姓名>"
		"<地址><省>河南</省><县>滑县</县></地址></记录>\n</导出>\n";
	const char *want =
		"row 1: 序号=1 | 证件号码=41052219900101123X | 姓名=张三 | 备注=\n"
		"row 2: 证件号码=410522199001011234 | 姓名=李<四>&五 | 省=河南 | 县=滑县\n";
	const char *path = put("chunks.xml", doc, sizeof doc - 1, false);
	for (size_t chunk = 1; chunk <= sizeof doc; chunk++) {
		rowsrc_opts o = { .chunk = chunk };
		result r;
		readx(&r, path, "chunks.xml", &o);
		CHECK(r.rc == 0 && !strcmp(r.d.out.buf, want), "chunk %zu: rc %d, got '%s'",
		      chunk, r.rc, r.d.out.buf);
		done(&r);
	}
}

/* A truncated gzip stream: dzin's error comes through. */
TEST(truncated_gzip)
{
	strbuf doc;
	sb_init(&doc);
	sb_adds(&doc, "<r>");
	for (int i = 0; i < 5000; i++)
		sb_addf(&doc, "<x><a>%d</a></x>", i);
	sb_adds(&doc, "</r>");
	const char *path = put("cut.xml.gz", doc.buf, doc.len, true);
	sb_release(&doc);
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	path = put("cut.xml.gz", buf, n / 2, false);
	result r;
	readx(&r, path, "cut.xml.gz", NULL);
	CHECK_INT(r.rc, -1);
	CHECK_INT(r.err.status, DZ_EXIT_DATA);
	CHECK(strstr(r.err.msg, "'cut.xml.gz'") != NULL, "got '%s'", r.err.msg);
	done(&r);
}

static void cleanup(void)
{
	static const char *names[] = {
		"child", "attr", "delphi", "wrapped", "single", "siblings", "empty", "named", "gbk",
		"gbk2", "gbk3", "gbk4", "dtd", "long",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char b[64];
		snprintf(b, sizeof b, "%s.xml", names[i]);
		unlink(tpath(b));
		snprintf(b, sizeof b, "%s.xml.gz", names[i]);
		unlink(tpath(b));
	}
	static const char *more[] = {
		"badgbk.xml", "trunc.xml", "mismatch.xml", "undeclared.xml", "empty.xml", "tworoots.xml",
		"xxe.xml", "internal.xml", "pe.xml", "lol.xml", "many.xml.gz", "cut.xml.gz", "chunks.xml",
	};
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		unlink(tpath(more[i]));
	if (rmdir(dir) != 0)
		printf("# files left in %s\n", dir);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test_xlsxxml.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("not ok - cannot create a temporary folder\n");
		return 1;
	}
	RUN(child_elements);
	RUN(attributes);
	RUN(record_detection);
	RUN(gbk_encoding);
	RUN(malformed);
	RUN(billion_laughs);
	RUN(limits);
	RUN(many_records);
	RUN(chunk_sizes);
	RUN(truncated_gzip);
	cleanup();
	return check_done();
}
