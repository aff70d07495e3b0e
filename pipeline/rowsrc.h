/*
 * rowsrc.h - raw rows from any container, as UTF-8 cells.
 *
 * rowsrc_read() opens a path ("-" = stdin), recognizes the container by
 * content (gzip magic, zip magic -> xlsx, '<' -> XML, else delimited
 * text), and pushes each physical row to a callback.  Text is converted to
 * UTF-8 (CSV: UTF-8 / UTF-8 BOM / GB18030 detected by content unless
 * opts->encoding names one); invalid byte sequences are replaced with U+FFFD
 * and the cell is flagged CELL_BADBYTES.
 *
 * Two row shapes:
 *  - positional (CSV, xlsx): cells[i] is column i; the header row is one of
 *    the rows, found later by ingest among the first 20 rows;
 *  - named (XML): names[i] is the field name of cells[i] for this record,
 *    no header row is delivered.
 *
 * Row numbers follow SPEC §5: CSV the line on which the record starts,
 * xlsx the sheet row number, XML the 1-based record ordinal.  Blank rows are
 * delivered too (ingest skips them); a row the container could not parse
 * (unterminated quote at EOF, field over the size limit) comes with
 * malformed set and a reason (-> DQ08).
 *
 * Memory: one row of cells at a time plus the container's fixed buffers;
 * the pointers passed to the callback are valid only during the call.
 */
#ifndef DZ_ROWSRC_H
#define DZ_ROWSRC_H

#include <stddef.h>
#include <stdbool.h>
#include "diag.h"
#include "util.h"

enum {
	CELL_BADBYTES = 1,   /* invalid bytes for the encoding were replaced (DQ09) */
	CELL_NUMERIC = 2,    /* xlsx numeric cell (an ID here is DQ05; dates are serials) */
	CELL_BOOL = 4,       /* xlsx boolean cell: s is "TRUE"/"FALSE" */
	CELL_BADCHAR = 16,   /* ingest: a C0 control or U+FFFE/U+FFFF was replaced (DQ09) */
	CELL_DATEFMT = 8,    /* numeric cell whose format shows a date (in an amount
	                      * or count field: DQ11) */
};

typedef struct rowcell {
	const char *s;       /* UTF-8 bytes, NUL-terminated */
	size_t n;
	unsigned flags;      /* CELL_* */
} rowcell;

typedef struct rawrow {
	long row;              /* row number as SPEC §5 defines it */
	size_t ncells;
	const rowcell *cells;
	const rowcell *names;  /* XML: field name per cell; NULL for positional rows */
	const char *malformed; /* NULL, or why the row is malformed (-> DQ08) */
	bool badbytes_elsewhere; /* invalid bytes in a part of the row not in cells */
	bool no_badbytes;      /* optional promise: no cell has CELL_BADBYTES (lets
	                        * ingest skip looking); false = not known */
} rawrow;

enum container { CONT_TEXT, CONT_GZIP_TEXT, CONT_XLSX, CONT_XML, CONT_XLS, CONT_HTML };

/* Header probe for the sheet choice (workbook.h): set by ingest, called by
 * the containers holding several sheets or tables. */
typedef struct rowsrc_probe {
	/* true when rows[0..n) - a sheet's first non-blank rows - hold a header
	 * with the kind's key column; found gets the headers seen (for the
	 * error listing every sheet) */
	bool (*match)(void *ctx, const rawrow *rows, size_t n, strbuf *found);
	void *ctx;
	const char *want;      /* what is looked for, e.g. "证件号码 column for kind dibao" */
	int header_row;        /* > 0: hold the rows up to this row number instead */
} rowsrc_probe;

typedef struct rowsrc_opts {
	const char *encoding;  /* NULL = detect; else "UTF-8", "GB18030", "GBK", ... */
	const char *sheet;     /* workbook: sheet name, NULL = chosen (workbook.h) */
	const rowsrc_probe *probe; /* NULL = the first visible sheet */
	strbuf *sheets_out;    /* NULL, or filled by workbook_choose: one line per
	                        * sheet "hidden\tworksheet\tchosen\tname\n" (0/1) */
	const char *record;    /* XML: record element name, NULL = repeated child of root */
	size_t max_field;      /* bytes; 0 = default 1 MiB; longer cells -> row malformed */
	size_t chunk;          /* read size; 0 = default 64 KiB (tests vary it) */
} rowsrc_opts;

typedef struct rowsrc_info {
	enum container container;
	const char *encoding;  /* detected or forced encoding name */
	size_t rows_hint;      /* estimated rows (lines) of the source, 0 = unknown;
	                        * set before the first row is delivered */
	bool date1904;         /* workbook in the 1904 date system: serial dates
	                        * are 1462 days later than in the 1900 system */
	char sheet[256];       /* workbook: the sheet read when it is not the first
	                        * visible one (workbook.h), else "" */
	char delim;            /* delimited text: ',' or '\t'; else 0 */
} rowsrc_info;

/* Return 0 to continue, nonzero to stop reading (rowsrc_read returns it). */
typedef int (*rowsrc_cb)(void *ctx, const rawrow *r);

/*
 * Read all rows.  display: the file name used in messages.  On a fatal
 * problem (cannot open, unknown binary content, truncated gzip, corrupt zip
 * or XML) fills err (status DZ_EXIT_DATA, or DZ_EXIT_IO for I/O errors) and
 * returns -1; rows delivered before the failure stay delivered.
 */
int rowsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err);

/* Container-specific readers, called by rowsrc_read (fd-level input). */
struct dzin;
int csvsrc_read(struct dzin *in, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err);
int xlsxsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                 rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err);
int xmlsrc_read(struct dzin *in, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, dzerr *err);

#endif
