/*
 * xlsxsrc.h - additions to the xlsx reader declared in rowsrc.h.
 *
 * xlsxsrc_read() (rowsrc.h) reads a workbook with the default zip-bomb
 * limits below.  xlsxsrc_read_limited() is the same reader with explicit
 * limits, so tests can exercise the size cap without a 1 GiB input.
 */
#ifndef DZ_XLSXSRC_H
#define DZ_XLSXSRC_H

#include <stdint.h>
#include "rowsrc.h"

#define XLSX_MAX_MEMBER (1ULL << 30)   /* bytes inflated from one zip member */
/* inflated : compressed.  Deflate cannot exceed about 1032:1, so a limit
 * of 1000 would only stop a perfect bomb near its end; ordinary sheets
 * compress 5-30:1 and the most repetitive legitimate sheet XML we could
 * build (identical styled cells without references) about 250:1. */
#define XLSX_MAX_RATIO 500ULL
#define XLSX_RATIO_FLOOR (1ULL << 20)  /* the ratio is checked past this many bytes */

/* The shared strings table is kept compactly (text + 4 bytes per string);
 * a workbook with more strings or text than this is refused. */
#define XLSX_MAX_SST_ENTRIES (16ULL << 20)
#define XLSX_MAX_SST_BYTES (256ULL << 20)

typedef struct xlsx_limits {
	uint64_t max_member;   /* refuse a member inflating to more bytes */
	uint64_t max_ratio;    /* refuse a member inflating more than this per compressed byte */
	uint64_t ratio_floor;  /* ... once more than this many bytes were inflated */
	uint64_t max_sst_entries; /* shared strings; 0 = XLSX_MAX_SST_ENTRIES */
	uint64_t max_sst_bytes;   /* their text; 0 = XLSX_MAX_SST_BYTES */
} xlsx_limits;

int xlsxsrc_read_limited(const char *path, const char *display, const rowsrc_opts *opts,
                         const xlsx_limits *lim, rowsrc_cb cb, void *ctx, rowsrc_info *info,
                         dzerr *err);

#endif
