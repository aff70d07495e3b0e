/*
 * ingest.c - `dz ingest`: one department export -> record stream on stdout,
 * data-quality findings to --quality FILE, the row account on stderr.
 * Parses options into ingest_opts and calls ingest_run() (pipeline/ingest.h);
 * docs/ingest.md describes behaviour, messages and exit statuses.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd.h"
#include "afile.h"
#include "diag.h"
#include "ingest.h"
#include "kinds.h"
#include "quality.h"
#include "vocab.h"

static void usage(FILE *fp)
{
	fprintf(fp,
	        "usage: dz ingest --kind KIND [options] FILE|-\n"
	        "\n"
	        "读入一个部门导出文件 (CSV, CSV.gz, xlsx, xls, XML; UTF-8 或 GB18030)，把规范记录流写到标准输出，\n"
	        "数据质量问题写到 --quality 文件，逐文件的行数统计写到标准错误。\n"
	        "Read one department export; write canonical records (docs/records.md) to stdout.\n"
	        "\n"
	        "  -k, --kind KIND        roster household dibao tekun relief death med_enroll\n"
	        "                         med_claims employment school water survey\n"
	        "  -p, --period YYYY-MM   period; the reference date is its last day\n"
	        "                         (default: the previous calendar month)\n"
	        "  -Q, --quality FILE     write data-quality findings (CSV, UTF-8 with BOM) to FILE\n"
	        "  -e, --encoding ENC     text encoding of a CSV (default: detect UTF-8 / GB18030)\n"
	        "  -H, --header-row N     the header is row N (default: found in the first 20 rows)\n"
	        "  -n, --name NAME        source name written into the stream (default: KIND)\n"
	        "  -m, --max-reject PCT   exit 3 when more than PCT%% of rows are rejected (default 5)\n"
	        "      --sheet NAME       xlsx, xls: worksheet to read (default: the first visible one\n"
	        "                         whose header holds the kind's key column)\n"
	        "      --record NAME      XML: record element (default: repeated child of the root)\n"
	        "  -q, --quiet            no row account, no warnings\n"
	        "  -h, --help             this text\n"
	        "\n"
	        "Exit status: 0 read; 1 I/O error; 2 usage error; 3 the file is unusable (empty,\n"
	        "unreadable or unknown container, no key column, or too many rows rejected).\n");
}

static bool parse_pct(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || v < 0 || v > 100)
		return false;
	*out = v;
	return true;
}

static int usage_error(const char *fmt, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "dz: ingest: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(see 'dz ingest --help')\n");
	return DZ_EXIT_USAGE;
}

static int write_quality(const char *path, const quality_log *q)
{
	afile af;
	dzerr err = { 0 };
	if (afile_open(&af, path, &err) < 0)
		return dzerr_report(&err);
	if (quality_write_csv(q, af.fp) < 0) {
		afile_abort(&af);
		error("cannot write '%s'", path);
		return DZ_EXIT_IO;
	}
	if (afile_commit(&af, &err) < 0)
		return dzerr_report(&err);
	return 0;
}

int cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "period", required_argument, NULL, 'p' },
		{ "quality", required_argument, NULL, 'Q' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "header-row", required_argument, NULL, 'H' },
		{ "name", required_argument, NULL, 'n' },
		{ "max-reject", required_argument, NULL, 'm' },
		{ "sheet", required_argument, NULL, 1 },
		{ "record", required_argument, NULL, 2 },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kind = NULL, *period = NULL, *quality = NULL;
	char defperiod[16];
	double max_reject = 5;
	ingest_opts o;
	memset(&o, 0, sizeof o);

	if (cmd_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+:k:p:Q:e:H:n:m:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 'p': period = optarg; break;
		case 'Q': quality = optarg; break;
		case 'e': o.rs.encoding = optarg; break;
		case 'n': o.name = optarg; break;
		case 1: o.rs.sheet = optarg; break;
		case 2: o.rs.record = optarg; break;
		case 'q': diag_quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case 'H': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > 1000000)
				return usage_error("--header-row wants a row number (1 or more), not '%s'", optarg);
			o.header_row = (int)v;
			break;
		}
		case 'm':
			if (!parse_pct(optarg, &max_reject))
				return usage_error("--max-reject wants a percentage from 0 to 100, not '%s'", optarg);
			break;
		case ':':
			return usage_error("option %s needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!kind)
		return usage_error("%s", "--kind is required");
	o.kind = kind_from_name(kind);
	if (o.kind < 0)
		return usage_error("unknown kind '%s' (one of roster household dibao tekun relief death "
		                   "med_enroll med_claims employment school water survey)", kind);
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
	if (quality && !strcmp(quality, "-"))
		return usage_error("%s", "--quality needs a file name (standard output carries the records)");
	o.period = period;
	o.ref_days = date_month_end(y, m);

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	recstream_writer *w = recstream_writer_new(stdout);
	rec_sink sink = recstream_writer_sink(w);
	quality_log q;
	quality_init(&q);
	src_account acct;
	dzerr err = { 0 };
	int rc = ingest_run(&o, &sink, &q, &acct, &err);
	int status = 0;
	const char *display = o.display ? o.display : strcmp(o.path, "-") ? o.path : "stdin";
	const char *slash = strrchr(display, '/');
	if (slash)
		display = slash + 1;

	/* a failed standard output is reported once, by dz.c's finish(); the
	 * account and the ingest error it caused would only repeat it */
	cmd_stdout_errno = recstream_writer_error(w);
	bool out_failed = fflush(stdout) != 0 || cmd_stdout_errno || ferror(stdout);
	if (out_failed)
		status = DZ_EXIT_IO;
	if (quality) {
		quality_sort(&q);
		int qs = write_quality(quality, &q);
		if (qs && !status)
			status = qs;
	} else if (q.items.n && !diag_quiet && !out_failed) {
		info("dz: ingest: %zu data-quality finding%s not written (use --quality FILE)\n",
		     q.items.n, q.items.n == 1 ? "" : "s");
	}
	if (!diag_quiet && !out_failed && (acct.read || !acct.fatal)) {
		strbuf line;
		sb_init(&line);
		ingest_account_line(&line, display, &acct);
		info("dz: ingest: %s\n", line.buf);
		sb_release(&line);
	}
	if (out_failed) {
		/* nothing more to say */
	} else if (rc < 0) {
		int s = dzerr_report(&err);
		if (!status || s == DZ_EXIT_IO)
			status = s;
	} else if (ingest_records(&acct) > 0 &&
	           100.0 * (double)acct.rejected > max_reject * (double)ingest_records(&acct)) {
		long recs = ingest_records(&acct);
		error("'%s': %ld of %ld rows rejected (%.1f%%), more than --max-reject %g%%",
		      display, acct.rejected, recs, 100.0 * (double)acct.rejected / (double)recs,
		      max_reject);
		if (!status)
			status = DZ_EXIT_DATA;
	}
	recstream_writer_free(w);
	quality_release(&q);
	return status;
}
