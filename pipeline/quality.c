/*
 * quality.c - the data-quality ledger (see quality.h).
 *
 * Functions in call order: quality_init(), quality_add() per finding (the
 * strings are copied into the log's arena; file and column names repeat,
 * so a copy equal to the previous finding's is reused), quality_merge()
 * (per-source logs into the run's), quality_sort() (stable merge sort by
 * source, row, code, so findings of one row keep their column order),
 * quality_write_csv(), quality_release().
 *
 * Memory: one dq_finding per finding plus its strings; raw values are cut
 * at QUALITY_RAW_MAX bytes on a UTF-8 character boundary.
 */
#include "quality.h"
#include "csvout.h"
#include "idcard.h"
#include <stdlib.h>
#include <string.h>

#define QUALITY_RAW_MAX 200

void quality_init(quality_log *q)
{
	q->items.v = NULL;
	q->items.n = q->items.cap = 0;
	arena_init(&q->mem);
}

void quality_release(quality_log *q)
{
	VEC_FREE(q->items);
	arena_release(&q->mem);
}

/* Copy s into q's arena, reusing the previous finding's copy when equal. */
static const char *keep(quality_log *q, const char *prev, const char *s, size_t n)
{
	if (prev && strlen(prev) == n && !memcmp(prev, s, n))
		return prev;
	return arena_strndup(&q->mem, s, n);
}

void quality_add(quality_log *q, int source, const char *kind, const char *file, long row,
                 const char *column, const char *raw, size_t rawlen, int code, const char *note)
{
	const dq_finding *last = q->items.n ? &q->items.v[q->items.n - 1] : NULL;
	if (!raw)
		raw = "", rawlen = 0;
	if (rawlen > QUALITY_RAW_MAX) {
		rawlen = QUALITY_RAW_MAX;
		while (rawlen > 0 && ((unsigned char)raw[rawlen] & 0xC0) == 0x80)
			rawlen--;
	}
	if (!file)
		file = "";
	if (!column)
		column = "";
	if (!note)
		note = "";
	dq_finding f = {
		.source = source,
		.kind = kind ? kind : "",
		.file = keep(q, last ? last->file : NULL, file, strlen(file)),
		.row = row,
		.column = keep(q, last ? last->column : NULL, column, strlen(column)),
		.raw = rawlen ? arena_strndup(&q->mem, raw, rawlen) : "",
		.code = code,
		.note = *note ? keep(q, last ? last->note : NULL, note, strlen(note)) : "",
	};
	VEC_PUSH(q->items, f);
}

void quality_merge(quality_log *dst, const quality_log *src)
{
	for (size_t i = 0; i < src->items.n; i++) {
		const dq_finding *f = &src->items.v[i];
		quality_add(dst, f->source, f->kind, f->file, f->row, f->column, f->raw, strlen(f->raw),
		            f->code, f->note);
	}
}

static int cmp(const dq_finding *a, const dq_finding *b)
{
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	return 0;
}

static void merge_sort(dq_finding *v, dq_finding *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t h = n / 2;
	merge_sort(v, tmp, h);
	merge_sort(v + h, tmp, n - h);
	if (cmp(&v[h - 1], &v[h]) <= 0)
		return;
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

void quality_sort(quality_log *q)
{
	if (q->items.n < 2)
		return;
	dq_finding *tmp = xmalloc(q->items.n * sizeof *tmp);
	merge_sort(q->items.v, tmp, q->items.n);
	free(tmp);
}

int quality_write_csv(const quality_log *q, FILE *fp)
{
	static const char *const head[] = { "来源类型", "文件", "行号", "列", "原始值", "代码", "说明" };
	csvout c;
	csvout_init(&c, fp, true);
	csvout_row(&c, head, 7);
	for (size_t i = 0; i < q->items.n; i++) {
		const dq_finding *f = &q->items.v[i];
		char row[24] = "";
		if (f->row > 0)
			snprintf(row, sizeof row, "%ld", f->row);
		const char *cells[7] = {
			f->kind, f->file, row, f->column, f->raw, dq_name(f->code),
			f->note && *f->note ? f->note : dq_desc(f->code),
		};
		csvout_row(&c, cells, 7);
	}
	if (fflush(fp) != 0)
		return -1;
	return csvout_error(&c) ? -1 : 0;
}
