/*
 * footer.c - footer and subtotal rows (see footer.h).
 *
 * footer_text(): copy at most FOOTER_PREFIX bytes of the text without its
 * white space (ASCII blanks, U+3000 and U+00A0), then compare its start
 * with each word of the table.
 *
 * Memory: a fixed stack buffer.
 */
#include "footer.h"
#include <string.h>

#define FOOTER_PREFIX 32

static const char *const words[] = {
	"合计", "小计", "总计", "累计", "制表", "填表", "填报", "审核", "负责人",
	"单位负责人", "联系电话", "注：", "注:", "备注：", "备注:",
};

bool footer_text(const char *s, size_t n)
{
	char buf[FOOTER_PREFIX];
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n && k < sizeof buf;) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n') {
			i++;
		} else if (i + 2 < n && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
			i += 3;       /* U+3000 ideographic space */
		} else if (i + 1 < n && p[i] == 0xC2 && p[i + 1] == 0xA0) {
			i += 2;       /* U+00A0 no-break space */
		} else {
			buf[k++] = (char)p[i++];
		}
	}
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		size_t len = strlen(words[w]);
		if (len <= k && !memcmp(buf, words[w], len))
			return true;
	}
	return false;
}
