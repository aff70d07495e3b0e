/*
 * htmlsrc.c - the rows of one <table> of an HTML page (see htmlsrc.h).
 *
 * Input: a path (opened through dzin; rowsrc.c spools stdin and gzip'd
 * input to a temporary file).  Output: one positional rawrow per <tr> of
 * the chosen table, numbered by the <tr>'s 1-based ordinal within that
 * table (title rows counted; rows of tables nested inside its cells are
 * not its rows), cells placed by column as a spreadsheet shows them.
 *
 * Functions in call order:
 *   htmlsrc_read
 *     pass (listing)     parse the whole page once: the number of tables
 *                        and their <caption>s (the "sheet" names)
 *     workbook_choose    (workbook.c) tables play the part of sheets:
 *                        --sheet by name, else the first table whose
 *                        header rows hold the kind's key column; it reads
 *                        each candidate's head through read_table
 *     read_table         pass (delivery) for the chosen table in full
 *   pass: open (dzin), pick_encoding on the first 64 KiB, then feed the
 *   page in chunks (64 KiB, or opts->chunk) - converted to UTF-8 (textenc; cut after the last '>',
 *   a byte that is never inside a GB18030 or UTF-8 character) - to
 *   libxml2's HTML push parser (htmlCreatePushParserCtxt), whose SAX
 *   callbacks on_start, on_end, on_text build rows: on_start/on_end track
 *   the open tables (a stack), <tr>, <td>/<th> (colspan, rowspan), <br>
 *   and block elements inside a cell (a space), <caption>; finish_cell
 *   normalizes a cell's text; finish_row delivers it (-> callback).
 *   No document tree is built.
 *
 * Encoding: opts->encoding; else <meta charset=...> or <meta
 * http-equiv="Content-Type" content="...; charset=..."> in the first
 * 64 KiB; else a UTF-8 BOM; else by content (textenc_detect: UTF-8 or
 * GB18030).  GB2312, GBK and their aliases are read as GB18030 (their
 * superset).  libxml2 is told to ignore the page's own declaration
 * (HTML_PARSE_IGNORE_ENC): it receives UTF-8.  Bytes invalid in the
 * encoding become U+FFFD and the cell is flagged (DQ09): in a chunk where
 * the conversion replaced bytes, each U+FFFD is swapped for the private-
 * use U+10FFFD before libxml2 sees it (mark_replacements), and turned back
 * into a flagged U+FFFD in finish_cell, so a U+FFFD the page itself holds
 * (&#65533;) is text like any other.  (A page holding U+10FFFD in such a
 * chunk would see it as a replaced byte too.)
 *
 * Cells: entities (&nbsp; &amp; &#x4E00; ...) are decoded by libxml2; a
 * no-break space counts as a space; runs of white space become one space
 * and the text is trimmed, as a browser or spreadsheet shows it.  A cell
 * with colspan=N fills its first column, the N-1 columns after it stay
 * empty (a merged cell in a spreadsheet); rowspan=N keeps its columns
 * taken in the next N-1 rows, whose cells move right past them.  A cell
 * longer than opts->max_field makes its row malformed (text cut).
 *
 * Memory: libxml2's push parser state (no tree: SAX callbacks only), one
 * chunk of input and its UTF-8 conversion, one row of cells, the rowspan
 * state (one entry per column), the table captions.  Independent of the
 * page's size; the page is parsed once more per table examined.
 */
#include "htmlsrc.h"
#include "input.h"
#include "textenc.h"
#include "workbook.h"
#include "util.h"
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_MAX_FIELD (1u << 20)
#define CHUNK 65536
#define MAX_COLS 16384
#define MAX_SPAN 1000           /* larger colspan/rowspan values are cut to this */
#define MAX_CARRY (1u << 20)    /* bytes held waiting for a '>' before converting anyway */

/* --------------------------------------------------------- detection */

static bool prefix_ci(const unsigned char *p, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && !strncasecmp((const char *)p, s, k);
}

bool htmlsrc_detect(const unsigned char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	p += i, n -= i;
	if (prefix_ci(p, n, "<!doctype")) {
		size_t j = 9;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
			j++;
		return prefix_ci(p + j, n - j, "html");
	}
	static const char *const tags[] = { "<html", "<table", "<meta", "<head" };
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
		size_t k = strlen(tags[t]);
		if (prefix_ci(p, n, tags[t]) && (n == k || p[k] == '>' || p[k] == ' ' || p[k] == '\t' ||
		                                 p[k] == '\r' || p[k] == '\n' || p[k] == '/'))
			return true;
	}
	return false;
}

/* ---------------------------------------------------------- encoding */

static const char *const gbk_family[] = {
	"GB2312", "GBK", "CP936", "MS936", "WINDOWS-936", "X-GBK", "GB_2312-80",
	"EUC-CN", "CSGB2312", "GB18030",
};

/* The charset named by a <meta> tag in p[0..n), into buf; NULL if none. */
static const char *meta_charset(const unsigned char *p, size_t n, char *buf, size_t size)
{
	for (size_t i = 0; i + 5 < n; i++) {
		if (p[i] != '<' || strncasecmp((const char *)p + i + 1, "meta", 4))
			continue;
		size_t end = i + 5;
		while (end < n && p[end] != '>')
			end++;
		for (size_t j = i + 5; j + 7 <= end; j++) {
			if (strncasecmp((const char *)p + j, "charset", 7))
				continue;
			size_t k = j + 7;
			while (k < end && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r' || p[k] == '\n'))
				k++;
			if (k >= end || p[k] != '=')
				continue;
			k++;
			while (k < end && (p[k] == ' ' || p[k] == '"' || p[k] == '\''))
				k++;
			size_t m = 0;
			while (k < end && m + 1 < size &&
			       (((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z') ||
			        (p[k] >= '0' && p[k] <= '9') || p[k] == '-' || p[k] == '_' || p[k] == ':'))
				buf[m++] = (char)p[k++];
			buf[m] = '\0';
			if (m)
				return buf;
		}
	}
	return NULL;
}

static const char *pick_encoding(const unsigned char *p, size_t n, const char *forced,
                                 char *buf, size_t size)
{
	const char *e = forced && *forced ? forced : meta_charset(p, n, buf, size);
	if (!e) {
		if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
			return "UTF-8";
		e = textenc_detect(p, n, n < CHUNK);
		return e ? e : "UTF-8";
	}
	for (size_t i = 0; i < sizeof gbk_family / sizeof gbk_family[0]; i++)
		if (!strcasecmp(e, gbk_family[i]))
			return "GB18030";
	if (textenc_is_utf8(e))
		return "UTF-8";
	return e;
}

/* ------------------------------------------------------------ a pass */

#define BADMARK "\xF4\x8F\xBF\xBD"   /* U+10FFFD: a byte replaced by the conversion */

/* Replace each U+FFFD in sb by BADMARK (tmp: scratch buffer). */
static void mark_replacements(strbuf *sb, strbuf *tmp)
{
	sb_reset(tmp);
	const char *p = sb->buf;
	for (size_t i = 0; i < sb->len; i++) {
		if (i + 2 < sb->len && !memcmp(p + i, "\xEF\xBF\xBD", 3)) {
			sb_add(tmp, BADMARK, 4);
			i += 2;
		} else {
			sb_addc(tmp, p[i]);
		}
	}
	strbuf t = *sb;
	*sb = *tmp;
	*tmp = t;
}

typedef struct hbook {
	const char *path;
	const char *display;
	const rowsrc_opts *opts;
	size_t max_field;
	VEC(char *) names;      /* table names (listing pass) */
	char encname[64];       /* encoding used */
} hbook;

typedef struct opentable {
	long idx;               /* document order of the <table> */
	long rows;              /* <tr> seen so far */
	bool in_row;
	bool cell;              /* inside a <td> or <th> */
	bool in_caption;
} opentable;

typedef struct pass {
	hbook *b;
	long want;              /* table to deliver; -1 = listing pass */
	rowsrc_cb cb;
	void *ctx;
	int stopped;            /* the callback's nonzero value */
	long ntables;
	VEC(opentable) stack;
	/* the wanted table's current row */
	strbuf text;            /* texts of the row's cells, NUL-separated */
	strbuf cell;            /* the current cell's raw text */
	size_t col;             /* next free column */
	size_t cellcol;         /* column of the current cell */
	size_t colspan, rowspan;
	VEC(size_t) off;        /* per column: offset in text, SIZE_MAX = empty */
	VEC(unsigned) flags;
	VEC(long) until;        /* per column: last row a rowspan keeps it taken */
	VEC(rowcell) out;
	const char *malformed;
	char reason[160];
	strbuf caption;
} pass;

static opentable *top(pass *s)
{
	return s->stack.n ? &s->stack.v[s->stack.n - 1] : NULL;
}

static bool wanted(pass *s)
{
	opentable *t = top(s);
	return t && t->idx == s->want;
}

static void ensure_cols(pass *s, size_t n)
{
	if (n <= s->off.n)
		return;
	if (n > s->off.cap) {
		size_t cap = s->off.cap ? s->off.cap : 16;
		while (cap < n)
			cap *= 2;
		s->off.v = xrealloc(s->off.v, cap * sizeof *s->off.v);
		s->flags.v = xrealloc(s->flags.v, cap * sizeof *s->flags.v);
		s->until.v = xrealloc(s->until.v, cap * sizeof *s->until.v);
		s->off.cap = s->flags.cap = s->until.cap = cap;
	}
	for (size_t i = s->off.n; i < n; i++) {
		s->off.v[i] = SIZE_MAX;
		s->flags.v[i] = 0;
		s->until.v[i] = 0;
	}
	s->off.n = s->flags.n = s->until.n = n;
}

static void start_row(pass *s, opentable *t)
{
	t->in_row = true;
	t->rows++;
	if (t->idx != s->want)
		return;
	sb_reset(&s->text);
	for (size_t i = 0; i < s->off.n; i++)
		s->off.v[i] = SIZE_MAX;
	s->col = 0;
	s->malformed = NULL;
}

static long attr_num(const xmlChar **attrs, const char *name)
{
	for (size_t i = 0; attrs && attrs[i]; i += 2) {
		if (strcasecmp((const char *)attrs[i], name) || !attrs[i + 1])
			continue;
		long v = strtol((const char *)attrs[i + 1], NULL, 10);
		return v < 1 ? 1 : v > MAX_SPAN ? MAX_SPAN : v;
	}
	return 1;
}

static void start_cell(pass *s, opentable *t, const xmlChar **attrs)
{
	if (!t->in_row)
		start_row(s, t);
	t->cell = true;
	if (t->idx != s->want)
		return;
	sb_reset(&s->cell);
	/* columns still taken by a rowspan from the rows above */
	while (s->col < s->until.n && s->until.v[s->col] >= t->rows)
		s->col++;
	s->cellcol = s->col;
	s->colspan = (size_t)attr_num(attrs, "colspan");
	s->rowspan = (size_t)attr_num(attrs, "rowspan");
}

/* Whitespace-normalized text of the cell into the row; flags. */
static void finish_cell(pass *s, opentable *t)
{
	t->cell = false;
	if (t->idx != s->want)
		return;
	size_t c = s->cellcol;
	if (c >= MAX_COLS) {
		s->malformed = "more than 16384 columns";
		return;
	}
	size_t end = c + s->colspan;
	if (end > MAX_COLS)
		end = MAX_COLS;
	ensure_cols(s, end);
	for (size_t i = c; i < end; i++)
		if (s->rowspan > 1)
			s->until.v[i] = t->rows + (long)s->rowspan - 1;
	s->col = end;
	/* collapse white space (ASCII and U+00A0), trim */
	size_t start = s->text.len;
	const unsigned char *p = (const unsigned char *)s->cell.buf;
	size_t n = s->cell.len;
	bool space = false, bad = false;
	for (size_t i = 0; i < n; i++) {
		bool ws = p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n' || p[i] == '\f';
		if (p[i] == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) {
			ws = true;
			i++;
		}
		if (ws) {
			space = s->text.len > start;
			continue;
		}
		if (space)
			sb_addc(&s->text, ' ');
		space = false;
		if (p[i] == 0xF4 && i + 3 < n && !memcmp(p + i, BADMARK, 4)) {
			sb_adds(&s->text, "\xEF\xBF\xBD");   /* U+FFFD, flagged */
			bad = true;
			i += 3;
			continue;
		}
		sb_addc(&s->text, p[i]);
	}
	if (s->text.len == start)
		return;
	if (s->text.len - start > s->b->max_field) {
		s->text.len = start + s->b->max_field;
		snprintf(s->reason, sizeof s->reason, "row %ld: a cell longer than %zu bytes",
		         t->rows, s->b->max_field);
		s->malformed = s->reason;
	}
	sb_addc(&s->text, '\0');
	s->off.v[c] = start;
	s->flags.v[c] = bad ? CELL_BADBYTES : 0;
}

static void finish_row(pass *s, opentable *t)
{
	if (t->cell)
		finish_cell(s, t);
	t->in_row = false;
	if (t->idx != s->want || s->stopped)
		return;
	size_t ncells = 0;
	for (size_t i = 0; i < s->off.n; i++)
		if (s->off.v[i] != SIZE_MAX)
			ncells = i + 1;
	if (s->out.cap < ncells) {
		s->out.v = xrealloc(s->out.v, ncells * sizeof *s->out.v);
		s->out.cap = ncells;
	}
	for (size_t i = 0; i < ncells; i++) {
		if (s->off.v[i] == SIZE_MAX) {
			s->out.v[i] = (rowcell){ "", 0, 0 };
		} else {
			const char *q = s->text.buf + s->off.v[i];
			s->out.v[i] = (rowcell){ q, strlen(q), s->flags.v[i] };
		}
	}
	rawrow r = {
		.row = t->rows, .ncells = ncells, .cells = s->out.v, .names = NULL,
		.malformed = s->malformed, .badbytes_elsewhere = false, .no_badbytes = false,
	};
	int rc = s->cb(s->ctx, &r);
	if (rc)
		s->stopped = rc;
}

static void finish_caption(pass *s, opentable *t)
{
	t->in_caption = false;
	if (s->want >= 0 || t->idx >= (long)s->b->names.n)
		return;
	/* normalized caption text names the table */
	strbuf *c = &s->caption;
	size_t a = 0, z = c->len;
	while (a < z && (c->buf[a] == ' ' || c->buf[a] == '\n' || c->buf[a] == '\r' || c->buf[a] == '\t'))
		a++;
	while (z > a && (c->buf[z - 1] == ' ' || c->buf[z - 1] == '\n' || c->buf[z - 1] == '\r' ||
	                 c->buf[z - 1] == '\t'))
		z--;
	if (z > a && z - a < 200) {
		free(s->b->names.v[t->idx]);
		s->b->names.v[t->idx] = xmemdup0(c->buf + a, z - a);
	}
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	pass *s = ctx;
	const char *n = (const char *)name;
	opentable *t = top(s);
	if (s->stopped)
		return;
	if (!strcmp(n, "table")) {
		if (t && t->idx == s->want && t->cell)
			finish_cell(s, t);   /* a table inside the wanted table's cell ends the text */
		opentable e = { s->ntables++, 0, false, false, false };
		VEC_PUSH(s->stack, e);
		if (s->want < 0) {
			char nm[32];
			snprintf(nm, sizeof nm, "表格%ld", e.idx + 1);
			char *dup = xstrdup(nm);
			VEC_PUSH(s->b->names, dup);
		}
		return;
	}
	if (!t)
		return;
	if (!strcmp(n, "tr")) {
		if (t->in_row)
			finish_row(s, t);
		start_row(s, t);
	} else if (!strcmp(n, "td") || !strcmp(n, "th")) {
		if (t->cell)
			finish_cell(s, t);
		start_cell(s, t, attrs);
	} else if (!strcmp(n, "caption")) {
		t->in_caption = true;
		sb_reset(&s->caption);
	} else if (t->cell && wanted(s) &&
	           (!strcmp(n, "br") || !strcmp(n, "p") || !strcmp(n, "div") || !strcmp(n, "li"))) {
		sb_addc(&s->cell, ' ');
	}
}

static void on_end(void *ctx, const xmlChar *name)
{
	pass *s = ctx;
	const char *n = (const char *)name;
	opentable *t = top(s);
	if (!t || s->stopped)
		return;
	if (!strcmp(n, "table")) {
		if (t->in_row)
			finish_row(s, t);
		if (t->in_caption)
			finish_caption(s, t);
		s->stack.n--;
	} else if (!strcmp(n, "tr")) {
		if (t->in_row)
			finish_row(s, t);
	} else if (!strcmp(n, "td") || !strcmp(n, "th")) {
		if (t->cell)
			finish_cell(s, t);
	} else if (!strcmp(n, "caption")) {
		if (t->in_caption)
			finish_caption(s, t);
	}
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	pass *s = ctx;
	opentable *t = top(s);
	if (!t || s->stopped || len <= 0)
		return;
	if (t->in_caption && s->want < 0 && s->caption.len < 4096)
		sb_add(&s->caption, ch, (size_t)len);
	if (t->cell && t->idx == s->want && s->cell.len <= s->b->max_field + 8)
		sb_add(&s->cell, ch, (size_t)len);
}

static void on_ignore(void *ctx, const xmlChar *ch, int len)
{
	(void)ctx, (void)ch, (void)len;   /* <script>, <style> */
}

static void on_error(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;             /* HTML is parsed leniently, as browsers do */
}

static int run_pass(hbook *b, long want, rowsrc_cb cb, void *ctx, dzerr *err)
{
	dzin *in = dzin_open(b->path, b->display, err);
	if (!in)
		return -1;
	size_t n;
	const unsigned char *p = dzin_peek(in, &n, err);
	if (!p) {
		dzin_close(in);
		return -1;
	}
	char buf[64];
	const char *enc = pick_encoding(p, n, b->opts ? b->opts->encoding : NULL, buf, sizeof buf);
	snprintf(b->encname, sizeof b->encname, "%s", enc);
	textenc te;
	if (textenc_open(&te, b->encname, err) < 0) {
		dzin_close(in);
		return -1;
	}
	htmlSAXHandler sax;
	memset(&sax, 0, sizeof sax);
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_ignore;
	sax.error = on_error;
	sax.warning = on_error;
	sax.fatalError = on_error;
	pass s = { 0 };
	s.b = b;
	s.want = want;
	s.cb = cb;
	s.ctx = ctx;
	sb_init(&s.text);
	sb_init(&s.cell);
	sb_init(&s.caption);
	htmlParserCtxtPtr hp = htmlCreatePushParserCtxt(&sax, &s, NULL, 0, b->display, XML_CHAR_ENCODING_UTF8);
	int rc = 0;
	if (!hp) {
		rc = dzerr_set(err, DZ_EXIT_IO, "'%s': cannot create an HTML parser", b->display);
	} else {
		htmlCtxtUseOptions(hp, HTML_PARSE_IGNORE_ENC | HTML_PARSE_NONET | HTML_PARSE_RECOVER |
		                       HTML_PARSE_NOIMPLIED);
		size_t csize = b->opts && b->opts->chunk ? b->opts->chunk : CHUNK;
		unsigned char *chunk = xmalloc(csize);
		strbuf raw, utf8, marked;
		sb_init(&raw);
		sb_init(&utf8);
		sb_init(&marked);
		bool bom_done = false;
		for (;;) {
			ssize_t k = dzin_read(in, chunk, csize, err);
			if (k < 0) {
				rc = -1;
				break;
			}
			sb_add(&raw, chunk, (size_t)k);
			/* convert up to the last '>' (never inside a character) */
			size_t cut = raw.len;
			if (k > 0) {
				while (cut > 0 && raw.buf[cut - 1] != '>')
					cut--;
				if (cut == 0 && raw.len < MAX_CARRY)
					continue;
				if (cut == 0)
					cut = raw.len;
			}
			const char *q = raw.buf;
			size_t qn = cut;
			if (!bom_done && qn >= 3 && !memcmp(q, "\xEF\xBB\xBF", 3) && textenc_is_utf8(b->encname)) {
				q += 3;
				qn -= 3;
			}
			bom_done = true;
			sb_reset(&utf8);
			if (textenc_field(&te, q, qn, &utf8))
				mark_replacements(&utf8, &marked);
			memmove(raw.buf, raw.buf + cut, raw.len - cut);
			raw.len -= cut;
			htmlParseChunk(hp, utf8.buf, (int)utf8.len, k == 0);
			if (s.stopped || k == 0)
				break;
		}
		/* rows and tables left open at the end of the page */
		while (!s.stopped && s.stack.n) {
			opentable *t = top(&s);
			if (t->in_row)
				finish_row(&s, t);
			s.stack.n--;
		}
		free(chunk);
		sb_release(&raw);
		sb_release(&utf8);
		sb_release(&marked);
		htmlFreeParserCtxt(hp);
	}
	if (rc == 0 && s.stopped)
		rc = s.stopped;
	textenc_close(&te);
	dzin_close(in);
	sb_release(&s.text);
	sb_release(&s.cell);
	sb_release(&s.caption);
	VEC_FREE(s.stack);
	VEC_FREE(s.off);
	VEC_FREE(s.flags);
	VEC_FREE(s.until);
	VEC_FREE(s.out);
	return rc;
}

/* wb_read_fn: the rows of table idx */
static int read_table(void *cctx, size_t idx, rowsrc_cb cb, void *ctx, dzerr *err)
{
	return run_pass(cctx, (long)idx, cb, ctx, err);
}

int htmlsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                 rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	hbook b = { 0 };
	b.path = path;
	b.display = display ? display : path;
	b.opts = opts;
	b.max_field = opts && opts->max_field ? opts->max_field : DEFAULT_MAX_FIELD;
	int rc = run_pass(&b, -1, NULL, NULL, err);
	if (info) {
		info->container = CONT_HTML;
		info->encoding = opts && opts->encoding && *opts->encoding ? opts->encoding :
		                 !strcasecmp(b.encname, "GB18030") ? "GB18030" :
		                 textenc_is_utf8(b.encname) ? "UTF-8" : "(declared in <meta>)";
	}
	VEC(wb_sheet) list = { 0 };
	if (rc == 0 && b.names.n == 0)
		rc = dzerr_set(err, DZ_EXIT_DATA,
		               "'%s': an HTML page with no table (<table>): nothing to read; "
		               "export the data as a table (导出Excel), .xlsx or CSV", b.display);
	if (rc == 0) {
		for (size_t i = 0; i < b.names.n; i++) {
			wb_sheet e = { b.names.v[i], false, true };
			VEC_PUSH(list, e);
		}
		wb_choice ch;
		rc = workbook_choose(b.display, list.v, list.n, opts, read_table, &b, &ch, err);
		if (rc == 0) {
			if (info)
				snprintf(info->sheet, sizeof info->sheet, "%s", ch.note);
			rc = run_pass(&b, (long)ch.idx, cb, ctx, err);
		}
	}
	VEC_FREE(list);
	for (size_t i = 0; i < b.names.n; i++)
		free(b.names.v[i]);
	VEC_FREE(b.names);
	return rc;
}
