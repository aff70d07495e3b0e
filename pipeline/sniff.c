/*
 * sniff.c - `dz sniff`: what dz sees in one file (see sniff.h).
 *
 * Everything shown comes from the readers and ingest themselves, so sniff
 * says what a run will do, not what it guesses:
 *
 * Functions in call order:
 *   sniff_run
 *     spool          "-" (stdin) is copied to $TMPDIR once: the file is read
 *                    several times
 *     read_pass      rowsrc_read over the whole file with a counting
 *                    callback: can the file be read at all (else -1 with
 *                    the reader's message, the one ingest gives), its
 *                    container, encoding, delimiter and sheets
 *     kind_pass      ingest_run per kind (every kind, or the one asked for)
 *                    with a sink that stops at begin(): which kinds find a
 *                    header with their key column and how many fields map
 *     kind_pass      once more, in full, for the kind shown (the one asked
 *                    for, else the one mapping most fields, SPEC order on
 *                    ties): header, column map, the first N records (sink),
 *                    the account (rows read, used, rejected, footers) and
 *                    the quality findings (DQ codes, footers)
 *     print_text / print_json
 *
 * Memory: what ingest needs for one pass; the first N records and the
 * header (arena); the quality findings of the file (as ingest keeps them).
 */
#include "sniff.h"
#include "idcard.h"
#include "ingest.h"
#include "kinds.h"
#include "quality.h"
#include "rowsrc.h"
#include "util.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* a footer or subtotal row (SPEC §4), neither used nor rejected */
#define DQ_FOOTER DQ14

typedef struct kept_rec {
	long row;
	const char *v[F_COUNT];   /* arena copies, NULL = field absent */
	bool unknown[F_COUNT];    /* DQ10/DQ11: text kept, value unknown */
} kept_rec;

typedef struct probe {
	int kind;
	bool full;                /* keep records (else stop at begin) */
	size_t want;              /* records to keep */
	bool begun;
	int nfields;
	bool present[F_COUNT];
	long header_row;
	size_t ncols;
	char **hdr;               /* arena */
	int *colfield;            /* arena */
	int container;
	char encoding[64];
	char delim;
	char sheetnote[256];
	VEC(kept_rec) recs;
	arena mem;
} probe;

static int p_begin(void *ctx, const src_info *si)
{
	probe *p = ctx;
	p->begun = true;
	for (int f = 0; f < F_COUNT; f++)
		if ((p->present[f] = si->present[f]))
			p->nfields++;
	p->header_row = si->header_row;
	if (si->header && si->colfield) {
		p->ncols = si->ncols;
		p->hdr = arena_alloc(&p->mem, (si->ncols + 1) * sizeof *p->hdr);
		p->colfield = arena_alloc(&p->mem, (si->ncols + 1) * sizeof *p->colfield);
		for (size_t i = 0; i < si->ncols; i++) {
			p->hdr[i] = arena_strndup(&p->mem, si->header[i].s, si->header[i].n);
			p->colfield[i] = si->colfield[i];
		}
	}
	if (si->rs) {
		p->container = (int)si->rs->container;
		snprintf(p->encoding, sizeof p->encoding, "%s", si->rs->encoding ? si->rs->encoding : "");
		p->delim = si->rs->delim;
		snprintf(p->sheetnote, sizeof p->sheetnote, "%s", si->rs->sheet);
	}
	return p->full ? 0 : -1;   /* the scoring pass needs nothing more */
}

static int p_record(void *ctx, const dzrec *r)
{
	probe *p = ctx;
	if (p->recs.n >= p->want)
		return 0;
	kept_rec k;
	memset(&k, 0, sizeof k);
	k.row = r->row;
	for (int f = 0; f < F_COUNT; f++) {
		if (!p->present[f])
			continue;
		k.v[f] = arena_strndup(&p->mem, r->v[f], r->n[f]);
		enum ftype t = field_type((enum field)f);
		k.unknown[f] = r->n[f] && r->num[f] == NUM_UNKNOWN && t != FT_TEXT && t != FT_ID;
	}
	VEC_PUSH(p->recs, k);
	return 0;
}

static int p_end(void *ctx, const src_info *si, const src_account *a)
{
	probe *p = ctx;
	(void)a;
	/* a text file's encoding may be decided only after the header */
	if (si->rs && si->rs->encoding)
		snprintf(p->encoding, sizeof p->encoding, "%s", si->rs->encoding);
	return 0;
}

typedef struct result {
	probe p;
	quality_log q;
	src_account acct;
	dzerr err;
	int rc;
	strbuf sheets;            /* workbook_choose's list */
} result;

static void result_init(result *r, int kind, bool full, size_t want)
{
	memset(r, 0, sizeof *r);
	r->p.kind = kind;
	r->p.full = full;
	r->p.want = want;
	arena_init(&r->p.mem);
	quality_init(&r->q);
	sb_init(&r->sheets);
}

static void result_release(result *r)
{
	VEC_FREE(r->p.recs);
	arena_release(&r->p.mem);
	quality_release(&r->q);
	sb_release(&r->sheets);
}

static void kind_pass(const sniff_opts *o, const char *path, const char *display, result *r)
{
	ingest_opts io;
	memset(&io, 0, sizeof io);
	io.kind = r->p.kind;
	io.path = path;
	io.display = display;
	io.period = o->period;
	io.ref_days = o->ref_days;
	io.header_row = o->header_row;
	io.rs.encoding = o->encoding;
	io.rs.sheet = o->sheet;
	io.rs.sheets_out = &r->sheets;
	rec_sink sink = { p_begin, p_record, p_end, &r->p };
	r->rc = ingest_run(&io, &sink, &r->q, &r->acct, &r->err);
}

/* ------------------------------------------------------- the read pass */

typedef struct readinfo {
	long rows;
	rowsrc_info info;
	strbuf sheets;
} readinfo;

static int count_row(void *ctx, const rawrow *r)
{
	(void)r;
	((readinfo *)ctx)->rows++;
	return 0;
}

static int read_pass(const sniff_opts *o, const char *path, const char *display, readinfo *ri,
                     dzerr *err)
{
	rowsrc_opts ro;
	memset(&ro, 0, sizeof ro);
	ro.encoding = o->encoding;
	ro.sheet = o->sheet;
	ro.sheets_out = &ri->sheets;
	return rowsrc_read(path, display, &ro, count_row, ri, &ri->info, err);
}

/* stdin -> a temporary file (removed by the caller) */
static char *spool(dzerr *err)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	strbuf path;
	sb_init(&path);
	sb_addf(&path, "%s/dz-sniff-XXXXXX", dir);
	int fd = mkstemp(path.buf);
	if (fd < 0) {
		dzerr_set(err, DZ_EXIT_IO, "cannot create a temporary file in %s: %s", dir, strerror(errno));
		sb_release(&path);
		return NULL;
	}
	char buf[65536];
	ssize_t k;
	int rc = 0;
	while ((k = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = dzerr_set(err, DZ_EXIT_IO, "'stdin': read error: %s", strerror(errno));
			break;
		}
		for (ssize_t off = 0; off < k && !rc;) {
			ssize_t w = write(fd, buf + off, (size_t)(k - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				rc = dzerr_set(err, DZ_EXIT_IO, "cannot write temporary file %s: %s", path.buf,
				               strerror(errno));
			else
				off += w;
		}
		if (rc)
			break;
	}
	if (close(fd) != 0 && !rc)
		rc = dzerr_set(err, DZ_EXIT_IO, "cannot write temporary file %s: %s", path.buf, strerror(errno));
	if (rc) {
		unlink(path.buf);
		sb_release(&path);
		return NULL;
	}
	return sb_detach(&path);
}

/* ------------------------------------------------------------ printing */

static const char *container_name(int c, bool cn)
{
	switch (c) {
	case CONT_TEXT:      return cn ? "文本（CSV 或制表符分隔）" : "text (CSV or tab-separated)";
	case CONT_GZIP_TEXT: return cn ? "gzip 压缩的文本" : "gzip'd text";
	case CONT_XLSX:      return cn ? "xlsx 工作簿" : "xlsx workbook";
	case CONT_XML:       return cn ? "XML" : "XML";
	case CONT_XLS:       return cn ? "Excel 97-2003 工作簿（.xls/.et）" : "Excel 97-2003 workbook (.xls/.et)";
	case CONT_HTML:      return cn ? "网页表格（HTML）" : "HTML table";
	default:             return "?";
	}
}

static void col_letters(size_t i, char *buf)
{
	char tmp[8];
	size_t n = 0;
	i++;
	while (i && n < sizeof tmp) {
		tmp[n++] = (char)('A' + (i - 1) % 26);
		i = (i - 1) / 26;
	}
	for (size_t k = 0; k < n; k++)
		buf[k] = tmp[n - 1 - k];
	buf[n] = '\0';
}

static const char *key_header(const probe *p)
{
	const kinddef *kd = &kinds[p->kind];
	for (size_t i = 0; i < p->ncols; i++)
		if (p->colfield[i] == (int)kd->key)
			return p->hdr[i];
	return NULL;
}

/* Findings of one row, "DQ11 批准日期=2026-10-32; ..." */
static void row_findings(strbuf *sb, const quality_log *q, long row, bool with_raw)
{
	for (size_t i = 0; i < q->items.n; i++) {
		const dq_finding *f = &q->items.v[i];
		if (f->row != row)
			continue;
		if (sb->len)
			sb_adds(sb, "; ");
		sb_adds(sb, dq_name(f->code));
		if (f->column && *f->column)
			sb_addf(sb, " %s", f->column);
		if (with_raw && f->raw && *f->raw)
			sb_addf(sb, "=%s", f->raw);
	}
}

/* The rows shown: the first `want` data rows, used or not, in row order. */
typedef struct shown {
	long row;
	const kept_rec *rec;      /* NULL: rejected or footer */
	const dq_finding *why;    /* the rejecting code or DQ_FOOTER */
} shown;

static size_t pick_rows(const result *r, size_t want, shown *out)
{
	size_t n = 0, ri = 0;
	/* rejected and footer rows from the findings (a row's first such code) */
	VEC(shown) other = { 0 };
	for (size_t i = 0; i < r->q.items.n; i++) {
		const dq_finding *f = &r->q.items.v[i];
		bool rej = (f->code >= DQ01 && f->code <= DQ05) || f->code == DQ07 || f->code == DQ08 ||
		           f->code == DQ13 || f->code == DQ_FOOTER;
		if (!rej || (other.n && other.v[other.n - 1].row == f->row))
			continue;
		bool used = false;
		for (size_t k = 0; k < r->p.recs.n && !used; k++)
			used = r->p.recs.v[k].row == f->row;
		if (used)
			continue;
		shown s = { f->row, NULL, f };
		VEC_PUSH(other, s);
	}
	size_t oi = 0;
	while (n < want && (ri < r->p.recs.n || oi < other.n)) {
		bool take_rec = oi >= other.n ||
		                (ri < r->p.recs.n && r->p.recs.v[ri].row < other.v[oi].row);
		if (take_rec) {
			out[n++] = (shown){ r->p.recs.v[ri].row, &r->p.recs.v[ri], NULL };
			ri++;
		} else {
			out[n++] = other.v[oi++];
		}
	}
	VEC_FREE(other);
	return n;
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

typedef struct view {
	const char *display;
	const readinfo *ri;
	const result *score[KIND_COUNT]; /* NULL: not tried */
	const result *r;                 /* the kind shown (full pass), or NULL */
	int kind;                        /* kind shown, -1 none */
	size_t rows;
} view;

/* sheet lines: "hidden\tworksheet\tchosen\tname\n" */
typedef struct sheetline {
	bool hidden, worksheet, chosen;
	const char *name;
	size_t namelen;
} sheetline;

static size_t parse_sheets(const strbuf *sb, sheetline *out, size_t max)
{
	size_t n = 0;
	const char *p = sb->buf, *end = sb->buf + sb->len;
	while (p < end && n < max) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if (nl - p >= 6) {
			out[n].hidden = p[0] == '1';
			out[n].worksheet = p[2] == '1';
			out[n].chosen = p[4] == '1';
			out[n].name = p + 6;
			out[n].namelen = (size_t)(nl - p - 6);
			n++;
		}
		p = nl + 1;
	}
	return n;
}

static const strbuf *sheet_list(const view *v)
{
	return v->r && v->r->sheets.len ? &v->r->sheets : &v->ri->sheets;
}

static void print_text(const view *v, FILE *out)
{
	const readinfo *ri = v->ri;
	const result *r = v->r;
	int cont = r && r->p.begun ? r->p.container : (int)ri->info.container;
	const char *enc = r && r->p.begun ? r->p.encoding : ri->info.encoding;
	char delim = r && r->p.begun ? r->p.delim : ri->info.delim;
	fprintf(out, "文件 (file):           %s\n", v->display);
	fprintf(out, "格式 (container):      %s (%s)\n", container_name(cont, true), container_name(cont, false));
	if (enc && *enc)
		fprintf(out, "编码 (encoding):       %s\n", enc);
	if (cont == CONT_TEXT || cont == CONT_GZIP_TEXT)
		fprintf(out, "分隔符 (delimiter):    %s\n", delim == '\t' ? "制表符 (tab)" : "逗号 (comma)");
	sheetline sl[64];
	size_t ns = parse_sheets(sheet_list(v), sl, 64);
	if (ns) {
		fprintf(out, "%s", cont == CONT_HTML ? "表格 (tables):         " : "工作表 (sheets):       ");
		for (size_t i = 0; i < ns; i++) {
			fprintf(out, "%s%.*s", i ? "，" : "", (int)sl[i].namelen, sl[i].name);
			if (sl[i].hidden)
				fprintf(out, "（隐藏 hidden）");
			if (!sl[i].worksheet)
				fprintf(out, "（不是工作表 not a worksheet）");
			if (sl[i].chosen)
				fprintf(out, "（读这个 read）");
		}
		fprintf(out, "\n");
	}
	/* kinds tried */
	size_t tried = 0;
	for (int k = 0; k < KIND_COUNT; k++)
		tried += v->score[k] != NULL;
	if (tried > 1) {
		fprintf(out, "\n各类型对上的字段 (fields mapped per kind):\n");
		int order[KIND_COUNT];
		int no = 0;
		for (int k = 0; k < KIND_COUNT; k++)
			if (v->score[k])
				order[no++] = k;
		/* by fields mapped, most first; SPEC order on ties */
		for (int i = 1; i < no; i++)
			for (int j = i; j > 0; j--) {
				const result *a = v->score[order[j - 1]], *b = v->score[order[j]];
				int sa = a->p.begun ? a->p.nfields : -1, sb = b->p.begun ? b->p.nfields : -1;
				if (sb <= sa)
					break;
				int t = order[j - 1];
				order[j - 1] = order[j];
				order[j] = t;
			}
		for (int i = 0; i < no; i++) {
			const result *s = v->score[order[i]];
			const kinddef *kd = &kinds[order[i]];
			if (s->p.begun)
				fprintf(out, "  %-11s %s  %d 个字段 (fields)%s\n", kd->name, kd->cn, s->p.nfields,
				        order[i] == v->kind ? "  <- 按这个类型显示 (shown)" : "");
			else
				fprintf(out, "  %-11s %s  缺关键列 (no key column)\n", kd->name, kd->cn);
		}
	}
	fprintf(out, "\n");
	if (v->kind < 0 || !r) {
		fprintf(out, "没有一种类型找到含关键列的表头 (no kind finds a header with its key column).\n");
		const result *any = NULL;
		for (int k = 0; k < KIND_COUNT && !any; k++)
			any = v->score[k];
		if (any && any->err.msg[0])
			fprintf(out, "%s\n", any->err.msg);
		return;
	}
	const kinddef *kd = &kinds[v->kind];
	fprintf(out, "类型 (kind):           %s %s\n", kd->name, kd->cn);
	if (!r->p.begun) {
		fprintf(out, "表头 (header):         没有找到含关键列的表头 (no header with the key column)\n%s\n",
		        r->err.msg);
		return;
	}
	if (r->p.header_row)
		fprintf(out, "表头 (header row):     第 %ld 行 (row %ld)\n", r->p.header_row, r->p.header_row);
	if (r->p.hdr) {
		fprintf(out, "列 (columns):\n");
		for (size_t i = 0; i < r->p.ncols; i++) {
			char col[8];
			col_letters(i, col);
			const char *h = r->p.hdr[i];
			if (!*h && r->p.colfield[i] < 0)
				continue;
			int f = r->p.colfield[i];
			const fielddef *fd = f >= 0 ? kind_field(v->kind, (enum field)f) : NULL;
			if (f >= 0)
				fprintf(out, "  %-3s %s -> %s %s\n", col, h, field_name((enum field)f),
				        fd ? fd->aliases[0] : "");
			else
				fprintf(out, "  %-3s %s -> 未识别 (not mapped)\n", col, h);
		}
	} else {
		fprintf(out, "字段 (fields):\n");
		for (size_t i = 0; i < kd->nfields; i++)
			if (r->p.present[kd->fields[i].field])
				fprintf(out, "  %s %s\n", field_name(kd->fields[i].field), kd->fields[i].aliases[0]);
	}
	const char *kh = r->p.hdr ? key_header(&r->p) : NULL;
	fprintf(out, "关键列 (key column):   %s (%s)\n", kh ? kh : kd->fields[0].aliases[0],
	        v->kind == KIND_WATER ? "township + village" : field_name(kd->key));
	if (r->p.sheetnote[0])
		fprintf(out, "读的工作表 (sheet read): %s\n", r->p.sheetnote);
	const src_account *a = &r->acct;
	fprintf(out, "数据行 (data rows):    %ld（使用 used %ld，拒收 rejected %ld，表尾 footer %ld）\n",
	        a->read, a->used, a->rejected, a->footer);
	if (r->rc < 0)
		fprintf(out, "读到一半出错 (stopped): %s\n", r->err.msg);
	bool any_footer = false;
	for (size_t i = 0; i < r->q.items.n; i++) {
		const dq_finding *f = &r->q.items.v[i];
		if (f->code != DQ_FOOTER)
			continue;
		fprintf(out, "%s第 %ld 行 %s\n", any_footer ? "                       " : "表尾行 (footer rows):  ",
		        f->row, f->raw);
		any_footer = true;
	}
	shown rows[256];
	size_t nshow = pick_rows(r, v->rows < 256 ? v->rows : 256, rows);
	fprintf(out, "\n前 %zu 行数据，dz 读到的样子 (the first %zu data rows as dz reads them):\n", nshow, nshow);
	strbuf line;
	sb_init(&line);
	for (size_t i = 0; i < nshow; i++) {
		const shown *s = &rows[i];
		fprintf(out, "  第 %ld 行 (row %ld)", s->row, s->row);
		if (!s->rec) {
			const dq_finding *f = s->why;
			fprintf(out, " %s %s：%s%s%s\n", f->code == DQ_FOOTER ? "表尾 footer" : "拒收 rejected",
			        dq_name(f->code), f->column && *f->column ? f->column : "",
			        f->column && *f->column ? "=" : "", f->raw ? f->raw : "");
			continue;
		}
		fprintf(out, "\n");
		for (size_t k = 0; k < kd->nfields; k++) {
			int f = kd->fields[k].field;
			if (!r->p.present[f])
				continue;
			fprintf(out, "    %-22s %s%s\n", field_name((enum field)f), s->rec->v[f],
			        s->rec->unknown[f] ? "  (无法识别 unknown)" : "");
		}
		sb_reset(&line);
		row_findings(&line, &r->q, s->row, true);
		if (line.len)
			fprintf(out, "    问题 (DQ):             %s\n", line.buf);
	}
	sb_release(&line);
}

static void print_json(const view *v, FILE *out)
{
	const readinfo *ri = v->ri;
	const result *r = v->r;
	int cont = r && r->p.begun ? r->p.container : (int)ri->info.container;
	const char *enc = r && r->p.begun ? r->p.encoding : ri->info.encoding;
	char delim = r && r->p.begun ? r->p.delim : ri->info.delim;
	static const char *const cnames[] = { "text", "gzip-text", "xlsx", "xml", "xls", "html" };
	fprintf(out, "{\"file\":");
	json_str(out, v->display);
	fprintf(out, ",\"container\":\"%s\",\"encoding\":", cont >= 0 && cont < 6 ? cnames[cont] : "?");
	json_str(out, enc);
	fprintf(out, ",\"delimiter\":");
	if (cont == CONT_TEXT || cont == CONT_GZIP_TEXT)
		json_str(out, delim == '\t' ? "\t" : ",");
	else
		fprintf(out, "null");
	sheetline sl[64];
	size_t ns = parse_sheets(sheet_list(v), sl, 64);
	fprintf(out, ",\"sheets\":[");
	for (size_t i = 0; i < ns; i++) {
		char name[512];
		snprintf(name, sizeof name, "%.*s", (int)sl[i].namelen, sl[i].name);
		fprintf(out, "%s{\"name\":", i ? "," : "");
		json_str(out, name);
		fprintf(out, ",\"hidden\":%s,\"worksheet\":%s,\"used\":%s}", sl[i].hidden ? "true" : "false",
		        sl[i].worksheet ? "true" : "false", sl[i].chosen ? "true" : "false");
	}
	fprintf(out, "],\"kinds\":[");
	bool first = true;
	for (int k = 0; k < KIND_COUNT; k++) {
		const result *s = v->score[k];
		if (!s)
			continue;
		fprintf(out, "%s{\"kind\":\"%s\",\"key_found\":%s,\"fields\":%d}", first ? "" : ",", kinds[k].name,
		        s->p.begun ? "true" : "false", s->p.begun ? s->p.nfields : 0);
		first = false;
	}
	fprintf(out, "],\"kind\":");
	if (v->kind >= 0)
		json_str(out, kinds[v->kind].name);
	else
		fprintf(out, "null");
	if (!r || !r->p.begun) {
		const result *any = r;
		for (int k = 0; k < KIND_COUNT && !any; k++)
			any = v->score[k];
		fprintf(out, ",\"error\":");
		json_str(out, any ? any->err.msg : "");
		fprintf(out, "}\n");
		return;
	}
	fprintf(out, ",\"header_row\":%ld,\"columns\":[", r->p.header_row);
	for (size_t i = 0; i < r->p.ncols; i++) {
		char col[8];
		col_letters(i, col);
		int f = r->p.colfield[i];
		fprintf(out, "%s{\"column\":\"%s\",\"header\":", i ? "," : "", col);
		json_str(out, r->p.hdr[i]);
		fprintf(out, ",\"field\":");
		if (f >= 0)
			json_str(out, field_name((enum field)f));
		else
			fprintf(out, "null");
		fprintf(out, "}");
	}
	fprintf(out, "],\"fields\":[");
	const kinddef *kd = &kinds[v->kind];
	first = true;
	for (size_t i = 0; i < kd->nfields; i++)
		if (r->p.present[kd->fields[i].field]) {
			fprintf(out, "%s\"%s\"", first ? "" : ",", field_name(kd->fields[i].field));
			first = false;
		}
	fprintf(out, "],\"key_column\":");
	json_str(out, key_header(&r->p));
	fprintf(out, ",\"sheet_read\":");
	json_str(out, r->p.sheetnote);
	const src_account *a = &r->acct;
	fprintf(out, ",\"rows\":{\"read\":%ld,\"used\":%ld,\"rejected\":%ld,\"footer\":%ld}", a->read,
	        a->used, a->rejected, a->footer);
	fprintf(out, ",\"footers\":[");
	first = true;
	for (size_t i = 0; i < r->q.items.n; i++) {
		const dq_finding *f = &r->q.items.v[i];
		if (f->code != DQ_FOOTER)
			continue;
		fprintf(out, "%s{\"row\":%ld,\"text\":", first ? "" : ",", f->row);
		json_str(out, f->raw);
		fprintf(out, "}");
		first = false;
	}
	fprintf(out, "],\"records\":[");
	shown rows[256];
	size_t nshow = pick_rows(r, v->rows < 256 ? v->rows : 256, rows);
	for (size_t i = 0; i < nshow; i++) {
		const shown *s = &rows[i];
		fprintf(out, "%s{\"row\":%ld,\"status\":\"%s\",\"values\":{", i ? "," : "", s->row,
		        s->rec ? "used" : s->why->code == DQ_FOOTER ? "footer" : "rejected");
		bool f1 = true;
		for (size_t k = 0; s->rec && k < kd->nfields; k++) {
			int f = kd->fields[k].field;
			if (!r->p.present[f])
				continue;
			fprintf(out, "%s\"%s\":", f1 ? "" : ",", field_name((enum field)f));
			json_str(out, s->rec->v[f]);
			f1 = false;
		}
		fprintf(out, "},\"dq\":[");
		f1 = true;
		for (size_t q = 0; q < r->q.items.n; q++) {
			const dq_finding *f = &r->q.items.v[q];
			if (f->row != s->row)
				continue;
			fprintf(out, "%s{\"code\":\"%s\",\"column\":", f1 ? "" : ",", dq_name(f->code));
			json_str(out, f->column);
			fprintf(out, ",\"raw\":");
			json_str(out, f->raw);
			fprintf(out, "}");
			f1 = false;
		}
		fprintf(out, "]}");
	}
	fprintf(out, "]}\n");
}

int sniff_run(const sniff_opts *o, FILE *out, dzerr *err)
{
	const char *path = o->path;
	char *tmp = NULL;
	const char *display = strcmp(path, "-") ? path : "stdin";
	const char *slash = strrchr(display, '/');
	if (slash)
		display = slash + 1;
	if (!strcmp(path, "-")) {
		tmp = spool(err);
		if (!tmp)
			return -1;
		path = tmp;
	}
	readinfo ri;
	memset(&ri, 0, sizeof ri);
	sb_init(&ri.sheets);
	int rc = read_pass(o, path, display, &ri, err);
	result *res = NULL;
	view v = { display, &ri, { NULL }, NULL, -1, o->rows };
	if (rc == 0) {
		res = xcalloc(KIND_COUNT + 1, sizeof *res);
		int best = -1;
		for (int k = 0; k < KIND_COUNT; k++) {
			if (o->kind >= 0 && k != o->kind)
				continue;
			result_init(&res[k], k, false, 0);
			kind_pass(o, path, display, &res[k]);
			v.score[k] = &res[k];
			if (res[k].p.begun && (best < 0 || res[k].p.nfields > res[best].p.nfields))
				best = k;
		}
		v.kind = o->kind >= 0 ? o->kind : best;
		if (v.kind >= 0) {
			result *full = &res[KIND_COUNT];
			result_init(full, v.kind, true, v.rows);
			kind_pass(o, path, display, full);
			quality_sort(&full->q);
			v.r = full;
		}
		if (o->json)
			print_json(&v, out);
		else
			print_text(&v, out);
		if (fflush(out) != 0 || ferror(out))
			rc = dzerr_set(err, DZ_EXIT_IO, "cannot write standard output");
		for (int k = 0; k <= KIND_COUNT; k++)
			if (k == KIND_COUNT ? v.r != NULL : v.score[k] != NULL)
				result_release(&res[k]);
		free(res);
	}
	sb_release(&ri.sheets);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}
