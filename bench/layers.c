/*
 * layers.c - dz's input layers without the rest of the run, so `make bench`
 * can say which layer the time goes to (docs/performance.md).
 *
 *   layers rows FILE...                 rowsrc_read(): container, encoding,
 *                                       CSV parsing (libcsv) -> raw rows
 *   layers ingest PERIOD KIND=FILE...   ingest_run(): the above plus header
 *                                       mapping, value parsing, ID checks and
 *                                       the quality log -> records into a
 *                                       sink that only counts them (no join)
 *
 * One thread, one file after another.  Prints one line per file and a total
 * (tab-separated): rows  cells-or-used  FILE.  Compared with bench/csvcount
 * (libcsv alone) and `dz run -j 1` (everything), the differences are the
 * cost of each layer.
 *
 * Functions in call order: main -> count_rows (rowsrc_read, on_row) or
 * count_ingest (ingest_run with on_begin/on_record/on_end).
 * Exit: 0 ok, 1 a file failed, 2 usage.
 * Memory: what rowsrc and ingest hold (one row) plus the quality log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest.h"
#include "kinds.h"
#include "quality.h"
#include "rowsrc.h"
#include "vocab.h"

typedef struct tally {
	unsigned long long rows;   /* rows delivered (rows) or records used (ingest) */
	unsigned long long cells;  /* cells (rows) or bytes of values (ingest) */
} tally;

static int on_row(void *ctx, const rawrow *r)
{
	tally *t = ctx;
	t->rows++;
	t->cells += r->ncells;
	return 0;
}

static int on_begin(void *ctx, const src_info *info)
{
	(void)ctx;
	(void)info;
	return 0;
}

static int on_record(void *ctx, const dzrec *r)
{
	tally *t = ctx;
	t->rows++;
	for (int f = 0; f < F_COUNT; f++)
		t->cells += r->n[f];
	return 0;
}

static int on_end(void *ctx, const src_info *info, const src_account *acct)
{
	(void)ctx;
	(void)info;
	(void)acct;
	return 0;
}

static int count_rows(const char *path, tally *t)
{
	rowsrc_opts o;
	memset(&o, 0, sizeof o);
	dzerr err = { 0 };
	if (rowsrc_read(path, path, &o, on_row, t, NULL, &err) < 0) {
		fprintf(stderr, "layers: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int count_ingest(const char *period, int32_t ref_days, int kind, const char *path, tally *t)
{
	ingest_opts o;
	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.path = path;
	o.display = path;
	o.name = kinds[kind].name;
	o.period = period;
	o.ref_days = ref_days;
	rec_sink sink = { on_begin, on_record, on_end, t };
	quality_log q;
	quality_init(&q);
	src_account acct;
	memset(&acct, 0, sizeof acct);
	dzerr err = { 0 };
	int rc = ingest_run(&o, &sink, &q, &acct, &err);
	if (rc < 0)
		fprintf(stderr, "layers: %s\n", err.msg);
	quality_release(&q);
	return rc < 0 ? -1 : 0;
}

static int usage(void)
{
	fputs("usage: layers rows FILE...\n"
	      "       layers ingest PERIOD KIND=FILE...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	bool ingest = !strcmp(argv[1], "ingest");
	if (!ingest && strcmp(argv[1], "rows"))
		return usage();
	int first = 2, y = 0, m = 0;
	int32_t ref_days = 0;
	if (ingest) {
		if (argc < 4 || !parse_period(argv[2], &y, &m))
			return usage();
		ref_days = date_month_end(y, m);
		first = 3;
	}
	tally total = { 0, 0 };
	int status = 0;
	for (int i = first; i < argc; i++) {
		tally t = { 0, 0 };
		const char *path = argv[i];
		int rc;
		if (ingest) {
			const char *eq = strchr(argv[i], '=');
			char kname[32];
			if (!eq || (size_t)(eq - argv[i]) >= sizeof kname)
				return usage();
			memcpy(kname, argv[i], (size_t)(eq - argv[i]));
			kname[eq - argv[i]] = '\0';
			int kind = kind_from_name(kname);
			if (kind < 0) {
				fprintf(stderr, "layers: unknown kind '%s'\n", kname);
				return 2;
			}
			path = eq + 1;
			rc = count_ingest(argv[2], ref_days, kind, path, &t);
		} else {
			rc = count_rows(path, &t);
		}
		if (rc < 0) {
			status = 1;
			continue;
		}
		printf("%llu\t%llu\t%s\n", t.rows, t.cells, path);
		total.rows += t.rows;
		total.cells += t.cells;
	}
	printf("%llu\t%llu\ttotal\n", total.rows, total.cells);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "layers: write error\n");
		return 1;
	}
	return status;
}
