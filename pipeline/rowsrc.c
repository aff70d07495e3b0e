/*
 * rowsrc.c - recognize a source's container by content and hand it to the
 * reader for that container (see rowsrc.h).
 *
 * rowsrc_read(): dzin_open() (gzip is undone there), dzin_peek() at the
 * first decompressed bytes, then
 *   empty                           -> "empty file" (DZ_EXIT_DATA)
 *   zip magic PK\3\4 (or PK\5\6)    -> xlsx: xlsxsrc_read() on the path; data
 *                                      from stdin or inside gzip is first
 *                                      copied to a temporary file that is
 *                                      removed right after reading
 *   OLE2 magic D0 CF 11 E0 ...      -> xls (or WPS .et): xlssrc_read(), the
 *                                      same way
 *   FF FE / FE FF (UTF-16 BOM), or  -> converted to UTF-8 (dzin_transcode),
 *   --encoding UTF-16*                 then read as below (XML or text)
 *   UTF-16 without a BOM            -> "UTF-16 text without a byte order mark"
 *   (every other byte NUL)
 *   '<' after BOM and white space   -> XML: xmlsrc_read()
 *   other NUL bytes, or many        -> "not a CSV, gzip, xlsx, xls, HTML or XML file"
 *   control characters (binary)
 *   anything else                   -> delimited text: csvsrc_read()
 *
 * HTML pages (htmlsrc_detect: <html, <!DOCTYPE html, <table, <meta or <head
 * after BOM and white space, any case) are recognized just before the '<'
 * test and go to htmlsrc_read() the way xlsx does (choosing a table reads
 * the file more than once).
 *
 * Messages name the file ("'x.bin': not a CSV, gzip, xlsx, xls, HTML or XML file");
 * the caller adds its stage.
 *
 * Memory: dzin's buffers; a 64 KiB copy buffer while spooling an xlsx.
 */
#include "rowsrc.h"
#include "input.h"
#include "xlssrc.h"
#include "htmlsrc.h"
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool is_zip(const unsigned char *p, size_t n)
{
	return n >= 4 && p[0] == 'P' && p[1] == 'K' &&
	       ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6));
}

/* UTF-16 without BOM: NUL in one byte lane of most characters, not the other. */
static bool looks_utf16(const unsigned char *p, size_t n)
{
	size_t z[2] = { 0, 0 };
	size_t m = n & ~(size_t)1;
	if (m < 4)
		return false;
	for (size_t i = 0; i < m; i++)
		if (!p[i])
			z[i & 1]++;
	size_t half = m / 2;
	return (z[0] * 10 >= half * 3 && z[1] * 20 < half) || (z[1] * 10 >= half * 3 && z[0] * 20 < half);
}

/* Binary: any NUL byte, or control characters other than tab, CR, LF and
 * FF in more than 5% of the bytes (and at least 4 of them). */
static bool looks_binary(const unsigned char *p, size_t n)
{
	size_t ctl = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == 0)
			return true;
		if (c < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f')
			ctl++;
	}
	return ctl >= 4 && ctl * 20 > n;
}

static bool is_ole2(const unsigned char *p, size_t n)
{
	static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	return n >= 8 && !memcmp(p, sig, 8);
}

/* Copy the whole (decompressed) stream to a temporary file; returns its path. */
static char *spool(dzin *in, dzerr *err)
{
	const char *dir = getenv("TMPDIR");
	strbuf path;
	sb_init(&path);
	sb_addf(&path, "%s/dz-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path.buf);
	if (fd < 0) {
		dzerr_set(err, DZ_EXIT_IO, "'%s': cannot create a temporary file in %s: %s",
		          dzin_display(in), dir && *dir ? dir : "/tmp", strerror(errno));
		sb_release(&path);
		return NULL;
	}
	unsigned char *buf = xmalloc(65536);
	int rc = 0;
	for (;;) {
		ssize_t k = dzin_read(in, buf, 65536, err);
		if (k < 0) {
			rc = -1;
			break;
		}
		if (k == 0)
			break;
		for (ssize_t off = 0; off < k;) {
			ssize_t w = write(fd, buf + off, (size_t)(k - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = dzerr_set(err, DZ_EXIT_IO, "'%s': cannot write temporary file %s: %s",
				               dzin_display(in), path.buf, strerror(errno));
				break;
			}
			off += w;
		}
		if (rc)
			break;
	}
	free(buf);
	if (close(fd) != 0 && rc == 0)
		rc = dzerr_set(err, DZ_EXIT_IO, "'%s': cannot write temporary file %s: %s",
		               dzin_display(in), path.buf, strerror(errno));
	if (rc) {
		unlink(path.buf);
		sb_release(&path);
		return NULL;
	}
	return sb_detach(&path);
}

static int read_xlsx(dzin *in, const char *path, const char *display, const rowsrc_opts *opts,
                     rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	enum container kind = info->container;
	char *tmp = NULL;
	if (dzin_gzipped(in) || !strcmp(path, "-")) {
		tmp = spool(in, err);
		if (!tmp) {
			dzin_close(in);
			return -1;
		}
		path = tmp;
	}
	dzin_close(in);
	int rc = kind == CONT_XLS ? xlssrc_read(path, display, opts, cb, ctx, info, err)
	       : kind == CONT_HTML ? htmlsrc_read(path, display, opts, cb, ctx, info, err)
	       : xlsxsrc_read(path, display, opts, cb, ctx, info, err);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}

int rowsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	rowsrc_opts defaults = { 0 };
	if (!opts)
		opts = &defaults;
	if (!display)
		display = path;
	rowsrc_info dummy;
	if (!info)
		info = &dummy;
	info->container = CONT_TEXT;
	info->encoding = NULL;
	info->rows_hint = 0;
	info->sheet[0] = '\0';
	info->date1904 = false;

	dzin *in = dzin_open(path, display, err);
	if (!in)
		return -1;
	size_t n;
	const unsigned char *p = dzin_peek(in, &n, err);
	if (!p) {
		dzin_close(in);
		return -1;
	}
	if (n == 0) {
		dzin_close(in);
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': empty file", display);
	}
	if (is_zip(p, n)) {
		info->container = CONT_XLSX;
		info->encoding = "UTF-8";
		return read_xlsx(in, path, display, opts, cb, ctx, info, err);
	}
	if (is_ole2(p, n)) {
		info->container = CONT_XLS;
		return read_xlsx(in, path, display, opts, cb, ctx, info, err);
	}
	/* UTF-16 (Excel's "Unicode 文本"): converted to UTF-8 below the reader */
	const char *u16 = NULL;
	size_t bom = 0;
	if (opts->encoding && !strncasecmp(opts->encoding, "UTF-16", 6))
		u16 = opts->encoding;
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		u16 = "UTF-16LE", bom = 2;
	else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		u16 = "UTF-16BE", bom = 2;
	if (!u16 && looks_utf16(p, n)) {
		dzin_close(in);
		return dzerr_set(err, DZ_EXIT_DATA,
		                 "'%s': UTF-16 text without a byte order mark (BOM); save it again "
		                 "(in Excel: Unicode 文本 or CSV UTF-8), or give --encoding UTF-16LE",
		                 display);
	}
	rowsrc_opts u16opts;
	if (u16) {
		if (dzin_transcode(in, u16, bom, err) < 0 || !(p = dzin_peek(in, &n, err))) {
			dzin_close(in);
			return -1;
		}
		u16opts = *opts;
		u16opts.encoding = "UTF-8";
		opts = &u16opts;
	}
	if (htmlsrc_detect(p, n)) {
		info->container = CONT_HTML;
		return read_xlsx(in, path, display, opts, cb, ctx, info, err);
	}
	size_t i = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i < n && p[i] == '<') {
		info->container = CONT_XML;
		info->encoding = "UTF-8";
		int rc = xmlsrc_read(in, display, opts, cb, ctx, err);
		dzin_close(in);
		return rc;
	}
	if (looks_binary(p, n)) {
		dzin_close(in);
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': not a CSV, gzip, xlsx, xls, HTML or XML file", display);
	}
	info->container = dzin_gzipped(in) ? CONT_GZIP_TEXT : CONT_TEXT;
	int rc = csvsrc_read(in, display, opts, cb, ctx, info, err);
	if (u16)
		info->encoding = u16;
	dzin_close(in);
	return rc;
}
