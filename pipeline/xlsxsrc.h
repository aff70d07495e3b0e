/*
 * xlsxsrc.h - additions to the xlsx reader declared in rowsrc.h.
 *
 * xlsxsrc_read() (rowsrc.h) reads a workbook from a path.  The functions
 * here serve two other callers:
 *  - xlsxsrc_read_in(): an xlsx arriving on stdin (or any dzin): the bytes
 *    not yet consumed are spooled to an unlinked temporary file (a zip's
 *    directory is at its end, so the container needs random access), at
 *    most XLSX_MAX_SPOOL bytes;
 *  - xlsxsrc_read_limited(): the same reader with explicit zip-bomb
 *    limits, so tests can exercise the size cap without a 1 GiB input.
 */
#ifndef DZ_XLSXSRC_H
#define DZ_XLSXSRC_H

#include <stdint.h>
#include "rowsrc.h"

#define XLSX_MAX_MEMBER (1ULL << 30)   /* bytes inflated from one zip member */
#define XLSX_MAX_RATIO 1000ULL         /* inflated : compressed */
#define XLSX_RATIO_FLOOR (1ULL << 20)  /* the ratio is checked past this many bytes */
#define XLSX_MAX_SPOOL (2ULL << 30)    /* xlsx from stdin: bytes spooled */

typedef struct xlsx_limits {
	uint64_t max_member;   /* refuse a member inflating to more bytes */
	uint64_t max_ratio;    /* refuse a member inflating more than this per compressed byte */
	uint64_t ratio_floor;  /* ... once more than this many bytes were inflated */
} xlsx_limits;

int xlsxsrc_read_limited(const char *path, const char *display, const rowsrc_opts *opts,
                         const xlsx_limits *lim, rowsrc_cb cb, void *ctx, dzerr *err);

struct dzin;
int xlsxsrc_read_in(struct dzin *in, const char *display, const rowsrc_opts *opts,
                    rowsrc_cb cb, void *ctx, dzerr *err);

#endif
