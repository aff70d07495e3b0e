/*
 * ingest.c - one department export -> canonical records + DQ findings
 * (see ingest.h, docs/ingest.md).
 *
 * Functions in call order:
 *   ingest_run()      set up the header matcher (configured aliases first,
 *                     then kinds.c's), call rowsrc_read() with on_row();
 *   on_row()          before the header is known: hold the first 20
 *                     non-blank rows (or skip to opts->header_row); XML
 *                     records map by element name instead;
 *   choose_header()   the held row matching the most fields that includes
 *                     the key field(s); earliest on ties -> map_header();
 *                     then the held rows after it are replayed;
 *   map_header()      column -> field once per file, src_info.present,
 *                     the record template, sink.begin();
 *   process()         per data row: blank -> skipped (not a record);
 *                     malformed -> DQ08; footer_cell(): a footer or
 *                     subtotal row (footer.h) -> DQ14, counted apart;
 *                     field count -> DQ08; values through
 *                     rec_value_ref() (a value that is its own
 *                     normalized text - most IDs, dates, amounts, names,
 *                     words - is not copied: the record points into the
 *                     cell); ID or key unusable -> rejected; the sink may
 *                     reject (DQ07/DQ13); notices of used rows are logged
 *                     only once the row is used;
 *   ingest_run()      at the end: sink.end() with the account (read = used
 *                     + rejected + footer; fatal set when the source broke
 *                     off).
 *
 * Errors of the source (rowsrc) win over errors that follow from them.
 * Messages name the file ("'x.csv': ..."); the command adds its stage.
 *
 * Keys: kinds keyed by ID reject on DQ01-DQ05.  household and survey
 * (key 户编号) and water (key 乡镇 + 行政村) reject a row whose key is empty
 * with DQ01, note "键字段为空：<header>".
 *
 * Field count (CSV only): the header's width is up to its last non-empty
 * cell; a data row with fewer cells, or with non-empty cells beyond the
 * width, is DQ08.  xlsx rows may be shorter (empty trailing cells are not
 * stored in xlsx).
 *
 * Memory: the matcher; up to 20 held rows while looking for the header; the
 * column map; one record's values and pending findings (buffers reused for
 * every row: no allocation per row once they have grown).
 */
#include "ingest.h"
#include "footer.h"
#include "idcard.h"
#include "kinds.h"
#include "progress.h"
#include "vocab.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_SEARCH_ROWS 20
/* XML exporters leave out empty elements: the fields present are those of
 * the first XML_LOOKAHEAD records together */
#define XML_LOOKAHEAD 256
#define LIST_MAX 600
#define INGEST_MAX_COLUMNS 16384   /* Excel's last column, XFD */
#define COLUMN_MIN 10          /* values seen before a column can be unusable */

typedef struct held_row {
	long row;
	size_t ncells;
	rowcell *cells;
	rowcell *names;
	const char *malformed;
	bool badbytes_elsewhere;
} held_row;

/* Values seen in a date, amount, year or count column (check_columns). */
typedef struct column_stat {
	long seen;             /* non-empty values */
	long bad;              /* of them DQ11 */
	const char *sample[3]; /* the first DQ11 values (arena, cut to 60 bytes) */
} column_stat;

typedef struct pending {
	int code;
	int field;             /* F_* or -1 (no column) */
	const char *note;      /* static text, or NULL = dq_desc */
} pending;

typedef struct ing {
	const ingest_opts *o;
	int kind;
	const kinddef *kd;
	const char *display;
	const rec_sink *sink;
	quality_log *q;
	src_account *acct;
	dzerr *err;             /* our own fatal error (stops reading) */
	rowsrc_info info;
	kind_hdr hm;
	progress_src *pg;       /* status line at a terminal (NULL: none) */

	/* before the header */
	bool have_header;
	bool failed;            /* a fatal error of ours is in err */
	arena held_mem;
	VEC(held_row) held;

	/* the column map */
	int *colfield;          /* per header column: F_* or -1 */
	size_t ncols;           /* header cells */
	size_t width;           /* up to the last non-empty header cell */
	int fcol[F_COUNT];      /* column of each field, -1 */
	bool fpolicy[F_COUNT];
	const char *fhead[F_COUNT]; /* header text per field (arena) */
	int order[F_COUNT];     /* present fields in kind order */
	size_t norder;
	src_info si;
	bool begun;

	/* XML: field per element name, cached while names repeat */
	strbuf xnames;          /* names of the cached record, NUL-separated */
	VEC(int) xfield;
	VEC(int) xpolicy;

	/* per row, reused */
	dzrec tmpl, rec;
	strbuf vals;
	size_t voff[F_COUNT];    /* value offset in vals, SIZE_MAX for a reference */
	int keyf[2];             /* key fields that must not be empty (-1 none) */
	enum ftype ftype[F_COUNT];
	rec_field fs[F_COUNT];     /* how each field's values are parsed */
	const rowcell *fcell[F_COUNT];
	column_stat *colstat[F_COUNT]; /* date/amount/year/count fields, else NULL */
	const char *fname[F_COUNT];
	VEC(pending) pend;
	VEC(rowcell) clean;      /* clean_row(): the cells of a row with bad characters */
	strbuf cleantext;        /* ... and their replaced text */
	strbuf scratch;
	char reason[160];
} ing;

static const rowcell empty_cell = { "", 0, 0 };

/* --------------------------------------------------------------- helpers */

static bool cell_blank(const rowcell *c)
{
	const char *s = c->s;
	size_t n = c->n;
	if (!n)
		return true;
	unsigned char c0 = (unsigned char)s[0];
	/* not a space and not the lead byte of a Unicode space (C2 E2 E3 EF) */
	if (c0 > ' ' && c0 != 0xC2 && c0 != 0xE2 && c0 != 0xE3 && c0 != 0xEF)
		return false;
	trim_span(&s, &n);
	return n == 0;
}

static bool row_blank(const rawrow *r)
{
	for (size_t i = 0; i < r->ncells; i++)
		if (!cell_blank(&r->cells[i]))
			return false;
	return true;
}

static bool key_satisfied(const ing *st, const bool *has)
{
	if (st->kind == KIND_WATER)
		return has[F_TOWNSHIP] && has[F_VILLAGE];
	return has[st->kd->key];
}

static const char *key_headers(const ing *st)
{
	if (st->kind == KIND_WATER)
		return "乡镇 and 行政村 columns";
	const fielddef *fd = kind_field(st->kind, st->kd->key);
	return fd ? fd->aliases[0] : "key";
}

/* "a, b, c" of the non-blank cells (or names), cut to LIST_MAX bytes. */
static void list_cells(strbuf *sb, const rowcell *cells, size_t n)
{
	sb_reset(sb);
	for (size_t i = 0; i < n; i++) {
		const char *s = cells[i].s;
		size_t len = cells[i].n;
		trim_span(&s, &len);
		if (!len)
			continue;
		if (sb->len)
			sb_adds(sb, ", ");
		if (sb->len + len > LIST_MAX) {
			size_t room = LIST_MAX > sb->len ? LIST_MAX - sb->len : 0;
			while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
				room--;
			sb_add(sb, s, room);
			sb_adds(sb, "...");
			break;
		}
		sb_add(sb, s, len);
	}
	if (!sb->len)
		sb_adds(sb, "(none)");
}

static int fail(ing *st, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(ing *st, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[sizeof st->err->msg];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	dzerr_set(st->err, status, "'%s': %s", st->display, msg);
	st->failed = true;
	return 1;
}

static void log_finding(ing *st, long row, const char *column, const char *raw, size_t rawlen,
                        int code, const char *note)
{
	if (code > 0 && code < 32)
		st->acct->by_code[code]++;
	if (st->q)
		quality_add(st->q, st->o->source_ordinal, st->kd->name, st->display, row,
		            column ? column : "", raw, rawlen, code, note ? note : "");
}

static void reject(ing *st, long row, const char *column, const char *raw, size_t rawlen,
                   int code, const char *note)
{
	st->acct->rejected++;
	log_finding(st, row, column, raw, rawlen, code, note);
}

/* The row's cells joined with commas (the raw value of a DQ08 finding). */
static void join_cells(strbuf *sb, const rawrow *r)
{
	sb_reset(sb);
	for (size_t i = 0; i < r->ncells && sb->len < 200; i++) {
		if (i)
			sb_addc(sb, ',');
		sb_add(sb, r->cells[i].s, r->cells[i].n < 200 ? r->cells[i].n : 200);
	}
}

/* --------------------------------------------------------------- header */

static int map_begin(ing *st)
{
	const kinddef *kd = st->kd;
	rec_clear(&st->tmpl, st->kind);
	st->norder = 0;
	for (size_t i = 0; i < kd->nfields; i++) {
		int f = kd->fields[i].field;
		st->tmpl.num[f] = rec_empty_num(st->kind, f);
		st->ftype[f] = field_type((enum field)f);
		rec_field_init(&st->fs[f], st->kind, f, st->fpolicy[f], st->o->ref_days);
		enum ftype t = st->ftype[f];
		if (st->si.present[f] && (t == FT_DATE || t == FT_MONEY || t == FT_YEAR || t == FT_COUNT))
			st->colstat[f] = arena_alloc(&st->held_mem, sizeof *st->colstat[f]);
		if (st->si.present[f])
			st->order[st->norder++] = f;
	}
	st->rec = st->tmpl;
	st->keyf[0] = st->keyf[1] = -1;
	if (st->kind == KIND_WATER)
		st->keyf[0] = F_TOWNSHIP, st->keyf[1] = F_VILLAGE;
	else if (field_type(kd->key) != FT_ID)
		st->keyf[0] = kd->key;
	for (size_t k = 0; k < st->norder; k++)     /* positional: the header text */
		st->fname[st->order[k]] = st->fhead[st->order[k]];
	st->si.kind = st->kind;
	st->si.rows_hint = st->info.rows_hint;
	st->si.name = st->o->name ? st->o->name : kd->name;
	st->si.file = st->display;
	st->si.period = st->o->period ? st->o->period : "";
	st->si.rs = &st->info;
	st->have_header = true;
	if (st->sink->begin && st->sink->begin(st->sink->ctx, &st->si) < 0)
		return fail(st, DZ_EXIT_IO, "cannot pass the records on (output error)");
	st->begun = true;
	return 0;
}

/* Map a positional header row; fails when the key column is missing. */
static int map_header(ing *st, const held_row *h, const char *where)
{
	st->ncols = h->ncells;
	st->colfield = arena_alloc(&st->held_mem, (h->ncells + 1) * sizeof *st->colfield);
	st->width = 0;
	int rank[F_COUNT], dup[F_COUNT];
	for (int f = 0; f < F_COUNT; f++)
		st->fcol[f] = dup[f] = -1, rank[f] = 0;
	/* per field the column of the best rank (kinds.h: an alias equal to the
	 * header beats one matching after a unit was dropped); two columns of
	 * the same best rank fail the source */
	for (size_t i = 0; i < h->ncells; i++) {
		bool policy;
		int rk;
		int f = kind_hdr_match(&st->hm, h->cells[i].s, h->cells[i].n, &policy, &rk);
		st->colfield[i] = -1;
		if (!cell_blank(&h->cells[i]))
			st->width = i + 1;
		if (f < 0)
			continue;
		if (st->fcol[f] >= 0 && rk < rank[f])
			continue;
		if (st->fcol[f] >= 0 && rk == rank[f]) {
			if (dup[f] < 0)
				dup[f] = (int)i;
			continue;
		}
		st->fcol[f] = (int)i;
		st->fpolicy[f] = policy;
		rank[f] = rk;
		dup[f] = -1;
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (dup[f] < 0)
			continue;
		const rowcell *a = &h->cells[st->fcol[f]], *b = &h->cells[dup[f]];
		const fielddef *fd = kind_field(st->kind, (enum field)f);
		return fail(st, DZ_EXIT_DATA,
		            "columns %d '%.*s' and %d '%.*s' (row %ld) both read as %s (%s); "
		            "remove one, or name the right one with alias.%s in the config",
		            st->fcol[f] + 1, (int)(a->n < 200 ? a->n : 200), a->s, dup[f] + 1,
		            (int)(b->n < 200 ? b->n : 200), b->s, h->row, field_name((enum field)f),
		            fd ? fd->aliases[0] : "", field_name((enum field)f));
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (st->fcol[f] < 0)
			continue;
		const char *s = h->cells[st->fcol[f]].s;
		size_t n = h->cells[st->fcol[f]].n;
		trim_span(&s, &n);
		st->colfield[st->fcol[f]] = f;
		st->fhead[f] = arena_strndup(&st->held_mem, s, n);
		st->si.present[f] = true;
	}
	st->si.header_row = h->row;
	st->si.ncols = h->ncells;
	st->si.header = h->cells;
	st->si.colfield = st->colfield;
	if (!key_satisfied(st, st->si.present)) {
		list_cells(&st->scratch, h->cells, h->ncells);
		return fail(st, DZ_EXIT_DATA, "no %s for kind %s %s; headers found (row %ld): %s",
		            key_headers(st), st->kd->name, where, h->row, st->scratch.buf);
	}
	return map_begin(st);
}

static int process(ing *st, const rawrow *r);

static held_row *hold(ing *st, const rawrow *r)
{
	held_row h = { r->row, r->ncells, NULL, NULL, NULL, r->badbytes_elsewhere };
	h.cells = arena_alloc(&st->held_mem, (r->ncells + 1) * sizeof *h.cells);
	for (size_t i = 0; i < r->ncells; i++) {
		h.cells[i].s = arena_strndup(&st->held_mem, r->cells[i].s, r->cells[i].n);
		h.cells[i].n = r->cells[i].n;
		h.cells[i].flags = r->cells[i].flags;
	}
	if (r->names) {
		h.names = arena_alloc(&st->held_mem, (r->ncells + 1) * sizeof *h.names);
		for (size_t i = 0; i < r->ncells; i++) {
			h.names[i].s = arena_strndup(&st->held_mem, r->names[i].s, r->names[i].n);
			h.names[i].n = r->names[i].n;
		}
	}
	if (r->malformed)
		h.malformed = arena_strndup(&st->held_mem, r->malformed, strlen(r->malformed));
	VEC_PUSH(st->held, h);
	return &st->held.v[st->held.n - 1];
}

static int replay(ing *st, size_t from)
{
	for (size_t i = from; i < st->held.n; i++) {
		held_row *h = &st->held.v[i];
		rawrow r = { h->row, h->ncells, h->cells, h->names, h->malformed, h->badbytes_elsewhere, false };
		int rc = process(st, &r);
		if (rc)
			return rc;
	}
	return 0;
}

/* Fields a row's cells name (has[]); returns how many distinct fields. */
static int score_row(ing *st, const rowcell *cells, size_t n, bool *has)
{
	int score = 0;
	memset(has, 0, F_COUNT * sizeof *has);
	for (size_t c = 0; c < n; c++) {
		int f = kind_hdr_find(&st->hm, cells[c].s, cells[c].n, NULL);
		if (f >= 0 && !has[f]) {
			has[f] = true;
			score++;
		}
	}
	return score;
}

/* Pick the header among the held rows, map it, replay the rows after it. */
static int choose_header(ing *st)
{
	if (!st->held.n)
		return fail(st, DZ_EXIT_DATA, "empty file (no rows with data)");
	size_t best = 0, best_any = 0;
	int best_score = -1, best_any_score = -1;
	for (size_t i = 0; i < st->held.n; i++) {
		const held_row *h = &st->held.v[i];
		bool has[F_COUNT];
		int score = score_row(st, h->cells, h->ncells, has);
		if (score > best_any_score) {
			best_any_score = score;
			best_any = i;
		}
		if (key_satisfied(st, has) && score > best_score) {
			best_score = score;
			best = i;
		}
	}
	if (best_score < 0) {
		const held_row *h = &st->held.v[best_any];
		list_cells(&st->scratch, h->cells, h->ncells);
		return fail(st, DZ_EXIT_DATA, "no %s for kind %s in the first %d rows; headers found (row %ld): %s",
		            key_headers(st), st->kd->name, HEADER_SEARCH_ROWS, h->row, st->scratch.buf);
	}
	if (map_header(st, &st->held.v[best], ""))
		return 1;
	return replay(st, best + 1);
}

/* Sheet choice (workbook.h): do a sheet's first rows hold the key column?
 * found: "row N: a, b, c" of the row naming the most fields. */
static bool probe_match(void *ctx, const rawrow *rows, size_t n, strbuf *found)
{
	ing *st = ctx;
	int want = st->o->header_row;
	size_t best_any = n;
	int best_any_score = -1;
	bool hit = false;
	for (size_t i = 0; i < n && !hit; i++) {
		if (want > 0 && rows[i].row != want)
			continue;
		bool has[F_COUNT];
		int score = score_row(st, rows[i].cells, rows[i].ncells, has);
		if (score > best_any_score) {
			best_any_score = score;
			best_any = i;
		}
		hit = key_satisfied(st, has);
	}
	if (best_any < n) {
		list_cells(&st->scratch, rows[best_any].cells, rows[best_any].ncells);
		sb_addf(found, "row %ld: %s", rows[best_any].row, st->scratch.buf);
	}
	return hit;
}

/* XML: field per element name for this record (cached while names repeat). */
static void map_names(ing *st, const rawrow *r)
{
	bool same = st->xfield.n == r->ncells;
	if (same) {
		const char *p = st->xnames.buf;
		for (size_t i = 0; i < r->ncells && same; i++) {
			size_t len = strlen(p);
			same = len == r->names[i].n && !memcmp(p, r->names[i].s, len);
			p += len + 1;
		}
	}
	if (same)
		return;
	sb_reset(&st->xnames);
	st->xfield.n = st->xpolicy.n = 0;
	for (size_t i = 0; i < r->ncells; i++) {
		sb_add(&st->xnames, r->names[i].s, r->names[i].n);
		sb_addc(&st->xnames, '\0');
		bool policy;
		int f = kind_hdr_find(&st->hm, r->names[i].s, r->names[i].n, &policy);
		VEC_PUSH(st->xfield, f);
		VEC_PUSH(st->xpolicy, policy);
	}
}

/* XML: the fields of the held records together are the columns present;
 * then the held records are replayed. */
static int map_records(ing *st)
{
	for (size_t k = 0; k < st->held.n; k++) {
		const held_row *h = &st->held.v[k];
		rawrow r = { .row = h->row, .ncells = h->ncells, .cells = h->cells, .names = h->names };
		map_names(st, &r);
		for (size_t i = 0; i < h->ncells; i++) {
			int f = st->xfield.v[i];
			if (f >= 0)
				st->si.present[f] = true;
		}
	}
	if (!key_satisfied(st, st->si.present)) {
		const held_row *h = &st->held.v[0];
		list_cells(&st->scratch, h->names, h->ncells);
		return fail(st, DZ_EXIT_DATA, "no %s for kind %s in the first records; fields found: %s",
		            key_headers(st), st->kd->name, st->scratch.buf);
	}
	if (map_begin(st))
		return 1;
	return replay(st, 0);
}

/* --------------------------------------------------------------- rows */

static void pend(ing *st, int code, int field, const char *note)
{
	pending p = { code, field, note };
	VEC_PUSH(st->pend, p);
}

static bool starts_negative(const char *s, size_t n)
{
	trim_span(&s, &n);
	return (n && s[0] == '-') || (n >= 3 && !memcmp(s, "\xEF\xBC\x8D", 3));
}

/* A numeric workbook cell, once parsed (SPEC §4 "xlsx cells"): in a 1904
 * workbook a serial date is 1462 days later; a date-formatted number in
 * an amount or count field is DQ11 (its text kept, the value unknown).
 * Returns the DQ code. */
static int numeric_cell(ing *st, int f, const rowcell *c, size_t off, rec_val *v,
                        const char **note)
{
	enum ftype t = st->ftype[f];
	if (t == FT_DATE && st->info.date1904) {
		/* a serial (at most 5 integer digits), not a YYYYMMDD number */
		size_t digits = 0;
		for (size_t i = 0; i < c->n && c->s[i] >= '0' && c->s[i] <= '9'; i++)
			digits++;
		if (digits == 0 || digits > 5)
			return 0;
		char buf[11];
		v->num += 1462;
		date_format((int32_t)v->num, buf);
		st->vals.len = off;
		sb_add(&st->vals, buf, 10);
		sb_addc(&st->vals, '\0');
		v->ref = NULL;
		return 0;
	}
	if ((t == FT_MONEY || t == FT_COUNT) && (c->flags & CELL_DATEFMT)) {
		const char *s = c->s;
		size_t n = c->n;
		trim_span(&s, &n);
		st->vals.len = off;
		sb_add(&st->vals, s, n);
		sb_addc(&st->vals, '\0');
		v->ref = NULL;
		v->num = NUM_UNKNOWN;
		*note = t == FT_MONEY ? "单元格是日期格式，不是金额（按未知处理）"
		                      : "单元格是日期格式，不是数量（按未知处理）";
		return DQ11;
	}
	return 0;
}

/* SPEC §4 "A column that cannot be read": at least COLUMN_MIN values and
 * at least half of them DQ11 fail the source, naming the column, three
 * sample values and the formats accepted. */
static int check_columns(ing *st)
{
	for (size_t k = 0; k < st->norder; k++) {
		int f = st->order[k];
		const column_stat *cs = st->colstat[f];
		if (!cs || cs->seen < COLUMN_MIN || cs->bad * 2 < cs->seen)
			continue;
		const char *accepted;
		switch (st->ftype[f]) {
		case FT_DATE:
			accepted = "dates are read as 2024-06-30, 2024/6/30, 2024.6.30, 20240630, "
			           "2024年6月30日, 202406 or spreadsheet date cells";
			break;
		case FT_MONEY:
			accepted = "amounts are read as 12345.67, 12,345.67 or 12345.67元 "
			           "(full-width digits too), never date-formatted cells";
			break;
		case FT_YEAR:
			accepted = "years are 4 digits (2024)";
			break;
		default:
			accepted = "counts are whole numbers (3)";
			break;
		}
		strbuf sm;
		sb_init(&sm);
		for (long i = 0; i < cs->bad && i < 3; i++)
			sb_addf(&sm, "%s'%s'", i ? ", " : "", cs->sample[i]);
		fail(st, DZ_EXIT_DATA, "column %s (%s) cannot be read: %ld of its %ld values are "
		     "not understood (e.g. %s); %s", st->fhead[f] ? st->fhead[f] : field_name((enum field)f),
		     field_name((enum field)f), cs->bad, cs->seen, sm.buf, accepted);
		sb_release(&sm);
		return 1;
	}
	return 0;
}

/* A character no output may hold (SPEC §4 "Characters"): a C0 control
 * other than tab, CR and LF (which values turn into spaces), U+FFFE or
 * U+FFFF.  Returns its length in bytes at p (0: none). */
static inline size_t bad_char(const unsigned char *p, size_t left)
{
	if (p[0] < 0x20)
		return p[0] != '\t' && p[0] != '\r' && p[0] != '\n';
	if (p[0] == 0xEF && left >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
		return 3;
	return 0;
}

static bool has_bad_char(const rowcell *c)
{
	const unsigned char *p = (const unsigned char *)c->s;
	for (size_t i = 0; i < c->n; i++)
		if ((p[i] < 0x20 || p[i] == 0xEF) && bad_char(p + i, c->n - i))
			return true;
	return false;
}

/* The row with every such character replaced by U+FFFD and its cells
 * flagged CELL_BADCHAR (-> DQ09); r itself when it has none (the usual
 * case: one pass over the bytes, no copy). */
static const rawrow *clean_row(ing *st, const rawrow *r, rawrow *tmp)
{
	size_t i;
	for (i = 0; i < r->ncells; i++)
		if (has_bad_char(&r->cells[i]))
			break;
	if (i == r->ncells)
		return r;
	st->clean.n = 0;
	sb_reset(&st->cleantext);
	VEC(size_t) offs = { 0 };
	for (i = 0; i < r->ncells; i++) {
		rowcell c = r->cells[i];
		size_t off = SIZE_MAX;
		if (has_bad_char(&c)) {
			off = st->cleantext.len;
			const unsigned char *p = (const unsigned char *)c.s;
			for (size_t k = 0; k < c.n;) {
				size_t bad = bad_char(p + k, c.n - k);
				if (bad) {
					sb_adds(&st->cleantext, "\xEF\xBF\xBD");
					k += bad;
				} else {
					sb_addc(&st->cleantext, p[k++]);
				}
			}
			c.n = st->cleantext.len - off;
			sb_addc(&st->cleantext, '\0');
			c.flags |= CELL_BADCHAR;
		}
		VEC_PUSH(st->clean, c);
		VEC_PUSH(offs, off);
	}
	for (i = 0; i < r->ncells; i++)     /* the text buffer may have moved */
		if (offs.v[i] != SIZE_MAX)
			st->clean.v[i].s = st->cleantext.buf + offs.v[i];
	VEC_FREE(offs);
	*tmp = *r;
	tmp->cells = st->clean.v;
	tmp->no_badbytes = false;
	return tmp;
}

/* The cell of field f in row r (NULL: none). */
static const rowcell *field_cell(ing *st, const rawrow *r, int f)
{
	if (!r->names) {
		int col = st->fcol[f];
		return col >= 0 && (size_t)col < r->ncells ? &r->cells[col] : NULL;
	}
	map_names(st, r);
	for (size_t i = 0; i < r->ncells; i++)
		if (st->xfield.v[i] == f)
			return &r->cells[i];
	return NULL;
}

/* SPEC §4: a footer or subtotal row has an empty key cell and its first
 * non-empty cell begins with a footer word (footer.h).  Returns that cell. */
static const rowcell *footer_cell(ing *st, const rawrow *r)
{
	int keys[2] = { st->kd->key, -1 };
	if (st->kind == KIND_WATER)
		keys[0] = F_TOWNSHIP, keys[1] = F_VILLAGE;
	bool empty_key = false;
	for (int k = 0; k < 2 && keys[k] >= 0; k++) {
		const rowcell *c = field_cell(st, r, keys[k]);
		if (!c || cell_blank(c))
			empty_key = true;
	}
	if (!empty_key)
		return NULL;
	for (size_t i = 0; i < r->ncells; i++) {
		if (cell_blank(&r->cells[i]))
			continue;
		return footer_text(r->cells[i].s, r->cells[i].n) ? &r->cells[i] : NULL;
	}
	return NULL;
}

static int process(ing *st, const rawrow *r)
{
	src_account *a = st->acct;
	if (!r->malformed && row_blank(r))
		return 0;
	rawrow cleaned;
	r = clean_row(st, r, &cleaned);
	a->read++;
	if (r->malformed) {
		join_cells(&st->scratch, r);
		snprintf(st->reason, sizeof st->reason, "行格式错误：%s", r->malformed);
		reject(st, r->row, "", st->scratch.buf, st->scratch.len, DQ08, st->reason);
		return 0;
	}
	const rowcell *fc = footer_cell(st, r);
	if (fc) {
		/* not a record, not rejected (SPEC §4): DQ14 with the cell's text */
		a->footer++;
		const char *s = fc->s;
		size_t n = fc->n;
		trim_span(&s, &n);
		log_finding(st, r->row, "", s, n, DQ14, NULL);
		return 0;
	}
	bool text = st->info.container == CONT_TEXT || st->info.container == CONT_GZIP_TEXT;
	if (!r->names && text) {
		bool bad = r->ncells < st->width;
		for (size_t i = st->width; i < r->ncells && !bad; i++)
			bad = !cell_blank(&r->cells[i]);
		if (bad) {
			join_cells(&st->scratch, r);
			snprintf(st->reason, sizeof st->reason, "行格式错误：本行 %zu 个字段，表头 %zu 列",
			         r->ncells, st->width);
			reject(st, r->row, "", st->scratch.buf, st->scratch.len, DQ08, st->reason);
			return 0;
		}
	}

	/* the cell and header text of each present field */
	bool badbytes_unmapped = r->badbytes_elsewhere;
	if (r->names) {
		map_names(st, r);
		for (size_t k = 0; k < st->norder; k++)
			st->fcell[st->order[k]] = NULL;
		for (size_t i = 0; i < r->ncells; i++) {
			int f = st->xfield.v[i];
			if (f >= 0 && st->si.present[f] && !st->fcell[f]) {
				st->fcell[f] = &r->cells[i];
				st->fname[f] = r->names[i].s;
				st->fpolicy[f] = st->xpolicy.v[i];
				st->fs[f].policy = st->fpolicy[f];
			} else if (r->cells[i].flags & (CELL_BADBYTES | CELL_BADCHAR)) {
				badbytes_unmapped = true;
			}
		}
	} else {
		for (size_t i = 0; i < r->ncells && !badbytes_unmapped && !r->no_badbytes; i++)
			if ((r->cells[i].flags & (CELL_BADBYTES | CELL_BADCHAR)) &&
			    (i >= st->ncols || st->colfield[i] < 0))
				badbytes_unmapped = true;
	}

	/* fields without a column keep the template's values (map_begin);
	 * a value is either a reference (into the cell, or a constant) or
	 * copied into vals, whose buffer may move while the row fills it */
	dzrec *rec = &st->rec;
	rec->row = r->row;
	st->vals.len = 0;
	const char *base = st->vals.buf;
	st->pend.n = 0;
	int keyf = st->kd->key;
	for (size_t k = 0; k < st->norder; k++) {
		int f = st->order[k];
		const rowcell *c;
		if (!r->names) {
			size_t col = (size_t)st->fcol[f];
			c = st->fcell[f] = col < r->ncells ? &r->cells[col] : NULL;
		} else {
			c = st->fcell[f];
		}
		if (!c)
			c = &empty_cell;
		size_t off = st->vals.len;
		rec_val v;
		int code = rec_value_ref(&st->fs[f], c->s, c->n, (c->flags & CELL_NUMERIC) != 0, &st->vals, &v);
		const char *note = NULL;
		if ((c->flags & CELL_NUMERIC) && code == 0 && v.num != NUM_UNKNOWN)
			code = numeric_cell(st, f, c, off, &v, &note);
		if (st->colstat[f]) {
			column_stat *cs = st->colstat[f];
			if (!cell_blank(c))
				cs->seen++;
			if (code == DQ11 && cs->bad++ < 3) {
				const char *s = c->s;
				size_t n = c->n;
				trim_span(&s, &n);
				cs->sample[cs->bad - 1] = arena_strndup(&st->held_mem, s, n < 60 ? n : 60);
			}
		}
		rec->num[f] = v.num;
		if (v.ref) {
			rec->v[f] = v.ref;
			rec->n[f] = v.refn;
			st->voff[f] = SIZE_MAX;
		} else {
			rec->v[f] = st->vals.buf + off;
			rec->n[f] = (uint32_t)(st->vals.len - off - 1);
			st->voff[f] = off;
		}
		if (!(code | v.notice | (c->flags & (CELL_BADBYTES | CELL_BADCHAR))))
			continue;
		enum ftype t = st->ftype[f];
		if (t == FT_ID) {
			if (code) {
				reject(st, r->row, st->fname[f], c->s, c->n, code, NULL);
				return 0;
			}
			if (v.notice)
				pend(st, v.notice, f, NULL);
		}
		if (c->flags & CELL_BADBYTES)
			pend(st, DQ09, f, NULL);
		else if (c->flags & CELL_BADCHAR)
			pend(st, DQ09, f, "含有控制字符或 U+FFFE/U+FFFF（已替换为 �）");
		else if (code == DQ11 && t == FT_MONEY && starts_negative(c->s, c->n))
			pend(st, DQ11, f, "金额为负数（只有医保结算允许负数）");
		else if (code && t != FT_ID)
			pend(st, code, f, note);
	}
	if (st->vals.buf != base) {
		/* vals moved: re-point the copied values */
		for (size_t k = 0; k < st->norder; k++) {
			int f = st->order[k];
			if (st->voff[f] != SIZE_MAX)
				rec->v[f] = st->vals.buf + st->voff[f];
		}
	}
	/* keys other than the ID must not be empty */
	for (int i = 0; i < 2; i++) {
		int f = st->keyf[i];
		if (f < 0 || rec->n[f])
			continue;
		const rowcell *c = st->fcell[f] ? st->fcell[f] : &empty_cell;
		snprintf(st->reason, sizeof st->reason, "键字段为空：%s", st->fname[f] ? st->fname[f] : "");
		reject(st, r->row, st->fname[f], c->s, c->n, DQ01, st->reason);
		return 0;
	}
	if (badbytes_unmapped)
		pend(st, DQ09, -1, "未映射的列中含有无效字节（已替换）");

	int rc = st->sink->record ? st->sink->record(st->sink->ctx, rec) : 0;
	if (rc < 0)
		return fail(st, DZ_EXIT_IO, "row %ld: cannot pass the record on (output error)", r->row);
	int kcol = st->kind == KIND_WATER ? F_TOWNSHIP : keyf;
	if (rc > 0) {
		const rowcell *c = st->fcell[kcol] ? st->fcell[kcol] : &empty_cell;
		reject(st, r->row, st->fname[kcol], c->s, c->n, rc, NULL);
		return 0;
	}
	a->used++;
	for (size_t i = 0; i < st->pend.n; i++) {
		const pending *p = &st->pend.v[i];
		const rowcell *c = p->field >= 0 && st->fcell[p->field] ? st->fcell[p->field] : &empty_cell;
		log_finding(st, r->row, p->field >= 0 ? st->fname[p->field] : "", c->s, c->n, p->code, p->note);
	}
	return 0;
}

/* rowsrc callback */
static int on_row(void *ctx, const rawrow *r)
{
	ing *st = ctx;
	progress_row(st->pg);
	if (r->ncells > INGEST_MAX_COLUMNS)
		return fail(st, DZ_EXIT_DATA, "row %ld has %zu columns, more than the %d a worksheet "
		            "can hold (refused: not a department export)", r->row, r->ncells,
		            INGEST_MAX_COLUMNS);
	if (st->have_header)
		return process(st, r);
	if (r->names) {
		hold(st, r);
		return st->held.n < XML_LOOKAHEAD ? 0 : map_records(st);
	}
	int want = st->o->header_row;
	if (want > 0) {
		if (r->row < want)
			return 0;
		if (r->row > want || row_blank(r))
			return fail(st, DZ_EXIT_DATA, "header row %d is blank or inside another row", want);
		held_row *h = hold(st, r);
		char where[48];
		snprintf(where, sizeof where, "in row %d", want);
		return map_header(st, h, where);
	}
	if (row_blank(r) && !r->malformed)
		return 0;
	hold(st, r);
	if (st->held.n < HEADER_SEARCH_ROWS)
		return 0;
	return choose_header(st);
}

/* --------------------------------------------------------------- run */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int ingest_run(const ingest_opts *o, const rec_sink *sink, quality_log *q,
               src_account *acct, dzerr *err)
{
	memset(acct, 0, sizeof *acct);
	if (o->kind < 0 || o->kind >= KIND_COUNT)
		return dzerr_set(err, DZ_EXIT_USAGE, "unknown kind %d", o->kind);
	ing *st = xcalloc(1, sizeof *st);
	st->o = o;
	st->kind = o->kind;
	st->kd = &kinds[o->kind];
	st->display = o->display ? o->display : strcmp(o->path, "-") ? base_name(o->path) : "stdin";
	st->sink = sink;
	st->q = q;
	st->acct = acct;
	st->err = err;
	arena_init(&st->held_mem);
	sb_init(&st->vals);
	sb_init(&st->scratch);
	sb_init(&st->cleantext);
	sb_init(&st->xnames);
	kind_hdr_init(&st->hm);
	for (size_t i = 0; i < o->nextra; i++)
		if (o->extra[i].alias && kind_field(o->kind, (enum field)o->extra[i].field))
			kind_hdr_add(&st->hm, o->extra[i].field, o->extra[i].alias, false);
	kind_hdr_add_builtin(&st->hm, o->kind);

	/* the sheet of a workbook is the first whose header has the key column */
	char want[160];
	snprintf(want, sizeof want, "%s for kind %s", key_headers(st), st->kd->name);
	rowsrc_probe probe = { probe_match, st, want, o->header_row };
	rowsrc_opts rs = o->rs;
	if (!rs.probe)
		rs.probe = &probe;

	dzerr rerr = { 0 };
	st->pg = progress_begin(st->display);
	int rc = rowsrc_read(o->path, st->display, &rs, on_row, st, &st->info, &rerr);
	snprintf(acct->sheet, sizeof acct->sheet, "%s", st->info.sheet);
	progress_end(st->pg);
	/* rows held while looking for the header are records too, also when
	 * the source broke off afterwards */
	if (!st->failed && !st->have_header && (rc == 0 || (rc < 0 && st->held.n))) {
		if (st->held.n && st->held.v[0].names)
			map_records(st);
		else if (o->header_row > 0 && rc == 0)
			fail(st, DZ_EXIT_DATA, "header row %d not found", o->header_row);
		else if (!o->header_row)
			choose_header(st);
	}
	if (rc == 0 && !st->failed && st->have_header)
		check_columns(st);
	int ret = 0;
	if (rc < 0) {
		/* the source's own error is the cause, whatever followed from it */
		*err = rerr;
		if (!err->status)
			err->status = DZ_EXIT_DATA;
		ret = -1;
	} else if (st->failed) {
		ret = -1;
	}
	if (ret < 0)
		acct->fatal = err->status ? err->status : DZ_EXIT_DATA;
	if (st->begun && sink->end && sink->end(sink->ctx, &st->si, acct) < 0 && ret == 0) {
		dzerr_set(err, DZ_EXIT_IO, "'%s': cannot pass the records on (output error)", st->display);
		ret = -1;
	}
	kind_hdr_release(&st->hm);
	arena_release(&st->held_mem);
	VEC_FREE(st->held);
	VEC_FREE(st->pend);
	VEC_FREE(st->clean);
	sb_release(&st->cleantext);
	VEC_FREE(st->xfield);
	VEC_FREE(st->xpolicy);
	sb_release(&st->vals);
	sb_release(&st->scratch);
	sb_release(&st->xnames);
	free(st);
	return ret;
}

/* --------------------------------------------------------------- account */

void ingest_account_line(strbuf *out, const char *display, const src_account *a)
{
	sb_adds(out, display);
	if (a->sheet[0])
		sb_addf(out, "（工作表 %s）", a->sheet);
	sb_addf(out, ": 读入 %ld 行，使用 %ld，拒收 %ld", a->read, a->used, a->rejected);
	if (a->footer)
		sb_addf(out, "，表尾 %ld", a->footer);
	bool any = false;
	for (int c = 1; c < DQ_COUNT; c++) {
		if (!a->by_code[c] || !dq_rejects(c))
			continue;
		sb_addf(out, "%s%s %ld", any ? ", " : " (", dq_name(c), a->by_code[c]);
		any = true;
	}
	if (any)
		sb_addc(out, ')');
	any = false;
	for (int c = 1; c < DQ_COUNT; c++) {
		if (!a->by_code[c] || dq_rejects(c) || c == DQ14)
			continue;
		sb_addf(out, "%s%s %ld", any ? ", " : "；已使用行的提示 ", dq_name(c), a->by_code[c]);
		any = true;
	}
	if (a->fatal)
		sb_adds(out, "；未能读完");
}
