/*
 * test_csvsrc.c - the delimited-text reader (rowsrc_read on text input):
 * the same rows and row numbers whatever the chunk size (1..64 bytes and
 * the default), quoted fields with embedded line breaks, CRLF / LF / CR,
 * BOM, GB18030, blank lines, invalid bytes, over-long fields, an
 * unterminated quote (and the lines after it read again), tab-separated
 * text, the fast path's chunk edges.
 * Inputs and expected rows are written by hand (GB18030 bytes from the
 * GB 18030 code table).
 */
#include "check.h"
#include "rowsrc.h"
#include "textenc.h"
#include "util.h"
#include <stdlib.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/dz-test-csvsrc-XXXXXX";

/* Rows rendered as "row:cell|cell|...[!malformed][*badbytes cells]\n". */
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
		if (strlen(r->cells[i].s) != r->cells[i].n)
			sb_adds(sb, "<NUL!>");
	}
	if (r->malformed)
		sb_addf(sb, "!%s", r->malformed);
	sb_addc(sb, '\n');
	return 0;
}

static const char *write_file(const char *name, const char *data, size_t n)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *fp = fopen(path, "wb");
	fwrite(data, 1, n, fp);
	fclose(fp);
	return path;
}

/* Read path with every chunk size 1..64 and the default; every result must equal want. */
static void read_all_chunks(const char *path, size_t max_field, const char *enc, const char *want,
                            const char *want_enc)
{
	for (size_t chunk = 0; chunk <= 64; chunk++) {
		strbuf got;
		sb_init(&got);
		rowsrc_opts o = { .encoding = enc, .chunk = chunk, .max_field = max_field };
		rowsrc_info info;
		dzerr err = { 0 };
		int rc = rowsrc_read(path, "t.csv", &o, collect, &got, &info, &err);
		CHECK(rc == 0, "chunk %zu: rc %d (%s)", chunk, rc, err.msg);
		CHECK(!strcmp(got.buf, want), "chunk %zu:\n--- got\n%s--- want\n%s", chunk, got.buf, want);
		if (want_enc)
			CHECK(info.encoding && !strcmp(info.encoding, want_enc), "chunk %zu: encoding %s, want %s",
			      chunk, info.encoding ? info.encoding : "(null)", want_enc);
		bool same = !strcmp(got.buf, want);
		sb_release(&got);
		if (!same)
			break;     /* one failure report is enough */
	}
}

/* UTF-8 with BOM, CRLF and LF, title and blank lines, quoted breaks, no final newline. */
TEST(utf8_bom_quotes_breaks)
{
	static const char in[] =
		"\xEF\xBB\xBF" "标题行\r\n"
		"\r\n"
		"证件号码,姓名,备注\r\n"
		"1,\"张\n三\",\"a,b\"\r\n"
		"\n"
		"2,李四,\"say \"\"hi\"\"\"\n"
		"3,\"x\r\ny\r\nz\",end";
	static const char want[] =
		"1:标题行\n"
		"2:\n"
		"3:证件号码|姓名|备注\n"
		"4:1|张\n三|a,b\n"
		"6:\n"
		"7:2|李四|say \"hi\"\n"
		"8:3|x\r\ny\r\nz|end\n";
	const char *p = write_file("a.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, "UTF-8");
}

/* The same table in GB18030, CR-only line ends inside and outside quotes. */
TEST(gb18030_detected)
{
	static const char in[] =
		"\xB1\xEA\xCC\xE2\xD0\xD0\r\n"                      /* 标题行 */
		"\xD6\xA4\xBC\xFE\xBA\xC5\xC2\xEB,\xD0\xD5\xC3\xFB\n" /* 证件号码,姓名 */
		"1,\"\xD5\xC5\r\xC8\xFD\"\r"                          /* 1,"张<CR>三"<CR> */
		"2,\xC0\xEE\xCB\xC4\n"                                /* 2,李四 */
		"\n"
		"3,\xD5\xC5\xC8\xFD\n";
	static const char want[] =
		"1:标题行\n"
		"2:证件号码|姓名\n"
		"3:1|张\r三\n"
		"5:2|李四\n"
		"6:\n"
		"7:3|张三\n";
	const char *p = write_file("gb.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, "GB18030");
	/* --encoding override: the same bytes read as GBK give the same text */
	read_all_chunks(p, 0, "GBK", want, "GBK");
}

/* Forcing UTF-8 on GB18030 bytes: every non-ASCII byte becomes U+FFFD. */
TEST(forced_utf8_on_gbk)
{
	static const char in[] = "a,\xD5\xC5\n";
	static const char want[] = "1:a|\xEF\xBF\xBD\xEF\xBF\xBD*\n";
	const char *p = write_file("f.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, "UTF-8", want, "UTF-8");
}

/* Invalid bytes in UTF-8 text are replaced and flagged; a NUL too. */
TEST(invalid_bytes)
{
	static const char in[] =
		"证件号码,姓名,备注\n"
		"1,张\xFF三,ok\n"
		"2,李四,\xE5\xBC\n"         /* cut sequence */
		"3,王五,a\x01z\n";
	static const char want[] =
		"1:证件号码|姓名|备注\n"
		"2:1|张\xEF\xBF\xBD三*|ok\n"
		"3:2|李四|\xEF\xBF\xBD\xEF\xBF\xBD*\n"
		"4:3|王五|a\x01z\n";
	const char *p = write_file("bad.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, "UTF-8");
}

/* GB18030 beyond two-byte codes: a four-byte code (U+20000 is 95 32 82 36),
 * the euro sign (A2 E3), a lone 80, a lead byte cut by the end of its
 * field, a lead before an impossible trail (81 7F: one U+FFFD, then DEL). */
TEST(gb18030_mixed)
{
	static const char in[] =
		"\xD6\xA4\xBC\xFE\xBA\xC5\xC2\xEB,\xD0\xD5\xC3\xFB\n"   /* 证件号码,姓名 */
		"1,\xD5\xC5\x95\x32\x82\x36\xA2\xE3\n"
		"2,\x80\xC0\xEE\n"
		"3,\xC0\xEE\xD5\n"
		"4,a\x81\x7F" "b\n";
	static const char want[] =
		"1:证件号码|姓名\n"
		"2:1|张\xF0\xA0\x80\x80\xE2\x82\xAC\n"
		"3:2|\xEF\xBF\xBD李*\n"
		"4:3|李\xEF\xBF\xBD*\n"
		"5:4|a\xEF\xBF\xBD\x7F" "b*\n";
	const char *p = write_file("gbmix.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, "GB18030", want, "GB18030");
}

/* A field over max_field (here 10 bytes) makes its row malformed; later
 * row numbers still count the line breaks inside it. */
TEST(field_too_long)
{
	static const char in[] =
		"h1,h2\n"
		"1,\"aaaaaaaaaa\nbbbbbbbbbb\ncccccccccc\"\n"
		"2,short\n"
		"3,abcdefghijk\n"
		"4,ok\n"
		"5,\"aaaaaaaaaa\r\nbbbbbbbbbb\r\ncccccccccc\"\r\n"    /* CR LF may fall on a cut */
		"6,\"aaaaaaaaaaaa\"                        ,x\n"  /* spaces after the quote */
		"7,end\n";
	static const char want[] =
		"1:h1|h2\n"
		"2:1|aaaaaaaaaa!字段超过 10 字节\n"     /* the field's start is kept */
		"5:2|short\n"
		"6:3|abcdefghij!字段超过 10 字节\n"
		"7:4|ok\n"
		"8:5|aaaaaaaaaa!字段超过 10 字节\n"
		"11:6|aaaaaaaaaa|x!字段超过 10 字节\n"
		"12:7|end\n";
	const char *p = write_file("long.csv", in, sizeof in - 1);
	read_all_chunks(p, 10, NULL, want, NULL);
}

/* A quote left open makes the line it opened on a malformed row; the lines
 * after it are read again as records with their own numbers.  On the last
 * line (with or without a final line break) it runs to the end of the file. */
TEST(unterminated_quote)
{
	static const char in[] =
		"h1,h2\n"
		"1,ok\n"
		"2,\"open\n"
		"3,more\n";
	static const char want[] =
		"1:h1|h2\n"
		"2:1|ok\n"
		"3:2!引号未闭合\n"
		"4:3|more\n";
	const char *p = write_file("open.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, NULL);
	static const char last[] =
		"h1,h2\n"
		"1,ok\n"
		"2,\"open\n";
	static const char want_last[] =
		"1:h1|h2\n"
		"2:1|ok\n"
		"3:2!引号未闭合（直到文件末尾）\n";
	p = write_file("last.csv", last, sizeof last - 1);
	read_all_chunks(p, 0, NULL, want_last, NULL);
	p = write_file("last2.csv", last, sizeof last - 2);     /* no final line break */
	read_all_chunks(p, 0, NULL, want_last, NULL);
}

/* The example of the brief: header and three rows, a quote left open in row 2. */
TEST(unterminated_quote_example)
{
	static const char in[] =
		"证件号码,姓名,参保状态\n"
		"1,\"张三,正常\n"
		"2,李四,正常\n"
		"3,王五,正常\n";
	static const char want[] =
		"1:证件号码|姓名|参保状态\n"
		"2:1!引号未闭合\n"
		"3:2|李四|正常\n"
		"4:3|王五|正常\n";
	const char *p = write_file("ex.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, "UTF-8");
}

/* Two quotes left open (the second one, seen inside the first, does not
 * close it); a legitimate multi-line field before a broken one; a broken
 * one in a record that began on an earlier line (the record runs to the
 * line the quote opened on). */
TEST(unterminated_quote_twice)
{
	static const char two[] =
		"h1,h2\n"
		"1,\"a\n"
		"2,b\n"
		"3,\"c,d\n"
		"4,e\n";
	static const char want_two[] =
		"1:h1|h2\n"
		"2:1!引号未闭合\n"
		"3:2|b\n"
		"4:3!引号未闭合\n"
		"5:4|e\n";
	const char *p = write_file("two.csv", two, sizeof two - 1);
	read_all_chunks(p, 0, NULL, want_two, NULL);
	static const char legit[] =
		"h1,h2,h3\n"
		"1,\"x\ny\",z\n"
		"2,ok,ok\n"
		"3,\"bad,q\n"
		"4,fine,yes\n";
	static const char want_legit[] =
		"1:h1|h2|h3\n"
		"2:1|x\ny|z\n"
		"4:2|ok|ok\n"
		"5:3!引号未闭合\n"
		"6:4|fine|yes\n";
	p = write_file("legit.csv", legit, sizeof legit - 1);
	read_all_chunks(p, 0, NULL, want_legit, NULL);
	static const char same[] =
		"h\n"
		"1,\"x\ny\",\"bad\n"
		"2,ok\n";
	static const char want_same[] =
		"1:h\n"
		"2:1|x\ny!引号未闭合\n"
		"4:2|ok\n";
	p = write_file("same.csv", same, sizeof same - 1);
	read_all_chunks(p, 0, NULL, want_same, NULL);
}

/* CR LF and CR-only line ends (a CR LF may be cut by a chunk's end). */
TEST(unterminated_quote_crlf)
{
	static const char crlf[] =
		"h1,h2\r\n"
		"1,\"a\r\n"
		"\r\n"
		"2,b\r\n"
		"3,c\r\n";
	static const char want[] =
		"1:h1|h2\n"
		"2:1!引号未闭合\n"
		"3:\n"
		"4:2|b\n"
		"5:3|c\n";
	const char *p = write_file("crlf.csv", crlf, sizeof crlf - 1);
	read_all_chunks(p, 0, NULL, want, NULL);
	static const char cr[] =
		"h1,h2\r"
		"1,\"a\r"
		"\r"
		"2,b\r"
		"3,c\r";
	p = write_file("cr.csv", cr, sizeof cr - 1);
	read_all_chunks(p, 0, NULL, want, NULL);
}

/* The lines kept after an open quote are bounded by max_field: beyond it
 * the record runs to the end of the file, as before. */
TEST(unterminated_quote_bound)
{
	static const char in[] =
		"h1,h2\n"
		"1,\"a\n"
		"2,bbbbbbbb\n"
		"3,c\n";           /* 15 bytes after line 2 */
	static const char want15[] =
		"1:h1|h2\n"
		"2:1!引号未闭合\n"
		"3:2|bbbbbbbb\n"
		"4:3|c\n";
	static const char want14[] =
		"1:h1|h2\n"
		"2:1!引号未闭合（直到文件末尾）\n";
	const char *p = write_file("bound.csv", in, sizeof in - 1);
	read_all_chunks(p, 15, NULL, want15, NULL);
	read_all_chunks(p, 14, NULL, want14, NULL);
}

/* The reader's fast path (whole chunks that are valid UTF-8 without
 * quotes): characters of 3 and 4 bytes cut by every chunk boundary,
 * fields longer than 16 and 32 bytes, an invalid byte and a quoted line
 * break in later lines, an inner tab; and a field over max_field in an
 * otherwise clean chunk. */
TEST(fast_path_boundaries)
{
	static const char in[] =
		"姓名,证件号码,备注\n"
		"张三丰,110105194912310021,\xF0\xA0\x80\x80字\n"        /* U+20000 */
		"李四,123456789012345678901234567890123,x\n"
		"王五,ab,\xFF\n"
		"赵六,\"多\n行\",y\n"
		"孙七,z,\xF0\x9F\x98\x80\n"                            /* U+1F600 */
		"周八,tab\there,end\n";
	static const char want[] =
		"1:姓名|证件号码|备注\n"
		"2:张三丰|110105194912310021|\xF0\xA0\x80\x80字\n"
		"3:李四|123456789012345678901234567890123|x\n"
		"4:王五|ab|\xEF\xBF\xBD*\n"
		"5:赵六|多\n行|y\n"
		"7:孙七|z|\xF0\x9F\x98\x80\n"
		"8:周八|tab\there|end\n";
	const char *p = write_file("fast.csv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, "UTF-8");
	static const char want20[] =
		"1:姓名|证件号码|备注\n"
		"2:张三丰|110105194912310021|\xF0\xA0\x80\x80字\n"
		"3:李四|12345678901234567890|x!字段超过 20 字节\n"
		"4:王五|ab|\xEF\xBF\xBD*\n"
		"5:赵六|多\n行|y\n"
		"7:孙七|z|\xF0\x9F\x98\x80\n"
		"8:周八|tab\there|end\n";
	read_all_chunks(p, 20, NULL, want20, "UTF-8");
}

/* Tab-separated text is recognized; commas inside stay in the cell. */
TEST(tab_separated)
{
	static const char in[] =
		"证件号码\t姓名\t金额\n"
		"1\t张三\t1,234.50\n";
	static const char want[] =
		"1:证件号码|姓名|金额\n"
		"2:1|张三|1,234.50\n";
	const char *p = write_file("t.tsv", in, sizeof in - 1);
	read_all_chunks(p, 0, NULL, want, NULL);
}

/* Encoding detection on its own. */
TEST(detect)
{
	const unsigned char ascii[] = "a,b,c\n";
	const unsigned char utf8[] = "证件号码,姓名\n";
	const unsigned char gbk[] = "\xD6\xA4\xBC\xFE\xBA\xC5\xC2\xEB,\xD0\xD5\xC3\xFB\n";
	/* a UTF-8 head cut inside a character is still UTF-8 when more follows */
	const unsigned char cut[] = "证件号码\xE5\xA7";
	CHECK(textenc_detect(ascii, sizeof ascii - 1, true) == NULL, "ascii");
	CHECK_STR(textenc_detect(utf8, sizeof utf8 - 1, true), "UTF-8");
	CHECK_STR(textenc_detect(gbk, sizeof gbk - 1, true), "GB18030");
	CHECK_STR(textenc_detect(cut, sizeof cut - 1, false), "UTF-8");
	textenc t;
	dzerr err = { 0 };
	CHECK(textenc_open(&t, "NO-SUCH-ENCODING", &err) < 0, "unknown encoding accepted");
	CHECK_INT(err.status, DZ_EXIT_USAGE);
	CHECK_STR(err.msg, "unknown encoding 'NO-SUCH-ENCODING' (try UTF-8, GB18030 or GBK)");
}

/* Containers that are not text. */
TEST(not_text)
{
	dzerr err = { 0 };
	strbuf got;
	sb_init(&got);
	const char *p = write_file("x.bin", "\x01\x02\x00\x03binary", 10);
	CHECK(rowsrc_read(p, "x.bin", NULL, collect, &got, NULL, &err) == -1, "binary accepted");
	CHECK_INT(err.status, DZ_EXIT_DATA);
	CHECK_STR(err.msg, "'x.bin': not a CSV, gzip, xlsx, xls, HTML or XML file");
	p = write_file("u16.csv", "a\0,\0b\0\r\0\n\0c\0,\0d\0", 14);
	CHECK(rowsrc_read(p, "u16.csv", NULL, collect, &got, NULL, &err) == -1, "utf-16 without BOM accepted");
	CHECK_STR(err.msg, "'u16.csv': UTF-16 text without a byte order mark (BOM); save it again (in Excel: Unicode 文本 or CSV UTF-8), or give --encoding UTF-16LE");
	p = write_file("empty.csv", "", 0);
	CHECK(rowsrc_read(p, "empty.csv", NULL, collect, &got, NULL, &err) == -1, "empty accepted");
	CHECK_STR(err.msg, "'empty.csv': empty file");
	CHECK_STR(got.buf, "");
	sb_release(&got);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	diag_quiet = 1;     /* the unterminated-quote warning is checked by t1xx */
	RUN(utf8_bom_quotes_breaks);
	RUN(gb18030_detected);
	RUN(forced_utf8_on_gbk);
	RUN(gb18030_mixed);
	RUN(invalid_bytes);
	RUN(field_too_long);
	RUN(unterminated_quote);
	RUN(unterminated_quote_example);
	RUN(unterminated_quote_twice);
	RUN(unterminated_quote_crlf);
	RUN(unterminated_quote_bound);
	RUN(fast_path_boundaries);
	RUN(tab_separated);
	RUN(detect);
	RUN(not_text);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
