/*
 * test_xlsx_dump.h - shared by the xlsx/XML reader tests: print raw rows
 * one line each, so tests compare against hand-written expectations.
 *
 *   row 3: 1^n | 张三 | 4.10522E+17^n | TRUE^b
 *   row 2 [malformed: cell A2 longer than 10 bytes]: 0123456789
 *   row 1: 证件号码=41052219900101123X | 姓名=张三        (named rows, XML)
 *
 * Cell suffixes: ^n CELL_NUMERIC, ^b CELL_BOOL, ^x CELL_BADBYTES.  '|', '\'
 * and line breaks inside cells are escaped as \|, \\ and \n.
 */
#ifndef TEST_XLSX_DUMP_H
#define TEST_XLSX_DUMP_H

#include "rowsrc.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

static void dump_text(strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '|' || c == '\\')
			sb_addc(sb, '\\');
		if (c == '\n')
			sb_adds(sb, "\\n");
		else if (c == '\r')
			sb_adds(sb, "\\r");
		else
			sb_addc(sb, c);
	}
}

static void dump_row(strbuf *sb, const rawrow *r)
{
	sb_addf(sb, "row %ld", r->row);
	if (r->malformed)
		sb_addf(sb, " [malformed: %s]", r->malformed);
	sb_adds(sb, ":");
	for (size_t i = 0; i < r->ncells; i++) {
		sb_adds(sb, i ? " | " : " ");
		if (r->names) {
			dump_text(sb, r->names[i].s, r->names[i].n);
			sb_addc(sb, '=');
		}
		dump_text(sb, r->cells[i].s, r->cells[i].n);
		if (r->cells[i].flags & CELL_NUMERIC)
			sb_adds(sb, "^n");
		if (r->cells[i].flags & CELL_BOOL)
			sb_adds(sb, "^b");
		if (r->cells[i].flags & CELL_BADBYTES)
			sb_adds(sb, "^x");
		if (strlen(r->cells[i].s) != r->cells[i].n)
			sb_adds(sb, "^LEN");   /* s must be NUL-terminated at n */
	}
	sb_addc(sb, '\n');
}

typedef struct dumpctx {
	strbuf out;
	long rows;
	long stop_after;   /* return stop_value after this many rows; 0 = never */
	int stop_value;
	FILE *fp;          /* if set, each row is written here at once (not kept) */
} dumpctx;

static int dump_cb(void *ctx, const rawrow *r)
{
	dumpctx *d = ctx;
	dump_row(&d->out, r);
	d->rows++;
	if (d->fp) {
		fwrite(d->out.buf, 1, d->out.len, d->fp);
		sb_reset(&d->out);
	}
	if (d->stop_after && d->rows >= d->stop_after)
		return d->stop_value;
	return 0;
}

#endif
