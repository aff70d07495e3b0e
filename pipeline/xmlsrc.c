/*
 * xmlsrc.c - records of an XML export (rowsrc.h).
 *
 * Input: a dzin (plain or gzip'd file, or stdin).  Output: one named
 * rawrow per record element, numbered by its 1-based ordinal; the fields
 * are the record element's attributes (in document order) followed by its
 * leaf descendant elements (names[i] = local name, cells[i] = text; an
 * empty element is an empty field; an element holding other elements
 * gives only its leaves).  Both export shapes work:
 *   <导出><记录><证件号码>…</证件号码><姓名>…</姓名></记录>…</导出>
 *   <DATA><ROW 证件号码="…" 姓名="…"/>…</DATA>
 *
 * The record element is opts->record (any element of that local name not
 * inside another record), else detected on the first 64 KiB (dzin_peek),
 * or, when no element repeats there in a longer file (a first record over
 * 64 KiB), on up to XML_LOOKAHEAD_MAX (16 MiB) read ahead and kept for the
 * streaming pass:
 * the element name that repeats as consecutive siblings at the shallowest
 * depth (ties: the most repeats, then the first seen) -- the repeated child
 * of the root in the usual case, and also <root><list><item/>…</list></root>
 * or Delphi's <DATAPACKET><METADATA/><ROWDATA><ROW/>…</ROWDATA>; with no
 * repeat, the first child of the root.
 *
 * Encoding: as the XML declaration says (libxml2 converts with iconv), or
 * opts->encoding; a document without a declaration whose bytes are not
 * UTF-8 but GB18030-shaped (textenc_detect) is read as GB18030.  GB2312,
 * GBK and CP936 are read as GB18030, their superset, because exports
 * declared GB2312 routinely hold GBK-only characters.  Bytes invalid in
 * the encoding make the document malformed (XML has no recovery), an
 * error like any other well-formedness error: the message names the file
 * and line (for GB18030, the line of the first bad bytes, found by gb_feed
 * in the read callback), status DZ_EXIT_DATA.  Entities are never expanded
 * and a DOCTYPE declaring any is refused (xmlrd.h).
 *
 * Functions in call order: xmlsrc_read -> pick_encoding (declaration in
 * the peeked bytes; has_declaration, textenc_detect when there is none),
 * detect_record (a throw-away reader over the peeked bytes), then the
 * streaming pass: in_read (dzin_read, gb_feed) under libxml2, xml_node per
 * node -> record_start, field_add, record_deliver (-> callback).
 *
 * Memory: libxml2's reader plus one record (at most ROW_BYTES_FACTOR *
 * max_field bytes of names and values), independent of the file's size;
 * while detecting on a file whose first record is over 64 KiB, the bytes
 * read ahead (at most 16 MiB).
 */
#include "rowsrc.h"
#include "xmlrd.h"
#include "input.h"
#include "textenc.h"
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_MAX_FIELD (1u << 20)
#define ROW_BYTES_FACTOR 64
#define MAX_DEPTH 512          /* libxml2 itself stops at 256 without XML_PARSE_HUGE */
#define XML_LOOKAHEAD_MAX (16u << 20) /* bytes read ahead to find the record element */

/* ------------------------------------------------------------ encoding */

static const char *const gbk_family[] = {
	"GB2312", "GBK", "CP936", "MS936", "WINDOWS-936", "X-GBK", "GB_2312-80",
	"EUC-CN", "CSGB2312", "GB18030",
};

static const char *map_encoding(const char *enc)
{
	for (size_t i = 0; i < sizeof gbk_family / sizeof gbk_family[0]; i++)
		if (!strcasecmp(enc, gbk_family[i]))
			return "GB18030";
	return enc;
}

/* Does the document start with an XML declaration naming an encoding? */
static bool has_declaration(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return true;   /* a UTF-8 BOM says it as well */
	if (n < 5 || memcmp(p, "<?xml", 5))
		return false;
	for (size_t i = 5; i + 8 <= n && !(p[i] == '?' && i + 1 < n && p[i + 1] == '>'); i++)
		if (!memcmp(p + i, "encoding", 8))
			return true;
	return false;
}

/* The encoding to force, or NULL to let libxml2 follow the document. */
static const char *pick_encoding(const unsigned char *p, size_t n, const char *forced,
                                 char *buf, size_t size)
{
	if (forced && *forced)
		return map_encoding(forced);
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return NULL;
	if (n < 5 || memcmp(p, "<?xml", 5))
		return NULL;
	size_t end = 5;
	while (end + 1 < n && !(p[end] == '?' && p[end + 1] == '>'))
		end++;
	for (size_t i = 5; i + 8 < end; i++) {
		if (memcmp(p + i, "encoding", 8))
			continue;
		size_t j = i + 8;
		while (j < end && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
			j++;
		if (j >= end || p[j] != '=')
			return NULL;
		j++;
		while (j < end && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
			j++;
		if (j >= end || (p[j] != '"' && p[j] != '\''))
			return NULL;
		unsigned char q = p[j++];
		size_t k = 0;
		while (j < end && p[j] != q && k + 1 < size)
			buf[k++] = (char)p[j++];
		buf[k] = '\0';
		const char *m = map_encoding(buf);
		return m == buf ? NULL : m;
	}
	return NULL;
}

/* ---------------------------------------------------- record detection */

typedef struct memin {
	const unsigned char *p;
	size_t n, pos;
} memin;

static int mem_read(void *ctx, char *buf, int len)
{
	memin *m = ctx;
	size_t k = m->n - m->pos;
	if (k > (size_t)len)
		k = (size_t)len;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (int)k;
}

#define MAX_CAND 32
#define NAME_MAX_LEN 128

typedef struct cand {
	char name[NAME_MAX_LEN];
	int depth;
	long count;
} cand;

/*
 * Choose the record element from the first bytes of the document; fills
 * name and *depth (0 when the document has no element under the root).
 */
/* Returns true when a repeated element was found (false: the fallback). */
static bool detect_record(const unsigned char *p, size_t n, const char *enc,
                          char name[NAME_MAX_LEN], int *depth)
{
	enum { TRACK = 64 };
	struct { char name[NAME_MAX_LEN]; long run; } last[TRACK];
	cand c[MAX_CAND];
	int nc = 0;
	char first[NAME_MAX_LEN] = "";
	memset(last, 0, sizeof last);
	name[0] = '\0';
	*depth = 0;
	memin m = { p, n, 0 };
	xmlrd x;
	if (xmlrd_open(&x, mem_read, &m, enc) < 0)
		return false;
	while (xmlrd_next(&x) == 1) {
		if (xmlTextReaderNodeType(x.r) != XML_READER_TYPE_ELEMENT)
			continue;
		int d = xmlTextReaderDepth(x.r);
		const char *nm = xmlrd_name(&x);
		if (d < 1 || d >= TRACK || strlen(nm) >= NAME_MAX_LEN)
			continue;
		if (d == 1 && !first[0])
			snprintf(first, sizeof first, "%s", nm);
		/* a new element at depth d starts a new sibling list below it */
		if (d + 1 < TRACK) {
			last[d + 1].name[0] = '\0';
			last[d + 1].run = 0;
		}
		if (!strcmp(last[d].name, nm)) {
			last[d].run++;
		} else {
			snprintf(last[d].name, sizeof last[d].name, "%s", nm);
			last[d].run = 1;
		}
		if (last[d].run < 2)
			continue;
		int k;
		for (k = 0; k < nc; k++)
			if (c[k].depth == d && !strcmp(c[k].name, nm))
				break;
		if (k == nc) {
			if (nc == MAX_CAND)
				continue;
			snprintf(c[nc].name, sizeof c[nc].name, "%s", nm);
			c[nc].depth = d;
			c[nc].count = 0;
			nc++;
		}
		if (last[d].run > c[k].count)
			c[k].count = last[d].run;
	}
	xmlrd_close(&x);
	int best = -1;
	for (int k = 0; k < nc; k++)
		if (best < 0 || c[k].depth < c[best].depth ||
		    (c[k].depth == c[best].depth && c[k].count > c[best].count))
			best = k;
	if (best >= 0) {
		snprintf(name, NAME_MAX_LEN, "%s", c[best].name);
		*depth = c[best].depth;
	} else if (first[0]) {
		snprintf(name, NAME_MAX_LEN, "%s", first);
		*depth = 1;
	}
	return best >= 0;
}

/*
 * libxml2 converts its input ahead of parsing, so its line number for an
 * encoding error is not where the bad bytes are.  For GB18030 input the
 * read callback runs the byte grammar itself and remembers the line of
 * the first invalid sequence: 1 byte 00-7F, 2 bytes 81-FE 40-7E|80-FE,
 * 4 bytes 81-FE 30-39 81-FE 30-39.
 */
typedef struct gbcheck {
	bool on;
	int n;             /* bytes of the current sequence seen */
	long line;         /* current line (1-based) */
	long bad_line;     /* line of the first invalid sequence, 0 = none */
} gbcheck;

static void gb_feed(gbcheck *g, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && !g->bad_line; i++) {
		unsigned c = p[i];
		bool ok;
		switch (g->n) {
		case 0:
			if (c < 0x80) {
				if (c == '\n')
					g->line++;
				continue;
			}
			ok = c >= 0x81 && c <= 0xFE;
			g->n = 1;
			break;
		case 1:
			if ((c >= 0x40 && c <= 0x7E) || (c >= 0x80 && c <= 0xFE)) {
				ok = true;
				g->n = 0;
			} else {
				ok = c >= 0x30 && c <= 0x39;
				g->n = 2;
			}
			break;
		case 2:
			ok = c >= 0x81 && c <= 0xFE;
			g->n = 3;
			break;
		default:
			ok = c >= 0x30 && c <= 0x39;
			g->n = 0;
			break;
		}
		if (!ok)
			g->bad_line = g->line;
	}
}

/* ------------------------------------------------------ streaming pass */

typedef struct field {
	size_t name_off, name_len;
	size_t val_off, val_len;
} field;

typedef struct xsrc {
	dzin *in;
	dzerr *err;
	int ioerr;                 /* dzin_read failed (err filled) */
	const strbuf *pre;         /* bytes read ahead for record detection, served first */
	size_t pre_pos;
	gbcheck gb;                /* GB18030 input: where the first bad bytes are */
	const char *display;
	size_t max_field, rowlimit;
	size_t chunk;              /* opts->chunk: at most this many bytes per read (tests) */
	const char *rec_name;      /* record element's local name */
	int rec_depth;             /* its depth, or -1: any depth (opts->record) */
	rowsrc_cb cb;
	void *ctx;
	bool in_rec;
	int depth0;                /* depth of the current record element */
	int open_depth;            /* innermost open element inside the record */
	bool container[MAX_DEPTH]; /* element at this depth holds elements */
	long ordinal;
	strbuf buf;                /* names and values of the record, NUL-separated */
	strbuf text;               /* text of the innermost open element */
	bool text_toolong;
	VEC(field) fields;
	VEC(rowcell) cells, names;
	const char *malformed;
	char malbuf[200];
} xsrc;

static int in_read(void *ctx, char *buf, int len)
{
	xsrc *s = ctx;
	if (s->ioerr)
		return -1;
	if (s->chunk && (size_t)len > s->chunk)
		len = (int)s->chunk;
	ssize_t n;
	if (s->pre_pos < s->pre->len) {      /* the bytes read ahead for detection */
		n = (ssize_t)(s->pre->len - s->pre_pos);
		if (n > len)
			n = len;
		memcpy(buf, s->pre->buf + s->pre_pos, (size_t)n);
		s->pre_pos += (size_t)n;
	} else {
		n = dzin_read(s->in, buf, (size_t)len, s->err);
	}
	if (n < 0) {
		s->ioerr = 1;
		return -1;
	}
	if (s->gb.on) {
		gb_feed(&s->gb, (const unsigned char *)buf, (size_t)n);
		if (n == 0 && s->gb.n && !s->gb.bad_line)
			s->gb.bad_line = s->gb.line;   /* cut inside a character */
	}
	return (int)n;
}

static void rec_malformed(xsrc *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void rec_malformed(xsrc *s, const char *fmt, ...)
{
	if (s->malformed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->malbuf, sizeof s->malbuf, fmt, ap);
	va_end(ap);
	s->malformed = s->malbuf;
}

/* Append one field (name, value) to the record, within the record limit. */
static void field_add(xsrc *s, const char *name, const char *val, size_t vlen, bool toolong)
{
	size_t nlen = strlen(name);
	if (s->buf.len + nlen + vlen + 2 > s->rowlimit) {
		rec_malformed(s, "record longer than %zu bytes", s->rowlimit);
		return;
	}
	if (toolong)
		rec_malformed(s, "field %s longer than %zu bytes", name, s->max_field);
	field f;
	f.name_off = s->buf.len;
	f.name_len = nlen;
	sb_add(&s->buf, name, nlen);
	sb_addc(&s->buf, '\0');
	f.val_off = s->buf.len;
	f.val_len = vlen;
	sb_add(&s->buf, val, vlen);
	sb_addc(&s->buf, '\0');
	VEC_PUSH(s->fields, f);
}

static void record_start(xsrc *s, xmlrd *x, int depth)
{
	s->in_rec = true;
	s->depth0 = depth;
	s->open_depth = depth;
	s->ordinal++;
	sb_reset(&s->buf);
	s->fields.n = 0;
	s->malformed = NULL;
	if (xmlTextReaderMoveToFirstAttribute(x->r) == 1) {
		do {
			if (xmlTextReaderIsNamespaceDecl(x->r) == 1)
				continue;
			const char *v = xmlrd_value(x);
			size_t n = strlen(v);
			bool toolong = n > s->max_field;
			if (toolong) {
				n = s->max_field;
				while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
					n--;
			}
			field_add(s, xmlrd_name(x), v, n, toolong);
		} while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
		xmlTextReaderMoveToElement(x->r);
	}
}

static int record_deliver(xsrc *s)
{
	size_t n = s->fields.n;
	if (s->cells.cap < n) {
		s->cells.v = xrealloc(s->cells.v, n * sizeof *s->cells.v);
		s->names.v = xrealloc(s->names.v, n * sizeof *s->names.v);
		s->cells.cap = s->names.cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		const field *f = &s->fields.v[i];
		s->names.v[i] = (rowcell){ s->buf.buf + f->name_off, f->name_len, 0 };
		s->cells.v[i] = (rowcell){ s->buf.buf + f->val_off, f->val_len, 0 };
	}
	rawrow r = {
		.row = s->ordinal, .ncells = n, .cells = s->cells.v, .names = s->names.v,
		.malformed = s->malformed, .badbytes_elsewhere = false,
	};
	s->in_rec = false;
	return s->cb(s->ctx, &r);
}

static int xml_node(xsrc *s, xmlrd *x)
{
	int type = xmlTextReaderNodeType(x->r);
	int d = xmlTextReaderDepth(x->r);
	switch (type) {
	case XML_READER_TYPE_ELEMENT: {
		const char *name = xmlrd_name(x);
		bool empty = xmlTextReaderIsEmptyElement(x->r) == 1;
		if (!s->in_rec) {
			if (strcmp(name, s->rec_name) || (s->rec_depth >= 0 && d != s->rec_depth))
				return 0;
			record_start(s, x, d);
			return empty ? record_deliver(s) : 0;
		}
		if (d >= MAX_DEPTH)
			return 0;
		if (d - 1 > s->depth0)
			s->container[d - 1] = true;
		s->container[d] = false;
		sb_reset(&s->text);
		s->text_toolong = false;
		if (empty)
			field_add(s, name, "", 0, false);
		else
			s->open_depth = d;
		return 0;
	}
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (s->in_rec && s->open_depth > s->depth0 && s->open_depth < MAX_DEPTH &&
		    !s->container[s->open_depth] && !s->text_toolong) {
			const char *v = xmlrd_value(x);
			size_t n = strlen(v);
			if (s->text.len + n > s->max_field) {
				n = s->max_field - s->text.len;
				while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
					n--;
				s->text_toolong = true;
			}
			sb_add(&s->text, v, n);
		}
		return 0;
	case XML_READER_TYPE_END_ELEMENT:
		if (!s->in_rec)
			return 0;
		if (d == s->depth0)
			return record_deliver(s);
		if (d < MAX_DEPTH && !s->container[d])
			field_add(s, xmlrd_name(x), s->text.buf, s->text.len, s->text_toolong);
		sb_reset(&s->text);
		s->text_toolong = false;
		s->open_depth = d - 1;
		return 0;
	default:
		return 0;
	}
}

int xmlsrc_read(struct dzin *in, const char *display, const rowsrc_opts *opts,
                rowsrc_cb cb, void *ctx, dzerr *err)
{
	if (!display)
		display = dzin_display(in);
	size_t n = 0;
	const unsigned char *p = dzin_peek(in, &n, err);
	if (!p && err && err->status)
		return -1;
	char encbuf[64];
	const char *enc = pick_encoding(p, p ? n : 0, opts ? opts->encoding : NULL,
	                                encbuf, sizeof encbuf);
	/* no declaration (so XML's default, UTF-8) but GBK-shaped bytes: the
	 * export was written by a system that did not say; read it as GB18030 */
	if (!enc && p && n && !has_declaration(p, n)) {
		const char *guess = textenc_detect(p, n, n < 65536);
		if (guess && !textenc_is_utf8(guess))
			enc = map_encoding(guess);
	}
	char recname[NAME_MAX_LEN];
	int recdepth = -1;
	strbuf pre;
	sb_init(&pre);
	if (opts && opts->record && *opts->record) {
		snprintf(recname, sizeof recname, "%s", opts->record);
	} else if (!detect_record(p, p ? n : 0, enc, recname, &recdepth) && p && n >= 65536) {
		/* no element repeated in the peeked bytes of a longer file (a first
		 * record over 64 KiB, e.g. fields as long attributes): read ahead,
		 * doubling, up to XML_LOOKAHEAD_MAX bytes, until one does */
		bool eof = false;
		while (!eof && pre.len < XML_LOOKAHEAD_MAX) {
			size_t want = pre.len ? pre.len : 2 * n;
			sb_grow(&pre, want);
			while (want > 0) {
				ssize_t k = dzin_read(in, pre.buf + pre.len, want, err);
				if (k < 0) {
					sb_release(&pre);
					return -1;
				}
				if (k == 0) {
					eof = true;
					break;
				}
				pre.len += (size_t)k;
				want -= (size_t)k;
			}
			if (detect_record((const unsigned char *)pre.buf, pre.len, enc, recname, &recdepth))
				break;
		}
	}

	xsrc s;
	memset(&s, 0, sizeof s);
	s.in = in;
	s.err = err;
	s.display = display;
	s.max_field = opts && opts->max_field ? opts->max_field : DEFAULT_MAX_FIELD;
	s.rowlimit = s.max_field * ROW_BYTES_FACTOR;
	s.chunk = opts ? opts->chunk : 0;
	s.rec_name = recname;
	s.rec_depth = recdepth;
	s.cb = cb;
	s.ctx = ctx;
	s.pre = &pre;
	s.gb.on = enc && !strcmp(enc, "GB18030");
	s.gb.line = 1;
	sb_init(&s.buf);
	sb_init(&s.text);

	xmlrd x;
	int rc = 0;
	if (xmlrd_open(&x, in_read, &s, enc) < 0) {
		rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': %s", display, x.msg);
	} else {
		for (;;) {
			int r = xmlrd_next(&x);
			if (r == 0)
				break;
			if (r < 0) {
				if (s.ioerr)
					rc = -1;
				else if (s.gb.bad_line)
					rc = dzerr_set(err, DZ_EXIT_DATA,
					               "'%s', line %ld: malformed XML: bytes invalid in GB18030",
					               display, s.gb.bad_line);
				else if (x.line > 0)
					rc = dzerr_set(err, DZ_EXIT_DATA, "'%s', line %d: %s",
					               display, x.line, x.msg);
				else
					rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': %s", display, x.msg);
				break;
			}
			if (recname[0] && (rc = xml_node(&s, &x)) != 0)
				break;
		}
		xmlrd_close(&x);
	}
	sb_release(&s.buf);
	sb_release(&pre);
	sb_release(&s.text);
	VEC_FREE(s.fields);
	free(s.cells.v);
	free(s.names.v);
	return rc;
}
