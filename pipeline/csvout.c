/*
 * csvout.c - RFC 4180 report writer over libcsv (see csvout.h).
 */
#include "csvout.h"
#include <csv.h>
#include <errno.h>
#include <string.h>

/* The first failure's errno is kept for the message. */
static void fail(csvout *c)
{
	if (!c->err)
		c->err = errno ? errno : EIO;
}

void csvout_init(csvout *c, FILE *fp, bool bom)
{
	c->fp = fp;
	c->err = 0;
	c->row_started = false;
	if (bom && fputs("\xEF\xBB\xBF", fp) == EOF)
		fail(c);
}

bool csvout_needs_neutralize(const char *s, size_t n)
{
	/* apostrophes followed by a trigger: one more apostrophe, so that
	 * csvout_unneutralize gives back every cell exactly */
	size_t i = 0;
	while (i < n && s[i] == '\'')
		i++;
	if (i == n)
		return false;
	unsigned char ch = (unsigned char)s[i];
	return ch == '=' || ch == '+' || ch == '-' || ch == '@' || ch < 0x20 || ch == 0x7f;
}

size_t csvout_unneutralize(const char *s, size_t n)
{
	return n >= 2 && s[0] == '\'' && csvout_needs_neutralize(s + 1, n - 1) ? 1 : 0;
}

void csvout_field(csvout *c, const char *s, size_t n)
{
	if (c->row_started && fputc(',', c->fp) == EOF)
		fail(c);
	c->row_started = true;
	if (csvout_needs_neutralize(s, n)) {
		/* csv_fwrite quotes; put the apostrophe inside the quotes */
		if (fputs("\"'", c->fp) == EOF)
			fail(c);
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '"' && fputc('"', c->fp) == EOF)
				fail(c);
			if (fputc(s[i], c->fp) == EOF)
				fail(c);
		}
		if (fputc('"', c->fp) == EOF)
			fail(c);
		return;
	}
	if (csv_fwrite(c->fp, s, n) != 0)
		fail(c);
}

void csvout_fields(csvout *c, const char *s)
{
	csvout_field(c, s ? s : "", s ? strlen(s) : 0);
}

void csvout_endrow(csvout *c)
{
	if (fputs("\r\n", c->fp) == EOF)
		fail(c);
	c->row_started = false;
}

void csvout_row(csvout *c, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvout_fields(c, cells[i]);
	csvout_endrow(c);
}

int csvout_error(const csvout *c)
{
	return c->err || ferror(c->fp);
}

int csvout_errno(const csvout *c)
{
	return c->err ? c->err : EIO;
}
