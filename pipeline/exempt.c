/*
 * exempt.c - the exemption list (see exempt.h, docs/ledger.md 豁免清单).
 *
 * Functions in call order:
 *   exempt_load()     the header matcher (exempt_columns and their aliases,
 *                     the roster's aliases for 证件号码 户编号 乡镇 行政村),
 *                     rowsrc_read() with on_row();
 *   on_row()          before the header: a non-blank row with a 规则编号
 *                     column is the header -> map_header() (all nine
 *                     columns present, none twice); after it: per row
 *                     parse_row() (blank rows skipped);
 *   parse_row()       rule, ID, 户编号, places, required cells, dates; the
 *                     first problem fails the load (row_fail);
 *   index_rules()     rows grouped by rule (counting sort, file order kept);
 *   exempt_apply()    per finding: exempt_match() over its rule's rows.
 *
 * Every problem is DZ_EXIT_USAGE: a wrong exemption list is a
 * configuration error and must never hide a warning silently.
 *
 * Memory: the rows and their strings in the list's arena; while reading,
 * the header matcher and a scratch buffer.
 */
#include "exempt.h"
#include "idcard.h"
#include "kinds.h"
#include "rowsrc.h"
#include "rules.h"
#include "vocab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_SEARCH_ROWS 20
#define LIST_MAX 400

const char *const exempt_columns[EX_NCOLS] = {
	"规则编号", "证件号码", "户编号", "乡镇", "行政村", "豁免理由", "批准人", "批准日期", "有效期至",
};

/* Aliases beyond the canonical header (the roster's aliases are added for
 * 证件号码, 户编号, 乡镇 and 行政村). */
static const char *const extra_aliases[][4] = {
	[EX_RULE] = { "规则代码", "规则", "规则编码", NULL },
	[EX_REASON] = { "理由", "豁免原因", "原因", NULL },
	[EX_APPROVER] = { "审批人", "批准领导", NULL },
	[EX_APPROVED] = { "审批日期", "批准时间", "审批时间", NULL },
	[EX_UNTIL] = { "有效期", "截止日期", "有效截止日期", NULL },
};
static const int roster_field[EX_NCOLS] = {
	[EX_RULE] = -1, [EX_ID] = F_ID, [EX_HOUSEHOLD_ID] = F_HOUSEHOLD_ID,
	[EX_TOWNSHIP] = F_TOWNSHIP, [EX_VILLAGE] = F_VILLAGE, [EX_REASON] = -1,
	[EX_APPROVER] = -1, [EX_APPROVED] = -1, [EX_UNTIL] = -1,
};

typedef struct loader {
	exempt_list *l;
	int32_t ref_days;
	const place_alias *tw;
	size_t ntw;
	kind_hdr hm;
	bool have_header;
	long searched;           /* non-blank rows looked at for the header */
	int col[EX_NCOLS];       /* column of each EX_*, -1 */
	const char *head[EX_NCOLS]; /* header text as written (arena) */
	VEC(exempt_row) rows;
	strbuf tmp, tmp2;
	dzerr *err;
	bool failed;
} loader;

static void header_matcher(kind_hdr *m)
{
	kind_hdr_init(m);
	for (int c = 0; c < EX_NCOLS; c++) {
		kind_hdr_add(m, c, exempt_columns[c], false);
		for (int i = 0; i < 4 && extra_aliases[c][i]; i++)
			kind_hdr_add(m, c, extra_aliases[c][i], false);
		const fielddef *fd = roster_field[c] >= 0 ? kind_field(KIND_ROSTER, roster_field[c]) : NULL;
		for (size_t i = 0; fd && fd->aliases[i]; i++)
			kind_hdr_add(m, c, fd->aliases[i], false);
	}
}

static bool blank(const rowcell *c)
{
	const char *s = c->s;
	size_t n = c->n;
	trim_span(&s, &n);
	return n == 0;
}

static bool row_blank(const rawrow *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (!blank(&r->cells[i]))
			return false;
	return true;
}

static int load_fail(loader *ld, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int load_fail(loader *ld, const char *fmt, ...)
{
	char msg[sizeof ld->err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	dzerr_set(ld->err, DZ_EXIT_USAGE, "exemption list '%s': %s; the run stopped before any output", ld->l->file, msg);
	ld->failed = true;
	return 1;
}

/* "a, b, c" of a row's non-blank cells. */
static void list_cells(strbuf *sb, const rawrow *r)
{
	sb_reset(sb);
	for (size_t i = 0; i < r->ncells; i++) {
		const char *s = r->cells[i].s;
		size_t n = r->cells[i].n;
		trim_span(&s, &n);
		if (!n)
			continue;
		if (sb->len + n > LIST_MAX) {
			sb_adds(sb, sb->len ? ", ..." : "...");
			break;
		}
		if (sb->len)
			sb_adds(sb, ", ");
		sb_add(sb, s, n);
	}
	if (!sb->len)
		sb_adds(sb, "(none)");
}

/* Is r the header row?  Maps it when it has a 规则编号 column. */
static int map_header(loader *ld, const rawrow *r)
{
	int col[EX_NCOLS];
	for (int c = 0; c < EX_NCOLS; c++)
		col[c] = -1;
	bool rule = false;
	for (size_t i = 0; i < r->ncells; i++)
		if (kind_hdr_find(&ld->hm, r->cells[i].s, r->cells[i].n, NULL) == EX_RULE)
			rule = true;
	if (!rule)
		return 0;
	ld->have_header = true;
	arena *m = &ld->l->mem;
	for (size_t i = 0; i < r->ncells; i++) {
		int c = kind_hdr_find(&ld->hm, r->cells[i].s, r->cells[i].n, NULL);
		if (c < 0)
			continue;
		const char *s = r->cells[i].s;
		size_t n = r->cells[i].n;
		trim_span(&s, &n);
		if (col[c] >= 0)
			return load_fail(ld, "row %ld: columns %s and %.*s are both %s (keep one)", r->row,
			                 ld->head[c], (int)n, s, exempt_columns[c]);
		col[c] = (int)i;
		ld->head[c] = arena_strndup(m, s, n);
	}
	sb_reset(&ld->tmp);
	for (int c = 0; c < EX_NCOLS; c++)
		if (col[c] < 0)
			sb_addf(&ld->tmp, "%s%s", ld->tmp.len ? ", " : "", exempt_columns[c]);
	if (ld->tmp.len) {
		list_cells(&ld->tmp2, r);
		return load_fail(ld, "row %ld: no column %s (columns found: %s)", r->row, ld->tmp.buf,
		                 ld->tmp2.buf);
	}
	memcpy(ld->col, col, sizeof col);
	return 0;
}

static const rowcell empty_cell = { "", 0, 0 };

static const rowcell *cell(const loader *ld, const rawrow *r, int c)
{
	size_t i = (size_t)ld->col[c];
	return i < r->ncells ? &r->cells[i] : &empty_cell;
}

/* The trimmed text of a cell in ld->tmp; its length. */
static size_t text(loader *ld, const rowcell *c)
{
	const char *s = c->s;
	size_t n = c->n;
	trim_span(&s, &n);
	sb_reset(&ld->tmp);
	sb_add(&ld->tmp, s, n);
	return n;
}

static int row_fail(loader *ld, const rawrow *r, int c, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int row_fail(loader *ld, const rawrow *r, int c, const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return load_fail(ld, "row %ld, column %s: %s", r->row, ld->head[c], msg);
}

static const char *id_problem(int status)
{
	switch (status) {
	case DQ01: return "no ID (placeholder)";
	case DQ03: return "check character wrong";
	case DQ04: return "birth date impossible";
	case DQ05: return "destroyed by a spreadsheet (scientific notation, or stored as a number)";
	default: return "malformed";
	}
}

/* A date cell (xlsx serials allowed in numeric cells) -> days; 1 on error. */
static int date_cell(loader *ld, const rawrow *r, int c, int32_t *days)
{
	const rowcell *x = cell(ld, r, c);
	size_t n = text(ld, x);
	if (parse_date(ld->tmp.buf, n, (x->flags & CELL_NUMERIC) != 0, days) != VAL_OK)
		return row_fail(ld, r, c, "not a date: '%s' (e.g. 2026-11-01)", ld->tmp.buf);
	return 0;
}

static int parse_row(loader *ld, const rawrow *r)
{
	arena *m = &ld->l->mem;
	exempt_row e = { .row = r->row, .until = INT32_MAX };
	/* required cells first, in column order */
	static const int required[] = { EX_RULE, EX_REASON, EX_APPROVER, EX_APPROVED };
	for (size_t k = 0; k < sizeof required / sizeof required[0]; k++)
		if (blank(cell(ld, r, required[k])))
			return row_fail(ld, r, required[k], "empty (规则编号, 豁免理由, 批准人 and 批准日期 are required)");

	/* 规则编号: trimmed, half width, any case */
	text(ld, cell(ld, r, EX_RULE));
	norm_halfwidth(&ld->tmp2, ld->tmp.buf, ld->tmp.len);
	for (size_t i = 0; i < ld->tmp2.len; i++)
		if (ld->tmp2.buf[i] >= 'a' && ld->tmp2.buf[i] <= 'z')
			ld->tmp2.buf[i] = (char)(ld->tmp2.buf[i] - 'a' + 'A');
	e.rule = rule_index(ld->tmp2.buf);
	if (e.rule < 0 || rules[e.rule].family == FAM_DQ)
		return row_fail(ld, r, EX_RULE, "unknown rule '%s' (the codes of the rule catalogue: "
		                "ZZ01-ZZ15, ZS01-ZS05, YJ01-YJ08, LJ01-LJ19)", ld->tmp.buf);

	/* 证件号码: SPEC §3 */
	const rowcell *idc = cell(ld, r, EX_ID);
	e.id = "";
	if (!blank(idc)) {
		idcard ic;
		if (idcard_parse(idc->s, idc->n, ld->ref_days, (idc->flags & CELL_NUMERIC) != 0, &ic) != 0) {
			text(ld, idc);
			return row_fail(ld, r, EX_ID, "bad ID '%s': %s", ld->tmp.buf, id_problem(ic.status));
		}
		e.id = arena_strndup(m, ic.id, strlen(ic.id));
	}
	size_t n = text(ld, cell(ld, r, EX_HOUSEHOLD_ID));
	e.household_id = arena_strndup(m, ld->tmp.buf, n);

	/* places as routing normalizes them, township aliases applied */
	const rowcell *t = cell(ld, r, EX_TOWNSHIP);
	norm_place(&ld->tmp, t->s, t->n);
	const char *tw = ld->tmp.buf;
	for (size_t i = 0; i < ld->ntw; i++)
		if (!strcmp(ld->tw[i].alias, tw)) {
			tw = ld->tw[i].name;
			break;
		}
	e.township = arena_strndup(m, tw, strlen(tw));
	const rowcell *v = cell(ld, r, EX_VILLAGE);
	norm_place(&ld->tmp, v->s, v->n);
	e.village = arena_strndup(m, ld->tmp.buf, ld->tmp.len);

	if (date_cell(ld, r, EX_APPROVED, &e.approved))
		return 1;
	if (!blank(cell(ld, r, EX_UNTIL))) {
		if (date_cell(ld, r, EX_UNTIL, &e.until))
			return 1;
		if (e.until < e.approved) {
			char a[11], u[11];
			date_format(e.approved, a);
			date_format(e.until, u);
			return row_fail(ld, r, EX_UNTIL, "%s is before 批准日期 %s", u, a);
		}
	}

	/* 说明: 豁免：<理由>（<批准人> <批准日期>） */
	char day[11];
	date_format(e.approved, day);
	strbuf note;
	sb_init(&note);
	sb_adds(&note, "豁免：");
	text(ld, cell(ld, r, EX_REASON));
	sb_add(&note, ld->tmp.buf, ld->tmp.len);
	sb_adds(&note, "（");
	text(ld, cell(ld, r, EX_APPROVER));
	sb_add(&note, ld->tmp.buf, ld->tmp.len);
	sb_addf(&note, " %s）", day);
	e.note = arena_strndup(m, note.buf, note.len);
	sb_release(&note);
	VEC_PUSH(ld->rows, e);
	return 0;
}

static int on_row(void *ctx, const rawrow *r)
{
	loader *ld = ctx;
	if (ld->failed)
		return 1;
	if (r->names)   /* an XML file: not a list of rows with a header */
		return load_fail(ld, "not a table with a header row (CSV or xlsx)");
	if (r->malformed)
		return load_fail(ld, "row %ld: %s", r->row, r->malformed);
	if (row_blank(r))
		return 0;
	if (!ld->have_header) {
		if (++ld->searched > HEADER_SEARCH_ROWS)
			return load_fail(ld, "no 规则编号 column in the first %d rows", HEADER_SEARCH_ROWS);
		return map_header(ld, r);
	}
	return parse_row(ld, r);
}

/* Row indexes grouped by rule, file order within a rule. */
static void index_rules(exempt_list *l)
{
	l->rule_first = xcalloc(nrules + 1, sizeof *l->rule_first);
	l->by_rule = xmalloc((l->nrows + 1) * sizeof *l->by_rule);
	for (size_t i = 0; i < l->nrows; i++)
		l->rule_first[l->rows[i].rule + 1]++;
	for (size_t r = 0; r < nrules; r++)
		l->rule_first[r + 1] += l->rule_first[r];
	size_t *next = xmalloc((nrules + 1) * sizeof *next);
	memcpy(next, l->rule_first, (nrules + 1) * sizeof *next);
	for (size_t i = 0; i < l->nrows; i++)
		l->by_rule[next[l->rows[i].rule]++] = i;
	free(next);
}

void exempt_init(exempt_list *l)
{
	memset(l, 0, sizeof *l);
	arena_init(&l->mem);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int exempt_load(exempt_list *l, const char *path, int32_t ref_days, const place_alias *tw,
                size_t ntw, dzerr *err)
{
	free(l->file);
	l->file = xstrdup(base_name(path));
	loader ld = { .l = l, .ref_days = ref_days, .tw = tw, .ntw = ntw, .err = err };
	header_matcher(&ld.hm);
	sb_init(&ld.tmp);
	sb_init(&ld.tmp2);
	rowsrc_opts ro = { 0 };
	rowsrc_info info;
	dzerr rerr = { 0 };
	int rc = rowsrc_read(path, l->file, &ro, on_row, &ld, &info, &rerr);
	if (!ld.failed && rc != 0) { /* the reader's own problem: unreadable, corrupt */
		const char *m = rerr.msg;
		size_t fl = strlen(l->file);
		if (m[0] == '\'' && !strncmp(m + 1, l->file, fl) && !strncmp(m + 1 + fl, "': ", 3))
			m += fl + 4;         /* the reader names the file too */
		load_fail(&ld, "%s (path '%s')", m, path);
	}
	if (!ld.failed && !ld.have_header)
		load_fail(&ld, "no header row with a 规则编号 column");
	kind_hdr_release(&ld.hm);
	sb_release(&ld.tmp);
	sb_release(&ld.tmp2);
	if (ld.failed) {
		VEC_FREE(ld.rows);
		return -1;
	}
	l->nrows = ld.rows.n;
	l->rows = arena_alloc(&l->mem, (ld.rows.n + 1) * sizeof *l->rows);
	if (ld.rows.n)
		memcpy(l->rows, ld.rows.v, ld.rows.n * sizeof *l->rows);
	VEC_FREE(ld.rows);
	index_rules(l);
	for (size_t i = 0; i < l->nrows; i++) {
		int s = exempt_state(&l->rows[i], ref_days);
		if (s == EXEMPT_IN_FORCE)
			l->in_force++;
		else if (s == EXEMPT_EXPIRED)
			l->expired++;
		else
			l->not_yet++;
	}
	return 0;
}

int exempt_state(const exempt_row *e, int32_t ref_days)
{
	if (e->approved > ref_days)
		return EXEMPT_NOT_YET;
	if (e->until < ref_days)
		return EXEMPT_EXPIRED;
	return EXEMPT_IN_FORCE;
}

const exempt_row *exempt_match(const exempt_list *l, const finding *x, int32_t ref_days)
{
	if (!l->rule_first || x->rule < 0 || (size_t)x->rule >= nrules)
		return NULL;
	for (size_t k = l->rule_first[x->rule]; k < l->rule_first[x->rule + 1]; k++) {
		const exempt_row *e = &l->rows[l->by_rule[k]];
		if (exempt_state(e, ref_days) != EXEMPT_IN_FORCE)
			continue;
		if (*e->id && strcmp(e->id, x->id))
			continue;
		if (*e->household_id && strcmp(e->household_id, x->household_id))
			continue;
		if (*e->township && strcmp(e->township, x->township))
			continue;
		if (*e->village && strcmp(e->village, x->village))
			continue;
		return e;
	}
	return NULL;
}

size_t exempt_apply(exempt_list *l, findings *f, int32_t ref_days)
{
	size_t n = 0;
	for (size_t i = 0; i < f->items.n; i++) {
		finding *x = &f->items.v[i];
		const exempt_row *e = exempt_match(l, x, ref_days);
		if (!e)
			continue;
		x->exempt = true;
		x->note = arena_strndup(&f->mem, e->note, strlen(e->note));
		n++;
	}
	l->exempted += (long)n;
	return n;
}

void exempt_release(exempt_list *l)
{
	free(l->file);
	free(l->by_rule);
	free(l->rule_first);
	arena_release(&l->mem);
	memset(l, 0, sizeof *l);
	arena_init(&l->mem);
}
