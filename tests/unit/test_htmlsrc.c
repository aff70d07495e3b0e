/*
 * test_htmlsrc.c - the HTML table reader (rowsrc_read on HTML input): the
 * same rows, row numbers and flags whatever the read size (1..64 bytes and
 * the default), so a tag, an entity or a GB18030 character split across
 * reads changes nothing; container detection by content; colspan/rowspan
 * placement; nested tables; rows left open at the end of the page.
 * Inputs and expected rows are written by hand (GB18030 bytes from the
 * GB 18030 code table: 姓 = D0 D5, 名 = C3 FB).
 */
#include "check.h"
#include "htmlsrc.h"
#include "rowsrc.h"
#include "util.h"
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/dz-test-htmlsrc-XXXXXX";

/* Rows rendered as "row:cell|cell|...[*badbytes]\n". */
static int collect(void *ctx, const rawrow *r)
{
	strbuf *sb = ctx;
	sb_addf(sb, "%ld:", r->row);
	for (size_t i = 0; i < r->ncells; i++) {
		if (i)
			sb_addc(sb, '|');
		sb_add(sb, r->cells[i].s, r->cells[i].n);
		if (r->cells[i].flags & CELL_BADBYTES)
			sb_addc(sb, '*');
	}
	if (r->malformed)
		sb_addf(sb, "!%s", r->malformed);
	sb_addc(sb, '\n');
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

static void read_all_chunks(const char *path, const char *want, const char *want_enc)
{
	for (size_t chunk = 0; chunk <= 64; chunk++) {
		strbuf got;
		sb_init(&got);
		rowsrc_opts o = { .chunk = chunk };
		rowsrc_info info;
		dzerr err = { 0 };
		int rc = rowsrc_read(path, "t.html", &o, collect, &got, &info, &err);
		CHECK(rc == 0, "chunk %zu: rc %d (%s)", chunk, rc, err.msg);
		CHECK(!strcmp(got.buf, want), "chunk %zu:\n--- got\n%s--- want\n%s", chunk, got.buf, want);
		CHECK(info.container == CONT_HTML, "chunk %zu: container %d", chunk, (int)info.container);
		CHECK(info.encoding && !strcmp(info.encoding, want_enc), "chunk %zu: encoding %s, want %s",
		      chunk, info.encoding ? info.encoding : "(null)", want_enc);
		sb_release(&got);
	}
}

TEST(detect)
{
	static const struct { const char *s; bool html; } cases[] = {
		{ "<html><body>", true }, { "\xEF\xBB\xBF  \r\n<HTML>", true },
		{ "<!DOCTYPE html>", true }, { "<!doctype  HTML PUBLIC", true },
		{ "<table border=1>", true }, { "<meta charset=gbk>", true }, { "<head>", true },
		{ "<?xml version=\"1.0\"?><html>", false }, { "<tables>", false },
		{ "<DATA><ROW/></DATA>", false }, { "<!DOCTYPE foo>", false }, { "id,name", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(htmlsrc_detect((const unsigned char *)cases[i].s, strlen(cases[i].s)) == cases[i].html,
		      "'%s'", cases[i].s);
}

TEST(cells_and_spans)
{
	const char *p = write_file("a.html",
		"<html><head><meta charset=\"utf-8\"></head><body>\n"
		"<table><tr><td>form</td></tr></table>\n"
		"<table>\n"
		"<tr><td colspan=3>Title &amp; more</td></tr>\n"
		"<tr><th>ID</th><th rowspan=\"2\">Town</th><th>Name</th></tr>\n"
		"<tr><td> a&nbsp;&nbsp;b </td><td>&#x4E00;<br/>x</td>\n"
		"<tr><td>c<table><tr><td>inner</td></tr></table></td><td></td><td>d</td></tr>\n"
		"<tr><td colspan=2></td><td>e</td>\n"
		"</table></body></html>\n");
	/* table 1 is chosen (no probe: the first); rows of table 2 are tables[1] */
	const char *want1 = "1:form\n";
	strbuf got;
	sb_init(&got);
	rowsrc_opts o = { 0 };
	dzerr err = { 0 };
	CHECK_INT(rowsrc_read(p, "a.html", &o, collect, &got, NULL, &err), 0);
	CHECK_STR(got.buf, want1);
	sb_release(&got);
	sb_init(&got);
	o.sheet = "表格2";
	CHECK_INT(rowsrc_read(p, "a.html", &o, collect, &got, NULL, &err), 0);
	CHECK_STR(got.buf, "1:Title & more\n2:ID|Town|Name\n3:a b||一 x\n4:c||d\n5:||e\n");
	sb_release(&got);
}

TEST(gbk_split_anywhere)
{
	/* GBK page: 姓名 header, a cell with bytes invalid in GBK (FF) */
	const char *p = write_file("g.html",
		"<html><meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">"
		"<table><tr><th>\xD0\xD5\xC3\xFB</th><th>ID</th></tr>"
		"<tr><td>\xD0\xD5&lt;\xC3\xFB</td><td>\xFF""1</td></tr><tr><td>&#65533;</td></tr></table></html>");
	read_all_chunks(p, "1:姓名|ID\n2:姓<名|\xEF\xBF\xBD" "1*\n3:\xEF\xBF\xBD\n", "GB18030");
}

TEST(utf8_split_anywhere)
{
	const char *p = write_file("u.html",
		"\xEF\xBB\xBF<table>\r\n<tr><td>证件号码</td><td>姓名</td></tr>\r\n"
		"<tr><td>410221198407300490</td><td>张&nbsp;三</td></tr>\r\n"
		"<tr><td></td><td></td></tr>\r\n<tr><td>合计</td>");
	read_all_chunks(p, "1:证件号码|姓名\n2:410221198407300490|张 三\n3:\n4:合计\n", "UTF-8");
}

TEST(no_table)
{
	const char *p = write_file("n.html", "<!DOCTYPE html><html><body><p>x</p></body></html>");
	strbuf got;
	sb_init(&got);
	dzerr err = { 0 };
	CHECK_INT(rowsrc_read(p, "n.html", NULL, collect, &got, NULL, &err), -1);
	CHECK_INT(err.status, DZ_EXIT_DATA);
	CHECK_STR(err.msg, "'n.html': an HTML page with no table (<table>): nothing to read; "
	                   "export the data as a table (导出Excel), .xlsx or CSV");
	sb_release(&got);
}

int main(void)
{
	if (!mkdtemp(tmpdir))
		return 1;
	RUN(detect);
	RUN(cells_and_spans);
	RUN(gbk_split_anywhere);
	RUN(utf8_split_anywhere);
	RUN(no_table);
	const char *names[] = { "a.html", "g.html", "u.html", "n.html" };
	for (size_t i = 0; i < 4; i++) {
		char path[256];
		snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
	return check_done();
}
