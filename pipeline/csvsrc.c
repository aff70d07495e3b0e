/*
 * csvsrc.c - delimited text (CSV, or tab-separated) -> raw rows of UTF-8
 * cells, with the row numbers of SPEC §5 (see rowsrc.h).
 *
 * Functions in call order: csvsrc_read() peeks at the head of the stream
 * (UTF-8 BOM, encoding by content via textenc_detect() unless the caller
 * names one, delimiter by detect_delim(), a row estimate for the consumer's
 * table sizes by rows_estimate()), then feeds fixed-size chunks
 * (opts->chunk, default 64 KiB) to libcsv's push parser; on_field() copies
 * and converts each field into the row buffer, on_row_end() hands the row
 * to the caller; at the end of input csv_fini() runs in strict mode only to
 * learn whether a quoted field was left open.
 *
 * Fast path: before a chunk goes to libcsv, check_chunk() looks at it as a
 * whole: valid UTF-8 without NUL (pure ASCII while the encoding is
 * undecided or an iconv one) and no quote character.  Then every field
 * that ends in the chunk and began in it (or in a clean chunk before, not
 * inside quotes) needs no conversion and holds no line break (only quoted
 * fields can: every unquoted CR or LF ends a row), so on_field() copies it
 * without looking at its bytes.  Other fields take the slow path: per-field
 * check, conversion (textenc_field), line breaks counted.  The first field
 * ending in a chunk may have begun in an earlier one, so it is fast only
 * if the bytes pending from before were clean and not quoted (libcsv's
 * quoted flag after the earlier chunk); a UTF-8 sequence cut by a chunk's
 * end is completed at the start of the next.  Both paths give the same
 * cells (tests/unit/test_csvsrc.c reads every input at chunk sizes 1..64).
 *
 * Cells are copied into one text buffer per row and the rowcells point
 * into it as they are made (re-pointed if the buffer moves), so handing the
 * row over costs nothing per cell.
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
 * file and lines).  Unterminated quote: from the first line break inside a
 * quoted field on, feed() keeps a copy of the raw input (the capture, at
 * most max_field bytes); for that feed() hands libcsv chunks holding a quote
 * (or while a quoted field is open) in pieces ending at line breaks, so the
 * capture starts exactly after the line on which the quote opened.  If the
 * quote is still open at the end, the record is malformed up to that line
 * and the capture is fed again to a reset parser: the following lines are
 * records again, with their own numbers.  Each replay is shorter than the
 * one before (it starts after at least one more line break), so it ends.  A
 * capture over max_field is given up: then, as on the last line, the
 * record runs to the end of the file.  To keep memory bounded, when the
 * field libcsv is buffering grows past max_field between two chunks, all
 * but its last bytes are dropped from libcsv's entry buffer (the public
 * entry_buf/entry_pos/spaces fields of struct csv_parser; the state machine
 * only ever looks back spaces + 1 bytes), after counting their line breaks.
 *
 * Memory: the chunk buffer; libcsv's entry buffer (at most max_field +
 * chunk + 64 KiB); one row of converted cells; two capture buffers (at
 * most max_field + chunk each, allocated only for a multi-line quoted field).  No allocation per row once
 * the buffers have grown to the widest row.
 */
#include "rowsrc.h"
#include "input.h"
#include "textenc.h"
#include "util.h"
#include <csv.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define DEFAULT_CHUNK 65536
#define DEFAULT_MAX_FIELD (1024 * 1024)
#define PEEK_MAX 65536
#define FIELD_HEAD 200       /* bytes of an over-long field kept (quality raw value) */
#define PS_FIELD_BEGUN 2     /* libcsv's pstate inside a field (libcsv.c FIELD_BEGUN) */

typedef struct csvctx {
	const char *display;
	rowsrc_cb cb;
	void *cbctx;
	size_t max_field;
	textenc enc;
	strbuf text;         /* converted cells of the current row, each NUL-terminated */
	VEC(rowcell) cells;  /* cells of the current row, pointing into text */
	unsigned row_flags;  /* CELL_* of the current row's cells, or-ed */
	bool fast;           /* the next field to end may skip checks (see header) */
	bool fast_rest;      /* ... and the fields after it in this chunk */
	bool carry_unsafe;   /* the field pending across chunks needs the slow path */
	unsigned long nfields; /* fields ended so far */
	unsigned char ucut[4]; /* UTF-8 sequence cut by the end of the last chunk */
	size_t ucut_len;
	long line;           /* line on which the current row starts */
	long nl;             /* line breaks inside the current row's fields so far */
	int last_term;       /* terminator that ended the previous row, -1 none */
	const char *malformed; /* reason for the current row, or NULL */
	bool overflow;       /* the field libcsv is buffering exceeded max_field */
	unsigned char head[FIELD_HEAD]; /* ... its first bytes (the quality file shows them) */
	unsigned char headcut[FIELD_HEAD]; /* the cell made of them */
	size_t headlen;
	long dropped_nl;     /* line breaks in bytes dropped from that field */
	int stop;            /* nonzero once the callback asked to stop */
	const unsigned char *qfirst; /* first quote of the chunk check_chunk() saw, or NULL */
	strbuf raw[2];       /* raw[cap]: the capture (see the header); the other: replay */
	int cap;
	bool cap_on;         /* capturing for the quoted field number cap_field */
	bool cap_over;       /* ... whose capture grew past max_field */
	unsigned long cap_field;
	long cap_line;       /* line on which the capture starts */
	int cap_term;        /* line break byte just before the capture */
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

/* The text buffer moved from address old: re-point the row's cells. */
static void rebase(csvctx *c, uintptr_t old)
{
	uintptr_t now = (uintptr_t)c->text.buf;
	if (now == old)
		return;
	for (size_t i = 0; i < c->cells.n; i++)
		c->cells.v[i].s = (const char *)(now + ((uintptr_t)c->cells.v[i].s - old));
}

/* Make room for `need` more bytes in the row's text; cells are re-pointed
 * when the buffer moves. */
static void text_reserve(csvctx *c, size_t need)
{
	strbuf *t = &c->text;
	if (t->len + need + 1 <= t->cap)
		return;
	uintptr_t old = (uintptr_t)t->buf;
	sb_grow(t, need);
	rebase(c, old);
}

/* memcpy for the fields of a row without a call (keeps on_field a leaf). */
static inline void copy_field(char *d, const unsigned char *p, size_t n)
{
	if (n > 16) {
		uint64_t a, b;
		for (size_t i = 0; i + 16 < n; i += 16) {
			memcpy(&a, p + i, 8);
			memcpy(&b, p + i + 8, 8);
			memcpy(d + i, &a, 8);
			memcpy(d + i + 8, &b, 8);
		}
		memcpy(&a, p + n - 16, 8);
		memcpy(&b, p + n - 8, 8);
		memcpy(d + n - 16, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 8) {
		uint64_t a, b;
		memcpy(&a, p, 8);
		memcpy(&b, p + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		memcpy(d, &a, 4);
		memcpy(d + n - 4, &b, 4);
	} else if (n) {
		d[0] = (char)p[0];
		d[n / 2] = (char)p[n / 2];
		d[n - 1] = (char)p[n - 1];
	}
}

/* Slow path: the field's bytes may need conversion or hold line breaks;
 * appends it to the text and returns its CELL_* flags. */
static unsigned field_slow(csvctx *c, const unsigned char *p, size_t len)
{
	strbuf *t = &c->text;
	unsigned flags = 0;
	if (c->overflow || len > c->max_field) {
		c->nl += c->dropped_nl + count_breaks(p, len);
		c->dropped_nl = 0;
		snprintf(c->reason, sizeof c->reason, "字段超过 %zu 字节", c->max_field);
		c->malformed = c->reason;
		/* the cell keeps the field's start, not its tail (DQ08's raw value):
		 * at most FIELD_HEAD and max_field bytes, line breaks as spaces */
		const unsigned char *from = c->overflow ? c->head : p;
		size_t have = c->overflow ? c->headlen : len;
		len = have < FIELD_HEAD ? have : FIELD_HEAD;
		if (len > c->max_field)
			len = c->max_field;
		for (size_t i = 0; i < len; i++)
			c->headcut[i] = from[i] == '\r' || from[i] == '\n' ? ' ' : from[i];
		p = c->headcut;
		if (len && (p[len - 1] & 0x80)) {   /* not inside a UTF-8 character */
			size_t j = len;
			while (j > 1 && (p[j - 1] & 0xC0) == 0x80)
				j--;
			unsigned char lead = p[j - 1];
			size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
			if (len - (j - 1) < need)
				len = j - 1;
		}
		c->overflow = false;
	}
	if (c->enc.mode == TE_UTF8 ? clean_utf8(p, len) : clean_ascii(p, len)) {
		/* the bytes as they are: the usual case */
		text_reserve(c, len + 2);
		memcpy(t->buf + t->len, p, len);
		t->len += len;
	} else {
		if (memchr(p, '\n', len) || memchr(p, '\r', len))
			c->nl += count_breaks(p, len);
		/* at most three output bytes per input byte (U+FFFD for one) */
		text_reserve(c, 3 * len + 16);
		uintptr_t old = (uintptr_t)t->buf;
		if (textenc_field(&c->enc, (const char *)p, len, t))
			flags |= CELL_BADBYTES;
		rebase(c, old);
	}
	return flags;
}

/* on_field() for everything but a fast field with room for it: grows the
 * buffers, takes the slow path when needed. */
static __attribute__((noinline, cold)) void field_general(csvctx *c, const unsigned char *p,
                                                          size_t len, bool fast)
{
	strbuf *t = &c->text;
	if (c->cells.n == c->cells.cap) {
		c->cells.cap = c->cells.cap ? 2 * c->cells.cap : 32;
		c->cells.v = xrealloc(c->cells.v, c->cells.cap * sizeof *c->cells.v);
	}
	size_t off = t->len;
	unsigned flags = 0;
	if (fast) {
		text_reserve(c, len + 2);
		copy_field(t->buf + off, p, len);
		t->len += len;
	} else {
		flags = field_slow(c, p, len);
		text_reserve(c, 2);
	}
	t->buf[t->len++] = '\0';   /* each cell NUL-terminated */
	rowcell *cell = &c->cells.v[c->cells.n++];
	cell->s = t->buf + off;
	cell->n = t->len - 1 - off;
	cell->flags = flags;
	c->row_flags |= flags;
}

static void on_field(void *s, size_t len, void *data)
{
	csvctx *c = data;
	if (c->stop)
		return;
	bool fast = c->fast && len <= c->max_field;
	c->fast = c->fast_rest;
	c->nfields++;
	strbuf *t = &c->text;
	if (!fast || c->cells.n == c->cells.cap || t->len + len + 2 > t->cap) {
		field_general(c, s, len, fast);
		return;
	}
	/* the usual case: copy the bytes as they are */
	char *d = t->buf + t->len;
	copy_field(d, s, len);
	d[len] = '\0';
	t->len += len + 1;
	rowcell *cell = &c->cells.v[c->cells.n++];
	cell->s = d;
	cell->n = len;
	cell->flags = 0;
}

static void deliver(csvctx *c)
{
	rawrow r = { .row = c->line, .ncells = c->cells.n, .cells = c->cells.v,
	             .names = NULL, .malformed = c->malformed, .badbytes_elsewhere = false,
	             .no_badbytes = !(c->row_flags & CELL_BADBYTES) };
	int rc = c->cb(c->cbctx, &r);
	if (rc)
		c->stop = rc;
	c->line += 1 + c->nl;
	c->nl = 0;
	c->cells.n = 0;
	c->row_flags = 0;
	c->text.len = 0;
	c->malformed = NULL;
}

static void on_row_end(int term, void *data)
{
	csvctx *c = data;
	if (c->stop)
		return;
	if (c->cells.n == 0 && term == '\n' && c->last_term == '\r') {
		c->last_term = '\n';     /* the LF of a CR LF */
		return;
	}
	c->last_term = term;
	deliver(c);
}

/* Bytes of the UTF-8 sequence led by c (2..4), or 0 if c cannot lead one. */
static size_t lead_len(unsigned char c)
{
	return c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
}

/*
 * Valid UTF-8 without NUL bytes, eight ASCII bytes at a time.  A sequence
 * cut by the end of p[0..n) is not an error: it is kept in c->ucut to be
 * completed by the next chunk.
 */
static bool utf8_chunk(csvctx *c, const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		while (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			/* a byte >= 0x80, or a zero byte */
			if ((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i == n)
			break;
		unsigned char ch = p[i];
		if (ch < 0x80) {
			if (!ch)
				return false;
			i++;
			continue;
		}
		if (ch >= 0xE1 && ch <= 0xEF && ch != 0xED && n - i >= 3) {
			/* most CJK characters: any two continuation bytes */
			if ((p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80)
				return false;
			i += 3;
			continue;
		}
		size_t want = lead_len(ch);
		if (!want)
			return false;
		if (n - i < want) {
			/* cut at the end?  The next chunk completes or refuses it */
			for (size_t j = i + 1; j < n; j++)
				if ((p[j] & 0xC0) != 0x80)
					return false;
			memcpy(c->ucut, p + i, n - i);
			c->ucut_len = n - i;
			return true;
		}
		if (textenc_utf8_prefix(p + i, want) != want)
			return false;
		i += want;
	}
	return true;
}

#ifdef __SSE2__
/*
 * The bulk of utf8_chunk(), sixteen bytes at a time: every byte 80..BF
 * must be a continuation byte required by the lead before it (C0..DF one,
 * E0..EF two), and no byte may be NUL.  Blocks holding bytes with extra
 * rules (C0 C1 E0 ED, F0..FF) are left to the scalar check: the return
 * value is where that must start (a character boundary), n when all is
 * checked; SIZE_MAX when a block is invalid.
 */
static size_t utf8_simd(const unsigned char *p, size_t n)
{
	const __m128i zero = _mm_setzero_si128();
	__m128i prev_lead = zero, prev_e0 = zero;   /* of the block before */
	size_t i = 0;
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i neg = _mm_cmplt_epi8(v, zero);                      /* >= 80 */
		__m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));        /* 80..BF */
		__m128i lead = _mm_andnot_si128(cont, neg);                  /* C0..FF */
		__m128i e0 = _mm_and_si128(neg, _mm_cmpgt_epi8(v, _mm_set1_epi8(-33))); /* E0..FF */
		__m128i odd = _mm_or_si128(
			_mm_or_si128(_mm_and_si128(neg, _mm_cmpgt_epi8(v, _mm_set1_epi8(-17))), /* F0..FF */
			             _mm_cmpeq_epi8(v, zero)),
			_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC0)),
			                          _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC1))),
			             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0)),
			                          _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)))));
		if (_mm_movemask_epi8(odd))
			break;
		/* continuation bytes the leads require, also from the last block */
		__m128i need = _mm_or_si128(
			_mm_or_si128(_mm_slli_si128(lead, 1), _mm_srli_si128(prev_lead, 15)),
			_mm_or_si128(_mm_slli_si128(e0, 2), _mm_srli_si128(prev_e0, 14)));
		if (_mm_movemask_epi8(_mm_xor_si128(need, cont)))
			return SIZE_MAX;
		prev_lead = lead;
		prev_e0 = e0;
	}
	/* a character begun before i whose continuation bytes were not
	 * checked yet (they lie at or after i): start the rest at its lead */
	for (size_t j = i; j > 0 && i - j < 3;) {
		unsigned char ch = p[--j];
		if (ch < 0x80)
			break;
		if (ch >= 0xC0)
			return j + lead_len(ch) > i ? j : i;
	}
	return i;
}
#endif

/* ASCII without NUL bytes, eight at a time. */
static bool ascii_chunk(const unsigned char *p, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	for (; n - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128()))))
			return false;
	}
#endif
	for (; n - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		if ((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL)
			return false;
	}
	for (; i < n; i++)
		if (!p[i] || p[i] >= 0x80)
			return false;
	return true;
}

/*
 * Can the fields ending in this chunk skip their checks (see the header)?
 * No quote character; valid UTF-8 (ASCII while undecided or converting
 * with iconv) without NUL, counting a sequence cut by the last chunk.
 */
static bool check_chunk(csvctx *c, const unsigned char *p, size_t n)
{
	c->qfirst = memchr(p, '"', n);
	if (c->qfirst) {
		c->ucut_len = 0;
		return false;
	}
	if (c->enc.mode != TE_UTF8) {
		c->ucut_len = 0;
		return ascii_chunk(p, n);
	}
	size_t i = 0;
	if (c->ucut_len) {
		/* complete the sequence the last chunk ended in */
		size_t t = c->ucut_len, want = lead_len(c->ucut[0]);
		size_t take = want - t < n ? want - t : n;
		for (size_t j = 0; j < take; j++) {
			if ((p[j] & 0xC0) != 0x80) {
				c->ucut_len = 0;
				return false;
			}
			c->ucut[t + j] = p[j];
		}
		c->ucut_len = t + take;
		if (c->ucut_len < want)
			return true;      /* still cut: the chunk was all continuation bytes */
		c->ucut_len = 0;
		if (textenc_utf8_prefix(c->ucut, want) != want)
			return false;
		i = take;
	}
#ifdef __SSE2__
	size_t k = utf8_simd(p + i, n - i);
	if (k == SIZE_MAX)
		return false;
	i += k;
#endif
	return utf8_chunk(c, p + i, n - i);
}

/*
 * Lines of the whole input, estimated from the peeked head: exact when the
 * head is the whole input, else the file size times the head's line
 * density (plain files only: a gzip stream's size is not known up front).
 */
static size_t rows_estimate(struct dzin *in, const unsigned char *p, size_t n)
{
	size_t lines = 0;
	for (const unsigned char *q = p, *end = p + n; (q = memchr(q, '\n', (size_t)(end - q))); q++)
		lines++;
	if (n < PEEK_MAX)
		return lines + (n && p[n - 1] != '\n');
	struct stat sb;
	if (dzin_gzipped(in) || !lines || fstat(dzin_fd(in), &sb) != 0 || !S_ISREG(sb.st_mode))
		return 0;
	return (size_t)((double)sb.st_size / (double)n * (double)lines) + 1;
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
	if (!c->overflow) {          /* the field's first bytes (nothing dropped yet) */
		c->headlen = p->entry_pos < FIELD_HEAD ? p->entry_pos : FIELD_HEAD;
		memcpy(c->head, p->entry_buf, c->headlen);
	}
	c->dropped_nl += count_breaks(p->entry_buf, drop);
	/* a CR at the cut followed by LF in the kept part was counted as lone */
	if (drop && p->entry_buf[drop - 1] == '\r' && p->entry_buf[drop] == '\n')
		c->dropped_nl--;
	memmove(p->entry_buf, p->entry_buf + drop, keep);
	p->entry_pos = keep;
	c->overflow = true;
}

/* End of the piece starting at p[i]: just after the next line break (CR LF
 * as one), or n. */
static size_t next_break(const unsigned char *p, size_t i, size_t n)
{
	for (; i < n; i++) {
		if (p[i] == '\n')
			return i + 1;
		if (p[i] == '\r')
			return i + 1 < n && p[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return n;
}

/*
 * csv_parse() p[0..n) (see the header, unterminated quote): in one go when
 * no field can be or become quoted in it, else in pieces ending at line
 * breaks, capturing the raw bytes from the first line break inside a
 * quoted field on.  qfirst: the first quote in p, or NULL.  Returns 0, or
 * -1 when libcsv fails (out of memory).
 */
static int feed(csvctx *c, struct csv_parser *ps, const unsigned char *p, size_t n,
                const unsigned char *qfirst)
{
	size_t pos = 0, q = qfirst ? (size_t)(qfirst - p) : n;
	while (pos < n && !c->stop) {
		if (q < pos) {
			const unsigned char *f = memchr(p + pos, '"', n - pos);
			q = f ? (size_t)(f - p) : n;
		}
		size_t end;
		if (q == n && (!ps->quoted || c->cap_on)) {
			end = n;        /* no quote opens here: as it is (the fast path) */
		} else if (!ps->quoted && q > pos) {
			/* the lines before the next quote in one piece */
			end = q;
			while (end > pos && p[end - 1] != '\n' && p[end - 1] != '\r')
				end--;
			if (end == pos)
				end = next_break(p, pos, n);
		} else {
			end = next_break(p, pos, n);
		}
		size_t len = end - pos;
		if (c->cap_on && !c->cap_over) {
			strbuf *r = &c->raw[c->cap];
			if (r->len + len > c->max_field)
				c->cap_over = true;
			else
				sb_add(r, (const char *)p + pos, len);
		}
		if (csv_parse(ps, p + pos, len, on_field, on_row_end, c) != len)
			return -1;
		if (c->cap_on && c->nfields != c->cap_field)
			c->cap_on = false;      /* that field ended */
		unsigned char last = p[end - 1];
		if (!c->cap_on && ps->quoted && ps->pstate == PS_FIELD_BEGUN && (last == '\n' || last == '\r')) {
			/* the first line break inside this quoted field */
			c->cap_on = true;
			c->cap_over = false;
			c->cap_field = c->nfields;
			c->cap_line = c->line + c->nl + c->dropped_nl + count_breaks(ps->entry_buf, ps->entry_pos);
			c->cap_term = last;
			c->raw[c->cap].len = 0;
		}
		pos = end;
	}
	return 0;
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
	if (info)
		info->rows_hint = rows_estimate(in, p, n);

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
	sb_init(&c.raw[0]);
	sb_init(&c.raw[1]);

	struct csv_parser parser;
	if (csv_init(&parser, CSV_REPALL_NL) != 0) {
		textenc_close(&c.enc);
		return dzerr_set(err, DZ_EXIT_IO, "'%s': cannot initialize the CSV parser", display);
	}
	unsigned char delim = detect_delim(p + skip, n - skip);
	csv_set_delim(&parser, delim);
	if (info)
		info->delim = (char)delim;
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
		if (!len)
			continue;
		bool ok = check_chunk(&c, buf + off, len);
		c.fast_rest = ok;
		c.fast = ok && !c.carry_unsafe;
		unsigned long before = c.nfields;
		if (feed(&c, &parser, buf + off, len, c.qfirst) != 0) {
			rc = dzerr_set(err, DZ_EXIT_IO, "'%s': row %ld: CSV parser failed: %s", display, c.line,
			               csv_strerror(csv_error(&parser)));
			break;
		}
		if (c.stop)
			break;
		/* the field pending now: clean only if its bytes so far are */
		c.carry_unsafe = parser.quoted || !ok || (c.nfields == before && c.carry_unsafe);
		clamp_field(&parser, &c);
		if (c.overflow)
			c.carry_unsafe = true;
	}
	c.fast = c.fast_rest = false;     /* csv_fini: the slow path for the last field */
	while (rc == 0 && !c.stop) {
		csv_set_opts(&parser, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&parser, on_field, on_row_end, &c) == 0)
			break;
		/* a quoted field is still open: the row runs to the end of the file,
		 * or, with a capture, to the line the quote opened on */
		bool resume = c.cap_on && !c.cap_over && c.raw[c.cap].len;
		if (resume) {
			if (c.cap_line - 1 > c.line)
				warning("'%s': row %ld: unterminated quote; lines %ld-%ld read as one malformed row, reading goes on at line %ld",
				        display, c.line, c.line, c.cap_line - 1, c.cap_line);
			else
				warning("'%s': row %ld: unterminated quote; line %ld read as one malformed row, reading goes on at line %ld",
				        display, c.line, c.line, c.cap_line);
			c.malformed = "引号未闭合";
		} else {
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
		}
		deliver(&c);
		if (!resume || c.stop)
			break;
		/* read the lines after the quote's again, with a reset parser */
		parser.pstate = 0;      /* libcsv's ROW_NOT_BEGUN */
		parser.quoted = 0;
		parser.spaces = 0;
		parser.entry_pos = 0;
		parser.status = 0;
		csv_set_opts(&parser, CSV_REPALL_NL);
		c.line = c.cap_line;
		c.nl = c.dropped_nl = 0;
		c.overflow = false;
		c.last_term = c.cap_term;
		c.cap_on = false;
		strbuf *replay = &c.raw[c.cap];
		c.cap ^= 1;
		if (feed(&c, &parser, (const unsigned char *)replay->buf, replay->len,
		         memchr(replay->buf, '"', replay->len)) != 0)
			rc = dzerr_set(err, DZ_EXIT_IO, "'%s': row %ld: CSV parser failed: %s", display, c.line,
			               csv_strerror(csv_error(&parser)));
	}
	if (c.stop && rc == 0)
		rc = c.stop;
	if (info)
		info->encoding = c.enc.mode == TE_UNDECIDED ? "UTF-8" : c.enc.name;
	csv_free(&parser);
	free(buf);
	textenc_close(&c.enc);
	sb_release(&c.text);
	sb_release(&c.raw[0]);
	sb_release(&c.raw[1]);
	VEC_FREE(c.cells);
	return rc;
}
