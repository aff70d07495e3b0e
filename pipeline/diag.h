/*
 * diag.h - the one diagnostics module.
 *
 * Messages look like
 *   dz: ingest: '医保参保.csv': row 1203, column 证件号码: check character wrong
 * lowercase English for the tool's own words, the user's data quoted as is.
 *
 * Library code never exits: it fills a dzerr (exit status + message) and
 * returns -1; cmd/ decides what to print and how to exit.  die() is for cmd/
 * only.  BUG() reports a broken invariant with file:line and aborts.
 *
 * Exit statuses (SPEC §6).
 */
#ifndef DZ_DIAG_H
#define DZ_DIAG_H

#include <stdarg.h>

enum {
	DZ_EXIT_OK = 0,       /* completed (findings are results) */
	DZ_EXIT_IO = 1,       /* I/O or internal failure */
	DZ_EXIT_USAGE = 2,    /* usage or config error */
	DZ_EXIT_DATA = 3,     /* input data unusable */
};

typedef struct dzerr {
	int status;      /* DZ_EXIT_* ; 0 = no error recorded */
	char msg[1024];  /* full message without the "dz: " prefix, no newline */
} dzerr;

/* Record an error; returns -1 so library code can `return dzerr_set(...)`. */
int dzerr_set(dzerr *e, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

extern int diag_quiet;  /* -q: suppress warnings and informational output */

void diag_set_prefix(const char *stage);  /* e.g. "ingest" -> "dz: ingest: " */
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* returns -1 */
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));   /* silenced by -q */
_Noreturn void bug_fl(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

/* Print e->msg as an error line ("dz: <msg>") and return e->status. */
int dzerr_report(const dzerr *e);

#endif
