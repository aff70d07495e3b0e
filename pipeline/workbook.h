/*
 * workbook.h - which sheet of a workbook a source reads (SPEC §4 "Sheets"),
 * one logic for every container that holds several sheets or tables: the
 * xlsx reader today, the xls (libfreexl) and HTML readers (tables play the
 * part of sheets) alike.
 *
 * How a container uses it:
 *   1. list its sheets in workbook order as wb_sheet (name, hidden, and
 *      whether it is a worksheet at all: chart and macro sheets are not);
 *   2. give a wb_read_fn that streams the rows of sheet i through a rowsrc
 *      callback (stopping when the callback returns nonzero, which is not
 *      an error: return the callback's value);
 *   3. call workbook_choose(); read the chosen sheet in full with its own
 *      reader; copy wb_choice.note into rowsrc_info.sheet.
 *
 * workbook_choose():
 *   - opts->sheet (`--sheet`, `sheet =` in the config) names the sheet:
 *     exact name, then ASCII case-insensitive; unknown name -> error
 *     listing the sheets; a sheet that is not a worksheet -> error;
 *   - else, with a header probe (opts->probe, set by ingest) and more than
 *     one sheet: the first WB_HEAD_ROWS non-blank rows of each visible
 *     worksheet, in workbook order, are read and handed to the probe; the
 *     first sheet whose rows hold a header with the kind's key column is
 *     chosen.  When none does, every sheet (hidden ones too, marked 隐藏)
 *     is listed in the error with the headers found on it (exit 3);
 *   - else (no probe: a caller that only wants rows, or a one-sheet
 *     workbook): the first visible worksheet, or the first worksheet when
 *     all are hidden.
 *   choice->note is the chosen sheet's name when it is not the first
 *   visible worksheet (the source account names it), else "".
 *
 * Memory: the held head rows of one sheet at a time (at most WB_HEAD_ROWS
 * rows, freed before the next sheet); the error text.
 */
#ifndef DZ_WORKBOOK_H
#define DZ_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include "rowsrc.h"

#define WB_HEAD_ROWS 20      /* rows searched for a header (as ingest does) */

typedef struct wb_sheet {
	const char *name;    /* as the workbook names it (UTF-8) */
	bool hidden;         /* state hidden / veryHidden */
	bool worksheet;      /* false: chart sheet, dialog or macro sheet, missing part */
} wb_sheet;

/* Stream the rows of sheet idx to cb; 0 at its end, the callback's nonzero
 * value when it stopped the reading, -1 on error (err filled). */
typedef int (*wb_read_fn)(void *cctx, size_t idx, rowsrc_cb cb, void *ctx, dzerr *err);

typedef struct wb_choice {
	size_t idx;          /* index of the chosen sheet */
	char note[256];      /* its name when not the first visible worksheet, else "" */
} wb_choice;

int workbook_choose(const char *display, const wb_sheet *sheets, size_t n,
                    const rowsrc_opts *opts, wb_read_fn rd, void *cctx,
                    wb_choice *choice, dzerr *err);

#endif
