/*
 * ingest.h - one department export -> canonical records + DQ findings.
 *
 * ingest_run() reads rows from rowsrc (any container), finds the header row
 * among the first 20 rows (or uses opts->header_row), maps columns to the
 * kind's canonical fields by alias (kinds.h, plus extra aliases from the
 * config), then for each data row: skips blank rows, normalizes and parses
 * every mapped value (idcard.h, vocab.h), reports DQ findings to the
 * quality log, and pushes used rows to the sink as dzrec.  Rejected rows
 * report only the code that rejected them; used rows one finding per bad
 * field.  A footer or subtotal row (footer.h) is DQ14: neither used nor
 * rejected.  The account (read = used + rejected + footer) goes to acct and
 * to the sink's end().
 *
 * Fatal (returns -1, err filled, status DZ_EXIT_DATA): unreadable
 * container, empty file / no header row, the kind's key column missing
 * (message names the file and the headers found).
 *
 * Memory: one row at a time; the column map; nothing per row on the heap.
 */
#ifndef DZ_INGEST_H
#define DZ_INGEST_H

#include <stdint.h>
#include "record.h"
#include "rowsrc.h"
#include "quality.h"

typedef struct alias_extra {
	int field;            /* F_* */
	const char *alias;    /* extra header text for that field */
} alias_extra;

typedef struct ingest_opts {
	int kind;                  /* KIND_* */
	const char *path;          /* file path or "-" */
	const char *display;       /* name in messages and 来源位置 (default: basename of path) */
	const char *name;          /* source name (config section), default kind name */
	const char *period;        /* "YYYY-MM" */
	int32_t ref_days;          /* R: last day of the period (days since 1970-01-01) */
	int source_ordinal;        /* order of this source in the run (quality sort) */
	int header_row;            /* 0 = detect among the first 20 rows; else row number */
	const alias_extra *extra;  /* extra aliases from config */
	size_t nextra;
	rowsrc_opts rs;            /* encoding, sheet, record, limits */
} ingest_opts;

int ingest_run(const ingest_opts *o, const rec_sink *sink, quality_log *q,
               src_account *acct, dzerr *err);

/* Rows that are records (read - footer rows): the base of the reject
 * percentage (footer rows do not count towards max_reject_pct, SPEC §4). */
static inline long ingest_records(const src_account *a)
{
	return a->read - a->footer;
}

/* Per-source account line for stderr, e.g.
 * "医保参保.csv: 读入 1200 行，使用 1190，拒收 10 (DQ01 3, DQ03 7)" */
void ingest_account_line(strbuf *out, const char *display, const src_account *a);

#endif
