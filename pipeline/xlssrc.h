/*
 * xlssrc.h - the rows of one worksheet of an Excel 97-2003 workbook (.xls,
 * BIFF8 in an OLE2 compound file; WPS .et files are the same container),
 * read with libfreexl.  See xlssrc.c.
 */
#ifndef DZ_XLSSRC_H
#define DZ_XLSSRC_H

#include "rowsrc.h"

/*
 * Read the chosen sheet of the workbook at path (a real file: rowsrc.c
 * spools stdin and gzip'd input).  Same contract as xlsxsrc_read (rowsrc.h):
 * positional rows numbered by sheet row, cells placed by column.  Fills
 * info->encoding ("BIFF8") when info is not NULL.
 */
int xlssrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err);

#endif
