/*
 * csvsrc.c - delimited text (CSV, or tab-separated) -> raw rows of UTF-8
 * cells, with the row numbers of SPEC §5 (see rowsrc.h).
 *
 * Functions in call order: csvsrc_read() peeks at the head of the stream
 * (UTF-8 BOM, encoding by content via textenc_detect() unless the caller
 * names one, delimiter by detect_delim()), then feeds fixed-size chunks
 * (opts->chunk, default 64 KiB) to libcsv's push parser; on_field() copies
 * and converts each field into the row buffer, on_row_end() hands the row
 * to the caller; at the end of input csv_fini() runs in strict mode only to
 * learn whether a quoted field was left open.
 *
 * Row numbers: libcsv runs with CSV_REPALL_NL, so every unquoted CR or LF
 * ends a row; the LF of a CRLF arrives as an empty row right after a row
 * ended by CR and is dropped.  A row's number is the line it starts on:
 * the next row starts 1 + (line breaks inside its quoted fields) lines
 * later (LF, CR LF and a lone CR each count as one break).  Blank lines
 * are delivered as rows without cells.
 *
 * Delimiter: comma, unless the first lines (outside quotes) hold more tabs
 * than commas: then tab.
 *
 * Malformed rows: a field longer than max_field bytes (default 1 MiB), or
 * a quoted field still open at the end of the input (also a warning naming
 * file, row and the lines swallowed).  To keep memory bounded, when the
 * field libcsv is buffering grows past max_field between two chunks, all
 * but its last bytes are dropped from libcsv's entry buffer (the public
 * entry_buf/entry_pos/spaces fields of struct csv_parser; the state machine
 * only ever looks back spaces + 1 bytes), after counting their line breaks.
 *
 * Memory: the chunk buffer; libcsv's entry buffer (at most max_field +
 * chunk + 64 KiB); one row of converted cells.  No allocation per row once
 * the buffers have grown to the widest row.
 */
#include "rowsrc.h"
#include "input.h"
#include "textenc.h"
#include "util.h"
#include <csv.h>
#include <string.h>

#define DEFAULT_CHUNK 65536
#define DEFAULT_MAX_FIELD (1024 * 1024)
#define PEEK_MAX 65536

typedef struct cellref {
	size_t off, len;     /* in ctx.text */
	unsigned flags;      /* CELL_* */
} cellref;

typedef struct csvctx {
	const char *display;
	rowsrc_cb cb;
	void *cbctx;
	size_t max_field;
	textenc enc;
	strbuf text;         /* converted cells of the current row, each NUL-terminated */
	VEC(cellref) refs;   /* cells of the current row */
	VEC(rowcell) cells;  /* built from refs when the row ends */
	long line;           /* line on which the current row starts */
	long nl;             /* line breaks inside the current row's fields so far */
	int last_term;       /* terminator that ended the previous row, -1 none */
	const char *malformed; /* reason for the current row, or NULL */
	bool overflow;       /* the field libcsv is buffering exceeded max_field */
	long dropped_nl;     /* line breaks in bytes dropped from that field */
	int stop;            /* nonzero once the callback asked to stop */
	char reason[96];
} csvctx;

/* Line breaks in p[0..n): LF, and CR not followed by LF. */
static long count_breaks(const unsigned char *p, size_t n)
{
	long k = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			k++;
		else if (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n'))
			k++;
	}
	return k;
}

/*
 * True if p[0..n) can be kept as it is: valid UTF-8 (in particular ASCII)
 * without bytes below 0x0E (NUL, tab, CR, LF ...).  One pass, eight ASCII
 * bytes at a time; the test "a byte below 0x0E" cannot be fooled by bytes
 * >= 0x80 and its borrow only spreads above a byte that really is below.
 */
static bool clean_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!((w | ((w - 0x0E0E0E0E0E0E0E0EULL) & ~w)) & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = p[i];
		if ((unsigned)(c - 0x0E) < 0x72) {   /* 0x0E .. 0x7F */
			i++;
			continue;
		}
		if (c < 0x80)
			return false;
		if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 &&
		    (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;           /* most CJK characters */
			continue;
		}
		size_t k = textenc_utf8_prefix(p + i, n - i < 4 ? n - i : 4);
		if (!k)
			return false;
		/* k covers at least the first character; step over exactly it */
		i += c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	}
	return true;
}

/* Same question for an encoding converted by iconv: plain ASCII only. */
static bool clean_ascii(const unsigned char *p, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if ((w | ((w - 0x0E0E0E0E0E0E0E0EULL) & ~w)) & 0x8080808080808080ULL)
			return false;
	}
	for (; i < n; i++)
		if (p[i] < 0x0E || p[i] >= 0x80)
			return false;
	return true;
}

static void on_field(void *s, size_t len, void *data)
{
	csvctx *c = data;
	if (c->stop)
		return;
	const unsigned char *p = s;
	strbuf *t = &c->text;
	cellref ref = { t->len, 0, 0 };
	if (c->overflow || len > c->max_field) {
		c->nl += c->dropped_nl + count_breaks(p, len);
		c->overflow = false;
		c->dropped_nl = 0;
		snprintf(c->reason, sizeof c->reason, "字段超过 %zu 字节", c->max_field);
		c->malformed = c->reason;
		len = 0;
	}
	if (c->enc.mode == TE_UTF8 ? clean_utf8(p, len) : clean_ascii(p, len)) {
		/* the bytes as they are: the usual case */
		if (t->len + len + 2 > t->cap)
			sb_grow(t, len + 1);
		memcpy(t->buf + t->len, p, len);
		t->len += len;
	} else {
		if (memchr(p, '\n', len) || memchr(p, '\r', len))
			c->nl += count_breaks(p, len);
		if (textenc_field(&c->enc, (const char *)p, len, t))
			ref.flags |= CELL_BADBYTES;
	}
	ref.len = t->len - ref.off;
	if (t->len + 2 > t->cap)
		sb_grow(t, 2);
	t->buf[t->len++] = '\0';   /* each cell NUL-terminated */
	t->buf[t->len] = '\0';
	VEC_PUSH(c->refs, ref);
}

static void deliver(csvctx *c)
{
	size_t n = c->refs.n;
	if (c->cells.cap < n) {
		c->cells.cap = n * 2;
		c->cells.v = xrealloc(c->cells.v, c->cells.cap * sizeof *c->cells.v);
	}
	unsigned any = 0;
	for (size_t i = 0; i < n; i++) {
		const cellref *ref = &c->refs.v[i];
		rowcell *cell = &c->cells.v[i];
		cell->s = c->text.buf + ref->off;
		cell->n = ref->len;
		cell->flags = ref->flags;
		any |= ref->flags;
	}
	c->cells.n = n;
	rawrow r = { .row = c->line, .ncells = n, .cells = c->cells.v,
	             .names = NULL, .malformed = c->malformed, .badbytes_elsewhere = false,
	             .no_badbytes = !(any & CELL_BADBYTES) };
	int rc = c->cb(c->cbctx, &r);
	if (rc)
		c->stop = rc;
	c->line += 1 + c->nl;
	c->nl = 0;
	c->refs.n = 0;
	sb_reset(&c->text);
	c->malformed = NULL;
}

static void on_row_end(int term, void *data)
{
	csvctx *c = data;
	if (c->stop)
		return;
	if (c->refs.n == 0 && term == '\n' && c->last_term == '\r') {
		c->last_term = '\n';     /* the LF of a CR LF */
		return;
	}
	c->last_term = term;
	deliver(c);
}

/* Tab if the first lines hold more tabs than commas outside quotes. */
static unsigned char detect_delim(const unsigned char *p, size_t n)
{
	size_t commas = 0, tabs = 0;
	int lines = 0;
	bool quoted = false;
	for (size_t i = 0; i < n && lines < 20; i++) {
		unsigned char ch = p[i];
		if (ch == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (ch == ',')
			commas++;
		else if (ch == '\t')
			tabs++;
		else if (ch == '\n')
			lines++;
	}
	return tabs > commas ? CSV_TAB : CSV_COMMA;
}

/* Keep libcsv's buffer for an over-long field bounded (see the header). */
static void clamp_field(struct csv_parser *p, csvctx *c)
{
	if (p->entry_pos <= c->max_field)
		return;
	size_t keep = p->spaces + 16;
	if (keep > p->entry_pos)
		keep = p->entry_pos;
	size_t drop = p->entry_pos - keep;
	c->dropped_nl += count_breaks(p->entry_buf, drop);
	/* a CR at the cut followed by LF in the kept part was counted as lone */
	if (drop && p->entry_buf[drop - 1] == '\r' && p->entry_buf[drop] == '\n')
		c->dropped_nl--;
	memmove(p->entry_buf, p->entry_buf + drop, keep);
	p->entry_pos = keep;
	c->overflow = true;
}

int csvsrc_read(struct dzin *in, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	size_t n;
	const unsigned char *p = dzin_peek(in, &n, err);
	if (!p)
		return -1;
	size_t skip = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
	const char *enc = opts->encoding;
	if (!enc)
		enc = skip ? "UTF-8" : textenc_detect(p, n, n < PEEK_MAX);

	csvctx c;
	memset(&c, 0, sizeof c);
	c.display = display;
	c.cb = cb;
	c.cbctx = ctx;
	c.max_field = opts->max_field ? opts->max_field : DEFAULT_MAX_FIELD;
	c.line = 1;
	c.last_term = -1;
	if (textenc_open(&c.enc, enc, err) < 0)
		return -1;
	sb_init(&c.text);

	struct csv_parser parser;
	if (csv_init(&parser, CSV_REPALL_NL) != 0) {
		textenc_close(&c.enc);
		return dzerr_set(err, DZ_EXIT_IO, "'%s': cannot initialize the CSV parser", display);
	}
	csv_set_delim(&parser, detect_delim(p + skip, n - skip));
	csv_set_blk_size(&parser, 65536);

	size_t chunk = opts->chunk ? opts->chunk : DEFAULT_CHUNK;
	unsigned char *buf = xmalloc(chunk);
	int rc = 0;
	for (;;) {
		ssize_t k = dzin_read(in, buf, chunk, err);
		if (k < 0) {
			rc = -1;
			break;
		}
		if (k == 0)
			break;
		size_t off = 0;
		if (skip) {
			off = (size_t)k < skip ? (size_t)k : skip;
			skip -= off;
		}
		size_t len = (size_t)k - off;
		if (len && csv_parse(&parser, buf + off, len, on_field, on_row_end, &c) != len) {
			rc = dzerr_set(err, DZ_EXIT_IO, "'%s': row %ld: CSV parser failed: %s", display, c.line,
			               csv_strerror(csv_error(&parser)));
			break;
		}
		if (c.stop)
			break;
		clamp_field(&parser, &c);
	}
	if (rc == 0 && !c.stop) {
		csv_set_opts(&parser, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&parser, on_field, on_row_end, &c) != 0) {
			/* a quoted field is still open: the row runs to the end of the file */
			long last = c.line + c.nl + c.dropped_nl +
			            count_breaks(parser.entry_buf, parser.entry_pos);
			if (parser.entry_pos && parser.entry_buf[parser.entry_pos - 1] == '\n')
				last--;
			if (last > c.line)
				warning("'%s': row %ld: unterminated quote; lines %ld-%ld (end of file) read as one malformed row",
				        display, c.line, c.line, last);
			else
				warning("'%s': row %ld: unterminated quote at end of file", display, c.line);
			c.malformed = "引号未闭合（直到文件末尾）";
			deliver(&c);
		}
	}
	if (c.stop && rc == 0)
		rc = c.stop;
	if (info)
		info->encoding = c.enc.mode == TE_UNDECIDED ? "UTF-8" : c.enc.name;
	csv_free(&parser);
	free(buf);
	textenc_close(&c.enc);
	sb_release(&c.text);
	VEC_FREE(c.refs);
	VEC_FREE(c.cells);
	return rc;
}
