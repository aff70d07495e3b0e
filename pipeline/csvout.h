/*
 * csvout.h - report CSV writing: RFC 4180 via libcsv's csv_fwrite (every
 * field quoted), UTF-8 with BOM, CRLF row ends, and spreadsheet formula
 * injection neutralized: a cell beginning with = + - @ or a control
 * character gets a leading apostrophe, and so does a cell beginning with
 * apostrophes followed by one of those, so that a reader gets every cell
 * back exactly by dropping one leading apostrophe where
 * csvout_unneutralize says so (dz push reads the CSVs back).
 *
 * Errors are sticky: check csvout_error() (or the return of csvout_close)
 * once at the end.  No allocation.
 */
#ifndef DZ_CSVOUT_H
#define DZ_CSVOUT_H

#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct csvout {
	FILE *fp;
	int err;          /* errno of the first failed write, 0 while none failed */
	bool row_started; /* a field was written on the current row */
} csvout;

void csvout_init(csvout *c, FILE *fp, bool bom);  /* writes the BOM if asked */
void csvout_field(csvout *c, const char *s, size_t n);
void csvout_fields(csvout *c, const char *s);      /* NUL-terminated */
void csvout_endrow(csvout *c);
/* Write a whole row of NUL-terminated strings. */
void csvout_row(csvout *c, const char *const *cells, size_t n);
int csvout_error(const csvout *c);
/* errno of the first failure (EIO when unknown), for the message. */
int csvout_errno(const csvout *c);
/* True if a cell would be neutralized (exposed for tests). */
bool csvout_needs_neutralize(const char *s, size_t n);
/* Bytes to skip at the start of a cell read back from such a CSV: 1 when
 * the writer added an apostrophe, else 0. */
size_t csvout_unneutralize(const char *s, size_t n);

#endif
