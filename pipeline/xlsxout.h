/*
 * xlsxout.h - xlsx report writing with libxlsxwriter.
 *
 * One generic table writer: each table becomes a worksheet with a title row
 * (merged across the columns), a bold header row frozen below it, an
 * autofilter over header and data, sensible column widths, and every text
 * column written as a string cell (so 18-digit IDs stay text).  Columns of
 * type 'n' are written as numbers when the cell text parses as one.
 * Printing (SPEC §6): A4 landscape, one page wide, title and header rows
 * repeated on every page, long text wrapped, a footer with the period
 * (xlsx_table.footer) and the page number.
 *
 * The caller owns the strings; the file is written to `path` directly (the
 * caller writes to a temporary name and renames, see afile.h).
 * Memory: libxlsxwriter's (constant_memory mode: one row at a time).
 */
#ifndef DZ_XLSXOUT_H
#define DZ_XLSXOUT_H

#include <stddef.h>
#include "diag.h"

typedef struct xlsx_table {
	const char *sheet;              /* worksheet name (<= 31 chars) */
	const char *title;              /* title row text, e.g. "某某镇 2024-06 预警名单" */
	size_t ncols;
	const char *const *headers;     /* ncols header texts */
	const char *coltypes;           /* ncols chars: 's' text, 'n' number; NULL = all text */
	size_t nrows;
	const char *const *cells;       /* nrows * ncols, row-major, NULL = empty */
	const char *footer;             /* left page footer, e.g. "2024-06" (the period); NULL = none */
	long long created;              /* first table only: the workbook's creation time
	                                 * (seconds since 1970, UTC); 0 = now.  A fixed
	                                 * value makes the file byte-identical across runs. */
} xlsx_table;

/* Write the tables to path.  Messages name `display` (NULL = path), e.g. the
 * final name of a file written under a temporary one, and give the system's
 * reason (out of space ...); libxlsxwriter's own error lines are not
 * printed. */
int xlsxout_write(const char *path, const char *display, const xlsx_table *tables,
                  size_t ntables, dzerr *err);

#endif
