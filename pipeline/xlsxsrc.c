/*
 * xlsxsrc.c - the rows of one worksheet of an xlsx workbook (rowsrc.h).
 *
 * Input: a path (rowsrc.c spools stdin and gzip'd input to a temporary
 * file first: a zip's directory is at its end).
 * Output: one positional rawrow per <row> of the sheet, numbered by the
 * sheet's row number, cells placed by column letter.
 *
 * Functions in call order:
 *   xlsxsrc_read -> xlsxsrc_read_limited
 *     read_fp          open the zip (minizip over our own stdio ioapi)
 *     read_book        the steps below, each member through parse_member:
 *       find_workbook  _rels/.rels -> the workbook part (xl/workbook.xml)
 *       workbook_node  <sheet name r:id state> list, date1904
 *       rels_node      xl/_rels/workbook.xml.rels -> sheet and shared
 *                      strings part names
 *       sst_node       xl/sharedStrings.xml into an arena
 *       styles_node    xl/styles.xml: which cell styles show a date
 *                      (built-in date formats, custom codes with y m d h s)
 *       workbook_choose  (workbook.c) the sheet: by name, else the first
 *                      visible worksheet whose head holds the kind's key
 *                      column (it reads heads through read_sheet)
 *       read_sheet     the chosen sheet in full:
 *       sheet_node     streams the sheet XML: start_row, start_cell,
 *                      cell_text, finish_cell, deliver_row (-> callback)
 * Every zip member is read through member_read(), which counts the bytes
 * actually inflated and refuses a member past XLSX_MAX_MEMBER bytes or
 * past XLSX_MAX_RATIO times its compressed size (zip bombs; headers are
 * not trusted), and every member's XML goes through xmlrd (libxml2's
 * streaming reader, no entities, no network, no DTD).
 *
 * Cell text (SPEC §4 / rowsrc.h): shared and inline strings (rich text runs
 * concatenated, phonetic runs skipped); numbers as written in the XML
 * ("4.10522E+17", "45473") flagged CELL_NUMERIC (and CELL_DATEFMT when the
 * cell's style shows a date; the 1904 date system is reported in
 * rowsrc_info.date1904 and applied by ingest); booleans "TRUE"/"FALSE"
 * flagged CELL_BOOL; formula cells give their cached <v>; t="str", "e"
 * and "d" give their text.  A cell longer than opts->max_field makes its
 * row malformed (text truncated), as does a bad shared string index.
 *
 * Memory: the shared strings table, compactly (their text plus 4 bytes per
 * string; more than XLSX_MAX_SST_ENTRIES strings or XLSX_MAX_SST_BYTES of
 * text is refused, so at most 64 + 256 MiB) plus one
 * row (at most XLSX_MAX_COLS cells and ROW_BYTES_FACTOR * max_field bytes),
 * plus libxml2's and zlib's fixed buffers.  Independent of the sheet's
 * number of rows.
 */
#include "rowsrc.h"
#include "xlsxsrc.h"
#include "xmlrd.h"
#include "workbook.h"
#include "util.h"
#include <minizip/unzip.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define XLSX_MAX_COLS 16384          /* column XFD */
#define DEFAULT_MAX_FIELD (1u << 20)
#define ROW_BYTES_FACTOR 64          /* a row holds at most 64 * max_field bytes */

static const xlsx_limits default_limits = {
	XLSX_MAX_MEMBER, XLSX_MAX_RATIO, XLSX_RATIO_FLOOR, 0, 0,
};

/* ---------------------------------------------------------------- zip */

typedef struct book {
	unzFile zf;
	const char *display;       /* file name for messages */
	const xlsx_limits *lim;
	size_t max_field;
	size_t chunk;              /* opts->chunk: at most this many bytes per read (tests) */
	dzerr *err;
} book;

typedef struct member {
	book *b;
	const char *name;          /* member path in the zip */
	uint64_t csize;            /* compressed size from the central directory */
	uint64_t inflated;         /* bytes actually inflated so far */
	int failed;                /* b->err filled by member_read */
} member;

/* minizip's file functions over one already-open FILE* (the opaque). */
typedef struct zfile {
	FILE *fp;
	int closed;
} zfile;

static voidpf ZCALLBACK zf_open(voidpf opaque, const void *name, int mode)
{
	(void)name; (void)mode;
	return ((zfile *)opaque)->fp;
}

static uLong ZCALLBACK zf_read(voidpf opaque, voidpf stream, void *buf, uLong n)
{
	(void)opaque;
	return (uLong)fread(buf, 1, n, stream);
}

static uLong ZCALLBACK zf_write(voidpf opaque, voidpf stream, const void *buf, uLong n)
{
	(void)opaque; (void)stream; (void)buf; (void)n;
	return 0;
}

static ZPOS64_T ZCALLBACK zf_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	off_t o = ftello(stream);
	return o < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)o;
}

static long ZCALLBACK zf_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	(void)opaque;
	int whence = origin == ZLIB_FILEFUNC_SEEK_CUR ? SEEK_CUR :
	             origin == ZLIB_FILEFUNC_SEEK_END ? SEEK_END : SEEK_SET;
	return fseeko(stream, (off_t)off, whence) == 0 ? 0 : -1;
}

static int ZCALLBACK zf_close(voidpf opaque, voidpf stream)
{
	zfile *z = opaque;
	z->closed = 1;
	return fclose(stream);
}

static int ZCALLBACK zf_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ferror(stream);
}

/* Position on member `name`, also when the zip names it with '\' (some
 * Java libraries write "xl\workbook.xml") or in another letter case. */
static bool member_locate(book *b, const char *name)
{
	if (unzLocateFile(b->zf, name, 1) == UNZ_OK)
		return true;
	char buf[1024];
	for (int rc = unzGoToFirstFile(b->zf); rc == UNZ_OK; rc = unzGoToNextFile(b->zf)) {
		if (unzGetCurrentFileInfo64(b->zf, NULL, buf, sizeof buf, NULL, 0, NULL, 0) != UNZ_OK)
			break;
		const char *p = buf;
		while (*p == '/' || *p == '\\')
			p++;
		size_t i;
		for (i = 0; p[i] && name[i]; i++) {
			char c = p[i] == '\\' ? '/' : p[i];
			char d = name[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (d >= 'A' && d <= 'Z')
				d = (char)(d - 'A' + 'a');
			if (c != d)
				break;
		}
		if (!p[i] && !name[i])
			return true;
	}
	return false;
}

/* Position on a member: 0 found, 1 absent, -1 error (err filled). */
static int member_open(book *b, const char *name, member *m)
{
	memset(m, 0, sizeof *m);
	m->b = b;
	m->name = name;
	if (!member_locate(b, name))
		return 1;
	unz_file_info64 fi;
	if (unzGetCurrentFileInfo64(b->zf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
		return dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: corrupt zip directory entry",
		                 b->display, name);
	if (fi.flag & 1)
		return dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: zip member is encrypted",
		                 b->display, name);
	if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
		return dzerr_set(b->err, DZ_EXIT_DATA,
		                 "'%s': %s: zip compression method %lu is not supported",
		                 b->display, name, (unsigned long)fi.compression_method);
	int rc = unzOpenCurrentFile(b->zf);
	if (rc != UNZ_OK)
		return dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: corrupt zip member (error %d)",
		                 b->display, name, rc);
	m->csize = fi.compressed_size;
	return 0;
}

/* xmlrd read callback: inflate, counting every byte actually produced. */
static int member_read(void *ctx, char *buf, int len)
{
	member *m = ctx;
	book *b = m->b;
	if (m->failed)
		return -1;
	if (b->chunk && (size_t)len > b->chunk)
		len = (int)b->chunk;
	int n = unzReadCurrentFile(b->zf, buf, (unsigned)len);
	if (n < 0) {
		m->failed = 1;
		dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: corrupt zip member (%s)", b->display,
		          m->name, n == Z_DATA_ERROR ? "invalid deflate data" :
		          n == UNZ_ERRNO ? "read error" : "truncated or damaged");
		return -1;
	}
	m->inflated += (uint64_t)n;
	uint64_t csize = m->csize ? m->csize : 1;
	if (m->inflated > b->lim->max_member) {
		m->failed = 1;
		dzerr_set(b->err, DZ_EXIT_DATA,
		          "'%s': %s: zip member inflates to more than %llu bytes (zip bomb?); refused",
		          b->display, m->name, (unsigned long long)b->lim->max_member);
		return -1;
	}
	if (m->inflated > b->lim->ratio_floor && m->inflated / csize > b->lim->max_ratio) {
		m->failed = 1;
		dzerr_set(b->err, DZ_EXIT_DATA,
		          "'%s': %s: zip member compression ratio over %llu:1 (zip bomb?); refused",
		          b->display, m->name, (unsigned long long)b->lim->max_ratio);
		return -1;
	}
	return n;
}

/* Read the rest of a member (so its CRC gets checked). */
static int member_drain(member *m)
{
	char buf[16384];
	int n;
	while ((n = member_read(m, buf, sizeof buf)) > 0)
		;
	return n;
}

/* Close a member; a CRC mismatch is an error unless one is already set. */
static int member_close(member *m, int had_error)
{
	int rc = unzCloseCurrentFile(m->b->zf);
	if (rc == UNZ_CRCERROR && !had_error)
		return dzerr_set(m->b->err, DZ_EXIT_DATA, "'%s': %s: corrupt zip member (CRC mismatch)",
		                 m->b->display, m->name);
	return 0;
}

/* Node handler: 0 continue, nonzero stop (returned by parse_member). */
typedef int (*node_fn)(void *st, xmlrd *x);

/*
 * Stream one member's XML through fn.  Returns 0 at the end of the
 * document (the member drained and its CRC checked), 1 if the member is
 * absent (only when absent_ok), -1 on error (err filled), or fn's nonzero
 * value.
 */
static int parse_member(book *b, const char *name, int absent_ok, node_fn fn, void *st)
{
	member m;
	int rc = member_open(b, name, &m);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (absent_ok)
			return 1;
		return dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s is missing from the zip (not an xlsx workbook?)",
		                 b->display, name);
	}
	xmlrd x;
	int ret = 0, err = 0;
	if (xmlrd_open(&x, member_read, &m, NULL) < 0) {
		dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: %s", b->display, name, x.msg);
		err = 1;
		ret = -1;
	}
	while (!err) {
		int r = xmlrd_next(&x);
		if (r == 0)
			break;
		if (r < 0) {
			if (!m.failed) {
				if (x.line > 0)
					dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s, line %d: %s",
					          b->display, name, x.line, x.msg);
				else
					dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: %s",
					          b->display, name, x.msg);
			}
			err = 1;
			ret = -1;
			break;
		}
		ret = fn(st, &x);
		if (ret)
			break;
	}
	xmlrd_close(&x);
	if (!err && ret == 0 && member_drain(&m) < 0) {
		err = 1;
		ret = -1;
	}
	if (member_close(&m, err || ret) < 0 && ret == 0)
		ret = -1;
	return ret;
}

/* ------------------------------------------------------ package parts */

typedef struct rel {
	char *id, *type, *target;
} rel;

typedef struct rels {
	VEC(rel) v;
	const char *base;   /* folder the targets are relative to, e.g. "xl/" */
} rels;

static void rels_release(rels *r)
{
	for (size_t i = 0; i < r->v.n; i++) {
		free(r->v.v[i].id);
		free(r->v.v[i].type);
		free(r->v.v[i].target);
	}
	VEC_FREE(r->v);
}

static char *attr_dup(xmlrd *x, const char *name)
{
	char buf[1024];
	if (!xmlrd_attr(x, name, buf, sizeof buf))
		return NULL;
	return xstrdup(buf);
}

static int rels_node(void *st, xmlrd *x)
{
	rels *r = st;
	if (xmlTextReaderNodeType(x->r) != XML_READER_TYPE_ELEMENT ||
	    strcmp(xmlrd_name(x), "Relationship"))
		return 0;
	char mode[32];
	if (xmlrd_attr(x, "TargetMode", mode, sizeof mode) && !strcasecmp(mode, "External"))
		return 0;
	rel e = { attr_dup(x, "Id"), attr_dup(x, "Type"), attr_dup(x, "Target") };
	if (!e.id || !e.type || !e.target) {
		free(e.id);
		free(e.type);
		free(e.target);
		return 0;
	}
	VEC_PUSH(r->v, e);
	return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* Resolve a relationship target against base ("xl/") into out: an absolute
 * target drops its '/', "../" and "./" segments are folded. */
static void resolve_target(strbuf *out, const char *base, const char *target)
{
	sb_reset(out);
	if (target[0] != '/')
		sb_adds(out, base);
	else
		target++;
	sb_adds(out, target);
	/* fold segments in place */
	char *s = out->buf;
	size_t n = 0;
	char *p = s;
	while (*p) {
		char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* skip */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && s[n - 1] == '/')
				n--;
			while (n > 0 && s[n - 1] != '/')
				n--;
		} else {
			if (n > 0 && s[n - 1] != '/')
				s[n++] = '/';
			memmove(s + n, p, len);
			n += len;
		}
		if (!e)
			break;
		p = e + 1;
	}
	while (n > 0 && s[n - 1] == '/')
		n--;
	s[n] = '\0';
	out->len = n;
}

/* Find the workbook part from the package relationships. */
static int find_workbook(book *b, strbuf *wbpath)
{
	rels r = { .base = "" };
	int rc = parse_member(b, "_rels/.rels", 1, rels_node, &r);
	if (rc < 0) {
		rels_release(&r);
		return -1;
	}
	sb_reset(wbpath);
	for (size_t i = 0; i < r.v.n; i++)
		if (ends_with(r.v.v[i].type, "/officeDocument")) {
			resolve_target(wbpath, "", r.v.v[i].target);
			break;
		}
	if (!wbpath->len)
		sb_adds(wbpath, "xl/workbook.xml");
	rels_release(&r);
	return 0;
}

typedef struct sheetent {
	char *name;
	char *rid;
	bool hidden;
} sheetent;

typedef struct workbook {
	VEC(sheetent) sheets;
	bool date1904;
	bool in_sheets;
} workbook;

static void workbook_release(workbook *w)
{
	for (size_t i = 0; i < w->sheets.n; i++) {
		free(w->sheets.v[i].name);
		free(w->sheets.v[i].rid);
	}
	VEC_FREE(w->sheets);
}

static int workbook_node(void *st, xmlrd *x)
{
	workbook *w = st;
	int type = xmlTextReaderNodeType(x->r);
	const char *name = xmlrd_name(x);
	if (type == XML_READER_TYPE_END_ELEMENT && !strcmp(name, "sheets"))
		w->in_sheets = false;
	if (type != XML_READER_TYPE_ELEMENT)
		return 0;
	if (!strcmp(name, "workbookPr")) {
		char v[16];
		if (xmlrd_attr(x, "date1904", v, sizeof v) && (!strcmp(v, "1") || !strcmp(v, "true")))
			w->date1904 = true;
	} else if (!strcmp(name, "sheets")) {
		w->in_sheets = !xmlTextReaderIsEmptyElement(x->r);
	} else if (w->in_sheets && !strcmp(name, "sheet")) {
		char state[32];
		sheetent e = { attr_dup(x, "name"), attr_dup(x, "id"), false };
		if (xmlrd_attr(x, "state", state, sizeof state) && strcmp(state, "visible"))
			e.hidden = true;
		if (!e.name)
			e.name = xstrdup("");
		if (!e.rid)
			e.rid = xstrdup("");
		VEC_PUSH(w->sheets, e);
	}
	return 0;
}

static const rel *rel_by_id(const rels *r, const char *id)
{
	for (size_t i = 0; i < r->v.n; i++)
		if (!strcmp(r->v.v[i].id, id))
			return &r->v.v[i];
	return NULL;
}

/* ------------------------------------------------------------ styles */

/* Which cell formats (cellXfs entries) show a number as a date or time. */
typedef struct styles {
	VEC(bool) xf_date;      /* per cellXfs index */
	VEC(int) custom_date;   /* numFmtId of custom formats that are dates */
	bool in_xfs, in_fmts;
} styles;

/* Built-in number formats that are dates or times (ECMA-376 18.8.30 and the
 * CJK locale formats 27-36, 50-58). */
static bool builtin_date(int id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* A format code showing a date or time: y m d h s outside quoted text,
 * [..] sections and \-escaped characters. */
static bool code_is_date(const char *c)
{
	for (; *c; c++) {
		if (*c == '"') {
			while (c[1] && c[1] != '"')
				c++;
			if (c[1])
				c++;
		} else if (*c == '[') {
			while (c[1] && c[1] != ']')
				c++;
			if (c[1])
				c++;
		} else if (*c == '\\' || *c == '_' || *c == '*') {
			if (c[1])
				c++;
		} else if (strchr("ymdhsYMDHS", *c)) {
			return true;
		}
	}
	return false;
}

static int styles_node(void *st, xmlrd *x)
{
	styles *y = st;
	int type = xmlTextReaderNodeType(x->r);
	const char *name = xmlrd_name(x);
	if (type == XML_READER_TYPE_END_ELEMENT) {
		if (!strcmp(name, "cellXfs"))
			y->in_xfs = false;
		else if (!strcmp(name, "numFmts"))
			y->in_fmts = false;
		return 0;
	}
	if (type != XML_READER_TYPE_ELEMENT)
		return 0;
	bool empty = xmlTextReaderIsEmptyElement(x->r) == 1;
	char buf[256];
	if (!strcmp(name, "numFmts")) {
		y->in_fmts = !empty;
	} else if (!strcmp(name, "cellXfs")) {
		y->in_xfs = !empty;
	} else if (y->in_fmts && !strcmp(name, "numFmt")) {
		char code[512];
		if (xmlrd_attr(x, "numFmtId", buf, sizeof buf) &&
		    xmlrd_attr(x, "formatCode", code, sizeof code) && code_is_date(code))
			VEC_PUSH(y->custom_date, atoi(buf));
	} else if (y->in_xfs && !strcmp(name, "xf")) {
		int id = xmlrd_attr(x, "numFmtId", buf, sizeof buf) ? atoi(buf) : 0;
		bool date = builtin_date(id);
		for (size_t i = 0; i < y->custom_date.n && !date; i++)
			date = y->custom_date.v[i] == id;
		VEC_PUSH(y->xf_date, date);
	}
	return 0;
}

/* ----------------------------------------------------- shared strings */

/* Shared strings, compactly: every string NUL-terminated one after the
 * other in text; off[i] where string i starts (bit 31: it was cut to
 * max_field), off[n] = text.len.  4 bytes per entry beside the text. */
#define SST_TOOLONG 0x80000000u

typedef struct sst {
	strbuf text;        /* the strings, each followed by NUL */
	VEC(uint32_t) off;  /* start of each string (| SST_TOOLONG), then the end */
	size_t n;           /* strings */
	strbuf cur;         /* the <si> being read */
	size_t max_field;
	uint64_t max_entries, max_bytes; /* refuse a table past these */
	int over;           /* a cap was passed (refused) */
	bool in_si, in_t, in_rph, toolong;
} sst;

static void sst_release(sst *t)
{
	sb_release(&t->text);
	VEC_FREE(t->off);
	sb_release(&t->cur);
}

static const char *sst_get(const sst *t, size_t i, uint32_t *n, bool *toolong)
{
	uint32_t a = t->off.v[i] & ~SST_TOOLONG, b = t->off.v[i + 1] & ~SST_TOOLONG;
	*n = b - a - 1;
	*toolong = (t->off.v[i] & SST_TOOLONG) != 0;
	return t->text.buf + a;
}

/* Append text to sb, keeping at most limit bytes (cut at a UTF-8 char
 * boundary); returns false when something was cut. */
static bool add_limited(strbuf *sb, size_t start, const char *s, size_t limit)
{
	size_t n = strlen(s);
	size_t have = sb->len - start;
	bool ok = true;
	if (have + n > limit) {
		n = limit > have ? limit - have : 0;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		ok = false;
	}
	sb_add(sb, s, n);
	return ok;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The code unit of an "_xHHHH_" escape at s (n bytes left), or -1. */
static long x_escape(const char *s, size_t n)
{
	if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
		return -1;
	long v = 0;
	for (int i = 2; i < 6; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Decode the _xHHHH_ escapes of OOXML text (ECMA-376 22.9.2.19) in place:
 * _x000D_ is a CR (trimmed like any value later), _x005F_ an underscore;
 * a surrogate pair gives its character, a lone surrogate U+FFFD; control
 * characters are left to ingest (DQ09).  Returns the new length. */
static size_t x_unescape(char *s, size_t n)
{
	if (!memchr(s, '_', n))
		return n;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		long v = x_escape(s + i, n - i);
		if (v < 0) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		unsigned long cp = (unsigned long)v;
		if (v >= 0xD800 && v <= 0xDBFF) {
			long lo = x_escape(s + i, n - i);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + (((unsigned long)v - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
				i += 7;
			} else {
				cp = 0xFFFD;
			}
		} else if (v >= 0xDC00 && v <= 0xDFFF) {
			cp = 0xFFFD;
		}
		/* the UTF-8 form (at most 4 bytes) is shorter than the escape(s) */
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | cp >> 6);
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			s[o++] = (char)(0xE0 | cp >> 12);
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xF0 | cp >> 18);
			s[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	s[o] = '\0';
	return o;
}

static void sst_push(sst *t)
{
	if (t->cur.len)
		t->cur.len = x_unescape(t->cur.buf, t->cur.len);
	if (t->n + 1 > t->max_entries || t->text.len + t->cur.len + 1 > t->max_bytes) {
		t->over = 1;
		return;
	}
	uint32_t o = (uint32_t)t->text.len | (t->toolong ? SST_TOOLONG : 0);
	VEC_PUSH(t->off, o);
	sb_add(&t->text, t->cur.buf, t->cur.len);
	sb_addc(&t->text, '\0');
	t->n++;
	sb_reset(&t->cur);
	t->toolong = false;
}

static int sst_node(void *st, xmlrd *x)
{
	sst *t = st;
	if (t->over)
		return 1;             /* refused: stop reading the table */
	int type = xmlTextReaderNodeType(x->r);
	switch (type) {
	case XML_READER_TYPE_ELEMENT: {
		const char *name = xmlrd_name(x);
		bool empty = xmlTextReaderIsEmptyElement(x->r) == 1;
		if (!strcmp(name, "si")) {
			sb_reset(&t->cur);
			t->toolong = false;
			t->in_si = !empty;
			t->in_t = t->in_rph = false;
			if (empty)
				sst_push(t);
		} else if (t->in_si && !strcmp(name, "rPh")) {
			t->in_rph = !empty;
		} else if (t->in_si && !t->in_rph && !strcmp(name, "t")) {
			t->in_t = !empty;
		}
		break;
	}
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (t->in_t && !add_limited(&t->cur, 0, xmlrd_value(x), t->max_field))
			t->toolong = true;
		break;
	case XML_READER_TYPE_END_ELEMENT: {
		const char *name = xmlrd_name(x);
		if (!strcmp(name, "t"))
			t->in_t = false;
		else if (!strcmp(name, "rPh"))
			t->in_rph = false;
		else if (!strcmp(name, "si") && t->in_si) {
			t->in_si = false;
			sst_push(t);
		}
		break;
	}
	default:
		break;
	}
	return 0;
}

/* --------------------------------------------------------- the sheet */

typedef struct cellent {
	uint32_t col;       /* 1-based */
	unsigned flags;     /* CELL_* */
	size_t off;         /* text at rowtext.buf + off, unless ext */
	size_t n;
	const char *ext;    /* shared string, or NULL */
} cellent;

typedef struct sheet {
	book *b;
	const sst *sst;
	const styles *sty;  /* date formats of the cell styles */
	rowsrc_cb cb;
	void *ctx;
	bool in_data, in_row, in_cell, in_is, in_rph, collect;
	long rownum, lastrow;
	uint32_t col, lastcol;
	char ctype[16];     /* t attribute of the current cell */
	bool datefmt;       /* the current cell's style shows a date */
	size_t celloff;     /* where the current cell's text starts in rowtext */
	bool celltoolong;
	strbuf rowtext;
	size_t rowlimit;
	VEC(cellent) cells;
	VEC(rowcell) out;
	const char *malformed;
	char malbuf[160];
	int stopped;        /* nonzero value returned by the callback */
} sheet;

static void col_name(uint32_t col, char out[8])
{
	char tmp[8];
	int n = 0;
	while (col > 0 && n < 7) {
		col--;
		tmp[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void row_malformed(sheet *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void row_malformed(sheet *s, const char *fmt, ...)
{
	if (s->malformed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->malbuf, sizeof s->malbuf, fmt, ap);
	va_end(ap);
	s->malformed = s->malbuf;
}

/* "AB12" -> 28; 0 when there are no letters or the column is past XFD. */
static uint32_t parse_col(const char *ref)
{
	uint32_t col = 0;
	for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
		col = col * 26 + (uint32_t)(*ref - 'A' + 1);
		if (col > XLSX_MAX_COLS)
			return UINT32_MAX;
	}
	return col;
}

static void start_row(sheet *s, xmlrd *x)
{
	char buf[32];
	long r = 0;
	if (xmlrd_attr(x, "r", buf, sizeof buf)) {
		char *end;
		errno = 0;
		r = strtol(buf, &end, 10);
		if (errno || end == buf || *end || r < 1)
			r = 0;
	}
	s->rownum = r ? r : s->lastrow + 1;
	s->lastrow = s->rownum;
	s->lastcol = 0;
	s->malformed = NULL;
	sb_reset(&s->rowtext);
	s->cells.n = 0;
}

static void start_cell(sheet *s, xmlrd *x)
{
	char ref[32];
	uint32_t col = 0;
	if (xmlrd_attr(x, "r", ref, sizeof ref))
		col = parse_col(ref);
	if (col == 0)
		col = s->lastcol >= XLSX_MAX_COLS ? UINT32_MAX : s->lastcol + 1;
	s->col = col;
	if (col != UINT32_MAX)
		s->lastcol = col;
	if (!xmlrd_attr(x, "t", s->ctype, sizeof s->ctype))
		s->ctype[0] = '\0';
	char st[16];
	s->datefmt = false;
	if (s->sty && xmlrd_attr(x, "s", st, sizeof st)) {
		long k = atol(st);
		s->datefmt = k >= 0 && (size_t)k < s->sty->xf_date.n && s->sty->xf_date.v[k];
	}
	s->celloff = s->rowtext.len;
	s->celltoolong = false;
	s->in_is = s->in_rph = s->collect = false;
}

static void truncate_text(sheet *s, size_t len)
{
	s->rowtext.len = len;
	if (s->rowtext.cap)
		s->rowtext.buf[len] = '\0';
}

static void cell_text(sheet *s, const char *text)
{
	size_t limit = s->b->max_field;
	if (s->rowtext.len + strlen(text) > s->rowlimit) {
		row_malformed(s, "row %ld longer than %zu bytes", s->rownum, s->rowlimit);
		return;
	}
	if (!add_limited(&s->rowtext, s->celloff, text, limit))
		s->celltoolong = true;
}

static void finish_cell(sheet *s)
{
	cellent e = { s->col, 0, s->celloff, s->rowtext.len - s->celloff, NULL };
	const char *t = s->ctype;
	char cn[8];
	col_name(s->col, cn);
	if (s->col == UINT32_MAX) {
		row_malformed(s, "row %ld: cell reference past column XFD", s->rownum);
		truncate_text(s, s->celloff);
		return;
	}
	if (!strcmp(t, "s")) {
		const char *p = s->rowtext.buf + s->celloff;
		char *end;
		errno = 0;
		unsigned long long i = strtoull(p, &end, 10);
		bool bad = errno || end == p || (*end && *end != ' ') || i >= s->sst->n;
		if (bad && e.n)
			row_malformed(s, "cell %s%ld: shared string index '%.20s' out of range",
			              cn, s->rownum, p);
		truncate_text(s, s->celloff);
		if (bad || e.n == 0)
			return;
		uint32_t len;
		bool toolong;
		e.ext = sst_get(s->sst, i, &len, &toolong);
		e.n = len;
		e.off = 0;
		if (toolong)
			s->celltoolong = true;
	} else if (!strcmp(t, "b")) {
		const char *p = s->rowtext.buf + s->celloff;
		const char *v = NULL;
		if (!strcmp(p, "1") || !strcasecmp(p, "true"))
			v = "TRUE";
		else if (!strcmp(p, "0") || !strcasecmp(p, "false"))
			v = "FALSE";
		if (v) {
			truncate_text(s, s->celloff);
			sb_adds(&s->rowtext, v);
			e.n = strlen(v);
		}
		if (e.n)
			e.flags = CELL_BOOL;
	} else if (!t[0] || !strcmp(t, "n")) {
		if (e.n)
			e.flags = CELL_NUMERIC | (s->datefmt ? CELL_DATEFMT : 0);
	}
	/* "inlineStr", "str" (formula text), "e" (error), "d" (ISO date): text */
	if (!e.ext && (!strcmp(t, "inlineStr") || !strcmp(t, "str")) && e.n) {
		e.n = x_unescape(s->rowtext.buf + s->celloff, e.n);
		s->rowtext.len = s->celloff + e.n;
	}
	if (s->celltoolong)
		row_malformed(s, "cell %s%ld longer than %zu bytes", cn, s->rownum, s->b->max_field);
	if (e.n == 0) {
		truncate_text(s, s->celloff);
		return;
	}
	if (!e.ext)
		sb_addc(&s->rowtext, '\0');
	VEC_PUSH(s->cells, e);
}

static int deliver_row(sheet *s)
{
	uint32_t ncols = 0;
	for (size_t i = 0; i < s->cells.n; i++)
		if (s->cells.v[i].col > ncols)
			ncols = s->cells.v[i].col;
	if (s->out.cap < ncols) {
		s->out.v = xrealloc(s->out.v, ncols * sizeof *s->out.v);
		s->out.cap = ncols;
	}
	for (uint32_t i = 0; i < ncols; i++)
		s->out.v[i] = (rowcell){ "", 0, 0 };
	for (size_t i = 0; i < s->cells.n; i++) {
		const cellent *e = &s->cells.v[i];
		const char *p = e->ext ? e->ext : s->rowtext.buf + e->off;
		s->out.v[e->col - 1] = (rowcell){ p, e->n, e->flags };
	}
	rawrow r = {
		.row = s->rownum, .ncells = ncols, .cells = s->out.v, .names = NULL,
		.malformed = s->malformed, .badbytes_elsewhere = false,
	};
	s->in_row = false;
	int rc = s->cb(s->ctx, &r);
	sb_reset(&s->rowtext);
	s->cells.n = 0;
	s->malformed = NULL;
	if (rc)
		s->stopped = rc;
	return rc;
}

static int sheet_node(void *st, xmlrd *x)
{
	sheet *s = st;
	int type = xmlTextReaderNodeType(x->r);
	if (type == XML_READER_TYPE_ELEMENT) {
		const char *name = xmlrd_name(x);
		bool empty = xmlTextReaderIsEmptyElement(x->r) == 1;
		if (!s->in_data) {
			if (!strcmp(name, "sheetData"))
				s->in_data = !empty;
		} else if (!s->in_row) {
			if (!strcmp(name, "row")) {
				start_row(s, x);
				s->in_row = true;
				if (empty)
					return deliver_row(s);
			}
		} else if (!s->in_cell) {
			if (!strcmp(name, "c")) {
				start_cell(s, x);
				if (empty)
					finish_cell(s);
				else
					s->in_cell = true;
			}
		} else if (!strcmp(name, "v")) {
			s->collect = !empty && strcmp(s->ctype, "inlineStr") != 0;
		} else if (!strcmp(name, "is")) {
			s->in_is = !empty;
		} else if (s->in_is && !strcmp(name, "rPh")) {
			s->in_rph = !empty;
		} else if (s->in_is && !s->in_rph && !strcmp(name, "t")) {
			s->collect = !empty;
		}
		return 0;
	}
	switch (type) {
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (s->collect)
			cell_text(s, xmlrd_value(x));
		break;
	case XML_READER_TYPE_END_ELEMENT: {
		const char *name = xmlrd_name(x);
		if (!strcmp(name, "v") || !strcmp(name, "t"))
			s->collect = false;
		else if (!strcmp(name, "rPh"))
			s->in_rph = false;
		else if (!strcmp(name, "is"))
			s->in_is = false;
		else if (!strcmp(name, "c") && s->in_cell) {
			s->in_cell = s->collect = false;
			finish_cell(s);
		} else if (!strcmp(name, "row") && s->in_row)
			return deliver_row(s);
		else if (!strcmp(name, "sheetData"))
			s->in_data = false;
		break;
	}
	default:
		break;
	}
	return 0;
}

/* ------------------------------------------------------------ driver */

/* What workbook_choose() reads a sheet's head through. */
typedef struct bookview {
	book *b;
	const workbook *w;
	const rels *r;
	const sst *t;
	const styles *sty;
	strbuf part;
} bookview;

/* The part of sheet idx; false when it has none or is not a worksheet. */
static bool sheet_part(bookview *v, size_t idx, strbuf *part)
{
	const rel *e = rel_by_id(v->r, v->w->sheets.v[idx].rid);
	if (!e || !ends_with(e->type, "/worksheet"))
		return false;
	resolve_target(part, v->r->base, e->target);
	return true;
}

/* Stream one sheet's rows to cb (wb_read_fn and the final read). */
static int read_sheet(void *cctx, size_t idx, rowsrc_cb cb, void *ctx, dzerr *err)
{
	bookview *v = cctx;
	book *b = v->b;
	(void)err;   /* b->err is the caller's err */
	if (!sheet_part(v, idx, &v->part))
		return dzerr_set(b->err, DZ_EXIT_DATA, "'%s': sheet '%s' has no worksheet part",
		                 b->display, v->w->sheets.v[idx].name);
	sheet s = { 0 };
	sb_init(&s.rowtext);
	s.b = b;
	s.sst = v->t;
	s.sty = v->sty;
	s.cb = cb;
	s.ctx = ctx;
	s.rowlimit = b->max_field * ROW_BYTES_FACTOR;
	int rc = parse_member(b, v->part.buf, 0, sheet_node, &s);
	if (rc != 0 && s.stopped)
		rc = s.stopped;
	sb_release(&s.rowtext);
	VEC_FREE(s.cells);
	VEC_FREE(s.out);
	return rc;
}

static int read_book(book *b, const rowsrc_opts *opts, rowsrc_cb cb, void *ctx,
                     rowsrc_info *info)
{
	strbuf wbpath, relpath;
	sb_init(&wbpath);
	sb_init(&relpath);
	workbook w = { 0 };
	rels r = { 0 };
	sst t = { 0 };
	sb_init(&t.text);
	sb_init(&t.cur);
	t.max_field = b->max_field;
	t.max_entries = b->lim->max_sst_entries ? b->lim->max_sst_entries : XLSX_MAX_SST_ENTRIES;
	t.max_bytes = b->lim->max_sst_bytes ? b->lim->max_sst_bytes : XLSX_MAX_SST_BYTES;
	styles sty = { 0 };
	bookview view = { b, &w, &r, &t, &sty, { 0 } };
	sb_init(&view.part);
	VEC(wb_sheet) list = { 0 };
	int rc = find_workbook(b, &wbpath);
	if (rc < 0)
		goto out;
	/* workbooks dz recognizes but does not read (SPEC §4) */
	if (ends_with(wbpath.buf, ".bin") || member_locate(b, "xl/workbook.bin")) {
		rc = dzerr_set(b->err, DZ_EXIT_DATA, "'%s': an Excel binary workbook (.xlsb), which dz "
		               "does not read; save it as .xlsx (Excel: 另存为 Excel 工作簿)", b->display);
		goto out;
	}
	rc = parse_member(b, wbpath.buf, 1, workbook_node, &w);
	if (rc == 1 && (member_locate(b, "mimetype") || member_locate(b, "content.xml")))
		rc = dzerr_set(b->err, DZ_EXIT_DATA, "'%s': an OpenDocument spreadsheet (.ods), which dz "
		               "does not read; save it as .xlsx (LibreOffice/WPS: 另存为 Excel 2007-365)",
		               b->display);
	else if (rc == 1)
		rc = dzerr_set(b->err, DZ_EXIT_DATA, "'%s': a zip file that is not an Excel workbook "
		               "(no %s in it); give the department's .xlsx, .xls or CSV export",
		               b->display, wbpath.buf);
	if (rc < 0)
		goto out;
	if (info)
		info->date1904 = w.date1904;   /* serial dates count from 1904 (ingest) */
	/* relationships of the workbook part: <dir>/_rels/<name>.rels */
	const char *slash = strrchr(wbpath.buf, '/');
	size_t dirlen = slash ? (size_t)(slash - wbpath.buf + 1) : 0;
	sb_add(&relpath, wbpath.buf, dirlen);
	sb_adds(&relpath, "_rels/");
	sb_adds(&relpath, wbpath.buf + dirlen);
	sb_adds(&relpath, ".rels");
	char *base = xmemdup0(wbpath.buf, dirlen);
	r.base = base;
	rc = parse_member(b, relpath.buf, 0, rels_node, &r);
	if (rc == 0) {
		const rel *sr = NULL;
		for (size_t i = 0; i < r.v.n && !sr; i++)
			if (ends_with(r.v.v[i].type, "/sharedStrings"))
				sr = &r.v.v[i];
		strbuf sstpath;
		sb_init(&sstpath);
		if (sr)
			resolve_target(&sstpath, base, sr->target);
		else
			sb_addf(&sstpath, "%ssharedStrings.xml", base);
		rc = parse_member(b, sstpath.buf, 1, sst_node, &t);
		if (rc == 1)
			rc = 0;
		if (rc == 0 && t.over)
			rc = dzerr_set(b->err, DZ_EXIT_DATA, "'%s': %s: more than %llu shared strings or "
			               "%llu MiB of their text; refused (save the sheet as CSV)",
			               b->display, sstpath.buf, (unsigned long long)t.max_entries,
			               (unsigned long long)(t.max_bytes >> 20));
		VEC_PUSH(t.off, (uint32_t)t.text.len);   /* the end of the last string */
		sr = NULL;
		for (size_t i = 0; i < r.v.n && !sr; i++)
			if (ends_with(r.v.v[i].type, "/styles"))
				sr = &r.v.v[i];
		if (rc == 0 && sr) {
			resolve_target(&sstpath, base, sr->target);
			rc = parse_member(b, sstpath.buf, 1, styles_node, &sty);
			if (rc == 1)
				rc = 0;
		}
		sb_release(&sstpath);
	}
	if (rc < 0)
		goto out_base;
	for (size_t i = 0; i < w.sheets.n; i++) {
		wb_sheet e = { w.sheets.v[i].name, w.sheets.v[i].hidden,
		               sheet_part(&view, i, &view.part) };
		VEC_PUSH(list, e);
	}
	wb_choice ch;
	rc = workbook_choose(b->display, list.v, list.n, opts, read_sheet, &view, &ch, b->err);
	if (rc == 0) {
		if (info)
			snprintf(info->sheet, sizeof info->sheet, "%s", ch.note);
		rc = read_sheet(&view, ch.idx, cb, ctx, b->err);
	}
out_base:
	free(base);
out:
	sb_release(&wbpath);
	sb_release(&relpath);
	sb_release(&view.part);
	VEC_FREE(list);
	VEC_FREE(sty.xf_date);
	VEC_FREE(sty.custom_date);
	workbook_release(&w);
	rels_release(&r);
	sst_release(&t);
	return rc;
}

/* Read a workbook from an open FILE* (closed here). */
static int read_fp(FILE *fp, const char *display, const rowsrc_opts *opts,
                   const xlsx_limits *lim, rowsrc_cb cb, void *ctx, rowsrc_info *info,
                   dzerr *err)
{
	zfile z = { fp, 0 };
	zlib_filefunc64_def ff = {
		.zopen64_file = zf_open, .zread_file = zf_read, .zwrite_file = zf_write,
		.ztell64_file = zf_tell, .zseek64_file = zf_seek, .zclose_file = zf_close,
		.zerror_file = zf_error, .opaque = &z,
	};
	book b = { NULL, display, lim, DEFAULT_MAX_FIELD, 0, err };
	if (opts && opts->max_field)
		b.max_field = opts->max_field;
	if (opts)
		b.chunk = opts->chunk;
	if (b.max_field > UINT32_MAX / ROW_BYTES_FACTOR)
		b.max_field = UINT32_MAX / ROW_BYTES_FACTOR;
	b.zf = unzOpen2_64(display, &ff);
	if (!b.zf) {
		if (!z.closed)
			fclose(fp);
		return dzerr_set(err, DZ_EXIT_DATA,
		                 "'%s': not a readable xlsx file: the zip container is corrupt or truncated",
		                 display);
	}
	int rc = read_book(&b, opts, cb, ctx, info);
	unzClose(b.zf);
	return rc;
}

int xlsxsrc_read_limited(const char *path, const char *display, const rowsrc_opts *opts,
                         const xlsx_limits *lim, rowsrc_cb cb, void *ctx, rowsrc_info *info,
                         dzerr *err)
{
	if (!display)
		display = path;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': cannot open: %s", display, strerror(errno));
	struct stat st0, st1;
	bool watch = fstat(fileno(fp), &st0) == 0 && S_ISREG(st0.st_mode);
	int rc = read_fp(fp, display, opts, lim ? lim : &default_limits, cb, ctx, info, err);
	/* the workbook still the one opened, as it was (not written meanwhile) */
	if (rc == 0 && watch &&
	    (stat(path, &st1) != 0 || st1.st_size != st0.st_size || st1.st_ino != st0.st_ino ||
	     st1.st_mtim.tv_sec != st0.st_mtim.tv_sec || st1.st_mtim.tv_nsec != st0.st_mtim.tv_nsec))
		rc = dzerr_set(err, DZ_EXIT_DATA, "'%s': the file changed during the run (its size, "
		               "time or identity differ between the start and the end of reading; still "
		               "being written or copied?); run again once it is complete", display);
	return rc;
}

int xlsxsrc_read(const char *path, const char *display, const rowsrc_opts *opts,
                 rowsrc_cb cb, void *ctx, rowsrc_info *info, dzerr *err)
{
	return xlsxsrc_read_limited(path, display, opts, &default_limits, cb, ctx, info, err);
}
