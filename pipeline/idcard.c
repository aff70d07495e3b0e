/*
 * idcard.c - resident ID numbers (GB 11643-1999), SPEC §3.  See idcard.h.
 *
 * Functions in call order:
 *   idcard_normalize()  raw cell -> canonical text (also used by idcheck)
 *   idcard_parse()      fast path for a plain 18-char ID (parse_plain18),
 *                       else normalize, classify, upgrade, validate, pack
 *   idcard_check_char() ISO 7064 MOD 11-2 check character of 17 digits
 *   idcard_pack() / idcard_unpack(), idcard_age(), idcard_sex(), idcard_region()
 *   dq_name(), dq_desc(), dq_rejects()   the DQ code table
 *
 * Normalization: trim (ASCII and Unicode spaces incl. U+3000, NBSP), strip a
 * surrounding ="..." and a leading ' (a leading tab is trimmed), full-width
 * ASCII (U+FF01..U+FF5E) to half-width, ASCII letters to upper case (so x ->
 * X and 4.1e17 -> 4.1E17), inner spaces removed.  Any other character is
 * kept as is (it is not a digit, so it makes the value DQ02).
 *
 * Classification, first match wins:
 *   1. empty after normalization              DQ01
 *   2. numeric xlsx cell (numeric_cell)        DQ05 whatever it shows
 *   3. starts with 999999 (placeholder)        DQ01
 *   4. scientific notation d[.d]E[+-]d         DQ05 (never repaired)
 *   5. 15 digits: insert 19, compute check     DQ06 notice, then step 7's
 *                                              date check (bad date -> DQ04)
 *   6. 20/22 chars, first 18 ID-shaped, rest digits: first 18 used, DQ12
 *      notice, then as 18
 *   7. 18 chars, 17 digits + digit/X: check character (DQ03) first, then
 *      birth date real, >= 1900-01-01 and <= ref_days (DQ04).  The check
 *      character comes first because a typo anywhere (also in the date
 *      digits) shows as a wrong check character.
 *   8. anything else (length, characters)      DQ02
 *
 * Fast path: a cell of exactly 18 ASCII characters that is a usable ID as
 * it stands (the usual case) is checked, packed and dated in one pass
 * without normalizing (parse_plain18, eight digits at a time); every other
 * value, and every value that fails there, goes the full way above, so
 * results never differ.
 *
 * Memory: none; a 64-byte stack buffer (longer values are DQ02).
 */
#include "idcard.h"
#include "vocab.h"
#include <string.h>

#define NORM_MAX 64


static int is_ascii_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* UTF-8 sequence length from the lead byte (1 for invalid bytes). */
static size_t u8len(unsigned char c, size_t left)
{
	size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return k > left ? left : k;
}

size_t idcard_normalize(const char *s, size_t n, char *out, size_t cap)
{
	trim_span(&s, &n);
	/* ="..." : Excel's way of forcing text */
	if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
		s += 2;
		n -= 3;
		trim_span(&s, &n);
	}
	if (n && (s[0] == '\'' || s[0] == '\t')) {
		s++;
		n--;
	} else if (n >= 3 && fw_ascii((const unsigned char *)s, n) == '\'') {
		s += 3;
		n -= 3;
	}
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t k = 0;
	while (p < end) {
		int c = *p;
		size_t step = 1;
		if (c >= 0x80) {
			size_t sp = uspace(p, (size_t)(end - p));
			if (sp) {
				p += sp;
				continue;
			}
			c = fw_ascii(p, (size_t)(end - p));
			if (c) {
				step = 3;
			} else {
				/* kept as is: it is not a digit, so the value is DQ02 */
				step = u8len(*p, (size_t)(end - p));
				for (size_t j = 0; j < step; j++, k++)
					if (k + 1 < cap)
						out[k] = (char)p[j];
				p += step;
				continue;
			}
		}
		p += step;
		if (is_ascii_space(c))
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (k + 1 < cap)
			out[k] = (char)c;
		k++;
	}
	if (cap)
		out[k < cap ? k : cap - 1] = '\0';
	return k;
}

static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

char idcard_check_char(const char *d17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (d17[i] - '0') * weights[i];
	return "10X98765432"[sum % 11];
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* 17 digits followed by a digit or X. */
static bool id_shape(const char *s)
{
	return all_digits(s, 17) && ((s[17] >= '0' && s[17] <= '9') || s[17] == 'X');
}

/* [+-]? digits [. digits*]? E [+-]? digits */
static bool scientific(const char *s, size_t n)
{
	size_t i = 0, d = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (!d || i >= n || s[i] != 'E')
		return false;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n)
		return false;
	return all_digits(s + i, n - i);
}

static int d2(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/* Eight digit values (0..9, one per byte, first digit in the low byte) as
 * a number: pairs, then quads, then the whole in three multiplications. */
static inline uint64_t eight_digits(uint64_t x)
{
	x = x * 10 + (x >> 8);
	x = (((x & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
	     (((x >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >> 32;
	return x & 0xFFFFFFFFULL;
}

/* date_from_ymd() (vocab.c), inline for the fast path: days since
 * 1970-01-01 after H. Hinnant's days_from_civil, for y >= 1. */
static inline int32_t days_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = y / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

/*
 * The common case without normalization: exactly 18 ASCII characters, 17
 * digits and a digit or X, right check character, birth date real, from
 * 1900 on and not after ref_days, not the 999999 placeholder.  Fills *out
 * exactly as the full path would and returns true; anything else (also a
 * value that is invalid) returns false and the full path decides.  The
 * digits are checked, summed for the check character and packed in one
 * pass; the date is checked with arithmetic on the digits.
 */
static bool parse_plain18(const char *s, int32_t ref_days, idcard *out)
{
	/* eight characters at a time (little-endian: byte k is s[k]) */
	uint64_t a, b;
	memcpy(&a, s, 8);
	memcpy(&b, s + 8, 8);
	const uint64_t F0 = 0xF0F0F0F0F0F0F0F0ULL, D3 = 0x3333333333333333ULL;
	const uint64_t SIX = 0x0606060606060606ULL, ZERO = 0x3030303030303030ULL;
	/* all digits: high nibble 3, and still 3 after adding 6 (low nibble <= 9) */
	if (((a & F0) | ((a + SIX) & F0) >> 4) != D3 || ((b & F0) | ((b + SIX) & F0) >> 4) != D3)
		return false;
	unsigned d16 = (unsigned char)s[16] - '0', last = (unsigned char)s[17];
	unsigned cv = last == 'X' ? 10 : last - '0';
	if (d16 > 9 || cv > 10)
		return false;
	if ((a & 0xFFFFFFFFFFFFULL) == 0x393939393939ULL)
		return false;     /* 999999: the placeholder, DQ01 on the full path */
	a -= ZERO;
	b -= ZERO;
	/* check character: sum of digit * weight.  Digits split into 16-bit
	 * lanes (even and odd positions); multiplying by the weights placed in
	 * reverse lane order gathers the dot product in the top lane (no lane
	 * exceeds 4 * 9 * 10, so nothing carries between lanes). */
	const uint64_t LO = 0x00FF00FF00FF00FFULL;
	uint64_t ae = a & LO, ao = (a >> 8) & LO, be = b & LO, bo = (b >> 8) & LO;
	unsigned sum = (unsigned)((ae * 0x0007000A00080002ULL) >> 48) +   /* s0 s2 s4 s6: 7 10 8 2 */
	               (unsigned)((ao * 0x0009000500040001ULL) >> 48) +   /* s1 s3 s5 s7: 9 5 4 1 */
	               (unsigned)((be * 0x00060007000A0008ULL) >> 48) +   /* s8 s10 s12 s14: 6 7 10 8 */
	               (unsigned)((bo * 0x0003000900050004ULL) >> 48) +   /* s9 s11 s13 s15: 3 9 5 4 */
	               d16 * 2;
	/* remainder -> check value: "10X98765432" */
	static const unsigned char want[11] = { 1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2 };
	if (want[sum % 11] != cv || (cv == 10 && last != 'X'))
		return false;
	/* birth date: digits 6..13 */
	int y = (int)(a >> 48 & 0xFF) * 1000 + (int)(a >> 56) * 100 + (int)(b & 0xFF) * 10 +
	        (int)(b >> 8 & 0xFF);
	int m = (int)(b >> 16 & 0xFF) * 10 + (int)(b >> 24 & 0xFF);
	int d = (int)(b >> 32 & 0xFF) * 10 + (int)(b >> 40 & 0xFF);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	if (d > 28) {
		static const unsigned char mdays[13] = { 0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		if (d > mdays[m])
			return false;
		if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
			return false;
	}
	int32_t birth = days_from_ymd(y, m, d);
	if (birth > ref_days)
		return false;
	/* the 17 digits as a number: eight digits per word */
	uint64_t v = (eight_digits(a) * 100000000 + eight_digits(b)) * 10 + d16;
	memcpy(out->id, s, 18);
	out->id[18] = '\0';
	out->status = 0;
	out->notice = 0;
	out->birth = birth;
	out->key = v * 11 + cv;
	return true;
}

int idcard_parse(const char *s, size_t n, int32_t ref_days, bool numeric_cell, idcard *out)
{
	if (n == 18 && !numeric_cell && parse_plain18(s, ref_days, out))
		return 0;

	char t[NORM_MAX];
	size_t len = idcard_normalize(s, n, t, sizeof t);

	memset(out, 0, sizeof *out);
	if (len == 0)
		return out->status = DQ01;
	if (numeric_cell)
		return out->status = DQ05;
	if (len >= 6 && !memcmp(t, "999999", 6))
		return out->status = DQ01;
	if (len >= sizeof t)
		return out->status = DQ02;
	if (scientific(t, len))
		return out->status = DQ05;

	if (len == 15 && all_digits(t, 15)) {
		memcpy(out->id, t, 6);
		out->id[6] = '1';
		out->id[7] = '9';
		memcpy(out->id + 8, t + 6, 9);
		out->id[17] = idcard_check_char(out->id);
		out->notice = DQ06;
	} else if ((len == 20 || len == 22) && id_shape(t) && all_digits(t + 18, len - 18)) {
		memcpy(out->id, t, 18);
		out->notice = DQ12;
	} else if (len == 18 && id_shape(t)) {
		memcpy(out->id, t, 18);
	} else {
		return out->status = DQ02;
	}
	out->id[18] = '\0';

	if (out->notice != DQ06 && idcard_check_char(out->id) != out->id[17]) {
		out->notice = 0;
		return out->status = DQ03;
	}
	int y = (out->id[6] - '0') * 1000 + (out->id[7] - '0') * 100 + d2(out->id + 8);
	int m = d2(out->id + 10), d = d2(out->id + 12);
	if (y < 1900 || !date_valid_ymd(y, m, d)) {
		out->notice = 0;
		return out->status = DQ04;
	}
	int32_t birth = date_from_ymd(y, m, d);
	if (birth > ref_days) {
		out->notice = 0;
		return out->status = DQ04;
	}
	out->birth = birth;
	out->key = idcard_pack(out->id);
	return out->status = 0;
}

uint64_t idcard_pack(const char *id18)
{
	uint64_t v = 0;
	for (int i = 0; i < 17; i++)
		v = v * 10 + (uint64_t)(id18[i] - '0');
	unsigned cv = id18[17] == 'X' ? 10 : (unsigned)(id18[17] - '0');
	return v * 11 + cv;
}

void idcard_unpack(uint64_t key, char out[19])
{
	unsigned cv = (unsigned)(key % 11);
	uint64_t v = key / 11;
	for (int i = 16; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	out[17] = cv == 10 ? 'X' : (char)('0' + cv);
	out[18] = '\0';
}

int idcard_age(int32_t birth, int32_t at)
{
	int by, bm, bd, ay, am, ad;
	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(at, &ay, &am, &ad);
	int age = ay - by;
	if (am < bm || (am == bm && ad < bd))
		age--;
	return age;
}

int idcard_sex(const char *id18)
{
	return ((id18[16] - '0') & 1) ? 1 : 2;
}

int idcard_region(const char *id18)
{
	int r = 0;
	for (int i = 0; i < 6; i++)
		r = r * 10 + (id18[i] - '0');
	return r;
}

static const struct {
	const char *name;
	const char *desc;
	bool rejects;
} dq_table[DQ_COUNT] = {
	[DQ_NONE] = { "", "", false },
	[DQ01] = { "DQ01", "证件号码缺失（为空或为999999占位号）", true },
	[DQ02] = { "DQ02", "证件号码格式错误（位数或字符不对）", true },
	[DQ03] = { "DQ03", "证件号码校验位错误", true },
	[DQ04] = { "DQ04", "证件号码中的出生日期不合理", true },
	[DQ05] = { "DQ05", "证件号码已被表格软件破坏（科学计数法或以数字存储），无法恢复", true },
	[DQ06] = { "DQ06", "15位证件号码已升级为18位", false },
	[DQ07] = { "DQ07", "花名册中证件号码重复（保留第一行）", true },
	[DQ08] = { "DQ08", "行格式错误（字段数不对或引号未闭合）", true },
	[DQ09] = { "DQ09", "含有与文件编码不符的无效字节（已替换）", false },
	[DQ10] = { "DQ10", "取值不在规定词表内（按未知处理）", false },
	[DQ11] = { "DQ11", "日期、金额、年度或数量无法识别（按未知处理）", false },
	[DQ12] = { "DQ12", "证件号码列填的是残疾人证号（取前18位）", false },
	[DQ13] = { "DQ13", "入户核查的户编号不在花名册中", true },
	[DQ14] = { "DQ14", "表尾合计、小计或制表人等说明行（不是记录，不算拒收）", false },
};

const char *dq_name(int code)
{
	return code > 0 && code < DQ_COUNT ? dq_table[code].name : "";
}

const char *dq_desc(int code)
{
	return code > 0 && code < DQ_COUNT ? dq_table[code].desc : "";
}

bool dq_rejects(int code)
{
	return code > 0 && code < DQ_COUNT && dq_table[code].rejects;
}
