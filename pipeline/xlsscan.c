/*
 * xlsscan.c - hidden sheets, formula results, booleans and the reason an
 * OLE2 file is not a workbook, which libfreexl does not report (see
 * xlsscan.h).
 *
 * Functions in call order:
 *   xlsscan_read     load the file; cfbf_open (header, DIFAT -> FAT),
 *                    dir_find (directory chain: Workbook/Book stream,
 *                    EncryptedPackage, Root Entry), stream_read (a stream
 *                    through the FAT, or through the mini FAT inside the
 *                    root's mini stream), then biff_walk over its records:
 *                      BOF (0809)          which sheet's substream starts
 *                      BOUNDSHEET (0085)   sheet list: hidden state, type
 *                      FILEPASS (002F)     encrypted
 *                      FORMULA (0006)      cached number, bool, error, or a
 *                                          string in the next STRING (0207)
 *                      BOOLERR (0205)      TRUE/FALSE or an error value
 *   xlsscan_cell     binary search in the sorted cells
 *   xlsscan_release
 *
 * Compound file layout ([MS-CFB]): 512-byte header; sector n at
 * (n + 1) << shift; the FAT's own sectors listed by the header's 109 DIFAT
 * slots and a DIFAT chain; 128-byte directory entries (UTF-16LE name, type,
 * start sector, size); streams under the mini cutoff (4096 bytes) live in
 * 64-byte sectors of the root entry's stream, chained by the mini FAT.
 * Every chain is cut at the number of sectors the file can hold, every
 * sector read is bounds-checked: a file cut short is "truncated".
 *
 * Memory: the file and the Workbook stream while scanning; afterwards the
 * sheet list and one xls_cell (plus text) per formula or boolean cell.
 */
#include "xlsscan.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENDOFCHAIN 0xFFFFFFFEu
#define FREESECT   0xFFFFFFFFu

typedef struct cfbf {
	const unsigned char *p;   /* the whole file */
	size_t n;
	unsigned shift;           /* sector size = 1 << shift */
	size_t ssz;
	uint32_t *fat;
	size_t nfat;              /* entries */
	size_t maxsect;           /* sectors the file can hold */
	const char *display;
	dzerr *err;
} cfbf;

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int truncated(cfbf *c)
{
	return dzerr_set(c->err, DZ_EXIT_DATA,
	                 "'%s': not a readable .xls file: the file is truncated or its compound "
	                 "(OLE2) structure is corrupt", c->display);
}

/* Sector s of the file, or NULL when it lies past the end. */
static const unsigned char *sector(cfbf *c, uint32_t s)
{
	size_t off = ((size_t)s + 1) << c->shift;
	if (s >= c->maxsect || off + c->ssz > c->n)
		return NULL;
	return c->p + off;
}

static int cfbf_open(cfbf *c)
{
	const unsigned char *h = c->p;
	c->shift = le16(h + 0x1E);
	if (c->shift != 9 && c->shift != 12)
		return truncated(c);
	c->ssz = (size_t)1 << c->shift;
	c->maxsect = c->n >> c->shift;     /* an upper bound; sector() checks the end */
	uint32_t nfatsect = le32(h + 0x2C);
	if (nfatsect > c->maxsect)
		return truncated(c);
	size_t per = c->ssz / 4;
	c->nfat = (size_t)nfatsect * per;
	c->fat = xmalloc(c->nfat ? c->nfat * 4 : 4);
	size_t got = 0;
	for (size_t i = 0; i < 109 && got < nfatsect; i++) {
		const unsigned char *s = sector(c, le32(h + 0x4C + 4 * i));
		if (!s)
			return truncated(c);
		for (size_t k = 0; k < per; k++)
			c->fat[got * per + k] = le32(s + 4 * k);
		got++;
	}
	uint32_t d = le32(h + 0x44);
	for (size_t steps = 0; got < nfatsect; steps++) {
		const unsigned char *ds = sector(c, d);
		if (!ds || steps > c->maxsect)
			return truncated(c);
		for (size_t i = 0; i + 1 < per && got < nfatsect; i++) {
			const unsigned char *s = sector(c, le32(ds + 4 * i));
			if (!s)
				return truncated(c);
			for (size_t k = 0; k < per; k++)
				c->fat[got * per + k] = le32(s + 4 * k);
			got++;
		}
		d = le32(ds + 4 * (per - 1));
	}
	return 0;
}

/* Follow a FAT chain from start, appending up to size bytes (or every
 * sector when size is SIZE_MAX) to out. */
static int chain_read(cfbf *c, uint32_t start, size_t size, strbuf *out)
{
	uint32_t s = start;
	size_t steps = 0;
	while (s != ENDOFCHAIN && (size == SIZE_MAX || out->len < size)) {
		const unsigned char *p = sector(c, s);
		if (!p || s >= c->nfat || ++steps > c->maxsect)
			return truncated(c);
		size_t k = c->ssz;
		if (size != SIZE_MAX && out->len + k > size)
			k = size - out->len;
		sb_add(out, p, k);
		s = c->fat[s];
	}
	if (size != SIZE_MAX && out->len < size)
		return truncated(c);
	return 0;
}

typedef struct dirent_ {
	uint32_t start;
	uint64_t size;
	bool found;
} dirent_;

/* Directory entry name (UTF-16LE, ASCII names only matter here) equals s. */
static bool name_is(const unsigned char *e, const char *s)
{
	size_t nb = le16(e + 0x40);
	size_t n = strlen(s);
	if (nb != 2 * (n + 1) || nb > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (e[2 * i] != (unsigned char)s[i] || e[2 * i + 1] != 0)
			return false;
	return true;
}

static int dir_find(cfbf *c, dirent_ *book, dirent_ *root, bool *encrypted)
{
	strbuf dir;
	sb_init(&dir);
	int rc = chain_read(c, le32(c->p + 0x30), SIZE_MAX, &dir);
	for (size_t o = 0; rc == 0 && o + 128 <= dir.len; o += 128) {
		const unsigned char *e = (const unsigned char *)dir.buf + o;
		unsigned type = e[0x42];
		dirent_ d = { le32(e + 0x74), le32(e + 0x78), true };
		if (c->shift == 12)
			d.size |= (uint64_t)le32(e + 0x7C) << 32;
		if (type == 5)
			*root = d;
		else if (type == 2 && !book->found && (name_is(e, "Workbook") || name_is(e, "Book")))
			*book = d;
		else if (type == 2 && (name_is(e, "EncryptedPackage") || name_is(e, "EncryptionInfo")))
			*encrypted = true;
	}
	sb_release(&dir);
	return rc;
}

/* A stream's bytes: through the FAT, or the mini stream below the cutoff. */
static int stream_read(cfbf *c, const dirent_ *d, const dirent_ *root, strbuf *out)
{
	if (d->size > c->n * 2 + 4096)
		return truncated(c);
	uint32_t cutoff = le32(c->p + 0x38);
	if (d->size >= cutoff)
		return chain_read(c, d->start, (size_t)d->size, out);
	if (!root->found)
		return truncated(c);
	strbuf mini, mfat;
	sb_init(&mini);
	sb_init(&mfat);
	int rc = chain_read(c, root->start, SIZE_MAX, &mini);
	if (rc == 0)
		rc = chain_read(c, le32(c->p + 0x3C), SIZE_MAX, &mfat);
	size_t nm = mfat.len / 4;
	uint32_t s = d->start;
	for (size_t steps = 0; rc == 0 && out->len < d->size; steps++) {
		size_t off = (size_t)s * 64;
		if (s == ENDOFCHAIN || s >= nm || off + 64 > mini.len || steps > nm) {
			rc = truncated(c);
			break;
		}
		size_t k = 64;
		if (out->len + k > d->size)
			k = (size_t)d->size - out->len;
		sb_add(out, mini.buf + off, k);
		s = le32((const unsigned char *)mfat.buf + 4 * s);
	}
	sb_release(&mini);
	sb_release(&mfat);
	return rc;
}

/* ------------------------------------------------------------- BIFF */

/* UTF-16LE (or "compressed" 8-bit: U+0000..U+00FF) chars to UTF-8. */
static void add_chars(strbuf *sb, const unsigned char *p, size_t nchars, bool wide)
{
	for (size_t i = 0; i < nchars; i++) {
		uint32_t u = wide ? le16(p + 2 * i) : p[i];
		if (wide && u >= 0xD800 && u < 0xDC00 && i + 1 < nchars) {
			uint32_t lo = le16(p + 2 * (i + 1));
			if (lo >= 0xDC00 && lo < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		if (u >= 0xD800 && u < 0xE000)
			u = 0xFFFD;
		if (u < 0x80) {
			sb_addc(sb, (int)u);
		} else if (u < 0x800) {
			sb_addc(sb, (int)(0xC0 | u >> 6));
			sb_addc(sb, (int)(0x80 | (u & 0x3F)));
		} else if (u < 0x10000) {
			sb_addc(sb, (int)(0xE0 | u >> 12));
			sb_addc(sb, (int)(0x80 | ((u >> 6) & 0x3F)));
			sb_addc(sb, (int)(0x80 | (u & 0x3F)));
		} else {
			sb_addc(sb, (int)(0xF0 | u >> 18));
			sb_addc(sb, (int)(0x80 | ((u >> 12) & 0x3F)));
			sb_addc(sb, (int)(0x80 | ((u >> 6) & 0x3F)));
			sb_addc(sb, (int)(0x80 | (u & 0x3F)));
		}
	}
}

static const char *error_text(unsigned code)
{
	switch (code) {
	case 0x00: return "#NULL!";
	case 0x07: return "#DIV/0!";
	case 0x0F: return "#VALUE!";
	case 0x17: return "#REF!";
	case 0x1D: return "#NAME?";
	case 0x24: return "#NUM!";
	case 0x2A: return "#N/A";
	default:   return "#ERR";
	}
}

static void push_text(xlsscan *sc, xls_cell *cell, int type, const char *s, size_t n)
{
	cell->type = (uint8_t)type;
	cell->off = (uint32_t)sc->text.len;
	cell->len = (uint32_t)n;
	sb_add(&sc->text, s, n);
	sb_addc(&sc->text, 0);
	VEC_PUSH(sc->cells, *cell);
}

/*
 * The text of a STRING record (BIFF8: cch, option byte, characters; the
 * characters may go on in CONTINUE records, each starting with a new
 * option byte).  rec/len: the STRING record's data; next: the bytes after
 * it, for the CONTINUE records.
 */
static void string_record(xlsscan *sc, xls_cell *cell, const unsigned char *rec, size_t len,
                          const unsigned char *next, size_t nextlen)
{
	strbuf t;
	sb_init(&t);
	if (sc->biff == 8 && len >= 3) {
		size_t want = le16(rec);
		bool wide = rec[2] & 1;
		const unsigned char *p = rec + 3;
		size_t avail = len - 3;
		size_t got = 0;
		for (;;) {
			size_t k = wide ? avail / 2 : avail;
			if (k > want - got)
				k = want - got;
			add_chars(&t, p, k, wide);
			got += k;
			/* the next record: CONTINUE with an option byte */
			if (got >= want || nextlen < 5 || le16(next) != 0x003C)
				break;
			size_t cl = le16(next + 2);
			if (cl < 1 || 4 + cl > nextlen)
				break;
			wide = next[4] & 1;
			p = next + 5;
			avail = cl - 1;
			next += 4 + cl;
			nextlen -= 4 + cl;
		}
	} else if (len >= 2) {
		/* BIFF5: 8-bit text in the workbook's code page; kept as Latin-1 */
		size_t n = le16(rec);
		if (n > len - 2)
			n = len - 2;
		add_chars(&t, rec + 2, n, false);
	}
	push_text(sc, cell, XLSV_TEXT, t.buf, t.len);
	sb_release(&t);
}

static int biff_walk(xlsscan *sc, const unsigned char *p, size_t n)
{
	long cur = -1;              /* sheet whose substream we are in */
	xls_cell pending = { 0 };   /* a FORMULA waiting for its STRING */
	bool want_string = false;
	for (size_t o = 0; o + 4 <= n;) {
		unsigned type = le16(p + o), len = le16(p + o + 2);
		const unsigned char *r = p + o + 4;
		if (o + 4 + len > n)
			break;              /* a record cut off at the end of the stream */
		size_t at = o;
		o += 4 + (size_t)len;
		switch (type) {
		case 0x0809: /* BOF */
			if (len >= 2 && !sc->biff)
				sc->biff = le16(r) == 0x0600 ? 8 : le16(r) == 0x0500 ? 5 : 0;
			cur = -1;
			for (size_t i = 0; i < sc->sheets.n; i++)
				if (sc->sheets.v[i].pos == at)
					cur = (long)i;
			want_string = false;
			break;
		case 0x0085: /* BOUNDSHEET */
			if (len >= 6) {
				xls_sheet s = { le32(r), (unsigned char)(r[4] & 3), r[5] };
				VEC_PUSH(sc->sheets, s);
			}
			break;
		case 0x002F: /* FILEPASS */
			sc->filepass = true;
			break;
		case 0x0006: /* FORMULA */
			want_string = false;
			if (cur < 0 || len < 14)
				break;
			{
				xls_cell c = { (uint32_t)cur, le16(r), le16(r + 2), XLSV_NUM, 0, 0, 0 };
				const unsigned char *v = r + 6;
				size_t cce = len >= 22 ? le16(r + 20) : 0;
				const unsigned char *t = r + 22;
				if (sc->biff == 8 && cce >= 3 && 22 + cce <= len && t[0] == 0x17 &&
				    cce == 3 + (size_t)t[1] * ((t[2] & 1) ? 2 : 1)) {
					/* ="4102..." - the formula is one string constant:
					 * that is its value (whatever result was cached) */
					strbuf s;
					sb_init(&s);
					add_chars(&s, t + 3, t[1], t[2] & 1);
					push_text(sc, &c, XLSV_TEXT, s.buf, s.len);
					sb_release(&s);
				} else if (v[6] == 0xFF && v[7] == 0xFF) {
					if (v[0] == 0) {
						pending = c;
						want_string = true;
					} else if (v[0] == 1) {
						push_text(sc, &c, XLSV_BOOL, v[2] ? "TRUE" : "FALSE", v[2] ? 4 : 5);
					} else if (v[0] == 2) {
						const char *e = error_text(v[2]);
						push_text(sc, &c, XLSV_ERROR, e, strlen(e));
					} else {
						push_text(sc, &c, XLSV_TEXT, "", 0);
					}
				} else {
					uint64_t bits = (uint64_t)le32(v) | (uint64_t)le32(v + 4) << 32;
					memcpy(&c.num, &bits, sizeof c.num);
					VEC_PUSH(sc->cells, c);
				}
			}
			break;
		case 0x0207: /* STRING: the result of the FORMULA before it */
			if (want_string)
				string_record(sc, &pending, r, len, p + o, n - o);
			want_string = false;
			break;
		case 0x0205: /* BOOLERR */
			if (cur >= 0 && len >= 8) {
				xls_cell c = { (uint32_t)cur, le16(r), le16(r + 2), XLSV_BOOL, 0, 0, 0 };
				if (r[7]) {
					const char *e = error_text(r[6]);
					push_text(sc, &c, XLSV_ERROR, e, strlen(e));
				} else {
					push_text(sc, &c, XLSV_BOOL, r[6] ? "TRUE" : "FALSE", r[6] ? 4 : 5);
				}
			}
			break;
		case 0x04BC: /* SHRFMLA, ARRAY, TABLE may sit between FORMULA and STRING */
		case 0x0221:
		case 0x0236:
		case 0x003C: /* CONTINUE */
			break;
		default:
			want_string = false;
			break;
		}
	}
	return 0;
}

static int cell_cmp(const void *a, const void *b)
{
	const xls_cell *x = a, *y = b;
	if (x->sheet != y->sheet)
		return x->sheet < y->sheet ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static int load_file(const char *path, const char *display, strbuf *out, dzerr *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': %s", display, strerror(errno));
	char buf[65536];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
		sb_add(out, buf, k);
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return dzerr_set(err, DZ_EXIT_IO, "'%s': read error: %s", display, strerror(errno));
	return 0;
}

int xlsscan_read(const char *path, const char *display, xlsscan *sc, dzerr *err)
{
	static const unsigned char sig[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	memset(sc, 0, sizeof *sc);
	sb_init(&sc->text);
	if (!display)
		display = path;
	strbuf file, stream;
	sb_init(&file);
	sb_init(&stream);
	int rc = load_file(path, display, &file, err);
	cfbf c = { (const unsigned char *)file.buf, file.len, 0, 0, NULL, 0, 0, display, err };
	if (rc == 0 && (file.len < 512 || memcmp(file.buf, sig, 8))) {
		sc->what = XLS_NOT_OLE2;
		if (file.len >= 8 && !memcmp(file.buf, sig, 8))
			rc = truncated(&c);
		goto out;
	}
	if (rc == 0)
		rc = cfbf_open(&c);
	dirent_ book = { 0 }, root = { 0 };
	bool enc = false;
	if (rc == 0)
		rc = dir_find(&c, &book, &root, &enc);
	if (rc == 0 && !book.found) {
		sc->what = enc ? XLS_ENCRYPTED_PACKAGE : XLS_NO_WORKBOOK;
		goto out;
	}
	if (rc == 0)
		rc = stream_read(&c, &book, &root, &stream);
	if (rc == 0) {
		sc->what = XLS_FOUND;
		biff_walk(sc, (const unsigned char *)stream.buf, stream.len);
		if (sc->cells.n > 1)
			qsort(sc->cells.v, sc->cells.n, sizeof *sc->cells.v, cell_cmp);
	}
out:
	free(c.fat);
	sb_release(&file);
	sb_release(&stream);
	return rc;
}

const xls_cell *xlsscan_cell(const xlsscan *sc, uint32_t sheet, uint32_t row, uint16_t col)
{
	xls_cell key = { sheet, row, col, 0, 0, 0, 0 };
	if (!sc->cells.n)
		return NULL;
	return bsearch(&key, sc->cells.v, sc->cells.n, sizeof key, cell_cmp);
}

void xlsscan_release(xlsscan *sc)
{
	VEC_FREE(sc->sheets);
	VEC_FREE(sc->cells);
	sb_release(&sc->text);
}
