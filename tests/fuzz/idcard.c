/*
 * idcard.c - fuzz harness: ID normalization and validation (idcard.h).
 *
 * The input is one raw cell.  Checks the promises of idcard.h: a usable ID
 * is 18 characters with the right check character, packs and unpacks to
 * itself and was born by the reference date; a numeric xlsx cell is never
 * usable; the fast path for a plain 18-character cell gives what the full
 * normalization gives (the same cell with a trailing space, which is
 * trimmed, takes the full way); idcard_normalize() cut to a small buffer
 * is a NUL-terminated prefix of the full result.
 */
#include "fuzz.h"
#include "idcard.h"

#define REF_DAYS 20453   /* 2025-12-31 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	idcard c, d;
	int st = idcard_parse(s, size, REF_DAYS, false, &c);
	if (st != c.status || st < 0 || st >= DQ_COUNT || (st && !dq_rejects(st)))
		fuzz_fail("status %d / %d", st, c.status);
	if (st == 0) {
		char back[19];
		if (strlen(c.id) != 18 || idcard_check_char(c.id) != c.id[17])
			fuzz_fail("usable ID '%s' malformed", c.id);
		idcard_unpack(c.key, back);
		if (strcmp(back, c.id) || idcard_pack(c.id) != c.key)
			fuzz_fail("pack/unpack of '%s'", c.id);
		if (c.birth > REF_DAYS)
			fuzz_fail("'%s' born after the reference date", c.id);
	}
	st = idcard_parse(s, size, REF_DAYS, true, &d);
	if (st != DQ01 && st != DQ05)
		fuzz_fail("numeric cell gave status %d", st);
	if (size == 18) {
		char s19[19];
		memcpy(s19, s, 18);
		s19[18] = ' ';
		idcard_parse(s19, 19, REF_DAYS, false, &d);
		if (d.status != c.status || d.notice != c.notice || strcmp(d.id, c.id) ||
		    (c.status == 0 && (d.key != c.key || d.birth != c.birth)))
			fuzz_fail("fast path %d '%s' vs full %d '%s'", c.status, c.id, d.status, d.id);
	}
	char full[256], cut[8];
	size_t n = idcard_normalize(s, size, full, sizeof full);
	size_t m = idcard_normalize(s, size, cut, sizeof cut);
	size_t k = m < sizeof cut ? m : sizeof cut - 1;
	if (n != m || cut[k] != '\0')
		fuzz_fail("normalize: lengths %zu %zu or no NUL", n, m);
	if (n < sizeof full && (full[n] != '\0' || memcmp(full, cut, k)))
		fuzz_fail("normalize: the cut is not a prefix");
	return 0;
}
