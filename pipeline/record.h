/*
 * record.h - canonical records (SPEC §4) and the sink interface that every
 * producer (ingest, the record-stream reader) pushes them into and every
 * consumer (the record-stream writer, the join) implements.
 *
 * A record holds, for each canonical field F_* of its kind, the normalized
 * text (v/n; "" when the cell is empty or the column is absent) and the
 * typed value (num; NUM_UNKNOWN when unknown).  A value that is present
 * but unknown - DQ10 (a word not in its vocabulary) or DQ11 (a date,
 * amount, year or count that cannot be read) - keeps its trimmed text with
 * num = NUM_UNKNOWN, so it is never taken for an empty cell where SPEC §4
 * gives empty a meaning (a med_enroll year `2023年度` is not "year empty"):
 *   FT_ID       v = 18-char ID (a 残疾人证号, DQ12: the ID and its 2 or 4
 *               trailing digits, 20 or 22 chars), num = packed key (uint64
 *               stored in int64) of the first 18
 *   FT_DATE     v = "YYYY-MM-DD", num = days since 1970-01-01
 *   FT_MONEY    v = "1234.50",    num = fen
 *   FT_YEAR     v = "2024",       num = year
 *   FT_COUNT    v = "3",          num = count
 *   FT_YESNO    v = "是"/"否"/"" (or the unrecognized text), num = YN_YES / YN_NO
 *   FT_VOCAB    v = trimmed original, num = class (vocab.h); a field that
 *               gives empty a meaning (monitor_type, school_status,
 *               dibao/tekun status) has num set for empty too
 *   FT_WATERWORD v = trimmed original, num = 1 if bad word else 0
 *   FT_TEXT     v = trimmed text (tabs/newlines -> space), num = NUM_UNKNOWN
 * Values never contain tab, CR or LF.
 *
 * Record lifetime: pointers are valid only during the sink call.
 */
#ifndef DZ_RECORD_H
#define DZ_RECORD_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "kinds.h"
#include "diag.h"
#include "util.h"

#define NUM_UNKNOWN INT64_MIN

typedef struct dzrec {
	int kind;                 /* KIND_* */
	long row;                 /* source row number (SPEC §5) */
	const char *v[F_COUNT];   /* normalized text per field ("" if empty/absent; the
	                           * trimmed text of a DQ10/DQ11 value) */
	uint32_t n[F_COUNT];      /* byte length of v[] */
	int64_t num[F_COUNT];     /* typed value or NUM_UNKNOWN */
} dzrec;

/* Per-source description, given to the sink before the first record. */
typedef struct src_info {
	int kind;                 /* KIND_* */
	const char *name;         /* source name (config section) or kind name */
	const char *file;         /* file name as shown in reports (来源位置) */
	const char *period;       /* "YYYY-MM" */
	bool present[F_COUNT];    /* which canonical fields had a column */
	size_t rows_hint;         /* estimated rows of the source, 0 = unknown: for
	                           * sizing tables up front, never a limit */
	/* what `dz sniff` shows, valid during begin() only (ingest sets them;
	 * header/colfield are NULL for XML, which maps by element name) */
	const struct rowsrc_info *rs; /* container, encoding, delimiter, sheet */
	long header_row;          /* row of the header, 0 = none */
	size_t ncols;             /* header cells */
	const struct rowcell *header; /* header cells (rowsrc.h) */
	const int *colfield;      /* F_* per header cell, -1 = not mapped */
} src_info;

/* Row account of one source (SPEC §5: read = used + rejected + footer). */
typedef struct src_account {
	long read, used, rejected;
	long footer;              /* footer and subtotal rows (DQ14): neither used nor rejected */
	long by_code[32];         /* findings per DQ code (index = code) */
	int fatal;                /* DZ_EXIT_* if the source could not be read to the end */
	char sheet[256];          /* workbook sheet read when not the first visible one, else "" */
} src_account;

/*
 * record() returns 0 when the row is used, a DQ code (> 0, e.g. DQ07 for a
 * duplicate roster ID, DQ13 for a survey household not in the roster) when
 * the consumer rejects the row - the producer then counts it as rejected and
 * logs that code against the key column - or -1 on a fatal error.
 * begin()/end() return 0 or -1.
 */
typedef struct rec_sink {
	int (*begin)(void *ctx, const src_info *info);
	int (*record)(void *ctx, const dzrec *r);
	int (*end)(void *ctx, const src_info *info, const src_account *acct);
	void *ctx;
} rec_sink;

/* Reset a record to all-unknown for `kind`. */
void rec_clear(dzrec *r, int kind);

/*
 * Normalize one raw value of field `field` of `kind` as the table above
 * says: append the normalized text and a NUL to out (the caller sets v/n
 * from the offset) and store the typed value in *num.  policy: the column
 * is a 享受…政策情况 column (vocab_policy).  numeric: the cell was a
 * numeric xlsx cell.  Returns 0, or the DQ code of a bad value: DQ01-DQ05
 * (ID unusable: reject), DQ10 (vocabulary or yes/no word not recognized:
 * trimmed text kept, num unknown), DQ11 (date, amount, year or count
 * unparseable, or a negative amount outside med_claims: trimmed text kept,
 * num unknown).  *notice gets
 * DQ06 or DQ12 for a usable ID, else 0.  Used by ingest and by
 * recstream_read, so a stream re-derives exactly what ingest produced.
 */
int rec_value(int kind, int field, bool policy, const char *s, size_t n, bool numeric,
              int32_t ref_days, strbuf *out, int64_t *num, int *notice);
/*
 * The same for ingest's hot path, without copying what needs no change.
 * A rec_field describes one column of a source (set up once with
 * rec_field_init).  When the normalized value is text that already exists
 * - the raw text itself (an ID, ISO date, amount, year or count already in
 * canonical form; a text or vocabulary value with nothing to trim at its
 * end and no tab, CR or LF; s must then be NUL-terminated at s[n]) or a
 * constant (是/否) - res->ref/refn give it (NUL-terminated) and nothing is
 * appended to out; otherwise res->ref = NULL and the value and a NUL are
 * appended as by rec_value.  Returns what rec_value returns.
 */
typedef struct rec_field {
	int kind;               /* KIND_* */
	int field;              /* F_* */
	enum ftype type;        /* field_type(field) */
	bool policy;            /* a 享受…政策情况 column (vocab_policy) */
	int32_t ref_days;       /* reference date R */
} rec_field;

typedef struct rec_val {
	int64_t num;            /* typed value or NUM_UNKNOWN */
	const char *ref;        /* the value when not appended to out, else NULL */
	uint32_t refn;          /* its length */
	int notice;             /* DQ06 or DQ12 for a usable ID, else 0 */
} rec_val;

void rec_field_init(rec_field *fs, int kind, int field, bool policy, int32_t ref_days);
int rec_value_ref(const rec_field *fs, const char *s, size_t n, bool numeric, strbuf *out,
                  rec_val *res);
/* Typed value of an empty cell or an absent column: the meaning SPEC §4
 * gives empty (monitor_type none, school_status not in school, dibao/tekun
 * status active), else NUM_UNKNOWN. */
int64_t rec_empty_num(int kind, int field);

/*
 * Record stream (docs/records.md): tab-separated text.
 *   #dz-records 2	kind=<kind>	source=<name>	file=<file>	period=<YYYY-MM>
 *   _row	<field>	<field> ...          (canonical field names present)
 *   <row>	<value>	...                  (a present-but-unknown value: ?<text>)
 *   #end	read=N	used=N	rejected=N	[DQxx=N ...]	[fatal=S]
 * recstream_writer is a rec_sink writing to a FILE*; recstream_read parses a
 * stream (file or "-") and pushes into any sink, re-deriving typed values.
 */
typedef struct recstream_writer recstream_writer;
recstream_writer *recstream_writer_new(void *fp /* FILE* */);
rec_sink recstream_writer_sink(recstream_writer *w);
int recstream_writer_error(const recstream_writer *w); /* errno of the first failed write, 0 if none */
void recstream_writer_free(recstream_writer *w);
struct quality_log;
/* Consumer rejections (see rec_sink.record) are logged to q with the given
 * source ordinal and counted in the account passed to end(). */
int recstream_read(const char *path, const rec_sink *sink, struct quality_log *q,
                   int source_ordinal, dzerr *err);

#endif
