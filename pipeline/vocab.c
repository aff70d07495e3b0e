/*
 * vocab.c - value parsing shared by every stage (see vocab.h), SPEC §4.
 *
 * Functions, roughly in the order a row's values meet them:
 *   trim_span()                       outer ASCII and Unicode spaces
 *   fold() (static)                   full-width ASCII -> half-width, into a
 *                                     stack buffer, only when the value has any
 *   parse_date() parse_period() date_*()   dates as days since 1970-01-01
 *   parse_money() money_format() parse_year() parse_count()
 *   vocab_yesno() vocab_policy() vocab_household_type() vocab_monitor_type()
 *   vocab_health() vocab_work_status() vocab_school_status() vocab_status()
 *   vocab_school_junior() vocab_sex() vocab_labor_skill() vocab_labor_word()
 *   water_quality_bad() water_supply_bad()
 *   parse_phone() phone_format()      LJ17's cleaning and a phone as 64 bits
 *   norm_halfwidth() norm_name() norm_place() norm_header()  (into a strbuf)
 *   utf8_valid()
 *
 * Vocabularies are exact word lists compared after trimming and after
 * full-width ASCII is folded to half-width (so 乡（镇）内务工 = 乡(镇)内务工,
 * ｙ = y); anything else is VAL_BAD (DQ10).  On VAL_EMPTY / VAL_BAD the
 * class output is left untouched unless vocab.h gives empty a meaning.
 *
 * Numbers are parsed as decimal text, never through floating point: money
 * is exact integer fen, rounded half-up (away from zero) on the third
 * decimal.  Dates accept years 1900..2100 only; an xlsx serial (numeric
 * cell, at most 5 integer digits) counts in Excel's 1900 system, whose
 * fictitious 1900-02-29 (serial 60) is VAL_BAD.
 *
 * Speed: the forms exports use nearly always take a short path first and
 * only other values the general one, with the same results: dates exactly
 * YYYY-MM-DD or YYYYMMDD (parse_date_iso), plain amounts "123" / "123.4" /
 * "123.45" (money_plain), years of four digits; vocabulary values are
 * looked up as they are (word lengths stored, no strlen, no memcmp call)
 * and folded only when that fails.
 *
 * Memory: no allocation except into the caller's strbuf (normalizers);
 * values are folded into 64/128-byte stack buffers (longer values cannot
 * be vocabulary words, dates or amounts and are VAL_BAD).
 */
#include "vocab.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- chars */

static int is_ascii_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

int fw_ascii(const unsigned char *p, size_t left)
{
	if (left < 3 || p[0] != 0xEF)
		return 0;
	if (p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF)
		return 0x21 + (p[2] - 0x81);
	if (p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E)
		return 0x60 + (p[2] - 0x80);
	return 0;
}

size_t uspace(const unsigned char *p, size_t left)
{
	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (left >= 3) {
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			return 3;
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8B || p[2] == 0xAF))
			return 3;
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F)
			return 3;
		if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
			return 3;
	}
	return 0;
}

/* Byte length of a Unicode space ending at p + n, else 0. */
static size_t uspace_end(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && uspace(p + n - 3, 3) == 3)
		return 3;
	return 0;
}

static size_t u8len(unsigned char c, size_t left)
{
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return k > left ? left : k;
}

void trim_span(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t len = *n;
	for (;;) {
		if (len && is_ascii_space(p[0])) {
			p++, len--;
			continue;
		}
		size_t k = len && p[0] >= 0x80 ? uspace(p, len) : 0;
		if (!k)
			break;
		p += k, len -= k;
	}
	for (;;) {
		if (len && is_ascii_space(p[len - 1])) {
			len--;
			continue;
		}
		size_t k = len && p[len - 1] >= 0x80 ? uspace_end(p, len) : 0;
		if (!k)
			break;
		len -= k;
	}
	*s = (const char *)p;
	*n = len;
}

/*
 * trim_span(), skipped when the value visibly needs no trimming: its first
 * byte is printable ASCII or a CJK lead byte (E4..E9), and its last is
 * printable ASCII or the end of a lead E4..E9 plus two continuation bytes.
 * None of these can be (part of) a space, whatever the other bytes are.
 */
static inline void trim_quick(const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)*s;
	size_t k = *n;
	if (!k)
		return;
	unsigned char a = p[0], b = p[k - 1];
	bool a_ok = (a > ' ' && a < 0x7F) || (a >= 0xE4 && a <= 0xE9 && k >= 3);
	bool b_ok = (b > ' ' && b < 0x7F) ||
	            (k >= 3 && p[k - 3] >= 0xE4 && p[k - 3] <= 0xE9 && (p[k - 2] & 0xC0) == 0x80 &&
	             (b & 0xC0) == 0x80);
	if (a_ok && b_ok)
		return;
	trim_span(s, n);
}

/*
 * Trim, then fold full-width ASCII to half-width.  The value comes back
 * in (s, n), pointing either at the input (nothing to fold: the usual
 * case) or at buf.  Returns false if the folded value does not fit in buf.
 */
static bool trim_fold(const char **s, size_t *n, char *buf, size_t cap)
{
	trim_span(s, n);
	const unsigned char *p = (const unsigned char *)*s;
	size_t len = *n;
	if (!memchr(p, 0xEF, len))
		return true;
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		int c = fw_ascii(p + i, len - i);
		if (k >= cap)
			return false;
		if (c) {
			buf[k++] = (char)c;
			i += 3;
		} else {
			buf[k++] = (char)p[i++];
		}
	}
	*s = buf;
	*n = k;
	return true;
}

static bool eq(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return k == n && !memcmp(s, w, n);
}

static bool starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(s, w, k);
}

static bool ends(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(s + n - k, w, k);
}

static int isdig(int c) { return c >= '0' && c <= '9'; }

/* Count leading ASCII digits of s[0..n). */
static size_t ndigits(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isdig((unsigned char)s[i]))
		i++;
	return i;
}

static int num(const char *s, size_t k)
{
	int v = 0;
	for (size_t i = 0; i < k; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* "." followed by zeros only (a float rendering of an integer): length, else 0. */
static size_t dot_zeros(const char *s, size_t n)
{
	if (!n || s[0] != '.')
		return 0;
	size_t i = 1;
	while (i < n && s[i] == '0')
		i++;
	return i;
}

/* ---------------------------------------------------------------- dates */

/* days_from_civil / civil_from_days, after H. Hinnant's algorithms. */
int32_t date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int month_days(int y, int m)
{
	static const int md[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

void date_format(int32_t days, char out[11])
{
	int y, m, d;
	date_to_ymd(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		memcpy(out, "0000-00-00", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int32_t date_month_end(int y, int m)
{
	return date_from_ymd(y, m, month_days(y, m));
}

#define YEAR_MIN 1900
#define YEAR_MAX 2100

static int date_out(int y, int m, int d, int32_t *days)
{
	if (y < YEAR_MIN || y > YEAR_MAX || !date_valid_ymd(y, m, d))
		return VAL_BAD;
	*days = date_from_ymd(y, m, d);
	return VAL_OK;
}

/* After a complete date: nothing, or a time part introduced by a space or T. */
static bool date_tail_ok(const char *s, size_t n)
{
	return n == 0 || s[0] == ' ' || s[0] == 'T' || s[0] == '\t';
}

#define U8_NIAN "\xE5\xB9\xB4" /* 年 */
#define U8_YUE  "\xE6\x9C\x88" /* 月 */
#define U8_RI   "\xE6\x97\xA5" /* 日 */

/* Two ASCII digits at p, or -1. */
static inline int dig2(const char *p)
{
	unsigned a = (unsigned char)p[0] - '0', b = (unsigned char)p[1] - '0';
	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

bool parse_date_iso(const char *s, size_t n, int32_t *days)
{
	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	int c = dig2(s), y = dig2(s + 2), m = dig2(s + 5), d = dig2(s + 8);
	if (c < 0 || y < 0 || m < 0 || d < 0)
		return false;
	return date_out(c * 100 + y, m, d, days) == VAL_OK;
}

int parse_date(const char *s, size_t n, bool xlsx_serial, int32_t *days)
{
	if (parse_date_iso(s, n, days))
		return VAL_OK;     /* the usual forms; anything else the long way */
	if (n == 8) {
		int c = dig2(s), y = dig2(s + 2), m = dig2(s + 4), d = dig2(s + 6);
		if (c >= 0 && y >= 0 && m >= 0 && d >= 0)
			return date_out(c * 100 + y, m, d, days);   /* YYYYMMDD */
	}
	char buf[64];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	if (n == 0)
		return VAL_EMPTY;
	size_t k = ndigits(s, n);
	const char *r = s + k;
	size_t rn = n - k;

	if (k == 4 && rn && (r[0] == '-' || r[0] == '/' || r[0] == '.' || starts(r, rn, U8_NIAN))) {
		int y = num(s, 4);
		bool cn = r[0] != '-' && r[0] != '/' && r[0] != '.';
		char sep = r[0];
		size_t sk = cn ? 3 : 1;
		r += sk, rn -= sk;
		size_t mk = ndigits(r, rn);
		if (mk < 1 || mk > 2)
			return VAL_BAD;
		int m = num(r, mk);
		r += mk, rn -= mk;
		if (cn) {
			if (!starts(r, rn, U8_YUE))
				return VAL_BAD;
			r += 3, rn -= 3;
			size_t dk = ndigits(r, rn);
			if (dk < 1 || dk > 2)
				return VAL_BAD;
			int d = num(r, dk);
			r += dk, rn -= dk;
			if (starts(r, rn, U8_RI))
				r += 3, rn -= 3;
			return date_tail_ok(r, rn) ? date_out(y, m, d, days) : VAL_BAD;
		}
		if (rn && r[0] == sep) {
			r++, rn--;
			size_t dk = ndigits(r, rn);
			if (dk < 1 || dk > 2)
				return VAL_BAD;
			int d = num(r, dk);
			r += dk, rn -= dk;
			return date_tail_ok(r, rn) ? date_out(y, m, d, days) : VAL_BAD;
		}
		return VAL_BAD;   /* 2024-06 is a period, not a date (SPEC lists YYYYMM only) */
	}

	if (xlsx_serial && k >= 1 && k <= 5) {
		/* Excel 1900 date system; a fraction is the time of day */
		if (rn) {
			if (r[0] != '.' || ndigits(r + 1, rn - 1) != rn - 1)
				return VAL_BAD;
		}
		int serial = num(s, k);
		if (serial < 1 || serial == 60)
			return VAL_BAD;
		int32_t d = (int32_t)serial - (serial < 60 ? 25568 : 25569);
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		if (y < YEAR_MIN || y > YEAR_MAX)
			return VAL_BAD;
		*days = d;
		return VAL_OK;
	}

	if (k == 8 || k == 6) {
		size_t z = dot_zeros(r, rn);
		r += z, rn -= z;
		if (!date_tail_ok(r, rn))
			return VAL_BAD;
		int y = num(s, 4), m = num(s + 4, 2);
		return date_out(y, m, k == 8 ? num(s + 6, 2) : 1, days);
	}
	return VAL_BAD;
}

bool parse_period(const char *s, int *y, int *m)
{
	if (!s || strlen(s) != 7 || s[4] != '-' || ndigits(s, 4) != 4 || ndigits(s + 5, 2) != 2)
		return false;
	int yy = num(s, 4), mm = num(s + 5, 2);
	if (yy < YEAR_MIN || yy > YEAR_MAX || mm < 1 || mm > 12)
		return false;
	*y = yy;
	*m = mm;
	return true;
}

/* ---------------------------------------------------------------- numbers */

#define U8_YUAN   "\xE5\x85\x83"  /* 元 */
#define U8_FWYEN  "\xEF\xBF\xA5"  /* ￥ U+FFE5 */
#define U8_YEN    "\xC2\xA5"      /* ¥ U+00A5 */
#define U8_MINUS  "\xE2\x88\x92"  /* − U+2212 */
#define MONEY_MAX_INT_DIGITS 15

/*
 * Plain amounts without anything to normalize: 1..15 ASCII digits,
 * optionally '.' and one or two digits, nothing else.  Returns false for
 * anything else (the full parser decides).
 */
static bool money_plain(const char *s, size_t n, int64_t *fen)
{
	int64_t v = 0;
	size_t i = 0;
	while (i < n && i < 16) {
		unsigned d = (unsigned char)s[i] - '0';
		if (d > 9)
			break;
		v = v * 10 + d;
		i++;
	}
	if (i == 0 || i > MONEY_MAX_INT_DIGITS)
		return false;
	int cents = 0;
	if (i < n) {
		size_t f = n - i - 1;    /* digits after the point */
		if (s[i] != '.' || f < 1 || f > 2)
			return false;
		int a = (unsigned char)s[i + 1] - '0';
		int b = f == 2 ? (unsigned char)s[i + 2] - '0' : 0;
		if (a < 0 || a > 9 || b < 0 || b > 9)
			return false;
		cents = a * 10 + b;
	}
	*fen = v * 100 + cents;
	return true;
}

static int money(const char *s, size_t n, bool allow_negative, bool exponent, int64_t *fen);

int parse_money(const char *s, size_t n, bool allow_negative, int64_t *fen)
{
	return money(s, n, allow_negative, false, fen);
}

int parse_money_cell(const char *s, size_t n, bool allow_negative, int64_t *fen)
{
	return money(s, n, allow_negative, true, fen);
}

static int money(const char *s, size_t n, bool allow_negative, bool exponent, int64_t *fen)
{
	if (money_plain(s, n, fen))
		return VAL_OK;     /* the usual form; anything else the long way */
	char buf[64];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	if (n == 0)
		return VAL_EMPTY;
	bool neg = false, sign = false, cur = false;
	for (;;) {                       /* sign and currency sign, either order */
		if (!sign && n && (s[0] == '-' || s[0] == '+')) {
			neg = s[0] == '-';
			sign = true;
			s++, n--;
		} else if (!sign && starts(s, n, U8_MINUS)) {
			neg = sign = true;
			s += 3, n -= 3;
		} else if (!cur && starts(s, n, U8_FWYEN)) {
			cur = true;
			s += 3, n -= 3;
		} else if (!cur && starts(s, n, U8_YEN)) {
			cur = true;
			s += 2, n -= 2;
		} else {
			break;
		}
		trim_span(&s, &n);
	}
	if (ends(s, n, U8_YUAN)) {
		n -= 3;
		trim_span(&s, &n);
	}

	unsigned char dg[64];            /* significant digits, leading zeros dropped */
	int nd = 0, point = 0;           /* digits before the decimal point */
	size_t i = 0;
	bool any = false, comma_ok = false;   /* any: an integer digit was seen */
	int group = 0;                   /* digits since the last thousands comma */
	bool commas = false;
	for (; i < n; i++) {
		char c = s[i];
		if (isdig((unsigned char)c)) {
			any = true;
			comma_ok = true;
			if (++group > 3 && commas)
				return VAL_BAD;      /* 12,3456: not a thousands group */
			if (nd == 0 && c == '0')
				continue;
			if (nd >= (int)sizeof dg)
				return VAL_BAD;
			dg[nd++] = (unsigned char)(c - '0');
			point++;
		} else if (c == ',' && comma_ok && i + 1 < n && isdig((unsigned char)s[i + 1])) {
			if ((commas && group != 3) || (!commas && group > 3))
				return VAL_BAD;      /* 1,2,3 or 1234,567: not thousands groups */
			commas = true;
			group = 0;
			continue;
		} else {
			break;
		}
	}
	if (commas && group != 3)
		return VAL_BAD;              /* 12,34 */
	if (i < n && s[i] == '.') {
		for (i++; i < n && isdig((unsigned char)s[i]); i++) {
			if (nd == 0 && s[i] == '0') {
				point--;             /* 0.05: leading fraction zeros */
				continue;
			}
			if (nd >= (int)sizeof dg)
				return VAL_BAD;
			dg[nd++] = (unsigned char)(s[i] - '0');
		}
	}
	if (!any)
		return VAL_BAD;
	if (exponent && i < n && (s[i] == 'E' || s[i] == 'e')) {   /* 1.5E+4: numeric cell only */
		i++;
		bool eneg = false;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		size_t ek = ndigits(s + i, n - i);
		if (ek == 0 || ek > 3)
			return VAL_BAD;
		int e = num(s + i, ek);
		i += ek;
		point += eneg ? -e : e;
	}
	if (i != n)
		return VAL_BAD;
	if (nd == 0)
		point = 0;
	if (point > MONEY_MAX_INT_DIGITS)
		return VAL_BAD;
	int64_t v = 0;
	int lim = point + 2;             /* digits that make whole fen */
	for (int j = 0; j < lim; j++)
		v = v * 10 + (j < nd ? dg[j] : 0);
	if (lim >= 0 && lim < nd && dg[lim] >= 5)
		v++;
	if (neg) {                       /* even "-0": a minus sign is a refund */
		if (!allow_negative)
			return VAL_BAD;
		v = -v;
	}
	*fen = v;
	return VAL_OK;
}

void money_format(int64_t fen, char out[32])
{
	uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
	char tmp[32];
	int k = 0;
	uint64_t yuan = a / 100;
	unsigned cents = (unsigned)(a % 100);
	tmp[k++] = (char)('0' + cents % 10);
	tmp[k++] = (char)('0' + cents / 10);
	tmp[k++] = '.';
	do {
		tmp[k++] = (char)('0' + yuan % 10);
		yuan /= 10;
	} while (yuan);
	if (fen < 0)
		tmp[k++] = '-';
	for (int i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	out[k] = '\0';
}

int parse_year(const char *s, size_t n, int *year)
{
	if (n == 4) {              /* the usual form: four ASCII digits */
		int a = dig2(s), b = dig2(s + 2);
		if (a >= 0 && b >= 0) {
			int y = a * 100 + b;
			if (y < YEAR_MIN || y > YEAR_MAX)
				return VAL_BAD;
			*year = y;
			return VAL_OK;
		}
	}
	char buf[64];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	if (n == 0)
		return VAL_EMPTY;
	if (ndigits(s, n) != 4)
		return VAL_BAD;
	const char *r = s + 4;
	size_t rn = n - 4;
	size_t z = dot_zeros(r, rn);
	r += z, rn -= z;
	if (!z && eq(r, rn, U8_NIAN))
		rn = 0;
	if (rn)
		return VAL_BAD;
	int y = num(s, 4);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return VAL_BAD;
	*year = y;
	return VAL_OK;
}

#define U8_REN "\xE4\xBA\xBA" /* 人 */

int parse_count(const char *s, size_t n, int *count)
{
	char buf[64];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	if (n == 0)
		return VAL_EMPTY;
	size_t k = ndigits(s, n);
	if (k == 0 || k > 9)
		return VAL_BAD;
	const char *r = s + k;
	size_t rn = n - k;
	size_t z = dot_zeros(r, rn);
	r += z, rn -= z;
	if (!z && eq(r, rn, U8_REN))
		rn = 0;
	if (rn)
		return VAL_BAD;
	*count = num(s, k);
	return VAL_OK;
}

/* ---------------------------------------------------------------- vocabularies */

/* A vocabulary word with its byte length (no strlen while comparing).
 * No word holds the byte EF (full-width forms), so folding never changes
 * a value that already equals a word (see vocab()). */
typedef struct word {
	const char *w;
	unsigned char len;
	int cls;
} word;

#define W(text, cls) { text, sizeof text - 1, cls }
#define NWORDS(a) (sizeof (a) / sizeof (a)[0])

/* memcmp(a, b, n) == 0 for short n, without a call: words of 8 or 4
 * bytes, the last one overlapping. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	if (n >= 8) {
		uint64_t x, y;
		for (size_t i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, b + i, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, b + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		uint32_t x0, y0, x1, y1;
		memcpy(&x0, a, 4);
		memcpy(&y0, b, 4);
		memcpy(&x1, a + n - 4, 4);
		memcpy(&y1, b + n - 4, 4);
		return x0 == y0 && x1 == y1;
	}
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool lookup(const word *tab, size_t nt, const char *s, size_t n, int *cls)
{
	for (size_t i = 0; i < nt; i++) {
		/* len >= 1, so s[0] exists when the lengths agree */
		if (tab[i].len == n && tab[i].w[0] == s[0] && same_bytes(s, tab[i].w, n)) {
			*cls = tab[i].cls;
			return true;
		}
	}
	return false;
}

/* Trim + fold, then look up; VAL_EMPTY leaves *cls alone.  The trimmed
 * value is looked up first as it is: a match needs no folding (no word
 * holds full-width forms), so only values that are not words pay for it. */
static int vocab(const word *tab, size_t nt, const char *s, size_t n, int *cls)
{
	trim_quick(&s, &n);
	if (n == 0)
		return VAL_EMPTY;
	if (lookup(tab, nt, s, n, cls))
		return VAL_OK;
	char buf[128];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	return lookup(tab, nt, s, n, cls) ? VAL_OK : VAL_BAD;
}

static const word yesno_words[] = {
	W("是", YN_YES), W("Y", YN_YES), W("y", YN_YES), W("1", YN_YES),
	W("TRUE", YN_YES), W("true", YN_YES), W("√", YN_YES),
	W("否", YN_NO), W("N", YN_NO), W("n", YN_NO), W("0", YN_NO),
	W("FALSE", YN_NO), W("false", YN_NO), W("×", YN_NO),
};

int vocab_yesno(const char *s, size_t n, int *cls)
{
	return vocab(yesno_words, NWORDS(yesno_words), s, n, cls);
}

static const word policy_words[] = {
	W("农村低保", YN_YES), W("城市低保", YN_YES),
	W("农村特困", YN_YES), W("城市特困", YN_YES),
	W("不享受", YN_NO),
};

int vocab_policy(const char *s, size_t n, int *cls)
{
	int rc = vocab(policy_words, NWORDS(policy_words), s, n, cls);
	if (rc == VAL_EMPTY) {
		*cls = YN_NO;
		return VAL_OK;
	}
	return rc;
}

static const word household_type_words[] = {
	W("脱贫户", HT_TUOPIN), W("一般农户", HT_YIBAN), W("监测户", HT_JIANCE),
};

int vocab_household_type(const char *s, size_t n, int *cls)
{
	return vocab(household_type_words, NWORDS(household_type_words), s, n, cls);
}

static const word monitor_type_words[] = {
	W("脱贫不稳定户", MT_BUWENDING), W("边缘易致贫户", MT_BIANYUAN),
	W("突发严重困难户", MT_TUFA),
};

int vocab_monitor_type(const char *s, size_t n, int *cls)
{
	int rc = vocab(monitor_type_words, NWORDS(monitor_type_words), s, n, cls);
	if (rc == VAL_EMPTY)
		*cls = MT_NONE;
	return rc;
}

static const word health_words[] = {
	W("健康", HS_HEALTHY), W("长期慢性病", HS_CHRONIC),
	W("患有大病", HS_SERIOUS), W("残疾", HS_DISABLED),
};

#define U8_DUN "\xE3\x80\x81" /* 、 */

int vocab_health(const char *s, size_t n, int *mask)
{
	char buf[128];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return VAL_BAD;
	if (n == 0)
		return VAL_EMPTY;
	int m = 0;
	size_t i = 0;
	while (i <= n) {
		/* part = s[i .. j) up to the next 、 or , (full-width ， is folded) */
		size_t j = i, sep = 0;
		while (j < n) {
			if (s[j] == ',') {
				sep = 1;
				break;
			}
			if (starts(s + j, n - j, U8_DUN)) {
				sep = 3;
				break;
			}
			j++;
		}
		const char *p = s + i;
		size_t pn = j - i;
		trim_span(&p, &pn);
		int c;                  /* every part a known word ("健康、" is not) */
		if (!lookup(health_words, NWORDS(health_words), p, pn, &c))
			return VAL_BAD;
		m |= c;
		if (!sep)
			break;
		i = j + sep;
	}
	if (!m)
		return VAL_BAD;
	*mask = m;
	return VAL_OK;
}

static const word work_words[] = {
	W("县内务工", WS_WORKING), W("乡(镇)内务工", WS_WORKING),
	W("乡(镇)外县内务工", WS_WORKING), W("县外省内务工", WS_WORKING),
	W("省外务工", WS_WORKING), W("务工", WS_WORKING),
	W("未务工", WS_NOT_WORKING), W("无", WS_NOT_WORKING),
};

int vocab_work_status(const char *s, size_t n, int *cls)
{
	return vocab(work_words, NWORDS(work_words), s, n, cls);
}

static const word school_words[] = {
	W("非在校生", SS_NOT_IN_SCHOOL),
	W("学龄前儿童", SS_PRESCHOOL), W("学前教育", SS_PRESCHOOL),
	W("小学", SS_COMPULSORY),
	W("一年级", SS_COMPULSORY), W("二年级", SS_COMPULSORY), W("三年级", SS_COMPULSORY),
	W("四年级", SS_COMPULSORY), W("五年级", SS_COMPULSORY), W("六年级", SS_COMPULSORY),
	W("初中", SS_COMPULSORY),
	W("七年级", SS_COMPULSORY), W("八年级", SS_COMPULSORY), W("九年级", SS_COMPULSORY),
	W("高中", SS_SENIOR),
	W("高中一年级", SS_SENIOR), W("高中二年级", SS_SENIOR), W("高中三年级", SS_SENIOR),
	W("中职", SS_SENIOR),
	W("中职一年级", SS_SENIOR), W("中职二年级", SS_SENIOR), W("中职三年级", SS_SENIOR),
	W("中专", SS_SENIOR), W("技校", SS_SENIOR),
	W("高职高专一年级", SS_TERTIARY), W("高职高专二年级", SS_TERTIARY),
	W("高职高专三年级", SS_TERTIARY),
	W("大专", SS_TERTIARY), W("本科", SS_TERTIARY),
	W("硕士生及以上", SS_TERTIARY), W("硕士研究生及以上", SS_TERTIARY),
};

int vocab_school_status(const char *s, size_t n, int *cls)
{
	int rc = vocab(school_words, NWORDS(school_words), s, n, cls);
	if (rc == VAL_EMPTY)
		*cls = SS_NOT_IN_SCHOOL;
	return rc;
}

/* The junior-secondary words among the compulsory ones (LJ07 tells
 * 小学/一…六年级 from 初中/七…九年级). */
static const word junior_words[] = {
	W("初中", 1), W("七年级", 1), W("八年级", 1), W("九年级", 1),
};

bool vocab_school_junior(const char *s, size_t n)
{
	int c;
	return vocab(junior_words, NWORDS(junior_words), s, n, &c) == VAL_OK;
}

static const word sex_words[] = {
	W("1", SEX_MALE), W("男", SEX_MALE), W("2", SEX_FEMALE), W("女", SEX_FEMALE),
};

int vocab_sex(const char *s, size_t n, int *cls)
{
	return vocab(sex_words, NWORDS(sex_words), s, n, cls);
}

static const word labor_words[] = {
	W("普通劳动力", LS_ORDINARY), W("技能劳动力", LS_SKILLED),
	W("弱劳动力或半劳动力", LS_WEAK), W("丧失劳动力", LS_LOST), W("无劳动力", LS_NONE),
};

int vocab_labor_skill(const char *s, size_t n, int *cls)
{
	return vocab(labor_words, NWORDS(labor_words), s, n, cls);
}

const char *vocab_labor_word(int cls)
{
	for (size_t i = 0; i < NWORDS(labor_words); i++)
		if (labor_words[i].cls == cls)
			return labor_words[i].w;
	return "";
}

static const word dibao_status_words[] = {
	W("正常", ST_ACTIVE), W("在保", ST_ACTIVE), W("保障中", ST_ACTIVE), W("在册", ST_ACTIVE),
	W("停保", ST_INACTIVE), W("终止", ST_INACTIVE), W("注销", ST_INACTIVE), W("退出", ST_INACTIVE),
};

static const word med_status_words[] = {
	W("参保缴费", ST_ACTIVE), W("正常参保", ST_ACTIVE), W("正常", ST_ACTIVE),
	W("已参保", ST_ACTIVE), W("参保", ST_ACTIVE),
	W("暂停", ST_INACTIVE), W("终止", ST_INACTIVE), W("中断", ST_INACTIVE),
	W("停保", ST_INACTIVE), W("未参保", ST_INACTIVE), W("未缴费", ST_INACTIVE),
};

static const word school_status_words[] = {
	W("在读", ST_ACTIVE), W("在籍", ST_ACTIVE), W("在校", ST_ACTIVE),
	W("正常", ST_ACTIVE), W("转出", ST_ACTIVE),
	W("辍学", ST_DROPOUT), W("失学", ST_DROPOUT),
	W("休学", ST_SUSPENDED),
	W("毕业", ST_FINISHED), W("结业", ST_FINISHED),
};

static const word employment_status_words[] = {
	W("就业", ST_ACTIVE), W("在岗", ST_ACTIVE), W("务工", ST_ACTIVE), W("已就业", ST_ACTIVE),
	W("失业", ST_UNEMPLOYED), W("未就业", ST_UNEMPLOYED), W("离岗", ST_UNEMPLOYED),
};

int vocab_status(enum status_vocab list, const char *s, size_t n, int *cls)
{
	int rc;
	switch (list) {
	case SV_DIBAO_TEKUN:
		rc = vocab(dibao_status_words, NWORDS(dibao_status_words), s, n, cls);
		if (rc == VAL_EMPTY)
			*cls = ST_ACTIVE;
		return rc;
	case SV_MED_ENROLL:
		return vocab(med_status_words, NWORDS(med_status_words), s, n, cls);
	case SV_SCHOOL:
		return vocab(school_status_words, NWORDS(school_status_words), s, n, cls);
	case SV_EMPLOYMENT:
		return vocab(employment_status_words, NWORDS(employment_status_words), s, n, cls);
	default:
		return VAL_BAD;
	}
}

static bool in_list(const char *const *list, const char *s, size_t n)
{
	char buf[128];
	if (!trim_fold(&s, &n, buf, sizeof buf))
		return false;
	for (size_t i = 0; list[i]; i++)
		if (eq(s, n, list[i]))
			return true;
	return false;
}

bool water_quality_bad(const char *s, size_t n)
{
	static const char *const bad[] = { "不合格", "不达标", NULL };
	return in_list(bad, s, n);
}

bool water_supply_bad(const char *s, size_t n)
{
	static const char *const bad[] = { "季节性缺水", "缺水", "供水不足", "断水", NULL };
	return in_list(bad, s, n);
}

/* ---------------------------------------------------------------- phone numbers */

/*
 * LJ17's cleaning: every space out, then one trailing ".0" (a number
 * through a spreadsheet), then a leading "+86" or "86".  The rest is
 * valid when it is a mobile number (1[3-9] and 9 more digits) or a
 * landline (0, 2-3 digits, an optional '-', 7-8 digits).
 */
int parse_phone(const char *s, size_t n, uint64_t *code)
{
	char b[64];
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t u = p[i] == ' ' ? 1 : uspace(p + i, n - i);
		if (u) {
			i += u;
			continue;
		}
		if (k == sizeof b)
			return VAL_BAD;       /* too long for any phone number */
		b[k++] = (char)p[i++];
	}
	if (!k)
		return VAL_EMPTY;
	if (k >= 2 && b[k - 2] == '.' && b[k - 1] == '0')
		k -= 2;
	size_t a = 0;
	if (k >= 3 && b[0] == '+' && b[1] == '8' && b[2] == '6')
		a = 3;
	else if (k >= 2 && b[0] == '8' && b[1] == '6')
		a = 2;
	const char *d = b + a;
	size_t m = k - a;
	if (!m)
		return VAL_BAD;
	size_t nd = ndigits(d, m);
	uint64_t v = 0;
	unsigned hyphen = 0;
	if (nd == m && m == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
		/* mobile */
	} else if (d[0] == '0' && nd == m && m >= 10 && m <= 12) {
		/* landline without '-': 0 + 2-3 + 7-8 digits */
	} else if (d[0] == '0' && (nd == 3 || nd == 4) && nd < m && d[nd] == '-' &&
	           ndigits(d + nd + 1, m - nd - 1) == m - nd - 1 && (m - nd - 1 == 7 || m - nd - 1 == 8)) {
		hyphen = (unsigned)nd;
	} else {
		return VAL_BAD;
	}
	unsigned digits = 0;
	for (size_t i = 0; i < m; i++) {
		if (d[i] == '-')
			continue;
		v = v * 10 + (uint64_t)(d[i] - '0');
		digits++;
	}
	*code = (uint64_t)hyphen << 48 | (uint64_t)digits << 40 | v;
	return VAL_OK;
}

void phone_format(uint64_t code, char out[24])
{
	unsigned hyphen = (unsigned)(code >> 48) & 0xFF, digits = (unsigned)(code >> 40) & 0xFF;
	uint64_t v = code & ((1ULL << 40) - 1);
	char d[16];
	if (digits > 15)
		digits = 15;
	for (unsigned i = digits; i-- > 0;) {
		d[i] = (char)('0' + v % 10);
		v /= 10;
	}
	size_t k = 0;
	for (unsigned i = 0; i < digits; i++) {
		if (hyphen && i == hyphen)
			out[k++] = '-';
		out[k++] = d[i];
	}
	out[k] = '\0';
}

/* ---------------------------------------------------------------- normalizers */

static bool all_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

void norm_halfwidth(strbuf *out, const char *s, size_t n)
{
	sb_reset(out);
	if (all_ascii(s, n)) {
		sb_add(out, s, n);
		return;
	}
	sb_grow(out, n);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		int c = p[i] >= 0x80 ? fw_ascii(p + i, n - i) : 0;
		if (c) {
			out->buf[out->len++] = (char)c;
			i += 3;
		} else if (p[i] == 0xE3 && i + 2 < n && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
			out->buf[out->len++] = ' ';
			i += 3;
		} else {
			out->buf[out->len++] = (char)p[i++];
		}
	}
	out->buf[out->len] = '\0';
}

#define U8_MIDDOT "\xC2\xB7"  /* · U+00B7, the one dot of norm_name */

/* Is p one of the name dots · • ‧ ・ ･ (or '.')?  Returns its byte length. */
static size_t name_dot(const unsigned char *p, size_t left)
{
	if (p[0] == '.')
		return 1;
	if (left >= 2 && p[0] == 0xC2 && p[1] == 0xB7)
		return 2;
	if (left >= 3) {
		if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA2 || p[2] == 0xA7))
			return 3;   /* • U+2022, ‧ U+2027 */
		if (p[0] == 0xE3 && p[1] == 0x83 && p[2] == 0xBB)
			return 3;   /* ・ U+30FB */
		if (p[0] == 0xEF && p[1] == 0xBD && p[2] == 0xA5)
			return 3;   /* ･ U+FF65, the half-width ・ */
	}
	return 0;
}

void norm_name(strbuf *out, const char *s, size_t n)
{
	sb_reset(out);
	sb_grow(out, 2 * n);   /* worst case: every byte a '.' -> 2-byte · */
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if (is_ascii_space(c)) {
				i++;
			} else if (c == '.') {
				sb_add(out, U8_MIDDOT, 2);
				i++;
			} else {
				out->buf[out->len++] = (char)c;
				out->buf[out->len] = '\0';
				i++;
			}
			continue;
		}
		size_t k;
		int a;
		if ((k = uspace(p + i, n - i)) != 0) {
			i += k;
		} else if ((k = name_dot(p + i, n - i)) != 0) {
			sb_add(out, U8_MIDDOT, 2);
			i += k;
		} else if ((a = fw_ascii(p + i, n - i)) != 0) {
			if (a == '.')
				sb_add(out, U8_MIDDOT, 2);
			else
				sb_addc(out, a);
			i += 3;
		} else {
			k = u8len(c, n - i);
			sb_add(out, p + i, k);
			i += k;
		}
	}
}

void norm_place(strbuf *out, const char *s, size_t n)
{
	trim_span(&s, &n);
	norm_halfwidth(out, s, n);
	const char *t = out->buf;
	size_t tn = out->len;
	trim_span(&t, &tn);
	static const char *const suffix[] = { "人民政府", "办事处" };
	for (size_t i = 0; i < 2; i++) {
		if (ends(t, tn, suffix[i]) && tn > strlen(suffix[i])) {
			tn -= strlen(suffix[i]);
			trim_span(&t, &tn);
			break;
		}
	}
	if (t != out->buf)
		memmove(out->buf, t, tn);
	out->len = tn;
	out->buf[tn] = '\0';
}

void norm_header(strbuf *out, const char *s, size_t n)
{
	sb_reset(out);
	sb_grow(out, n);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		size_t k = 1;
		int a = c;
		if (c >= 0x80) {
			if ((k = uspace(p + i, n - i)) != 0) {
				i += k;
				continue;
			}
			if ((a = fw_ascii(p + i, n - i)) != 0) {
				k = 3;
			} else if (i + 2 < n && c == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x90) {
				a = '(';     /* 【 */
				k = 3;
			} else if (i + 2 < n && c == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x91) {
				a = ')';     /* 】 */
				k = 3;
			} else {
				k = u8len(c, n - i);
				sb_add(out, p + i, k);
				i += k;
				continue;
			}
		}
		i += k;
		if (is_ascii_space((unsigned char)a))
			continue;
		if (a == '[')
			a = '(';
		else if (a == ']')
			a = ')';
		out->buf[out->len++] = (char)a;
		out->buf[out->len] = '\0';
	}
}

/* ---------------------------------------------------------------- UTF-8 */

bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		/* ASCII fast path, 8 bytes at a time */
		while (end - p >= 8) {
			uint64_t w;
			memcpy(&w, p, 8);
			if (w & 0x8080808080808080ULL)
				break;
			p += 8;
		}
		if (p >= end)
			break;
		unsigned char c = *p;
		if (c < 0x80) {
			p++;
			continue;
		}
		size_t left = (size_t)(end - p);
		if (c >= 0xC2 && c <= 0xDF) {
			if (left < 2 || (p[1] & 0xC0) != 0x80)
				return false;
			p += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
				return false;
			if (c == 0xE0 && p[1] < 0xA0)
				return false;     /* overlong */
			if (c == 0xED && p[1] >= 0xA0)
				return false;     /* surrogate */
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
			    (p[3] & 0xC0) != 0x80)
				return false;
			if (c == 0xF0 && p[1] < 0x90)
				return false;     /* overlong */
			if (c == 0xF4 && p[1] >= 0x90)
				return false;     /* > U+10FFFF */
			p += 4;
		} else {
			return false;
		}
	}
	return true;
}

void period_previous_month(char out[8])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1;
	if (--m == 0) {
		m = 12;
		y--;
	}
	snprintf(out, 8, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
}
