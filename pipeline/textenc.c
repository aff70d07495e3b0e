/*
 * textenc.c - encoding detection and per-field conversion to UTF-8 (see
 * textenc.h).
 *
 * Functions in call order: textenc_detect() on the peeked head of a file,
 * textenc_open(), textenc_field() per field, textenc_close().
 *
 * Detection: count, over the non-ASCII bytes, valid UTF-8 sequences and
 * invalid bytes, and GB18030 shape errors (lead 81..FE followed by 40..FE
 * except 7F, or by 30..39 for the four-byte form).  UTF-8 wins when it has
 * no errors or its valid sequences are at least twice its invalid bytes
 * (UTF-8 text with a few damaged bytes; GBK text read as UTF-8 shows about
 * one valid sequence per four to ten invalid bytes); otherwise GB18030 wins
 * when it explains the bytes better.  Chinese UTF-8 text usually also has the shape
 * of GB18030, so the UTF-8 test must come first.
 *
 * Conversion: fields that are ASCII or valid UTF-8 are copied; UTF-8
 * replaces each invalid byte (and NUL) with U+FFFD; iconv encodings replace
 * each undecodable sequence (one byte skipped) with U+FFFD.
 *
 * Memory: one iconv descriptor; nothing else.
 */
#include "textenc.h"
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <strings.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD";   /* U+FFFD */

/* Length of the valid UTF-8 sequence at p (NUL counts as invalid), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return c ? 1 : 0;
	if (c >= 0xC2 && c <= 0xDF)
		return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

size_t textenc_utf8_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			/* no byte >= 0x80 and none == 0x00: eight ASCII characters */
			if (!((w & 0x8080808080808080ULL) |
			      ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL))) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];
		if (c - 1u < 0x7F) {              /* ASCII except NUL */
			i++;
			continue;
		}
		/* three-byte sequences without extra constraints: most CJK text */
		if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && n - i >= 3 &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		size_t k = utf8_seq(s + i, n - i);
		if (!k)
			return i;
		i += k;
	}
	return n;
}

/* The UTF-8 lead byte at p announces a sequence longer than what is left. */
static bool utf8_cut(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	size_t want = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
	if (!want || left >= want)
		return false;
	for (size_t i = 1; i < left; i++)
		if ((p[i] & 0xC0) != 0x80)
			return false;
	return true;
}

const char *textenc_detect(const unsigned char *p, size_t n, bool complete)
{
	size_t u_good = 0, u_bad = 0, g_bad = 0, high = 0;
	for (size_t i = 0; i < n;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		high++;
		size_t k = utf8_seq(p + i, n - i);
		if (k) {
			u_good++;
			i += k;
		} else if (!complete && utf8_cut(p + i, n - i)) {
			break;
		} else {
			u_bad++;
			i++;
		}
	}
	if (!high)
		return NULL;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xFF) {
			g_bad++;
			i++;
			continue;
		}
		if (i + 1 >= n) {
			g_bad += complete;
			break;
		}
		unsigned char b = p[i + 1];
		if (b >= 0x40 && b <= 0xFE && b != 0x7F) {
			i += 2;
		} else if (b >= 0x30 && b <= 0x39) {
			if (i + 3 >= n) {
				g_bad += complete;
				break;
			}
			if (p[i + 2] >= 0x81 && p[i + 2] <= 0xFE && p[i + 3] >= 0x30 && p[i + 3] <= 0x39)
				i += 4;
			else {
				g_bad++;
				i++;
			}
		} else {
			g_bad++;
			i++;
		}
	}
	if (u_bad == 0 || u_good >= 2 * u_bad)
		return "UTF-8";
	if (g_bad < u_bad)
		return "GB18030";
	return "UTF-8";
}

bool textenc_is_utf8(const char *name)
{
	return name && (!strcasecmp(name, "UTF-8") || !strcasecmp(name, "UTF8"));
}

/*
 * GB18030 two-byte codes: lead 81..FE, trail 40..FE (7F is never a trail).
 * Entry = UTF-8 bytes (low three bytes, first byte lowest) | length << 24,
 * 0 where iconv refuses the pair or gives more than three bytes: such a
 * field takes the iconv path.  Built once, with iconv, so every entry is
 * exactly what iconv gives for that code.
 */
#define GB_LEADS 126
#define GB_TRAILS 191
static uint32_t *gb_pairs;
static pthread_once_t gb_once = PTHREAD_ONCE_INIT;

static void gb_build(void)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return;
	uint32_t *tab = xcalloc(GB_LEADS * GB_TRAILS, sizeof *tab);
	for (unsigned lead = 0x81; lead <= 0xFE; lead++) {
		for (unsigned trail = 0x40; trail <= 0xFE; trail++) {
			char in[2] = { (char)lead, (char)trail }, o[8];
			char *ip = in, *op = o;
			size_t il = 2, ol = sizeof o;
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
				continue;
			size_t k = (size_t)(op - o);
			if (k < 1 || k > 3)
				continue;
			uint32_t e = (uint32_t)k << 24;
			for (size_t j = 0; j < k; j++)
				e |= (uint32_t)(unsigned char)o[j] << (8 * j);
			tab[(lead - 0x81) * GB_TRAILS + (trail - 0x40)] = e;
		}
	}
	iconv_close(cd);
	gb_pairs = tab;
}

int textenc_open(textenc *t, const char *name, dzerr *err)
{
	t->cd = NULL;
	t->name = name;
	t->pairs = NULL;
	if (!name) {
		t->mode = TE_UNDECIDED;
		return 0;
	}
	if (textenc_is_utf8(name)) {
		t->mode = TE_UTF8;
		t->name = "UTF-8";
		return 0;
	}
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return dzerr_set(err, DZ_EXIT_USAGE, "unknown encoding '%s' (try UTF-8, GB18030 or GBK)", name);
	t->cd = cd;
	t->mode = TE_ICONV;
	if (!strcasecmp(name, "GB18030")) {
		pthread_once(&gb_once, gb_build);
		t->pairs = gb_pairs;
	}
	return 0;
}

void textenc_close(textenc *t)
{
	if (t->mode == TE_ICONV && t->cd)
		iconv_close((iconv_t)t->cd);
	t->cd = NULL;
	t->mode = TE_UNDECIDED;
}

static bool field_utf8(const char *s, size_t n, strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = textenc_utf8_prefix(p, n);
	if (k == n) {
		sb_add(out, s, n);
		return false;
	}
	size_t i = 0;
	while (i < n) {
		k = textenc_utf8_prefix(p + i, n - i);
		sb_add(out, p + i, k);
		i += k;
		if (i < n) {
			sb_add(out, REPLACEMENT, 3);
			i++;
		}
	}
	return true;
}

/*
 * A GB18030 field of ASCII (no NUL) and two-byte codes the table knows,
 * appended to out through the table; false (out unchanged) for anything
 * else: four-byte codes, invalid or cut sequences, NUL.  GB18030 is
 * stateless, so the table's per-code bytes are iconv's bytes.
 */
static bool gb_pairs_field(const uint32_t *tab, const unsigned char *p, size_t n, strbuf *out)
{
	sb_grow(out, n + n / 2 + 4);      /* a pair gives at most 3 bytes; one spare write */
	char *o = out->buf + out->len;
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c < 0x80) {
			if (!c)
				return false;
			*o++ = (char)c;
			i++;
			continue;
		}
		if (c == 0x80 || c == 0xFF || i + 1 == n || p[i + 1] < 0x40 || p[i + 1] == 0xFF)
			return false;
		uint32_t e = tab[(c - 0x81) * GB_TRAILS + (p[i + 1] - 0x40)];
		if (!e)
			return false;
		o[0] = (char)(e & 0xFF);
		o[1] = (char)(e >> 8 & 0xFF);
		o[2] = (char)(e >> 16 & 0xFF);
		o += e >> 24;
		i += 2;
	}
	out->len = (size_t)(o - out->buf);
	out->buf[out->len] = '\0';
	return true;
}

static bool field_iconv(textenc *t, const char *s, size_t n, strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n && p[i] < 0x80 && p[i])
		i++;
	if (i == n) {
		sb_add(out, s, n);
		return false;
	}
	if (t->pairs && gb_pairs_field(t->pairs, p, n, out))
		return false;
	iconv_t cd = (iconv_t)t->cd;
	iconv(cd, NULL, NULL, NULL, NULL);
	size_t start = out->len;
	char *in = (char *)s;
	size_t inleft = n;
	bool bad = false;
	while (inleft) {
		sb_grow(out, inleft * 2 + 8);
		char *o = out->buf + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->buf);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (cut at the end): replace one byte, go on */
		sb_add(out, REPLACEMENT, 3);
		in++;
		inleft--;
		bad = true;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	out->buf[out->len] = '\0';
	/* a NUL inside the text is not a character: replace it as well */
	if (memchr(s, 0, n)) {
		size_t end = out->len, j = start;
		out->len = start;
		strbuf tmp;
		sb_init(&tmp);
		sb_add(&tmp, out->buf + start, end - start);
		for (j = 0; j < tmp.len; j++) {
			if (tmp.buf[j])
				sb_addc(out, tmp.buf[j]);
			else
				sb_add(out, REPLACEMENT, 3);
		}
		sb_release(&tmp);
		bad = true;
	}
	return bad;
}

bool textenc_field(textenc *t, const char *s, size_t n, strbuf *out)
{
	if (t->mode == TE_UNDECIDED) {
		const unsigned char *p = (const unsigned char *)s;
		size_t i = 0;
		while (i < n && p[i] < 0x80)
			i++;
		if (i == n)
			return field_utf8(s, n, out);
		const char *name = textenc_detect(p, n, true);
		dzerr e = { 0 };
		if (!name || textenc_open(t, name, &e) < 0)
			textenc_open(t, "UTF-8", &e);
	}
	if (t->mode == TE_UTF8)
		return field_utf8(s, n, out);
	return field_iconv(t, s, n, out);
}
