/*
 * sniff.c - `dz sniff FILE`: what dz sees in a file before anything is run
 * (SPEC §2).  Parses options into sniff_opts and calls sniff_run()
 * (pipeline/sniff.h); docs/sniff.md describes the output for officers.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd.h"
#include "diag.h"
#include "kinds.h"
#include "sniff.h"
#include "vocab.h"

static void usage(FILE *fp)
{
	fprintf(fp,
	        "usage: dz sniff [options] FILE|-\n"
	        "\n"
	        "看看 dz 从一个文件里读到了什么：格式、编码、分隔符、工作表、表头在第几行、每一列对上哪个\n"
	        "字段（或“未识别”）、关键列、数据行数、表尾合计行，以及 dz 读出来的前几行数据（证件号码\n"
	        "已规范化、日期金额已解析、数据质量代码写在旁边）。不给 --kind 时每种类型都试一遍，按对上的\n"
	        "字段多少排列。文件什么也没写，只读。\n"
	        "Show what dz reads in FILE: container, encoding, delimiter, sheets, header row, each\n"
	        "column's canonical field, the key column, rows and footers, and the first records as\n"
	        "ingest reads them.  Without --kind every kind is tried and ranked by fields mapped.\n"
	        "\n"
	        "  -k, --kind KIND        show the file as this kind: roster household dibao tekun relief\n"
	        "                         death med_enroll med_claims employment school water survey\n"
	        "      --sheet NAME       workbook sheet (or HTML table, 表格N) to read\n"
	        "  -H, --header-row N     the header is row N (default: found in the first 20 rows)\n"
	        "  -e, --encoding ENC     text encoding (default: detect UTF-8 / GB18030)\n"
	        "  -n, --rows N           data rows shown (default 5, at most 256)\n"
	        "  -p, --period YYYY-MM   period for the checks of ID birth dates (default: last month)\n"
	        "      --json             one JSON object instead of the text table (for tools)\n"
	        "  -h, --help             this text\n"
	        "\n"
	        "Exit status: 0 the file can be read (whatever maps); 1 I/O error; 2 usage error;\n"
	        "3 the file cannot be read (the message dz ingest gives).  See docs/sniff.md.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "dz: sniff: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'dz sniff --help')\n");
	return DZ_EXIT_USAGE;
}

int cmd_sniff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "sheet", required_argument, NULL, 1 },
		{ "header-row", required_argument, NULL, 'H' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "rows", required_argument, NULL, 'n' },
		{ "period", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 2 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	sniff_opts o;
	memset(&o, 0, sizeof o);
	o.kind = -1;
	o.rows = 5;
	const char *period = NULL;
	char defperiod[16];
	if (cmd_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:k:H:e:n:p:h", longopts, NULL)) != -1) {
		char *end;
		long v;
		switch (c) {
		case 'k':
			o.kind = kind_from_name(optarg);
			if (o.kind < 0)
				return usage_error("unknown kind '%s' (one of roster household dibao tekun relief "
				                   "death med_enroll med_claims employment school water survey)", optarg);
			break;
		case 1: o.sheet = optarg; break;
		case 'e': o.encoding = optarg; break;
		case 'p': period = optarg; break;
		case 2: o.json = true; break;
		case 'h': usage(stdout); return 0;
		case 'H':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000000)
				return usage_error("--header-row wants a row number (1 or more), not '%s'", optarg);
			o.header_row = (int)v;
			break;
		case 'n':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 0 || v > 256)
				return usage_error("--rows wants a number from 0 to 256, not '%s'", optarg);
			o.rows = (size_t)v;
			break;
		case ':':
			return usage_error("option %s needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", optind >= argc ? "which file? (give a FILE, or - for stdin)"
		                                        : "give exactly one FILE");
	o.path = argv[optind];
	if (!period) {
		period_previous_month(defperiod);
		period = defperiod;
	}
	int y, m;
	if (!parse_period(period, &y, &m))
		return usage_error("--period wants YYYY-MM, not '%s'", period);
	o.period = period;
	o.ref_days = date_month_end(y, m);
	dzerr err = { 0 };
	if (sniff_run(&o, stdout, &err) < 0)
		return dzerr_report(&err);
	return 0;
}
