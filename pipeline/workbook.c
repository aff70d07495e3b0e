/*
 * workbook.c - which sheet of a workbook a source reads (see workbook.h).
 *
 * Functions in call order:
 *   workbook_choose()  by name (find_named), else probe the visible
 *                      worksheets in order (probe_sheet), else the first
 *                      visible worksheet (first_visible);
 *   probe_sheet()      reads a sheet's head through the container's
 *                      wb_read_fn into head_row(), which holds copies of
 *                      the first WB_HEAD_ROWS non-blank rows (or the rows
 *                      up to probe->header_row) and stops the reading;
 *                      then asks probe->match();
 *   no_match()         the error naming every sheet and its headers.
 *
 * Memory: one sheet's held rows (an arena reset per sheet); the error text
 * (cut to fit dzerr).
 */
#include "workbook.h"
#include "vocab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHEET_LIST_MAX 160   /* bytes of headers shown per sheet in the error */

typedef struct head {
	arena mem;
	VEC(rawrow) rows;
	int header_row;
} head;

static bool row_blank(const rawrow *r)
{
	for (size_t i = 0; i < r->ncells; i++) {
		const char *s = r->cells[i].s;
		size_t n = r->cells[i].n;
		trim_span(&s, &n);
		if (n)
			return false;
	}
	return true;
}

static int head_row(void *ctx, const rawrow *r)
{
	head *h = ctx;
	if (h->header_row > 0 && r->row > h->header_row)
		return 1;
	if (row_blank(r) && !r->malformed)
		return 0;
	rawrow c = *r;
	rowcell *cells = arena_alloc(&h->mem, (r->ncells + 1) * sizeof *cells);
	for (size_t i = 0; i < r->ncells; i++) {
		cells[i].s = arena_strndup(&h->mem, r->cells[i].s, r->cells[i].n);
		cells[i].n = r->cells[i].n;
		cells[i].flags = r->cells[i].flags;
	}
	c.cells = cells;
	c.names = NULL;
	c.malformed = NULL;
	VEC_PUSH(h->rows, c);
	if (h->header_row <= 0 && h->rows.n >= WB_HEAD_ROWS)
		return 1;
	return 0;
}

/* 1 when the sheet's head holds the key column, 0 when not, -1 on error. */
static int probe_sheet(const rowsrc_probe *p, wb_read_fn rd, void *cctx, size_t idx,
                       strbuf *found, dzerr *err)
{
	head h = { .header_row = p->header_row };
	arena_init(&h.mem);
	int rc = rd(cctx, idx, head_row, &h, err);
	int ret;
	sb_reset(found);
	if (rc < 0)
		ret = -1;
	else if (!h.rows.n)
		ret = 0;
	else
		ret = p->match(p->ctx, h.rows.v, h.rows.n, found) ? 1 : 0;
	VEC_FREE(h.rows);
	arena_release(&h.mem);
	return ret;
}

static int find_named(const char *display, const wb_sheet *sheets, size_t n, const char *want,
                      size_t *idx, dzerr *err)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!strcmp(sheets[i].name, want))
			break;
	if (i == n)
		for (i = 0; i < n; i++)
			if (!strcasecmp(sheets[i].name, want))
				break;
	if (i == n) {
		strbuf list;
		sb_init(&list);
		for (size_t k = 0; k < n; k++)
			sb_addf(&list, "%s'%s'", k ? ", " : "", sheets[k].name);
		dzerr_set(err, DZ_EXIT_DATA, "'%s': no sheet named '%s' (sheets: %s)",
		          display, want, list.len ? list.buf : "none");
		sb_release(&list);
		return -1;
	}
	if (!sheets[i].worksheet)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': sheet '%s' is not a worksheet", display, want);
	*idx = i;
	return 0;
}

/* The first visible worksheet, else the first worksheet; n when none. */
static size_t first_visible(const wb_sheet *sheets, size_t n)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if (sheets[i].worksheet && (pass || !sheets[i].hidden))
				return i;
	return n;
}

/* Append s to sb, cut at max bytes on a UTF-8 boundary. */
static void add_cut(strbuf *sb, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max) {
		sb_add(sb, s, n);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	sb_add(sb, s, max);
	sb_adds(sb, "...");
}

static int no_match(const char *display, const wb_sheet *sheets, size_t n,
                    const rowsrc_probe *p, wb_read_fn rd, void *cctx, dzerr *err)
{
	strbuf msg, found;
	sb_init(&msg);
	sb_init(&found);
	int ret = -1;
	for (size_t i = 0; i < n; i++) {
		sb_addf(&msg, "%s'%s'", i ? "; " : "", sheets[i].name);
		if (!sheets[i].worksheet) {
			sb_adds(&msg, " (不是工作表)");
			continue;
		}
		if (sheets[i].hidden)
			sb_adds(&msg, " (隐藏)");
		if (probe_sheet(p, rd, cctx, i, &found, err) < 0)
			goto out;
		sb_adds(&msg, ": ");
		add_cut(&msg, found.len ? found.buf : "(空)", SHEET_LIST_MAX);
	}
	dzerr_set(err, DZ_EXIT_DATA, "'%s': no sheet has the %s; sheets and headers found: %s",
	          display, p->want ? p->want : "key column", msg.buf);
out:
	sb_release(&msg);
	sb_release(&found);
	return ret;
}

int workbook_choose(const char *display, const wb_sheet *sheets, size_t n,
                    const rowsrc_opts *opts, wb_read_fn rd, void *cctx,
                    wb_choice *choice, dzerr *err)
{
	choice->idx = 0;
	choice->note[0] = '\0';
	size_t first = first_visible(sheets, n);
	if (first == n)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': the workbook has no worksheet", display);
	size_t idx = first;
	const rowsrc_probe *p = opts ? opts->probe : NULL;
	if (opts && opts->sheet && *opts->sheet) {
		if (find_named(display, sheets, n, opts->sheet, &idx, err) < 0)
			return -1;
	} else if (p && p->match && n > 1) {
		strbuf found;
		sb_init(&found);
		bool any_visible = !sheets[first].hidden;
		idx = n;
		for (size_t i = 0; i < n && idx == n; i++) {
			if (!sheets[i].worksheet || (sheets[i].hidden && any_visible))
				continue;
			int rc = probe_sheet(p, rd, cctx, i, &found, err);
			if (rc < 0) {
				sb_release(&found);
				return -1;
			}
			if (rc == 1)
				idx = i;
		}
		sb_release(&found);
		if (idx == n)
			return no_match(display, sheets, n, p, rd, cctx, err);
	}
	choice->idx = idx;
	if (idx != first)
		snprintf(choice->note, sizeof choice->note, "%s", sheets[idx].name);
	if (opts && opts->sheets_out)     /* for dz sniff */
		for (size_t i = 0; i < n; i++)
			sb_addf(opts->sheets_out, "%d\t%d\t%d\t%s\n", sheets[i].hidden, sheets[i].worksheet,
			        i == idx, sheets[i].name);
	return 0;
}
