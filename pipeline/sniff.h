/*
 * sniff.h - `dz sniff`: what dz sees in one file before anything is run
 * (SPEC §2): container, encoding, delimiter, sheets, header row, each
 * column's canonical field, the key column, the rows and footers, and the
 * first records as ingest reads them.  See sniff.c and docs/sniff.md.
 */
#ifndef DZ_SNIFF_H
#define DZ_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "diag.h"

typedef struct sniff_opts {
	const char *path;        /* file, or "-" (stdin, copied to $TMPDIR first) */
	int kind;                /* KIND_*, or -1: try every kind */
	const char *sheet;       /* --sheet */
	const char *encoding;    /* --encoding */
	int header_row;          /* --header-row, 0 = detect */
	size_t rows;             /* -n: data rows shown (cmd/sniff.c: 5 by default) */
	bool json;               /* --json */
	const char *period;      /* "YYYY-MM" */
	int32_t ref_days;        /* last day of the period */
} sniff_opts;

/*
 * Describe the file on out.  Returns 0 when the file could be read (whether
 * or not any kind maps); -1 with err filled when it cannot be read at all
 * (DZ_EXIT_DATA, the message `dz ingest` gives) or on an I/O error.
 */
int sniff_run(const sniff_opts *o, FILE *out, dzerr *err);

#endif
