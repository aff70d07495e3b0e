/*
 * htmlsrc.h - the rows of one <table> of an HTML page: the "导出Excel" of
 * web systems, an HTML table saved with an .xls extension.  See htmlsrc.c.
 */
#ifndef DZ_HTMLSRC_H
#define DZ_HTMLSRC_H

#include <stdbool.h>
#include "rowsrc.h"

/* Does a file starting with p[0..n) look like HTML (SPEC §4: after an
 * optional BOM and white space, <html, <!DOCTYPE html, <table, <meta or
 * <head, in any letter case)? */
bool htmlsrc_detect(const unsigned char *p, size_t n);

/*
 * Read the chosen table of the HTML file at path (a real file: rowsrc.c
 * spools stdin and gzip'd input, because choosing a table reads the file
 * more than once).  Positional rows numbered by the <tr> ordinal within
 * the table; fills info->encoding and info->sheet.
 */
int htmlsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                 rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err);

#endif
