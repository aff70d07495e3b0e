/*
 * xlssrc.c - the rows of one worksheet of an Excel 97-2003 workbook
 * (see xlssrc.h), read with libfreexl.
 *
 * Input: a path (freexl opens files by name; rowsrc.c spools stdin and
 * gzip'd input to a temporary file first).
 * Output: one positional rawrow per sheet row, numbered by the sheet's row
 * number (1-based, empty rows included), cells placed by column.
 *
 * Functions in call order:
 *   xlssrc_read
 *     xlsscan_read        (xlsscan.c) hidden sheets, formula results,
 *                         booleans, FILEPASS, and why an OLE2 file is not
 *                         a workbook; a truncated or corrupt compound file
 *                         is refused here, before libfreexl sees it
 *     freexl_open         libfreexl parses the whole workbook
 *     workbook_choose     (workbook.c) the sheet: opts->sheet by name, else
 *                         the first visible worksheet whose head holds the
 *                         kind's key column (it reads heads via read_head)
 *     read_sheet          per row: cell_text for each column -> callback
 *
 * Cell text (as xlsxsrc.c gives it, so ingest treats both alike):
 *   text and shared strings (libfreexl converts them to UTF-8 from UTF-16
 *   or the workbook's code page) -> the text;
 *   integers and doubles -> the shortest decimal that reads back as the
 *   same double (at most 17 significant digits, 4.1022119840730048e+17),
 *   flagged CELL_NUMERIC (an ID stored so is DQ05; a number in a date field
 *   is an Excel serial date);
 *   date, date-time and time cells (a number with a date format) ->
 *   libfreexl's "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", "HH:MM:SS", computed in
 *   the workbook's date system (1900 or 1904), flagged CELL_NUMERIC;
 *   formula cells -> their cached result (xlsscan), text as text, numbers
 *   CELL_NUMERIC, booleans "TRUE"/"FALSE" CELL_BOOL, errors "#N/A" ...;
 *   boolean cells -> "TRUE"/"FALSE" flagged CELL_BOOL.
 * A cell longer than opts->max_field makes its row malformed (text cut).
 *
 * Memory: libfreexl loads the whole workbook: for every sheet an array of
 * rows x columns cell slots (16 bytes each, as declared by the sheet's
 * DIMENSION record) plus the shared strings; xlsscan holds the file and
 * the Workbook stream while scanning and one entry per formula/boolean
 * cell afterwards; one row of cells is built at a time.  So memory grows
 * with the workbook (about 16 bytes per cell of every sheet's used range,
 * plus the file size while opening), not only with one row - the limit
 * is the library's (docs/ingest.md).
 */
#include "xlssrc.h"
#include "xlsscan.h"
#include "workbook.h"
#include "util.h"
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_FIELD (1u << 20)

typedef struct xbook {
	const void *h;          /* freexl handle */
	xlsscan sc;
	const char *display;
	size_t max_field;
	strbuf text;            /* texts of the current row's cells */
	VEC(size_t) off;        /* per column: offset in text, or SIZE_MAX for empty */
	VEC(unsigned) flags;
	VEC(rowcell) out;
} xbook;

static const char *freexl_reason(int rc)
{
	switch (rc) {
	case FREEXL_INSUFFICIENT_MEMORY:
		return "the workbook is too large for memory";
	case FREEXL_INVALID_CHARACTER:
		return "a text in it is not valid in the workbook's code page";
	case FREEXL_UNSUPPORTED_CHARSET:
		return "its code page is not supported";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "no workbook stream in the file";
	case FREEXL_BIFF_INVALID_BOF:
		return "not a BIFF5/BIFF8 workbook";
	case FREEXL_BIFF_INVALID_SST:
	case FREEXL_BIFF_ILLEGAL_SST_INDEX:
		return "its shared string table is corrupt";
	default:
		return "the file is truncated or corrupt";
	}
}

/* Shortest decimal text of d that reads back as d. */
static void num_text(strbuf *sb, double d)
{
	char buf[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof buf, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	sb_adds(sb, buf);
}

/* Append the text of one cell; returns its CELL_* flags, or -1 when empty. */
static int cell_text(xbook *b, uint32_t sheet, uint32_t r, uint16_t c)
{
	const xls_cell *x = xlsscan_cell(&b->sc, sheet, r, c);
	if (x) {
		if (x->type == XLSV_NUM) {
			num_text(&b->text, x->num);
			return CELL_NUMERIC;
		}
		if (!x->len)
			return -1;
		sb_add(&b->text, b->sc.text.buf + x->off, x->len);
		return x->type == XLSV_BOOL ? CELL_BOOL : 0;
	}
	FreeXL_CellValue v;
	if (freexl_get_cell_value(b->h, r, c, &v) != FREEXL_OK)
		return -1;
	switch (v.type) {
	case FREEXL_CELL_INT:
		sb_addf(&b->text, "%d", v.value.int_value);
		return CELL_NUMERIC;
	case FREEXL_CELL_DOUBLE:
		num_text(&b->text, v.value.double_value);
		return CELL_NUMERIC;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
		if (!v.value.text_value || !*v.value.text_value)
			return -1;
		sb_adds(&b->text, v.value.text_value);
		return 0;
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME:
		if (!v.value.text_value || !*v.value.text_value)
			return -1;
		sb_adds(&b->text, v.value.text_value);
		return CELL_NUMERIC;
	default:
		return -1;
	}
}

/* Stream the rows of sheet idx to cb. */
static int read_sheet(xbook *b, size_t idx, rowsrc_cb cb, void *ctx, dzerr *err)
{
	unsigned rows = 0;
	unsigned short cols = 0;
	int frc = freexl_select_active_worksheet(b->h, (unsigned short)idx);
	if (frc == FREEXL_OK)
		frc = freexl_worksheet_dimensions(b->h, &rows, &cols);
	if (frc != FREEXL_OK)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': not a readable .xls file: %s",
		                 b->display, freexl_reason(frc));
	/* formula/boolean cells outside the declared dimensions still count */
	for (size_t i = 0; i < b->sc.cells.n; i++) {
		const xls_cell *x = &b->sc.cells.v[i];
		if (x->sheet == idx && x->row >= rows)
			rows = x->row + 1;
		if (x->sheet == idx && x->col >= cols)
			cols = (unsigned short)(x->col + 1 > 0xFFFF ? 0xFFFF : x->col + 1);
	}
	if (b->out.cap < cols) {
		b->off.v = xrealloc(b->off.v, cols * sizeof *b->off.v);
		b->flags.v = xrealloc(b->flags.v, cols * sizeof *b->flags.v);
		b->out.v = xrealloc(b->out.v, cols * sizeof *b->out.v);
		b->off.cap = b->flags.cap = b->out.cap = cols;
	}
	char reason[160];
	for (unsigned r = 0; r < rows; r++) {
		sb_reset(&b->text);
		size_t ncells = 0;
		const char *malformed = NULL;
		for (unsigned short c = 0; c < cols; c++) {
			size_t start = b->text.len;
			int f = cell_text(b, (uint32_t)idx, r, c);
			if (f < 0) {
				b->off.v[c] = SIZE_MAX;
				continue;
			}
			if (b->text.len - start > b->max_field) {
				b->text.len = start + b->max_field;
				b->text.buf[b->text.len] = '\0';
				snprintf(reason, sizeof reason, "cell in column %u of row %u longer than %zu bytes",
				         c + 1u, r + 1, b->max_field);
				malformed = reason;
			}
			sb_addc(&b->text, '\0');
			b->off.v[c] = start;
			b->flags.v[c] = (unsigned)f;
			ncells = (size_t)c + 1;
		}
		for (size_t c = 0; c < ncells; c++) {
			if (b->off.v[c] == SIZE_MAX) {
				b->out.v[c] = (rowcell){ "", 0, 0 };
			} else {
				const char *p = b->text.buf + b->off.v[c];
				b->out.v[c] = (rowcell){ p, strlen(p), b->flags.v[c] };
			}
		}
		rawrow row = {
			.row = (long)r + 1, .ncells = ncells, .cells = b->out.v, .names = NULL,
			.malformed = malformed, .badbytes_elsewhere = false, .no_badbytes = true,
		};
		int rc = cb(ctx, &row);
		if (rc)
			return rc;
	}
	return 0;
}

/* wb_read_fn for workbook_choose() */
static int read_head(void *cctx, size_t idx, rowsrc_cb cb, void *ctx, dzerr *err)
{
	return read_sheet(cctx, idx, cb, ctx, err);
}

static const char password_msg[] =
	"'%s': 文件有密码保护 (a password-protected workbook): open it in Excel or WPS with the "
	"password, remove the password and save it again";

int xlssrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	if (!display)
		display = path;
	xbook b = { 0 };
	b.display = display;
	b.max_field = opts && opts->max_field ? opts->max_field : DEFAULT_MAX_FIELD;
	sb_init(&b.text);
	int rc = xlsscan_read(path, display, &b.sc, err);
	if (rc == 0) {
		if (b.sc.what == XLS_ENCRYPTED_PACKAGE || b.sc.filepass)
			rc = dzerr_set(err, DZ_EXIT_DATA, password_msg, display);
		else if (b.sc.what == XLS_NO_WORKBOOK)
			rc = dzerr_set(err, DZ_EXIT_DATA,
			               "'%s': an OLE2 (Office 97-2003) file that is not an Excel workbook "
			               "(no Workbook stream; a Word or other Office document?): "
			               "export the table as .xlsx or CSV", display);
		else if (b.sc.what == XLS_NOT_OLE2)
			rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': not an Excel 97-2003 (.xls) file", display);
		else if (b.sc.biff != 8 && b.sc.biff != 5)
			rc = dzerr_set(err, DZ_EXIT_DATA,
			               "'%s': not a readable .xls file: not a BIFF5/BIFF8 workbook "
			               "(Excel 5.0 or later); save it as .xlsx", display);
	}
	if (rc == 0) {
		int frc = freexl_open(path, &b.h);
		if (frc != FREEXL_OK)
			rc = dzerr_set(err, frc == FREEXL_FILE_NOT_FOUND ? DZ_EXIT_IO : DZ_EXIT_DATA,
			               "'%s': not a readable .xls file: %s", display, freexl_reason(frc));
	}
	if (info) {
		info->container = CONT_XLS;
		info->encoding = b.sc.biff == 5 ? "BIFF5" : "BIFF8";
	}
	VEC(wb_sheet) list = { 0 };
	if (rc == 0) {
		unsigned n = 0;
		freexl_get_info(b.h, FREEXL_BIFF_SHEET_COUNT, &n);
		for (unsigned i = 0; i < n; i++) {
			const char *name = NULL;
			if (freexl_get_worksheet_name(b.h, (unsigned short)i, &name) != FREEXL_OK || !name)
				name = "";
			const xls_sheet *s = i < b.sc.sheets.n ? &b.sc.sheets.v[i] : NULL;
			wb_sheet e = { name, s && s->hidden, !s || s->type == 0 };
			VEC_PUSH(list, e);
		}
		wb_choice ch;
		rc = workbook_choose(display, list.v, list.n, opts, read_head, &b, &ch, err);
		if (rc == 0) {
			if (info)
				snprintf(info->sheet, sizeof info->sheet, "%s", ch.note);
			rc = read_sheet(&b, ch.idx, cb, ctx, err);
		}
	}
	VEC_FREE(list);
	if (b.h)
		freexl_close(b.h);
	xlsscan_release(&b.sc);
	sb_release(&b.text);
	VEC_FREE(b.off);
	VEC_FREE(b.flags);
	VEC_FREE(b.out);
	return rc;
}
