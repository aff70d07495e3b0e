/*
 * xlsscan.h - what libfreexl does not tell about an Excel 97-2003 workbook.
 *
 * libfreexl (the .xls reader, xlssrc.c) gives the cells of every sheet but
 * leaves out three things dz needs:
 *   - whether a sheet is hidden (SPEC §4: the first *visible* worksheet);
 *   - the cached results of formula cells (a CSV cell ="4102..." opened in
 *     Excel and saved as .xls is a formula whose result is the ID text);
 *   - booleans and error values (freexl reads BOOLERR as the integer 1).
 * It also cannot say why an OLE2 file is not a workbook (a password-
 * protected xlsx is an OLE2 file holding an EncryptedPackage stream).
 *
 * xlsscan_read() reads the OLE2 compound file (CFBF: header, FAT, the
 * directory, the Workbook stream through the FAT or the mini stream) and
 * walks the BIFF records of the Workbook stream once, keeping only
 * BOUNDSHEET (name order, hidden state, sheet type), FILEPASS, and the
 * FORMULA (+ STRING) and BOOLERR cells.  Every sector and record is
 * bounds-checked, chains are cut at the number of sectors in the file, so
 * a truncated or crafted file is refused here before libfreexl sees it.
 *
 * Functions in call order: xlsscan_read(), xlsscan_cell() (any order; the
 * cells are sorted), xlsscan_release().
 *
 * Memory: the whole file while scanning (freed before returning), the
 * Workbook stream (freed before returning), then the sheet list and one
 * entry per formula or boolean cell (~24 bytes plus its text).
 */
#ifndef DZ_XLSSCAN_H
#define DZ_XLSSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "diag.h"
#include "util.h"

enum { XLS_FOUND = 0, XLS_NOT_OLE2, XLS_NO_WORKBOOK, XLS_ENCRYPTED_PACKAGE };

typedef struct xls_sheet {
	uint32_t pos;           /* stream offset of the sheet's BOF */
	unsigned char hidden;   /* 0 visible, 1 hidden, 2 very hidden */
	unsigned char type;     /* 0 worksheet, 1 macro sheet, 2 chart, 6 VB module */
} xls_sheet;

enum { XLSV_NUM, XLSV_TEXT, XLSV_BOOL, XLSV_ERROR };

typedef struct xls_cell {
	uint32_t sheet;         /* index in sheets (BOUNDSHEET order) */
	uint32_t row;           /* 0-based */
	uint16_t col;           /* 0-based */
	uint8_t type;           /* XLSV_* */
	double num;             /* XLSV_NUM */
	uint32_t off, len;      /* XLSV_TEXT/BOOL/ERROR: text in xlsscan.text */
} xls_cell;

typedef struct xlsscan {
	int what;               /* XLS_* */
	int biff;               /* 8 or 5 (0: not known) */
	bool filepass;          /* FILEPASS record: encrypted workbook */
	VEC(xls_sheet) sheets;
	VEC(xls_cell) cells;    /* sorted by sheet, row, col */
	strbuf text;            /* texts of cells */
} xlsscan;

/*
 * Scan path.  Returns 0 and fills sc (sc->what says what the file is);
 * -1 with err filled (DZ_EXIT_DATA naming the file) when the compound file
 * or the Workbook stream is truncated or corrupt, DZ_EXIT_IO when the file
 * cannot be read.
 */
int xlsscan_read(const char *path, const char *display, xlsscan *sc, dzerr *err);
/* The formula/boolean cell at (sheet, row, col), or NULL. */
const xls_cell *xlsscan_cell(const xlsscan *sc, uint32_t sheet, uint32_t row, uint16_t col);
void xlsscan_release(xlsscan *sc);

#endif
