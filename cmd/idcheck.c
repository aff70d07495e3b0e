/*
 * idcheck.c - dz idcheck [--date YYYY-MM-DD] [FILE|-]
 *
 * Reads one ID value per line and writes, per line, tab-separated: the
 * normalized ID (the upgraded 18 digits for DQ06, the first 18 characters
 * for DQ12, else the normalized text as read), the status (OK or the DQ
 * code), and the birth date (YYYY-MM-DD; empty when the ID is rejected).
 * The reference date (a birth date after it is DQ04) defaults to today.
 * Validation is idcard_parse() (pipeline/idcard.c); exit 0 whatever the
 * IDs hold, 1 on an I/O error, 2 on a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd.h"
#include "diag.h"
#include "idcard.h"
#include "util.h"
#include "vocab.h"

static const char usage_text[] =
	"usage: dz idcheck [--date YYYY-MM-DD] [FILE|-]\n"
	"\n"
	"校验身份证号（GB 11643-1999）：每行一个号码，输出每行：规范化号码、状态、出生日期，\n"
	"以制表符分隔。状态为 OK 或数据质量代码：\n"
	"  DQ01 缺失或 999999 占位   DQ02 格式错误   DQ03 校验位错误\n"
	"  DQ04 出生日期不合理       DQ05 科学计数法（已被表格软件破坏）\n"
	"  DQ06 15位已升级为18位（可用）   DQ12 残疾人证号，取前18位（可用）\n"
	"\n"
	"  --date YYYY-MM-DD  reference date: a birth date after it is DQ04 (default: today)\n"
	"  FILE               input file, '-' or none for standard input\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "dz: idcheck: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", usage_text);
	return DZ_EXIT_USAGE;
}

static bool strict_date(const char *s, int32_t *days)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || !date_valid_ymd(y, m, d))
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*days = date_from_ymd(y, m, d);
	return true;
}

static int32_t today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int cmd_idcheck(int argc, char **argv)
{
	const char *path = NULL, *date = NULL;
	bool opts_done = false;

	if (cmd_wants_help(argc, argv)) {
		fputs(usage_text, stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!opts_done && !strcmp(a, "--")) {
			opts_done = true;
		} else if (!opts_done && !strcmp(a, "--date")) {
			if (++i >= argc)
				return usage_error("option '%s' needs a value", a);
			date = argv[i];
		} else if (!opts_done && !strncmp(a, "--date=", 7)) {
			date = a + 7;
		} else if (!opts_done && a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option '%s'", a);
		} else if (path) {
			return usage_error("more than one input file ('%s')", a);
		} else {
			path = a;
		}
	}
	int32_t ref;
	if (date) {
		if (!strict_date(date, &ref))
			return usage_error("--date '%s': not a date YYYY-MM-DD", date);
	} else {
		ref = today();
	}

	FILE *in = stdin;
	if (path && strcmp(path, "-")) {
		in = fopen(path, "r");
		if (!in) {
			error("cannot open '%s': %s", path, strerror(errno));
			return DZ_EXIT_IO;
		}
	}

	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	strbuf norm;
	sb_init(&norm);
	while ((len = getline(&line, &cap, in)) >= 0) {
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		idcard c;
		int st = idcard_parse(line, (size_t)len, ref, false, &c);
		char birth[11] = "";
		const char *id = c.id;
		if (st == 0) {
			date_format(c.birth, birth);
		} else {
			/* show what was checked: the normalized text */
			sb_reset(&norm);
			sb_grow(&norm, (size_t)len + 1);
			size_t k = idcard_normalize(line, (size_t)len, norm.buf, norm.cap);
			norm.len = k < norm.cap ? k : norm.cap - 1;
			id = norm.buf;
		}
		const char *code = st ? dq_name(st) : c.notice ? dq_name(c.notice) : "OK";
		if (printf("%s\t%s\t%s\n", id, code, birth) < 0)
			break;
	}
	int rc = 0;
	if (ferror(in)) {
		error("cannot read '%s': %s", path ? path : "-", strerror(errno));
		rc = DZ_EXIT_IO;
	}
	if (ferror(stdout))
		rc = DZ_EXIT_IO;  /* dz.c's finish() says so, once */
	free(line);
	sb_release(&norm);
	if (in != stdin)
		fclose(in);
	return rc;
}
