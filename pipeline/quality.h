/*
 * quality.h - the data-quality ledger (quality.csv).
 *
 * A DQ finding: source kind, file, row number, column (Chinese header as
 * found in the file, "" when not tied to a column), raw value, code, and a
 * Chinese explanation.  A quality_log collects findings in memory (they are
 * few compared to rows; bounded by bad rows, not input size) and writes
 * them as RFC 4180 CSV, UTF-8 with BOM, columns
 *   来源类型, 文件, 行号, 列, 原始值, 代码, 说明
 * sorted stably by (source order, row, code).  Raw values are cut at 200
 * bytes (on a UTF-8 boundary) so a 10 MB bad field cannot bloat the file.
 */
#ifndef DZ_QUALITY_H
#define DZ_QUALITY_H

#include <stdio.h>
#include "util.h"

typedef struct dq_finding {
	int source;          /* ordinal of the source in the run (sort key) */
	const char *kind;    /* kind name, e.g. "med_enroll" (static) */
	const char *file;    /* arena copy */
	long row;
	const char *column;  /* arena copy, "" if none */
	const char *raw;     /* arena copy, cut to 200 bytes */
	int code;            /* DQ01..DQ13 */
	const char *note;    /* arena copy; "" = dq_desc(code) */
} dq_finding;

typedef struct quality_log {
	VEC(dq_finding) items;
	arena mem;
} quality_log;

void quality_init(quality_log *q);
void quality_release(quality_log *q);
void quality_add(quality_log *q, int source, const char *kind, const char *file, long row,
                 const char *column, const char *raw, size_t rawlen, int code, const char *note);
/* Append all of src to dst (used to merge per-thread logs in source order). */
void quality_merge(quality_log *dst, const quality_log *src);
void quality_sort(quality_log *q);
/* Write as CSV (with BOM) to fp; returns 0 or -1 on a write error. */
int quality_write_csv(const quality_log *q, FILE *fp);

#endif
