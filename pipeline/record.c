/*
 * record.c - canonical records: value normalization shared by every
 * producer, and the record stream (docs/records.md) writer and reader.
 *
 * Functions in call order:
 *   rec_clear(), rec_empty_num(), rec_value() / rec_field_init() +
 *     rec_value_ref()  one value: a switch on the field type to one small
 *     worker per type (v_id, v_date, ...); rec_value_ref() answers plain
 *     text without a call and lets values that are their own normalized
 *     text be referenced instead of copied
 *   recstream_writer_new() -> recstream_writer_sink() (begin: two header
 *     lines; record: one line; end: the #end trailer) ->
 *     recstream_writer_error() -> recstream_writer_free()
 *   recstream_read(): header lines -> sink.begin, one record per line
 *     (typed values re-derived with rec_value) -> sink.record, the #end
 *     trailer -> sink.end with the producer's account plus the consumer's
 *     own rejections (logged to the quality log against the key column).
 *
 * Stream format (version 2): tab-separated UTF-8 lines; values never hold
 * tab, CR or LF (rec_value turns them into spaces), so nothing is quoted.
 * A typed value that is present but unknown (DQ10, DQ11) is written as '?'
 * and its text, and read back as that text with an unknown typed value
 * (never re-parsed: the policy column and numeric-cell context that made
 * it unknown are not in the stream).  Version 1 wrote such values as ""
 * (or, for vocabulary words, as they were) and is refused.
 *
 * Memory: writer - one line buffer; reader - dzin's buffers, one line, one
 * record's normalized values.  Nothing grows with the number of rows.
 */
#include "record.h"
#include "idcard.h"
#include "input.h"
#include "quality.h"
#include "vocab.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_MAGIC "#dz-records"
#define STREAM_VERSION 2
#define UNKNOWN_MARK '?'         /* before the text of a present-but-unknown value */

void rec_clear(dzrec *r, int kind)
{
	r->kind = kind;
	r->row = 0;
	for (int f = 0; f < F_COUNT; f++) {
		r->v[f] = "";
		r->n[f] = 0;
		r->num[f] = NUM_UNKNOWN;
	}
}

int64_t rec_empty_num(int kind, int field)
{
	switch (field) {
	case F_MONITOR_TYPE:
		return MT_NONE;
	case F_SCHOOL_STATUS:
		return SS_NOT_IN_SCHOOL;
	case F_STATUS:
		return kind == KIND_DIBAO || kind == KIND_TEKUN ? ST_ACTIVE : NUM_UNKNOWN;
	default:
		return NUM_UNKNOWN;
	}
}

/* Append s[0..n) with tab, CR and LF turned into spaces. */
static void add_text(strbuf *out, const char *s, size_t n)
{
	sb_grow(out, n);
	char *p = out->buf + out->len;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		p[i] = ch == '\t' || ch == '\r' || ch == '\n' ? ' ' : ch;
	}
	out->len += n;
	out->buf[out->len] = '\0';
}

/* trim_span(), skipped when the value visibly needs no trimming: printable
 * ASCII at both ends, or a CJK character (lead byte E4..E9) at the end. */
static inline void trim(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t k = *n;
	if (!k)
		return;
	unsigned char a = p[0], b = p[k - 1];
	if (a > ' ' && a < 0x7F &&
	    ((b > ' ' && b < 0x7F) || (k >= 3 && p[k - 3] >= 0xE4 && p[k - 3] <= 0xE9)))
		return;
	if (a >= 0xE4 && a <= 0xE9 && k >= 3 &&
	    ((b > ' ' && b < 0x7F) || (p[k - 3] >= 0xE4 && p[k - 3] <= 0xE9)))
		return;
	trim_span(s, n);
}

/* Decimal digits of v (v >= 0) ending at end; returns the start. */
static char *put_uint(char *end, uint64_t v)
{
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return end;
}

/* The status list of a kind's status column (vocab.h knows lists, not kinds). */
static enum status_vocab status_list(int kind)
{
	switch (kind) {
	case KIND_DIBAO:
	case KIND_TEKUN:
		return SV_DIBAO_TEKUN;
	case KIND_MED_ENROLL:
		return SV_MED_ENROLL;
	case KIND_SCHOOL:
		return SV_SCHOOL;
	case KIND_EMPLOYMENT:
		return SV_EMPLOYMENT;
	default:
		return SV_NONE;
	}
}

static int vocab_of(int kind, int field, const char *s, size_t n, int *cls)
{
	switch (field) {
	case F_HOUSEHOLD_TYPE:
		return vocab_household_type(s, n, cls);
	case F_MONITOR_TYPE:
		return vocab_monitor_type(s, n, cls);
	case F_HEALTH_STATUS:
		return vocab_health(s, n, cls);
	case F_WORK_STATUS:
		return vocab_work_status(s, n, cls);
	case F_SCHOOL_STATUS:
		return vocab_school_status(s, n, cls);
	case F_LABOR_SKILL:
		return vocab_labor_skill(s, n, cls);
	case F_SEX:
		return vocab_sex(s, n, cls);
	case F_STATUS:
		return vocab_status(status_list(kind), s, n, cls);
	default:
		return VAL_BAD;
	}
}

/* field_type() of every field, looked up once (kinds.c is the source). */
static enum ftype ftypes[F_COUNT];
static pthread_once_t ftypes_once = PTHREAD_ONCE_INIT;

static void ftypes_init(void)
{
	for (int f = 0; f < F_COUNT; f++)
		ftypes[f] = field_type((enum field)f);
}

/* A field whose value can be present but unknown (DQ10, DQ11): its text
 * is then written with UNKNOWN_MARK in front in the record stream. */
static bool typed_field(int f)
{
	pthread_once(&ftypes_once, ftypes_init);
	switch (ftypes[f]) {
	case FT_DATE: case FT_MONEY: case FT_YEAR: case FT_COUNT: case FT_YESNO: case FT_VOCAB:
		return true;
	default:
		return false;
	}
}

/* True if s[0..n) holds a byte below 0x0E (tab, CR, LF among them):
 * words of 8 (or 4) bytes, the last one overlapping, bytes only below 4. */
static inline bool has_ctl(const char *s, size_t n)
{
	if (n >= 8) {
		uint64_t w;
		for (size_t i = 0; i + 8 < n; i += 8) {
			memcpy(&w, s + i, 8);
			if ((w - 0x0E0E0E0E0E0E0E0EULL) & ~w & 0x8080808080808080ULL)
				return true;
		}
		memcpy(&w, s + n - 8, 8);
		return ((w - 0x0E0E0E0E0E0E0E0EULL) & ~w & 0x8080808080808080ULL) != 0;
	}
	if (n >= 4) {
		uint32_t a, b;
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		return (((a - 0x0E0E0E0EU) & ~a) | ((b - 0x0E0E0E0EU) & ~b)) & 0x80808080U;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x0E)
			return true;
	return false;
}

/* Text that needs no change at all: nothing to trim at either end and no
 * byte below 0x0E, so trim() leaves it alone and it is its own normalized
 * text (a stricter test than trim()'s: anything else takes v_text). */
static inline bool plain_text(const char *s, size_t n)
{
	if (!n)
		return true;
	const unsigned char *p = (const unsigned char *)s;
	unsigned char a = p[0], b = p[n - 1];
	if (!((a > ' ' && a < 0x7F) || (a >= 0xE4 && a <= 0xE9)))
		return false;
	if (!((b > ' ' && b < 0x7F) ||
	      (n >= 3 && p[n - 3] >= 0xE4 && p[n - 3] <= 0xE9 && (p[n - 2] & 0xC0) == 0x80 &&
	       (b & 0xC0) == 0x80)))
		return false;
	return !has_ctl(s, n);
}

/*
 * The per-type workers behind rec_value() and rec_value_ref().  Each sets
 * res->num/notice and either res->ref (direct: the caller takes a
 * reference, see below) or appends the value plus a NUL to out, and
 * returns 0 or the DQ code.  res->ref is NULL on entry.
 *
 * direct: the value may be given as a reference instead of a copy when it
 * is text that already exists and is NUL-terminated: the raw text when it
 * is its own canonical form (an ID, date, amount or year that needs no
 * change; a text or vocabulary value with nothing to trim at its end and
 * no tab/CR/LF; s is then NUL-terminated at s[n] by the caller's
 * contract) or a constant (是/否).  Typed values take their common plain
 * forms first (idcard.c and vocab.c have fast paths for them), so they
 * seldom need formatting.
 */

/* Append t[0..k) and a NUL (and keep out NUL-terminated after that). */
static inline void put_copy(strbuf *out, const char *t, size_t k)
{
	if (out->len + k + 2 > out->cap)
		sb_grow(out, k + 1);
	memcpy(out->buf + out->len, t, k);
	out->len += k;
	out->buf[out->len++] = '\0';
	out->buf[out->len] = '\0';
}

/* The value is t[0..k); ref: t is NUL-terminated text that outlives the
 * call (the raw cell or a constant) and the caller allows a reference. */
static inline void put(strbuf *out, const char *t, size_t k, bool ref, rec_val *res)
{
	if (ref) {
		res->ref = t;
		res->refn = (uint32_t)k;
	} else {
		put_copy(out, t, k);
	}
}

/* Nothing: the value is "" (an empty string, copied so v/n stay uniform). */
static inline void put_none(strbuf *out)
{
	put_copy(out, "", 0);
}

/* Trimmed text (tab/CR/LF -> space): a reference when it runs to the
 * original end and holds no such byte. */
static inline void put_text(const char *s, size_t n, const char *end, strbuf *out, rec_val *res,
                            bool direct)
{
	if (direct && s + n == end && !has_ctl(s, n)) {
		res->ref = s;
		res->refn = (uint32_t)n;
		return;
	}
	if (out->len + n + 2 > out->cap)
		sb_grow(out, n + 1);
	add_text(out, s, n);
	out->buf[out->len++] = '\0';
	out->buf[out->len] = '\0';
}

/* A value that is present but unknown (DQ10, DQ11): its trimmed text is
 * kept, num stays NUM_UNKNOWN, so "present but unknown" (n > 0) is never
 * mistaken for an empty cell (n == 0) where empty has a meaning. */
static inline void put_unknown(const char *s, size_t n, strbuf *out, rec_val *res, bool direct)
{
	const char *end = s + n;
	trim(&s, &n);
	put_text(s, n, end, out, res, direct);
}

__attribute__((noinline))
static int v_id(const char *s, size_t n, bool numeric, int32_t ref_days, strbuf *out,
                rec_val *res, bool direct)
{
	idcard id;
	if (idcard_parse(s, n, ref_days, numeric, &id) != 0) {
		put_none(out);
		return id.status;
	}
	res->num = (int64_t)id.key;
	res->notice = id.notice;
	if (id.notice == DQ12) {
		/* a 残疾人证号 keeps its trailing digits: the join learns that the
		 * cell was one (LJ11, LJ12), a stream reader re-derives DQ12 */
		char t[32];
		size_t k = idcard_normalize(s, n, t, sizeof t);
		char buf[24];
		memcpy(buf, id.id, 18);
		memcpy(buf + 18, t + 18, k - 18);
		put_copy(out, buf, k);
		return 0;
	}
	/* a plain 18-character cell is its own normalized text */
	bool same = n == 18 && !memcmp(s, id.id, 18);
	put(out, same ? s : id.id, 18, direct && same, res);
	return 0;
}

/* Eight ASCII digits at s. */
static inline bool digits8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return ((w & 0xF0F0F0F0F0F0F0F0ULL) | ((w + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4) ==
	       0x3333333333333333ULL;
}

__attribute__((noinline))
static int v_date(const char *s, size_t n, bool numeric, strbuf *out, rec_val *res, bool direct)
{
	int32_t d;
	if (parse_date_iso(s, n, &d)) {
		put(out, s, 10, direct, res);    /* already "YYYY-MM-DD" */
		res->num = d;
		return 0;
	}
	int r = parse_date(s, n, numeric, &d);
	if (r == VAL_OK) {
		char buf[11];
		if (n == 8 && digits8(s)) {
			/* YYYYMMDD */
			memcpy(buf, s, 4);
			buf[4] = '-';
			memcpy(buf + 5, s + 4, 2);
			buf[7] = '-';
			memcpy(buf + 8, s + 6, 2);
		} else {
			date_format(d, buf);
		}
		put_copy(out, buf, 10);
		res->num = d;
		return 0;
	}
	if (r == VAL_BAD) {
		put_unknown(s, n, out, res, direct);
		return DQ11;
	}
	put_none(out);
	return 0;
}

/* "123.45": 1..15 digits without a leading zero (but "0.45"), a point and
 * two digits is the canonical text of its amount (what v_money writes). */
static inline bool money_canonical(const char *s, size_t n, int64_t *fen)
{
	if (n < 4 || n > 18 || s[n - 3] != '.' || (s[0] == '0' && n > 4))
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == n - 3)
			continue;
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			return false;
		v = v * 10 + d;
	}
	*fen = v;
	return true;
}

__attribute__((noinline))
static int v_money(int kind, const char *s, size_t n, bool numeric, strbuf *out, rec_val *res,
                   bool direct)
{
	int64_t fen;
	if (money_canonical(s, n, &fen)) {
		put(out, s, n, direct, res);
		res->num = fen;
		return 0;
	}
	int r = numeric ? parse_money_cell(s, n, kind == KIND_MED_CLAIMS, &fen)
	                : parse_money(s, n, kind == KIND_MED_CLAIMS, &fen);
	if (r == VAL_BAD) {
		put_unknown(s, n, out, res, direct);
		return DQ11;
	}
	if (r != VAL_OK) {
		put_none(out);
		return 0;
	}
	char buf[32];
	char *e = buf + sizeof buf;
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char *b = e - 3;
	b[0] = '.';
	b[1] = (char)('0' + a / 10 % 10);
	b[2] = (char)('0' + a % 10);
	b = put_uint(b, a / 100);
	if (fen < 0)
		*--b = '-';
	size_t k = (size_t)(e - b);
	bool same = k == n && !memcmp(b, s, k);
	put(out, same ? s : b, k, direct && same, res);
	res->num = fen;
	return 0;
}

__attribute__((noinline))
static int v_number(enum ftype type, const char *s, size_t n, strbuf *out, rec_val *res, bool direct)
{
	int v;
	int r = type == FT_YEAR ? parse_year(s, n, &v) : parse_count(s, n, &v);
	if (r == VAL_OK && type == FT_YEAR && n == 4) {
		put(out, s, 4, direct, res);     /* four digits: already canonical */
		res->num = v;
		return 0;
	}
	if (r == VAL_BAD) {
		put_unknown(s, n, out, res, direct);
		return DQ11;
	}
	if (r != VAL_OK) {
		put_none(out);
		return 0;
	}
	char buf[16];
	char *e = buf + sizeof buf;
	char *b = put_uint(e, (uint64_t)(v < 0 ? 0 : v));
	size_t k = (size_t)(e - b);
	bool same = k == n && !memcmp(b, s, k);
	put(out, same ? s : b, k, direct && same, res);
	res->num = v;
	return 0;
}

__attribute__((noinline))
static int v_yesno(bool policy, const char *s, size_t n, strbuf *out, rec_val *res, bool direct)
{
	int cls = 0;
	int r = policy ? vocab_policy(s, n, &cls) : vocab_yesno(s, n, &cls);
	if (r == VAL_OK) {
		put(out, cls == YN_YES ? "是" : "否", 3, direct, res);
		res->num = cls == YN_YES ? YN_YES : YN_NO;
		return 0;
	}
	if (r == VAL_BAD) {
		put_unknown(s, n, out, res, direct);
		return DQ10;
	}
	put_none(out);
	return 0;
}

__attribute__((noinline))
static int v_vocab(int kind, int field, const char *s, size_t n, strbuf *out, rec_val *res,
                   bool direct)
{
	const char *end = s + n;
	trim(&s, &n);
	int cls = 0;
	int r = vocab_of(kind, field, s, n, &cls);
	put_text(s, n, end, out, res, direct);
	if (r == VAL_OK)
		res->num = cls;
	else if (r == VAL_EMPTY)
		res->num = rec_empty_num(kind, field);
	else
		return DQ10;
	return 0;
}

__attribute__((noinline))
static int v_water(int field, const char *s, size_t n, strbuf *out, rec_val *res, bool direct)
{
	const char *end = s + n;
	trim(&s, &n);
	put_text(s, n, end, out, res, direct);
	if (n)
		res->num = field == F_QUALITY ? water_quality_bad(s, n) : water_supply_bad(s, n);
	return 0;
}

__attribute__((noinline))
static int v_text(const char *s, size_t n, strbuf *out, rec_val *res,
                                            bool direct)
{
	const char *end = s + n;
	trim(&s, &n);
	put_text(s, n, end, out, res, direct);
	return 0;
}

static inline int value(int kind, int field, enum ftype type, bool policy, const char *s, size_t n,
                        bool numeric, int32_t ref_days, strbuf *out, rec_val *res, bool direct)
{
	res->num = NUM_UNKNOWN;
	res->notice = 0;
	res->ref = NULL;
	switch (type) {
	case FT_ID:
		return v_id(s, n, numeric, ref_days, out, res, direct);
	case FT_DATE:
		return v_date(s, n, numeric, out, res, direct);
	case FT_MONEY:
		return v_money(kind, s, n, numeric, out, res, direct);
	case FT_YEAR:
	case FT_COUNT:
		return v_number(type, s, n, out, res, direct);
	case FT_YESNO:
		return v_yesno(policy, s, n, out, res, direct);
	case FT_VOCAB:
		return v_vocab(kind, field, s, n, out, res, direct);
	case FT_WATERWORD:
		return v_water(field, s, n, out, res, direct);
	case FT_TEXT:
	default:
		return v_text(s, n, out, res, direct);
	}
}

int rec_value(int kind, int field, bool policy, const char *s, size_t n, bool numeric,
              int32_t ref_days, strbuf *out, int64_t *num, int *notice)
{
	pthread_once(&ftypes_once, ftypes_init);
	enum ftype type = (unsigned)field < F_COUNT ? ftypes[field] : FT_TEXT;
	rec_val res;
	int rc = value(kind, field, type, policy, s, n, numeric, ref_days, out, &res, false);
	*num = res.num;
	*notice = res.notice;
	return rc;
}

void rec_field_init(rec_field *fs, int kind, int field, bool policy, int32_t ref_days)
{
	fs->kind = kind;
	fs->field = field;
	fs->type = (unsigned)field < F_COUNT ? field_type((enum field)field) : FT_TEXT;
	fs->policy = policy;
	fs->ref_days = ref_days;
}

int rec_value_ref(const rec_field *fs, const char *s, size_t n, bool numeric, strbuf *out,
                  rec_val *res)
{
	res->num = NUM_UNKNOWN;
	res->notice = 0;
	res->ref = NULL;
	switch (fs->type) {
	case FT_TEXT:
		if (plain_text(s, n)) {      /* the usual case, without a call */
			res->ref = s;
			res->refn = (uint32_t)n;
			return 0;
		}
		return v_text(s, n, out, res, true);
	case FT_ID:
		return v_id(s, n, numeric, fs->ref_days, out, res, true);
	case FT_DATE:
		return v_date(s, n, numeric, out, res, true);
	case FT_MONEY:
		return v_money(fs->kind, s, n, numeric, out, res, true);
	case FT_YEAR:
	case FT_COUNT:
		return v_number(fs->type, s, n, out, res, true);
	case FT_YESNO:
		return v_yesno(fs->policy, s, n, out, res, true);
	case FT_VOCAB:
		return v_vocab(fs->kind, fs->field, s, n, out, res, true);
	case FT_WATERWORD:
		return v_water(fs->field, s, n, out, res, true);
	default:
		return v_text(s, n, out, res, true);
	}
}

/* ---------------------------------------------------------------- writer */

struct recstream_writer {
	FILE *fp;
	int err;                 /* sticky: a write failed */
	strbuf line;             /* reused per record */
	int cols[F_COUNT];       /* fields written, in kind order */
	bool typed[F_COUNT];     /* per column: a typed field (UNKNOWN_MARK applies) */
	size_t ncols;
};

recstream_writer *recstream_writer_new(void *fp)
{
	recstream_writer *w = xcalloc(1, sizeof *w);
	w->fp = fp;
	sb_init(&w->line);
	return w;
}

/* Header values: tabs and line breaks would break the format. */
static void add_clean(strbuf *sb, const char *s)
{
	add_text(sb, s ? s : "", s ? strlen(s) : 0);
}

static int put_line(recstream_writer *w)
{
	if (w->err)
		return -1;
	if (fwrite_unlocked(w->line.buf, 1, w->line.len, w->fp) != w->line.len) {
		w->err = errno ? errno : EIO;  /* kept for the message */
		return -1;
	}
	return 0;
}

static int w_begin(void *ctx, const src_info *info)
{
	recstream_writer *w = ctx;
	const kinddef *kd = &kinds[info->kind];
	sb_reset(&w->line);
	sb_addf(&w->line, STREAM_MAGIC " %d\tkind=%s\tsource=", STREAM_VERSION, kd->name);
	add_clean(&w->line, info->name ? info->name : kd->name);
	sb_adds(&w->line, "\tfile=");
	add_clean(&w->line, info->file);
	sb_adds(&w->line, "\tperiod=");
	add_clean(&w->line, info->period);
	sb_adds(&w->line, "\n_row");
	w->ncols = 0;
	for (size_t i = 0; i < kd->nfields; i++) {
		int f = kd->fields[i].field;
		if (!info->present[f])
			continue;
		w->typed[w->ncols] = typed_field(f);
		w->cols[w->ncols++] = f;
		sb_addc(&w->line, '\t');
		sb_adds(&w->line, field_name((enum field)f));
	}
	sb_addc(&w->line, '\n');
	return put_line(w);
}

static void add_long(strbuf *sb, long v)
{
	char buf[24];
	size_t i = sizeof buf;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--i] = '-';
	sb_add(sb, buf + i, sizeof buf - i);
}

static int w_record(void *ctx, const dzrec *r)
{
	recstream_writer *w = ctx;
	strbuf *sb = &w->line;
	sb_reset(sb);
	add_long(sb, r->row);
	for (size_t i = 0; i < w->ncols; i++) {
		int f = w->cols[i];
		sb_grow(sb, r->n[f] + 2);
		sb->buf[sb->len++] = '\t';
		if (w->typed[i] && r->n[f] && r->num[f] == NUM_UNKNOWN)
			sb->buf[sb->len++] = UNKNOWN_MARK;   /* present but unknown */
		memcpy(sb->buf + sb->len, r->v[f], r->n[f]);
		sb->len += r->n[f];
	}
	sb_addc(sb, '\n');
	return put_line(w);
}

static int w_end(void *ctx, const src_info *info, const src_account *a)
{
	recstream_writer *w = ctx;
	(void)info;
	sb_reset(&w->line);
	sb_addf(&w->line, "#end\tread=%ld\tused=%ld\trejected=%ld", a->read, a->used, a->rejected);
	if (a->footer)
		sb_addf(&w->line, "\tfooter=%ld", a->footer);
	for (int c = 1; c < DQ_COUNT; c++)
		if (a->by_code[c])
			sb_addf(&w->line, "\t%s=%ld", dq_name(c), a->by_code[c]);
	if (a->fatal)
		sb_addf(&w->line, "\tfatal=%d", a->fatal);
	if (a->sheet[0]) {
		sb_adds(&w->line, "\tsheet=");
		for (const char *p = a->sheet; *p; p++)
			sb_addc(&w->line, *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p);
	}
	sb_addc(&w->line, '\n');
	if (put_line(w) < 0 || fflush(w->fp) != 0) {
		if (!w->err)
			w->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

rec_sink recstream_writer_sink(recstream_writer *w)
{
	rec_sink s = { w_begin, w_record, w_end, w };
	return s;
}

int recstream_writer_error(const recstream_writer *w)
{
	return w->err ? w->err : ferror(w->fp) ? EIO : 0;
}

void recstream_writer_free(recstream_writer *w)
{
	if (!w)
		return;
	sb_release(&w->line);
	free(w);
}

/* ---------------------------------------------------------------- reader */

typedef struct reader {
	dzin *in;
	const char *display;
	unsigned char *buf;      /* read buffer */
	size_t pos, len;
	bool eof;
	long lineno;
	strbuf line;
} reader;

/* Next line (without its LF or CR LF) into r->line; 1 = got one, 0 = EOF, -1 error. */
static int next_line(reader *r, dzerr *err)
{
	sb_reset(&r->line);
	bool any = false;
	for (;;) {
		if (r->pos == r->len) {
			if (r->eof)
				break;
			ssize_t k = dzin_read(r->in, r->buf, 65536, err);
			if (k < 0)
				return -1;
			if (k == 0) {
				r->eof = true;
				break;
			}
			r->pos = 0;
			r->len = (size_t)k;
		}
		any = true;
		unsigned char *p = r->buf + r->pos;
		unsigned char *nl = memchr(p, '\n', r->len - r->pos);
		if (nl) {
			sb_add(&r->line, p, (size_t)(nl - p));
			r->pos += (size_t)(nl - p) + 1;
			r->lineno++;
			if (r->line.len && r->line.buf[r->line.len - 1] == '\r')
				r->line.buf[--r->line.len] = '\0';
			return 1;
		}
		sb_add(&r->line, p, r->len - r->pos);
		r->pos = r->len;
	}
	if (!any || !r->line.len)
		return 0;
	r->lineno++;
	return 1;
}

/* Split s at tabs in place; returns the number of parts (at most max). */
static size_t split_tabs(char *s, size_t len, char **part, size_t *plen, size_t max)
{
	size_t k = 0;
	char *p = s, *end = s + len;
	for (;;) {
		char *t = memchr(p, '\t', (size_t)(end - p));
		if (k < max) {
			part[k] = p;
			plen[k] = t ? (size_t)(t - p) : (size_t)(end - p);
		}
		k++;
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return k;
}

static bool parse_long(const char *s, size_t n, long *out)
{
	if (!n || n > 18)
		return false;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int bad_stream(reader *r, dzerr *err, const char *what)
{
	return dzerr_set(err, DZ_EXIT_DATA, "'%s': line %ld: %s", r->display, r->lineno, what);
}

/* Parse the trailer "#end\tread=N\t..." into a. */
static int parse_trailer(reader *r, src_account *a, dzerr *err)
{
	char *part[64];
	size_t plen[64];
	size_t k = split_tabs(r->line.buf, r->line.len, part, plen, 64);
	if (k > 64)
		k = 64;
	bool got[3] = { false, false, false };
	for (size_t i = 1; i < k; i++) {
		char *eq = memchr(part[i], '=', plen[i]);
		if (!eq)
			return bad_stream(r, err, "damaged #end line");
		size_t kl = (size_t)(eq - part[i]);
		long v;
		if (kl == 5 && !memcmp(part[i], "sheet", 5)) {
			size_t vl = plen[i] - kl - 1;
			if (vl >= sizeof a->sheet)
				vl = sizeof a->sheet - 1;
			memcpy(a->sheet, eq + 1, vl);
			a->sheet[vl] = '\0';
			continue;
		}
		if (kl == 5 && !memcmp(part[i], "fatal", 5)) {
			if (!parse_long(eq + 1, plen[i] - kl - 1, &v))
				return bad_stream(r, err, "damaged #end line");
			a->fatal = (int)v;
			continue;
		}
		if (!parse_long(eq + 1, plen[i] - kl - 1, &v))
			return bad_stream(r, err, "damaged #end line");
		if (kl == 4 && !memcmp(part[i], "read", 4))
			a->read = v, got[0] = true;
		else if (kl == 4 && !memcmp(part[i], "used", 4))
			a->used = v, got[1] = true;
		else if (kl == 8 && !memcmp(part[i], "rejected", 8))
			a->rejected = v, got[2] = true;
		else if (kl == 6 && !memcmp(part[i], "footer", 6))
			a->footer = v;
		else {
			int code = -1;
			for (int c = 1; c < DQ_COUNT; c++)
				if (strlen(dq_name(c)) == kl && !memcmp(dq_name(c), part[i], kl))
					code = c;
			if (code < 0)
				return bad_stream(r, err, "damaged #end line (unknown count)");
			a->by_code[code] = v;
		}
	}
	if (!got[0] || !got[1] || !got[2])
		return bad_stream(r, err, "damaged #end line (read/used/rejected missing)");
	return 0;
}

typedef struct rheader {
	char *kind, *source, *file, *period;
} rheader;

static int parse_header(reader *r, rheader *h, dzerr *err)
{
	size_t ml = strlen(STREAM_MAGIC);
	if (r->line.len < ml || memcmp(r->line.buf, STREAM_MAGIC, ml) != 0)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': not a dz record stream (see docs/records.md)",
		                 r->display);
	char *part[16];
	size_t plen[16];
	size_t k = split_tabs(r->line.buf, r->line.len, part, plen, 16);
	if (k > 16)
		k = 16;
	long ver;
	if (plen[0] <= ml + 1 || part[0][ml] != ' ' || !parse_long(part[0] + ml + 1, plen[0] - ml - 1, &ver))
		return bad_stream(r, err, "damaged header line");
	if (ver != STREAM_VERSION)
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': record stream version %ld is not supported (this dz reads version %d)",
		                 r->display, ver, STREAM_VERSION);
	for (size_t i = 1; i < k; i++) {
		char *eq = memchr(part[i], '=', plen[i]);
		if (!eq)
			continue;
		size_t kl = (size_t)(eq - part[i]);
		char *v = xmemdup0(eq + 1, plen[i] - kl - 1);
		char **slot = kl == 4 && !memcmp(part[i], "kind", 4) ? &h->kind
		            : kl == 6 && !memcmp(part[i], "source", 6) ? &h->source
		            : kl == 4 && !memcmp(part[i], "file", 4) ? &h->file
		            : kl == 6 && !memcmp(part[i], "period", 6) ? &h->period : NULL;
		if (slot) {
			free(*slot);
			*slot = v;
		} else {
			free(v);
		}
	}
	if (!h->kind || kind_from_name(h->kind) < 0)
		return bad_stream(r, err, "header names no known kind");
	int y, m;
	if (!h->period || !parse_period(h->period, &y, &m))
		return bad_stream(r, err, "header names no period YYYY-MM");
	return 0;
}

int recstream_read(const char *path, const rec_sink *sink, struct quality_log *q,
                   int source_ordinal, dzerr *err)
{
	const char *slash = strrchr(path, '/');
	reader rd = { 0 };
	rd.display = !strcmp(path, "-") ? "stdin" : slash ? slash + 1 : path;
	rd.in = dzin_open(path, rd.display, err);
	if (!rd.in)
		return -1;
	rd.buf = xmalloc(65536);
	sb_init(&rd.line);
	strbuf vals;
	sb_init(&vals);
	rheader h = { 0 };
	src_info info;
	memset(&info, 0, sizeof info);
	src_account acct;
	memset(&acct, 0, sizeof acct);
	int cols[F_COUNT];
	bool typed[F_COUNT];
	size_t ncols = 0;
	bool begun = false, ended = false;
	long records = 0, consumer_rejected = 0;
	long by_consumer[32] = { 0 };
	int rc = -1;
	dzrec tmpl, rec;
	size_t offs[F_COUNT];

	int got = next_line(&rd, err);
	if (got <= 0) {
		if (got == 0)
			dzerr_set(err, DZ_EXIT_DATA, "'%s': empty record stream", rd.display);
		goto out;
	}
	if (parse_header(&rd, &h, err) < 0)
		goto out;
	int kind = kind_from_name(h.kind);
	int y, m;
	parse_period(h.period, &y, &m);
	int32_t ref_days = date_month_end(y, m);
	if ((got = next_line(&rd, err)) <= 0) {
		if (got == 0)
			bad_stream(&rd, err, "no column line after the header");
		goto out;
	}
	{
		char *part[F_COUNT + 2];
		size_t plen[F_COUNT + 2];
		size_t k = split_tabs(rd.line.buf, rd.line.len, part, plen, F_COUNT + 2);
		if (k > F_COUNT + 1 || plen[0] != 4 || memcmp(part[0], "_row", 4)) {
			bad_stream(&rd, err, "damaged column line");
			goto out;
		}
		for (size_t i = 1; i < k; i++) {
			int f = field_from_name(part[i]);
			if (f < 0 || !kind_field(kind, (enum field)f) || info.present[f]) {
				bad_stream(&rd, err, "column line names a field this kind does not have");
				goto out;
			}
			info.present[f] = true;
			typed[ncols] = typed_field(f);
			cols[ncols++] = f;
		}
	}
	info.kind = kind;
	info.name = h.source ? h.source : kinds[kind].name;
	info.file = h.file ? h.file : rd.display;
	info.period = h.period;
	rec_clear(&tmpl, kind);
	for (size_t i = 0; i < kinds[kind].nfields; i++) {
		int f = kinds[kind].fields[i].field;
		tmpl.num[f] = rec_empty_num(kind, f);
	}
	if (sink->begin && sink->begin(sink->ctx, &info) < 0) {
		dzerr_set(err, DZ_EXIT_IO, "'%s': the record consumer failed", rd.display);
		goto out;
	}
	begun = true;
	int keyf = kinds[kind].key;
	while ((got = next_line(&rd, err)) > 0) {
		if (ended) {
			bad_stream(&rd, err, "data after the #end line");
			goto out;
		}
		if (rd.line.len >= 4 && !memcmp(rd.line.buf, "#end", 4) &&
		    (rd.line.len == 4 || rd.line.buf[4] == '\t')) {
			if (parse_trailer(&rd, &acct, err) < 0)
				goto out;
			ended = true;
			continue;
		}
		char *part[F_COUNT + 2];
		size_t plen[F_COUNT + 2];
		size_t k = split_tabs(rd.line.buf, rd.line.len, part, plen, F_COUNT + 2);
		if (k != ncols + 1) {
			bad_stream(&rd, err, "wrong number of values");
			goto out;
		}
		rec = tmpl;
		if (!parse_long(part[0], plen[0], &rec.row)) {
			bad_stream(&rd, err, "row number is not a number");
			goto out;
		}
		sb_reset(&vals);
		for (size_t i = 0; i < ncols; i++) {
			int f = cols[i], notice;
			offs[f] = vals.len;
			if (typed[i] && plen[i + 1] && part[i + 1][0] == UNKNOWN_MARK) {
				/* present but unknown: the text as written, never re-read */
				if (plen[i + 1] == 1) {
					bad_stream(&rd, err, "an unknown value without its text");
					goto out;
				}
				/* values never hold CR (record.h); typed ones are re-derived */
				if (memchr(part[i + 1], '\r', plen[i + 1])) {
					bad_stream(&rd, err, "a CR inside a value");
					goto out;
				}
				sb_add(&vals, part[i + 1] + 1, plen[i + 1] - 1);
				sb_addc(&vals, '\0');
				rec.num[f] = NUM_UNKNOWN;
				rec.n[f] = (uint32_t)(plen[i + 1] - 1);
				continue;
			}
			int code = rec_value(kind, f, false, part[i + 1], plen[i + 1], false, ref_days,
			                     &vals, &rec.num[f], &notice);
			if (code && field_type((enum field)f) == FT_ID) {
				bad_stream(&rd, err, "invalid ID number");
				goto out;
			}
			rec.n[f] = (uint32_t)(vals.len - offs[f] - 1);
		}
		for (size_t i = 0; i < ncols; i++)
			rec.v[cols[i]] = vals.buf + offs[cols[i]];
		records++;
		int r = sink->record ? sink->record(sink->ctx, &rec) : 0;
		if (r < 0) {
			dzerr_set(err, DZ_EXIT_IO, "'%s': line %ld: the record consumer failed",
			          rd.display, rd.lineno);
			goto out;
		}
		if (r > 0) {
			consumer_rejected++;
			if (r < 32)
				by_consumer[r]++;
			const fielddef *kf = kind_field(kind, (enum field)keyf);
			if (q)
				quality_add(q, source_ordinal, kinds[kind].name, info.file, rec.row,
				            kf ? kf->aliases[0] : "", rec.v[keyf], rec.n[keyf], r, "");
		}
	}
	if (got < 0)
		goto out;
	if (!ended) {
		dzerr_set(err, DZ_EXIT_DATA, "'%s': the stream ends without its #end line (truncated?)",
		          rd.display);
		goto out;
	}
	if (records != acct.used) {
		dzerr_set(err, DZ_EXIT_DATA, "'%s': damaged stream: %ld records, but the #end line says used=%ld",
		          rd.display, records, acct.used);
		goto out;
	}
	acct.used -= consumer_rejected;
	acct.rejected += consumer_rejected;
	for (int c = 0; c < 32; c++)
		acct.by_code[c] += by_consumer[c];
	rc = 0;
out:
	if (begun) {
		if (rc < 0 && !acct.fatal)
			acct.fatal = err->status ? err->status : DZ_EXIT_DATA;
		if (sink->end && sink->end(sink->ctx, &info, &acct) < 0 && rc == 0)
			rc = dzerr_set(err, DZ_EXIT_IO, "'%s': the record consumer failed", rd.display);
	}
	if (rc == 0 && acct.fatal)
		rc = dzerr_set(err, acct.fatal, "'%s': the source was not read to the end when this stream was written",
		               rd.display);
	free(h.kind);
	free(h.source);
	free(h.file);
	free(h.period);
	sb_release(&vals);
	sb_release(&rd.line);
	free(rd.buf);
	dzin_close(rd.in);
	return rc;
}
