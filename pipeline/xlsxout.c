/*
 * xlsxout.c - report tables as an xlsx workbook with libxlsxwriter
 * (see xlsxout.h).
 *
 * Each table becomes one worksheet:
 *   row 0     the title, merged across the table's columns (omitted when
 *             the title is NULL or empty);
 *   next row  the bold header, frozen with the title above it;
 *   then      the data rows, with an autofilter over header and data.
 * Text cells are string cells in the text number format "@", wrapped, so
 * 18-digit IDs stay text and keep every digit; a cell of an 'n' column is a number
 * cell when its text is a plain decimal of at most 15 significant digits
 * (beyond that a double would change it), else text.  Column widths follow
 * the widest header or cell (East Asian wide characters count double),
 * between 6 and 40 (longer text wraps).  Every sheet prints on A4
 * landscape, one page wide, title and header repeated on each page, with
 * a footer of period and page number (print_setup).
 *
 * Worksheet names are made valid: []:*?/\ become '_', at most 31
 * characters, no leading or trailing apostrophe, unique (a "(2)" suffix).
 * Cells over Excel's 32767 characters are cut; invalid UTF-8 becomes
 * U+FFFD (the xlsx would otherwise not open).
 *
 * Functions in call order: xlsxout_write -> hush_begin (libxlsxwriter's
 * own error lines are swallowed) -> sheet_name, write_table (column
 * widths, title, header, rows), workbook_close -> hush_end.
 *
 * Memory: libxlsxwriter in constant_memory mode (one row in memory, the
 * rest in a temporary file under $TMPDIR), plus one cell's cleaned copy.
 */
#include "xlsxout.h"
#include "util.h"

#define XLSX_DEFLATE_LEVEL 1  /* see zipOpenNewFileInZip4_64 at the end */
#include <xlsxwriter.h>
#include <dlfcn.h>
#include <minizip/zip.h>
#include <zlib.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define CELL_MAX_CHARS 32767
#define WIDTH_MIN 6
#define WIDTH_MAX 40   /* longer text wraps (the text format wraps) */

/* Decode one UTF-8 character at s (n bytes left): its length, or 0 when
 * the bytes are not valid UTF-8; *cp gets the code point. */
static size_t utf8_char(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xE0) == 0xC0) {
		len = 2; min = 0x80; c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3; min = 0x800; c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4; min = 0x10000; c &= 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* Columns a code point takes on screen: 2 for East Asian wide/fullwidth. */
static int cp_width(unsigned c)
{
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/* Display width of a UTF-8 string (invalid bytes count one each). */
static size_t text_width(const char *s)
{
	size_t w = 0, n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		unsigned cp;
		size_t k = utf8_char(p, n, &cp);
		if (!k) {
			k = 1;
			cp = '?';
		}
		w += (size_t)cp_width(cp);
		p += k;
		n -= k;
	}
	return w;
}

/* A character XML 1.0 allows (control characters other than TAB, LF and CR,
 * U+FFFE and U+FFFF are not: a part holding one does not open). */
static bool xml_char(unsigned cp)
{
	return (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') && cp != 0xFFFE && cp != 0xFFFF;
}

/* The text to write: s itself when valid and short enough, else a cleaned
 * copy in sb (invalid bytes and characters XML forbids -> U+FFFD, cut at
 * CELL_MAX_CHARS characters). */
static const char *clean_text(strbuf *sb, const char *s)
{
	size_t n = strlen(s), chars = 0;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	bool clean = true;
	while (i < n) {
		unsigned cp;
		size_t k = utf8_char(p + i, n - i, &cp);
		if (!k || !xml_char(cp) || ++chars > CELL_MAX_CHARS) {
			clean = false;
			break;
		}
		i += k;
	}
	if (clean)
		return s;
	sb_reset(sb);
	chars = 0;
	i = 0;
	while (i < n && chars < CELL_MAX_CHARS) {
		unsigned cp;
		size_t k = utf8_char(p + i, n - i, &cp);
		if (!k || !xml_char(cp)) {
			sb_adds(sb, "\xEF\xBF\xBD");
			k = k ? k : 1;
		} else {
			sb_add(sb, p + i, k);
		}
		i += k;
		chars++;
	}
	return sb->buf;
}

/* A plain decimal ("-12", "3.50") of at most 15 significant digits. */
static bool plain_number(const char *s, double *out)
{
	const char *p = s;
	int digits = 0, lead = 1;
	if (*p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (lead && *p == '0')
			continue;
		lead = 0;
		digits++;
	}
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		for (; *p >= '0' && *p <= '9'; p++)
			digits++;
	}
	if (*p || digits > 15)
		return false;
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return !errno && *end == '\0';
}

/* A valid, unique worksheet name for table i into out. */
static void sheet_name(strbuf *out, lxw_workbook *wb, const char *want, size_t i)
{
	strbuf base;
	sb_init(&base);
	const unsigned char *p = (const unsigned char *)(want ? want : "");
	size_t n = strlen((const char *)p), chars = 0;
	while (n && chars < LXW_SHEETNAME_MAX) {
		unsigned cp;
		size_t k = utf8_char(p, n, &cp);
		if (!k) {
			sb_addc(&base, '_');
			k = 1;
		} else if (cp < 0x20 || (cp < 0x80 && strchr("[]:*?/\\", (int)cp))) {
			sb_addc(&base, '_');
		} else {
			sb_add(&base, p, k);
		}
		p += k;
		n -= k;
		chars++;
	}
	while (base.len && base.buf[0] == '\'') {
		memmove(base.buf, base.buf + 1, base.len);
		base.len--;
	}
	while (base.len && base.buf[base.len - 1] == '\'')
		base.buf[--base.len] = '\0';
	if (!base.len)
		sb_addf(&base, "Sheet%zu", i + 1);
	for (int k = 1; k < 1000; k++) {
		sb_reset(out);
		if (k == 1) {
			sb_add(out, base.buf, base.len);
		} else {
			/* cut the base so "name(k)" stays within 31 characters */
			char suffix[16];
			int sl = snprintf(suffix, sizeof suffix, "(%d)", k);
			size_t keep = 0, c = 0;
			const unsigned char *q = (const unsigned char *)base.buf;
			while (keep < base.len && c + (size_t)sl < LXW_SHEETNAME_MAX) {
				unsigned cp;
				size_t kk = utf8_char(q + keep, base.len - keep, &cp);
				keep += kk ? kk : 1;
				c++;
			}
			sb_add(out, base.buf, keep);
			sb_adds(out, suffix);
		}
		if (workbook_validate_sheet_name(wb, out->buf) == LXW_NO_ERROR)
			break;
	}
	sb_release(&base);
}

typedef struct formats {
	lxw_format *title, *header, *text;
} formats;

/*
 * How a table prints (SPEC §6: townships carry their lists door to door):
 * A4 landscape, every column on one page width (as many pages down as
 * needed), title and header repeated on every page, gridlines, and a
 * footer with the period and "第 N 页，共 M 页".
 */
static lxw_error print_setup(lxw_worksheet *ws, const xlsx_table *t, lxw_row_t hrow, strbuf *sb)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);              /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);        /* one page wide, any number tall */
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.7);
	worksheet_gridlines(ws, LXW_SHOW_PRINT_GRIDLINES);
	lxw_error e = worksheet_repeat_rows(ws, 0, hrow);
	if (e)
		return e;
	sb_reset(sb);
	if (t->footer && *t->footer) {
		sb_adds(sb, "&L");
		for (const char *p = t->footer; *p; p++) {
			if (*p == '&')
				sb_addc(sb, '&');  /* a literal & in a header/footer */
			sb_addc(sb, *p);
		}
	}
	sb_adds(sb, "&R第 &P 页，共 &N 页");
	return worksheet_set_footer(ws, sb->buf);
}

static lxw_error write_table(lxw_workbook *wb, const formats *f, const xlsx_table *t,
                             size_t idx, strbuf *scratch)
{
	strbuf name;
	sb_init(&name);
	sheet_name(&name, wb, t->sheet, idx);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name.buf);
	sb_release(&name);
	if (!ws)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	lxw_error e = LXW_NO_ERROR;
	bool has_title = t->title && *t->title;
	lxw_row_t hrow = has_title ? 1 : 0;

	/* widths first (constant_memory writes rows as they come) */
	for (size_t c = 0; c < t->ncols; c++) {
		size_t w = t->headers && t->headers[c] ? text_width(t->headers[c]) : 0;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * t->ncols + c];
			if (s) {
				size_t sw = text_width(s);
				if (sw > w)
					w = sw;
				if (w >= WIDTH_MAX)
					break;
			}
		}
		w += 2;
		if (w < WIDTH_MIN)
			w = WIDTH_MIN;
		if (w > WIDTH_MAX)
			w = WIDTH_MAX;
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
		if (e)
			return e;
	}

	if (has_title) {
		const char *title = clean_text(scratch, t->title);
		if (t->ncols > 1)
			e = worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), title, f->title);
		else
			e = worksheet_write_string(ws, 0, 0, title, f->title);
		if (e)
			return e;
		worksheet_set_row(ws, 0, 24, NULL);
	}
	for (size_t c = 0; c < t->ncols; c++) {
		const char *h = t->headers && t->headers[c] ? t->headers[c] : "";
		e = worksheet_write_string(ws, hrow, (lxw_col_t)c, clean_text(scratch, h), f->header);
		if (e)
			return e;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		lxw_row_t row = hrow + 1 + (lxw_row_t)r;
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (!s || !*s)
				continue;
			double num;
			if (t->coltypes && t->coltypes[c] == 'n' && plain_number(s, &num))
				e = worksheet_write_number(ws, row, (lxw_col_t)c, num, NULL);
			else
				e = worksheet_write_string(ws, row, (lxw_col_t)c, clean_text(scratch, s), f->text);
			if (e)
				return e;
		}
	}
	worksheet_freeze_panes(ws, hrow + 1, 0);
	if (t->ncols > 0)
		e = worksheet_autofilter(ws, hrow, 0, hrow + (lxw_row_t)t->nrows, (lxw_col_t)(t->ncols - 1));
	if (!e)
		e = print_setup(ws, t, hrow, scratch);
	return e;
}

/*
 * libxlsxwriter prints its own "[ERROR] ..." lines to stderr (through the
 * stdio stream, not the descriptor) on any failure; dz reports one message
 * of its own instead.  While a workbook is written, stderr points to a
 * memory stream that is thrown away.  The callers write workbooks from one
 * thread at a time (county reports in the main thread after the ingest
 * threads joined; packages in separate processes).
 */
typedef struct hush {
	FILE *saved;
	FILE *sink;
	char *buf;
	size_t len;
} hush;

static void hush_begin(hush *h)
{
	h->buf = NULL;
	h->len = 0;
	fflush(stderr);
	h->saved = stderr;
	h->sink = open_memstream(&h->buf, &h->len);
	if (h->sink)
		stderr = h->sink;
}

static void hush_end(hush *h)
{
	if (h->sink) {
		stderr = h->saved;
		fclose(h->sink);
	}
	free(h->buf);
}

/* The reason of a failed write: the system's (errno as libxlsxwriter and
 * minizip left it), else the library's. */
static const char *reason(int sys, lxw_error e)
{
	return sys ? strerror(sys) : lxw_strerror(e);
}

int xlsxout_write(const char *path, const char *display, const xlsx_table *tables, size_t ntables,
                  dzerr *err)
{
	if (!display)
		display = path;
	for (size_t i = 0; i < ntables; i++) {
		const xlsx_table *t = &tables[i];
		size_t rows = t->nrows + 1 + (t->title && *t->title ? 1 : 0);
		if (rows > LXW_ROW_MAX || t->ncols > LXW_COL_MAX)
			return dzerr_set(err, DZ_EXIT_IO,
			                 "cannot write '%s': table '%s' has %zu rows and %zu columns, "
			                 "more than a worksheet holds (%d x %d)",
			                 display, t->sheet ? t->sheet : "", t->nrows, t->ncols,
			                 LXW_ROW_MAX, LXW_COL_MAX);
	}
	/* libxlsxwriter only opens the file at the end: find out first whether
	 * it can be created, with the system's reason */
	FILE *probe = fopen(path, "wb");
	if (!probe)
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", display, strerror(errno));
	fclose(probe);

	/* libxlsxwriter writes every part to a temporary file before zipping:
	 * prefer memory-backed /dev/shm when TMPDIR does not say otherwise */
	const char *tmpdir = getenv("TMPDIR");
	if ((!tmpdir || !*tmpdir) && access("/dev/shm", W_OK | X_OK) == 0)
		tmpdir = "/dev/shm";
	lxw_workbook_options o = {
		.constant_memory = LXW_TRUE,
		.tmpdir = tmpdir && *tmpdir ? (char *)tmpdir : NULL,
		.use_zip64 = LXW_FALSE,
	};
	hush h;
	hush_begin(&h);
	errno = 0;
	lxw_workbook *wb = workbook_new_opt(path, &o);
	if (!wb) {
		int sys = errno;
		hush_end(&h);
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", display,
		                 sys ? strerror(sys) : "cannot start the xlsx writer");
	}

	strbuf tsb;  /* the title as document property: valid XML too */
	sb_init(&tsb);
	lxw_doc_properties props = {
		.title = (char *)clean_text(&tsb, ntables && tables[0].title ? tables[0].title : ""),
		.created = ntables ? (time_t)tables[0].created : 0,
	};
	workbook_set_properties(wb, &props);
	sb_release(&tsb);

	formats f;
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	format_set_align(f.title, LXW_ALIGN_CENTER);
	format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
	f.header = workbook_add_format(wb);
	format_set_bold(f.header);
	format_set_border(f.header, LXW_BORDER_THIN);
	format_set_bg_color(f.header, 0xD9E1F2);
	format_set_align(f.header, LXW_ALIGN_CENTER);
	format_set_num_format(f.header, "@");
	f.text = workbook_add_format(wb);
	format_set_num_format(f.text, "@");
	format_set_text_wrap(f.text);
	format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
	format_set_text_wrap(f.header);
	format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);

	strbuf scratch;
	sb_init(&scratch);
	lxw_error e = LXW_NO_ERROR;
	int sys = 0;
	for (size_t i = 0; i < ntables && !e; i++)
		e = write_table(wb, &f, &tables[i], i, &scratch);
	if (e)
		sys = errno;
	sb_release(&scratch);
	errno = 0;
	lxw_error ce = workbook_close(wb);
	if (!e && ce) {
		e = ce;
		sys = errno;
	}
	hush_end(&h);
	if (e)
		return dzerr_set(err, DZ_EXIT_IO, "cannot write '%s': %s", display, reason(sys, e));
	return 0;
}

/*
 * Deflate level of the xlsx parts.  libxlsxwriter 1.1.4 zips every part
 * through minizip's zipOpenNewFileInZip4_64() at zlib's default level 6,
 * with no option to change it; deflate then costs a third of all output
 * time.  dz defines the function itself (the dynamic linker binds
 * libxlsxwriter's call to the executable's definition first) and forwards
 * to minizip's with level 1: about 15 % larger files, a quarter less CPU
 * for the xlsx outputs, the same bytes every run.  Where libxlsxwriter is
 * built with a private minizip this is simply not used.
 */
typedef int (*zip_open4_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                            const void *, uInt, const char *, int, int, int, int, int, int,
                            const char *, uLong, uLong, uLong, int);

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extra_local, uInt size_local, const void *extra_global,
                            uInt size_global, const char *comment, int method, int level,
                            int raw, int window_bits, int mem_level, int strategy,
                            const char *password, uLong crc, uLong version_made_by,
                            uLong flag_base, int zip64)
{
	static zip_open4_fn real;
	if (!real)
		real = (zip_open4_fn)dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
	if (!real)
		return ZIP_INTERNALERROR;
	if (method == Z_DEFLATED && level != 0)
		level = XLSX_DEFLATE_LEVEL;
	return real(file, filename, zipfi, extra_local, size_local, extra_global, size_global,
	            comment, method, level, raw, window_bits, mem_level, strategy, password, crc,
	            version_made_by, flag_base, zip64);
}
