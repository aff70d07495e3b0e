/*
 * idcard.h - resident ID numbers (GB 11643-1999), SPEC §3.
 *
 * idcard_parse() normalizes one raw cell (trim, full-width -> half-width,
 * x -> X, drop a leading ' or tab and a surrounding ="...", remove inner
 * spaces), classifies it, upgrades 15 digits to 18, accepts a 20/22-char
 * 残疾人证号 (first 18 used), and validates check character and birth date.
 * Pure functions, no allocation.
 *
 * Order of checks (first match wins): empty -> DQ01; numeric xlsx cell ->
 * DQ05; 999999... -> DQ01; scientific notation -> DQ05; 15 digits -> upgrade
 * (DQ06 notice); 20/22 chars = ID + digits -> first 18 (DQ12 notice); then
 * for 18 chars: shape (DQ02), check character (DQ03), birth date real,
 * >= 1900-01-01 and <= ref date (DQ04).  So a 15-digit value with a bad date
 * is DQ04, and an ID with both a wrong check character and a bad date is
 * DQ03.  Anything else is DQ02.
 *
 * Packing: an 18-char ID packs into 64 bits as first17 * 11 + checkvalue
 * (checkvalue 0..10, X = 10); idcard_unpack() inverts it.
 */
#ifndef DZ_IDCARD_H
#define DZ_IDCARD_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/* Data-quality codes (SPEC §5).  0 = no finding. */
enum dq_code {
	DQ_NONE = 0,
	DQ01 = 1,  /* ID missing (empty or 999999 placeholder) - reject */
	DQ02,      /* ID malformed - reject */
	DQ03,      /* check character wrong - reject */
	DQ04,      /* birth date impossible - reject */
	DQ05,      /* destroyed by spreadsheet - reject */
	DQ06,      /* 15-digit upgraded - used */
	DQ07,      /* duplicate ID in roster - reject (run level) */
	DQ08,      /* malformed row - reject */
	DQ09,      /* invalid bytes - used */
	DQ10,      /* unrecognized vocabulary value - used */
	DQ11,      /* unparseable date/amount - used */
	DQ12,      /* 残疾人证号 - used */
	DQ13,      /* survey household not in roster - reject (run level) */
	DQ14,      /* footer or subtotal row - not a record, not rejected */
	DQ_COUNT
};
const char *dq_name(int code);        /* "DQ01" ... */
const char *dq_desc(int code);        /* Chinese description for quality.csv 说明 */
bool dq_rejects(int code);            /* true for codes that reject the row */

typedef struct idcard {
	char id[19];      /* normalized 18-char ID, NUL-terminated; valid when status == 0
	                     (also filled for DQ03/DQ04: the 18 chars checked; else "") */
	int status;       /* 0 = usable, else the rejecting DQ code (DQ01-DQ05) */
	int notice;       /* DQ06 or DQ12 when usable but noteworthy, else 0 */
	int32_t birth;    /* birth date, days since 1970-01-01 (valid when status == 0) */
	uint64_t key;     /* packed ID (valid when status == 0) */
} idcard;

/*
 * Parse a raw cell.  ref_days: reference date (days since 1970-01-01); a
 * birth date after it is DQ04.  numeric_cell: the cell was stored as a
 * number in xlsx -> DQ05 whatever it shows.  Returns out->status.
 */
int idcard_parse(const char *s, size_t n, int32_t ref_days, bool numeric_cell, idcard *out);
/*
 * The normalization step alone (for display, e.g. dz idcheck): writes at
 * most cap-1 bytes plus a NUL to out and returns the full normalized
 * length (which may exceed cap-1; a cut may split a UTF-8 sequence).
 * Characters other than spaces and full-width ASCII are kept as they are.
 */
size_t idcard_normalize(const char *s, size_t n, char *out, size_t cap);

/* Check character ('0'-'9' or 'X') for 17 digits. */
char idcard_check_char(const char *d17);
uint64_t idcard_pack(const char *id18);
void idcard_unpack(uint64_t key, char out[19]);
int idcard_age(int32_t birth, int32_t at);   /* full years at date `at` */
int idcard_sex(const char *id18);            /* 1 male, 2 female */
int idcard_region(const char *id18);         /* first 6 digits as int */

#endif
