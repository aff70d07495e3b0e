/*
 * csvcount.c - the parse-only baseline of `make bench`: read CSV files with
 * libcsv and count rows, fields and bytes.  Nothing else: no encoding
 * conversion, no header mapping, no values kept.  It is the floor dz run is
 * measured against (SPEC §7: "parsing is the floor").
 *
 *   csvcount [-c CHUNK] FILE...      ("-" = stdin)
 *
 * Output, one line per file and a total (tab-separated):
 *   rows  fields  bytes  FILE
 *   rows  fields  bytes  total
 *
 * Functions in call order: main -> count_file (read CHUNK-byte chunks with
 * read(2), feed csv_parse; end_field / end_row count) -> csv_fini.
 * Single-threaded, one file after another, like the chunked push parser in
 * libcsv's examples/csvinfo.c that dz's CSV reader also follows.
 *
 * Exit: 0 ok, 1 I/O error, 2 usage, 3 a file is not parseable CSV.
 * Memory: one chunk (default 64 KiB) plus libcsv's field buffer.
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct counts {
	unsigned long long rows;    /* records ended by libcsv (blank lines are not records) */
	unsigned long long fields;  /* fields over all records */
	unsigned long long bytes;   /* input bytes read */
} counts;

static void end_field(void *s, size_t n, void *ctx)
{
	(void)s;
	(void)n;
	((counts *)ctx)->fields++;
}

static void end_row(int c, void *ctx)
{
	(void)c;
	((counts *)ctx)->rows++;
}

/* Returns 0, 1 (I/O error) or 3 (parse error); counts added to *c. */
static int count_file(const char *path, char *buf, size_t chunk, counts *c)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY) : STDIN_FILENO;
	if (fd < 0) {
		fprintf(stderr, "csvcount: '%s': %s\n", path, strerror(errno));
		return 1;
	}
	struct csv_parser p;
	if (csv_init(&p, 0) != 0) {
		fprintf(stderr, "csvcount: out of memory\n");
		exit(1);
	}
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "csvcount: '%s': %s\n", path, strerror(errno));
			rc = 1;
			break;
		}
		if (n == 0)
			break;
		c->bytes += (unsigned long long)n;
		if (csv_parse(&p, buf, (size_t)n, end_field, end_row, c) != (size_t)n) {
			fprintf(stderr, "csvcount: '%s': %s\n", path, csv_strerror(csv_error(&p)));
			rc = 3;
			break;
		}
	}
	if (rc == 0 && csv_fini(&p, end_field, end_row, c) != 0) {
		fprintf(stderr, "csvcount: '%s': %s\n", path, csv_strerror(csv_error(&p)));
		rc = 3;
	}
	csv_free(&p);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

static int usage(void)
{
	fputs("usage: csvcount [-c CHUNK] FILE...\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	size_t chunk = 64 * 1024;
	int opt;
	while ((opt = getopt(argc, argv, "c:")) != -1) {
		if (opt != 'c')
			return usage();
		char *end;
		errno = 0;
		unsigned long v = strtoul(optarg, &end, 10);
		if (errno || *end || v == 0 || v > (1UL << 30) || optarg[0] == '-')
			return usage();
		chunk = v;
	}
	if (optind == argc)
		return usage();
	char *buf = malloc(chunk);
	if (!buf) {
		fprintf(stderr, "csvcount: out of memory\n");
		return 1;
	}
	counts total = { 0, 0, 0 };
	int status = 0;
	for (int i = optind; i < argc; i++) {
		counts c = { 0, 0, 0 };
		int rc = count_file(argv[i], buf, chunk, &c);
		if (rc > status)
			status = rc;
		if (rc != 0)
			continue;
		printf("%llu\t%llu\t%llu\t%s\n", c.rows, c.fields, c.bytes, argv[i]);
		total.rows += c.rows;
		total.fields += c.fields;
		total.bytes += c.bytes;
	}
	printf("%llu\t%llu\t%llu\ttotal\n", total.rows, total.fields, total.bytes);
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, "csvcount: write error: %s\n", strerror(errno));
		return 1;
	}
	return status;
}
